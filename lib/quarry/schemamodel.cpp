// SchemaModel: operations applied to an introspected schema in memory. Each backend keeps
// its own spelling (types, defaults) because every new column goes through the dialect.
// What a backend does on its own is mirrored: dropping a column drops the indexes and keys
// that use it, renaming a column or table follows into indexes and foreign keys, on every
// backend.

#include "schemamodel_p.h"

#include "migrationoperation_p.h"

#include <algorithm>

namespace Quarry::Private {

namespace {

template<typename List>
bool removeByName(List *list, const QString &name)
{
    const auto it = std::find_if(list->begin(), list->end(),
                                 [&](const auto &item) { return item.name == name; });
    if (it == list->end())
        return false;
    list->erase(it);
    return true;
}

template<typename List>
bool containsName(const List &list, const QString &name)
{
    return std::any_of(list.cbegin(), list.cend(),
                       [&](const auto &item) { return item.name == name; });
}

// The indexes and foreign key a new column brings (unique, index, references).
void addColumnObjects(const Dialect &dialect, TableSchema *table, const ColumnDefinition &column)
{
    if (!column.primaryKey && (column.unique || column.indexed)) {
        IndexSchema index;
        index.unique = column.unique;
        index.name = dialect.constraintName(column.unique ? QStringLiteral("uq")
                                                          : QStringLiteral("ix"),
                                            table->name, {column.name});
        index.columns = QStringList{column.name};
        table->indexes << index;
    }
    if (!column.referencedTable.isEmpty()) {
        ForeignKeySchema foreignKey;
        foreignKey.name = dialect.constraintName(QStringLiteral("fk"), table->name, {column.name});
        foreignKey.columns = QStringList{column.name};
        foreignKey.referencedTable = column.referencedTable;
        foreignKey.referencedColumns = QStringList{column.referencedColumn};
        foreignKey.onDelete = onDeleteRule(column.onDelete);
        table->foreignKeys << foreignKey;
    }
}

} // namespace

void sortLikeSchema(TableSchema *table)
{
    auto byName = [](const auto &a, const auto &b) { return a.name < b.name; };
    std::sort(table->indexes.begin(), table->indexes.end(), byName);
    std::sort(table->foreignKeys.begin(), table->foreignKeys.end(),
              [](const ForeignKeySchema &a, const ForeignKeySchema &b) {
                  if (a.name != b.name)
                      return a.name < b.name;
                  return a.columns < b.columns;
              });
}

void removeImplicitKeyIndexes(const Dialect &dialect, TableSchema *table)
{
    if (dialect.backend() != Database::Backend::MySQL)
        return;
    for (const ForeignKeySchema &foreignKey : std::as_const(table->foreignKeys)) {
        table->indexes.removeIf([&](const IndexSchema &index) {
            return index.name == foreignKey.name && index.columns == foreignKey.columns &&
                   !index.unique;
        });
    }
}

void addImplicitKeyIndexes(const Dialect &dialect, TableSchema *table)
{
    if (dialect.backend() != Database::Backend::MySQL)
        return;
    auto startsWith = [](const QStringList &columns, const QStringList &prefix) {
        return columns.mid(0, prefix.size()) == prefix;
    };
    for (const ForeignKeySchema &foreignKey : std::as_const(table->foreignKeys)) {
        const bool served =
            startsWith(table->primaryKey, foreignKey.columns) ||
            std::any_of(table->indexes.cbegin(), table->indexes.cend(),
                        [&](const IndexSchema &index) {
                            return startsWith(index.columns, foreignKey.columns);
                        });
        if (!served)
            table->indexes << IndexSchema{foreignKey.name, foreignKey.columns, false};
    }
    sortLikeSchema(table);
}

const TableSchema *SchemaModel::table(const QString &name) const
{
    for (const TableSchema &table : m_tables) {
        if (table.name == name)
            return &table;
    }
    return nullptr;
}

TableSchema *SchemaModel::table(const QString &name)
{
    for (TableSchema &table : m_tables) {
        if (table.name == name)
            return &table;
    }
    return nullptr;
}

bool SchemaModel::apply(const Dialect &dialect, const Operation &operation, QString *problem)
{
    using Kind = Operation::Kind;
    if (operation.kind == Kind::Sql)
        return true;
    if (operation.kind == Kind::CreateTable) {
        if (table(operation.table)) {
            *problem = QStringLiteral("table %1 exists already").arg(operation.table);
            return false;
        }
        m_tables << operation.definition.expectedSchema(dialect);
        return true;
    }
    TableSchema *target = table(operation.table);
    if (!target) {
        *problem = QStringLiteral("there is no table %1").arg(operation.table);
        return false;
    }
    auto columnOf = [&](const QString &name) -> ColumnSchema * {
        for (ColumnSchema &column : target->columns) {
            if (column.name == name)
                return &column;
        }
        *problem = QStringLiteral("table %1 has no column %2").arg(target->name, name);
        return nullptr;
    };
    switch (operation.kind) {
    case Kind::CreateTable:
    case Kind::Sql:
        break;
    case Kind::DropTable:
        removeByName(&m_tables, operation.table);
        return true;
    case Kind::RenameTable:
        if (table(operation.to)) {
            *problem = QStringLiteral("table %1 exists already").arg(operation.to);
            return false;
        }
        target->name = operation.to;
        for (TableSchema &other : m_tables) {
            for (ForeignKeySchema &foreignKey : other.foreignKeys) {
                if (foreignKey.referencedTable == operation.from)
                    foreignKey.referencedTable = operation.to;
            }
        }
        return true;
    case Kind::AddColumn:
        if (target->column(operation.column.name)) {
            *problem = QStringLiteral("table %1 has a column %2 already")
                           .arg(target->name, operation.column.name);
            return false;
        }
        target->columns << operation.column.expectedSchema(dialect);
        if (operation.column.primaryKey)
            target->primaryKey = QStringList{operation.column.name};
        addColumnObjects(dialect, target, operation.column);
        break;
    case Kind::DropColumn: {
        if (!columnOf(operation.column.name))
            return false;
        const QString name = operation.column.name;
        target->columns.removeIf([&](const ColumnSchema &column) { return column.name == name; });
        target->indexes.removeIf(
            [&](const IndexSchema &index) { return index.columns.contains(name); });
        target->foreignKeys.removeIf(
            [&](const ForeignKeySchema &key) { return key.columns.contains(name); });
        break;
    }
    case Kind::RenameColumn: {
        ColumnSchema *column = columnOf(operation.from);
        if (!column)
            return false;
        if (target->column(operation.to)) {
            *problem = QStringLiteral("table %1 has a column %2 already")
                           .arg(target->name, operation.to);
            return false;
        }
        column->name = operation.to;
        auto rename = [&](QStringList &names) {
            std::replace(names.begin(), names.end(), operation.from, operation.to);
        };
        rename(target->primaryKey);
        for (IndexSchema &index : target->indexes)
            rename(index.columns);
        for (ForeignKeySchema &foreignKey : target->foreignKeys)
            rename(foreignKey.columns);
        for (TableSchema &other : m_tables) {
            for (ForeignKeySchema &foreignKey : other.foreignKeys) {
                if (foreignKey.referencedTable == target->name)
                    rename(foreignKey.referencedColumns);
            }
        }
        break;
    }
    case Kind::AlterColumn: {
        ColumnSchema *column = columnOf(operation.column.name);
        if (!column)
            return false;
        const bool primaryKey = column->primaryKey;
        *column = operation.column.expectedSchema(dialect, primaryKey);
        column->autoIncrement = column->autoIncrement && primaryKey;
        break;
    }
    case Kind::CreateIndex:
        if (containsName(target->indexes, operation.index.name)) {
            *problem = QStringLiteral("index %1 exists already").arg(operation.index.name);
            return false;
        }
        target->indexes << operation.index;
        break;
    case Kind::DropIndex:
        if (!removeByName(&target->indexes, operation.index.name)) {
            *problem = QStringLiteral("table %1 has no index %2")
                           .arg(target->name, operation.index.name);
            return false;
        }
        break;
    case Kind::AddForeignKey:
        target->foreignKeys << operation.foreignKey;
        break;
    case Kind::DropForeignKey:
        if (!removeByName(&target->foreignKeys, operation.foreignKey.name)) {
            *problem = QStringLiteral("table %1 has no foreign key %2")
                           .arg(target->name, operation.foreignKey.name);
            return false;
        }
        break;
    }
    sortLikeSchema(target);
    return true;
}

} // namespace Quarry::Private
