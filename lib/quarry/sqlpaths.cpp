// The SQL builder's relation paths: "author.name" becomes a LEFT JOIN and a qualified
// column, has("books", ...) an EXISTS subquery, join<T>() an explicit INNER JOIN.

#include "relations_p.h"
#include "sqlbuilder_p.h"

namespace Quarry::Private {

namespace {

Error invalidQuery(const QString &message)
{
    return Error(Error::InvalidQuery, message);
}

QString aliasFor(const QString &prefix, const QString &path)
{
    QString alias = prefix + path;
    alias.replace(QLatin1Char('.'), QLatin1Char('_'));
    return alias;
}

} // namespace

void SqlBuilder::beginStatement(const QueryData *query) const
{
    m_joins.clear();
    m_explicitJoinSql.clear();
    m_explicitAliases.clear();
    m_allowToMany = false;
    if (!query || !m_resolve)
        return;
    for (const auto &join : query->joins) {
        if (const EntityInfo *entity = m_resolve(join.first))
            m_explicitAliases.append({join.first, entity});
    }
}

bool SqlBuilder::finishSelect(const QueryData &query, const QString &columns, Tail tail,
                              Statement *statement, Error *error) const
{
    statement->values.clear();
    QString rest;
    QVariantList restValues;
    if (!renderExplicitJoins(query, &statement->values, error))
        return false;
    const bool rendered = tail == Tail::WhereOnly
        ? renderWhere(query, &rest, &restValues, error)
        : renderTail(query, tail == Tail::Ordered, &rest, &restValues, error);
    if (!rendered)
        return false;
    statement->sql = QStringLiteral("SELECT ") + columns + QStringLiteral(" FROM ") + fromClause() + rest;
    statement->values += restValues;
    return true;
}

QString SqlBuilder::fromClause() const
{
    QString from = m_tableName;
    if (m_table != m_tableName)
        from += QStringLiteral(" AS ") + m_table;
    from += m_explicitJoinSql;
    for (const Join &join : m_joins)
        from += join.sql;
    return from;
}

bool SqlBuilder::renderExplicitJoins(const QueryData &query, QVariantList *values,
                                     Error *error) const
{
    for (const auto &[name, on] : query.joins) {
        const EntityInfo *entity = m_resolve ? m_resolve(name) : nullptr;
        if (!entity) {
            *error =
                invalidQuery(QStringLiteral("join(): %1 is not a registered entity").arg(name));
            return false;
        }
        QString condition;
        if (!renderCondition(on, &condition, values, error))
            return false;
        m_explicitJoinSql += QStringLiteral(" JOIN ") + m_dialect->quote(entity->tableName()) +
                             QStringLiteral(" AS ") +
                             m_dialect->quote(aliasFor(QStringLiteral("x_"), name)) +
                             QStringLiteral(" ON ") + condition;
    }
    return true;
}

QString SqlBuilder::joinRelation(const QString &path, const EntityInfo *owner,
                                 const QString &ownerAlias, const RelationInfo &relation,
                                 const EntityInfo *target) const
{
    for (const Join &join : std::as_const(m_joins)) {
        if (join.path == path)
            return join.alias;
    }
    const QString alias = m_dialect->quote(aliasFor(QStringLiteral("j_"), path));
    auto qualified = [&](const QString &table, const PropertyInfo &property) {
        return table + QLatin1Char('.') + m_dialect->quote(property.column());
    };
    const PropertyInfo *foreignKey = foreignKeyOf(*owner, relation, *target);
    const QString targetTable = m_dialect->quote(target->tableName());
    QString sql;
    switch (relation.kind()) {
    case RelationInfo::Kind::ManyToOne:
        sql = QStringLiteral(" LEFT JOIN ") + targetTable + QStringLiteral(" AS ") + alias +
              QStringLiteral(" ON ") + qualified(alias, target->primaryKey()) +
              QStringLiteral(" = ") + qualified(ownerAlias, *foreignKey);
        break;
    case RelationInfo::Kind::OneToOne:
    case RelationInfo::Kind::OneToMany:
        sql = QStringLiteral(" LEFT JOIN ") + targetTable + QStringLiteral(" AS ") + alias +
              QStringLiteral(" ON ") + qualified(alias, *foreignKey) + QStringLiteral(" = ") +
              qualified(ownerAlias, owner->primaryKey());
        break;
    case RelationInfo::Kind::ManyToMany: {
        const QString link = m_dialect->quote(aliasFor(QStringLiteral("l_"), path));
        sql = QStringLiteral(" LEFT JOIN ") + m_dialect->quote(relation.through()) +
              QStringLiteral(" AS ") + link + QStringLiteral(" ON ") + link + QLatin1Char('.') +
              m_dialect->quote(relation.ownerColumn()) + QStringLiteral(" = ") +
              qualified(ownerAlias, owner->primaryKey()) + QStringLiteral(" LEFT JOIN ") +
              targetTable + QStringLiteral(" AS ") + alias + QStringLiteral(" ON ") +
              qualified(alias, target->primaryKey()) + QStringLiteral(" = ") + link +
              QLatin1Char('.') + m_dialect->quote(relation.targetColumn());
        break;
    }
    }
    m_joins.append(Join{path, sql, alias});
    return alias;
}

bool SqlBuilder::renderPath(const QString &path, QString *sql, const PropertyInfo **property,
                            Error *error) const
{
    QStringList segments = path.split(QLatin1Char('.'));
    const EntityInfo *current = m_entity;
    QString alias = m_table;
    // "Book.authorId": a property of an explicitly joined entity.
    for (const auto &[name, entity] : std::as_const(m_explicitAliases)) {
        if (segments.constFirst() == name) {
            current = entity;
            alias = m_dialect->quote(aliasFor(QStringLiteral("x_"), name));
            segments.removeFirst();
            break;
        }
    }
    QString walked;
    for (int i = 0; i + 1 < segments.size(); ++i) {
        const RelationInfo *relation = current->relation(segments.at(i));
        if (!relation) {
            *error = invalidQuery(QStringLiteral("'%1': %2 has no relation '%3'")
                                      .arg(path, current->className(), segments.at(i)));
            return false;
        }
        if (relation->isToMany() && !m_allowToMany) {
            *error = invalidQuery(QStringLiteral("'%1': %2 is a list; filter with has(\"%2\", ...)")
                                      .arg(path, relation->name()));
            return false;
        }
        const EntityInfo *target = m_resolve ? m_resolve(relation->targetName()) : nullptr;
        if (!target) {
            *error = invalidQuery(QStringLiteral("'%1': %2 is not a registered entity")
                                      .arg(path, relation->targetName()));
            return false;
        }
        if (relation->kind() != RelationInfo::Kind::ManyToMany &&
            !foreignKeyOf(*current, *relation, *target)) {
            *error = invalidQuery(QStringLiteral("'%1': the relation %2.%3 is not resolved (see "
                                                 "Database::checkReferences())")
                                      .arg(path, current->className(), relation->name()));
            return false;
        }
        walked += (walked.isEmpty() ? QString() : QStringLiteral(".")) + segments.at(i);
        alias = joinRelation(walked, current, alias, *relation, target);
        current = target;
    }
    *property = current->property(segments.constLast());
    if (!*property) {
        *error = invalidQuery(QStringLiteral("'%1': %2 has no mapped property '%3'")
                                  .arg(path, current->className(), segments.constLast()));
        return false;
    }
    *sql += alias + QLatin1Char('.') + m_dialect->quote((*property)->column());
    return true;
}

bool SqlBuilder::renderHas(const ConditionData &data, QString *sql, QVariantList *values,
                           Error *error) const
{
    const QString name = data.field.property();
    const RelationInfo *relation = m_entity->relation(name);
    const EntityInfo *target = relation && m_resolve ? m_resolve(relation->targetName()) : nullptr;
    if (!target || (relation->kind() != RelationInfo::Kind::ManyToMany &&
                    !foreignKeyOf(*m_entity, *relation, *target))) {
        *error = invalidQuery(QStringLiteral("has(\"%1\"): %2 has no resolved relation '%1'")
                                  .arg(name, m_entity->className()));
        return false;
    }
    // The inner condition is about the related entity: a builder of its own, under an
    // alias derived from this one's so that nested has() never collide.
    const QString innerAlias = aliasFor(QStringLiteral("h_"), m_table.mid(1, m_table.size() - 2) +
                                                                  QLatin1Char('_') + name);
    SqlBuilder inner(m_dialect, target, m_resolve, innerAlias);
    inner.m_allowToMany = false;
    QString innerCondition;
    QVariantList innerValues;
    const Condition &condition = data.children.constFirst();
    if (!condition.isEmpty() &&
        !inner.renderCondition(condition, &innerCondition, &innerValues, error))
        return false;

    auto qualified = [&](const QString &table, const PropertyInfo &property) {
        return table + QLatin1Char('.') + m_dialect->quote(property.column());
    };
    const PropertyInfo *foreignKey = foreignKeyOf(*m_entity, *relation, *target);
    QString from = inner.fromClause();
    QString link;
    switch (relation->kind()) {
    case RelationInfo::Kind::ManyToOne:
        link = qualified(inner.m_table, target->primaryKey()) + QStringLiteral(" = ") +
               qualified(m_table, *foreignKey);
        break;
    case RelationInfo::Kind::OneToOne:
    case RelationInfo::Kind::OneToMany:
        link = qualified(inner.m_table, *foreignKey) + QStringLiteral(" = ") +
               qualified(m_table, m_entity->primaryKey());
        break;
    case RelationInfo::Kind::ManyToMany: {
        const QString table = m_dialect->quote(QStringLiteral("l_") + innerAlias);
        // The target (with the inner condition's own joins) first, then the link table:
        // a join's ON must follow its own table, which SQLite insists on.
        from += QStringLiteral(" JOIN ") + m_dialect->quote(relation->through()) +
                QStringLiteral(" AS ") + table + QStringLiteral(" ON ") + table +
                QLatin1Char('.') + m_dialect->quote(relation->targetColumn()) +
                QStringLiteral(" = ") + qualified(inner.m_table, target->primaryKey());
        link = table + QLatin1Char('.') + m_dialect->quote(relation->ownerColumn()) +
               QStringLiteral(" = ") + qualified(m_table, m_entity->primaryKey());
        break;
    }
    }
    *sql += QStringLiteral("EXISTS (SELECT 1 FROM ") + from + QStringLiteral(" WHERE ") + link;
    if (!innerCondition.isEmpty())
        *sql += QStringLiteral(" AND ") + innerCondition;
    *sql += QLatin1Char(')');
    values->append(innerValues);
    return true;
}

bool SqlBuilder::selectJoined(const QueryData &query, const QList<const RelationInfo *> &relations,
                              Statement *statement, Error *error) const
{
    beginStatement(&query);
    QString columns = columnList();
    for (const RelationInfo *relation : relations) {
        const EntityInfo *target = m_resolve ? m_resolve(relation->targetName()) : nullptr;
        if (!target || !foreignKeyOf(*m_entity, *relation, *target)) {
            *error = invalidQuery(QStringLiteral("with(\"%1\"): the relation is not resolved")
                                      .arg(relation->name()));
            return false;
        }
        const QString alias = joinRelation(relation->name(), m_entity, m_table, *relation, target);
        for (const PropertyInfo &property : target->properties())
            columns += QStringLiteral(", ") + alias + QLatin1Char('.') + m_dialect->quote(property.column());
    }
    return finishSelect(query, (query.distinct ? QStringLiteral("DISTINCT ") : QString()) + columns,
                        Tail::Ordered, statement, error);
}

bool SqlBuilder::renderBulkWhere(const QueryData &query, QString *sql, QVariantList *values,
                                 Error *error) const
{
    beginStatement(&query);
    QString where;
    QVariantList whereValues;
    QVariantList joinValues;
    if (!renderExplicitJoins(query, &joinValues, error) ||
        !renderWhere(query, &where, &whereValues, error))
        return false;
    if (m_joins.isEmpty() && m_explicitJoinSql.isEmpty()) {
        *sql += where;
        values->append(whereValues);
        return true;
    }
    // UPDATE/DELETE cannot join portably, and MySQL refuses a subquery on the updated
    // table unless it is wrapped in a derived table.
    const QString key = m_dialect->quote(m_entity->primaryKey().column());
    *sql += QStringLiteral(" WHERE ") + key + QStringLiteral(" IN (SELECT q.") + key +
            QStringLiteral(" FROM (SELECT ") + column(m_entity->primaryKey()) +
            QStringLiteral(" FROM ") + fromClause() + where + QStringLiteral(") AS q)");
    values->append(joinValues);
    values->append(whereValues);
    return true;
}

} // namespace Quarry::Private
