#pragma once

// Private: QueryModel's background loader. One worker thread per model runs COUNTs and
// window SELECTs through a detached RowSource (its own SqlBuilder, the worker thread's
// own connection of the Database: DatabasePrivate hands every thread a clone, and closes
// it when the thread finishes). The model thread only queues requests and receives
// results as queued calls, so it never waits for the database.
//
// Requests are tagged with the model's generation (bumped by every reset: query, filter,
// search, sort, refresh) and epoch (bumped when stored rows move, a live insertion or
// removal, or the page size changes). Queued requests of an older generation or epoch are
// dropped before they run; results are checked again by the model when they arrive,
// since the newest request may be issued while an older statement is running.
//
// Windows run before the count (the first rows show while a slow COUNT still runs), the
// most recently requested window first (the one a view is showing now); read-ahead
// windows (the neighbours of one a view asked for) run last. At most maxQueuedWindows
// of each kind wait; the oldest beyond that are handed back as dropped, so the model can
// ask again if a view still shows them.

#include "error.h"
#include "rowcache_p.h"
#include "rowsource_p.h"

#include <QObject>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

namespace Quarry::Private {

struct LoadRequest {
    // Recount: a COUNT that checks what the model holds after a commit it could not place
    // (verifyCount()); it shares the count's slot (the model never needs both at once).
    enum class Kind { Window, Count, Recount };
    Kind kind = Kind::Window;
    quint64 generation = 0;
    quint64 epoch = 0;
    // Immutable once queued; shared by the requests of one generation.
    std::shared_ptr<const RowSource> source;
    // Windows: rows [start, start + rows) of `total` (-1: not counted yet), with the
    // anchors the model knew when it asked (positions are those of `epoch`).
    qint64 page = -1;
    qint64 start = 0;
    int rows = 0;
    qint64 total = -1;
    bool readAhead = false; // no view asked for it (yet): runs after everything else
    quint64 tag = 0;        // Recount: which one (the model's commit serial)
    std::optional<RowCache::Anchor> before;
    std::optional<RowCache::Anchor> after;
};

struct LoadResult {
    LoadRequest::Kind kind = LoadRequest::Kind::Window;
    quint64 generation = 0;
    quint64 epoch = 0;
    qint64 page = -1;
    qint64 start = 0;
    bool readAhead = false;
    quint64 tag = 0;
    bool dropped = false; // never ran: the queue was full
    bool ok = false;
    qint64 count = -1;          // Count, Recount
    QList<ModelRow> rows;       // Window
    Error error;
};

class RowLoader : public QObject {
public:
    using Receiver = std::function<void(const LoadResult &)>;
    static constexpr int maxQueuedWindows = 16;

    // `receiver` is called in the thread that creates the loader, from its event loop.
    explicit RowLoader(Receiver receiver);
    // Drops what is queued and waits for the statement in flight; the worker's connection
    // is closed (and removed) in the worker thread as it finishes.
    ~RowLoader() override;
    RowLoader(const RowLoader &) = delete;
    RowLoader &operator=(const RowLoader &) = delete;

    // What is current; queued requests of anything else are discarded.
    void setCurrent(quint64 generation, quint64 epoch);
    void enqueue(LoadRequest request);

private:
    void run(); // the worker thread's loop
    bool isCurrent(const LoadRequest &request) const;
    static LoadResult execute(const LoadRequest &request);
    // Results travel through a queue of our own, drained by one queued call: the handoff
    // is then ordered by m_resultsMutex (visible to ThreadSanitizer), not only by
    // QtCore's event queue.
    void deliver(LoadResult result);
    void drainResults();
    void purge(std::deque<LoadRequest> *queue);

    Receiver m_receiver;
    // Standard ones rather than QMutex/QWaitCondition: ThreadSanitizer sees through them
    // (it cannot see QWaitCondition release the mutex inside an uninstrumented QtCore).
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<LoadRequest> m_windows;   // newest at the back
    std::deque<LoadRequest> m_readAhead; // likewise
    std::optional<LoadRequest> m_count;
    quint64 m_generation = 0;
    quint64 m_epoch = 0;
    bool m_stopping = false;
    bool m_exited = false; // the worker left its loop
    std::mutex m_resultsMutex;
    std::deque<LoadResult> m_results;
    std::unique_ptr<QThread> m_thread;
};

} // namespace Quarry::Private
