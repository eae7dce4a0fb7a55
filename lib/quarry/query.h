#pragma once

#include "condition.h"
#include "entityinfo.h"
#include "error.h"
#include "quarry_export.h"

#include <QList>
#include <QSharedDataPointer>
#include <QStringList>
#include <QVariantMap>

namespace Quarry {

class Session;
class QueryData;

// An untyped query over one entity: a value, cheap to copy; every builder call returns a
// new query and nothing runs until a result is asked for. Query<T> is the typed face.
// Results need the session the query came from; errors land in session.lastError().
class QUARRY_EXPORT QueryBase
{
public:
    QueryBase(Session *session, const EntityInfo *entity);
    QueryBase(const QueryBase &other);
    QueryBase &operator=(const QueryBase &other);
    ~QueryBase();

    const EntityInfo *entity() const;
    Session *session() const;
    Condition condition() const;

    // --- results ---------------------------------------------------------------------
    QList<QObject *> allObjects() const;
    QObject *firstObject() const;
    // The one matching object: nullptr with NotFound for none, InvalidQuery for several.
    QObject *oneObject() const;
    // -1 on error.
    qint64 count() const;
    bool exists() const;
    // One list of values per row, in the order of `fields` (properties or aggregates).
    QList<QVariantList> values(const QList<Field> &fields) const;
    QList<QVariantList> values(const QStringList &properties) const;
    // A single aggregate over the matching rows: query.aggregate(Quarry::sum("age")).
    QVariant aggregate(const Field &aggregate) const;

    // Bulk UPDATE / DELETE of the matching rows in the session's transaction. Objects the
    // session holds are kept consistent. Return the number of rows, -1 on error.
    qint64 update(const QVariantMap &values) const;
    qint64 remove() const;

    // The SQL the query would run (for logs and tests); empty with an error.
    QString toSql() const;

    const QueryData &data() const { return *d; }

protected:
    void addWhere(const Condition &condition);
    void addOrderBy(const Field &field, Qt::SortOrder order);
    void setLimit(qint64 limit);
    void setOffset(qint64 offset);
    void setDistinct(bool distinct);
    void setUntracked(bool untracked);
    void addGroupBy(const Field &field);
    void addHaving(const Condition &condition);
    void addWith(const QString &path);
    void addJoin(const QString &entityName, const Condition &on);

private:
    QSharedDataPointer<QueryData> d;
};

class QueryData : public QSharedData
{
public:
    Session *session = nullptr;
    const EntityInfo *entity = nullptr;
    Condition where;
    QList<QPair<Field, Qt::SortOrder>> orderBy;
    qint64 limit = -1;
    qint64 offset = -1;
    bool distinct = false;
    bool untracked = false; // results outside the identity map and unit of work
    QList<Field> groupBy;
    Condition having;
    QStringList with;     // relation paths loaded eagerly with the results
    // Explicit inner joins: the joined entity's class name and the ON condition, whose
    // fields name the joined entity's properties as "Class.property".
    QList<QPair<QString, Condition>> joins;
};

template<typename T>
class Query : public QueryBase
{
public:
    Query(Session *session, const EntityInfo *entity) : QueryBase(session, entity) {}

    Query where(const Condition &condition) const { return modified([&](Query &q) { q.addWhere(condition); }); }
    Query filterBy(const QString &property, const QVariant &value) const
    {
        return where(Field(property) == value);
    }
    Query orderBy(const QString &property, Qt::SortOrder order = Qt::AscendingOrder) const
    {
        return orderBy(Field(property), order);
    }
    Query orderBy(const Field &field, Qt::SortOrder order = Qt::AscendingOrder) const
    {
        return modified([&](Query &q) { q.addOrderBy(field, order); });
    }
    Query limit(qint64 limit) const { return modified([&](Query &q) { q.setLimit(limit); }); }
    Query offset(qint64 offset) const { return modified([&](Query &q) { q.setOffset(offset); }); }
    Query distinct(bool distinct = true) const
    {
        return modified([&](Query &q) { q.setDistinct(distinct); });
    }
    // Read-only results: new objects the session owns (deleted with it, or by you) but
    // does not track. They are not in the identity map (each load makes new ones, with
    // the rows as the database has them after the autoflush), not watched, never written
    // back, and about a third of a tracked object's memory. For large loads that only
    // read. Relations cannot be loaded with them (with() is an error).
    Query untracked(bool untracked = true) const
    {
        return modified([&](Query &q) { q.setUntracked(untracked); });
    }
    Query groupBy(const QString &property) const
    {
        return modified([&](Query &q) { q.addGroupBy(Field(property)); });
    }
    Query having(const Condition &condition) const
    {
        return modified([&](Query &q) { q.addHaving(condition); });
    }
    // Loads a relation path ("author", "books", "books.tags") with the results: one more
    // statement per relation and level, never one per object.
    Query with(const QString &path) const
    {
        return modified([&](Query &q) { q.addWith(path); });
    }
    Query with(const char *path) const { return with(QString::fromUtf8(path)); }
    // An explicit INNER JOIN: query<Author>().join<Book>(Field("Book.authorId") == Field("id")).
    // Fields of the joined entity are named "Class.property" anywhere in the query.
    template<typename J>
    Query join(const Condition &on) const
    {
        return modified([&](Query &q) { q.addJoin(QString::fromLatin1(J::staticMetaObject.className()), on); });
    }

    QList<T *> all() const
    {
        QList<T *> result;
        const QList<QObject *> objects = allObjects();
        result.reserve(objects.size());
        for (QObject *object : objects)
            result.append(static_cast<T *>(object));
        return result;
    }
    T *first() const { return static_cast<T *>(firstObject()); }
    T *one() const { return static_cast<T *>(oneObject()); }

private:
    template<typename Change>
    Query modified(Change change) const
    {
        Query copy(*this);
        change(copy);
        return copy;
    }
};

} // namespace Quarry
