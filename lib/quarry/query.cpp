#include "query.h"

#include "session.h"
#include "session_p.h"

#include <QSqlQuery>

namespace Quarry {

QueryBase::QueryBase(Session *session, const EntityInfo *entity) : d(new QueryData)
{
    d->session = session;
    d->entity = entity;
}

QueryBase::QueryBase(const QueryBase &other) = default;
QueryBase &QueryBase::operator=(const QueryBase &other) = default;
QueryBase::~QueryBase() = default;

const EntityInfo *QueryBase::entity() const { return d->entity; }
Session *QueryBase::session() const { return d->session; }
Condition QueryBase::condition() const { return d->where; }

void QueryBase::addWhere(const Condition &condition) { d->where = d->where && condition; }
void QueryBase::addOrderBy(const Field &field, Qt::SortOrder order) { d->orderBy.append({field, order}); }
void QueryBase::setLimit(qint64 limit) { d->limit = limit; }
void QueryBase::setOffset(qint64 offset) { d->offset = offset; }
void QueryBase::setDistinct(bool distinct) { d->distinct = distinct; }
void QueryBase::setUntracked(bool untracked) { d->untracked = untracked; }
void QueryBase::addGroupBy(const Field &field) { d->groupBy.append(field); }
void QueryBase::addHaving(const Condition &condition) { d->having = d->having && condition; }
void QueryBase::addWith(const QString &path) { d->with.append(path); }
void QueryBase::addJoin(const QString &entityName, const Condition &on) { d->joins.append({entityName, on}); }

namespace {

// Builds one statement and autoflushes. Returns the session, or nullptr with
// session.lastError().
template<typename Build>
SessionPrivate *buildStatement(const QueryData &data, Build build, Private::Statement *statement)
{
    if (!data.session)
        return nullptr;
    SessionPrivate *session = data.session->d_func();
    if (data.entity) // else keep the error that explains why it has none
        session->lastError = Error(); // like QSqlQuery: the error of the last call
    if (!data.entity) {
        if (!session->lastError.isValid())
            session->fail(Error(Error::InvalidQuery, QStringLiteral("the query has no entity")));
        return nullptr;
    }
    Error error;
    if (!build(session->builder(data.entity), statement, &error)) {
        session->fail(error);
        return nullptr;
    }
    if (!session->prepareRead())
        return nullptr;
    return session;
}

// Runs one built statement on the session's connection after an autoflush. Returns the
// executed query (owned by the connection's cache) or nullptr with session.lastError().
template<typename Build>
QSqlQuery *run(const QueryData &data, Build build)
{
    Private::Statement statement;
    SessionPrivate *session = buildStatement(data, build, &statement);
    if (!session)
        return nullptr;
    Error error;
    QSqlQuery *query = session->connection()->run(statement.sql, statement.values, &error);
    if (!query)
        session->statementFailed(error);
    return query;
}

// The same for rows that are only materialised: natively on SQLite.
template<typename Build>
Private::Cursor runCursor(const QueryData &data, Build build)
{
    Private::Statement statement;
    SessionPrivate *session = buildStatement(data, build, &statement);
    if (!session)
        return {};
    Error error;
    Private::Cursor query = session->connection()->runCursor(statement.sql, statement.values, &error);
    if (!query)
        session->statementFailed(error);
    return query;
}

QList<int> allColumns(const EntityInfo *entity)
{
    QList<int> columns;
    for (int i = 0; i < entity->properties().size(); ++i)
        columns.append(i);
    return columns;
}

} // namespace

namespace {

// Query::untracked(): each row a new object, owned by the session and nothing more.
QList<QObject *> materializeUntracked(SessionPrivate *session, const EntityInfo *entity,
                                      Private::Cursor query)
{
    const Private::Dialect *dialect = session->db->dialect;
    const QList<PropertyInfo> &properties = entity->properties();
    QList<QObject *> objects;
    while (query.next()) {
        QObject *object = entity->create();
        for (int i = 0; i < properties.size(); ++i)
            properties.at(i).write(object, dialect->fromDatabase(properties.at(i), query.value(i)));
        object->setParent(session->q);
        objects.append(object);
    }
    query.finish();
    return objects;
}

// The objects of the rows `data` selects, or an empty list with session.lastError().
QList<QObject *> fetchObjects(const QueryData &data, bool *ok)
{
    if (data.untracked) {
        if (!data.with.isEmpty() && data.session) {
            *ok = false;
            data.session->d_func()->fail(Error(
                Error::Unsupported,
                QStringLiteral("an untracked() query loads no relations (with(\"%1\"))")
                    .arg(data.with.constFirst())));
            return {};
        }
        Private::Cursor query = runCursor(data, [&](const Private::SqlBuilder &builder, auto *statement, auto *error) {
            return builder.select(data, statement, error);
        });
        *ok = bool(query);
        return query ? materializeUntracked(data.session->d_func(), data.entity, query)
                     : QList<QObject *>();
    }
    // with("author"): to-one relations come in the same statement, by LEFT JOIN; the
    // rest of the path and to-many relations follow by select-in.
    QList<const RelationInfo *> joined;
    QStringList remaining;
    for (const QString &path : data.with) {
        const QString first = path.section(QLatin1Char('.'), 0, 0);
        const RelationInfo *relation = data.entity ? data.entity->relation(first) : nullptr;
        if (relation && !relation->isToMany()) {
            if (!joined.contains(relation))
                joined.append(relation);
        } else {
            remaining.append(path);
        }
    }
    Private::Cursor query = runCursor(data, [&](const Private::SqlBuilder &builder, auto *statement, auto *error) {
        return joined.isEmpty() ? builder.select(data, statement, error)
                                : builder.selectJoined(data, joined, statement, error);
    });
    *ok = bool(query);
    if (!query)
        return {};
    SessionPrivate *session = data.session->d_func();
    if (joined.isEmpty()) {
        const QList<QObject *> objects = session->materializeAll(data.entity, query, allColumns(data.entity));
        if (!remaining.isEmpty() && !session->loadPaths(data.entity, objects, remaining))
            return *ok = false, QList<QObject *>();
        return objects;
    }
    const QList<QObject *> objects = session->materializeJoined(data.entity, query, joined);
    for (const RelationInfo *relation : std::as_const(joined)) {
        // Deeper parts of joined paths ("author.publisher") go on from the joined objects.
        QStringList deeper;
        for (const QString &path : data.with) {
            if (path.section(QLatin1Char('.'), 0, 0) == relation->name() && path.contains(QLatin1Char('.')))
                deeper.append(path.section(QLatin1Char('.'), 1));
        }
        if (deeper.isEmpty())
            continue;
        QList<QObject *> targets;
        for (QObject *object : objects) {
            if (QObject *target = session->toOneTarget(object, *relation); target && !targets.contains(target))
                targets.append(target);
        }
        const EntityInfo *target = session->database.entity(relation->targetName());
        if (!targets.isEmpty() && !session->loadPaths(target, targets, deeper))
            return *ok = false, QList<QObject *>();
    }
    if (!remaining.isEmpty() && !session->loadPaths(data.entity, objects, remaining))
        return *ok = false, QList<QObject *>();
    return objects;
}

} // namespace

QList<QObject *> QueryBase::allObjects() const
{
    bool ok = false;
    return fetchObjects(*d, &ok);
}

QObject *QueryBase::firstObject() const
{
    QueryData limited = *d;
    limited.limit = 1;
    bool ok = false;
    const QList<QObject *> objects = fetchObjects(limited, &ok);
    if (!ok)
        return nullptr;
    if (objects.isEmpty()) {
        d->session->d_func()->fail(Error(Error::NotFound, QStringLiteral("no matching %1")
                                                              .arg(d->entity->className())));
        return nullptr;
    }
    return objects.constFirst();
}

QObject *QueryBase::oneObject() const
{
    QueryData limited = *d;
    limited.limit = 2;
    bool ok = false;
    const QList<QObject *> objects = fetchObjects(limited, &ok);
    if (!ok)
        return nullptr;
    SessionPrivate *session = d->session->d_func();
    if (objects.isEmpty()) {
        session->fail(Error(Error::NotFound, QStringLiteral("one(): no matching %1")
                                                 .arg(d->entity->className())));
        return nullptr;
    }
    if (objects.size() > 1) {
        session->fail(Error(Error::InvalidQuery, QStringLiteral("one(): more than one matching %1")
                                                     .arg(d->entity->className())));
        return nullptr;
    }
    return objects.constFirst();
}

qint64 QueryBase::count() const
{
    QSqlQuery *query = run(*d, [&](const Private::SqlBuilder &builder, auto *statement, auto *error) {
        return builder.count(*d, statement, error);
    });
    if (!query)
        return -1;
    const qint64 result = query->next() ? query->value(0).toLongLong() : 0;
    query->finish();
    return result;
}

bool QueryBase::exists() const
{
    QSqlQuery *query = run(*d, [&](const Private::SqlBuilder &builder, auto *statement, auto *error) {
        return builder.exists(*d, statement, error);
    });
    if (!query)
        return false;
    const bool found = query->next();
    query->finish();
    return found;
}

namespace {

// Aggregates come back as the database likes (PostgreSQL: NUMERIC text for SUM over
// integers); give them a type that does not depend on the backend.
QVariant aggregateValue(const Private::Dialect *dialect, const Field &field,
                        const PropertyInfo *property, const QVariant &value)
{
    if (value.isNull())
        return QVariant();
    switch (field.function()) {
    case Field::Function::None:
    case Field::Function::Minimum:
    case Field::Function::Maximum:
        return property ? dialect->fromDatabase(*property, value) : value;
    case Field::Function::Count:
        return value.toLongLong();
    case Field::Function::Average:
        return value.toDouble();
    case Field::Function::Sum: {
        const auto storage = property ? property->storage() : PropertyInfo::Storage::Double;
        if (storage == PropertyInfo::Storage::Int32 || storage == PropertyInfo::Storage::Int64
            || storage == PropertyInfo::Storage::UInt32 || storage == PropertyInfo::Storage::Bool)
            return value.toLongLong();
        return value.toDouble();
    }
    }
    return value;
}

} // namespace

QList<QVariantList> QueryBase::values(const QList<Field> &fields) const
{
    QSqlQuery *query = run(*d, [&](const Private::SqlBuilder &builder, auto *statement, auto *error) {
        return builder.selectValues(*d, fields, statement, error);
    });
    if (!query)
        return {};
    const Private::Dialect *dialect = d->session->d_func()->db->dialect;
    QList<const PropertyInfo *> properties;
    for (const Field &field : fields)
        properties.append(field.property().isEmpty() ? nullptr : d->entity->property(field.property()));
    QList<QVariantList> rows;
    while (query->next()) {
        QVariantList row;
        row.reserve(fields.size());
        for (int i = 0; i < fields.size(); ++i)
            row.append(aggregateValue(dialect, fields.at(i), properties.at(i), query->value(i)));
        rows.append(row);
    }
    query->finish();
    return rows;
}

QList<QVariantList> QueryBase::values(const QStringList &properties) const
{
    QList<Field> fields;
    for (const QString &property : properties)
        fields.append(Field(property));
    return values(fields);
}

QVariant QueryBase::aggregate(const Field &aggregate) const
{
    QSqlQuery *query = run(*d, [&](const Private::SqlBuilder &builder, auto *statement, auto *error) {
        return builder.aggregate(*d, aggregate, statement, error);
    });
    if (!query)
        return {};
    const PropertyInfo *property =
        aggregate.property().isEmpty() ? nullptr : d->entity->property(aggregate.property());
    const QVariant value = query->next()
        ? aggregateValue(d->session->d_func()->db->dialect, aggregate, property, query->value(0))
        : QVariant();
    query->finish();
    return value;
}

namespace {

// The primary keys (plain values) of the rows a bulk statement will touch, so that the
// objects the session holds can be kept consistent.
QVariantList matchingKeys(const QueryData &data, bool *ok)
{
    QVariantList keys;
    QSqlQuery *query = run(data, [&](const Private::SqlBuilder &builder, auto *statement,
                                     auto *error) { return builder.selectPrimaryKeys(data, statement, error); });
    *ok = query != nullptr;
    if (!query)
        return keys;
    const Private::Dialect *dialect = data.session->d_func()->db->dialect;
    while (query->next())
        keys.append(dialect->fromDatabase(data.entity->primaryKey(), query->value(0)));
    query->finish();
    return keys;
}

// Whether a bulk statement must first SELECT the keys of the rows it touches: for the
// session's objects of the entity, and for listeners to committed changes. Without
// either, the SELECT (as long as the statement itself) is skipped and the changes say
// "unknown rows": a listener that connects before the commit reloads.
bool needsMatchingKeys(SessionPrivate *session, const EntityInfo *entity)
{
    return !session->identityMap.value(entity).isEmpty() || session->hasChangeListeners();
}

// matchingKeys() when needed; else only the autoflush it would have done.
QVariantList matchingKeysIfNeeded(const QueryData &data, bool *knownKeys, bool *ok)
{
    SessionPrivate *session = data.session->d_func();
    if (!session->prepareRead()) // the autoflush first: it may load objects of the entity
        return *ok = false, QVariantList();
    *knownKeys = needsMatchingKeys(session, data.entity);
    if (*knownKeys)
        return matchingKeys(data, ok);
    *ok = true;
    return {};
}

// Runs a bulk UPDATE or DELETE in the session's transaction, after the keys of the rows it
// touches when they are needed (matchingKeysIfNeeded()). The rows affected, or -1 with the
// session's error. *knownKeys false: the keys were not needed, and the changes say
// "unknown rows".
qint64 runBulk(const QueryData &data, const Private::Statement &statement, QVariantList *keys,
               bool *knownKeys)
{
    SessionPrivate *session = data.session->d_func();
    bool ok = false;
    *keys = matchingKeysIfNeeded(data, knownKeys, &ok);
    if (!ok || !session->ensureTransaction())
        return -1;
    Error error;
    QSqlQuery *query = session->connection()->run(statement.sql, statement.values, &error);
    if (!query)
        return session->statementFailed(error), -1;
    const qint64 rows = query->numRowsAffected();
    query->finish();
    if (!*knownKeys)
        session->changesOf(data.entity).unknownRows = true;
    return rows;
}

} // namespace

qint64 QueryBase::update(const QVariantMap &values) const
{
    if (!d->session || !d->entity)
        return -1;
    SessionPrivate *session = d->session->d_func();
    session->lastError = Error();
    Private::Statement statement;
    Error error;
    if (!session->builder(d->entity).update(*d, values, &statement, &error))
        return session->fail(error), -1;
    QVariantList keys;
    bool knownKeys = false;
    const qint64 rows = runBulk(*d, statement, &keys, &knownKeys);
    if (rows < 0 || !knownKeys)
        return rows;
    // Objects in the session take the new values, as if loaded again.
    QList<QPair<int, QVariant>> assignments;
    const Private::SqlBuilder &builder = session->builder(d->entity);
    const Private::Dialect *dialect = session->db->dialect;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const int index = d->entity->indexOf(it.key());
        const PropertyInfo &property = d->entity->properties().at(index);
        assignments.append({index, dialect->fromDatabase(property, builder.bindValue(property, it.value()))});
    }
    EntityChanges &changes = session->changesOf(d->entity);
    if (values.contains(d->entity->primaryKey().name()))
        changes.unknownRows = true; // keys changed: listeners reload
    else
        changes.updated.append(keys);
    for (const QVariant &key : keys) {
        QObject *object = session->identityLookup(d->entity, key);
        if (!object)
            continue;
        TrackedObject &entry = session->tracked[object];
        session->saveImage(object, entry);
        for (const auto &[index, value] : std::as_const(assignments)) {
            const PropertyInfo &property = d->entity->properties().at(index);
            property.write(object, value);
            const QVariant written = property.read(object);
            entry.image.values.set(index, written);
            entry.extras().bulkValues.insert(index, written);
        }
        // A new primary key moves the object in the identity map, as a flushed change does.
        const QVariant newKey = entry.image.values.at(d->entity->primaryKeyIndex());
        if (SessionPrivate::mapKey(newKey) != SessionPrivate::mapKey(key)) {
            session->identityMap[d->entity].remove(SessionPrivate::mapKey(key));
            session->identityMap[d->entity].insert(SessionPrivate::mapKey(newKey), object);
        }
    }
    return rows;
}

