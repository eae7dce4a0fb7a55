#pragma once

// Private: columns and tables as migrations describe them, independent of any backend.
// A migration file spells a column the way Q_CLASSINFO does (type by Quarry storage name,
// max_length, null, default, unique, index, references), so a column of a migration and a
// property of an entity become the same DDL through the same dialect rules.
//
//   {"name": "email", "type": "string", "max_length": 100, "null": true,
//    "default": "n/a", "unique": true,
//    "references": {"table": "users", "column": "id", "on_delete": "cascade"}}

#include "dialect_p.h"
#include "propertyinfo.h"
#include "schema.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace Quarry {
class Database;
class EntityInfo;
}

namespace Quarry::Private {

struct AssociationTable;

struct QUARRY_EXPORT ColumnDefinition {
    QString name;
    PropertyInfo::Storage storage = PropertyInfo::Storage::String;
    int maxLength = -1;
    bool nullable = false;
    bool primaryKey = false;
    bool autoIncrement = false;
    bool unique = false;
    bool indexed = false;
    bool hasDefault = false;
    QVariant defaultValue; // the plain value, as PropertyInfo::defaultValue()
    QString referencedTable;
    QString referencedColumn;
    PropertyInfo::OnDelete onDelete = PropertyInfo::OnDelete::NoAction;

    // Reads a column object of a migration file; false and *problem for a mistake (an
    // unknown key, a type that is no storage name, a default that does not fit the type).
    static bool fromJson(const QJsonObject &json, ColumnDefinition *column, QString *problem);
    QJsonObject toJson() const;
    // The column of an entity's property; `database` resolves references=.
    static ColumnDefinition fromProperty(const PropertyInfo &property, const Database &database);
    // A column from what introspection reports (the reverse of the dialect's type mapping).
    // False when the type maps to no storage that gives the same type back: an operation
    // that would need to recreate the column then cannot be reversed.
    static bool fromSchema(const Dialect &dialect, const ColumnSchema &schema,
                           ColumnDefinition *column);

    // Metadata the dialects take. `keyPart`: the column is part of a composite key (MySQL
    // then needs an indexable type).
    PropertyInfo toProperty(bool keyPart = false) const;
    // What introspection reports for this column once created.
    ColumnSchema expectedSchema(const Dialect &dialect, bool keyPart = false) const;

    bool operator==(const ColumnDefinition &other) const;
    bool operator!=(const ColumnDefinition &other) const { return !(*this == other); }
};

// A table of a migration's createTable (or of an entity, or one dropped by a migration,
// for its inverse). Uniqueness, indexes and foreign keys of single columns live on the
// columns (generated names, as for entities); the rest in the lists.
struct QUARRY_EXPORT TableDefinition {
    QString name;
    QList<ColumnDefinition> columns;
    QStringList compositeKey;              // a key of several columns (association tables)
    QList<IndexSchema> indexes;            // besides the columns' own
    QList<ForeignKeySchema> foreignKeys;   // besides the columns' own

    static bool fromJson(const QJsonObject &json, TableDefinition *table, QString *problem);
    // Writes "columns", "primary_key", "indexes", "foreign_keys" into `json`.
    void writeJson(QJsonObject *json) const;
    static TableDefinition fromEntity(const EntityInfo &entity, const Database &database);
    static TableDefinition fromAssociation(const AssociationTable &association);
    // False when a column's type cannot be mapped back (see ColumnDefinition::fromSchema).
    static bool fromSchema(const Dialect &dialect, const TableSchema &schema,
                           TableDefinition *table);

    const ColumnDefinition *column(const QString &name) const;
    QList<ColumnDdl> ddlColumns() const;
    QStringList createStatements(const Dialect &dialect, bool ifNotExists) const;
    // What introspection reports for this table once created (sorted like Schema).
    TableSchema expectedSchema(const Dialect &dialect) const;
};

// Storage names as migration files spell them (PropertyInfo::storageName).
QUARRY_EXPORT bool storageFromName(const QString &name, PropertyInfo::Storage *storage);
QUARRY_EXPORT QString onDeleteRule(PropertyInfo::OnDelete onDelete); // "CASCADE", ...
QUARRY_EXPORT PropertyInfo::OnDelete onDeleteFromRule(const QString &rule);

// Schema comparisons "as the backend means them" (schematypes.cpp).
// Same column type: SQLite by type affinity, the servers by canonical spelling.
QUARRY_EXPORT bool sameColumnType(const Dialect &dialect, const QString &a, const QString &b);
// The default an introspected column reports, as a plain value of `column`'s storage;
// an invalid QVariant when it is no literal (an expression).
QUARRY_EXPORT QVariant plainDefault(const Dialect &dialect, const ColumnDefinition &column,
                                    const QString &reported);
// The reported default means the column's default.
QUARRY_EXPORT bool sameDefault(const Dialect &dialect, const ColumnDefinition &column,
                               const QString &reported);
// Equal plain values of one storage (doubles by value, times as instants).
QUARRY_EXPORT bool samePlainValue(PropertyInfo::Storage storage, const QVariant &a,
                                  const QVariant &b);

} // namespace Quarry::Private
