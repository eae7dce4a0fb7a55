#include "relations_p.h"

#include "entitybuilder_p.h"

#include <QMutex>

namespace Quarry::Private {

namespace {

// Resolution writes into the per-class metadata once; every database computes the same
// values, so a lock is enough to keep two of them from writing at the same time.
QMutex &resolveMutex()
{
    static QMutex mutex;
    return mutex;
}

bool references(const PropertyInfo &property, const EntityInfo &entity)
{
    return property.references() == entity.className() ||
           property.references() == entity.tableName();
}

QList<const PropertyInfo *> keysReferencing(const EntityInfo &from, const EntityInfo &to)
{
    QList<const PropertyInfo *> keys;
    for (const PropertyInfo &property : from.properties()) {
        if (references(property, to))
            keys.append(&property);
    }
    return keys;
}

} // namespace

const PropertyInfo *foreignKeyOf(const EntityInfo &owner, const RelationInfo &relation,
                                 const EntityInfo &target)
{
    switch (relation.kind()) {
    case RelationInfo::Kind::ManyToOne:
        return owner.property(relation.foreignKey());
    case RelationInfo::Kind::OneToOne:
    case RelationInfo::Kind::OneToMany:
        return target.property(relation.foreignKey());
    case RelationInfo::Kind::ManyToMany:
        break;
    }
    return nullptr;
}

class RelationResolver {
public:
    static bool resolve(const Database &database, Error *error);
};

bool resolveRelations(const Database &database, Error *error)
{
    return RelationResolver::resolve(database, error);
}

bool RelationResolver::resolve(const Database &database, Error *error)
{
    QMutexLocker locker(&resolveMutex());
    bool ok = true; // every relation is tried; the first problem is reported
    const QList<const EntityInfo *> entities = database.entities();
    for (const EntityInfo *entity : entities) {
        for (const RelationInfo &constRelation : entity->relations()) {
            // The per-class metadata is completed here, once its target is known.
            auto &relation = const_cast<RelationInfo &>(constRelation);
            auto fail = [&](const QString &message) {
                if (ok)
                    *error = Error(Error::RegistrationError,
                                   QStringLiteral("%1: relation '%2': %3")
                                       .arg(entity->className(), relation.name(), message));
                ok = false;
            };
            const EntityInfo *target = database.entity(relation.targetName());
            if (!target) {
                fail(QStringLiteral("%1 is not a registered entity").arg(relation.targetName()));
                continue;
            }

            if (relation.kind() == RelationInfo::Kind::ManyToMany) {
                const QString through = relation.through();
                if (const EntityInfo *association = database.entity(through)) {
                    const auto toOwner = keysReferencing(*association, *entity);
                    const auto toTarget = keysReferencing(*association, *target);
                    if (toOwner.size() != 1 || toTarget.size() != 1 || association == entity) {
                        fail(QStringLiteral("the association entity %1 needs exactly one "
                                            "foreign key to %2 and one to %3")
                                 .arg(association->className(), entity->className(),
                                      target->className()));
                        continue;
                    }
                    relation.m_through = association->tableName();
                    relation.m_ownerColumn = toOwner.first()->column();
                    relation.m_targetColumn = toTarget.first()->column();
                } else {
                    relation.m_ownerColumn =
                        EntityBuilder::snakeCase(entity->className()) + QStringLiteral("_id");
                    relation.m_targetColumn =
                        EntityBuilder::snakeCase(target->className()) + QStringLiteral("_id");
                    if (relation.m_ownerColumn == relation.m_targetColumn)
                        relation.m_targetColumn =
                            QStringLiteral("related_") + relation.m_targetColumn;
                }
                continue;
            }

            const bool toOne = !relation.isToMany();
            if (!relation.foreignKey().isEmpty()) {
                const PropertyInfo *own = toOne ? entity->property(relation.foreignKey()) : nullptr;
                const PropertyInfo *theirs = target->property(relation.foreignKey());
                if (own && references(*own, *target)) {
                    relation.m_kind = RelationInfo::Kind::ManyToOne;
                } else if (theirs && references(*theirs, *entity)) {
                    if (toOne)
                        relation.m_kind = RelationInfo::Kind::OneToOne;
                } else {
                    fail(QStringLiteral("foreign_key=%1 names no property with references=%2")
                             .arg(relation.foreignKey(),
                                  toOne ? target->className() : entity->className()));
                }
                continue;
            }
            const auto own =
                toOne ? keysReferencing(*entity, *target) : QList<const PropertyInfo *>();
            const auto theirs = keysReferencing(*target, *entity);
            if (own.size() == 1) {
                relation.m_kind = RelationInfo::Kind::ManyToOne;
                relation.m_foreignKey = own.first()->name();
            } else if (own.isEmpty() && theirs.size() == 1) {
                relation.m_kind =
                    toOne ? RelationInfo::Kind::OneToOne : RelationInfo::Kind::OneToMany;
                relation.m_foreignKey = theirs.first()->name();
            } else if (own.isEmpty() && theirs.isEmpty()) {
                fail(toOne ? QStringLiteral("missing foreign key: neither %1 nor %2 has a property "
                                            "with references= to the other")
                                 .arg(entity->className(), target->className())
                           : QStringLiteral("missing back-reference: %1 has no property with "
                                            "references=%2")
                                 .arg(target->className(), entity->className()));
            } else {
                fail(QStringLiteral("more than one foreign key could serve: name one with "
                                    "foreign_key="));
            }
        }
    }
    return ok;
}

QList<AssociationTable> associationTables(const Database &database)
{
    QList<AssociationTable> tables;
    const QList<const EntityInfo *> entities = database.entities();
    for (const EntityInfo *entity : entities) {
        for (const RelationInfo &relation : entity->relations()) {
            if (relation.kind() != RelationInfo::Kind::ManyToMany ||
                database.entity(relation.through()))
                continue;
            const bool known =
                std::any_of(tables.cbegin(), tables.cend(), [&](const AssociationTable &table) {
                    return table.name == relation.through();
                });
            if (known)
                continue; // the other side of the same association
            tables.append(AssociationTable{relation.through(), relation.ownerColumn(), entity,
                                           relation.targetColumn(),
                                           database.entity(relation.targetName())});
        }
    }
    return tables;
}

} // namespace Quarry::Private