qint64 QueryBase::remove() const
{
    if (!d->session || !d->entity)
        return -1;
    SessionPrivate *session = d->session->d_func();
    session->lastError = Error();
    Private::Statement statement;
    Error error;
    if (!session->builder(d->entity).remove(*d, &statement, &error))
        return session->fail(error), -1;
    QVariantList keys;
    bool knownKeys = false;
    const qint64 rows = runBulk(*d, statement, &keys, &knownKeys);
    if (rows < 0 || !knownKeys)
        return rows;
    session->changesOf(d->entity).removed.append(keys);
    // Objects of deleted rows are gone, as if removed and flushed.
    for (const QVariant &key : keys) {
        QObject *object = session->identityLookup(d->entity, key);
        if (!object)
            continue;
        TrackedObject &entry = session->tracked[object];
        session->saveImage(object, entry);
        entry.image.inDatabase = false;
        entry.image.removed = true;
        entry.bulkRemoved = true;
        session->identityMap[d->entity].remove(SessionPrivate::mapKey(key));
    }
    return rows;
}

QString QueryBase::toSql() const
{
    if (!d->session || !d->entity)
        return {};
    Private::Statement statement;
    Error error;
    if (!d->session->d_func()->builder(d->entity).select(*d, &statement, &error))
        return {};
    return statement.sql;
}

} // namespace Quarry
