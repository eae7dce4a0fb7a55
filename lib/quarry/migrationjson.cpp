#include "migrationjson_p.h"

#include "migrationcolumn_p.h"

#include <QJsonArray>

namespace Quarry::Private {

QStringList stringList(const QJsonValue &value)
{
    if (value.isString())
        return {value.toString()};
    QStringList list;
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString())
            return {};
        list << item.toString();
    }
    return list;
}

bool indexFromJson(const QJsonObject &json, IndexSchema *index, QString *problem)
{
    index->name = json.value(QLatin1String("name")).toString();
    index->columns = stringList(json.value(QLatin1String("columns")));
    index->unique = json.value(QLatin1String("unique")).toBool();
    if (index->columns.isEmpty()) {
        *problem = QStringLiteral("index '%1' needs \"columns\"").arg(index->name);
        return false;
    }
    return true;
}

QJsonObject indexToJson(const IndexSchema &index)
{
    return {{QStringLiteral("name"), index.name},
            {QStringLiteral("columns"), QJsonArray::fromStringList(index.columns)},
            {QStringLiteral("unique"), index.unique}};
}

bool foreignKeyFromJson(const QJsonObject &json, ForeignKeySchema *foreignKey, QString *problem)
{
    const QJsonObject references = json.value(QLatin1String("references")).toObject();
    foreignKey->name = json.value(QLatin1String("name")).toString();
    foreignKey->columns = stringList(json.value(QLatin1String("columns")));
    foreignKey->referencedTable = references.value(QLatin1String("table")).toString();
    foreignKey->referencedColumns = stringList(references.value(QLatin1String("columns")));
    const QString rule = json.value(QLatin1String("on_delete")).toString();
    foreignKey->onDelete = onDeleteRule(onDeleteFromRule(rule));
    if (foreignKey->columns.isEmpty() || foreignKey->referencedTable.isEmpty() ||
        foreignKey->referencedColumns.size() != foreignKey->columns.size()) {
        *problem = QStringLiteral("foreign key '%1' needs \"columns\" and \"references\": "
                                  "{\"table\", \"columns\"} of the same length")
                       .arg(foreignKey->name);
        return false;
    }
    if (!rule.isEmpty() && rule != QLatin1String("no_action") &&
        onDeleteFromRule(rule) == PropertyInfo::OnDelete::NoAction) {
        *problem = QStringLiteral("foreign key '%1': on_delete '%2': expected cascade, restrict, "
                                  "set_null or no_action")
                       .arg(foreignKey->name, rule);
        return false;
    }
    return true;
}

QJsonObject foreignKeyToJson(const ForeignKeySchema &foreignKey)
{
    QJsonObject json{{QStringLiteral("columns"), QJsonArray::fromStringList(foreignKey.columns)},
                     {QStringLiteral("references"),
                      QJsonObject{{QStringLiteral("table"), foreignKey.referencedTable},
                                  {QStringLiteral("columns"),
                                   QJsonArray::fromStringList(foreignKey.referencedColumns)}}}};
    if (!foreignKey.name.isEmpty())
        json.insert(QStringLiteral("name"), foreignKey.name);
    const PropertyInfo::OnDelete rule = onDeleteFromRule(foreignKey.onDelete);
    if (rule != PropertyInfo::OnDelete::NoAction)
        json.insert(QStringLiteral("on_delete"),
                    onDeleteRule(rule).toLower().replace(QLatin1Char(' '), QLatin1Char('_')));
    return json;
}

} // namespace Quarry::Private
