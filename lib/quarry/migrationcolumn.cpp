// ColumnDefinition: a column of a migration file, read from and written to JSON, made from
// an entity's property, and turned into the PropertyInfo the dialects take.
// Decisions (docs/migrations.md):
// - Keys are those of Q_CLASSINFO (max_length, null, default, unique, index, references,
//   on_delete) so a reader who knows the entity options knows the file; "type" is the
//   storage name (PropertyInfo::storageName: int64, string, datetime, ...). Unknown keys
//   are errors, as unknown Q_CLASSINFO options are.
// - A default is written as the JSON value closest to the plain value: numbers, booleans,
//   strings; dates and times as ISO text (date-times in UTC with milliseconds), bytes as
//   hex, JSON columns as the JSON itself. 64-bit integers beyond 2^53 as strings, so they
//   survive JSON's doubles.

#include "migrationcolumn_p.h"

#include "database.h"
#include "entitybuilder_p.h"
#include "entityinfo.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTime>
#include <QUuid>

namespace Quarry::Private {

using Storage = PropertyInfo::Storage;

namespace {

constexpr qint64 largestExactJsonInteger = qint64(1) << 53;

const QList<Storage> &allStorages()
{
    static const QList<Storage> storages = {
        Storage::Bool,       Storage::Int32,     Storage::Int64,        Storage::UInt32,
        Storage::Double,     Storage::String,    Storage::Bytes,        Storage::Date,
        Storage::Time,       Storage::DateTime,  Storage::Uuid,         Storage::JsonObject,
        Storage::JsonArray,  Storage::JsonDocument, Storage::EnumName, Storage::EnumInt};
    return storages;
}

QMetaType valueTypeOf(Storage storage)
{
    switch (storage) {
    case Storage::Bool: return QMetaType::fromType<bool>();
    case Storage::Int32: case Storage::EnumInt: return QMetaType::fromType<int>();
    case Storage::Int64: return QMetaType::fromType<qint64>();
    case Storage::UInt32: return QMetaType::fromType<uint>();
    case Storage::Double: return QMetaType::fromType<double>();
    case Storage::String: case Storage::EnumName: return QMetaType::fromType<QString>();
    case Storage::Bytes: return QMetaType::fromType<QByteArray>();
    case Storage::Date: return QMetaType::fromType<QDate>();
    case Storage::Time: return QMetaType::fromType<QTime>();
    case Storage::DateTime: return QMetaType::fromType<QDateTime>();
    case Storage::Uuid: return QMetaType::fromType<QUuid>();
    case Storage::JsonObject: return QMetaType::fromType<QJsonObject>();
    case Storage::JsonArray: return QMetaType::fromType<QJsonArray>();
    case Storage::JsonDocument: return QMetaType::fromType<QJsonDocument>();
    }
    return {};
}

bool integerFromJson(const QJsonValue &json, qint64 *value)
{
    bool ok = false;
    if (json.isDouble()) {
        const double number = json.toDouble();
        *value = qint64(number);
        ok = double(*value) == number;
    } else if (json.isString()) {
        *value = json.toString().toLongLong(&ok);
    }
    return ok;
}

// The plain value (as PropertyInfo::defaultValue holds it) of a JSON default.
bool defaultFromJson(Storage storage, const QJsonValue &json, QVariant *value)
{
    qint64 integer = 0;
    switch (storage) {
    case Storage::Bool:
        *value = json.toBool();
        return json.isBool();
    case Storage::Int32:
    case Storage::EnumInt:
        if (!integerFromJson(json, &integer) || integer != int(integer))
            return false;
        *value = int(integer);
        return true;
    case Storage::Int64:
        if (!integerFromJson(json, &integer))
            return false;
        *value = integer;
        return true;
    case Storage::UInt32:
        if (!integerFromJson(json, &integer) || integer < 0 || integer != qint64(uint(integer)))
            return false;
        *value = uint(integer);
        return true;
    case Storage::Double:
        *value = json.toDouble();
        return json.isDouble();
    case Storage::String:
    case Storage::EnumName:
        *value = json.toString();
        return json.isString();
    case Storage::Bytes: {
        const QByteArray hex = json.toString().toLatin1();
        *value = QByteArray::fromHex(hex);
        return json.isString() && value->toByteArray().toHex() == hex.toLower();
    }
    case Storage::Date:
        *value = QDate::fromString(json.toString(), Qt::ISODate);
        return value->toDate().isValid();
    case Storage::Time:
        *value = QTime::fromString(json.toString(), Qt::ISODateWithMs);
        return value->toTime().isValid();
    case Storage::DateTime:
        *value = QDateTime::fromString(json.toString(), Qt::ISODateWithMs).toUTC();
        return value->toDateTime().isValid();
    case Storage::Uuid:
        *value = QUuid::fromString(json.toString());
        return !value->toUuid().isNull();
    case Storage::JsonObject:
        *value = json.toObject();
        return json.isObject();
    case Storage::JsonArray:
        *value = json.toArray();
        return json.isArray();
    case Storage::JsonDocument:
        *value = json.isObject() ? QJsonDocument(json.toObject()) : QJsonDocument(json.toArray());
        return json.isObject() || json.isArray();
    }
    return false;
}

// A JSON value as text, for messages and the default's text.
QString jsonText(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

QJsonValue defaultToJson(Storage storage, const QVariant &value)
{
    switch (storage) {
    case Storage::Bool:
        return value.toBool();
    case Storage::Int32:
    case Storage::Int64:
    case Storage::UInt32:
    case Storage::EnumInt: {
        const qint64 number = value.toLongLong();
        if (qAbs(number) < largestExactJsonInteger)
            return double(number);
        return QString::number(number);
    }
    case Storage::Double:
        return value.toDouble();
    case Storage::String:
    case Storage::EnumName:
        return value.toString();
    case Storage::Bytes:
        return QString::fromLatin1(value.toByteArray().toHex());
    case Storage::Date:
        return value.toDate().toString(Qt::ISODate);
    case Storage::Time:
        return value.toTime().toString(Qt::ISODateWithMs);
    case Storage::DateTime:
        return value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
    case Storage::Uuid:
        return value.toUuid().toString(QUuid::WithoutBraces);
    case Storage::JsonObject:
        return value.toJsonObject();
    case Storage::JsonArray:
        return value.toJsonArray();
    case Storage::JsonDocument: {
        const QJsonDocument document = value.toJsonDocument();
        return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    }
    }
    return {};
}

QString onDeleteName(PropertyInfo::OnDelete onDelete)
{
    switch (onDelete) {
    case PropertyInfo::OnDelete::Cascade: return QStringLiteral("cascade");
    case PropertyInfo::OnDelete::Restrict: return QStringLiteral("restrict");
    case PropertyInfo::OnDelete::SetNull: return QStringLiteral("set_null");
    case PropertyInfo::OnDelete::NoAction: break;
    }
    return {};
}

} // namespace

bool storageFromName(const QString &name, PropertyInfo::Storage *storage)
{
    for (Storage candidate : allStorages()) {
        if (PropertyInfo::storageName(candidate) == name) {
            *storage = candidate;
            return true;
        }
    }
    return false;
}

QString onDeleteRule(PropertyInfo::OnDelete onDelete)
{
    return onDelete == PropertyInfo::OnDelete::NoAction
               ? QStringLiteral("NO ACTION")
               : onDeleteName(onDelete).toUpper().replace(QLatin1Char('_'), QLatin1Char(' '));
}

PropertyInfo::OnDelete onDeleteFromRule(const QString &rule)
{
    const QString normal = rule.toUpper().replace(QLatin1Char('_'), QLatin1Char(' '));
    if (normal == QLatin1String("CASCADE"))
        return PropertyInfo::OnDelete::Cascade;
    if (normal == QLatin1String("RESTRICT"))
        return PropertyInfo::OnDelete::Restrict;
    if (normal == QLatin1String("SET NULL"))
        return PropertyInfo::OnDelete::SetNull;
    return PropertyInfo::OnDelete::NoAction;
}

bool ColumnDefinition::fromJson(const QJsonObject &json, ColumnDefinition *column,
                                QString *problem)
{
    static const QSet<QString> keys = {
        QStringLiteral("name"),   QStringLiteral("type"),        QStringLiteral("max_length"),
        QStringLiteral("null"),   QStringLiteral("default"),     QStringLiteral("primary_key"),
        QStringLiteral("unique"), QStringLiteral("index"),       QStringLiteral("references"),
        QStringLiteral("auto_increment")};
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!keys.contains(it.key())) {
            *problem = QStringLiteral("unknown column key '%1'").arg(it.key());
            return false;
        }
    }
    ColumnDefinition result;
    result.name = json.value(QLatin1String("name")).toString();
    const QString type = json.value(QLatin1String("type")).toString();
    if (!storageFromName(type, &result.storage)) {
        *problem = QStringLiteral("column '%1': type '%2' is not a Quarry storage name (int64, "
                                  "string, datetime, ...)")
                       .arg(result.name, type);
        return false;
    }
    result.maxLength = json.value(QLatin1String("max_length")).toInt(-1);
    result.nullable = json.value(QLatin1String("null")).toBool();
    result.primaryKey = json.value(QLatin1String("primary_key")).toBool();
    result.autoIncrement = json.value(QLatin1String("auto_increment")).toBool();
    result.unique = json.value(QLatin1String("unique")).toBool();
    result.indexed = json.value(QLatin1String("index")).toBool();
    const QJsonValue defaultValue = json.value(QLatin1String("default"));
    if (!defaultValue.isUndefined() && !defaultValue.isNull()) {
        result.hasDefault = true;
        if (!defaultFromJson(result.storage, defaultValue, &result.defaultValue)) {
            *problem = QStringLiteral("column '%1': default %2 is not a valid %3")
                           .arg(result.name, jsonText(defaultValue), type);
            return false;
        }
    }
    const QJsonObject references = json.value(QLatin1String("references")).toObject();
    result.referencedTable = references.value(QLatin1String("table")).toString();
    result.referencedColumn = references.value(QLatin1String("column")).toString();
    const QString onDelete = references.value(QLatin1String("on_delete")).toString();
    result.onDelete = onDeleteFromRule(onDelete);
    if (result.name.isEmpty())
        *problem = QStringLiteral("a column without a name");
    else if (result.maxLength == 0 || result.maxLength < -1)
        *problem = QStringLiteral("column '%1': max_length must be positive").arg(result.name);
    else if (!onDelete.isEmpty() && onDeleteName(result.onDelete) != onDelete)
        *problem = QStringLiteral("column '%1': on_delete '%2': expected cascade, restrict or "
                                  "set_null")
                       .arg(result.name, onDelete);
    else if (json.contains(QLatin1String("references")) &&
             (result.referencedTable.isEmpty() || result.referencedColumn.isEmpty()))
        *problem = QStringLiteral("column '%1': references needs \"table\" and \"column\"")
                       .arg(result.name);
    if (!problem->isEmpty())
        return false;
    *column = result;
    return true;
}

