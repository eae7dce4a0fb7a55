// Comparing what introspection reports with what a column should be, per backend, and
// mapping a reported column back to a dialect-neutral one. Decisions (docs/migrations.md):
// - SQLite types compare by affinity (https://sqlite.org/datatype3.html#affinity_name_examples):
//   SQLite stores by affinity and ignores lengths, so VARCHAR(50) and TEXT are the same
//   column there, INTEGER and TEXT are not.
// - Server types compare by their canonical spelling (the inspectors already shorten the
//   long forms), with the few aliases a hand-written table may use (INT4, BOOL, ...).
// - Defaults compare as values of the column's type: PostgreSQL reports 'x'::text and a
//   normalised time stamp, MariaDB bare numbers, SQLite the text as written; all mean the
//   same default. A default that is an expression (CURRENT_TIMESTAMP) compares as text.
// - The reverse mapping accepts a storage only when it gives the reported type back, so
//   an operation recreating a column (the inverse of dropColumn) recreates that type.

#include "migrationcolumn_p.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUuid>

namespace Quarry::Private {

using Storage = PropertyInfo::Storage;
using Backend = Database::Backend;

namespace {

QString sqliteAffinity(const QString &type)
{
    const QString upper = type.toUpper();
    if (upper.contains(QLatin1String("INT")))
        return QStringLiteral("INTEGER");
    if (upper.contains(QLatin1String("CHAR")) || upper.contains(QLatin1String("CLOB")) ||
        upper.contains(QLatin1String("TEXT")))
        return QStringLiteral("TEXT");
    if (upper.contains(QLatin1String("BLOB")) || upper.trimmed().isEmpty())
        return QStringLiteral("BLOB");
    if (upper.contains(QLatin1String("REAL")) || upper.contains(QLatin1String("FLOA")) ||
        upper.contains(QLatin1String("DOUB")))
        return QStringLiteral("REAL");
    return QStringLiteral("NUMERIC");
}

QString canonicalServerType(Backend backend, const QString &type)
{
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    QString canonical = type.toUpper().trimmed();
    canonical.replace(spaces, QStringLiteral(" "));
    canonical.remove(QLatin1String(" WITHOUT TIME ZONE"));
    canonical.replace(QLatin1String("CHARACTER VARYING"), QLatin1String("VARCHAR"));
    static const QHash<QString, QString> postgresql = {
        {QStringLiteral("INT"), QStringLiteral("INTEGER")},
        {QStringLiteral("INT4"), QStringLiteral("INTEGER")},
        {QStringLiteral("INT8"), QStringLiteral("BIGINT")},
        {QStringLiteral("INT2"), QStringLiteral("SMALLINT")},
        {QStringLiteral("BOOL"), QStringLiteral("BOOLEAN")},
        {QStringLiteral("FLOAT8"), QStringLiteral("DOUBLE PRECISION")},
        {QStringLiteral("FLOAT"), QStringLiteral("DOUBLE PRECISION")},
        {QStringLiteral("FLOAT4"), QStringLiteral("REAL")},
    };
    static const QHash<QString, QString> mysql = {
        {QStringLiteral("INTEGER"), QStringLiteral("INT")},
        {QStringLiteral("BOOL"), QStringLiteral("TINYINT(1)")},
        {QStringLiteral("BOOLEAN"), QStringLiteral("TINYINT(1)")},
        {QStringLiteral("DOUBLE PRECISION"), QStringLiteral("DOUBLE")},
        {QStringLiteral("REAL"), QStringLiteral("DOUBLE")},
    };
    const QHash<QString, QString> &aliases = backend == Backend::MySQL ? mysql : postgresql;
    return aliases.value(canonical, canonical);
}

// 'it''s' -> it's (MySQL also un-escapes backslashes); null when not a quoted literal.
QString unquoted(const QString &literal, Backend backend)
{
    if (literal.size() < 2 || !literal.startsWith(QLatin1Char('\'')) ||
        !literal.endsWith(QLatin1Char('\'')))
        return {};
    QString text = literal.mid(1, literal.size() - 2);
    if (backend == Backend::MySQL) {
        QString plain;
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (text.at(i) == QLatin1Char('\\') && i + 1 < text.size())
                ++i;
            plain += text.at(i);
        }
        text = plain;
    }
    text.replace(QLatin1String("''"), QLatin1String("'"));
    return text.isNull() ? QStringLiteral("") : text;
}

QJsonDocument jsonDocument(const QVariant &value)
{
    switch (value.metaType().id()) {
    case QMetaType::QJsonObject:
        return QJsonDocument(value.toJsonObject());
    case QMetaType::QJsonArray:
        return QJsonDocument(value.toJsonArray());
    case QMetaType::QJsonDocument:
        return value.toJsonDocument();
    default:
        return QJsonDocument::fromJson(value.toString().toUtf8());
    }
}

} // namespace

bool sameColumnType(const Dialect &dialect, const QString &a, const QString &b)
{
    if (dialect.backend() == Backend::SQLite)
        return sqliteAffinity(a) == sqliteAffinity(b);
    return canonicalServerType(dialect.backend(), a) == canonicalServerType(dialect.backend(), b);
}

QVariant plainDefault(const Dialect &dialect, const ColumnDefinition &column,
                      const QString &reported)
{
    static const QRegularExpression number(
        QStringLiteral("^[-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?$"));
    const QString text = reported.trimmed();
    if (text.isEmpty())
        return {};
    const PropertyInfo property = column.toProperty();
    if (column.storage == Storage::Bytes) {
        QString hex;
        if (text.startsWith(QLatin1String("X'"), Qt::CaseInsensitive))
            hex = text.mid(2).chopped(1);
        else if (const QString content = unquoted(text, dialect.backend());
                 content.startsWith(QLatin1String("\\x")))
            hex = content.mid(2);
        else
            return {};
        return QByteArray::fromHex(hex.toLatin1());
    }
    QString value = unquoted(text, dialect.backend());
    if (value.isNull()) {
        // Unquoted: a number, or a boolean keyword; anything else is an expression.
        const bool keyword = text.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0 ||
                             text.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0;
        if (!number.match(text).hasMatch() && !keyword)
            return {};
        value = text;
    }
    const QVariant plain = dialect.fromDatabase(property, value);
    return plain;
}

