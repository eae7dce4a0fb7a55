// QueryModel: loading in the background (setBackgroundLoading(true)).
//
// The model thread never waits for the database: a reset queues the first window and the
// COUNT with a new generation, data() of a row not cached queues its window and says
// "loading", and results come back through the event loop. Rows become known in steps
// (the first window's rows, then the COUNT), each announced as rows inserted at the end,
// so views keep their scroll position and QAbstractItemModelTester its bookkeeping.
// A result of an older generation (a reset since) or epoch (rows moved, a commit was
// announced since) is ignored; the pages still wanted are asked for again under the new
// epoch, so a view never waits for a result that will not come. When a window a view
// asked for arrives, its neighbours are read ahead (at the lowest priority), so scrolling
// on rarely meets a row still loading.

#include "querymodel.h"

#include "querymodel_p.h"
#include "session.h"

namespace Quarry {

using Private::LoadRequest;
using Private::LoadResult;

namespace {
// Two neighbours per window a view asked for, and room for the windows views show.
constexpr int minPagesForReadAhead = 8;
} // namespace

// --- QueryModelPrivate ------------------------------------------------------------------

bool QueryModelPrivate::reloadInBackground()
{
    q->beginResetModel();
    cache.clear();
    cancelLoads();
    storedCount = 0;
    // No stored rows are known yet: pending inserted rows keep their order, at the top.
    for (int i = 0; i < inserted.size(); ++i)
        inserted[i].row = i;
    if (entity && session) {
        countKnown = false;
        workerSource = std::make_shared<const Private::RowSource>(
            source.detached(session->database()));
        requestPage(0);
        LoadRequest count;
        count.kind = LoadRequest::Kind::Count;
        count.generation = generation;
        count.epoch = epoch;
        count.source = workerSource;
        loader->enqueue(std::move(count));
    }
    q->endResetModel();
    updateLoading();
    return true;
}

void QueryModelPrivate::cancelLoads()
{
    ++generation;
    pendingPages.clear();
    readAheadPages.clear();
    recount.reset();
    countKnown = true;
    workerSource.reset();
    if (loader)
        loader->setCurrent(generation, epoch);
}

void QueryModelPrivate::windowsOutdated()
{
    if (!loader)
        return;
    ++epoch;
    loader->setCurrent(generation, epoch);
    const QSet<qint64> pages = std::exchange(pendingPages, {});
    const QSet<qint64> readAhead = std::exchange(readAheadPages, {});
    for (qint64 page : pages)
        requestPage(page, readAhead.contains(page));
}

bool QueryModelPrivate::awaitsRow(const RowRef &ref)
{
    if (!loader || ref.stored < 0 || cache.contains(ref.stored))
        return false;
    storedRow(ref.stored); // queues the row's window
    return true;
}

void QueryModelPrivate::requestPage(qint64 page, bool readAhead)
{
    if (!workerSource)
        return;
    if (pendingPages.contains(page)) {
        // A view wants a page queued as read-ahead: ask again with a view's priority (if
        // both run, the second result just stores the same rows again).
        if (readAhead || !readAheadPages.remove(page))
            return;
    }
    const qint64 start = cache.pageStart(page);
    if (countKnown && start >= storedCount)
        return;
    LoadRequest request;
    request.kind = LoadRequest::Kind::Window;
    request.generation = generation;
    request.epoch = epoch;
    request.source = workerSource;
    request.page = page;
    request.start = start;
    request.rows = cache.pageSize();
    request.total = countKnown ? storedCount : -1;
    request.readAhead = readAhead;
    // The anchors as the model knows them now: the worker never sees the cache.
    request.before = cache.anchorBefore(start);
    request.after = cache.anchorFrom(start + std::min<qint64>(request.rows, storedCount - start));
    pendingPages.insert(page);
    if (readAhead)
        readAheadPages.insert(page);
    loader->enqueue(std::move(request));
    queueLoadingUpdate();
}

void QueryModelPrivate::onLoaded(const LoadResult &result)
{
    if (result.generation != generation)
        return; // the query changed since it was asked for
    if (result.kind == LoadRequest::Kind::Count)
        onCountLoaded(result);
    else if (result.kind == LoadRequest::Kind::Recount)
        onRecountLoaded(result);
    else
        onWindowLoaded(result);
    updateLoading();
}

void QueryModelPrivate::onWindowLoaded(const LoadResult &result)
{
    if (result.epoch != epoch)
        return; // asked for again under the current epoch (windowsOutdated())
    if (result.readAhead && !readAheadPages.contains(result.page))
        return; // promoted to a view's request since: that result settles it
    pendingPages.remove(result.page);
    readAheadPages.remove(result.page);
    const qint64 start = result.start;
    if (result.dropped && result.readAhead)
        return; // nobody is waiting for it
    if (result.dropped) {
        // The queue was full: if a view still shows these rows, repainting asks again.
        const qint64 last = std::min<qint64>(start + cache.pageSize(), storedCount) - 1;
        if (last >= start && !columns.isEmpty())
            emit q->dataChanged(q->index(modelRowOf(start), 0),
                                q->index(modelRowOf(last), int(columns.size()) - 1));
        return;
    }
    if (!result.ok) {
        fail(result.error);
        emit q->loadFailed(result.error);
        return;
    }
    const QList<Private::ModelRow> &rows = result.rows;
    if (countKnown && rows.size() < std::min<qint64>(cache.pageSize(), storedCount - start))
        scheduleRecount();
    if (rows.isEmpty())
        return;
    cache.setAnchor(start, source.sortKey(rows.constFirst()));
    cache.setAnchor(start + rows.size() - 1, source.sortKey(rows.constLast()));
    cache.storePage(result.page, rows);
    const qint64 shownBefore = storedCount;
    if (!countKnown) {
        // Rows before the count: shown at once. A first window that is not full holds
        // every row there is, which settles the count.
        growStoredCount(start + rows.size());
        if (start == 0 && rows.size() < cache.pageSize()) {
            countKnown = true;
            emit q->rowCountKnown(storedCount);
        }
    }
    const qint64 last = std::min<qint64>(start + rows.size(), shownBefore) - 1;
    if (last >= start && !columns.isEmpty())
        emit q->dataChanged(q->index(modelRowOf(start), 0),
                            q->index(modelRowOf(last), int(columns.size()) - 1));
    // Not with a cache of a few pages: a neighbour stored would evict the page a view is
    // waiting to show.
    if (countKnown && !result.readAhead && cache.maxPages() >= minPagesForReadAhead) {
        for (const qint64 neighbour : {result.page + 1, result.page - 1}) {
            const qint64 first = cache.pageStart(neighbour);
            if (neighbour >= 0 && first < storedCount && !cache.contains(first))
                requestPage(neighbour, true);
        }
    }
}

void QueryModelPrivate::onCountLoaded(const LoadResult &result)
{
    if (countKnown)
        return; // settled by a short first window
    if (!result.ok) {
        countKnown = true; // nothing more will come: stop saying "loading"
        fail(result.error);
        emit q->loadFailed(result.error);
        return;
    }
    if (result.count < storedCount) {
        // Rows vanished between the first window and the count (another process).
        reload();
        return;
    }
    growStoredCount(result.count);
    countKnown = true;
    emit q->rowCountKnown(storedCount);
}

void QueryModelPrivate::recountInBackground(qint64 expected, bool reloadShown)
{
    // Two checks asked for by one commit (several entities' changes): one COUNT answers.
    if (recount && recount->serial == commitSerial)
        reloadShown = reloadShown || recount->reloadShown;
    recount = PendingRecount{commitSerial, expected, reloadShown};
    LoadRequest request;
    request.kind = LoadRequest::Kind::Recount;
    request.generation = generation;
    request.epoch = epoch;
    request.source = workerSource;
    request.tag = commitSerial;
    loader->enqueue(std::move(request));
    updateLoading();
}

void QueryModelPrivate::onRecountLoaded(const LoadResult &result)
{
    if (!recount || result.tag != recount->serial)
        return; // a newer recount is on its way
    const PendingRecount asked = *std::exchange(recount, std::nullopt);
    if (!result.ok) {
        fail(result.error);
        emit q->loadFailed(result.error);
        return;
    }
    // Commits announced since it was asked make the count ambiguous: start over.
    if (asked.serial != commitSerial || result.count != asked.expected) {
        reload();
        return;
    }
    if (asked.reloadShown)
        reloadShownRows();
}

void QueryModelPrivate::growStoredCount(qint64 count)
{
    if (count <= storedCount)
        return;
    // Pending inserted rows all sit before rowCount(): the new stored rows follow them.
    const int first = rowCount();
    q->beginInsertRows(QModelIndex(), first, first + int(count - storedCount) - 1);
    storedCount = count;
    q->endInsertRows();
}

void QueryModelPrivate::updateLoading()
{
    const bool now = isLoading();
    if (now == loadingShown)
        return;
    loadingShown = now;
    emit q->loadingChanged(now);
}

void QueryModelPrivate::queueLoadingUpdate()
{
    if (loadingUpdateQueued || isLoading() == loadingShown)
        return;
    loadingUpdateQueued = true;
    QMetaObject::invokeMethod(
        q,
        [this] {
            loadingUpdateQueued = false;
            updateLoading();
        },
        Qt::QueuedConnection);
}

// --- QueryModel -------------------------------------------------------------------------

void QueryModel::setBackgroundLoading(bool on)
{
    if (on == backgroundLoading())
        return;
    if (on) {
        d->loader = std::make_unique<Private::RowLoader>(
            [this](const LoadResult &result) { d->onLoaded(result); });
    } else {
        d->cancelLoads();
        d->loader.reset();
    }
    d->reload();
    d->updateLoading();
}

bool QueryModel::backgroundLoading() const
{
    return d->loader != nullptr;
}

bool QueryModel::isRowCountKnown() const
{
    return d->countKnown;
}

bool QueryModel::isLoading() const
{
    return d->isLoading();
}

} // namespace Quarry
