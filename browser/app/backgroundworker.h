#pragma once

#include <QObject>
#include <QPointer>
#include <QThread>

#include <atomic>
#include <memory>
#include <utility>

namespace QuarryBrowser {

// Set by the UI to ask running work to stop; the work polls it between rows.
using CancelFlag = std::shared_ptr<std::atomic_bool>;

// One thread for the slow work of one page or dialog (counting, exports, SQL). Work runs
// in order on the thread, where Quarry::Database hands out the thread's own connection
// (never the UI thread's); `done` runs afterwards on the UI thread. Destroying the worker
// cancels what is queued, waits for the running work, and closes the thread (and with it
// the thread's connections).
//
//   worker->run([db] { return db.schema().tableNames(); },
//               [this](const QStringList &names) { showTables(names); });
class BackgroundWorker : public QObject
{
    Q_OBJECT
public:
    explicit BackgroundWorker(QObject *parent = nullptr);
    ~BackgroundWorker() override;

    // Work queued before this call and not yet started is skipped; the running one is
    // asked to stop through its CancelFlag. "The newest request wins."
    void cancelAll();
    // The flag of the work queued next; a copy handed to `work` lets it stop early.
    CancelFlag cancelFlag() const { return m_cancel; }

    template <typename Work, typename Done>
    void run(Work work, Done done)
    {
        CancelFlag cancel = m_cancel;
        QPointer<BackgroundWorker> self(this);
        QMetaObject::invokeMethod(
            m_threadObject,
            [self, cancel, work = std::move(work), done = std::move(done)]() mutable {
                if (*cancel)
                    return;
                auto result = work();
                // The destructor waits for this thread before `self` dies, so `self` is
                // alive here; the queued call is dropped if it is deleted meanwhile.
                QMetaObject::invokeMethod(
                    self.data(),
                    [cancel, result = std::move(result), done = std::move(done)]() mutable {
                        if (!*cancel)
                            done(std::move(result));
                    },
                    Qt::QueuedConnection);
            },
            Qt::QueuedConnection);
    }

private:
    QThread m_thread;
    QObject *m_threadObject = nullptr; // lives in m_thread; runs the work
    CancelFlag m_cancel;
};

} // namespace QuarryBrowser
