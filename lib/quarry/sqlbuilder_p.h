#pragma once

// Private and pure: metadata + query -> SQL text and bound values. No connection, no
// state; the dialect supplies every backend difference. Tested as text (tst_sqlbuilder).

#include "dialect_p.h"
#include "entityinfo.h"
#include "error.h"
#include "query.h"

#include <QString>
#include <QVariantList>

namespace Quarry::Private {

struct Statement {
    QString sql;
    QVariantList values;
};

class QUARRY_EXPORT SqlBuilder
{
public:
    // `resolve` finds related entities for relation paths ("author.name") and has();
    // `alias` names the entity's table in the statement (its own name by default).
    SqlBuilder(const Dialect *dialect, const EntityInfo *entity, EntityResolver resolve = {},
               const QString &alias = {});

    // Like select(), plus the columns of each to-one relation, LEFT JOINed, after the
    // entity's own: eager loading by JOIN (Query::with("author")).
    bool selectJoined(const QueryData &query, const QList<const RelationInfo *> &relations,
                      Statement *statement, Error *error) const;
    // SELECT <every mapped column, in property order> FROM ... for the query.
    bool select(const QueryData &query, Statement *statement, Error *error) const;
    // SELECT <fields> ... GROUP BY ... HAVING ...
    bool selectValues(const QueryData &query, const QList<Field> &fields, Statement *statement,
                      Error *error) const;
    bool count(const QueryData &query, Statement *statement, Error *error) const;
    // One aggregate over the rows the query selects (its limit and offset included).
    bool aggregate(const QueryData &query, const Field &aggregate, Statement *statement,
                   Error *error) const;
    bool exists(const QueryData &query, Statement *statement, Error *error) const;
    // SELECT <primary key> for the rows a bulk update or delete will touch.
    bool selectPrimaryKeys(const QueryData &query, Statement *statement, Error *error) const;
    bool update(const QueryData &query, const QVariantMap &values, Statement *statement,
                Error *error) const;
    bool remove(const QueryData &query, Statement *statement, Error *error) const;

    // Unit-of-work statements (values are bound by the session, in column order).
    // INSERT of the given properties; with `returning`, ... RETURNING <primary key>.
    // `rows` > 1 repeats the VALUES row (properties must not be empty then).
    QString insert(const QList<int> &propertyIndexes, bool returning, int rows = 1) const;
    // UPDATE <properties> WHERE <primary key> = ?
    QString updateByPrimaryKey(const QList<int> &propertyIndexes) const;
    QString deleteByPrimaryKey() const;
    QString selectByPrimaryKey() const;

    // A property's value (as a user gives it: enum, int, QDate...) as it is bound.
    QVariant bindValue(const PropertyInfo &property, const QVariant &value) const;

    QString columnList() const;
    // `column IN (...)` for plain values typed like `typeProperty`: bound one by one, or as
    // a single JSON array when the list is long (Dialect::jsonArrayElements).
    QString inList(const QString &columnSql, const PropertyInfo *typeProperty,
                   const QVariantList &values, QVariantList *binds) const;
    // SELECT <link owner column>, <target columns> FROM target JOIN link ... WHERE the
    // owner column is one of `ownerKeys`: the targets of a many-to-many relation.
    Statement selectThroughAssociation(const QString &link, const QString &ownerColumn,
                                       const QString &targetColumn,
                                       const PropertyInfo &ownerKey,
                                       const QVariantList &ownerKeys) const;
    QString quotedTable() const { return m_table; }

private:
    bool renderCondition(const Condition &condition, QString *sql, QVariantList *values,
                         Error *error) const;
    bool renderField(const Field &field, QString *sql, const PropertyInfo **property,
                     Error *error) const;
    bool renderTail(const QueryData &query, bool withOrder, QString *sql, QVariantList *values,
                    Error *error) const;
    bool renderWhere(const QueryData &query, QString *sql, QVariantList *values,
                     Error *error) const;
    QString column(const PropertyInfo &property) const;

    // --- relation paths and joins (sqlpaths.cpp) ------------------------------------
    struct Join {
        QString path;   // "author", "author.publisher"
        QString sql;    // " LEFT JOIN ... ON ..."
        QString alias;  // quoted
    };
    enum class Tail { Ordered, Unordered, WhereOnly };
    // "SELECT <columns> FROM <table and joins> <tail>", once the columns are rendered
    // (they may have added joins): explicit joins' values first, then the tail's.
    bool finishSelect(const QueryData &query, const QString &columns, Tail tail,
                      Statement *statement, Error *error) const;
    // Resets the joins of the statement being built.
    void beginStatement(const QueryData *query) const;
    // The FROM clause: the table, explicit joins (with their bound values) and the
    // joins relation paths needed, in that order.
    QString fromClause() const;
    bool renderExplicitJoins(const QueryData &query, QVariantList *values, Error *error) const;
    // Resolves "author.name" to a joined alias and column; *property is the final one.
    bool renderPath(const QString &path, QString *sql, const PropertyInfo **property,
                    Error *error) const;
    QString joinRelation(const QString &path, const EntityInfo *owner, const QString &ownerAlias,
                         const RelationInfo &relation, const EntityInfo *target) const;
    bool renderHas(const ConditionData &data, QString *sql, QVariantList *values,
                   Error *error) const;
    // Bulk statements cannot join: `pk IN (SELECT ... joins ...)` instead.
    bool renderBulkWhere(const QueryData &query, QString *sql, QVariantList *values,
                         Error *error) const;

    const Dialect *m_dialect;
    const EntityInfo *m_entity;
    EntityResolver m_resolve;
    QString m_tableName; // quoted
    QString m_table;     // quoted alias used to qualify columns
    mutable QString m_columnList; // columnList(), once built
    mutable QList<Join> m_joins;
    mutable QString m_explicitJoinSql;
    mutable QList<QPair<QString, const EntityInfo *>> m_explicitAliases; // class name -> entity
    mutable bool m_allowToMany = false;
    // MariaDB runs `IN (SELECT ... FROM JSON_TABLE(?))` in a single-table UPDATE/DELETE as
    // a dependent subquery, once per row of the table (W6 in docs/benchmarks.md went from
    // 0.4 s to 36 s): its bulk statements bind plain IN lists while they fit.
    bool bulkNeedsPlainInLists() const
    {
        return m_dialect->backend() == Database::Backend::MySQL;
    }
    mutable bool m_plainInLists = false;
};

} // namespace Quarry::Private