QJsonObject ColumnDefinition::toJson() const
{
    QJsonObject json{{QStringLiteral("name"), name},
                     {QStringLiteral("type"), PropertyInfo::storageName(storage)}};
    if (maxLength > 0)
        json.insert(QStringLiteral("max_length"), maxLength);
    if (nullable)
        json.insert(QStringLiteral("null"), true);
    if (hasDefault)
        json.insert(QStringLiteral("default"), defaultToJson(storage, defaultValue));
    if (primaryKey)
        json.insert(QStringLiteral("primary_key"), true);
    if (autoIncrement)
        json.insert(QStringLiteral("auto_increment"), true);
    if (unique)
        json.insert(QStringLiteral("unique"), true);
    if (indexed)
        json.insert(QStringLiteral("index"), true);
    if (!referencedTable.isEmpty()) {
        QJsonObject references{{QStringLiteral("table"), referencedTable},
                               {QStringLiteral("column"), referencedColumn}};
        if (onDelete != PropertyInfo::OnDelete::NoAction)
            references.insert(QStringLiteral("on_delete"), onDeleteName(onDelete));
        json.insert(QStringLiteral("references"), references);
    }
    return json;
}

ColumnDefinition ColumnDefinition::fromProperty(const PropertyInfo &property,
                                                const Database &database)
{
    ColumnDefinition column;
    column.name = property.column();
    column.storage = property.storage();
    column.maxLength = property.maxLength();
    column.nullable = property.isNullable();
    column.primaryKey = property.isPrimaryKey();
    column.autoIncrement = property.isAutoIncrement();
    column.unique = property.isUnique() && !property.isPrimaryKey();
    column.indexed = property.isIndexed() && !property.isUnique() && !property.isPrimaryKey();
    column.hasDefault = property.hasDefault();
    column.defaultValue = property.defaultValue();
    if (!property.references().isEmpty()) {
        if (const EntityInfo *target = database.entity(property.references());
            target && target->primaryKeyIndex() >= 0) {
            column.referencedTable = target->tableName();
            column.referencedColumn = target->primaryKey().column();
        }
        column.onDelete = property.onDelete();
    }
    return column;
}

