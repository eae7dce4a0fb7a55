// Reflection: entity metadata for tables no C++ class maps, read from the live schema.
// Their objects are Quarry::Record; everything else (sessions, queries, item models)
// works on them unchanged.

#include "database_p.h"
#include "entitybuilder_p.h"
#include "record.h"
#include "schema.h"

#include <QDate>
#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTime>
#include <QUuid>

namespace Quarry::Private {

namespace {

// The storage of an introspected SQL type (docs/dialects.md has the spellings).
PropertyInfo::Storage storageForType(const QString &sqlType, QMetaType *valueType, int *maxLength)
{
    using S = PropertyInfo::Storage;
    const QString type = sqlType.toUpper();
    static const QRegularExpression length(QStringLiteral("\\((\\d+)\\)"));
    const auto match = length.match(type);
    auto is = [&](const char *word) { return type.contains(QLatin1String(word)); };
    if (type == QLatin1String("BOOLEAN") || type == QLatin1String("BOOL")
        || type == QLatin1String("TINYINT(1)")) {
        *valueType = QMetaType::fromType<bool>();
        return S::Bool;
    }
    if (is("INT")) {
        *valueType = QMetaType::fromType<qint64>();
        return S::Int64;
    }
    if (is("REAL") || is("DOUBLE") || is("FLOAT") || is("NUMERIC") || is("DECIMAL")) {
        *valueType = QMetaType::fromType<double>();
        return S::Double;
    }
    if (is("BLOB") || is("BYTEA") || is("BINARY")) {
        *valueType = QMetaType::fromType<QByteArray>();
        return S::Bytes;
    }
    if (is("TIMESTAMP") || is("DATETIME")) {
        *valueType = QMetaType::fromType<QDateTime>();
        return S::DateTime;
    }
    if (type.startsWith(QLatin1String("DATE"))) {
        *valueType = QMetaType::fromType<QDate>();
        return S::Date;
    }
    if (type.startsWith(QLatin1String("TIME"))) {
        *valueType = QMetaType::fromType<QTime>();
        return S::Time;
    }
    if (type == QLatin1String("UUID")) {
        *valueType = QMetaType::fromType<QUuid>();
        return S::Uuid;
    }
    if (is("JSON")) {
        *valueType = QMetaType::fromType<QJsonDocument>();
        return S::JsonDocument;
    }
    if ((is("CHAR") || is("VARCHAR")) && match.hasMatch())
        *maxLength = match.captured(1).toInt();
    *valueType = QMetaType::fromType<QString>();
    return S::String;
}

} // namespace

std::unique_ptr<EntityInfo> EntityBuilder::entityForTable(const TableSchema &table, Error *error)
{
    if (table.primaryKey.size() != 1) {
        *error = Error(Error::Unsupported,
                       QStringLiteral("table '%1': only tables with a one-column primary key can "
                                      "be reflected")
                           .arg(table.name));
        return nullptr;
    }
    auto entity = std::make_unique<EntityInfo>();
    entity->m_metaObject = &Record::staticMetaObject;
    entity->m_className = table.name;
    entity->m_tableName = table.name;
    entity->m_reflected = true;
    entity->m_notifySignals = {Record::staticMetaObject.indexOfSignal("changed()")};
    for (const ColumnSchema &column : table.columns) {
        PropertyInfo property;
        property.m_name = column.name;
        property.m_column = column.name;
        property.m_recordIndex = int(entity->m_properties.size());
        property.m_storage = storageForType(column.type, &property.m_valueType, &property.m_maxLength);
        property.m_nullable = column.nullable && !column.primaryKey;
        property.m_primaryKey = column.name == table.primaryKey.constFirst();
        property.m_autoIncrement = column.autoIncrement;
        for (const IndexSchema &index : table.indexes) {
            if (index.columns == QStringList{column.name})
                (index.unique ? property.m_unique : property.m_indexed) = true;
        }
        for (const ForeignKeySchema &key : table.foreignKeys) {
            if (key.columns != QStringList{column.name})
                continue;
            property.m_references = key.referencedTable;
            if (key.onDelete == QLatin1String("CASCADE"))
                property.m_onDelete = PropertyInfo::OnDelete::Cascade;
            else if (key.onDelete == QLatin1String("SET NULL"))
                property.m_onDelete = PropertyInfo::OnDelete::SetNull;
            else if (key.onDelete == QLatin1String("RESTRICT"))
                property.m_onDelete = PropertyInfo::OnDelete::Restrict;
        }
        if (property.m_primaryKey)
            entity->m_primaryKeyIndex = int(entity->m_properties.size());
        entity->m_properties.append(property);
    }
    const EntityInfo *created = entity.get();
    entity->m_factory = [created] { return new Record(created); };
    return entity;
}

} // namespace Quarry::Private

namespace Quarry {

bool Database::reflect(QStringList *skipped)
{
    if (!isValid())
        return false;
    const Schema live = schema();
    if (live.error()) {
        d->setLastError(live.error());
        return false;
    }
    for (const TableSchema &table : live.tables()) {
        if (table.name == QLatin1String("quarry_migrations") || entity(table.name))
            continue;
        Error error;
        std::unique_ptr<EntityInfo> reflected = Private::EntityBuilder::entityForTable(table, &error);
        if (!reflected) {
            if (skipped)
                skipped->append(table.name);
            continue;
        }
        QMutexLocker locker(&d->registryMutex);
        d->entities.append(reflected.get());
        d->reflectedEntities.push_back(std::move(reflected));
    }
    return true;
}

} // namespace Quarry
