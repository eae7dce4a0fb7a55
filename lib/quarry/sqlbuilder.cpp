#include "sqlbuilder_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QScopedValueRollback>

namespace Quarry::Private {

namespace {

// Up to this many values an IN list is bound value by value; a longer one is bound as a
// single JSON array (Dialect::jsonArrayElements), or, for the few column types JSON cannot
// carry, split into ORed groups of this size.
constexpr int inListChunk = 1000;

Error invalid(const QString &message)
{
    return Error(Error::InvalidQuery, message);
}

QString functionName(Field::Function function)
{
    switch (function) {
    case Field::Function::Count: return QStringLiteral("COUNT");
    case Field::Function::Sum: return QStringLiteral("SUM");
    case Field::Function::Average: return QStringLiteral("AVG");
    case Field::Function::Minimum: return QStringLiteral("MIN");
    case Field::Function::Maximum: return QStringLiteral("MAX");
    case Field::Function::None: break;
    }
    return {};
}

// Bound values as a JSON array: integers keep all 64 bits (QJsonValue would round them
// through double), text is escaped by QJsonDocument.
QString jsonArrayText(const QVariantList &values)
{
    QString text = QStringLiteral("[");
    for (int i = 0; i < values.size(); ++i) {
        const QVariant &value = values.at(i);
        if (i)
            text += QLatin1Char(',');
        switch (value.metaType().id()) {
        case QMetaType::Bool:
            text += value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
            break;
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::ULongLong:
            text += value.toString();
            break;
        case QMetaType::Double:
            text += QString::number(value.toDouble(), 'g', 17);
            break;
        default:
            if (value.isNull()) {
                text += QStringLiteral("null");
            } else {
                const QByteArray item = QJsonDocument(QJsonArray{value.toString()}).toJson(QJsonDocument::Compact);
                text += QString::fromUtf8(item.mid(1, item.size() - 2));
            }
        }
    }
    return text + QLatin1Char(']');
}

QString placeholders(int count)
{
    QString text;
    text.reserve(count * 3);
    for (int i = 0; i < count; ++i)
        text += i ? QStringLiteral(", ?") : QStringLiteral("?");
    return text;
}

} // namespace

SqlBuilder::SqlBuilder(const Dialect *dialect, const EntityInfo *entity, EntityResolver resolve,
                       const QString &alias)
    : m_dialect(dialect),
      m_entity(entity),
      m_resolve(std::move(resolve)),
      m_tableName(dialect->quote(entity->tableName())),
      m_table(alias.isEmpty() ? m_tableName : dialect->quote(alias))
{
}

QString SqlBuilder::column(const PropertyInfo &property) const
{
    return m_table + QLatin1Char('.') + m_dialect->quote(property.column());
}

QString SqlBuilder::inList(const QString &columnSql, const PropertyInfo *typeProperty,
                           const QVariantList &values, QVariantList *binds) const
{
    const bool plainFits = m_plainInLists
        && binds->size() + values.size() <= m_dialect->maxBoundValues();
    if (values.size() > inListChunk && typeProperty && !plainFits) {
        const QString elements = m_dialect->jsonArrayElements(*typeProperty);
        if (!elements.isEmpty()) {
            binds->append(jsonArrayText(values));
            return columnSql + QStringLiteral(" IN (") + elements + QLatin1Char(')');
        }
    }
    const int chunks = int((values.size() + inListChunk - 1) / inListChunk);
    QString sql;
    if (chunks > 1)
        sql += QLatin1Char('(');
    for (int chunk = 0; chunk < chunks; ++chunk) {
        const int begin = chunk * inListChunk;
        const int size = int(std::min<qsizetype>(inListChunk, values.size() - begin));
        if (chunk)
            sql += QStringLiteral(" OR ");
        sql += columnSql + QStringLiteral(" IN (") + placeholders(size) + QLatin1Char(')');
        binds->append(values.mid(begin, size));
    }
    if (chunks > 1)
        sql += QLatin1Char(')');
    return sql;
}

Statement SqlBuilder::selectThroughAssociation(const QString &link, const QString &ownerColumn,
                                               const QString &targetColumn,
                                               const PropertyInfo &ownerKey,
                                               const QVariantList &ownerKeys) const
{
    const QString linkTable = m_dialect->quote(link);
    const QString owner = linkTable + QLatin1Char('.') + m_dialect->quote(ownerColumn);
    Statement statement;
    statement.sql = QStringLiteral("SELECT ") + owner + QStringLiteral(", ") + columnList()
        + QStringLiteral(" FROM ") + m_table + QStringLiteral(" JOIN ") + linkTable
        + QStringLiteral(" ON ") + linkTable + QLatin1Char('.') + m_dialect->quote(targetColumn)
        + QStringLiteral(" = ") + column(m_entity->primaryKey()) + QStringLiteral(" WHERE ");
    QVariantList bound;
    for (const QVariant &key : ownerKeys)
        bound.append(m_dialect->toDatabase(ownerKey, key));
    statement.sql += inList(owner, &ownerKey, bound, &statement.values);
    statement.sql += QStringLiteral(" ORDER BY ") + column(m_entity->primaryKey());
    return statement;
}

QString SqlBuilder::columnList() const
{
    // Built once per builder: every SELECT of the entity and every get() starts with it.
    if (m_columnList.isNull()) {
        QStringList columns;
        for (const PropertyInfo &property : m_entity->properties())
            columns << column(property);
        m_columnList = columns.join(QStringLiteral(", "));
    }
    return m_columnList;
}

QVariant SqlBuilder::bindValue(const PropertyInfo &property, const QVariant &value) const
{
    QVariant plain = value;
    if (!value.isNull() && value.isValid()) {
        const bool isText = value.metaType().id() == QMetaType::QString;
        if (property.storage() == PropertyInfo::Storage::EnumName && !isText) {
            const char *key = property.metaProperty().enumerator().valueToKey(value.toInt());
            plain = key ? QString::fromLatin1(key) : value.toString();
        } else if (property.storage() == PropertyInfo::Storage::EnumInt && isText) {
            plain = property.metaProperty().enumerator().keyToValue(value.toString().toLatin1());
        }
    }
    return m_dialect->toDatabase(property, plain);
}

bool SqlBuilder::renderField(const Field &field, QString *sql, const PropertyInfo **property,
                             Error *error) const
{
    *property = nullptr;
    const QString name = field.property();
    if (name.contains(QLatin1Char('.'))) {
        QString columnSql;
        if (!renderPath(name, &columnSql, property, error))
            return false;
        if (!field.isAggregate()) {
            *sql += columnSql;
            return true;
        }
        *sql += functionName(field.function()) + QLatin1Char('(') + columnSql + QLatin1Char(')');
        return true;
    }
    if (!name.isEmpty()) {
        *property = m_entity->property(name);
        if (!*property) {
            *error = invalid(QStringLiteral("%1 has no mapped property '%2'")
                                 .arg(m_entity->className(), name));
            return false;
        }
    }
    if (!field.isAggregate()) {
        if (!*property) {
            *error = invalid(QStringLiteral("a field needs a property name"));
            return false;
        }
        *sql += column(**property);
        return true;
    }
    if (!*property && field.function() != Field::Function::Count) {
        *error = invalid(QStringLiteral("%1() needs a property").arg(functionName(field.function())));
        return false;
    }
    *sql += functionName(field.function()) + QLatin1Char('(')
        + (*property ? column(**property) : QStringLiteral("*")) + QLatin1Char(')');
    return true;
}

bool SqlBuilder::renderCondition(const Condition &condition, QString *sql, QVariantList *values,
                                 Error *error) const
{
    using Type = Condition::Type;
    const ConditionData &data = condition.data();
    const PropertyInfo *property = nullptr;
    // Values compared with a column are converted like the column's own values; counts,
    // sums and averages are plain numbers.
    auto bind = [&](const QVariant &value) {
        const bool typed = property
            && (data.field.function() == Field::Function::None
                || data.field.function() == Field::Function::Minimum
                || data.field.function() == Field::Function::Maximum);
        values->append(typed ? bindValue(*property, value) : value);
    };
    switch (data.type) {
    case Type::All:
        *sql += QStringLiteral("1 = 1");
        return true;
    case Type::None:
        *sql += QStringLiteral("1 = 0");
        return true;
    case Type::Compare:
        if (!renderField(data.field, sql, &property, error))
            return false;
        *sql += QLatin1Char(' ') + data.op + QStringLiteral(" ?");
        bind(data.values.constFirst());
        return true;
    case Type::CompareFields: {
        if (!renderField(data.field, sql, &property, error))
            return false;
        *sql += QLatin1Char(' ') + data.op + QLatin1Char(' ');
        const PropertyInfo *other = nullptr;
        return renderField(data.otherField, sql, &other, error);
    }
    case Type::Between:
        if (!renderField(data.field, sql, &property, error))
            return false;
        *sql += QStringLiteral(" BETWEEN ? AND ?");
        bind(data.values.at(0));
        bind(data.values.at(1));
        return true;
    case Type::In: {
        QString columnSql;
        if (!renderField(data.field, &columnSql, &property, error))
            return false;
        const bool typed = property && !data.field.isAggregate();
        if (typed) {
            QVariantList bound;
            bound.reserve(data.values.size());
            for (const QVariant &value : data.values)
                bound.append(bindValue(*property, value));
            *sql += inList(columnSql, property, bound, values);
        } else {
            *sql += inList(columnSql, nullptr, data.values, values);
        }
        return true;
    }
    case Type::Like: {
        QString columnSql;
        if (!renderField(data.field, &columnSql, &property, error))
            return false;
        const bool insensitive = data.caseSensitivity == Qt::CaseInsensitive;
        *sql += insensitive ? QStringLiteral("LOWER(") + columnSql + QStringLiteral(") LIKE LOWER(?)")
                            : columnSql + QStringLiteral(" LIKE ?");
        if (data.escaped)
            *sql += QStringLiteral(" ESCAPE '!'");
        values->append(data.values.constFirst());
        return true;
    }
    case Type::IsNull:
        if (!renderField(data.field, sql, &property, error))
            return false;
        *sql += QStringLiteral(" IS NULL");
        return true;
    case Type::And:
    case Type::Or: {
        const QString joiner = data.type == Type::And ? QStringLiteral(" AND ") : QStringLiteral(" OR ");
        *sql += QLatin1Char('(');
        for (int i = 0; i < data.children.size(); ++i) {
            if (i)
                *sql += joiner;
            if (!renderCondition(data.children.at(i), sql, values, error))
                return false;
        }
        *sql += QLatin1Char(')');
        return true;
    }
    case Type::Has:
        return renderHas(data, sql, values, error);
    case Type::Not: {
        const Condition &inner = data.children.constFirst();
        if (inner.type() == Type::IsNull) {
            if (!renderField(inner.data().field, sql, &property, error))
                return false;
            *sql += QStringLiteral(" IS NOT NULL");
            return true;
        }
        *sql += QStringLiteral("NOT (");
        if (!renderCondition(inner, sql, values, error))
            return false;
        *sql += QLatin1Char(')');
        return true;
    }
    }
    return false;
}

bool SqlBuilder::renderWhere(const QueryData &query, QString *sql, QVariantList *values,
                             Error *error) const
{
    if (query.where.isEmpty())
        return true;
    *sql += QStringLiteral(" WHERE ");
    return renderCondition(query.where, sql, values, error);
}

bool SqlBuilder::renderTail(const QueryData &query, bool withOrder, QString *sql,
                            QVariantList *values, Error *error) const
{
    if (!renderWhere(query, sql, values, error))
        return false;
    if (!query.groupBy.isEmpty()) {
        *sql += QStringLiteral(" GROUP BY ");
        for (int i = 0; i < query.groupBy.size(); ++i) {
            const PropertyInfo *property = nullptr;
            if (i)
                *sql += QStringLiteral(", ");
            if (!renderField(query.groupBy.at(i), sql, &property, error))
                return false;
        }
    }
    if (!query.having.isEmpty()) {
        if (query.groupBy.isEmpty()) {
            *error = invalid(QStringLiteral("having() needs groupBy()"));
            return false;
        }
        *sql += QStringLiteral(" HAVING ");
        if (!renderCondition(query.having, sql, values, error))
            return false;
    }
    if (withOrder && !query.orderBy.isEmpty()) {
        *sql += QStringLiteral(" ORDER BY ");
        for (int i = 0; i < query.orderBy.size(); ++i) {
            QString expression;
            const PropertyInfo *property = nullptr;
            if (!renderField(query.orderBy.at(i).first, &expression, &property, error))
                return false;
            if (i)
                *sql += QStringLiteral(", ");
            *sql += m_dialect->orderTerm(expression, query.orderBy.at(i).second);
        }
    }
    *sql += m_dialect->limitClause(query.limit, query.offset);
    return true;
}

bool SqlBuilder::select(const QueryData &query, Statement *statement, Error *error) const
{
    beginStatement(&query);
    return finishSelect(query, (query.distinct ? QStringLiteral("DISTINCT ") : QString()) + columnList(),
                        Tail::Ordered, statement, error);
}

bool SqlBuilder::selectValues(const QueryData &query, const QList<Field> &fields,
                              Statement *statement, Error *error) const
{
    if (fields.isEmpty()) {
        *error = invalid(QStringLiteral("values() needs at least one field"));
        return false;
    }
    beginStatement(&query);
    m_allowToMany = true; // "authors with their book counts": count("books.id")
    QString selected = query.distinct ? QStringLiteral("DISTINCT ") : QString();
    for (int i = 0; i < fields.size(); ++i) {
        const PropertyInfo *property = nullptr;
        if (i)
            selected += QStringLiteral(", ");
        if (!renderField(fields.at(i), &selected, &property, error))
            return false;
    }
    return finishSelect(query, selected, Tail::Ordered, statement, error);
}

bool SqlBuilder::count(const QueryData &query, Statement *statement, Error *error) const
{
    statement->values.clear();
    const bool needsSubquery = query.distinct || query.limit >= 0 || query.offset >= 0
        || !query.groupBy.isEmpty();
    if (!needsSubquery) {
        beginStatement(&query);
        return finishSelect(query, QStringLiteral("COUNT(*)"), Tail::Unordered, statement, error);
    }
    // A grouped query counts its groups. Its subquery selects the grouping columns only:
    // PostgreSQL refuses other columns next to a GROUP BY.
    Statement inner;
    const bool built = query.groupBy.isEmpty() ? select(query, &inner, error)
                                               : selectValues(query, query.groupBy, &inner, error);
    if (!built)
        return false;
    statement->sql = QStringLiteral("SELECT COUNT(*) FROM (") + inner.sql + QStringLiteral(") AS q");
    statement->values = inner.values;
    return true;
}

bool SqlBuilder::aggregate(const QueryData &query, const Field &aggregate, Statement *statement,
                           Error *error) const
{
    if (!aggregate.isAggregate()) {
        *error = invalid(QStringLiteral("aggregate() needs count(), sum(), avg(), min() or max()"));
        return false;
    }
    if (!query.groupBy.isEmpty()) {
        *error = invalid(QStringLiteral("aggregate() gives one value: use values() for a "
                                        "grouped query"));
        return false;
    }
    if (query.limit < 0 && query.offset < 0 && !query.distinct) {
        QueryData plain = query;
        plain.orderBy.clear();
        return selectValues(plain, {aggregate}, statement, error);
    }
    // Over a window of rows: aggregate the rows the query returns, not the whole table.
    if (aggregate.property().contains(QLatin1Char('.'))) {
        *error = invalid(QStringLiteral("aggregate() over a relation path cannot use limit, "
                                        "offset or distinct"));
        return false;
    }
    QString expression;
    const PropertyInfo *property = nullptr;
    if (!renderField(aggregate, &expression, &property, error))
        return false;
    Statement inner;
    if (!select(query, &inner, error))
        return false;
    const QString column = property ? QStringLiteral("q.") + m_dialect->quote(property->column())
                                    : QStringLiteral("*");
    statement->sql = QStringLiteral("SELECT ") + functionName(aggregate.function())
        + QLatin1Char('(') + column + QStringLiteral(") FROM (") + inner.sql
        + QStringLiteral(") AS q");
    statement->values = inner.values;
    return true;
}

bool SqlBuilder::exists(const QueryData &query, Statement *statement, Error *error) const
{
    QueryData limited = query;
    limited.limit = 1;
    limited.orderBy.clear();
    beginStatement(&limited);
    return finishSelect(limited, QStringLiteral("1"), Tail::Unordered, statement, error);
}

bool SqlBuilder::selectPrimaryKeys(const QueryData &query, Statement *statement,
                                   Error *error) const
{
    beginStatement(&query);
    return finishSelect(query, column(m_entity->primaryKey()), Tail::WhereOnly, statement, error);
}

namespace {

bool checkBulk(const QueryData &query, const char *what, Error *error)
{
    if (query.limit >= 0 || query.offset >= 0 || !query.orderBy.isEmpty()
        || !query.groupBy.isEmpty() || query.distinct) {
        *error = invalid(QStringLiteral("%1() works on a filter only: no limit, offset, "
                                        "orderBy, groupBy or distinct")
                             .arg(QLatin1String(what)));
        return false;
    }
    return true;
}

} // namespace

bool SqlBuilder::update(const QueryData &query, const QVariantMap &values, Statement *statement,
                        Error *error) const
{
    if (!checkBulk(query, "update", error))
        return false;
    const QScopedValueRollback plain(m_plainInLists, bulkNeedsPlainInLists());
    if (values.isEmpty()) {
        *error = invalid(QStringLiteral("update() needs at least one property"));
        return false;
    }
    statement->sql = QStringLiteral("UPDATE ") + m_table + QStringLiteral(" SET ");
    statement->values.clear();
    bool first = true;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const PropertyInfo *property = m_entity->property(it.key());
        if (!property) {
            *error = invalid(QStringLiteral("%1 has no mapped property '%2'")
                                 .arg(m_entity->className(), it.key()));
            return false;
        }
        if (!first)
            statement->sql += QStringLiteral(", ");
        first = false;
        statement->sql += m_dialect->quote(property->column()) + QStringLiteral(" = ?");
        statement->values.append(bindValue(*property, it.value()));
    }
    return renderBulkWhere(query, &statement->sql, &statement->values, error);
}

