#pragma once

// Private: the schema as migrations change it, in memory. Applying an operation gives
// what Schema::inspect() would report after it ran, in the spelling of the backend (the
// same rules as TableDefinition::expectedSchema). The planner needs it for SQLite's table
// rebuilds and for SQL printed without running (--sql); the diff applies the operations it
// proposes to the live schema and so checks that they reach the entities' schema.

#include "dialect_p.h"
#include "schema.h"

#include <QList>

namespace Quarry::Private {

struct Operation;

// Indexes and foreign keys sorted by name, as Schema::inspect() sorts them.
QUARRY_EXPORT void sortLikeSchema(TableSchema *table);

// MySQL: InnoDB's own index for a foreign key (named like the key, on its columns) comes
// and goes with other indexes; it is left out of comparisons.
QUARRY_EXPORT void removeImplicitKeyIndexes(const Dialect &dialect, TableSchema *table);
// MySQL: adds the index InnoDB makes for a foreign key that no index (or the primary
// key) starts with, as introspection then reports it.
QUARRY_EXPORT void addImplicitKeyIndexes(const Dialect &dialect, TableSchema *table);

class QUARRY_EXPORT SchemaModel
{
public:
    SchemaModel() = default;
    explicit SchemaModel(const QList<TableSchema> &tables) : m_tables(tables) {}

    const QList<TableSchema> &tables() const { return m_tables; }
    const TableSchema *table(const QString &name) const;
    TableSchema *table(const QString &name);

    // False and *problem when the operation does not fit the model (a table or column that
    // is not there, or is there already). An sql operation changes nothing here.
    bool apply(const Dialect &dialect, const Operation &operation, QString *problem);

private:
    QList<TableSchema> m_tables;
};

} // namespace Quarry::Private
