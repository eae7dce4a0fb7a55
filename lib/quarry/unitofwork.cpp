// The session's unit of work: flush, commit, rollback and savepoints.

#include "logging_p.h"
#include "session_p.h"

#include <QMetaMethod>
#include <QSet>
#include <QSqlQuery>
#include <QVarLengthArray>
#include <algorithm>
#include <utility>
#include <vector>

namespace Quarry {

using Private::Connection;

QList<EntryRef> SessionPrivate::flushCandidates(bool withRelationsOnly) const
{
    // In add()/load order: statements follow the order the user knows, the same every
    // run, and rows loaded together are written together. An object may come from more
    // than one source: the sequence, unique per object, finds the duplicates.
    auto bySequence = [](const EntryRef &a, const EntryRef &b) { return a.sequence < b.sequence; };
    if (!withRelationsOnly && alwaysChecked.isEmpty() && parentLinks.isEmpty()
        && std::is_sorted(candidates.cbegin(), candidates.cend(), bySequence)) {
        // The usual case, shared rather than copied: a large flush's candidates fill a
        // list of their own, and checking each here would be one more pass over their
        // entries. It may hold references that are no longer current.
        return candidates;
    }
    QList<EntryRef> ordered;
    ordered.reserve(candidates.size() + alwaysChecked.size() + parentLinks.size());
    auto wanted = [&](const TrackedObject &entry) {
        return !withRelationsOnly || !entry.entity->relations().isEmpty();
    };
    for (const EntryRef &ref : candidates) {
        // Not current: it left the session (maybe to come back as another candidate).
        if (ref.isCurrent() && wanted(*ref.entry))
            ordered.append(ref);
    }
    auto consider = [&](QObject *object) {
        TrackedObject *entry = tracked.entryOf(object);
        if (entry && wanted(*entry))
            ordered.append({object, entry, entry->sequence});
    };
    for (QObject *object : alwaysChecked)
        consider(object);
    for (auto it = parentLinks.cbegin(); it != parentLinks.cend(); ++it)
        consider(it.key());
    // Objects changed in load order, the usual case, are in order already.
    if (!std::is_sorted(ordered.begin(), ordered.end(), bySequence))
        std::sort(ordered.begin(), ordered.end(), bySequence);
    ordered.erase(std::unique(ordered.begin(), ordered.end(),
                              [](const EntryRef &a, const EntryRef &b) {
                                  return a.sequence == b.sequence;
                              }),
                  ordered.end());
    return ordered;
}

void SessionPrivate::clearCandidates()
{
    candidates.clear();
    if (++candidateRound == 0) {
        // Wrapped (after 2^32 flushes): no old mark may read as a new one.
        for (TrackedObject &entry : tracked)
            entry.candidateRound = 0;
        candidateRound = 1;
    }
}

bool SessionPrivate::pendingUpdate(const EntryRef &ref, PendingUpdate *update)
{
    TrackedObject *entry = entryOf(ref);
    if (!entry || !entry->image.inDatabase || entry->image.removed)
        return false;
    if (parentLinks.contains(ref.object)) {
        syncForeignKeys(ref.object);
        entry = entryOf(ref); // its setters ran user code, which may have forgotten it
        if (!entry)
            return false;
    }
    // An unwatched one is compared: the keys just synced into it signalled no slot.
    if (!entry->mayDiffer())
        return false;
    // Compared in place, property by property: only the changed values are read into
    // QVariants, the others are the image's already.
    const ObjectImage &image = entry->image;
    const QList<PropertyInfo> &properties = entry->entity->properties();
    QVarLengthArray<int, 32> changed;
    update->values.clear();
    QVariant value; // empty again after each move
    for (qsizetype i = image.values.firstDifference(properties, ref.object, 0, &value); i >= 0;
         i = image.values.firstDifference(properties, ref.object, i + 1, &value)) {
        changed.append(int(i));
        update->values.append(std::move(value));
    }
    if (changed.isEmpty()) {
        entry->notified = false;
        return false;
    }
    if (!std::equal(changed.cbegin(), changed.cend(), update->changed.cbegin(),
                    update->changed.cend()))
        update->changed = QList<int>(changed.cbegin(), changed.cend());
    update->entry = entry;
    return true;
}

bool SessionPrivate::flush()
{
    if (flushing)
        return true;
    considerUnwatched();
    if (candidates.isEmpty() && alwaysChecked.isEmpty())
        return true; // nothing new, removed or signalled: the common autoflush
    // Objects reachable through relations join the session, and relation properties
    // decide foreign keys, before anything is compared.
    cascadeAdd();
    collectParentLinks();
    collectChangedKeys = hasChangeListeners();
    // Entries are carried through the flush, without a lookup.
    const QList<EntryRef> work = flushCandidates();

    // Gather the work first: a flush with nothing to do opens no transaction.
    const QList<const EntityInfo *> order = dependencyOrder();
    // Sort keys computed once per object: comparing through hash lookups (and a linear
    // rank search) cost more than the INSERTs of a large flush.
    struct Ordered {
        qsizetype rank;
        quint64 sequence;
        QObject *object;
    };
    // New and removed objects are all in `candidates` (the pages of room left unused are
    // never touched).
    std::vector<Ordered> orderedInserts;
    std::vector<Ordered> orderedDeletes;
    orderedInserts.reserve(size_t(candidates.size()));
    orderedDeletes.reserve(size_t(candidates.size()));
    QHash<const EntityInfo *, qsizetype> ranks;
    auto rank = [&](const EntityInfo *entity) {
        auto found = ranks.constFind(entity);
        if (found == ranks.cend())
            found = ranks.insert(entity, order.indexOf(entity));
        return *found;
    };
    for (const EntryRef &ref : work) {
        if (!ref.isCurrent())
            continue; // forgotten since it was marked
        const TrackedObject &entry = *ref.entry;
        if (!entry.image.inDatabase && !entry.image.removed)
            orderedInserts.push_back({rank(entry.entity), entry.sequence, ref.object});
        else if (entry.image.inDatabase && entry.image.removed)
            orderedDeletes.push_back({rank(entry.entity), entry.sequence, ref.object});
    }
    // Parents first, then in add() order (objects of one class added in order, the usual
    // case, are in order already); deletes children first.
    auto parentsFirst = [](const Ordered &a, const Ordered &b) {
        return a.rank != b.rank ? a.rank < b.rank : a.sequence < b.sequence;
    };
    if (!std::is_sorted(orderedInserts.begin(), orderedInserts.end(), parentsFirst))
        std::sort(orderedInserts.begin(), orderedInserts.end(), parentsFirst);
    std::stable_sort(orderedDeletes.begin(), orderedDeletes.end(),
                     [](const Ordered &a, const Ordered &b) { return a.rank > b.rank; });
    QList<QObject *> inserts;
    inserts.reserve(qsizetype(orderedInserts.size()));
    for (const Ordered &entry : orderedInserts)
        inserts.append(entry.object);
    QList<QObject *> deletes;
    deletes.reserve(qsizetype(orderedDeletes.size()));
    for (const Ordered &entry : orderedDeletes)
        deletes.append(entry.object);
    // UPDATEs are computed one at a time as they are written (below): none is kept. Here,
    // when there is nothing else to write, the first one found says there is work.
    PendingUpdate update;
    const bool workPending = !inserts.isEmpty() || !deletes.isEmpty()
        || std::any_of(work.cbegin(), work.cend(),
                       [&](const EntryRef &ref) { return pendingUpdate(ref, &update); });
    if (!workPending && !hasAssociationChanges()) {
        clearCandidates();
        return true;
    }
    if (!ensureTransaction())
        return false;

    flushing = true;
    Connection *connection = this->connection();
    const Private::Dialect *dialect = db->dialect;
    Error error;
    auto abort = [&](const Error &cause) {
        flushing = false;
        failTransaction(cause);
        emit q->errorOccurred(cause);
        return fail(cause);
    };

    for (int i = 0; i < inserts.size();) {
        const int batch = insertBatchSize(inserts, i);
        const bool ok = batch > 1 ? insertBatch(inserts.mid(i, batch), &error)
                                  : insertObject(inserts.at(i), &error);
        if (!ok)
            return abort(error);
        i += batch;
    }
    // An UPDATE per object, mostly of one class: its builder and change record are looked
    // up once.
    const EntityInfo *lastEntity = nullptr;
    const Private::SqlBuilder *entityBuilder = nullptr;
    EntityChanges *entityChanges = nullptr;
    auto useEntity = [&](const EntityInfo *entity) {
        if (entity != lastEntity) {
            lastEntity = entity;
            entityBuilder = &builder(entity);
            entityChanges = &changesOf(entity); // valid: nothing below inserts there
        }
    };
    // Children of parents inserted above know their keys only now: each object is
    // compared as its UPDATE is written.
    int updated = 0;
    for (const EntryRef &ref : work) {
        if (!pendingUpdate(ref, &update))
            continue;
        ++updated;
        QObject *object = ref.object;
        TrackedObject &entry = *update.entry;
        const EntityInfo *entity = entry.entity;
        useEntity(entity);
        QVariantList values;
        values.reserve(update.changed.size() + 1);
        for (qsizetype i = 0; i < update.changed.size(); ++i) {
            values.append(dialect->toDatabase(entity->properties().at(update.changed.at(i)),
                                              update.values.at(i)));
        }
        const QVariant oldKey = entry.image.values.at(entity->primaryKeyIndex());
        values.append(dialect->toDatabase(entity->primaryKey(), oldKey));
        Private::Cursor query =
            statements.run(connection, *entityBuilder, entity,
                           Private::StatementCache::Kind::UpdateByKey, update.changed, values, &error);
        if (!query)
            return abort(describeForeignKeyError(error, entity, false));
        const int rows = query.numRowsAffected();
        query.finish();
        if (rows != 1)
            return abort(Error(Error::StaleObject,
                               QStringLiteral("the %1 with primary key %2 was deleted or changed "
                                              "by someone else (UPDATE matched %3 rows)")
                                   .arg(entity->className(), oldKey.toString())
                                   .arg(rows)));
        // The image changes in place: the level keeps only the values overwritten.
        saveValues(object, entry, update.changed);
        for (qsizetype i = 0; i < update.changed.size(); ++i)
            entry.image.values.set(update.changed.at(i), update.values.at(i));
        entry.notified = false;
        const bool keyChanged = update.changed.contains(entity->primaryKeyIndex());
        const QVariant newKey =
            keyChanged ? entry.image.values.at(entity->primaryKeyIndex()) : oldKey;
        EntityChanges &changes = *entityChanges;
        if (newKey != oldKey) {
            identityMap[entity].remove(mapKey(oldKey));
            identityMap[entity].insert(mapKey(newKey), object);
            noteChanged(changes, changes.removed, oldKey);
            noteChanged(changes, changes.inserted, newKey);
        } else {
            noteChanged(changes, changes.updated, newKey);
        }
    }

    if (!writeAssociations(&error))
        return abort(error);

    for (QObject *object : std::as_const(deletes)) {
        TrackedObject &entry = tracked[object];
        const EntityInfo *entity = entry.entity;
        const QVariant key = entry.image.values.at(entity->primaryKeyIndex());
        Private::Cursor query = statements.run(connection, builder(entity), entity,
                                               Private::StatementCache::Kind::DeleteByKey, {},
                                               {dialect->toDatabase(entity->primaryKey(), key)},
                                               &error);
        if (!query)
            return abort(describeForeignKeyError(error, entity, true));
        const int rows = query.numRowsAffected();
        query.finish();
        if (rows != 1)
            return abort(Error(Error::StaleObject,
                               QStringLiteral("the %1 with primary key %2 was already deleted")
                                   .arg(entity->className(), key.toString())));
        TrackedObject &after = tracked[object];
        saveImage(object, after);
        after.image.inDatabase = false;
        identityMap[entity].remove(mapKey(key));
        EntityChanges &changes = changesOf(entity);
        noteChanged(changes, changes.removed, key);
        applyOnDelete(entity, key);
    }
    flushing = false;
    clearCandidates();
    qCDebug(lcQuarrySession) << "flushed:" << inserts.size() << "inserts," << updated
                             << "updates," << deletes.size() << "deletes";
    return true;
}

bool SessionPrivate::commit()
{
    if (!flush())
        return false;
    // The objects the transaction changed or tracked: only they can hold a deleted row, a
    // generated key or bulk values (outside a transaction no object does).
    SavedImages changed;
    QList<QObject *> trackedInside;
    const bool settle = insertsInTransaction > 0 || savedWholeImages;
    if (!levels.isEmpty()) {
        Error error;
        if (!connection()->commit(&error)) {
            failTransaction(error);
            // A refused COMMIT ends the transaction whatever the level.
            emit q->errorOccurred(error);
            return fail(error);
        }
        changed = std::move(levels.first().saved);
        trackedInside = std::exchange(trackedInTransaction, {});
        endTransaction();
        announceCommit();
    }
    // Deleted rows leave the session for good (the session still owns the objects).
    QList<QObject *> deleted;
    auto settleObject = [&](QObject *object, TrackedObject *entry) {
        if (!entry)
            return; // forgotten
        if (entry->image.removed && !entry->image.inDatabase) {
            deleted.append(object);
        } else {
            entry->image.keyGenerated = false;
            entry->image.insertStamp = 0;
            if (entry->findExtras())
                entry->extras().bulkValues.clear();
        }
    };
    if (!settle) {
        // UPDATEs only: nothing to settle.
    } else if (changed.size() + trackedInside.size() < tracked.size()) {
        forEachCurrent(changed, [&](const SavedImage &saved) {
            settleObject(saved.object.object, saved.object.entry);
        });
        for (QObject *object : std::as_const(trackedInside))
            settleObject(object, tracked.entryOf(object));
    } else {
        // The transaction touched most of the session (a large delete): walking every
        // object costs less than looking each touched one up.
        for (auto it = tracked.begin(); it != tracked.end(); ++it)
            settleObject(it.key(), &*it);
    }
    keysBeforeInsert.clear();
    for (QObject *object : std::as_const(deleted))
        untrack(object);
    emit q->committed();
    return true;
}

void SessionPrivate::endTransaction()
{
    levels.clear();
    insertsInTransaction = 0; // every object's stamp is 0 again (commit(), restore())
    savedWholeImages = false;
}

EntityChanges &SessionPrivate::changesOf(const EntityInfo *entity)
{
    EntityChanges &changes = transactionChanges[entity];
    changes.entity = entity;
    return changes;
}

bool SessionPrivate::hasChangeListeners() const
{
    const ChangeNotifier *notifier = database.changeNotifier();
    return notifier && notifier->hasListeners();
}

void SessionPrivate::announceCommit()
{
    ChangeNotifier *notifier = database.changeNotifier();
    if (!hasChangeListeners()) {
        transactionChanges.clear(); // nobody listens: skip the work
        transactionChangedUnknownRows = false;
        return;
    }
    QList<EntityChanges> changes;
    // Duplicates (a row inserted, then updated) go through a hash: linear, not quadratic.
    auto unique = [](const QVariantList &keys) {
        QVariantList result;
        QSet<QString> seen;
        for (const QVariant &key : keys) {
            if (!seen.contains(identityKey(key))) {
                seen.insert(identityKey(key));
                result.append(key);
            }
        }
        return result;
    };
    for (EntityChanges entityChanges : std::as_const(transactionChanges)) {
        entityChanges.inserted = unique(entityChanges.inserted);
        entityChanges.updated = unique(entityChanges.updated);
        entityChanges.removed = unique(entityChanges.removed);
        changes.append(entityChanges);
    }
    if (transactionChangedUnknownRows) {
        EntityChanges unknown;
        unknown.unknownRows = true;
        changes.append(unknown);
    }
    transactionChanges.clear();
    transactionChangedUnknownRows = false;
    notifier->notifyCommitted(changes, q);
}

bool SessionPrivate::rollback()
{
    TransactionLevel start; // without a transaction nothing was written: empty
    if (!levels.isEmpty()) {
        start = std::move(levels.first());
        transactionChanges.clear();
        transactionChangedUnknownRows = false;
        Error error;
        if (m_connection && !m_connection->rollback(&error) && error.kind() != Error::ConnectionError) {
            endTransaction();
            restore(start, true);
            trackedInTransaction.clear();
            return fail(error);
        }
        endTransaction();
    }
    restore(start, true);
    trackedInTransaction.clear();
    emit q->rolledBack();
    return true;
}

void SessionPrivate::failTransaction(const Error &error)
{
    if (levels.isEmpty())
        return;
    Error ignored;
    const bool lost = error.kind() == Error::ConnectionError;
    if (lost || levels.size() == 1 || error.sql() == QLatin1String("COMMIT")) {
        const TransactionLevel start = std::move(levels.first());
        transactionChanges.clear();
        transactionChangedUnknownRows = false;
        if (m_connection)
            m_connection->rollback(&ignored);
        endTransaction();
        restore(start, false);
        trackedInTransaction.clear();
        return;
    }
    // The savepoint stays open: its saved images still describe its start.
    const TransactionLevel level = levels.constLast();
    m_connection->rollbackToSavepoint(level.savepoint, &ignored);
    restore(level, false);
}

bool SessionPrivate::beginSavepoint()
{
    if (!flush() || !ensureTransaction())
        return false;
    const QString name = QStringLiteral("quarry_sp_%1").arg(levels.size());
    Error error;
    if (!m_connection->savepoint(name, &error))
        return fail(error);
    beginLevel(name);
    return true;
}

bool SessionPrivate::releaseSavepoint(int level)
{
    if (level >= levels.size())
        return fail(Error(Error::InvalidQuery,
                          QStringLiteral("the enclosing transaction was already rolled back")));
    if (!flush())
        return false;
    Error error;
    if (!m_connection->releaseSavepoint(levels.at(level).savepoint, &error)) {
        failTransaction(error);
        return fail(error);
    }
    endLevelsFrom(level);
    return true;
}

bool SessionPrivate::rollbackToSavepoint(int level)
{
    if (level >= levels.size())
        return fail(Error(Error::InvalidQuery,
                          QStringLiteral("the enclosing transaction was already rolled back")));
    const TransactionLevel saved = levels.at(level);
    endLevelsFrom(level);
    Error error;
    if (!m_connection->rollbackToSavepoint(saved.savepoint, &error)
        || !m_connection->releaseSavepoint(saved.savepoint, &error)) {
        restore(saved, true);
        failTransaction(error);
        return fail(error);
    }
    restore(saved, true);
    return true;
}

} // namespace Quarry
