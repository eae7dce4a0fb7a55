#pragma once

// Private: the SQL of migration operations for one backend. The planner keeps the schema
// as it will be after each planned operation (SchemaModel), so that SQLite's table rebuilds
// know the table they rebuild, and so that the SQL of several migrations can be printed
// without running any of it.

#include "migrationoperation_p.h"
#include "schemamodel_p.h"
#include "sqliterebuild_p.h"

namespace Quarry::Private {

// One statement and the operation it belongs to ("addColumn items.status").
struct PlannedStep {
    QString sql;
    QString operation;
};

class QUARRY_EXPORT MigrationPlanner
{
public:
    MigrationPlanner(const Dialect &dialect, const SchemaModel &model,
                     const SqliteCatalog &catalog = {});

    // Appends the statements of `operation` to *steps and applies it to the model. False
    // and *problem when it cannot run on this schema or backend (no SQL is planned then).
    bool plan(const Operation &operation, QList<PlannedStep> *steps, QString *problem);

    // True when a SQLite table rebuild was planned since the last reset: the migration
    // must then run with foreign keys off and end with a foreign key check.
    bool rebuilds() const { return m_rebuilds; }
    void resetRebuilds() { m_rebuilds = false; }
    const SchemaModel &model() const { return m_model; }

private:
    bool rebuild(const QString &table, const SchemaModel &after, QStringList *statements,
                 QString *problem);
    bool planAlterColumn(const Operation &operation, const SchemaModel &after,
                         QStringList *statements, QString *problem);

    const Dialect &m_dialect;
    SchemaModel m_model;
    SqliteCatalog m_catalog;
    bool m_rebuilds = false;
};

} // namespace Quarry::Private
