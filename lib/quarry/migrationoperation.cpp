// Operation: reading, writing and inverting the operations of migration files. Reading is
// strict (an unknown key or a missing table is reported with the operation named), so a
// typo in a hand-edited file stops the upgrade before any SQL runs.

#include "migrationoperation_p.h"

#include "migrationjson_p.h"

#include <QJsonArray>
#include <QSet>

namespace Quarry::Private {

namespace {

struct KindInfo {
    Operation::Kind kind;
    const char *name;
    const char *keys; // allowed keys besides "op"
};

const KindInfo kinds[] = {
    {Operation::Kind::CreateTable, "createTable", "table columns primary_key indexes foreign_keys"},
    {Operation::Kind::DropTable, "dropTable", "table columns primary_key indexes foreign_keys"},
    {Operation::Kind::RenameTable, "renameTable", "from to"},
    {Operation::Kind::AddColumn, "addColumn", "table column"},
    {Operation::Kind::DropColumn, "dropColumn", "table column"},
    {Operation::Kind::RenameColumn, "renameColumn", "table from to"},
    {Operation::Kind::AlterColumn, "alterColumn", "table column from to"},
    {Operation::Kind::CreateIndex, "createIndex", "table name columns unique"},
    {Operation::Kind::DropIndex, "dropIndex", "table name columns unique"},
    {Operation::Kind::AddForeignKey, "addForeignKey", "table name columns references on_delete"},
    {Operation::Kind::DropForeignKey, "dropForeignKey", "table name columns references on_delete"},
    {Operation::Kind::Sql, "sql", "table sql sqlite postgresql mysql mariadb reverse"},
};

const QStringList sqlKeys = {QStringLiteral("sql"), QStringLiteral("sqlite"),
                             QStringLiteral("postgresql"), QStringLiteral("mysql")};

bool readSql(const QJsonObject &json, QHash<QString, QStringList> *statements, QString *problem)
{
    for (const QString &key : sqlKeys) {
        // "mariadb" is accepted as another name of the MySQL dialect.
        const QJsonValue value = key == QLatin1String("mysql") && !json.contains(key)
                                     ? json.value(QLatin1String("mariadb"))
                                     : json.value(key);
        if (value.isUndefined())
            continue;
        const QStringList list = stringList(value);
        if (list.isEmpty() && !(value.isArray() && value.toArray().isEmpty())) {
            *problem = QStringLiteral("\"%1\" must be a statement or a list of statements").arg(key);
            return false;
        }
        statements->insert(key, list);
    }
    return true;
}

QJsonObject writeSql(const QHash<QString, QStringList> &statements)
{
    QJsonObject json;
    for (auto it = statements.cbegin(); it != statements.cend(); ++it) {
        json.insert(it.key(), it->size() == 1 ? QJsonValue(it->first())
                                              : QJsonValue(QJsonArray::fromStringList(*it)));
    }
    return json;
}

bool columnFromJson(const QJsonValue &value, const QString &name, ColumnDefinition *column,
                    QString *problem)
{
    QJsonObject json = value.toObject();
    if (!name.isEmpty() && !json.contains(QLatin1String("name")))
        json.insert(QStringLiteral("name"), name);
    return ColumnDefinition::fromJson(json, column, problem);
}

QJsonObject columnWithoutName(const ColumnDefinition &column)
{
    QJsonObject json = column.toJson();
    json.remove(QStringLiteral("name"));
    return json;
}

} // namespace

QString Operation::kindName(Kind kind)
{
    for (const KindInfo &info : kinds) {
        if (info.kind == kind)
            return QString::fromLatin1(info.name);
    }
    return {};
}

bool Operation::fromJson(const QJsonObject &json, const Dialect &dialect, Operation *operation,
                         QString *problem)
{
    const QString name = json.value(QLatin1String("op")).toString();
    const KindInfo *info = nullptr;
    for (const KindInfo &candidate : kinds) {
        if (name == QLatin1String(candidate.name))
            info = &candidate;
    }
    if (!info) {
        *problem = QStringLiteral("unknown operation \"op\": \"%1\"").arg(name);
        return false;
    }
    const QStringList allowed = QString::fromLatin1(info->keys).split(QLatin1Char(' '));
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (it.key() != QLatin1String("op") && !allowed.contains(it.key())) {
            *problem = QStringLiteral("%1: unknown key '%2'").arg(name, it.key());
            return false;
        }
    }
    Operation result;
    result.kind = info->kind;
    result.table = json.value(QLatin1String("table")).toString();
    result.from = json.value(QLatin1String("from")).toString();
    result.to = json.value(QLatin1String("to")).toString();
    auto fail = [&](const QString &message) {
        *problem = name + QStringLiteral(": ") + message;
        return false;
    };
    const bool needsTable = result.kind != Kind::RenameTable && result.kind != Kind::Sql;
    if (needsTable && result.table.isEmpty())
        return fail(QStringLiteral("\"table\" is missing"));

