#pragma once

#include "error.h"
#include "quarry_export.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Quarry {

class Database;

// The live schema of a database as plain values, so that migrations can diff it and the
// browser can show it. Plain structs on purpose: they are data, compared field by field.

struct QUARRY_EXPORT ColumnSchema {
    QString name;
    QString type;            // as the database reports it, upper case: "INTEGER", "VARCHAR(50)"
    bool nullable = true;
    QString defaultValue;    // the default expression as reported; null QString for none
    bool primaryKey = false;
    bool autoIncrement = false;
    bool operator==(const ColumnSchema &other) const;
    bool operator!=(const ColumnSchema &other) const { return !(*this == other); }
};

struct QUARRY_EXPORT IndexSchema {
    QString name;
    QStringList columns;
    bool unique = false;
    bool operator==(const IndexSchema &other) const;
    bool operator!=(const IndexSchema &other) const { return !(*this == other); }
};

struct QUARRY_EXPORT ForeignKeySchema {
    QString name;            // may be empty where the backend does not name it (SQLite)
    QStringList columns;
    QString referencedTable;
    QStringList referencedColumns;
    QString onDelete;        // "NO ACTION", "CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT"
    bool operator==(const ForeignKeySchema &other) const;
    bool operator!=(const ForeignKeySchema &other) const { return !(*this == other); }
};

struct QUARRY_EXPORT TableSchema {
    QString name;
    QList<ColumnSchema> columns;
    QStringList primaryKey;
    QList<IndexSchema> indexes;          // not the primary key's own index
    QList<ForeignKeySchema> foreignKeys;

    const ColumnSchema *column(const QString &name) const;
    const IndexSchema *index(const QString &name) const;
    bool operator==(const TableSchema &other) const;
    bool operator!=(const TableSchema &other) const { return !(*this == other); }
};

class QUARRY_EXPORT Schema
{
public:
    // Reads tables, columns, primary keys, indexes and foreign keys of the database the
    // calling thread is connected to. Internal tables (sqlite_*) are left out. On failure
    // the result has an error and no tables.
    static Schema inspect(const Database &database);

    const QList<TableSchema> &tables() const { return m_tables; }
    QStringList tableNames() const;
    const TableSchema *table(const QString &name) const;
    Error error() const { return m_error; }

    void addTable(const TableSchema &table) { m_tables.append(table); }
    void setError(const Error &error) { m_error = error; }

private:
    QList<TableSchema> m_tables;
    Error m_error;
};

} // namespace Quarry
