// QueryModel: following the commits the database announces (ChangeNotifier).
//
// A commit names the keys it inserted, updated and removed. The model reads the inserted
// and updated rows back (one statement, through its own condition), then tells views
// exactly what happened where it can: an updated row that is loaded and keeps its place
// is replaced (dataChanged); a loaded row that was removed, or no longer matches, is
// removed; a row that now matches is inserted where a COUNT of the rows before it says.
// What it cannot place (a change to a row it never loaded) is settled by a recount when
// the count leaves one explanation (rows entered: placed; none did: what is shown is
// reloaded), else the model is reset.
//
// While it announces, the database is already ahead of what views were told; rows that
// are not cached then read as empty instead of being fetched in the wrong place.
//
// Loading in the background, the keyed lookups here still run synchronously on the
// session's connection (a few keys, a COUNT per arriving row); the recount of
// verifyCount() runs in the worker; a commit announced while the COUNT of the model is
// still on its way restarts the load instead, and after any commit the windows on their
// way (read before it, maybe) are asked for again.

#include "querymodel.h"

#include "querymodel_p.h"
#include "session.h"
#include "session_p.h"

#include <algorithm>

namespace Quarry {

namespace {

// More keys than this in one commit: one reload is cheaper than placing each row.
constexpr int maxPlacedKeys = 256;

// Sets a flag for the lifetime of the guard, restoring what it was.
class FlagGuard {
public:
    explicit FlagGuard(bool *flag) : m_flag(flag), m_before(*flag) { *flag = true; }
    ~FlagGuard() { *m_flag = m_before; }
    FlagGuard(const FlagGuard &) = delete;
    FlagGuard &operator=(const FlagGuard &) = delete;

private:
    bool *m_flag;
    bool m_before;
};

} // namespace

void QueryModelPrivate::onCommitted(const QList<EntityChanges> &changes, const QObject *origin)
{
    if (!session || !entity)
        return;
    ++commitSerial;
    if (origin == session) {
        // Announced inside Session::commit(), before the session has settled its objects:
        // handled on Session::committed(), once it has.
        ownChanges.append(changes);
        return;
    }
    for (const EntityChanges &change : changes) {
        if (change.entity == entity)
            applyChanges(change);
        else if (!change.entity && change.unknownRows)
            verifyCount(storedCount, true);
    }
    windowsOutdated();
}

void QueryModelPrivate::onSessionCommitted()
{
    const QList<EntityChanges> changes = std::exchange(ownChanges, {});
    if (!entity)
        return;
    ++commitSerial;
    // Rows the commit names are reloaded below; no need to repaint them twice.
    QSet<QString> announced;
    for (const EntityChanges &change : changes) {
        if (change.entity != entity)
            continue;
        for (const QVariantList *keys : {&change.inserted, &change.updated, &change.removed}) {
            for (const QVariant &key : *keys)
                announced.insert(SessionPrivate::identityKey(key));
        }
    }
    reconcilePending(announced);
    for (const EntityChanges &change : changes) {
        if (change.entity == entity)
            applyChanges(change);
        else if (!change.entity && change.unknownRows)
            verifyCount(storedCount, true);
    }
    windowsOutdated();
    updateDirty();
}

void QueryModelPrivate::onSessionRolledBack()
{
    ownChanges.clear();
    if (!entity)
        return;
    ++commitSerial;
    reconcilePending({});
    windowsOutdated();
    updateDirty();
}

void QueryModelPrivate::reconcilePending(const QSet<QString> &announced)
{
    SessionPrivate *sessionData = sessionPrivate();
    if (!sessionData)
        return;
    FlagGuard guard(&announcing);
    auto trackedImage = [sessionData](QObject *object) -> const ObjectImage * {
        const auto it =
            object ? sessionData->tracked.constFind(object) : sessionData->tracked.cend();
        return it == sessionData->tracked.cend() ? nullptr : &it->image;
    };
    // Inserted rows that are stored now (or left the session) leave the overlay; a stored
    // one comes back through the commit's announcement, where the order puts it.
    for (qsizetype i = inserted.size() - 1; i >= 0; --i) {
        const ObjectImage *image = trackedImage(inserted.at(i).object);
        if (image && !image->inDatabase && !image->removed)
            continue;
        const int row = inserted.at(i).row;
        q->beginRemoveRows(QModelIndex(), row, row);
        inserted.removeAt(i);
        for (qsizetype j = i; j < inserted.size(); ++j)
            --inserted[j].row;
        q->endRemoveRows();
    }
    bool headerChanged = false;
    const QSet<QString> removedKeys = removed;
    for (const QString &identity : removedKeys) {
        const ObjectImage *image = trackedImage(objects.value(identity));
        if (!image || !image->removed || !image->inDatabase) {
            removed.remove(identity);
            headerChanged = headerChanged || !announced.contains(identity);
        }
    }
    // Objects without pending changes go: the stored row is the truth again.
    QStringList settled;
    for (auto it = objects.begin(); it != objects.end();) {
        QObject *object = it.value();
        const bool pending = object && sessionData->tracked.contains(object) &&
                             (removed.contains(it.key()) || session->isDirty(object));
        if (pending) {
            ++it;
            continue;
        }
        settled.append(it.key());
        it = objects.erase(it);
    }
    if (!editedRowObject || !hasPendingChanges())
        editedRowObject = nullptr;
    if (!settled.isEmpty()) {
        const QHash<QString, qint64> positions = cache.positionsByKey(entity->primaryKeyIndex());
        QList<qint64> repaint;
        for (const QString &identity : std::as_const(settled)) {
            const qint64 stored = positions.value(identity, -1);
            if (stored >= 0 && !announced.contains(identity))
                repaint.append(stored);
        }
        std::sort(repaint.begin(), repaint.end()); // top to bottom, whatever the hash order
        for (qint64 stored : std::as_const(repaint))
            emitRowChanged(modelRowOf(stored));
    }
    if (headerChanged && rowCount() > 0)
        emit q->headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
}

void QueryModelPrivate::applyChanges(const EntityChanges &changes)
{
    if (loader && !countKnown) { // nothing to place rows against yet
        reload();
        return;
    }
    if (changes.unknownRows || !source.keysetUsable()) {
        verifyCount(storedCount, true);
        return;
    }
    const QVariantList lookup = changes.updated + changes.inserted;
    if (lookup.size() + changes.removed.size() > maxPlacedKeys) {
        verifyCount(storedCount, true);
        return;
    }
    QHash<QString, Private::ModelRow> current;
    Error error;
    if (!source.fetchByKeys(lookup, &current, &error)) {
        fail(error);
        return;
    }
    const QHash<QString, qint64> positions = cache.positionsByKey(entity->primaryKeyIndex());
    bool unplaced = false; // a row that left, never loaded: was it shown?
    QList<qint64> leaving;
    QList<qint64> changedInPlace;
    QList<Private::ModelRow> arriving;
    QList<Private::ModelRow> unloaded; // match now, never loaded: did they enter or move?
    QSet<QString> seen;
    auto firstTime = [&seen](const QString &identity) {
        if (seen.contains(identity))
            return false;
        seen.insert(identity);
        return true;
    };
    for (const QVariant &key : changes.removed) {
        const QString identity = SessionPrivate::identityKey(key);
        if (!firstTime(identity))
            continue;
        const qint64 stored = positions.value(identity, -1);
        if (stored >= 0)
            leaving.append(stored);
        else
            unplaced = true;
    }
    for (const QVariant &key : lookup) {
        const QString identity = SessionPrivate::identityKey(key);
        if (!firstTime(identity))
            continue;
        const qint64 stored = positions.value(identity, -1);
        const auto now = current.constFind(identity);
        if (now == current.cend()) {
            // No longer matches (or never did).
            if (stored >= 0)
                leaving.append(stored);
            else
                unplaced = true;
        } else if (stored >= 0) {
            const Private::ModelRow *before = cache.row(stored);
            if (source.sortKey(*before) == source.sortKey(*now)) {
                cache.replace(stored, *now);
                changedInPlace.append(stored);
            } else {
                leaving.append(stored);
                arriving.append(*now);
            }
        } else if (changes.inserted.contains(key)) {
            arriving.append(*now);
        } else {
            unloaded.append(*now);
        }
    }
    std::sort(leaving.begin(), leaving.end(), std::greater<qint64>());
    leaving.erase(std::unique(leaving.begin(), leaving.end()), leaving.end());
    bool reloadShown = false;
    if (unplaced || !unloaded.isEmpty()) {
        // The count settles it when only one story fits: `entered` more rows than the
        // places known means every unloaded row entered and no unplaced one was shown;
        // as many means none entered (they were shown, maybe elsewhere: reload what is
        // shown) provided no row left unplaced. Anything else: reset.
        const qint64 count = source.count(&error);
        if (count < 0) {
            fail(error);
            return;
        }
        const qint64 entered = count - (storedCount - leaving.size() + arriving.size());
        if (entered == unloaded.size())
            arriving.append(unloaded);
        else if (entered == 0 && !unplaced)
            reloadShown = true;
        else {
            reload();
            return;
        }
    }
    // Where arriving rows go, asked before views hear of anything.
    QList<std::pair<qint64, Private::ModelRow>> placed;
    for (const Private::ModelRow &row : std::as_const(arriving)) {
        const qint64 position = source.positionOf(row, &error);
        if (position < 0) {
            fail(error);
            reload();
            return;
        }
        placed.append({position, row});
    }
    {
        FlagGuard guard(&announcing);
        std::sort(changedInPlace.begin(), changedInPlace.end());
        for (qint64 stored : std::as_const(changedInPlace))
            emitRowChanged(modelRowOf(stored));
        for (qint64 stored : std::as_const(leaving))
            removeStored(stored);
        // Ascending: each COUNT included the arriving rows before it, which are in by now.
        std::sort(placed.begin(), placed.end(),
                  [](const auto &a, const auto &b) { return a.first < b.first; });
        for (const auto &[position, row] : std::as_const(placed))
            insertStored(position, row);
    }
    if (reloadShown)
        reloadShownRows();
}

void QueryModelPrivate::verifyCount(qint64 expected, bool reloadShown)
{
    if (loader && !countKnown) {
        reload();
        return;
    }
    if (loader) {
        recountInBackground(expected, reloadShown);
        return;
    }
    Error error;
    const qint64 count = source.count(&error);
    if (count < 0) {
        fail(error);
        return;
    }
    if (count != expected) {
        reload();
        return;
    }
    if (reloadShown)
        reloadShownRows();
}

void QueryModelPrivate::reloadShownRows()
{
    cache.clear();
    windowsOutdated();
    if (rowCount() > 0 && !columns.isEmpty())
        emit q->dataChanged(q->index(0, 0), q->index(rowCount() - 1, int(columns.size()) - 1));
}

void QueryModelPrivate::removeStored(qint64 stored)
{
    const int row = modelRowOf(stored);
    q->beginRemoveRows(QModelIndex(), row, row);
    cache.removeRow(stored);
    --storedCount;
    for (InsertedRow &pending : inserted) {
        if (pending.row > row)
            --pending.row;
    }
    q->endRemoveRows();
}

void QueryModelPrivate::insertStored(qint64 stored, const Private::ModelRow &row)
{
    const int modelRow = modelRowOf(stored);
    q->beginInsertRows(QModelIndex(), modelRow, modelRow);
    cache.insertRow(stored, row);
    ++storedCount;
    for (InsertedRow &pending : inserted) {
        if (pending.row >= modelRow)
            ++pending.row;
    }
    q->endInsertRows();
}

} // namespace Quarry