    switch (result.kind) {
    case Kind::CreateTable:
    case Kind::DropTable: {
        if (result.kind == Kind::DropTable && !json.contains(QLatin1String("columns"))) {
            result.reversible = false;
            result.definition.name = result.table;
            break;
        }
        QString tableProblem;
        if (!TableDefinition::fromJson(json, &result.definition, &tableProblem))
            return fail(tableProblem);
        break;
    }
    case Kind::RenameTable:
    case Kind::RenameColumn:
        if (result.from.isEmpty() || result.to.isEmpty())
            return fail(QStringLiteral("\"from\" and \"to\" are needed"));
        if (result.kind == Kind::RenameTable)
            result.table = result.from;
        break;
    case Kind::AddColumn:
    case Kind::DropColumn: {
        const QJsonValue value = json.value(QLatin1String("column"));
        if (result.kind == Kind::DropColumn && value.isString()) {
            result.column.name = value.toString();
            result.reversible = false;
            break;
        }
        if (!value.isObject())
            return fail(QStringLiteral("\"column\" must be a column object"));
        QString columnProblem;
        if (!columnFromJson(value, {}, &result.column, &columnProblem))
            return fail(columnProblem);
        break;
    }
    case Kind::AlterColumn: {
        const QString column = json.value(QLatin1String("column")).toString();
        if (column.isEmpty() || !json.value(QLatin1String("to")).isObject())
            return fail(QStringLiteral("\"column\" (a name) and \"to\" (a column) are needed"));
        result.from.clear();
        result.to.clear();
        QString columnProblem;
        if (!columnFromJson(json.value(QLatin1String("to")), column, &result.column,
                            &columnProblem))
            return fail(columnProblem);
        if (json.value(QLatin1String("from")).isObject()) {
            if (!columnFromJson(json.value(QLatin1String("from")), column, &result.fromColumn,
                                &columnProblem))
                return fail(columnProblem);
        } else {
            result.reversible = false;
        }
        if (result.column.name != column ||
            (result.reversible && result.fromColumn.name != column))
            return fail(QStringLiteral("\"from\" and \"to\" must not rename the column (use "
                                       "renameColumn)"));
        break;
    }
    case Kind::CreateIndex:
    case Kind::DropIndex: {
        result.index.name = json.value(QLatin1String("name")).toString();
        result.index.columns = stringList(json.value(QLatin1String("columns")));
        result.index.unique = json.value(QLatin1String("unique")).toBool();
        if (result.index.columns.isEmpty()) {
            if (result.kind == Kind::CreateIndex || result.index.name.isEmpty())
                return fail(QStringLiteral("\"columns\" are needed"));
            result.reversible = false;
        }
        if (result.index.name.isEmpty())
            result.index.name = dialect.constraintName(
                result.index.unique ? QStringLiteral("uq") : QStringLiteral("ix"), result.table,
                result.index.columns);
        break;
    }
    case Kind::AddForeignKey:
    case Kind::DropForeignKey: {
        if (result.kind == Kind::DropForeignKey && !json.contains(QLatin1String("references"))) {
            result.foreignKey.name = json.value(QLatin1String("name")).toString();
            if (result.foreignKey.name.isEmpty())
                return fail(QStringLiteral("\"name\" is needed"));
            result.reversible = false;
            break;
        }
        QString keyProblem;
        if (!foreignKeyFromJson(json, &result.foreignKey, &keyProblem))
            return fail(keyProblem);
        if (result.foreignKey.name.isEmpty())
            result.foreignKey.name =
                dialect.constraintName(QStringLiteral("fk"), result.table, result.foreignKey.columns);
        break;
    }
    case Kind::Sql: {
        QString sqlProblem;
        if (!readSql(json, &result.sql, &sqlProblem))
            return fail(sqlProblem);
        if (result.sql.isEmpty())
            return fail(QStringLiteral("give \"sql\" or a statement per backend (\"sqlite\", "
                                       "\"postgresql\", \"mysql\")"));
        const QJsonValue reverse = json.value(QLatin1String("reverse"));
        result.reversible = reverse.isObject();
        if (!reverse.isUndefined() && !reverse.isObject())
            return fail(QStringLiteral("\"reverse\" must be an object like the operation"));
        if (result.reversible && !readSql(reverse.toObject(), &result.reverseSql, &sqlProblem))
            return fail(QStringLiteral("reverse: ") + sqlProblem);
        break;
    }
    }
    *operation = result;
    return true;
}

