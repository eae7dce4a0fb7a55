#pragma once

#include "database.h"
#include "error.h"
#include "query.h"
#include "quarry_export.h"

#include <QObject>
#include <memory>

namespace Quarry {

class SessionPrivate;
class Transaction;

// The unit of work. A session owns the objects it loads or is given (QObject parent),
// keeps one object per row (identity map), notices changes (NOTIFY signals, plus a
// snapshot comparison for properties without one) and writes them in one transaction on
// flush()/commit(). It uses a connection of its own, so two sessions never share a
// transaction. A session and its objects belong to one thread.
class QUARRY_EXPORT Session : public QObject
{
    Q_OBJECT
public:
    explicit Session(const Database &database, QObject *parent = nullptr);
    ~Session() override;

    Database database() const;

    // --- objects ---------------------------------------------------------------------
    // Schedules an INSERT and takes ownership. False (ValidationError) for an object whose
    // class is not registered, or that another session owns.
    bool add(QObject *object);
    // Schedules a DELETE; removing a never-flushed object just forgets it.
    bool remove(QObject *object);
    // The object with this primary key: from the identity map, else loaded. nullptr with
    // NotFound when there is no such row.
    template<typename T>
    T *get(const QVariant &primaryKey)
    {
        return static_cast<T *>(get(&T::staticMetaObject, primaryKey));
    }
    QObject *get(const QMetaObject *metaObject, const QVariant &primaryKey);
    // By entity: for reflected tables, whose objects are all Quarry::Record.
    QObject *get(const EntityInfo *entity, const QVariant &primaryKey);
    // Reloads the object's columns from the database, dropping unflushed changes.
    bool refresh(QObject *object);
    // Hands the object back: no longer tracked, no longer owned (parent cleared).
    void expunge(QObject *object);
    bool contains(const QObject *object) const;
    // True when the object has changes not yet written (new, modified or removed).
    bool isDirty(const QObject *object) const;
    bool hasPendingChanges() const;

    // --- relations -------------------------------------------------------------------
    // The related object(s) of `object`, loaded on first use (one statement) and put in
    // its relation property. Without a name, the one relation to T.
    template<typename T>
    T *related(QObject *object, const QString &relation = {})
    {
        return static_cast<T *>(relatedObject(object, relation, T::staticMetaObject.className()));
    }
    template<typename T>
    QList<T *> relatedList(QObject *object, const QString &relation = {})
    {
        QList<T *> result;
        const QList<QObject *> objects =
            relatedObjects(object, relation, T::staticMetaObject.className());
        for (QObject *related : objects)
            result.append(static_cast<T *>(related));
        return result;
    }
    QObject *relatedObject(QObject *object, const QString &relation,
                           const char *targetClass = nullptr);
    QList<QObject *> relatedObjects(QObject *object, const QString &relation,
                                    const char *targetClass = nullptr);

    // --- queries ---------------------------------------------------------------------
    template<typename T>
    Query<T> query()
    {
        return Query<T>(this, entityFor(&T::staticMetaObject));
    }
    // For code that knows only a metaobject or a class/table name (reflected tables
    // too): the same chainable query, with QObject results.
    Query<QObject> query(const QMetaObject *metaObject);
    Query<QObject> query(const QString &entityName);

    // Raw SQL whose result columns are mapped back onto entities by column name; the
    // primary key column must be among them.
    template<typename T>
    QList<T *> rawQuery(const QString &sql, const QVariantList &values = {})
    {
        QList<T *> result;
        const QList<QObject *> objects = rawQuery(&T::staticMetaObject, sql, values);
        for (QObject *object : objects)
            result.append(static_cast<T *>(object));
        return result;
    }
    QList<QObject *> rawQuery(const QMetaObject *metaObject, const QString &sql,
                              const QVariantList &values = {});
    // Raw SQL in the session's transaction; result rows as lists of values.
    QList<QVariantList> execute(const QString &sql, const QVariantList &values = {},
                                bool *ok = nullptr);

    // --- unit of work ----------------------------------------------------------------
    // Writes pending changes (INSERTs parents first, UPDATEs of changed columns only,
    // DELETEs children first) inside the session's transaction, opening it if needed.
    bool flush();
    // flush() + COMMIT. When the database refuses, the transaction is rolled back and
    // every object keeps its pending changes: fix the cause and commit again.
    bool commit();
    // Discards: new objects leave the session (it still owns them until it is
    // destroyed), modified ones return to their last committed values, removed ones
    // come back.
    bool rollback();
    bool inTransaction() const;

    // Flush before every query so that queries see pending changes (default: on).
    void setAutoflush(bool enabled);
    bool autoflush() const;

    Error lastError() const;

    SessionPrivate *d_func() const { return d.get(); }

Q_SIGNALS:
    void committed();
    void rolledBack();
    // A commit or flush the database refused.
    void errorOccurred(const Quarry::Error &error);

protected:
    // A tracked object that is deleted, or given another parent, leaves the session.
    void childEvent(QChildEvent *event) override;

private:
    friend class QueryBase;
    friend class Transaction;
    const EntityInfo *entityFor(const QMetaObject *metaObject);

    std::unique_ptr<SessionPrivate> d;
};

} // namespace Quarry