bool SqlBuilder::remove(const QueryData &query, Statement *statement, Error *error) const
{
    if (!checkBulk(query, "remove", error))
        return false;
    const QScopedValueRollback plain(m_plainInLists, bulkNeedsPlainInLists());
    statement->sql = QStringLiteral("DELETE FROM ") + m_table;
    statement->values.clear();
    return renderBulkWhere(query, &statement->sql, &statement->values, error);
}

QString SqlBuilder::insert(const QList<int> &propertyIndexes, bool returning, int rows) const
{
    QString sql;
    if (propertyIndexes.isEmpty()) {
        sql = m_dialect->insertDefaultValues(m_table);
    } else {
        QStringList columns;
        for (int index : propertyIndexes)
            columns << m_dialect->quote(m_entity->properties().at(index).column());
        const QString row =
            QLatin1Char('(') + placeholders(int(propertyIndexes.size())) + QLatin1Char(')');
        sql = QStringLiteral("INSERT INTO ") + m_table + QStringLiteral(" (")
            + columns.join(QStringLiteral(", ")) + QStringLiteral(") VALUES ") + row;
        for (int i = 1; i < rows; ++i)
            sql += QStringLiteral(", ") + row;
    }
    if (returning)
        sql += QStringLiteral(" RETURNING ") + m_dialect->quote(m_entity->primaryKey().column());
    return sql;
}

QString SqlBuilder::updateByPrimaryKey(const QList<int> &propertyIndexes) const
{
    QStringList assignments;
    for (int index : propertyIndexes)
        assignments << m_dialect->quote(m_entity->properties().at(index).column()) + QStringLiteral(" = ?");
    return QStringLiteral("UPDATE ") + m_table + QStringLiteral(" SET ")
        + assignments.join(QStringLiteral(", ")) + QStringLiteral(" WHERE ")
        + m_dialect->quote(m_entity->primaryKey().column()) + QStringLiteral(" = ?");
}

QString SqlBuilder::deleteByPrimaryKey() const
{
    return QStringLiteral("DELETE FROM ") + m_table + QStringLiteral(" WHERE ")
        + m_dialect->quote(m_entity->primaryKey().column()) + QStringLiteral(" = ?");
}

QString SqlBuilder::selectByPrimaryKey() const
{
    return QStringLiteral("SELECT ") + columnList() + QStringLiteral(" FROM ") + m_table
        + QStringLiteral(" WHERE ") + column(m_entity->primaryKey()) + QStringLiteral(" = ?");
}

} // namespace Quarry::Private
