// MySQL / MariaDB (MariaDB 10.11, QMYSQL). Decisions (docs/dialects.md has the table):
// - Identifiers in `backticks`, embedded ` doubled. MySQL keeps 64 characters, but
//   generated names use the 63-byte limit of the other backends so they match everywhere.
// - Text is utf8mb4 (4-byte characters survive) with the utf8mb4_bin collation, so that
//   comparisons, UNIQUE and LIKE are case-sensitive as on SQLite and PostgreSQL: on every
//   text column, as the table default and for the connection.
// - Types: TINYINT(1) for bool (read back as bool by the property type), INT, BIGINT (also
//   quint32), DOUBLE, VARCHAR(n) with max_length else LONGTEXT. A string that is unique,
//   indexed or the primary key without max_length becomes VARCHAR(255): MySQL cannot index
//   TEXT without a prefix length (255 utf8mb4 characters fit InnoDB's 3072-byte key limit).
//   Bytes alike: LONGBLOB, VARBINARY(255) when indexed. DATE, TIME(3), DATETIME(3) holding
//   UTC (DATETIME is never converted by the session time zone, unlike TIMESTAMP, and
//   reaches 9999), CHAR(36) for UUIDs, VARCHAR(64) for enum names.
// - JSON is LONGTEXT. MariaDB's JSON round-trips too (tested), but it is only an alias of
//   LONGTEXT plus a JSON_VALID check that Quarry's always-valid JSON does not need, and
//   introspection reports it as longtext, so declaring JSON would show up as a schema
//   difference. (MySQL's binary JSON would also reorder keys and reformat.)
// - QMYSQL returns the text of utf8mb4_bin columns as QByteArray (they carry the binary
//   flag); fromDatabase() converts by the property's storage, so that is harmless.
// - Tables are InnoDB (foreign keys and transactions) with utf8mb4_bin as default.
// - Every connection: UTC session time zone, utf8mb4_bin, and a strict sql_mode so that a
//   bad value is an error rather than a silent truncation or a zero date; with
//   NO_AUTO_VALUE_ON_ZERO an explicit id 0 is stored as 0, as on the other backends.
// - Literals: backslash is an escape character in MySQL strings, so it is doubled too.
// - No RETURNING (the caller uses lastInsertId; multi-row INSERTs only where the keys are
//   known to be consecutive, insertkeys_p.h); OFFSET needs a LIMIT, the largest
//   unsigned 64-bit number means none. INSERT of defaults only is "() VALUES ()".
// - Errors are classified by errno (both client 2xxx and server codes).

#include "dialects_p.h"

#include <QHash>

