#include "session.h"

#include "logging_p.h"
#include "record.h"
#include "session_p.h"

#include <QChildEvent>
#include <QSqlRecord>

#include <algorithm>
#include <numeric>
#include <vector>

namespace Quarry {

using Private::Connection;

namespace {

// Result column i holds property i (the column order of SqlBuilder::select()).
QList<int> allColumns(const EntityInfo *entity)
{
    QList<int> columns(entity->properties().size());
    std::iota(columns.begin(), columns.end(), 0);
    return columns;
}

} // namespace

// --- SessionPrivate ---------------------------------------------------------------------

SessionPrivate::SessionPrivate(Session *q, const Database &database)
    : q(q), database(database), db(database.d_func())
{
}

SessionPrivate::~SessionPrivate()
{
    // Objects are children of the session and die with it; stop watching them first.
    // Deleting the watchers drops every connection to them in one sweep per watcher, which
    // costs less than a disconnect() per object (that searches the object's connections).
    watchers.clear();
    if (m_connection)
        db->releaseConnection(std::move(m_connection));
}

Connection *SessionPrivate::connection()
{
    if (!m_connection) {
        if (!db || !database.isValid()) {
            fail(Error(Error::ConnectionError, QStringLiteral("the session's database is not open")));
            return nullptr;
        }
        Error error;
        m_connection = db->acquireConnection(&error);
        if (!m_connection) {
            fail(error);
            return nullptr;
        }
        connectionGeneration = m_connection->generation();
    }
    return m_connection.get();
}

const Private::SqlBuilder &SessionPrivate::builder(const EntityInfo *entity)
{
    auto &builder = builders[entity];
    if (!builder) {
        const Database registry = database;
        builder = std::make_shared<Private::SqlBuilder>(
            db->dialect, entity, [registry](const QString &name) { return registry.entity(name); });
    }
    return *builder;
}

bool SessionPrivate::fail(const Error &error)
{
    lastError = error;
    return false;
}

bool SessionPrivate::statementFailed(const Error &error)
{
    failTransaction(error);
    return fail(error);
}

bool SessionPrivate::prepareRead()
{
    if (!connection())
        return false;
    return !autoflush || flushing || flush();
}

bool SessionPrivate::ensureTransaction()
{
    Connection *connection = this->connection();
    if (!connection)
        return false;
    if (!levels.isEmpty() && connection->generation() != connectionGeneration) {
        // The connection was lost and reopened: the transaction is gone with it.
        const Error lost(Error::ConnectionError,
                         QStringLiteral("the connection was lost; the transaction was rolled back"));
        failTransaction(lost);
        return fail(lost);
    }
    if (!levels.isEmpty())
        return true;
    Error error;
    if (!connection->begin(&error))
        return fail(error);
    connectionGeneration = connection->generation();
    beginLevel(QString());
    return true;
}

QVariantList SessionPrivate::readValues(QObject *object, const EntityInfo *entity) const
{
    QVariantList values;
    values.reserve(entity->properties().size());
    for (const PropertyInfo &property : entity->properties())
        values.append(property.read(object));
    return values;
}

void SessionPrivate::track(QObject *object, const EntityInfo *entity, const ObjectImage &image,
                           bool inIdentityMap)
{
    TrackedObject entry;
    entry.entity = entity;
    entry.image = image;
    entry.sequence = nextSequence++;
    TrackedObject &tracking = *tracked.insert(object, std::move(entry));
    if (!levels.isEmpty())
        trackedInTransaction.append(object);
    if (!image.inDatabase)
        markCandidate(object, tracking);
    if (entity->needsSnapshotComparison() || !entity->relations().isEmpty())
        alwaysChecked.insert(object);
    if (image.inDatabase && !inIdentityMap)
        identityMap[entity].insert(mapKey(image.values.at(entity->primaryKeyIndex())), object);
    // Watched from its second flush (a new one from its INSERT).
    if (image.inDatabase)
        unwatched.append({object, &tracking, tracking.sequence});
}

void SessionPrivate::untrack(QObject *object)
{
    const auto it = tracked.constFind(object);
    if (it == tracked.cend())
        return;
    if (it->watched)
        QObject::disconnect(object, nullptr, it->watcher, nullptr);
    forget(object);
}

void SessionPrivate::forget(QObject *object)
{
    const auto it = tracked.constFind(object);
    if (it == tracked.cend())
        return;
    // The object may be half-destroyed: only its entry is read, never the object.
    if (const auto objects = identityMap.find(it->entity); objects != identityMap.end()) {
        if (it->image.inDatabase) {
            const IdentityKey key = mapKey(it->image.values.at(it->entity->primaryKeyIndex()));
            if (objects->value(key) == object)
                objects->remove(key);
        } else if (it->image.removed) {
            // Its row was deleted in this transaction; restore() may have mapped it by the
            // key property, which a dying object cannot be asked for.
            objects->removeObject(object);
        }
    }
    tracked.erase(it); // references to its entry in `candidates` and `unwatched` expire
    keysBeforeInsert.remove(object);
    alwaysChecked.remove(object);
}

QObject *SessionPrivate::materialize(const EntityInfo *entity, Private::Cursor &query,
                                     const QList<int> &columns)
{
    ObjectImage image;
    QObject *object = materializeRow(entity, query, columns, &image);
    if (image.inDatabase)
        adopt(object, entity, image);
    return object;
}

QObject *SessionPrivate::materializeRow(const EntityInfo *entity, Private::Cursor &query,
                                        const QList<int> &columns, ObjectImage *created)
{
    const Private::Dialect *dialect = db->dialect;
    const PropertyInfo &key = entity->primaryKey();
    const QVariant plainKey =
        dialect->fromDatabase(key, query.value(columns.at(entity->primaryKeyIndex())));
    // One identity-map slot for the lookup and, for a new object, the insertion.
    QObject *&slot = identityMap[entity][mapKey(plainKey)];
    if (slot)
        return slot;
    QObject *object = entity->create();
    slot = object;
    const QList<PropertyInfo> &properties = entity->properties();
    // The image is the decoded row (what the database holds), not a second read of every
    // property: a column the row lacks is read from the object.
    ObjectImage &image = *created;
    image.inDatabase = true;
    QVarLengthArray<QVariant, 16> values;
    values.reserve(properties.size());
    for (int i = 0; i < properties.size(); ++i) {
        const PropertyInfo &property = properties.at(i);
        if (columns.at(i) < 0) {
            values.emplace_back(property.read(object));
            continue;
        }
        if (i == entity->primaryKeyIndex())
            values.emplace_back(plainKey);
        else
            values.emplace_back(dialect->fromDatabase(property, query.value(columns.at(i))));
        property.write(object, values.back());
    }
    image.values = ImageValues(values.constData(), values.size());
    return object;
}

void SessionPrivate::adopt(QObject *object, const EntityInfo *entity, const ObjectImage &image)
{
    object->setParent(q);
    track(object, entity, image, true);
}

QList<QObject *> SessionPrivate::materializeAll(const EntityInfo *entity, Private::Cursor query,
                                                const QList<int> &columns)
{
    QList<QObject *> objects;
    while (query.next())
        objects.append(materialize(entity, query, columns));
    query.finish();
    return objects;
}

QList<const EntityInfo *> SessionPrivate::dependencyOrder() const
{
    return db->dependencyOrder(database);
}

// --- Session ----------------------------------------------------------------------------

Session::Session(const Database &database, QObject *parent)
    : QObject(parent), d(std::make_unique<SessionPrivate>(this, database))
{
}

Session::~Session()
{
    if (d->m_connection && d->m_connection->inTransaction()) {
        Error ignored;
        d->m_connection->rollback(&ignored);
    }
    d.reset();
}

Database Session::database() const { return d->database; }
Error Session::lastError() const { return d->lastError; }
void Session::setAutoflush(bool enabled) { d->autoflush = enabled; }
bool Session::autoflush() const { return d->autoflush; }
bool Session::inTransaction() const { return !d->levels.isEmpty(); }

const EntityInfo *Session::entityFor(const QMetaObject *metaObject)
{
    const EntityInfo *entity = d->database.entity(metaObject);
    if (!entity)
        d->fail(Error(Error::InvalidQuery, QStringLiteral("%1 is not a registered entity")
                                               .arg(QString::fromLatin1(metaObject->className()))));
    return entity;
}

bool Session::add(QObject *object)
{
    d->lastError = Error(); // like QSqlQuery: the error of the last call
    if (!object)
        return d->fail(Error(Error::ValidationError, QStringLiteral("add(nullptr)")));
    if (const auto it = d->tracked.find(object); it != d->tracked.end()) {
        if (it->image.removed) {
            d->saveImage(object, *it);
            it->image.removed = false; // add() after remove() keeps it
        }
        d->markCandidate(object, *it);
        return true;
    }
    const auto *record = qobject_cast<Record *>(object);
    const EntityInfo *entity = record ? record->entity() : d->database.entity(object->metaObject());
    if (!entity)
        return d->fail(Error(Error::ValidationError,
                             QStringLiteral("%1 is not a registered entity")
                                 .arg(QString::fromLatin1(object->metaObject()->className()))));
    if (qobject_cast<Session *>(object->parent()) && object->parent() != this)
        return d->fail(Error(Error::ValidationError,
                             QStringLiteral("the %1 belongs to another session; expunge() it there "
                                            "first")
                                 .arg(entity->className())));
    object->setParent(this);
    d->track(object, entity, ObjectImage());
    return true;
}

bool Session::remove(QObject *object)
{
    d->lastError = Error(); // like QSqlQuery: the error of the last call
    auto it = d->tracked.find(object);
    if (it == d->tracked.end())
        return d->fail(Error(Error::ValidationError,
                             QStringLiteral("remove(): the object is not in this session")));
    if (!it->image.inDatabase && !it->image.removed) {
        // Never written: forget it (the session still owns it).
        d->untrack(object);
        return true;
    }
    if (!it->image.removed)
        d->saveImage(object, *it);
    it->image.removed = true;
    d->markCandidate(object, *it);
    return true;
}

QObject *Session::get(const QMetaObject *metaObject, const QVariant &primaryKey)
{
    d->lastError = Error(); // like QSqlQuery: the error of the last call
    const EntityInfo *entity = entityFor(metaObject);
    return entity ? get(entity, primaryKey) : nullptr;
}

QObject *Session::get(const EntityInfo *entity, const QVariant &primaryKey)
{
    d->lastError = Error();
    if (!entity)
        return d->fail(Error(Error::InvalidQuery, QStringLiteral("get(): no entity"))), nullptr;
    const Private::SqlBuilder &builder = d->builder(entity);
    const QVariant bound = builder.bindValue(entity->primaryKey(), primaryKey);
    const QVariant plainKey = d->db->dialect->fromDatabase(entity->primaryKey(), bound);
    if (QObject *existing = d->identityLookup(entity, plainKey)) {
        if (const TrackedObject *entry = d->tracked.entryOf(existing);
            entry && entry->image.removed)
            return nullptr;
        return existing;
    }
    if (!d->prepareRead())
        return nullptr;
    Error error;
    Private::Cursor query = d->statements.run(d->connection(), builder, entity,
                                              Private::StatementCache::Kind::SelectByKey, {},
                                              {bound}, &error);
    if (!query) {
        d->statementFailed(error);
        return nullptr;
    }
    const QList<QObject *> objects = d->materializeAll(entity, query, allColumns(entity));
    if (objects.isEmpty()) {
        d->fail(Error(Error::NotFound, QStringLiteral("no %1 with primary key %2")
                                           .arg(entity->className(), primaryKey.toString())));
        return nullptr;
    }
    return objects.constFirst();
}

bool Session::refresh(QObject *object)
{
    d->lastError = Error(); // like QSqlQuery: the error of the last call
    auto it = d->tracked.find(object);
    if (it == d->tracked.end() || !it->image.inDatabase)
        return d->fail(Error(Error::ValidationError,
                             QStringLiteral("refresh(): the object is not a persistent object of "
                                            "this session")));
    const EntityInfo *entity = it->entity;
    Connection *connection = d->connection();
    if (!connection)
        return false;
    const QVariant key = it->image.values.at(entity->primaryKeyIndex());
    Error error;
    const Private::SqlBuilder &builder = d->builder(entity);
    Private::Cursor query = d->statements.run(
        connection, builder, entity, Private::StatementCache::Kind::SelectByKey, {},
        {d->db->dialect->toDatabase(entity->primaryKey(), key)}, &error);
    if (!query)
        return d->statementFailed(error);
    if (!query.next()) {
        query.finish();
        return d->fail(Error(Error::StaleObject, QStringLiteral("refresh(): the %1 row is gone")
                                                     .arg(entity->className())));
    }
    const QList<PropertyInfo> &properties = entity->properties();
    for (int i = 0; i < properties.size(); ++i)
        properties.at(i).write(object, d->db->dialect->fromDatabase(properties.at(i), query.value(i)));
    query.finish();
    it = d->tracked.find(object);
    d->saveImage(object, *it);
    it->image.values = ImageValues(d->readValues(object, entity));
    it->notified = false;
    return true;
}

void Session::childEvent(QChildEvent *event)
{
    // The session owns what it tracks, so a tracked object leaves its children when it is
    // deleted (its destroyed() signal would cost a connection per object) or when the user
    // takes it. Either way the session lets it go, like expunge(); a deleted object is
    // half-destroyed here and a moved one cannot be told from it, so neither is touched.
    if (event->removed() && d)
        d->forget(event->child());
    QObject::childEvent(event);
}

void Session::expunge(QObject *object)
{
    if (!d->tracked.contains(object))
        return;
    d->untrack(object);
    if (object->parent() == this)
        object->setParent(nullptr);
}

bool Session::contains(const QObject *object) const
{
    return d->tracked.contains(const_cast<QObject *>(object));
}

bool Session::isDirty(const QObject *object) const
{
    const auto it = d->tracked.constFind(const_cast<QObject *>(object));
    if (it == d->tracked.cend())
        return false;
    if (!it->image.inDatabase || it->image.removed)
        return true;
    if (!it->mayDiffer()) // the same rule as flush()
        return false;
    return it->image.values != d->readValues(const_cast<QObject *>(object), it->entity);
}

bool Session::hasPendingChanges() const
{
    for (auto it = d->tracked.cbegin(); it != d->tracked.cend(); ++it) {
        if (isDirty(it.key()))
            return true;
    }
    return false;
}

Query<QObject> Session::query(const QMetaObject *metaObject)
{
    return Query<QObject>(this, entityFor(metaObject));
}

Query<QObject> Session::query(const QString &entityName)
{
    const EntityInfo *entity = d->database.entity(entityName);
    if (!entity)
        d->fail(Error(Error::InvalidQuery,
                      QStringLiteral("no registered entity named '%1'").arg(entityName)));
    return Query<QObject>(this, entity);
}

QList<QObject *> Session::rawQuery(const QMetaObject *metaObject, const QString &sql,
                                   const QVariantList &values)
{
    d->lastError = Error(); // like QSqlQuery: the error of the last call
    const EntityInfo *entity = entityFor(metaObject);
    if (!entity || !d->prepareRead())
        return {};
    Error error;
    std::unique_ptr<QSqlQuery> query = d->connection()->runUncached(sql, values, &error);
    if (!query) {
        d->statementFailed(error);
        return {};
    }
    const QSqlRecord record = query->record();
    QList<int> columns;
    for (const PropertyInfo &property : entity->properties())
        columns.append(record.indexOf(property.column()));
    if (columns.at(entity->primaryKeyIndex()) < 0) {
        d->fail(Error(Error::InvalidQuery,
                      QStringLiteral("rawQuery(): the result has no column '%1' (the primary key "
                                     "of %2)")
                          .arg(entity->primaryKey().column(), entity->className()),
                      sql));
        return {};
    }
    return d->materializeAll(entity, query.get(), columns);
}

QList<QVariantList> Session::execute(const QString &sql, const QVariantList &values, bool *ok)
{
    d->lastError = Error(); // like QSqlQuery: the error of the last call
    if (ok)
        *ok = false;
    if (!d->prepareRead() || !d->ensureTransaction())
        return {};
    Error error;
    std::unique_ptr<QSqlQuery> query = d->connection()->runUncached(sql, values, &error);
    if (!query) {
        d->statementFailed(error);
        return {};
    }
    if (!query->isSelect())
        d->transactionChangedUnknownRows = true;
    QList<QVariantList> rows;
    while (query->isSelect() && query->next()) {
        QVariantList row;
        const int columns = query->record().count();
        for (int i = 0; i < columns; ++i)
            row.append(query->value(i));
        rows.append(row);
    }
    if (ok)
        *ok = true;
    return rows;
}

bool Session::flush()
{
    d->lastError = Error();
    return d->flush();
}

bool Session::commit()
{
    d->lastError = Error();
    return d->commit();
}

bool Session::rollback()
{
    d->lastError = Error();
    return d->rollback();
}

} // namespace Quarry
