// MySQL and MariaDB: information_schema of DATABASE(). Two things read differently from
// the other backends and are worth knowing:
// - MariaDB (and MySQL with foreign_key_checks) needs an index on every foreign key and
//   creates one, named after the constraint, when no existing index starts with the
//   key's columns. That index is real (it costs writes and shows in SHOW INDEX), so it is
//   reported like any other index.
// - Defaults are normalised to what the other backends report: SQL text, with string
//   literals quoted. MariaDB (10.2.7+) already gives SQL text, but spells "no default"
//   as the word NULL; MySQL gives a literal's bare value and marks expressions with
//   DEFAULT_GENERATED in EXTRA.

#include "schemainspector_p.h"

#include <QRegularExpression>
#include <QSqlQuery>

namespace Quarry::Private {
namespace {

// "bigint(20) unsigned" -> "BIGINT UNSIGNED", "enum('a','b')" -> "ENUM('a','b')". Integer
// display widths are dropped (MySQL 8 no longer reports them, and they never limited the
// range), except TINYINT(1), the spelling of a boolean.
QString ddlTypeName(const QString &columnType)
{
    static const QRegularExpression displayWidth(
        QStringLiteral("^(tinyint|smallint|mediumint|int|integer|bigint)\\(\\d+\\)"),
        QRegularExpression::CaseInsensitiveOption);
    QString type = columnType;
    if (!type.startsWith(QLatin1String("tinyint(1)"), Qt::CaseInsensitive))
        type.replace(displayWidth, QStringLiteral("\\1"));
    // Upper case outside quotes only: ENUM and SET values are data.
    bool quoted = false;
    for (QChar &c : type) {
        if (c == u'\'')
            quoted = !quoted;
        else if (!quoted)
            c = c.toUpper();
    }
    return type;
}

bool isNumericType(const QString &type)
{
    static const QRegularExpression numeric(
        QStringLiteral("^(TINYINT|SMALLINT|MEDIUMINT|INT|INTEGER|BIGINT|DECIMAL|NUMERIC|FLOAT"
                       "|DOUBLE|REAL|BIT)\\b"));
    return numeric.match(type).hasMatch();
}

QString quoted(QString literal)
{
    return QLatin1Char('\'') + literal.replace(QLatin1Char('\''), QLatin1String("''")) +
           QLatin1Char('\'');
}

} // namespace

bool readMysqlSchema(SchemaReader &reader)
{
    QSqlQuery query(reader.connection()->database());
    if (!reader.run(query, QStringLiteral("SELECT VERSION()")))
        return false;
    const bool mariaDb =
        query.next() && query.value(0).toString().contains(QLatin1String("MariaDB"));

    if (!reader.run(query, QStringLiteral("SELECT TABLE_NAME FROM information_schema.TABLES "
                                          "WHERE TABLE_SCHEMA = DATABASE() "
                                          "AND TABLE_TYPE = 'BASE TABLE'")))
        return false;
    while (query.next())
        reader.addTable(query.value(0).toString());

    if (!reader.run(query, QStringLiteral("SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, "
                                          "IS_NULLABLE, COLUMN_DEFAULT, EXTRA "
                                          "FROM information_schema.COLUMNS "
                                          "WHERE TABLE_SCHEMA = DATABASE() "
                                          "ORDER BY TABLE_NAME, ORDINAL_POSITION")))
        return false;
    while (query.next()) {
        TableSchema *table = reader.table(query.value(0).toString());
        if (!table) // a view's columns
            continue;
        ColumnSchema &column = table->columns.emplace_back();
        column.name = query.value(1).toString();
        column.type = ddlTypeName(query.value(2).toString());
        column.nullable = query.value(3).toString() == QLatin1String("YES");
        const QString extra = query.value(5).toString();
        column.autoIncrement = extra.contains(QLatin1String("auto_increment"), Qt::CaseInsensitive);
        QString defaultValue = SchemaReader::text(query, 4);
        if (mariaDb) {
            // A default of the string 'NULL' comes quoted, so the bare word is no default.
            if (defaultValue == QLatin1String("NULL"))
                defaultValue = QString();
        } else if (!defaultValue.isNull() &&
                   !extra.contains(QLatin1String("DEFAULT_GENERATED"), Qt::CaseInsensitive) &&
                   !isNumericType(column.type)) {
            defaultValue = quoted(defaultValue);
        }
        column.defaultValue = defaultValue;
    }

    if (!reader.run(query, QStringLiteral("SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME "
                                          "FROM information_schema.STATISTICS "
                                          "WHERE TABLE_SCHEMA = DATABASE() "
                                          "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX")))
        return false;
    while (query.next()) {
        TableSchema *table = reader.table(query.value(0).toString());
        if (!table)
            continue;
        const QString name = query.value(1).toString();
        // NULL for a functional key part (MySQL 8); its expression is not kept here.
        const QString column = SchemaReader::text(query, 3);
        if (name == QLatin1String("PRIMARY")) {
            table->primaryKey.append(column);
            continue;
        }
        if (table->indexes.isEmpty() || table->indexes.last().name != name) {
            IndexSchema &index = table->indexes.emplace_back();
            index.name = name;
            index.unique = query.value(2).toInt() == 0;
        }
        table->indexes.last().columns.append(column.isNull() ? QStringLiteral("") : column);
    }

    if (!reader.run(query, QStringLiteral("SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, "
                                          "k.REFERENCED_TABLE_NAME, r.DELETE_RULE, "
                                          "k.COLUMN_NAME, k.REFERENCED_COLUMN_NAME "
                                          "FROM information_schema.KEY_COLUMN_USAGE k "
                                          "JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
                                          "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA "
                                          "AND r.TABLE_NAME = k.TABLE_NAME "
                                          "AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
                                          "WHERE k.TABLE_SCHEMA = DATABASE() "
                                          "AND k.REFERENCED_TABLE_NAME IS NOT NULL "
                                          "ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, "
                                          "k.ORDINAL_POSITION")))
        return false;
    while (query.next()) {
        TableSchema *table = reader.table(query.value(0).toString());
        if (!table)
            continue;
        const QString name = query.value(1).toString();
        if (table->foreignKeys.isEmpty() || table->foreignKeys.last().name != name) {
            ForeignKeySchema &foreignKey = table->foreignKeys.emplace_back();
            foreignKey.name = name;
            foreignKey.referencedTable = query.value(2).toString();
            foreignKey.onDelete = query.value(3).toString();
        }
        table->foreignKeys.last().columns.append(query.value(4).toString());
        table->foreignKeys.last().referencedColumns.append(query.value(5).toString());
    }
    return true;
}

} // namespace Quarry::Private
