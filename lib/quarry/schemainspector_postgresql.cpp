// PostgreSQL: read from pg_catalog rather than information_schema, which hides tables the
// user holds no privilege on, splits a type from its modifiers (data_type "character
// varying" apart from character_maximum_length) and has no view of indexes at all.
// Tables are those of current_schema().

#include "schemainspector_p.h"

#include <QRegularExpression>
#include <QSqlQuery>

namespace Quarry::Private {
namespace {

// format_type() speaks SQL-standard long forms; show what a CREATE TABLE says instead.
// "character varying(50)" -> "VARCHAR(50)", "timestamp(3) without time zone" ->
// "TIMESTAMP(3)", "double precision" -> "DOUBLE PRECISION". Types outside pg_catalog
// (enums, domains) are case-sensitive names and stay as they are.
QString ddlTypeName(const QString &formattedType, bool builtIn)
{
    if (!builtIn)
        return formattedType;
    QString type = formattedType.toUpper();
    type.replace(QLatin1String("CHARACTER VARYING"), QLatin1String("VARCHAR"));
    if (type.startsWith(QLatin1String("CHARACTER")))
        type = QLatin1String("CHAR") + type.mid(9);
    type.replace(QLatin1String("BIT VARYING"), QLatin1String("VARBIT"));
    type.remove(QLatin1String(" WITHOUT TIME ZONE"));
    return type;
}

// PostgreSQL stores a literal default with a cast ('x'::character varying, 'abc'::bpchar,
// '-1'::integer, and '-1.5'::numeric even on a DOUBLE PRECISION column). A cast to the
// column's own type, or of a number to a number type, says nothing the column type does
// not, so it is dropped and the default reads as on the other backends: 'x', 'abc', -1,
// -1.5. Anything else stays verbatim.
QString plainDefault(const QString &expression, const QStringList &columnTypeNames)
{
    static const QRegularExpression castLiteral(QStringLiteral("^'((?:[^']|'')*)'::(.+)$"));
    static const QRegularExpression number(
        QStringLiteral("^[-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?$"));
    static const QStringList numberTypes{
        QStringLiteral("smallint"), QStringLiteral("integer"), QStringLiteral("bigint"),
        QStringLiteral("numeric"),  QStringLiteral("real"),    QStringLiteral("double precision")};
    const QRegularExpressionMatch match = castLiteral.match(expression);
    if (!match.hasMatch())
        return expression;
    const QString content = match.captured(1);
    const QString castType = match.captured(2);
    if (numberTypes.contains(castType) && number.match(content).hasMatch())
        return content;
    if (columnTypeNames.contains(castType))
        return QLatin1Char('\'') + content + QLatin1Char('\'');
    return expression;
}

QString deleteRule(const QString &code)
{
    switch (code.isEmpty() ? u'a' : code.at(0).unicode()) {
    case u'r':
        return QStringLiteral("RESTRICT");
    case u'c':
        return QStringLiteral("CASCADE");
    case u'n':
        return QStringLiteral("SET NULL");
    case u'd':
        return QStringLiteral("SET DEFAULT");
    default:
        return QStringLiteral("NO ACTION");
    }
}

// Partitions are storage of their partitioned table, not tables of their own here.
const char userTables[] = "c.relnamespace = current_schema()::regnamespace "
                          "AND c.relkind IN ('r', 'p') AND NOT c.relispartition";

} // namespace

bool readPostgresqlSchema(SchemaReader &reader)
{
    QSqlQuery query(reader.connection()->database());
    if (!reader.run(query, QStringLiteral("SELECT c.relname FROM pg_class c WHERE ") +
                               QLatin1String(userTables)))
        return false;
    while (query.next())
        reader.addTable(query.value(0).toString());

    if (!reader.run(
            query,
            QStringLiteral("SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
                           "t.typnamespace = 'pg_catalog'::regnamespace, a.attnotnull, "
                           "pg_get_expr(d.adbin, d.adrelid), a.attidentity <> '', "
                           "a.attgenerated <> '', format_type(a.atttypid, NULL), t.typname "
                           "FROM pg_class c "
                           "JOIN pg_attribute a ON a.attrelid = c.oid "
                           "AND a.attnum > 0 AND NOT a.attisdropped "
                           "JOIN pg_type t ON t.oid = a.atttypid "
                           "LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum "
                           "WHERE ") +
                QLatin1String(userTables) + QStringLiteral(" ORDER BY c.relname, a.attnum")))
        return false;
    while (query.next()) {
        TableSchema *table = reader.table(query.value(0).toString());
        if (!table)
            continue;
        ColumnSchema &column = table->columns.emplace_back();
        column.name = query.value(1).toString();
        column.type = ddlTypeName(query.value(2).toString(), query.value(3).toBool());
        column.nullable = !query.value(4).toBool();
        const QString expression = SchemaReader::text(query, 5);
        const bool identity = query.value(6).toBool();
        const bool generated = query.value(7).toBool(); // its expression is no default
        // serial columns are a sequence behind a nextval() default.
        const bool serial = expression.startsWith(QLatin1String("nextval("));
        column.autoIncrement = identity || serial;
        if (!column.autoIncrement && !generated && !expression.isNull())
            column.defaultValue =
                plainDefault(expression, {query.value(8).toString(), query.value(9).toString()});
    }

    // Index columns in key order (INCLUDE columns left out); an expression key is shown
    // as its text, the way pg_get_indexdef prints it.
    if (!reader.run(query, QStringLiteral(
                               "SELECT c.relname, i.relname, x.indisprimary, x.indisunique, "
                               "a.attname, pg_get_indexdef(x.indexrelid, k.position::int, false) "
                               "FROM pg_index x "
                               "JOIN pg_class c ON c.oid = x.indrelid "
                               "JOIN pg_class i ON i.oid = x.indexrelid "
                               "CROSS JOIN LATERAL unnest(x.indkey::int2[]) "
                               "WITH ORDINALITY AS k(attnum, position) "
                               "LEFT JOIN pg_attribute a ON a.attrelid = c.oid "
                               "AND a.attnum = k.attnum AND k.attnum > 0 "
                               "WHERE k.position <= x.indnkeyatts AND ") +
                               QLatin1String(userTables) +
                               QStringLiteral(" ORDER BY c.relname, i.relname, k.position")))
        return false;
    while (query.next()) {
        TableSchema *table = reader.table(query.value(0).toString());
        if (!table)
            continue;
        const QString name = query.value(1).toString();
        const QString column =
            query.isNull(4) ? query.value(5).toString() : query.value(4).toString();
        if (query.value(2).toBool()) {
            table->primaryKey.append(column);
            continue;
        }
        if (table->indexes.isEmpty() || table->indexes.last().name != name) {
            IndexSchema &index = table->indexes.emplace_back();
            index.name = name;
            index.unique = query.value(3).toBool();
        }
        table->indexes.last().columns.append(column);
    }

    if (!reader.run(query, QStringLiteral("SELECT c.relname, k.conname, r.relname, k.confdeltype, "
                                          "a.attname, ra.attname "
                                          "FROM pg_constraint k "
                                          "JOIN pg_class c ON c.oid = k.conrelid "
                                          "JOIN pg_class r ON r.oid = k.confrelid "
                                          "CROSS JOIN LATERAL unnest(k.conkey, k.confkey) "
                                          "WITH ORDINALITY AS u(attnum, referenced, position) "
                                          "JOIN pg_attribute a ON a.attrelid = k.conrelid "
                                          "AND a.attnum = u.attnum "
                                          "JOIN pg_attribute ra ON ra.attrelid = k.confrelid "
                                          "AND ra.attnum = u.referenced "
                                          "WHERE k.contype = 'f' AND ") +
                               QLatin1String(userTables) +
                               QStringLiteral(" ORDER BY c.relname, k.conname, u.position")))
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
            foreignKey.onDelete = deleteRule(query.value(3).toString());
        }
        table->foreignKeys.last().columns.append(query.value(4).toString());
        table->foreignKeys.last().referencedColumns.append(query.value(5).toString());
    }
    return true;
}

} // namespace Quarry::Private
