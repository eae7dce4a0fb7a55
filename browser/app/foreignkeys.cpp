#include "foreignkeys.h"

#include "databasecontext.h"

#include <quarry/database.h>
#include <quarry/entityinfo.h>

namespace QuarryBrowser {

bool ForeignKey::operator==(const ForeignKey &other) const
{
    return entity == other.entity && property == other.property &&
           referencedEntity == other.referencedEntity &&
           referencedProperty == other.referencedProperty;
}

bool Location::operator==(const Location &other) const
{
    return entity == other.entity && key == other.key && column == other.column;
}

ForeignKeys::ForeignKeys(const DatabaseContext *context)
    : ForeignKeys(context ? context->database() : Quarry::Database())
{
}

ForeignKeys::ForeignKeys(const Quarry::Database &database)
{
    if (!database.isValid())
        return;
    const QList<const Quarry::EntityInfo *> entities = database.entities();
    for (const Quarry::EntityInfo *entity : entities)
        m_aliases.append({entity->tableName(), entity->className()});
    for (const Quarry::EntityInfo *entity : entities) {
        for (const Quarry::PropertyInfo &property : entity->properties()) {
            if (property.references().isEmpty())
                continue;
            // `references=` names a class, reflection a table; entity() takes both.
            const Quarry::EntityInfo *target = database.entity(property.references());
            if (!target || target->primaryKeyIndex() < 0)
                continue;
            m_keys.append({entity->className(), property.name(), target->className(),
                           target->primaryKey().name()});
        }
    }
}

QString ForeignKeys::canonicalName(const QString &entity) const
{
    for (const auto &[table, name] : m_aliases) {
        if (name == entity)
            return name;
    }
    for (const auto &[table, name] : m_aliases) {
        if (table == entity)
            return name;
    }
    return entity;
}

QList<ForeignKey> ForeignKeys::outgoing(const QString &entity) const
{
    const QString name = canonicalName(entity);
    QList<ForeignKey> keys;
    for (const ForeignKey &key : m_keys) {
        if (key.entity == name)
            keys.append(key);
    }
    return keys;
}

QList<ForeignKey> ForeignKeys::incoming(const QString &entity) const
{
    const QString name = canonicalName(entity);
    QList<ForeignKey> keys;
    for (const ForeignKey &key : m_keys) {
        if (key.referencedEntity == name)
            keys.append(key);
    }
    return keys;
}

const ForeignKey *ForeignKeys::find(const QString &entity, const QString &property) const
{
    const QString name = canonicalName(entity);
    for (const ForeignKey &key : m_keys) {
        if (key.entity == name && key.property == property)
            return &key;
    }
    return nullptr;
}

Location ForeignKeys::target(const QString &entity, const QString &property,
                             const QVariant &value) const
{
    const ForeignKey *key = find(entity, property);
    if (!key || !value.isValid() || value.isNull())
        return {};
    return {key->referencedEntity, value, key->referencedProperty};
}

} // namespace QuarryBrowser
