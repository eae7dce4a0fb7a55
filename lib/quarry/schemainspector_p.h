#pragma once

// Private: reads a live schema from a backend's catalogue. One reader per backend, each in
// its own file (schemainspector_<backend>.cpp); Schema::inspect picks one and sorts the
// result. Every reader asks for the whole schema in a handful of queries (tables, columns,
// indexes, foreign keys) rather than a few per table, so a schema of hundreds of tables
// costs the same round trips as one.
//
// What the readers agree on, so that a schema compares equal across backends where the
// databases agree:
// - Column types are upper case in the spelling a CREATE TABLE would use: "VARCHAR(50)",
//   "TIMESTAMP(3)", "DOUBLE PRECISION". Backend-specific long forms are shortened
//   (PostgreSQL's "character varying" and "without time zone", MariaDB's integer display
//   widths); user-defined type names keep their case.
// - A default is the expression text the backend stores, except that "no default" and
//   "DEFAULT NULL" are both a null QString, and an auto-increment column has no default
//   (PostgreSQL's nextval() and identity are how it auto-increments, not a default).
// - Index columns and foreign-key columns come in key order; an index on an expression
//   has an empty column name where the backend does not give the expression text.

#include "connection_p.h"
#include "schema.h"

#include <QHash>
#include <QList>
#include <QSqlQuery>
#include <QString>

namespace Quarry::Private {

// The tables found so far plus the plumbing every reader needs: running a catalogue
// query with error reporting, and finding a table by name while rows of later queries
// arrive.
class SchemaReader {
public:
    explicit SchemaReader(Connection *connection) : m_connection(connection) {}

    // Runs a read-only catalogue statement on a forward-only query. On failure returns
    // false; error() then says why.
    bool run(QSqlQuery &query, const QString &sql);
    const Error &error() const { return m_error; }
    Connection *connection() const { return m_connection; }

    TableSchema &addTable(const QString &name);
    // Null for a name that was not added (a view, a system table), so readers can skip
    // rows of catalogue queries that do not filter by table type.
    TableSchema *table(const QString &name);
    QList<TableSchema> takeTables();

    // The text of a column, null only for SQL NULL (drivers may hand back a null QString
    // for an empty one).
    static QString text(const QSqlQuery &query, int column);

private:
    Connection *m_connection;
    Error m_error;
    QList<TableSchema> m_tables;
    QHash<QString, qsizetype> m_tableIndex;
};

// Each fills `reader` with the tables of the connection's current database (SQLite's main
// database, PostgreSQL's current_schema(), MySQL's DATABASE()). False on failure.
bool readSqliteSchema(SchemaReader &reader);
bool readPostgresqlSchema(SchemaReader &reader);
bool readMysqlSchema(SchemaReader &reader);

} // namespace Quarry::Private