PropertyInfo ColumnDefinition::toProperty(bool keyPart) const
{
    return EntityBuilder::columnProperty(*this, keyPart);
}

// Declared in entitybuilder_p.h: EntityBuilder is the one class that fills PropertyInfo.
PropertyInfo EntityBuilder::columnProperty(const ColumnDefinition &column, bool keyPart)
{
    PropertyInfo property;
    property.m_name = column.name;
    property.m_column = column.name;
    property.m_valueType = valueTypeOf(column.storage);
    property.m_storage = column.storage;
    property.m_maxLength = column.maxLength;
    property.m_nullable = column.nullable;
    property.m_primaryKey = column.primaryKey;
    property.m_autoIncrement = column.autoIncrement && column.primaryKey;
    property.m_unique = column.unique;
    property.m_indexed = column.indexed || keyPart;
    if (column.hasDefault) {
        property.m_defaultText = jsonText(defaultToJson(column.storage, column.defaultValue));
        property.m_defaultValue = column.defaultValue;
    }
    property.m_references = column.referencedTable;
    property.m_onDelete = column.onDelete;
    return property;
}

ColumnSchema ColumnDefinition::expectedSchema(const Dialect &dialect, bool keyPart) const
{
    const PropertyInfo property = toProperty(keyPart);
    ColumnSchema schema;
    schema.name = name;
    schema.type = dialect.columnType(property).toUpper();
    schema.primaryKey = primaryKey || keyPart;
    schema.nullable = nullable && !schema.primaryKey;
    schema.autoIncrement = primaryKey && autoIncrement;
    if (hasDefault && !schema.autoIncrement)
        schema.defaultValue = dialect.literal(property, defaultValue);
    return schema;
}

bool ColumnDefinition::operator==(const ColumnDefinition &other) const
{
    return name == other.name && storage == other.storage && maxLength == other.maxLength &&
           nullable == other.nullable && primaryKey == other.primaryKey &&
           autoIncrement == other.autoIncrement && unique == other.unique &&
           indexed == other.indexed && hasDefault == other.hasDefault &&
           (!hasDefault || samePlainValue(storage, defaultValue, other.defaultValue)) &&
           referencedTable == other.referencedTable &&
           referencedColumn == other.referencedColumn && onDelete == other.onDelete;
}

} // namespace Quarry::Private
