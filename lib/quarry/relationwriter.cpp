// Writing through relations: objects reachable from relation properties join the session,
// pointers and lists decide foreign keys, many-to-many lists become association rows, and
// ON DELETE rules are mirrored in memory.

#include "relations_p.h"
#include "relationvalue_p.h"
#include "session_p.h"

#include <QSqlQuery>

namespace Quarry {

using Private::readToMany;
using Private::readToOne;

namespace {

// The targets a relation property holds right now.
QList<QObject *> currentTargets(QObject *owner, const RelationInfo &relation)
{
    if (relation.isToMany())
        return readToMany(owner, relation);
    QObject *target = readToOne(owner, relation);
    return target ? QList<QObject *>{target} : QList<QObject *>{};
}

} // namespace

void SessionPrivate::cascadeAdd()
{
    // Until nothing new turns up: a new object may bring relations of its own.
    QList<QObject *> pending;
    for (const EntryRef &ref : flushCandidates(true))
        pending.append(ref.object);
    while (!pending.isEmpty()) {
        QList<QObject *> added;
        for (QObject *owner : std::as_const(pending)) {
            const auto it = tracked.constFind(owner);
            if (it == tracked.cend() || it->image.removed)
                continue;
            for (const RelationInfo &relation : it->entity->relations()) {
                for (QObject *target : currentTargets(owner, relation)) {
                    // An object this session owns but no longer tracks was deleted or
                    // rolled back: a list or pointer still holding it must not bring it
                    // back (an explicit add() still can).
                    if (!tracked.contains(target) && target->parent() != q && q->add(target))
                        added.append(target);
                }
            }
        }
        pending = added;
    }
}

void SessionPrivate::collectParentLinks()
{
    parentLinks.clear();
    for (QObject *object : std::as_const(alwaysChecked)) {
        const auto it = tracked.find(object);
        if (it == tracked.end() || it->image.removed || it->entity->relations().isEmpty())
            continue;
        QObject *owner = it.key();
        for (const RelationInfo &relation : it->entity->relations()) {
            const EntityInfo *target = database.entity(relation.targetName());
            if (!target)
                continue;
            const PropertyInfo *foreignKey = Private::foreignKeyOf(*it->entity, relation, *target);
            if (!foreignKey && relation.kind() != RelationInfo::Kind::ManyToMany)
                continue; // unresolved: checkReferences() reports it
            switch (relation.kind()) {
            case RelationInfo::Kind::ManyToOne: {
                // The pointer decides while it is set; clearing it (after the session saw a
                // target) clears the key. A pointer never set leaves the key to the user.
                QObject *parent = readToOne(owner, relation);
                TrackedExtras &extras = it->extras();
                QObject *const *seen = extras.toOneSeen.find(&relation);
                const bool changed = seen ? *seen != parent : parent != nullptr;
                if (parent || (seen && *seen))
                    parentLinks[owner].append(ParentLink{foreignKey, parent, changed ? 2 : 0});
                extras.toOneSeen.insert(&relation, parent);
                break;
            }
            case RelationInfo::Kind::OneToOne:
                if (QObject *child = readToOne(owner, relation))
                    parentLinks[child].append(ParentLink{foreignKey, owner, 1});
                break;
            case RelationInfo::Kind::OneToMany:
                for (QObject *child : readToMany(owner, relation))
                    parentLinks[child].append(ParentLink{foreignKey, owner, 1});
                break;
            case RelationInfo::Kind::ManyToMany:
                break;
            }
        }
    }
}

void SessionPrivate::syncForeignKeys(QObject *object)
{
    const auto links = parentLinks.constFind(object);
    if (links == parentLinks.cend())
        return;
    // One link per key: the highest priority decides (see ParentLink).
    QHash<const PropertyInfo *, ParentLink> winners;
    for (const ParentLink &link : *links) {
        const auto current = winners.constFind(link.foreignKey);
        if (current == winners.cend() || link.priority > current->priority)
            winners.insert(link.foreignKey, link);
    }
    for (const ParentLink &link : std::as_const(winners)) {
        if (!link.parent) {
            if (!link.foreignKey->read(object).isNull())
                link.foreignKey->write(object, QVariant());
            continue;
        }
        const auto parent = tracked.constFind(link.parent);
        if (parent == tracked.cend() || !parent->image.inDatabase)
            continue; // not written yet: the key stays as it is, and the database judges
        const QVariant key = parent->entity->primaryKey().read(link.parent);
        if (link.foreignKey->read(object) != key)
            link.foreignKey->write(object, key);
    }
}

bool SessionPrivate::hasAssociationChanges() const
{
    for (QObject *object : std::as_const(alwaysChecked)) {
        const auto it = tracked.constFind(object);
        if (it == tracked.cend() || !it->image.inDatabase || it->image.removed)
            continue;
        for (const RelationInfo &relation : it->entity->relations()) {
            if (relation.kind() != RelationInfo::Kind::ManyToMany)
                continue;
            const QList<QObject *> targets = readToMany(it.key(), relation);
            const TrackedExtras *extras = it->findExtras();
            if (!extras || !extras->loadedRelations.contains(&relation)) {
                if (!targets.isEmpty())
                    return true;
                continue;
            }
            const QVariantList seen = extras->linksSeen.value(&relation);
            if (targets.size() != seen.size())
                return true;
            const EntityInfo *target = database.entity(relation.targetName());
            for (QObject *object : targets) {
                if (!seen.contains(target->primaryKey().read(object)))
                    return true;
            }
        }
    }
    return false;
}

bool SessionPrivate::writeAssociations(Error *error)
{
    const Private::Dialect *dialect = db->dialect;
    QSet<QString> written; // both sides of one association may list the same pair
    const QSet<QObject *> owners = alwaysChecked; // loading below may track more objects
    for (QObject *ownerObject : owners) {
        auto it = tracked.find(ownerObject);
        if (it == tracked.end() || !it->image.inDatabase || it->image.removed)
            continue;
        QObject *owner = it.key();
        const EntityInfo *entity = it->entity;
        for (const RelationInfo &relation : entity->relations()) {
            if (relation.kind() != RelationInfo::Kind::ManyToMany)
                continue;
            const EntityInfo *target = database.entity(relation.targetName());
            QList<QObject *> targets = readToMany(owner, relation);
            if (!it->findExtras() || !it->findExtras()->loadedRelations.contains(&relation)) {
                if (targets.isEmpty())
                    continue;
                // Never loaded: what the user put in the list is added to what is linked
                // already, never a replacement (that would delete links nobody saw).
                QList<QObject *> loaded;
                const QList<QObject *> wanted = targets;
                if (!loadRelation(entity, relation, {owner}, &loaded))
                    return *error = lastError, false;
                targets = readToMany(owner, relation);
                for (QObject *object : wanted) {
                    if (!targets.contains(object))
                        targets.append(object);
                }
                Private::writeToMany(owner, relation, targets);
                it = tracked.find(owner); // loading may have grown the hash
            }
            const TrackedExtras *extras = it->findExtras();
            const QVariantList seen =
                extras ? extras->linksSeen.value(&relation) : QVariantList();
            QVariantList now;
            for (QObject *object : targets) {
                const auto targetEntry = tracked.constFind(object);
                if (targetEntry == tracked.cend() || !targetEntry->image.inDatabase)
                    continue;
                now.append(target->primaryKey().read(object));
            }
            if (database.entity(relation.through())) {
                if (now.size() != seen.size() ||
                    !std::all_of(now.cbegin(), now.cend(),
                                 [&](const QVariant &key) { return seen.contains(key); })) {
                    // through() holds the entity's table once resolved: name the class.
                    *error =
                        Error(Error::ValidationError,
                              QStringLiteral("%1.%2 goes through the entity %3: add or remove %3 "
                                             "objects instead of changing the list")
                                  .arg(entity->className(), relation.name(),
                                       database.entity(relation.through())->className()));
                    return false;
                }
                continue;
            }
            const QVariant ownerKey = dialect->toDatabase(
                entity->primaryKey(), it->image.values.at(entity->primaryKeyIndex()));
            const QString table = dialect->quote(relation.through());
            const QString ownerColumn = dialect->quote(relation.ownerColumn());
            const QString targetColumn = dialect->quote(relation.targetColumn());
            // A refused link row names its relation, as describeForeignKeyError() does
            // for entity rows.
            auto linkFailed = [&]() {
                if (error->kind() == Error::ForeignKeyViolation)
                    *error = Error(error->kind(),
                                   error->message() +
                                       QStringLiteral(" (relation: %1.%2 through %3)")
                                           .arg(entity->className(), relation.name(),
                                                relation.through()),
                                   error->sql(), error->sqlError());
                return false;
            };
            // The owner's row changed (its links did).
            auto noteLinkChanged = [&]() {
                EntityChanges &changes = changesOf(entity);
                noteChanged(changes, changes.updated,
                            it->image.values.at(entity->primaryKeyIndex()));
            };
            auto pairName = [&](const QVariant &targetKey) {
                const QString a = relation.ownerColumn() + QLatin1Char('=') + ownerKey.toString();
                const QString b = relation.targetColumn() + QLatin1Char('=') + targetKey.toString();
                return relation.through() + QLatin1Char('|') + (a < b ? a + b : b + a);
            };
            for (const QVariant &key : std::as_const(now)) {
                const QVariant bound = dialect->toDatabase(target->primaryKey(), key);
                if (seen.contains(key) || written.contains(pairName(bound)))
                    continue;
                written.insert(pairName(bound));
                const QString sql = QStringLiteral("INSERT INTO ") + table + QStringLiteral(" (") +
                                    ownerColumn + QStringLiteral(", ") + targetColumn +
                                    QStringLiteral(") VALUES (?, ?)");
                if (!connection()->run(sql, {ownerKey, bound}, error))
                    return linkFailed();
                noteLinkChanged();
            }
            for (const QVariant &key : seen) {
                const QVariant bound = dialect->toDatabase(target->primaryKey(), key);
                if (now.contains(key) || written.contains(pairName(bound)))
                    continue;
                written.insert(pairName(bound));
                const QString sql = QStringLiteral("DELETE FROM ") + table +
                                    QStringLiteral(" WHERE ") + ownerColumn +
                                    QStringLiteral(" = ? AND ") + targetColumn +
                                    QStringLiteral(" = ?");
                if (!connection()->run(sql, {ownerKey, bound}, error))
                    return linkFailed();
                noteLinkChanged();
            }
            tracked[owner].extras().linksSeen.insert(&relation, now);
        }
    }
    return true;
}

void SessionPrivate::applyOnDelete(const EntityInfo *entity, const QVariant &key)
{
    const QList<const EntityInfo *> entities = database.entities();
    for (const EntityInfo *child : entities) {
        for (int index = 0; index < child->properties().size(); ++index) {
            const PropertyInfo &foreignKey = child->properties().at(index);
            if (foreignKey.references() != entity->className() &&
                foreignKey.references() != entity->tableName())
                continue;
            if (foreignKey.onDelete() != PropertyInfo::OnDelete::Cascade &&
                foreignKey.onDelete() != PropertyInfo::OnDelete::SetNull)
                continue;
            QList<QObject *> affected;
            for (auto it = tracked.cbegin(); it != tracked.cend(); ++it) {
                if (it->entity == child && it->image.inDatabase &&
                    it->image.values.at(index) == key)
                    affected.append(it.key());
            }
            for (QObject *object : std::as_const(affected)) {
                TrackedObject &entry = tracked[object];
                saveImage(object, entry);
                if (foreignKey.onDelete() == PropertyInfo::OnDelete::SetNull) {
                    foreignKey.write(object, QVariant());
                    entry.image.values.set(index, QVariant());
                    entry.extras().bulkValues.insert(index, QVariant());
                    continue;
                }
                // Cascade: gone with its parent, as if removed by a statement.
                const QVariant childKey = entry.image.values.at(child->primaryKeyIndex());
                entry.image.inDatabase = false;
                entry.image.removed = true;
                entry.bulkRemoved = true;
                identityMap[child].remove(mapKey(childKey));
                EntityChanges &changes = changesOf(child);
                noteChanged(changes, changes.removed, childKey);
                applyOnDelete(child, childKey);
            }
        }
    }
}

Error SessionPrivate::describeForeignKeyError(const Error &error, const EntityInfo *entity,
                                              bool deleting) const
{
    if (error.kind() != Error::ForeignKeyViolation)
        return error;
    QStringList relations;
    if (deleting) {
        // The keys that can refuse the delete: those that do not cascade, here or further
        // down a cascade (deleting an author cascades to books, whose reviews restrict).
        QList<const EntityInfo *> reached{entity};
        for (int i = 0; i < reached.size(); ++i) {
            const EntityInfo *parent = reached.at(i);
            for (const EntityInfo *child : database.entities()) {
                for (const PropertyInfo &property : child->properties()) {
                    if (property.references() != parent->className() &&
                        property.references() != parent->tableName())
                        continue;
                    if (property.onDelete() == PropertyInfo::OnDelete::Cascade) {
                        if (!reached.contains(child))
                            reached.append(child);
                    } else if (property.onDelete() != PropertyInfo::OnDelete::SetNull) {
                        relations << QStringLiteral("%1.%2 references %3")
                                         .arg(child->className(), property.name(),
                                              parent->className());
                    }
                }
            }
        }
    } else {
        for (const PropertyInfo &property : entity->properties()) {
            if (!property.references().isEmpty())
                relations << QStringLiteral("%1.%2 references %3")
                                 .arg(entity->className(), property.name(), property.references());
        }
    }
    if (relations.isEmpty())
        return error;
    return Error(error.kind(),
                 error.message() + QStringLiteral(" (relation: ") +
                     relations.join(QStringLiteral(", ")) + QLatin1Char(')'),
                 error.sql(), error.sqlError());
}

} // namespace Quarry