bool samePlainValue(Storage storage, const QVariant &a, const QVariant &b)
{
    if (a.isNull() || b.isNull())
        return a.isNull() == b.isNull();
    switch (storage) {
    case Storage::Bool:
        return a.toBool() == b.toBool();
    case Storage::Int32:
    case Storage::Int64:
    case Storage::UInt32:
    case Storage::EnumInt:
        return a.toLongLong() == b.toLongLong();
    case Storage::Double:
        return qFuzzyCompare(1.0 + a.toDouble(), 1.0 + b.toDouble());
    case Storage::DateTime:
        return a.toDateTime().toUTC() == b.toDateTime().toUTC();
    case Storage::Date:
        return a.toDate() == b.toDate();
    case Storage::Time:
        return a.toTime() == b.toTime();
    case Storage::Uuid:
        return a.toUuid() == b.toUuid();
    case Storage::Bytes:
        return a.toByteArray() == b.toByteArray();
    case Storage::JsonObject:
    case Storage::JsonArray:
    case Storage::JsonDocument:
        return jsonDocument(a) == jsonDocument(b);
    case Storage::String:
    case Storage::EnumName:
        return a.toString() == b.toString();
    }
    return a == b;
}

bool sameDefault(const Dialect &dialect, const ColumnDefinition &column, const QString &reported)
{
    if (column.primaryKey && column.autoIncrement)
        return true; // the key's sequence is no default (the inspectors agree)
    if (!column.hasDefault)
        return reported.isNull();
    if (reported.isNull())
        return false;
    const QVariant plain = plainDefault(dialect, column, reported);
    if (plain.isValid())
        return samePlainValue(column.storage, plain, column.defaultValue);
    const QString expected = dialect.literal(column.toProperty(), column.defaultValue);
    return expected.compare(reported.trimmed(), Qt::CaseInsensitive) == 0;
}

bool ColumnDefinition::fromSchema(const Dialect &dialect, const ColumnSchema &schema,
                                  ColumnDefinition *column)
{
    static const QRegularExpression varchar(QStringLiteral("^VARCHAR\\((\\d+)\\)$"));
    const Backend backend = dialect.backend();
    const QString type = backend == Backend::SQLite ? sqliteAffinity(schema.type)
                                                    : canonicalServerType(backend, schema.type);
    ColumnDefinition result;
    result.name = schema.name;
    result.nullable = schema.nullable;
    result.primaryKey = schema.primaryKey;
    result.autoIncrement = schema.autoIncrement;
    static const QHash<QString, Storage> sqlite = {
        {QStringLiteral("INTEGER"), Storage::Int64}, {QStringLiteral("TEXT"), Storage::String},
        {QStringLiteral("REAL"), Storage::Double},   {QStringLiteral("BLOB"), Storage::Bytes}};
    static const QHash<QString, Storage> postgresql = {
        {QStringLiteral("BOOLEAN"), Storage::Bool},
        {QStringLiteral("INTEGER"), Storage::Int32},
        {QStringLiteral("BIGINT"), Storage::Int64},
        {QStringLiteral("DOUBLE PRECISION"), Storage::Double},
        {QStringLiteral("TEXT"), Storage::String},
        {QStringLiteral("BYTEA"), Storage::Bytes},
        {QStringLiteral("DATE"), Storage::Date},
        {QStringLiteral("TIME(3)"), Storage::Time},
        {QStringLiteral("TIMESTAMP(3)"), Storage::DateTime},
        {QStringLiteral("UUID"), Storage::Uuid},
        {QStringLiteral("JSONB"), Storage::JsonDocument}};
    static const QHash<QString, Storage> mysql = {
        {QStringLiteral("TINYINT(1)"), Storage::Bool},
        {QStringLiteral("INT"), Storage::Int32},
        {QStringLiteral("BIGINT"), Storage::Int64},
        {QStringLiteral("DOUBLE"), Storage::Double},
        {QStringLiteral("LONGTEXT"), Storage::String},
        {QStringLiteral("LONGBLOB"), Storage::Bytes},
        {QStringLiteral("DATE"), Storage::Date},
        {QStringLiteral("TIME(3)"), Storage::Time},
        {QStringLiteral("DATETIME(3)"), Storage::DateTime},
        {QStringLiteral("CHAR(36)"), Storage::Uuid}};
    const QHash<QString, Storage> &storages =
        backend == Backend::SQLite ? sqlite : backend == Backend::MySQL ? mysql : postgresql;
    if (const QRegularExpressionMatch match = varchar.match(type);
        backend != Backend::SQLite && match.hasMatch()) {
        result.storage = Storage::String;
        result.maxLength = match.captured(1).toInt();
    } else if (storages.contains(type)) {
        result.storage = storages.value(type);
    } else {
        return false;
    }
    if (!schema.defaultValue.isNull() && !schema.autoIncrement) {
        result.defaultValue = plainDefault(dialect, result, schema.defaultValue);
        result.hasDefault = true;
        if (!result.defaultValue.isValid())
            return false; // an expression: no dialect-neutral spelling
    }
    if (!sameColumnType(dialect, result.expectedSchema(dialect).type, schema.type))
        return false;
    *column = result;
    return true;
}

} // namespace Quarry::Private
