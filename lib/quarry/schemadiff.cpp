// SchemaDiff: the registered entities against the live schema. Decisions
// (docs/migrations.md):
// - The expected schema is built from the entities by the rules of createAll() (through
//   TableDefinition, whose DDL equals createAll()'s) and compared in the backend's own
//   spelling: types per backend (SQLite by affinity), defaults as values.
// - Every proposed operation is applied to a copy of the live schema as it is proposed
//   (SchemaModel), and the result is compared with the expected schema once more: the
//   diff checks that its own operations reach the entities' schema, and says so when
//   they cannot (a changed primary key).
// - Order: renames, foreign keys and indexes that go, new tables (referenced first),
//   columns added / altered / dropped, new indexes, new foreign keys, tables dropped
//   (referencing first). Keys go before what they use and come after it.
// - Indexes and keys of a dropped column are dropped as operations of their own, so the
//   inverse of the migration brings each back under its own name.

#include "schemadiff.h"

#include "database_p.h"
#include "migrationoperation_p.h"
#include "migrationplanner_p.h"
#include "relations_p.h"
#include "schemamodel_p.h"

#include <QHash>
#include <algorithm>

namespace Quarry {

using namespace Private;

class SchemaDiffBuilder
{
public:
    SchemaDiffBuilder(const Database &database, const Dialect &dialect)
        : m_database(database), m_dialect(dialect)
    {
    }

    SchemaDiff build(const SchemaDiff::Options &options);
    static bool expectedTables(const Database &database, QList<TableDefinition> *tables,
                               Error *error);

private:
    void propose(const Operation &operation, const QString &description);
    void unsupported(const QString &table, const QString &description);
    void applyRenames(const QStringList &renames);
    void compareColumns(const TableDefinition &table, int pass);
    bool sameForeignKey(const ForeignKeySchema &a, const ForeignKeySchema &b) const;
    const ForeignKeySchema *findKey(const QList<ForeignKeySchema> &keys,
                                    const ForeignKeySchema &key) const;
    void verify();

