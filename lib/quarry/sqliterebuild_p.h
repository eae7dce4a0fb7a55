#pragma once

// Private: SQLite's generalized ALTER TABLE, the 12-step procedure of
// https://sqlite.org/lang_altertable.html#otheralter, for what its ALTER TABLE cannot do
// (drop or change a column, add or drop a foreign key, drop a UNIQUE constraint).
//
// statements() covers steps 4-9 (the caller owns 1-3 and 10-12: foreign keys off outside
// the transaction, BEGIN, PRAGMA foreign_key_check, COMMIT, foreign keys on):
//   CREATE TABLE "quarry_new_X" (...)      the table as it should be
//   INSERT INTO "quarry_new_X" (...) SELECT ... FROM "X"   CAST where the type changes
//   sqlite_sequence carried over           so AUTOINCREMENT never reuses a deleted id
//   DROP TABLE "X"
//   PRAGMA legacy_alter_table = ON         the rename must not re-check views that name X
//   ALTER TABLE "quarry_new_X" RENAME TO "X"
//   PRAGMA legacy_alter_table = OFF
//   CREATE [UNIQUE] INDEX ...              every index, UNIQUE constraints as unique indexes
//   CREATE TRIGGER ...                     the triggers X had, as they were written

#include "connection_p.h"
#include "dialect_p.h"
#include "schema.h"

#include <QHash>

namespace Quarry::Private {

// What of a SQLite schema the rebuild needs beyond Schema: each table's CREATE TABLE text
// (to refuse what the rebuild would lose) and its triggers.
struct QUARRY_EXPORT SqliteCatalog {
    QHash<QString, QString> tableSql;
    QHash<QString, QStringList> triggers;

    static bool read(Connection *connection, SqliteCatalog *catalog, Error *error);
    void renameTable(const QString &from, const QString &to);
};

class QUARRY_EXPORT SqliteRebuild
{
public:
    // Statements that turn `before` into `after` keeping every row: columns of `after`
    // found in `before` by name are copied (with a CAST to the new type when the type
    // affinity changes); new columns take their defaults. Empty and *problem when the
    // table has what a rebuild cannot carry over (CHECK constraints, collations, generated
    // columns, WITHOUT ROWID, indexes on expressions).
    static QStringList statements(const Dialect &dialect, const TableSchema &before,
                                  const TableSchema &after, const SqliteCatalog &catalog,
                                  QString *problem);
    // CREATE TABLE for a table as introspection reports it (without its indexes).
    static QString createTable(const Dialect &dialect, const TableSchema &table,
                               const QString &name);
};

} // namespace Quarry::Private
