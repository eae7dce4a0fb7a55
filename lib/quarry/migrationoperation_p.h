#pragma once

// Private: one operation of a migration file, parsed and checked, with its inverse.
//
//   {"op": "createTable", "table": "t", "columns": [...], "primary_key": [...],
//        "indexes": [...], "foreign_keys": [...]}
//   {"op": "dropTable", "table": "t", "columns": [...] ...}     columns: for the inverse
//   {"op": "renameTable", "from": "a", "to": "b"}
//   {"op": "addColumn", "table": "t", "column": {...}}
//   {"op": "dropColumn", "table": "t", "column": {...}}         or "column": "name"
//   {"op": "renameColumn", "table": "t", "from": "a", "to": "b"}
//   {"op": "alterColumn", "table": "t", "column": "c", "from": {...}, "to": {...}}
//   {"op": "createIndex", "table": "t", "name": "ix", "columns": [...], "unique": true}
//   {"op": "dropIndex", "table": "t", "name": "ix", "columns": [...], "unique": true}
//   {"op": "addForeignKey", "table": "t", "name": "fk", "columns": [...],
//        "references": {"table": "p", "columns": ["id"]}, "on_delete": "cascade"}
//   {"op": "dropForeignKey", ... as addForeignKey}
//   {"op": "sql", "sql": "..." or [...], "sqlite": ..., "postgresql": ..., "mysql": ...,
//        "reverse": {"sql": ..., ...}}
//
// An operation that does not carry what its inverse needs (a dropColumn naming only the
// column, an sql step without "reverse") is valid, but cannot be downgraded.

#include "migrationcolumn_p.h"

#include <QHash>
#include <QJsonObject>

namespace Quarry::Private {

struct QUARRY_EXPORT Operation {
    enum class Kind {
        CreateTable,
        DropTable,
        RenameTable,
        AddColumn,
        DropColumn,
        RenameColumn,
        AlterColumn,
        CreateIndex,
        DropIndex,
        AddForeignKey,
        DropForeignKey,
        Sql,
    };

    Kind kind = Kind::Sql;
    QString table;               // the table changed (renameTable: the old name)
    TableDefinition definition;  // createTable, dropTable
    ColumnDefinition column;     // addColumn, dropColumn; alterColumn: the new column
    ColumnDefinition fromColumn; // alterColumn: the column before
    QString from;                // renameTable, renameColumn
    QString to;
    IndexSchema index;           // createIndex, dropIndex
    ForeignKeySchema foreignKey; // addForeignKey, dropForeignKey
    QHash<QString, QStringList> sql;        // by dialect name; "sql" for every backend
    QHash<QString, QStringList> reverseSql; // the same for "reverse"
    // What the inverse needs is here (dropTable's columns, dropColumn's definition, ...).
    bool reversible = true;

    // `dialect` names generated index and key names (the same on every backend).
    static bool fromJson(const QJsonObject &json, const Dialect &dialect, Operation *operation,
                         QString *problem);
    QJsonObject toJson() const;
    // The operation undoing this one; false and *reason when this one cannot be undone.
    bool inverse(Operation *reverse, QString *reason) const;
    // "addColumn items.status", for progress, status and errors.
    QString describe() const;
    // The raw statements of an sql operation for a backend ("sqlite", "postgresql",
    // "mysql"), falling back to "sql".
    QStringList sqlFor(const QString &dialectName) const;

    static QString kindName(Kind kind);
};

} // namespace Quarry::Private
