#include "rowloader_p.h"

#include "session.h" // RowSource holds a QPointer<Session>

#include <QPointer>
#include <QThread>

namespace Quarry::Private {

RowLoader::RowLoader(Receiver receiver) : m_receiver(std::move(receiver))
{
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("quarry-model-loader"));
    m_thread->start();
}

RowLoader::~RowLoader()
{
    {
        std::lock_guard locker(m_mutex);
        m_stopping = true;
        m_windows.clear();
        m_readAhead.clear();
        m_count.reset();
        m_wake.notify_all();
    }
    {
        // The worker says it is done with this object (ordered by m_mutex, which the
        // join inside QThread::wait() is not, as far as ThreadSanitizer can see).
        std::unique_lock locker(m_mutex);
        m_wake.wait(locker, [this] { return m_exited; });
    }
    // The thread ends: its connection is closed there. Results posted meanwhile are
    // discarded with this QObject's pending events.
    m_thread->wait();
}

void RowLoader::setCurrent(quint64 generation, quint64 epoch)
{
    std::lock_guard locker(m_mutex);
    m_generation = generation;
    m_epoch = epoch;
    // Dropped silently: the model forgets its pending requests when it moves on.
    purge(&m_windows);
    purge(&m_readAhead);
    if (m_count && m_count->generation != generation)
        m_count.reset();
}

void RowLoader::purge(std::deque<LoadRequest> *queue)
{
    for (auto it = queue->begin(); it != queue->end();)
        it = isCurrent(*it) ? std::next(it) : queue->erase(it);
}

bool RowLoader::isCurrent(const LoadRequest &request) const
{
    // A count does not depend on positions, only on the condition (a recount's result is
    // judged by the model, which knows what happened since it asked).
    return request.generation == m_generation &&
           (request.kind != LoadRequest::Kind::Window || request.epoch == m_epoch);
}

void RowLoader::enqueue(LoadRequest request)
{
    std::lock_guard locker(m_mutex);
    if (m_stopping || !isCurrent(request))
        return;
    if (request.kind != LoadRequest::Kind::Window) {
        m_count = std::move(request);
    } else {
        std::deque<LoadRequest> &queue = request.readAhead ? m_readAhead : m_windows;
        queue.push_back(std::move(request));
        while (queue.size() > size_t(maxQueuedWindows)) {
            LoadResult dropped;
            dropped.generation = queue.front().generation;
            dropped.epoch = queue.front().epoch;
            dropped.page = queue.front().page;
            dropped.start = queue.front().start;
            dropped.readAhead = queue.front().readAhead;
            dropped.dropped = true;
            queue.pop_front();
            deliver(std::move(dropped));
        }
    }
    m_wake.notify_one();
}

void RowLoader::run()
{
    for (;;) {
        LoadRequest request;
        {
            std::unique_lock locker(m_mutex);
            m_wake.wait(locker, [this] {
                return m_stopping || !m_windows.empty() || m_count || !m_readAhead.empty();
            });
            if (m_stopping) {
                m_exited = true;
                m_wake.notify_all();
                return;
            }
            if (!m_windows.empty()) {
                request = std::move(m_windows.back());
                m_windows.pop_back();
            } else if (m_count) {
                request = std::move(*m_count);
                m_count.reset();
            } else {
                request = std::move(m_readAhead.back());
                m_readAhead.pop_back();
            }
        }
        deliver(execute(request));
    }
}

LoadResult RowLoader::execute(const LoadRequest &request)
{
    LoadResult result;
    result.kind = request.kind;
    result.generation = request.generation;
    result.epoch = request.epoch;
    result.page = request.page;
    result.start = request.start;
    result.readAhead = request.readAhead;
    result.tag = request.tag;
    if (request.kind != LoadRequest::Kind::Window) {
        result.count = request.source->count(&result.error);
        result.ok = result.count >= 0;
    } else {
        result.ok = request.source->fetch(request.start, request.rows, request.total,
                                          request.before, request.after, &result.rows,
                                          &result.error);
    }
    return result;
}

void RowLoader::deliver(LoadResult result)
{
    bool first = false;
    {
        std::lock_guard locker(m_resultsMutex);
        first = m_results.empty();
        m_results.push_back(std::move(result));
    }
    // Posted to this object, which lives in the model's thread: the receiver runs there.
    // One call drains whatever has arrived by then.
    if (first)
        QMetaObject::invokeMethod(this, [this] { drainResults(); }, Qt::QueuedConnection);
}

void RowLoader::drainResults()
{
    std::deque<LoadResult> results;
    {
        std::lock_guard locker(m_resultsMutex);
        results.swap(m_results);
    }
    // A receiver may end the loader (the model switched off or destroyed by a slot).
    const QPointer<QObject> alive(this);
    for (const LoadResult &result : results) {
        if (!alive)
            return;
        m_receiver(result);
    }
}

} // namespace Quarry::Private