QJsonObject Operation::toJson() const
{
    QJsonObject json{{QStringLiteral("op"), kindName(kind)}};
    if (kind != Kind::RenameTable && !table.isEmpty())
        json.insert(QStringLiteral("table"), table);
    switch (kind) {
    case Kind::CreateTable:
    case Kind::DropTable:
        if (reversible || kind == Kind::CreateTable)
            definition.writeJson(&json);
        break;
    case Kind::RenameTable:
    case Kind::RenameColumn:
        json.insert(QStringLiteral("from"), from);
        json.insert(QStringLiteral("to"), to);
        break;
    case Kind::AddColumn:
    case Kind::DropColumn:
        json.insert(QStringLiteral("column"), reversible || kind == Kind::AddColumn
                                                  ? QJsonValue(column.toJson())
                                                  : QJsonValue(column.name));
        break;
    case Kind::AlterColumn:
        json.insert(QStringLiteral("column"), column.name);
        if (reversible)
            json.insert(QStringLiteral("from"), columnWithoutName(fromColumn));
        json.insert(QStringLiteral("to"), columnWithoutName(column));
        break;
    case Kind::CreateIndex:
    case Kind::DropIndex: {
        const QJsonObject index = indexToJson(this->index);
        for (auto it = index.begin(); it != index.end(); ++it)
            json.insert(it.key(), it.value());
        break;
    }
    case Kind::AddForeignKey:
    case Kind::DropForeignKey: {
        if (!reversible) {
            json.insert(QStringLiteral("name"), foreignKey.name);
            break;
        }
        const QJsonObject key = foreignKeyToJson(foreignKey);
        for (auto it = key.begin(); it != key.end(); ++it)
            json.insert(it.key(), it.value());
        break;
    }
    case Kind::Sql: {
        const QJsonObject statements = writeSql(sql);
        for (auto it = statements.begin(); it != statements.end(); ++it)
            json.insert(it.key(), it.value());
        if (reversible)
            json.insert(QStringLiteral("reverse"), writeSql(reverseSql));
        break;
    }
    }
    return json;
}

bool Operation::inverse(Operation *reverse, QString *reason) const
{
    if (!reversible) {
        switch (kind) {
        case Kind::DropTable:
            *reason = QStringLiteral("it does not record the table's columns");
            break;
        case Kind::DropColumn:
            *reason = QStringLiteral("it does not record the column's definition");
            break;
        case Kind::AlterColumn:
            *reason = QStringLiteral("it does not record the column as it was (\"from\")");
            break;
        case Kind::DropIndex:
            *reason = QStringLiteral("it does not record the index's columns");
            break;
        case Kind::DropForeignKey:
            *reason = QStringLiteral("it does not record the key's columns and references");
            break;
        default:
            *reason = QStringLiteral("it has no \"reverse\"");
            break;
        }
        *reason = describe() + QStringLiteral(" cannot be reversed: ") + *reason;
        return false;
    }
    Operation result = *this;
    switch (kind) {
    case Kind::CreateTable: result.kind = Kind::DropTable; break;
    case Kind::DropTable: result.kind = Kind::CreateTable; break;
    case Kind::AddColumn: result.kind = Kind::DropColumn; break;
    case Kind::DropColumn: result.kind = Kind::AddColumn; break;
    case Kind::CreateIndex: result.kind = Kind::DropIndex; break;
    case Kind::DropIndex: result.kind = Kind::CreateIndex; break;
    case Kind::AddForeignKey: result.kind = Kind::DropForeignKey; break;
    case Kind::DropForeignKey: result.kind = Kind::AddForeignKey; break;
    case Kind::RenameTable:
        result.from = to;
        result.to = from;
        result.table = to;
        break;
    case Kind::RenameColumn:
        result.from = to;
        result.to = from;
        break;
    case Kind::AlterColumn:
        result.column = fromColumn;
        result.fromColumn = column;
        break;
    case Kind::Sql:
        result.sql = reverseSql;
        result.reverseSql = sql;
        break;
    }
    *reverse = result;
    return true;
}

QString Operation::describe() const
{
    const QString name = kindName(kind);
    switch (kind) {
    case Kind::CreateTable:
    case Kind::DropTable:
        return name + QLatin1Char(' ') + table;
    case Kind::RenameTable:
        return name + QLatin1Char(' ') + from + QLatin1String(" -> ") + to;
    case Kind::AddColumn:
    case Kind::DropColumn:
    case Kind::AlterColumn:
        return name + QLatin1Char(' ') + table + QLatin1Char('.') + column.name;
    case Kind::RenameColumn:
        return name + QLatin1Char(' ') + table + QLatin1Char('.') + from + QLatin1String(" -> ") +
               to;
    case Kind::CreateIndex:
    case Kind::DropIndex:
        return name + QLatin1Char(' ') + index.name + QLatin1String(" on ") + table;
    case Kind::AddForeignKey:
    case Kind::DropForeignKey:
        return name + QLatin1Char(' ') + foreignKey.name + QLatin1String(" on ") + table;
    case Kind::Sql:
        return table.isEmpty() ? name : name + QLatin1String(" on ") + table;
    }
    return name;
}

QStringList Operation::sqlFor(const QString &dialectName) const
{
    return sql.value(dialectName, sql.value(QStringLiteral("sql")));
}

} // namespace Quarry::Private