    Database m_database;
    const Dialect &m_dialect;
    QList<TableDefinition> m_expected;
    QHash<QString, TableSchema> m_expectedSchemas;
    SchemaModel m_model;
    SchemaDiff m_diff;
};

bool SchemaDiffBuilder::expectedTables(const Database &database, QList<TableDefinition> *tables,
                                       Error *error)
{
    if (!database.checkReferences()) {
        *error = database.lastError();
        return false;
    }
    // Reflected tables (Database::reflect()) mirror the database: nothing to compare.
    for (const EntityInfo *entity : database.d_func()->dependencyOrder(database)) {
        if (!entity->isReflected())
            tables->append(TableDefinition::fromEntity(*entity, database));
    }
    for (const AssociationTable &association : associationTables(database))
        tables->append(TableDefinition::fromAssociation(association));
    return true;
}

void SchemaDiffBuilder::propose(const Operation &operation, const QString &description)
{
    QString problem;
    if (!m_model.apply(m_dialect, operation, &problem)) {
        unsupported(operation.table, description + QStringLiteral(" (") + problem + QLatin1Char(')'));
        return;
    }
    m_diff.m_changes.append({operation.table, description, operation.toJson()});
}

void SchemaDiffBuilder::unsupported(const QString &table, const QString &description)
{
    m_diff.m_changes.append({table, description, {}});
}

bool SchemaDiffBuilder::sameForeignKey(const ForeignKeySchema &a, const ForeignKeySchema &b) const
{
    auto rule = [this](const QString &onDelete) {
        const QString normal = onDelete.isEmpty() ? QStringLiteral("NO ACTION") : onDelete.toUpper();
        // InnoDB has no deferred checks: NO ACTION is RESTRICT there, and reported so.
        if (m_dialect.backend() == Database::Backend::MySQL && normal == QLatin1String("NO ACTION"))
            return QStringLiteral("RESTRICT");
        return normal;
    };
    return a.columns == b.columns && a.referencedTable == b.referencedTable &&
           a.referencedColumns == b.referencedColumns && rule(a.onDelete) == rule(b.onDelete);
}

const ForeignKeySchema *SchemaDiffBuilder::findKey(const QList<ForeignKeySchema> &keys,
                                                   const ForeignKeySchema &key) const
{
    for (const ForeignKeySchema &candidate : keys) {
        // SQLite keeps no name for a key declared without CONSTRAINT: the content decides.
        const bool nameMatches = candidate.name == key.name || candidate.name.isEmpty() ||
                                 key.name.isEmpty();
        if (nameMatches && sameForeignKey(candidate, key))
            return &candidate;
    }
    return nullptr;
}

void SchemaDiffBuilder::applyRenames(const QStringList &hints)
{
    // Tables first: a column hint names the table by its new name.
    QStringList renames;
    for (const QString &hint : hints)
        (hint.section(QLatin1Char('='), 0, 0).contains(QLatin1Char('.')) ? renames.append(hint)
                                                                         : renames.prepend(hint));
    for (const QString &rename : std::as_const(renames)) {
        const QString from = rename.section(QLatin1Char('='), 0, 0).trimmed();
        const QString to = rename.section(QLatin1Char('='), 1).trimmed();
        Operation operation;
        if (!from.contains(QLatin1Char('.'))) {
            if (!m_model.table(from) || m_model.table(to) || !m_expectedSchemas.contains(to))
                continue; // done already, or not what the entities say
            operation.kind = Operation::Kind::RenameTable;
            operation.table = operation.from = from;
            operation.to = to;
            propose(operation, QStringLiteral("rename table %1 to %2").arg(from, to));
            continue;
        }
        const QString table = from.section(QLatin1Char('.'), 0, 0);
        operation.kind = Operation::Kind::RenameColumn;
        operation.table = table;
        operation.from = from.section(QLatin1Char('.'), 1);
        operation.to = to.section(QLatin1Char('.'), -1);
        const TableSchema *actual = m_model.table(table);
        const TableSchema expected = m_expectedSchemas.value(table);
        if (!actual || !actual->column(operation.from) || actual->column(operation.to) ||
            !expected.column(operation.to) || expected.column(operation.from))
            continue;
        propose(operation, QStringLiteral("rename column %1.%2 to %3")
                            .arg(table, operation.from, operation.to));
    }
}

void SchemaDiffBuilder::compareColumns(const TableDefinition &table, int pass)
{
    const TableSchema *actual = m_model.table(table.name);
    if (!actual)
        return;
    const TableSchema expected = m_expectedSchemas.value(table.name);
    if (pass == 0) { // added
        for (const ColumnDefinition &column : table.columns) {
            if (actual->column(column.name))
                continue;
            Operation operation;
            operation.kind = Operation::Kind::AddColumn;
            operation.table = table.name;
            operation.column = column;
            propose(operation, QStringLiteral("add column %1.%2 (%3%4)")
                                .arg(table.name, column.name,
                                     PropertyInfo::storageName(column.storage),
                                     column.nullable ? QStringLiteral(", null") : QString()));
            actual = m_model.table(table.name);
        }
        return;
    }
    if (pass == 1) { // altered
        for (const ColumnDefinition &column : table.columns) {
            const ColumnSchema *current = actual->column(column.name);
            const ColumnSchema *wanted = expected.column(column.name);
            if (!current || !wanted)
                continue;
            QStringList changes;
            if (!sameColumnType(m_dialect, current->type, wanted->type))
                changes << QStringLiteral("type %1 -> %2").arg(current->type, wanted->type);
            if (current->nullable != wanted->nullable)
                changes << (wanted->nullable ? QStringLiteral("NOT NULL -> NULL")
                                             : QStringLiteral("NULL -> NOT NULL"));
            if (!sameDefault(m_dialect, column, current->defaultValue))
                changes << QStringLiteral("default %1 -> %2")
                               .arg(current->defaultValue.isNull() ? QStringLiteral("none")
                                                                   : current->defaultValue,
                                    wanted->defaultValue.isNull() ? QStringLiteral("none")
                                                                  : wanted->defaultValue);
            if (current->autoIncrement != wanted->autoIncrement)
                changes << QStringLiteral("auto-increment");
            if (changes.isEmpty())
                continue;
            const QString description = QStringLiteral("alter column %1.%2: %3")
                                            .arg(table.name, column.name,
                                                 changes.join(QLatin1String(", ")));
            if (current->primaryKey || wanted->primaryKey ||
                current->autoIncrement != wanted->autoIncrement) {
                unsupported(table.name, description + QStringLiteral(" (a key column)"));
                continue;
            }
            Operation operation;
            operation.kind = Operation::Kind::AlterColumn;
            operation.table = table.name;
            operation.column = column;
            operation.reversible =
                ColumnDefinition::fromSchema(m_dialect, *current, &operation.fromColumn);
            propose(operation, description);
            actual = m_model.table(table.name);
        }
        return;
    }
    const QList<ColumnSchema> columns = actual->columns; // dropped
    for (const ColumnSchema &current : columns) {
        if (table.column(current.name))
            continue;
        const QString description =
            QStringLiteral("drop column %1.%2").arg(table.name, current.name);
        if (current.primaryKey) {
            unsupported(table.name, description + QStringLiteral(" (a key column)"));
            continue;
        }
        Operation operation;
        operation.kind = Operation::Kind::DropColumn;
        operation.table = table.name;
        operation.reversible =
            ColumnDefinition::fromSchema(m_dialect, current, &operation.column);
        operation.column.name = current.name;
        propose(operation, description);
    }
}

void SchemaDiffBuilder::verify()
{
    for (const TableDefinition &table : std::as_const(m_expected)) {
        const TableSchema *actual = m_model.table(table.name);
        const TableSchema expected = m_expectedSchemas.value(table.name);
        if (!actual)
            continue; // reported already
        QStringList left;
        if (actual->primaryKey != expected.primaryKey)
            left << QStringLiteral("primary key (%1) -> (%2)")
                        .arg(actual->primaryKey.join(QLatin1String(", ")),
                             expected.primaryKey.join(QLatin1String(", ")));
        if (!left.isEmpty())
            unsupported(table.name, QStringLiteral("table %1: %2").arg(table.name,
                                                                       left.join(QLatin1String("; "))));
    }
}

SchemaDiff SchemaDiffBuilder::build(const SchemaDiff::Options &options)
{
    if (!expectedTables(m_database, &m_expected, &m_diff.m_error))
        return m_diff;
    for (const TableDefinition &table : std::as_const(m_expected))
        m_expectedSchemas.insert(table.name, table.expectedSchema(m_dialect));
    const Schema live = Schema::inspect(m_database);
    if (live.error().isValid()) {
        m_diff.m_error = live.error();
        return m_diff;
    }
    QList<TableSchema> tables;
    for (TableSchema table : live.tables()) {
        if (table.name == QLatin1String("quarry_migrations"))
            continue;
        removeImplicitKeyIndexes(m_dialect, &table);
        tables << table;
    }
    m_model = SchemaModel(tables);
    applyRenames(options.renames);

    // Keys and indexes that go.
    for (const TableSchema &current : QList<TableSchema>(m_model.tables())) {
        if (!m_expectedSchemas.contains(current.name))
            continue;
        const TableSchema expected = m_expectedSchemas.value(current.name);
        for (const ForeignKeySchema &key : current.foreignKeys) {
            if (findKey(expected.foreignKeys, key))
                continue;
            Operation operation;
            operation.kind = Operation::Kind::DropForeignKey;
            operation.table = current.name;
            operation.foreignKey = key;
            propose(operation, QStringLiteral("drop foreign key %1 on %2 (%3)")
                                .arg(key.name, current.name, key.columns.join(QLatin1String(", "))));
        }
        for (const IndexSchema &index : current.indexes) {
            if (const IndexSchema *wanted = expected.index(index.name); wanted && *wanted == index)
                continue;
            Operation operation;
            operation.kind = Operation::Kind::DropIndex;
            operation.table = current.name;
            operation.index = index;
            propose(operation, QStringLiteral("drop %1index %2 on %3")
                                .arg(index.unique ? QStringLiteral("unique ") : QString(),
                                     index.name, current.name));
        }
    }
    // New tables, referenced ones first (the entities' dependency order).
    for (const TableDefinition &table : std::as_const(m_expected)) {
        if (m_model.table(table.name))
            continue;
        Operation operation;
        operation.kind = Operation::Kind::CreateTable;
        operation.table = table.name;
        operation.definition = table;
        propose(operation, QStringLiteral("create table %1").arg(table.name));
    }
    for (int pass = 0; pass < 3; ++pass) {
        for (const TableDefinition &table : std::as_const(m_expected))
            compareColumns(table, pass);
    }
    // New indexes, then new keys.
    for (const TableDefinition &table : std::as_const(m_expected)) {
        const TableSchema expected = m_expectedSchemas.value(table.name);
        for (const IndexSchema &index : expected.indexes) {
            if (m_model.table(table.name)->index(index.name))
                continue;
            Operation operation;
            operation.kind = Operation::Kind::CreateIndex;
            operation.table = table.name;
            operation.index = index;
            propose(operation, QStringLiteral("create %1index %2 on %3 (%4)")
                                .arg(index.unique ? QStringLiteral("unique ") : QString(),
                                     index.name, table.name,
                                     index.columns.join(QLatin1String(", "))));
        }
    }
    for (const TableDefinition &table : std::as_const(m_expected)) {
        const TableSchema expected = m_expectedSchemas.value(table.name);
        for (const ForeignKeySchema &key : expected.foreignKeys) {
            if (findKey(m_model.table(table.name)->foreignKeys, key))
                continue;
            Operation operation;
            operation.kind = Operation::Kind::AddForeignKey;
            operation.table = table.name;
            operation.foreignKey = key;
            propose(operation, QStringLiteral("add foreign key %1 on %2 (%3) -> %4")
                                .arg(key.name, table.name, key.columns.join(QLatin1String(", ")),
                                     key.referencedTable));
        }
    }
    // Tables no entity maps, each before the tables it references.
    QList<TableSchema> dropped;
    for (const TableSchema &table : m_model.tables()) {
        const EntityInfo *reflected = m_database.entity(table.name);
        if (!m_expectedSchemas.contains(table.name) && options.dropUnmappedTables &&
            !(reflected && reflected->isReflected()))
            dropped << table;
    }
    while (!dropped.isEmpty()) {
        qsizetype next = 0;
        for (qsizetype i = 0; i < dropped.size(); ++i) {
            const bool referenced = std::any_of(
                dropped.cbegin(), dropped.cend(), [&](const TableSchema &other) {
                    return other.name != dropped.at(i).name &&
                           std::any_of(other.foreignKeys.cbegin(), other.foreignKeys.cend(),
                                       [&](const ForeignKeySchema &key) {
                                           return key.referencedTable == dropped.at(i).name;
                                       });
                });
            if (!referenced) {
                next = i;
                break;
            }
        }
        const TableSchema table = dropped.takeAt(next);
        Operation operation;
        operation.kind = Operation::Kind::DropTable;
        operation.table = table.name;
        operation.reversible = TableDefinition::fromSchema(m_dialect, table, &operation.definition);
        operation.definition.name = table.name;
        propose(operation, QStringLiteral("drop table %1").arg(table.name));
    }
    verify();
    return m_diff;
}

// --- SchemaDiff -------------------------------------------------------------------------

SchemaDiff SchemaDiff::compare(const Database &database, const QStringList &renames)
{
    Options options;
    options.renames = renames;
    return compare(database, options);
}

SchemaDiff SchemaDiff::compare(const Database &database, const Options &options)
{
    if (!database.isValid()) {
        SchemaDiff diff;
        diff.m_error = database.lastError().isValid()
                           ? database.lastError()
                           : Error(Error::ConnectionError, QStringLiteral("invalid database"));
        return diff;
    }
    return SchemaDiffBuilder(database, *database.d_func()->dialect).build(options);
}

Schema SchemaDiff::expectedSchema(const Database &database, Database::Backend backend)
{
    Schema schema;
    const Dialect *dialect = Dialect::forBackend(backend);
    QList<TableDefinition> tables;
    Error error;
    if (!dialect || !SchemaDiffBuilder::expectedTables(database, &tables, &error)) {
        schema.setError(dialect ? error
                                : Error(Error::Unsupported, QStringLiteral("no such backend")));
        return schema;
    }
    // Sorted by name, as Schema::inspect() sorts.
    std::sort(tables.begin(), tables.end(),
              [](const TableDefinition &a, const TableDefinition &b) { return a.name < b.name; });
    for (const TableDefinition &table : std::as_const(tables)) {
        TableSchema expected = table.expectedSchema(*dialect);
        addImplicitKeyIndexes(*dialect, &expected);
        schema.addTable(expected);
    }
    return schema;
}

QStringList SchemaDiff::createStatements(const Database &database, Database::Backend backend,
                                         Error *error)
{
    const Dialect *dialect = Dialect::forBackend(backend);
    Error failure;
    QList<TableDefinition> tables;
    if (!dialect)
        failure = Error(Error::Unsupported, QStringLiteral("no such backend"));
    else
        SchemaDiffBuilder::expectedTables(database, &tables, &failure);
    QStringList statements;
    const EntityResolver resolve = [&database](const QString &name) { return database.entity(name); };
    // createAll()'s own statements, for the entities; association tables alike.
    for (const EntityInfo *entity : database.d_func()->dependencyOrder(database)) {
        if (failure.isValid())
            break;
        if (entity->isReflected())
            continue;
        const QStringList created = dialect->createTable(*entity, resolve);
        if (created.isEmpty())
            failure = Error(Error::RegistrationError,
                            QStringLiteral("%1: no CREATE TABLE could be generated for %2")
                                .arg(entity->className(), dialect->name()));
        statements << created;
    }
    for (const AssociationTable &table : associationTables(database)) {
        if (failure.isValid())
            break;
        statements << dialect->createAssociationTable(table.name, table.ownerColumn, *table.owner,
                                                      table.targetColumn, *table.target);
    }
    if (error)
        *error = failure;
    return failure.isValid() ? QStringList() : statements;
}

QJsonArray SchemaDiff::operations() const
{
    QJsonArray operations;
    for (const SchemaChange &change : m_changes) {
        if (!change.operation.isEmpty())
            operations << change.operation;
    }
    return operations;
}

QStringList SchemaDiff::statements(const Database &database, Error *error) const
{
    Error failure;
    QStringList sql;
    const Dialect *dialect = database.isValid() ? database.d_func()->dialect : nullptr;
    const Schema live = Schema::inspect(database);
    SqliteCatalog catalog;
    if (!dialect || live.error().isValid()) {
        failure = live.error();
    } else if (database.backend() == Database::Backend::SQLite) {
        Connection *connection = database.d_func()->defaultConnection();
        if (!connection || !SqliteCatalog::read(connection, &catalog, &failure))
            failure = connection ? failure : database.lastError();
    }
    QList<TableSchema> tables = live.tables();
    for (TableSchema &table : tables) {
        if (dialect)
            removeImplicitKeyIndexes(*dialect, &table);
    }
    if (!failure.isValid()) {
        MigrationPlanner planner(*dialect, SchemaModel(tables), catalog);
        QList<PlannedStep> steps;
        for (const QJsonValue &json : operations()) {
            Operation operation;
            QString problem;
            if (!Operation::fromJson(json.toObject(), *dialect, &operation, &problem) ||
                !planner.plan(operation, &steps, &problem)) {
                failure = Error(Error::InvalidQuery, problem);
                break;
            }
        }
        for (const PlannedStep &step : std::as_const(steps))
            sql << step.sql;
    }
    if (error)
        *error = failure;
    return failure.isValid() ? QStringList() : sql;
}

QStringList SchemaDiff::descriptions() const
{
    QStringList descriptions;
    for (const SchemaChange &change : m_changes)
        descriptions << change.description;
    return descriptions;
}

QStringList SchemaDiff::unsupported() const
{
    QStringList descriptions;
    for (const SchemaChange &change : m_changes) {
        if (change.operation.isEmpty())
            descriptions << change.description;
    }
    return descriptions;
}

} // namespace Quarry
