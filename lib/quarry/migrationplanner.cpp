// MigrationPlanner: operation -> statements for one backend. Decisions (docs/migrations.md):
// - Migrations say CREATE TABLE / DROP TABLE without IF [NOT] EXISTS: a table that is (or
//   is not) there unexpectedly is an error, not a step silently skipped.
// - addColumn with unique / index / references brings the index or key createAll() would
//   make, under the same generated name.
// - alterColumn to NOT NULL with a default first sets NULLs to that default (the default
//   must suit the old type too), so "make it NOT NULL" works on a table that has NULLs.
// - A primary key column is not altered (no backend does that without rebuilding keys that
//   other tables reference); write an sql step.
// - dropColumn drops the foreign keys that use the column first: MySQL refuses to drop a
//   column a key uses, PostgreSQL would drop the key silently; both end the same.

#include "migrationplanner_p.h"

namespace Quarry::Private {

using Kind = Operation::Kind;

MigrationPlanner::MigrationPlanner(const Dialect &dialect, const SchemaModel &model,
                                   const SqliteCatalog &catalog)
    : m_dialect(dialect), m_model(model), m_catalog(catalog)
{
}

bool MigrationPlanner::rebuild(const QString &table, const SchemaModel &after,
                               QStringList *statements, QString *problem)
{
    const TableSchema *before = m_model.table(table);
    const TableSchema *rebuilt = after.table(table);
    if (!before || !rebuilt) {
        *problem = QStringLiteral("there is no table %1").arg(table);
        return false;
    }
    const QStringList sql = SqliteRebuild::statements(m_dialect, *before, *rebuilt, m_catalog,
                                                      problem);
    if (sql.isEmpty())
        return false;
    *statements << sql;
    m_rebuilds = true;
    return true;
}

bool MigrationPlanner::planAlterColumn(const Operation &operation, const SchemaModel &after,
                                       QStringList *statements, QString *problem)
{
    const TableSchema *table = m_model.table(operation.table);
    const ColumnSchema *current = table ? table->column(operation.column.name) : nullptr;
    if (!current) {
        *problem = QStringLiteral("there is no column %1.%2").arg(operation.table,
                                                                  operation.column.name);
        return false;
    }
    if (current->primaryKey) {
        *problem = QStringLiteral("%1.%2 is a primary key column, which alterColumn does not "
                                  "change; use an sql step")
                       .arg(operation.table, operation.column.name);
        return false;
    }
    ColumnDefinition from = operation.fromColumn;
    if (!operation.reversible && !ColumnDefinition::fromSchema(m_dialect, *current, &from)) {
        from = ColumnDefinition();
        from.name = current->name;
        from.nullable = current->nullable;
    }
    const PropertyInfo toProperty = operation.column.toProperty();
    if (operation.column.hasDefault &&
        m_dialect.literal(toProperty, operation.column.defaultValue).isNull()) {
        *problem = QStringLiteral("the default of %1.%2 has no SQL literal")
                       .arg(operation.table, operation.column.name);
        return false;
    }
    if (current->nullable && !operation.column.nullable && operation.column.hasDefault) {
        const QString column = m_dialect.quote(operation.column.name);
        *statements << QLatin1String("UPDATE ") + m_dialect.quote(operation.table) +
                           QLatin1String(" SET ") + column + QLatin1String(" = ") +
                           m_dialect.literal(toProperty, operation.column.defaultValue) +
                           QLatin1String(" WHERE ") + column + QLatin1String(" IS NULL");
    }
    if (m_dialect.needsRebuild(Dialect::TableChange::AlterColumn, &toProperty))
        return rebuild(operation.table, after, statements, problem);
    *statements << m_dialect.alterColumn(operation.table, from.toProperty(), toProperty);
    return true;
}

bool MigrationPlanner::plan(const Operation &operation, QList<PlannedStep> *steps,
                            QString *problem)
{
    SchemaModel after = m_model;
    if (!after.apply(m_dialect, operation, problem))
        return false;
    QStringList statements;
    const QString &table = operation.table;
    using Change = Dialect::TableChange;
    switch (operation.kind) {
    case Kind::CreateTable:
        statements = operation.definition.createStatements(m_dialect, false);
        if (statements.isEmpty()) {
            *problem = QStringLiteral("a default of table %1 has no SQL literal").arg(table);
            return false;
        }
        break;
    case Kind::DropTable:
        statements << QLatin1String("DROP TABLE ") + m_dialect.quote(table);
        break;
    case Kind::RenameTable:
        statements << m_dialect.renameTable(operation.from, operation.to);
        m_catalog.renameTable(operation.from, operation.to);
        break;
    case Kind::AddColumn: {
        const ColumnDefinition &column = operation.column;
        const PropertyInfo property = column.toProperty();
        if (m_dialect.needsRebuild(Change::AddColumn, &property)) {
            if (!rebuild(table, after, &statements, problem))
                return false;
            break;
        }
        statements << m_dialect.addColumn(table, property);
        if (statements.isEmpty()) {
            *problem = QStringLiteral("the default of %1.%2 has no SQL literal")
                           .arg(table, column.name);
            return false;
        }
        if ((column.unique || column.indexed) && !column.primaryKey) {
            IndexSchema index;
            index.unique = column.unique;
            index.name = m_dialect.constraintName(column.unique ? QStringLiteral("uq")
                                                                : QStringLiteral("ix"),
                                                  table, {column.name});
            index.columns = QStringList{column.name};
            statements << m_dialect.createIndex(table, index);
        }
        if (!column.referencedTable.isEmpty()) {
            const TableSchema *changed = after.table(table);
            for (const ForeignKeySchema &key : changed->foreignKeys) {
                if (key.columns == QStringList{column.name})
                    statements << m_dialect.addForeignKey(table, key);
            }
        }
        break;
    }
    case Kind::DropColumn:
        if (m_dialect.needsRebuild(Change::DropColumn)) {
            if (!rebuild(table, after, &statements, problem))
                return false;
            break;
        }
        for (const ForeignKeySchema &key : m_model.table(table)->foreignKeys) {
            if (key.columns.contains(operation.column.name) && !key.name.isEmpty())
                statements << m_dialect.dropForeignKey(table, key.name);
        }
        statements << m_dialect.dropColumn(table, operation.column.name);
        break;
    case Kind::RenameColumn:
        statements << m_dialect.renameColumn(table, operation.from, operation.to);
        break;
    case Kind::AlterColumn:
        if (!planAlterColumn(operation, after, &statements, problem))
            return false;
        break;
    case Kind::CreateIndex:
        statements << m_dialect.createIndex(table, operation.index);
        break;
    case Kind::DropIndex: {
        const IndexSchema *index = m_model.table(table)->index(operation.index.name);
        if (index && index->unique && m_dialect.needsRebuild(Change::DropUniqueIndex)) {
            if (!rebuild(table, after, &statements, problem))
                return false;
            break;
        }
        statements << m_dialect.dropIndex(table, operation.index.name);
        break;
    }
    case Kind::AddForeignKey:
    case Kind::DropForeignKey: {
        const bool add = operation.kind == Kind::AddForeignKey;
        if (m_dialect.needsRebuild(add ? Change::AddForeignKey : Change::DropForeignKey)) {
            if (!rebuild(table, after, &statements, problem))
                return false;
            break;
        }
        statements << (add ? m_dialect.addForeignKey(table, operation.foreignKey)
                           : m_dialect.dropForeignKey(table, operation.foreignKey.name));
        break;
    }
    case Kind::Sql:
        statements = operation.sqlFor(m_dialect.name());
        break;
    }
    const QString label = operation.describe();
    for (const QString &sql : std::as_const(statements))
        steps->append({sql, label});
    m_model = after;
    return true;
}

} // namespace Quarry::Private
