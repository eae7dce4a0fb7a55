// The unit of work's INSERTs: one statement per object, or, for runs of new objects of one
// class whose keys the database generates, one multi-row INSERT per batch: with RETURNING
// (SQLite >= 3.35, PostgreSQL), or on MySQL/MariaDB with the keys worked out from the first
// one where they are known to be consecutive (insertkeys_p.h). Executing one statement per
// row cost more than the rows themselves (docs/benchmarks.md, W1).

#include "session_p.h"

#include <QSqlQuery>
#include <QUuid>
#include <algorithm>

namespace Quarry {

using Kind = Private::StatementCache::Kind;

namespace {

// Rows per multi-row INSERT, in powers of two so that a class needs at most seven
// prepared shapes. More gain nothing: QtSql renames every `?` to a named placeholder for
// QSQLITE, and SQLite looks names up linearly, so preparing grows with the square.
constexpr int maxBatchRows = 64;

bool isUnsetKey(const PropertyInfo &key, const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return true;
    return key.isAutoIncrement() && value.toLongLong() == 0;
}

// The keys a multi-row INSERT ... RETURNING generated, in VALUES order.
QList<qint64> returnedKeys(Private::Cursor &query)
{
    QList<qint64> keys;
    while (query.next())
        keys.append(query.value(0).toLongLong());
    // Keys are generated in VALUES order, ascending; RETURNING does not promise an order.
    std::sort(keys.begin(), keys.end());
    return keys;
}

// The keys of a multi-row INSERT whose keys are consecutive: lastInsertId() is the first
// row's, the others follow `stride` apart. Empty when the statement did not insert every
// row, or gave no key: then nothing can be said about them.
QList<qint64> consecutiveKeys(const Private::Cursor &query, qint64 stride, int rows)
{
    bool ok = false;
    const qint64 first = query.lastInsertId().toLongLong(&ok);
    if (!ok || first <= 0 || query.numRowsAffected() != rows)
        return {};
    QList<qint64> keys;
    keys.reserve(rows);
    for (int i = 0; i < rows; ++i)
        keys.append(first + i * stride);
    return keys;
}

} // namespace

// The new object's class when the database generates its key and nothing about it depends
// on other objects of the same flush (relations decide foreign keys one object at a time);
// else nullptr.
const EntityInfo *SessionPrivate::batchableEntity(QObject *object) const
{
    const EntityInfo *entity = tracked.constFind(object)->entity;
    if (!entity->relations().isEmpty() || entity->properties().size() < 2 ||
        parentLinks.contains(object))
        return nullptr;
    const PropertyInfo &key = entity->primaryKey();
    const bool generated = key.isAutoIncrement() && key.storage() != PropertyInfo::Storage::Uuid
        && isUnsetKey(key, key.read(object));
    return generated ? entity : nullptr;
}

int SessionPrivate::insertBatchSize(const QList<QObject *> &inserts, int from)
{
    const Private::Dialect *dialect = db->dialect;
    const EntityInfo *entity = batchableEntity(inserts.at(from));
    if (!entity)
        return 1;
    const int columns = int(entity->properties().size()) - 1;
    const int limit = std::min<int>(maxBatchRows, dialect->maxBoundValues() / columns);
    int count = 1;
    while (count < limit && from + count < inserts.size()
           && batchableEntity(inserts.at(from + count)) == entity)
        ++count;
    // Asked only here, so that a lone new object costs MySQL no question to the server.
    if (count > 1 && !dialect->supportsReturning() &&
        connection()->multiRowKeyStride(entity->tableName()) == 0)
        return 1;
    int rows = 1;
    while (rows * 2 <= count)
        rows *= 2;
    return rows;
}

void SessionPrivate::recordInsert(QObject *object, ImageValues plainValues, bool keyGenerated,
                                  const QVariant &keyBefore)
{
    TrackedObject &entry = tracked[object];
    const EntityInfo *entity = entry.entity;
    // The levels need no saved image of a new object: the stamp says it was new to them.
    // The transaction's list of its objects brings it to commit() and restore().
    if (!levels.constFirst().isNewSince(entry))
        trackedInTransaction.append(object);
    ObjectImage &image = entry.image;
    image.insertStamp = ++insertsInTransaction;
    image.inDatabase = true;
    image.values = std::move(plainValues);
    image.keyGenerated = keyGenerated;
    // The unset key a generated one replaced, given back if the INSERT is rolled back:
    // kept only when writing NULL would not give it back (NULL would give a NULL, and a
    // plain integer's 0; an optional's 0 it would not).
    const bool nullGivesBack = keyBefore.isNull()
        || (!entity->primaryKey().isOptional() && keyBefore == QVariant(keyBefore.metaType()));
    if (keyGenerated && !nullGivesBack)
        keysBeforeInsert.insert(object, keyBefore);
    entry.notified = false;
    watch(object, entry);
    const QVariant key = image.values.at(entity->primaryKeyIndex());
    identityMap[entity].insert(mapKey(key), object);
    EntityChanges &changes = changesOf(entity);
    noteChanged(changes, changes.inserted, key);
}

bool SessionPrivate::insertBatch(const QList<QObject *> &objects, Error *error)
{
    const EntityInfo *entity = tracked[objects.constFirst()].entity;
    const Private::Dialect *dialect = db->dialect;
    const QList<PropertyInfo> &properties = entity->properties();
    const int keyIndex = entity->primaryKeyIndex();
    QList<int> columns;
    for (int i = 0; i < properties.size(); ++i) {
        if (i != keyIndex)
            columns.append(i);
    }
    // Every object's plain values, one object after the other, in one list: each one's
    // image is made from its part (a list per object cost an allocation and a free more).
    const qsizetype width = properties.size();
    QVariantList plainValues;
    plainValues.reserve(objects.size() * width);
    QVariantList values;
    values.reserve(objects.size() * columns.size());
    for (QObject *object : objects) {
        for (int i = 0; i < width; ++i) {
            plainValues.append(properties.at(i).read(object));
            if (i != keyIndex)
                values.append(dialect->toDatabase(properties.at(i), plainValues.constLast()));
        }
    }
    // insertBatchSize() made sure the step is known when there is no RETURNING.
    const qint64 keyStride =
        dialect->supportsReturning() ? 0 : connection()->multiRowKeyStride(entity->tableName());
    Private::Cursor query = statements.run(connection(), builder(entity), entity,
                                           keyStride ? Kind::Insert : Kind::InsertReturning,
                                           columns, values, error, int(objects.size()));
    if (!query) {
        *error = describeForeignKeyError(*error, entity, false);
        return false;
    }
    const QList<qint64> keys =
        keyStride ? consecutiveKeys(query, keyStride, int(objects.size())) : returnedKeys(query);
    query.finish();
    if (keys.size() != objects.size()) {
        *error = Error(Error::DatabaseError,
                       QStringLiteral("the database reported %1 keys for %2 new %3 objects")
                           .arg(keys.size())
                           .arg(objects.size())
                           .arg(entity->className()));
        return false;
    }
    const PropertyInfo &key = entity->primaryKey();
    QVariant *plain = plainValues.data();
    for (int i = 0; i < objects.size(); ++i, plain += width) {
        QObject *object = objects.at(i);
        const QVariant keyBefore = plain[keyIndex];
        key.write(object, dialect->fromDatabase(key, keys.at(i)));
        plain[keyIndex] = key.read(object);
        recordInsert(object, ImageValues(plain, width), true, keyBefore);
    }
    return true;
}

bool SessionPrivate::insertObject(QObject *object, Error *error)
{
    syncForeignKeys(object); // parents were inserted first: their keys are known
    const EntityInfo *entity = tracked[object].entity;
    const Private::Dialect *dialect = db->dialect;
    const PropertyInfo &key = entity->primaryKey();
    const QVariant keyBefore = key.read(object);
    const bool generateKey = isUnsetKey(key, keyBefore);
    if (generateKey && key.storage() == PropertyInfo::Storage::Uuid)
        key.write(object, QUuid::createUuid());
    const bool databaseKey = generateKey && key.isAutoIncrement();
    QList<int> columns;
    QVariantList values;
    QVariantList plainValues; // the image, without reading every property again
    const QList<PropertyInfo> &properties = entity->properties();
    plainValues.reserve(properties.size());
    for (int i = 0; i < properties.size(); ++i) {
        plainValues.append(properties.at(i).read(object));
        if (databaseKey && i == entity->primaryKeyIndex())
            continue;
        columns.append(i);
        values.append(dialect->toDatabase(properties.at(i), plainValues.constLast()));
    }
    // SQLite hands the new key out through lastInsertId() (sqlite3_last_insert_rowid)
    // for free; stepping a RETURNING row costs more than the INSERT itself.
    const bool returning = databaseKey && dialect->supportsReturning() &&
                           dialect->backend() != Database::Backend::SQLite;
    Private::Cursor query =
        statements.run(connection(), builder(entity), entity,
                       returning ? Kind::InsertReturning : Kind::Insert, columns, values, error);
    if (!query) {
        if (generateKey)
            key.write(object, keyBefore);
        *error = describeForeignKeyError(*error, entity, false);
        return false;
    }
    if (databaseKey) {
        QVariant generated;
        if (returning) {
            if (query.next())
                generated = query.value(0);
        } else {
            generated = query.lastInsertId();
        }
        query.finish();
        if (!generated.isValid()) {
            *error = Error(Error::DatabaseError,
                           QStringLiteral("the database returned no key for the new %1")
                               .arg(entity->className()));
            return false;
        }
        key.write(object, dialect->fromDatabase(key, generated));
        plainValues[entity->primaryKeyIndex()] = key.read(object);
    } else {
        query.finish();
    }
    recordInsert(object, ImageValues(plainValues), generateKey, keyBefore);
    return true;
}

} // namespace Quarry
