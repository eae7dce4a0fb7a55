// StandardDialect: the statements of schema changes (migrations), in the SQL the three
// backends share; dialect_<backend>.cpp override what differs. Decisions
// (docs/migrations.md has the table per backend):
// - createTable(entity) builds its columns and calls createTable(table, columns), so that a
//   table created by a migration and one created by createAll() read back alike. Migrations
//   pass ifNotExists = false: a table that exists already is an error, not a silent skip.
// - A UNIQUE index is the way to add uniqueness after the fact: introspection reports a
//   UNIQUE constraint and a unique index alike (the constraint's index under its name), so
//   either satisfies the entity's `unique`.
// - alterColumn() changes the type with an explicit CAST, so integer <-> text works
//   where the backend would otherwise refuse (PostgreSQL needs USING).
// - Statements are one line each, like the rest of the generated DDL.

#include "dialects_p.h"

namespace Quarry::Private {

bool Dialect::needsRebuild(TableChange, const PropertyInfo *) const
{
    return false;
}

QString StandardDialect::quotedList(const QStringList &identifiers) const
{
    QStringList quoted;
    quoted.reserve(identifiers.size());
    for (const QString &identifier : identifiers)
        quoted << quote(identifier);
    return quoted.join(QLatin1String(", "));
}

QString StandardDialect::foreignKeyClause(const ForeignKeySchema &foreignKey) const
{
    QString clause;
    if (!foreignKey.name.isEmpty())
        clause = QLatin1String("CONSTRAINT ") + quote(foreignKey.name) + QLatin1Char(' ');
    clause += QLatin1String("FOREIGN KEY (") + quotedList(foreignKey.columns) +
              QLatin1String(") REFERENCES ") + quote(foreignKey.referencedTable) +
              QLatin1String(" (") + quotedList(foreignKey.referencedColumns) + QLatin1Char(')');
    const QString rule = foreignKey.onDelete.toUpper();
    if (!rule.isEmpty() && rule != QLatin1String("NO ACTION"))
        clause += QLatin1String(" ON DELETE ") + rule;
    return clause;
}

QStringList StandardDialect::createTable(const QString &table, const QList<ColumnDdl> &columns,
                                         const QStringList &compositeKey,
                                         const QList<ForeignKeySchema> &extraForeignKeys,
                                         bool ifNotExists) const
{
    const QString ifNotExistsClause = ifNotExists ? QStringLiteral("IF NOT EXISTS ") : QString();
    QStringList parts;
    QStringList constraints;
    QStringList indexes;
    for (const ColumnDdl &ddl : columns) {
        const PropertyInfo &property = ddl.property;
        const QString definition = columnDefinition(property);
        if (definition.isNull())
            return {};
        parts << definition;
        const QString column = quote(property.column());
        if (property.isUnique() && !property.isPrimaryKey()) {
            constraints << QLatin1String("CONSTRAINT ") +
                               quote(constraintName(QStringLiteral("uq"), table,
                                                    {property.column()})) +
                               QLatin1String(" UNIQUE (") + column + QLatin1Char(')');
        } else if (ddl.indexed && !property.isPrimaryKey()) {
            indexes << QLatin1String("CREATE INDEX ") + ifNotExistsClause +
                           quote(constraintName(QStringLiteral("ix"), table, {property.column()})) +
                           QLatin1String(" ON ") + quote(table) + QLatin1String(" (") + column +
                           QLatin1Char(')');
        }
        if (ddl.referencedTable.isEmpty())
            continue;
        ForeignKeySchema foreignKey;
        foreignKey.name = constraintName(QStringLiteral("fk"), table, {property.column()});
        foreignKey.columns = QStringList{property.column()};
        foreignKey.referencedTable = ddl.referencedTable;
        foreignKey.referencedColumns = QStringList{ddl.referencedColumn};
        switch (property.onDelete()) {
        case PropertyInfo::OnDelete::NoAction:
            break;
        case PropertyInfo::OnDelete::Cascade:
            foreignKey.onDelete = QStringLiteral("CASCADE");
            break;
        case PropertyInfo::OnDelete::Restrict:
            foreignKey.onDelete = QStringLiteral("RESTRICT");
            break;
        case PropertyInfo::OnDelete::SetNull:
            foreignKey.onDelete = QStringLiteral("SET NULL");
            break;
        }
        constraints << foreignKeyClause(foreignKey);
    }
    if (!compositeKey.isEmpty())
        parts << QLatin1String("PRIMARY KEY (") + quotedList(compositeKey) + QLatin1Char(')');
    for (const ForeignKeySchema &foreignKey : extraForeignKeys)
        constraints << foreignKeyClause(foreignKey);
    parts << constraints;
    return QStringList{QLatin1String("CREATE TABLE ") + ifNotExistsClause + quote(table) +
                       QLatin1String(" (") + parts.join(QLatin1String(", ")) + QLatin1Char(')') +
                       tableOptions()} +
           indexes;
}

QStringList StandardDialect::addColumn(const QString &table, const PropertyInfo &column) const
{
    const QString definition = columnDefinition(column);
    if (definition.isNull())
        return {};
    return {QLatin1String("ALTER TABLE ") + quote(table) + QLatin1String(" ADD COLUMN ") +
            definition};
}

QStringList StandardDialect::dropColumn(const QString &table, const QString &column) const
{
    return {QLatin1String("ALTER TABLE ") + quote(table) + QLatin1String(" DROP COLUMN ") +
            quote(column)};
}

QStringList StandardDialect::renameColumn(const QString &table, const QString &from,
                                          const QString &to) const
{
    return {QLatin1String("ALTER TABLE ") + quote(table) + QLatin1String(" RENAME COLUMN ") +
            quote(from) + QLatin1String(" TO ") + quote(to)};
}

QStringList StandardDialect::alterColumn(const QString &, const PropertyInfo &,
                                         const PropertyInfo &) const
{
    return {}; // every backend says how (dialect_<backend>.cpp)
}

QStringList StandardDialect::renameTable(const QString &from, const QString &to) const
{
    return {QLatin1String("ALTER TABLE ") + quote(from) + QLatin1String(" RENAME TO ") + quote(to)};
}

QStringList StandardDialect::createIndex(const QString &table, const IndexSchema &index) const
{
    return {QLatin1String(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") +
            quote(index.name) + QLatin1String(" ON ") + quote(table) + QLatin1String(" (") +
            quotedList(index.columns) + QLatin1Char(')')};
}

QStringList StandardDialect::dropIndex(const QString &, const QString &name) const
{
    return {QLatin1String("DROP INDEX ") + quote(name)};
}

QStringList StandardDialect::addForeignKey(const QString &table,
                                           const ForeignKeySchema &foreignKey) const
{
    return {QLatin1String("ALTER TABLE ") + quote(table) + QLatin1String(" ADD ") +
            foreignKeyClause(foreignKey)};
}

QStringList StandardDialect::dropForeignKey(const QString &table, const QString &name) const
{
    return {QLatin1String("ALTER TABLE ") + quote(table) + QLatin1String(" DROP CONSTRAINT ") +
            quote(name)};
}

// --- SQLite ------------------------------------------------------------------------------
// ALTER TABLE can add a plain column, rename a column or a table, and drop a column that
// no index, key or constraint uses; the rest is the table rebuild.

bool SqliteDialect::needsRebuild(TableChange change, const PropertyInfo *column) const
{
    switch (change) {
    case TableChange::AddColumn:
        // ADD COLUMN refuses a PRIMARY KEY or UNIQUE column (uniqueness comes as a separate
        // index), and a NOT NULL column without default; a REFERENCES column needs a NULL
        // default. The rebuild does all of them (and fails like the servers on rows that
        // would break NOT NULL).
        return column && (column->isPrimaryKey() || !column->references().isEmpty() ||
                          (!column->isNullable() && !column->hasDefault()));
    case TableChange::DropColumn:
    case TableChange::AlterColumn:
    case TableChange::AddForeignKey:
    case TableChange::DropForeignKey:
    case TableChange::DropUniqueIndex:
        return true;
    }
    return false;
}

QStringList SqliteDialect::dropColumn(const QString &, const QString &) const
{
    return {};
}

QStringList SqliteDialect::alterColumn(const QString &, const PropertyInfo &,
                                       const PropertyInfo &) const
{
    return {};
}

QStringList SqliteDialect::addForeignKey(const QString &, const ForeignKeySchema &) const
{
    return {};
}

QStringList SqliteDialect::dropForeignKey(const QString &, const QString &) const
{
    return {};
}

// --- PostgreSQL --------------------------------------------------------------------------

QStringList PostgresqlDialect::alterColumn(const QString &table, const PropertyInfo &from,
                                           const PropertyInfo &to) const
{
    const QString prefix = QLatin1String("ALTER TABLE ") + quote(table) +
                           QLatin1String(" ALTER COLUMN ") + quote(to.column()) + QLatin1Char(' ');
    const QString fromType = columnType(from);
    const QString toType = columnType(to);
    const bool typeChanges = fromType != toType;
    const QString fromDefault = from.hasDefault() ? literal(from, from.defaultValue()) : QString();
    const QString toDefault = to.hasDefault() ? literal(to, to.defaultValue()) : QString();
    if (to.hasDefault() && toDefault.isNull())
        return {};
    QStringList statements;
    // The old default may not convert to the new type: drop it first, set the new after.
    const bool defaultChanges = fromDefault != toDefault || typeChanges;
    if (from.hasDefault() && defaultChanges)
        statements << prefix + QLatin1String("DROP DEFAULT");
    if (typeChanges)
        statements << prefix + QLatin1String("TYPE ") + toType + QLatin1String(" USING CAST(") +
                          quote(to.column()) + QLatin1String(" AS ") + toType + QLatin1Char(')');
    if (to.hasDefault() && (defaultChanges || !from.hasDefault()))
        statements << prefix + QLatin1String("SET DEFAULT ") + toDefault;
    if (from.isNullable() != to.isNullable())
        statements << prefix + QLatin1String(to.isNullable() ? "DROP NOT NULL" : "SET NOT NULL");
    return statements;
}

QStringList PostgresqlDialect::dropIndex(const QString &table, const QString &name) const
{
    // A UNIQUE constraint owns its index, which DROP INDEX refuses to drop; what the name
    // stands for is only known to the database, so ask it there.
    const QString nameLiteral = stringLiteral(name);
    const QString tableLiteral = stringLiteral(quote(table));
    return {QStringLiteral("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = %1 "
                           "AND conrelid = %2::regclass) THEN ALTER TABLE %3 DROP CONSTRAINT %4; "
                           "ELSE DROP INDEX %4; END IF; END $$")
                .arg(nameLiteral, tableLiteral, quote(table), quote(name))};
}

// --- MySQL / MariaDB ---------------------------------------------------------------------

QStringList MysqlDialect::alterColumn(const QString &table, const PropertyInfo &,
                                      const PropertyInfo &to) const
{
    // MODIFY restates the whole column; its indexes and foreign keys stay.
    const QString definition = columnDefinition(to);
    if (definition.isNull())
        return {};
    return {QLatin1String("ALTER TABLE ") + quote(table) + QLatin1String(" MODIFY COLUMN ") +
            definition};
}

QStringList MysqlDialect::renameTable(const QString &from, const QString &to) const
{
    return {QLatin1String("RENAME TABLE ") + quote(from) + QLatin1String(" TO ") + quote(to)};
}

QStringList MysqlDialect::dropIndex(const QString &table, const QString &name) const
{
    return {QLatin1String("DROP INDEX ") + quote(name) + QLatin1String(" ON ") + quote(table)};
}

QStringList MysqlDialect::dropForeignKey(const QString &table, const QString &name) const
{
    // InnoDB created an index of the same name for the key unless another index served
    // it; it stays behind when the key goes, so it goes too (IF EXISTS: MariaDB 10.1.4+).
    return {QLatin1String("ALTER TABLE ") + quote(table) + QLatin1String(" DROP FOREIGN KEY ") +
                quote(name),
            QLatin1String("ALTER TABLE ") + quote(table) + QLatin1String(" DROP INDEX IF EXISTS ") +
                quote(name)};
}

} // namespace Quarry::Private
