// The SQLite table rebuild (see sqliterebuild_p.h for the statements and the source).
// Decisions (docs/migrations.md):
// - The new table is written from the introspected schema, not by editing the old CREATE
//   TABLE text: Quarry's tables hold nothing introspection does not see. A table that
//   does (CHECK, COLLATE, generated columns, WITHOUT ROWID) is refused rather than rebuilt
//   without it.
// - UNIQUE constraints come back as unique indexes of the same name: introspection (and
//   so the schema diff) cannot tell them apart, and a unique index can be dropped later
//   without another rebuild.
// - The copy names its columns on both sides, so column order may change freely.

#include "sqliterebuild_p.h"

#include "migrationcolumn_p.h"

#include <QRegularExpression>
#include <QSqlQuery>

namespace Quarry::Private {

namespace {

QString stringLiteral(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

QString quotedList(const Dialect &dialect, const QStringList &names)
{
    QStringList quoted;
    for (const QString &name : names)
        quoted << dialect.quote(name);
    return quoted.join(QLatin1String(", "));
}

// What the CREATE TABLE text holds that a rebuild from the introspected schema would lose.
QString lostFeature(const QString &createSql)
{
    // Strings and quoted names first, so that a column named "check" is no CHECK.
    static const QRegularExpression quoted(
        QStringLiteral(R"('(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\])"));
    static const QRegularExpression features(
        QStringLiteral(R"(\b(CHECK|COLLATE|GENERATED|WITHOUT\s+ROWID)\b)"),
        QRegularExpression::CaseInsensitiveOption);
    QString text = createSql;
    text.replace(quoted, QStringLiteral("x"));
    const QRegularExpressionMatch match = features.match(text);
    return match.hasMatch() ? match.captured(1).toUpper() : QString();
}

} // namespace

bool SqliteCatalog::read(Connection *connection, SqliteCatalog *catalog, Error *error)
{
    QSqlQuery query(connection->database());
    const QString sql = QStringLiteral(
        "SELECT type, name, tbl_name, sql FROM sqlite_master "
        "WHERE type IN ('table', 'trigger') AND sql IS NOT NULL ORDER BY rowid");
    if (!query.exec(sql)) {
        *error = connection->makeError(query.lastError(), sql);
        return false;
    }
    while (query.next()) {
        if (query.value(0).toString() == QLatin1String("table"))
            catalog->tableSql.insert(query.value(1).toString(), query.value(3).toString());
        else
            catalog->triggers[query.value(2).toString()] << query.value(3).toString();
    }
    return true;
}

void SqliteCatalog::renameTable(const QString &from, const QString &to)
{
    if (tableSql.contains(from))
        tableSql.insert(to, tableSql.take(from));
    if (triggers.contains(from))
        triggers.insert(to, triggers.take(from));
}

QString SqliteRebuild::createTable(const Dialect &dialect, const TableSchema &table,
                                   const QString &name)
{
    QStringList parts;
    const bool singleKey = table.primaryKey.size() == 1;
    for (const ColumnSchema &column : table.columns) {
        QString part = dialect.quote(column.name);
        if (!column.type.isEmpty())
            part += QLatin1Char(' ') + column.type;
        const bool key = singleKey && table.primaryKey.first() == column.name;
        if (key && column.autoIncrement) {
            parts << part + QLatin1String(" PRIMARY KEY AUTOINCREMENT");
            continue;
        }
        if (!column.nullable)
            part += QLatin1String(" NOT NULL");
        if (!column.defaultValue.isNull())
            part += QLatin1String(" DEFAULT ") + column.defaultValue;
        if (key)
            part += QLatin1String(" PRIMARY KEY");
        parts << part;
    }
    if (table.primaryKey.size() > 1)
        parts << QLatin1String("PRIMARY KEY (") + quotedList(dialect, table.primaryKey) +
                     QLatin1Char(')');
    for (const ForeignKeySchema &foreignKey : table.foreignKeys) {
        QString clause;
        if (!foreignKey.name.isEmpty())
            clause = QLatin1String("CONSTRAINT ") + dialect.quote(foreignKey.name) +
                     QLatin1Char(' ');
        clause += QLatin1String("FOREIGN KEY (") + quotedList(dialect, foreignKey.columns) +
                  QLatin1String(") REFERENCES ") + dialect.quote(foreignKey.referencedTable) +
                  QLatin1String(" (") + quotedList(dialect, foreignKey.referencedColumns) +
                  QLatin1Char(')');
        if (!foreignKey.onDelete.isEmpty() &&
            foreignKey.onDelete.compare(QLatin1String("NO ACTION"), Qt::CaseInsensitive) != 0)
            clause += QLatin1String(" ON DELETE ") + foreignKey.onDelete.toUpper();
        parts << clause;
    }
    return QLatin1String("CREATE TABLE ") + dialect.quote(name) + QLatin1String(" (") +
           parts.join(QLatin1String(", ")) + QLatin1Char(')');
}

QStringList SqliteRebuild::statements(const Dialect &dialect, const TableSchema &before,
                                      const TableSchema &after, const SqliteCatalog &catalog,
                                      QString *problem)
{
    const QString lost = lostFeature(catalog.tableSql.value(before.name));
    if (!lost.isEmpty()) {
        *problem = QStringLiteral("table %1 has %2 in its CREATE TABLE, which a rebuild from the "
                                  "introspected schema would lose; change it with an sql step")
                       .arg(before.name, lost);
        return {};
    }
    for (const IndexSchema &index : after.indexes) {
        if (index.columns.contains(QString()) || index.columns.contains(QStringLiteral(""))) {
            *problem = QStringLiteral("index %1 is on an expression, which a rebuild cannot "
                                      "recreate; change the table with an sql step")
                           .arg(index.name);
            return {};
        }
    }
    const QString table = dialect.quote(after.name);
    const QString newName = QStringLiteral("quarry_new_") + after.name;
    const QString quotedNew = dialect.quote(newName);

    QStringList targets;
    QStringList sources;
    for (const ColumnSchema &column : after.columns) {
        const ColumnSchema *old = before.column(column.name);
        if (!old)
            continue; // a new column: its default
        targets << dialect.quote(column.name);
        if (sameColumnType(dialect, old->type, column.type) || column.type.isEmpty())
            sources << dialect.quote(column.name);
        else
            sources << QLatin1String("CAST(") + dialect.quote(column.name) + QLatin1String(" AS ") +
                           column.type + QLatin1Char(')');
    }

    QStringList statements{createTable(dialect, after, newName)};
    if (!targets.isEmpty())
        statements << QLatin1String("INSERT INTO ") + quotedNew + QLatin1String(" (") +
                          targets.join(QLatin1String(", ")) + QLatin1String(") SELECT ") +
                          sources.join(QLatin1String(", ")) + QLatin1String(" FROM ") +
                          dialect.quote(before.name);
    auto autoIncrement = [](const TableSchema &schema) {
        return std::any_of(schema.columns.cbegin(), schema.columns.cend(),
                           [](const ColumnSchema &column) { return column.autoIncrement; });
    };
    if (autoIncrement(before) && autoIncrement(after)) {
        statements << QLatin1String("DELETE FROM sqlite_sequence WHERE name = ") +
                          stringLiteral(newName)
                   << QLatin1String("INSERT INTO sqlite_sequence (name, seq) SELECT ") +
                          stringLiteral(newName) +
                          QLatin1String(", seq FROM sqlite_sequence WHERE name = ") +
                          stringLiteral(before.name);
    }
    statements << QLatin1String("DROP TABLE ") + dialect.quote(before.name)
               << QStringLiteral("PRAGMA legacy_alter_table = ON")
               << QLatin1String("ALTER TABLE ") + quotedNew + QLatin1String(" RENAME TO ") + table
               << QStringLiteral("PRAGMA legacy_alter_table = OFF");
    for (const IndexSchema &index : after.indexes)
        statements << dialect.createIndex(after.name, index);
    statements << catalog.triggers.value(before.name);
    return statements;
}

} // namespace Quarry::Private
