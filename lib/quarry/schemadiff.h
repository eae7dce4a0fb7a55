#pragma once

#include "database.h"
#include "error.h"
#include "schema.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace Quarry {

// One difference between the registered entities and a live database.
struct QUARRY_EXPORT SchemaChange {
    QString table;
    QString description;  // "add column users.email (string, null)"
    QJsonObject operation; // the migration operation that makes it; empty when none can
                           // (a changed primary key: write an sql step)
};

// The registered entities (the schema createAll() would make, by the same dialect rules)
// compared with Schema::inspect() of the live database: tables, columns (type,
// nullability, default), unique constraints, indexes and foreign keys. Renames cannot be
// told from a drop and an add, so they are declared: "table.old=new" for a column,
// "old=new" for a table. Tables that no entity maps are proposed for dropping (unless
// Options::dropUnmappedTables is false), except quarry_migrations.
class QUARRY_EXPORT SchemaDiff
{
public:
    struct Options {
        QStringList renames;            // "table.old=new" (a column), "old=new" (a table)
        bool dropUnmappedTables = true; // false: leave tables no entity maps alone (a
                                        // database shared with other applications)
    };
    static SchemaDiff compare(const Database &database, const Options &options);
    static SchemaDiff compare(const Database &database, const QStringList &renames = {});

    // The schema the registered entities stand for on `backend`, as Schema::inspect()
    // would report it, and the CREATE statements for it (quarry schema dump).
    static Schema expectedSchema(const Database &database, Database::Backend backend);
    static QStringList createStatements(const Database &database, Database::Backend backend,
                                        Error *error = nullptr);

    bool isEmpty() const { return m_changes.isEmpty(); }
    const QList<SchemaChange> &changes() const { return m_changes; }
    // The operations of every change, in an order that applies (keys dropped before what
    // they use, tables created before what references them).
    QJsonArray operations() const;
    QStringList descriptions() const;
    // The SQL the operations would run on `database` (the one compared), in order; empty
    // with *error when they cannot be planned. Nothing runs.
    QStringList statements(const Database &database, Error *error = nullptr) const;
    // Changes that no operation makes.
    QStringList unsupported() const;
    Error error() const { return m_error; }

private:
    friend class SchemaDiffBuilder;
    QList<SchemaChange> m_changes;
    Error m_error;
};

} // namespace Quarry
