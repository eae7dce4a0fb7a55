#pragma once

// Private: relation metadata that needs the registry (targets, inferred foreign keys,
// association tables), and the helpers the session and the SQL builder share.

#include "database.h"
#include "entityinfo.h"
#include "error.h"

namespace Quarry::Private {

// Resolves every relation of the registered entities: the target must be registered,
// the foreign key found (given with foreign_key= or the only candidate), association
// tables named. Errors name class and property.
bool resolveRelations(const Database &database, Error *error);

// The foreign-key property of a resolved relation (on the owner for ManyToOne, on the
// target for OneToOne and OneToMany); nullptr for ManyToMany.
const PropertyInfo *foreignKeyOf(const EntityInfo &owner, const RelationInfo &relation,
                                 const EntityInfo &target);

// An association table Quarry creates for a ManyToMany relation without an entity.
struct AssociationTable {
    QString name;
    QString ownerColumn;
    const EntityInfo *owner = nullptr;
    QString targetColumn;
    const EntityInfo *target = nullptr;
};
QList<AssociationTable> associationTables(const Database &database);

} // namespace Quarry::Private
