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
// - No RETURNING (the caller uses lastInsertId); OFFSET needs a LIMIT, the largest
//   unsigned 64-bit number means none. INSERT of defaults only is "() VALUES ()".
// - Errors are classified by errno (both client 2xxx and server codes).

#include "dialects_p.h"

namespace Quarry::Private {

namespace {

const QLatin1String textCollation(" CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");

bool isText(PropertyInfo::Storage storage)
{
    using S = PropertyInfo::Storage;
    return storage == S::String || storage == S::Uuid || storage == S::EnumName
        || storage == S::JsonObject || storage == S::JsonArray || storage == S::JsonDocument;
}

bool needsIndexableType(const PropertyInfo &property)
{
    return property.isUnique() || property.isIndexed() || property.isPrimaryKey();
}

} // namespace

QString MysqlDialect::quote(const QString &identifier) const
{
    return quoteWith(identifier, QLatin1Char('`'));
}

QString MysqlDialect::columnType(const PropertyInfo &property) const
{
    switch (property.storage()) {
    case PropertyInfo::Storage::Bool: return QStringLiteral("TINYINT(1)");
    case PropertyInfo::Storage::Int32:
    case PropertyInfo::Storage::EnumInt: return QStringLiteral("INT");
    case PropertyInfo::Storage::Int64:
    case PropertyInfo::Storage::UInt32: return QStringLiteral("BIGINT");
    case PropertyInfo::Storage::Double: return QStringLiteral("DOUBLE");
    case PropertyInfo::Storage::String:
        if (property.maxLength() > 0)
            return QStringLiteral("VARCHAR(%1)").arg(property.maxLength());
        return needsIndexableType(property) ? QStringLiteral("VARCHAR(255)")
                                            : QStringLiteral("LONGTEXT");
    case PropertyInfo::Storage::Bytes:
        return needsIndexableType(property) ? QStringLiteral("VARBINARY(255)")
                                            : QStringLiteral("LONGBLOB");
    case PropertyInfo::Storage::Date: return QStringLiteral("DATE");
    case PropertyInfo::Storage::Time: return QStringLiteral("TIME(3)");
    case PropertyInfo::Storage::DateTime: return QStringLiteral("DATETIME(3)");
    case PropertyInfo::Storage::Uuid: return QStringLiteral("CHAR(36)");
    case PropertyInfo::Storage::JsonObject:
    case PropertyInfo::Storage::JsonArray:
    case PropertyInfo::Storage::JsonDocument: return QStringLiteral("LONGTEXT");
    case PropertyInfo::Storage::EnumName: return QStringLiteral("VARCHAR(64)");
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
        if (message.contains(QLatin1String("server has gone away"), Qt::CaseInsensitive)
            || message.contains(QLatin1String("Lost connection"), Qt::CaseInsensitive))
            return Error::ConnectionError;
        return classifyWithoutCode(error);
    }
    // https://mariadb.com/kb/en/mariadb-error-codes/
    switch (code) {
    case 1062: case 1586: case 1022: // duplicate entry
        return Error::UniqueViolation;
    case 1048: case 1364: // column cannot be null, field has no default
        return Error::NotNullViolation;
    case 1451: case 1452: case 1216: case 1217: // parent row referenced / missing
        return Error::ForeignKeyViolation;
    case 3819: case 4025: // MySQL, MariaDB check constraint
        return Error::CheckViolation;
    case 1205: case 1213: // lock wait timeout, deadlock
        return Error::Busy;
    case 2002: case 2003: case 2005: case 2006: case 2013: case 2055: case 2026:
    case 1927: case 1053: case 1040: // client cannot reach or lost the server; shutdown
    case 1045: case 1044: case 1049: // login or database refused
        return Error::ConnectionError;
    case 1064: case 1054: case 1146: case 1149: // syntax, unknown column or table
    case 1050: case 1051: case 1060: case 1061: case 1091: case 1136: case 1142: case 1143:
    case 1210: // exists / unknown / column count / denied / bad arguments
    case 1406: case 1264: case 1366: case 1292: case 1265: case 1365:
        // bad data, the class 22 of PostgreSQL: too long, out of range, wrong value
        return Error::InvalidQuery;
    case 1235: // "this version doesn't yet support"
        return Error::Unsupported;
    default:
        return classifyWithoutCode(error);
    }
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

} // namespace Quarry::Private