namespace Quarry::Private {

namespace {

const QLatin1String textCollation(" CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");

bool isText(PropertyInfo::Storage storage)
{
    using S = PropertyInfo::Storage;
    return storage == S::String || storage == S::Uuid || storage == S::EnumName ||
           storage == S::JsonObject || storage == S::JsonArray || storage == S::JsonDocument;
}

bool needsIndexableType(const PropertyInfo &property)
{
    return property.isUnique() || property.isIndexed() || property.isPrimaryKey();
}

// Server (1xxx, 3xxx, 4xxx) and client (2xxx) error numbers.
// https://mariadb.com/kb/en/mariadb-error-codes/
const QHash<int, Error::Kind> &kindsByErrno()
{
    static const QHash<int, Error::Kind> kinds = [] {
        QHash<int, Error::Kind> map;
        const auto add = [&map](Error::Kind kind, std::initializer_list<int> codes) {
            for (int code : codes)
                map.insert(code, kind);
        };
        add(Error::UniqueViolation, {1062, 1586, 1022}); // duplicate entry
        add(Error::NotNullViolation, {1048, 1364});      // cannot be null, no default
        add(Error::ForeignKeyViolation, {1451, 1452, 1216, 1217});
        add(Error::CheckViolation, {3819, 4025}); // MySQL's, MariaDB's
        add(Error::Busy, {1205, 1213});           // lock wait timeout, deadlock
        // Cannot reach or lost the server, server shutdown, too many connections; login
        // or database refused.
        add(Error::ConnectionError,
            {2002, 2003, 2005, 2006, 2013, 2026, 2055, 1927, 1053, 1040, 1045, 1044, 1049});
        // Syntax, unknown or existing table/column/index, column count, access denied,
        // bad statement arguments.
        add(Error::InvalidQuery,
            {1064, 1054, 1146, 1149, 1050, 1051, 1060, 1061, 1091, 1136, 1142, 1143, 1210});
        // Bad data, PostgreSQL's class 22: too long, out of range, wrong value, truncated,
        // division by zero.
        add(Error::InvalidQuery, {1406, 1264, 1366, 1292, 1265, 1365});
        add(Error::Unsupported, {1235}); // "this version doesn't yet support"
        return map;
    }();
    return kinds;
}

} // namespace

QString MysqlDialect::quote(const QString &identifier) const
{
    return quoteWith(identifier, QLatin1Char('`'));
}

QString MysqlDialect::columnType(const PropertyInfo &property) const
{
    switch (property.storage()) {
    case PropertyInfo::Storage::Bool:
        return QStringLiteral("TINYINT(1)");
    case PropertyInfo::Storage::Int32:
    case PropertyInfo::Storage::EnumInt:
        return QStringLiteral("INT");
    case PropertyInfo::Storage::Int64:
    case PropertyInfo::Storage::UInt32:
        return QStringLiteral("BIGINT");
    case PropertyInfo::Storage::Double:
        return QStringLiteral("DOUBLE");
    case PropertyInfo::Storage::String:
        if (property.maxLength() > 0)
            return QStringLiteral("VARCHAR(%1)").arg(property.maxLength());
        return needsIndexableType(property) ? QStringLiteral("VARCHAR(255)")
                                            : QStringLiteral("LONGTEXT");
    case PropertyInfo::Storage::Bytes:
        return needsIndexableType(property) ? QStringLiteral("VARBINARY(255)")
                                            : QStringLiteral("LONGBLOB");
    case PropertyInfo::Storage::Date:
        return QStringLiteral("DATE");
    case PropertyInfo::Storage::Time:
        return QStringLiteral("TIME(3)");
    case PropertyInfo::Storage::DateTime:
        return QStringLiteral("DATETIME(3)");
    case PropertyInfo::Storage::Uuid:
        return QStringLiteral("CHAR(36)");
    case PropertyInfo::Storage::JsonObject:
    case PropertyInfo::Storage::JsonArray:
    case PropertyInfo::Storage::JsonDocument:
        return QStringLiteral("LONGTEXT");
    case PropertyInfo::Storage::EnumName:
        return QStringLiteral("VARCHAR(64)");
    }
    return QStringLiteral("LONGTEXT");
}

QStringList MysqlDialect::connectionSetup() const
{
    return {QStringLiteral("SET time_zone = '+00:00'"),
            QStringLiteral("SET NAMES utf8mb4 COLLATE utf8mb4_bin"),
            QStringLiteral("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,"
                           "NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,"
                           "NO_AUTO_VALUE_ON_ZERO'")};
}

QString MysqlDialect::insertDefaultValues(const QString &quotedTable) const
{
    return QLatin1String("INSERT INTO ") + quotedTable + QLatin1String(" () VALUES ()");
}

Error::Kind MysqlDialect::classify(const QSqlError &error) const
{
    bool numeric = false;
    const int code = error.nativeErrorCode().toInt(&numeric);
    if (!numeric) {
        const QString message = error.text();
        if (message.contains(QLatin1String("server has gone away"), Qt::CaseInsensitive) ||
            message.contains(QLatin1String("Lost connection"), Qt::CaseInsensitive))
            return Error::ConnectionError;
        return classifyWithoutCode(error);
    }
    return kindsByErrno().value(code, classifyWithoutCode(error));
}

QString MysqlDialect::autoIncrementKey(const PropertyInfo &property) const
{
    return columnType(property) + QLatin1String(" NOT NULL AUTO_INCREMENT PRIMARY KEY");
}

QString MysqlDialect::columnTypeSuffix(const PropertyInfo &property) const
{
    return isText(property.storage()) ? QString(textCollation) : QString();
}

QString MysqlDialect::tableOptions() const
{
    return QStringLiteral(" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
}

QString MysqlDialect::offsetOnlyClause(qint64 offset) const
{
    return QLatin1String(" LIMIT 18446744073709551615 OFFSET ") + QString::number(offset);
}

QString MysqlDialect::stringLiteral(const QString &text) const
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

QString MysqlDialect::jsonArrayElements(const PropertyInfo &property) const
{
    if (!travelsInJson(property.storage()))
        return {};
    // JSON_TABLE (MariaDB 10.6+) columns take the column's type and, for text, its
    // case-sensitive collation, so the comparison means what `=` means on the column.
    QString type = columnType(property);
    if (type.startsWith(QLatin1String("LONGTEXT")))
        type = QStringLiteral("VARCHAR(16383)");
    return QStringLiteral("SELECT element FROM JSON_TABLE(?, '$[*]' COLUMNS (element %1%2 PATH '$')) AS elements")
        .arg(type, columnTypeSuffix(property));
}

} // namespace Quarry::Private
