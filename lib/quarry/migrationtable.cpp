// TableDefinition: a table of a migration (createTable, and dropTable for its inverse), made
// from an entity, an association table or an introspected table, and the DDL and schema
// it stands for. An entity's table goes through here too, so that createTable of a
// migration produces what createAll() would (tst_migrationsql compares the two).

#include "migrationcolumn_p.h"

#include "entityinfo.h"
#include "migrationjson_p.h"
#include "relations_p.h"
#include "schemamodel_p.h"

#include <QJsonArray>
#include <algorithm>

namespace Quarry::Private {

bool TableDefinition::fromJson(const QJsonObject &json, TableDefinition *table, QString *problem)
{
    TableDefinition result;
    result.name = json.value(QLatin1String("table")).toString();
    const QJsonArray columns = json.value(QLatin1String("columns")).toArray();
    if (columns.isEmpty()) {
        *problem = QStringLiteral("table '%1' has no \"columns\"").arg(result.name);
        return false;
    }
    for (const QJsonValue &value : columns) {
        ColumnDefinition column;
        if (!ColumnDefinition::fromJson(value.toObject(), &column, problem))
            return false;
        if (result.column(column.name)) {
            *problem = QStringLiteral("column '%1' appears twice").arg(column.name);
            return false;
        }
        result.columns << column;
    }
    result.compositeKey = stringList(json.value(QLatin1String("primary_key")));
    for (const QJsonValue &value : json.value(QLatin1String("indexes")).toArray()) {
        IndexSchema index;
        if (!indexFromJson(value.toObject(), &index, problem))
            return false;
        result.indexes << index;
    }
    for (const QJsonValue &value : json.value(QLatin1String("foreign_keys")).toArray()) {
        ForeignKeySchema foreignKey;
        if (!foreignKeyFromJson(value.toObject(), &foreignKey, problem))
            return false;
        result.foreignKeys << foreignKey;
    }
    for (const QString &key : std::as_const(result.compositeKey)) {
        if (!result.column(key)) {
            *problem = QStringLiteral("primary_key names no column '%1'").arg(key);
            return false;
        }
    }
    *table = result;
    return true;
}

void TableDefinition::writeJson(QJsonObject *json) const
{
    QJsonArray columnArray;
    for (const ColumnDefinition &column : columns)
        columnArray << column.toJson();
    json->insert(QStringLiteral("columns"), columnArray);
    if (!compositeKey.isEmpty())
        json->insert(QStringLiteral("primary_key"), QJsonArray::fromStringList(compositeKey));
    if (!indexes.isEmpty()) {
        QJsonArray array;
        for (const IndexSchema &index : indexes)
            array << indexToJson(index);
        json->insert(QStringLiteral("indexes"), array);
    }
    if (!foreignKeys.isEmpty()) {
        QJsonArray array;
        for (const ForeignKeySchema &foreignKey : foreignKeys)
            array << foreignKeyToJson(foreignKey);
        json->insert(QStringLiteral("foreign_keys"), array);
    }
}

TableDefinition TableDefinition::fromEntity(const EntityInfo &entity, const Database &database)
{
    TableDefinition table;
    table.name = entity.tableName();
    for (const PropertyInfo &property : entity.properties())
        table.columns << ColumnDefinition::fromProperty(property, database);
    return table;
}

TableDefinition TableDefinition::fromAssociation(const AssociationTable &association)
{
    // As Dialect::createAssociationTable: two NOT NULL columns typed like the keys they
    // reference, together the key, each a foreign key ON DELETE CASCADE, and an index on
    // the second.
    auto keyColumn = [](const QString &name, const EntityInfo &referenced) {
        const PropertyInfo &key = referenced.primaryKey();
        ColumnDefinition column;
        column.name = name;
        column.storage = key.storage();
        column.maxLength = key.maxLength();
        column.referencedTable = referenced.tableName();
        column.referencedColumn = key.column();
        column.onDelete = PropertyInfo::OnDelete::Cascade;
        return column;
    };
    TableDefinition table;
    table.name = association.name;
    table.columns << keyColumn(association.ownerColumn, *association.owner)
                  << keyColumn(association.targetColumn, *association.target);
    table.columns.last().indexed = true;
    table.compositeKey = QStringList{association.ownerColumn, association.targetColumn};
    return table;
}

bool TableDefinition::fromSchema(const Dialect &dialect, const TableSchema &schema,
                                 TableDefinition *table)
{
    TableDefinition result;
    result.name = schema.name;
    for (const ColumnSchema &columnSchema : schema.columns) {
        ColumnDefinition column;
        if (!ColumnDefinition::fromSchema(dialect, columnSchema, &column))
            return false;
        if (schema.primaryKey.size() > 1)
            column.primaryKey = column.autoIncrement = false;
        result.columns << column;
    }
    if (schema.primaryKey.size() > 1)
        result.compositeKey = schema.primaryKey;
    result.indexes = schema.indexes;
    result.foreignKeys = schema.foreignKeys;
    *table = result;
    return true;
}

const ColumnDefinition *TableDefinition::column(const QString &name) const
{
    for (const ColumnDefinition &column : columns) {
        if (column.name == name)
            return &column;
    }
    return nullptr;
}

QList<ColumnDdl> TableDefinition::ddlColumns() const
{
    QList<ColumnDdl> ddl;
    for (const ColumnDefinition &column : columns) {
        ddl << ColumnDdl{column.toProperty(compositeKey.contains(column.name)), column.indexed,
                         column.referencedTable, column.referencedColumn};
    }
    return ddl;
}

QStringList TableDefinition::createStatements(const Dialect &dialect, bool ifNotExists) const
{
    QStringList statements =
        dialect.createTable(name, ddlColumns(), compositeKey, foreignKeys, ifNotExists);
    if (statements.isEmpty())
        return {};
    for (const IndexSchema &index : indexes)
        statements << dialect.createIndex(name, index);
    return statements;
}

TableSchema TableDefinition::expectedSchema(const Dialect &dialect) const
{
    TableSchema schema;
    schema.name = name;
    for (const ColumnDefinition &column : columns) {
        const bool keyPart = compositeKey.contains(column.name);
        schema.columns << column.expectedSchema(dialect, keyPart);
        if (column.primaryKey && !keyPart && compositeKey.isEmpty())
            schema.primaryKey << column.name;
        if (column.primaryKey)
            continue;
        if (column.unique || column.indexed) {
            IndexSchema index;
            index.unique = column.unique;
            index.name = dialect.constraintName(column.unique ? QStringLiteral("uq")
                                                              : QStringLiteral("ix"),
                                                name, {column.name});
            index.columns = QStringList{column.name};
            schema.indexes << index;
        }
    }
    if (!compositeKey.isEmpty())
        schema.primaryKey = compositeKey;
    for (const ColumnDefinition &column : columns) {
        if (column.referencedTable.isEmpty())
            continue;
        ForeignKeySchema foreignKey;
        foreignKey.name = dialect.constraintName(QStringLiteral("fk"), name, {column.name});
        foreignKey.columns = QStringList{column.name};
        foreignKey.referencedTable = column.referencedTable;
        foreignKey.referencedColumns = QStringList{column.referencedColumn};
        foreignKey.onDelete = onDeleteRule(column.onDelete);
        schema.foreignKeys << foreignKey;
    }
    schema.indexes << indexes;
    schema.foreignKeys << foreignKeys;
    for (ForeignKeySchema &foreignKey : schema.foreignKeys) {
        if (foreignKey.onDelete.isEmpty())
            foreignKey.onDelete = QStringLiteral("NO ACTION");
    }
    sortLikeSchema(&schema);
    return schema;
}

} // namespace Quarry::Private
