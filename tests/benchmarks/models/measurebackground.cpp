// The child side for QueryModel loading in the background: how long the calling (GUI)
// thread is ever kept busy. A view's paint calls rowCount() and data(); in the background
// mode those must never wait for the database, so the figure that matters is the longest
// single call while scrolling a million rows end to end (a frame is 16 ms), and next to it
// the longest stretch of event handling (results arriving: pages stored, dataChanged).

#include "modelbench.h"

#include <quarry/querymodel.h>
#include <quarry/session.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <ctime>

#include <sys/resource.h>

namespace ModelBench {

namespace {

constexpr int columns = 5;
constexpr int screen = 50; // rows a view shows at once

void report(const QString &name, double value)
{
    QTextStream(stdout) << "figure " << name << ' ' << QString::number(value, 'f', 2) << Qt::endl;
}

// This thread's CPU time, in ms: unlike the wall clock, it does not count the time the
// scheduler gives other processes (on a busy machine a call can be preempted for a time
// slice, which says nothing about the call).
double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

// Involuntary context switches of this thread so far: the scheduler took the CPU away.
long preemptions()
{
    rusage usage{};
    getrusage(RUSAGE_THREAD, &usage);
    return usage.ru_nivcsw;
}

// Voluntary ones: the thread blocked (a lock held elsewhere, a page read from disk).
long blocks()
{
    rusage usage{};
    getrusage(RUSAGE_THREAD, &usage);
    return usage.ru_nvcsw;
}

// Times every call the "view" makes: the longest by the wall clock and by this thread's
// CPU time, how many took 1 ms or more (wall), and the longest among those the scheduler
// did not interrupt (no involuntary context switch during the call).
class CallClock {
public:
    template <typename Work> auto operator()(Work &&work)
    {
        QElapsedTimer timer;
        timer.start();
        const double cpuBefore = threadCpuMs();
        const long preemptedBefore = preemptions();
        const long blockedBefore = blocks();
        auto result = work();
        const double wall = double(timer.nsecsElapsed()) / 1e6;
        m_longest = std::max(m_longest, wall);
        m_longestCpu = std::max(m_longestCpu, threadCpuMs() - cpuBefore);
        m_calls += 1;
        if (wall >= 1.0) {
            m_slowCalls += 1;
            if (preemptions() == preemptedBefore)
                m_longestUninterrupted = std::max(m_longestUninterrupted, wall);
            m_slowBlocked += blocks() != blockedBefore ? 1 : 0;
        }
        return result;
    }
    double longestUninterrupted() const { return m_longestUninterrupted; }
    qint64 slowBlocked() const { return m_slowBlocked; }
    double longest() const { return m_longest; }
    double longestCpu() const { return m_longestCpu; }
    qint64 calls() const { return m_calls; }
    qint64 slowCalls() const { return m_slowCalls; }

private:
    double m_longest = 0;
    double m_longestCpu = 0;
    double m_longestUninterrupted = 0; // among calls of 1 ms or more
    qint64 m_calls = 0;
    qint64 m_slowBlocked = 0; // calls of 1 ms or more during which the thread blocked
    qint64 m_slowCalls = 0;
};

// The events pending now (results that arrived): what a GUI's event loop runs between
// paints. Only the handling is timed (wall clock, and this thread's CPU time into
// *longestCpu); then a short sleep, as a GUI idles until the next event.
double processEventsOnce(double *longestCpu)
{
    QElapsedTimer timer;
    timer.start();
    const double cpuBefore = threadCpuMs();
    QCoreApplication::processEvents();
    const double busy = double(timer.nsecsElapsed()) / 1e6;
    *longestCpu = std::max(*longestCpu, threadCpuMs() - cpuBefore);
    QThread::usleep(100);
    return busy;
}

// A view painting rows [first, first + count): every column's DisplayRole, each call
// timed. True when every cell had its value (none was still loading).
bool paint(const Quarry::QueryModel &model, int first, int count, CallClock *clock,
           CallClock *controlClock)
{
    const int rows = (*clock)([&] { return model.rowCount(); });
    // Rows not announced yet (the count is on its way) are not painted either.
    bool complete = rows >= first + count || model.isRowCountKnown();
    for (int row = first; row < std::min(first + count, rows); ++row) {
        for (int column = 0; column < columns; ++column) {
            const bool valid = (*clock)([&] { return model.index(row, column).data().isValid(); });
            // The control: as many calls that only read a member (columnCount()). Their
            // outliers are the machine's (scheduling, a virtual CPU's stolen time).
            (*controlClock)([&] { return model.columnCount(); });
            complete = complete && valid;
        }
    }
    return complete;
}

} // namespace

int measureBackground(const QString &path, qint64 rows)
{
    Quarry::Database db = Quarry::Database::open(QStringLiteral("sqlite:///") + path);
    if (!db.isValid() || !db.registerEntity<BenchPerson>()) {
        qCritical() << db.lastError();
        return 1;
    }
    Quarry::Session session(db);
    session.query<BenchPerson>().where(Quarry::Field(QStringLiteral("id")) == 0).exists();
    report(QStringLiteral("rss-before"), residentMb());

    CallClock calls, controlCalls, setup;
    double longestEvents = 0;
    double longestEventsCpu = 0;
    QElapsedTimer wall;
    wall.start();
    // Background mode before the query: not even the first COUNT runs on this thread.
    Quarry::QueryModel model;
    setup([&] {
        model.setBackgroundLoading(true); // starts the worker thread
        return model.setQuery(session.query<BenchPerson>());
    });
    report(QStringLiteral("bg-open"), setup.longest());
    // Until the first screen is shown, then until the count is in.
    while (!paint(model, 0, screen, &calls, &controlCalls))
        longestEvents = std::max(longestEvents, processEventsOnce(&longestEventsCpu));
    report(QStringLiteral("bg-first50"), double(wall.nsecsElapsed()) / 1e6);
    while (!model.isRowCountKnown())
        longestEvents = std::max(longestEvents, processEventsOnce(&longestEventsCpu));
    report(QStringLiteral("bg-count"), double(wall.nsecsElapsed()) / 1e6);
    if (model.rowCount() != rows) {
        qCritical() << "counted" << model.rowCount() << "rows, expected" << rows;
        return 1;
    }

    // Scrolling end to end, a screen at a time: each screen painted until it is complete,
    // events handled in between as a GUI would.
    wall.restart();
    for (int row = 0; row < rows; row += screen) {
        while (!paint(model, row, screen, &calls, &controlCalls))
            longestEvents = std::max(longestEvents, processEventsOnce(&longestEventsCpu));
    }
    report(QStringLiteral("bg-scroll"), double(wall.nsecsElapsed()) / 1e6);
    // A jump to the middle and back to the top.
    for (int row : {int(rows / 2), 0}) {
        while (!paint(model, row, screen, &calls, &controlCalls))
            longestEvents = std::max(longestEvents, processEventsOnce(&longestEventsCpu));
    }
    report(QStringLiteral("bg-longest-call"), calls.longest());
    report(QStringLiteral("bg-longest-control"), controlCalls.longest());
    report(QStringLiteral("bg-control-over-1ms"), double(controlCalls.slowCalls()));
    report(QStringLiteral("bg-longest-call-cpu"), calls.longestCpu());
    report(QStringLiteral("bg-calls"), double(calls.calls()));
    report(QStringLiteral("bg-calls-over-1ms"), double(calls.slowCalls()));
    report(QStringLiteral("bg-longest-slow-call-not-preempted"), calls.longestUninterrupted());
    report(QStringLiteral("bg-slow-calls-blocked"), double(calls.slowBlocked()));
    report(QStringLiteral("bg-longest-events"), longestEvents);
    report(QStringLiteral("bg-longest-events-cpu"), longestEventsCpu);
    report(QStringLiteral("rss-after"), residentMb());
    report(QStringLiteral("rss-peak"), peakResidentMb());
    if (model.lastError().isValid()) {
        qCritical() << model.lastError();
        return 1;
    }
    return 0;
}

} // namespace ModelBench
