// Loading relations: lazily through Session::related*(), eagerly through Query::with().
// One statement per relation and level, whatever the number of owners (no N+1).

#include "relations_p.h"
#include "relationvalue_p.h"
#include "session_p.h"

#include <QSqlQuery>

namespace Quarry {

using Private::readToOne;
using Private::writeToMany;
using Private::writeToOne;

const RelationInfo *SessionPrivate::findRelation(const EntityInfo *entity, const QString &name,
                                                 const char *targetClass)
{
    if (!name.isEmpty()) {
        if (const RelationInfo *relation = entity->relation(name))
            return relation;
        fail(Error(Error::InvalidQuery,
                   QStringLiteral("%1 has no relation '%2'").arg(entity->className(), name)));
        return nullptr;
    }
    const RelationInfo *found = nullptr;
    for (const RelationInfo &relation : entity->relations()) {
        if (relation.targetName() != QLatin1String(targetClass))
            continue;
        if (found) {
            fail(Error(Error::InvalidQuery,
                       QStringLiteral("%1 has several relations to %2: name one")
                           .arg(entity->className(), QLatin1String(targetClass))));
            return nullptr;
        }
        found = &relation;
    }
    if (!found)
        fail(Error(Error::InvalidQuery, QStringLiteral("%1 has no relation to %2")
                                            .arg(entity->className(), QLatin1String(targetClass))));
    return found;
}

bool SessionPrivate::loadRelation(const EntityInfo *entity, const RelationInfo &relation,
                                  const QList<QObject *> &owners, QList<QObject *> *targets)
{
    if (!database.checkReferences())
        return fail(database.lastError());
    const EntityInfo *target = database.entity(relation.targetName());
    const Private::Dialect *dialect = db->dialect;
    const Private::SqlBuilder &targetBuilder = builder(target);
    const PropertyInfo *foreignKey = Private::foreignKeyOf(*entity, relation, *target);
    auto keyOf = [&](QObject *owner) {
        const auto it = tracked.constFind(owner);
        return it == tracked.cend() ? QVariant()
                                    : it->image.values.value(entity->primaryKeyIndex());
    };

    // The statement: targets by key (many-to-one), by foreign key (the other side), or
    // through the association table (many-to-many).
    QList<QObject *> ownersWithKey;
    QVariantList lookup;
    Private::Statement statement;
    Error error;
    if (relation.kind() == RelationInfo::Kind::ManyToOne) {
        for (QObject *owner : owners) {
            const QVariant key = foreignKey->read(owner);
            if (!key.isNull() && !lookup.contains(key) && !identityLookup(target, key))
                lookup.append(key);
        }
        QueryData query;
        query.entity = target;
        query.where = Field(target->primaryKey().name()).in(lookup);
        if (!lookup.isEmpty() && !targetBuilder.select(query, &statement, &error))
            return fail(error);
    } else {
        for (QObject *owner : owners) {
            const QVariant key = keyOf(owner);
            if (!key.isNull()) {
                ownersWithKey.append(owner);
                lookup.append(key);
            }
        }
        if (relation.kind() == RelationInfo::Kind::ManyToMany) {
            statement = targetBuilder.selectThroughAssociation(
                relation.through(), relation.ownerColumn(), relation.targetColumn(),
                entity->primaryKey(), lookup);
        } else {
            QueryData query;
            query.entity = target;
            query.where = Field(foreignKey->name()).in(lookup);
            query.orderBy.append({Field(target->primaryKey().name()), Qt::AscendingOrder});
            if (!lookup.isEmpty() && !targetBuilder.select(query, &statement, &error))
                return fail(error);
        }
    }

    // Run it: each row is a target, after the owner's key for many-to-many.
    QHash<QString, QList<QObject *>> byOwnerKey;
    if (!lookup.isEmpty()) {
        Private::Cursor query = connection()->runCursor(statement.sql, statement.values, &error);
        if (!query)
            return statementFailed(error);
        const bool linked = relation.kind() == RelationInfo::Kind::ManyToMany;
        QList<int> columns;
        for (int i = 0; i < target->properties().size(); ++i)
            columns.append(linked ? i + 1 : i);
        while (query.next()) {
            QObject *object = materialize(target, query, columns);
            QVariant ownerKey;
            if (linked)
                ownerKey = dialect->fromDatabase(entity->primaryKey(), query.value(0));
            else if (relation.kind() != RelationInfo::Kind::ManyToOne)
                ownerKey = foreignKey->read(object);
            byOwnerKey[identityKey(ownerKey)].append(object);
            if (!targets->contains(object))
                targets->append(object);
        }
        query.finish();
    }

    // Fill the relation properties, and remember what was seen.
    for (QObject *owner : owners) {
        TrackedObject &entry = tracked[owner];
        switch (relation.kind()) {
        case RelationInfo::Kind::ManyToOne: {
            const QVariant key = foreignKey->read(owner);
            QObject *object = key.isNull() ? nullptr : identityLookup(target, key);
            if (object && !targets->contains(object))
                targets->append(object);
            writeToOne(owner, relation, object);
            entry.extras().toOneSeen.insert(&relation, object);
            break;
        }
        case RelationInfo::Kind::OneToOne: {
            QObject *object = byOwnerKey.value(identityKey(keyOf(owner))).value(0);
            writeToOne(owner, relation, object);
            entry.extras().toOneSeen.insert(&relation, object);
            break;
        }
        case RelationInfo::Kind::OneToMany:
            writeToMany(owner, relation, byOwnerKey.value(identityKey(keyOf(owner))));
            break;
        case RelationInfo::Kind::ManyToMany: {
            const QList<QObject *> linked = byOwnerKey.value(identityKey(keyOf(owner)));
            writeToMany(owner, relation, linked);
            QVariantList keys;
            for (QObject *object : linked)
                keys.append(target->primaryKey().read(object));
            entry.extras().linksSeen.insert(&relation, keys);
            break;
        }
        }
        tracked[owner].extras().loadedRelations.insert(&relation);
    }
    return true;
}

QList<QObject *> SessionPrivate::materializeJoined(const EntityInfo *entity, Private::Cursor query,
                                                   const QList<const RelationInfo *> &relations)
{
    QList<const EntityInfo *> targets;
    QList<QList<int>> targetColumns;
    int next = int(entity->properties().size());
    for (const RelationInfo *relation : relations) {
        const EntityInfo *target = database.entity(relation->targetName());
        QList<int> columns;
        for (int i = 0; i < target->properties().size(); ++i)
            columns.append(next++);
        targets.append(target);
        targetColumns.append(columns);
    }
    QList<int> ownColumns;
    for (int i = 0; i < entity->properties().size(); ++i)
        ownColumns.append(i);

    QList<QObject *> objects;
    QList<QObject *> related(relations.size());
    while (query.next()) {
        // A new object gets its to-one targets before it is tracked: written afterwards,
        // its NOTIFY signal would make every loaded object a candidate of the next flush.
        ObjectImage image;
        QObject *object = materializeRow(entity, query, ownColumns, &image);
        objects.append(object);
        for (int r = 0; r < relations.size(); ++r) {
            const EntityInfo *target = targets.at(r);
            const int keyColumn = targetColumns.at(r).at(target->primaryKeyIndex());
            related[r] = query.isNull(keyColumn) ? nullptr
                                                 : materialize(target, query, targetColumns.at(r));
            writeToOne(object, *relations.at(r), related.at(r));
        }
        if (image.inDatabase)
            adopt(object, entity, image);
        for (int r = 0; r < relations.size(); ++r) {
            TrackedExtras &extras = tracked[object].extras();
            extras.toOneSeen.insert(relations.at(r), related.at(r));
            extras.loadedRelations.insert(relations.at(r));
        }
    }
    query.finish();
    return objects;
}

QObject *SessionPrivate::toOneTarget(QObject *object, const RelationInfo &relation) const
{
    return readToOne(object, relation);
}

bool SessionPrivate::loadPaths(const EntityInfo *entity, const QList<QObject *> &objects,
                               const QStringList &paths)
{
    for (const QString &path : paths) {
        const EntityInfo *current = entity;
        QList<QObject *> owners = objects;
        for (const QString &segment : path.split(QLatin1Char('.'))) {
            const RelationInfo *relation = current->relation(segment);
            if (!relation)
                return fail(Error(Error::InvalidQuery,
                                  QStringLiteral("with(\"%1\"): %2 has no relation '%3'")
                                      .arg(path, current->className(), segment)));
            QList<QObject *> targets;
            if (!owners.isEmpty() && !loadRelation(current, *relation, owners, &targets))
                return false;
            current = database.entity(relation->targetName());
            owners = targets;
        }
    }
    return true;
}

// --- Session's relation API ----------------------------------------------------------

namespace {

// The relation of a tracked object, loaded if the session has not loaded it yet.
const RelationInfo *loadedRelation(SessionPrivate *d, QObject *object, const QString &name,
                                   const char *targetClass)
{
    d->lastError = Error();
    const auto it = d->tracked.constFind(object);
    if (it == d->tracked.cend()) {
        d->fail(Error(Error::ValidationError, QStringLiteral("related(): the object is not in this session")));
        return nullptr;
    }
    const EntityInfo *entity = it->entity;
    const RelationInfo *relation = d->findRelation(entity, name, targetClass ? targetClass : "");
    if (!relation)
        return nullptr;
    const TrackedExtras *extras = it->findExtras();
    const bool loaded = extras && extras->loadedRelations.contains(relation);
    if (!loaded && it->image.inDatabase) {
        QList<QObject *> targets;
        if (!d->prepareRead() || !d->loadRelation(entity, *relation, {object}, &targets))
            return nullptr;
    }
    return relation;
}

} // namespace

QObject *Session::relatedObject(QObject *object, const QString &relation, const char *targetClass)
{
    const RelationInfo *info = loadedRelation(d.get(), object, relation, targetClass);
    if (!info)
        return nullptr;
    if (info->isToMany()) {
        d->fail(Error(Error::InvalidQuery, QStringLiteral("'%1' is a list: use relatedList()").arg(info->name())));
        return nullptr;
    }
    return Private::readToOne(object, *info);
}

QList<QObject *> Session::relatedObjects(QObject *object, const QString &relation,
                                         const char *targetClass)
{
    const RelationInfo *info = loadedRelation(d.get(), object, relation, targetClass);
    if (!info)
        return {};
    if (!info->isToMany()) {
        QObject *target = Private::readToOne(object, *info);
        return target ? QList<QObject *>{target} : QList<QObject *>{};
    }
    return Private::readToMany(object, *info);
}

} // namespace Quarry
