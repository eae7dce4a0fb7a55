// Peak resident memory per measured run, from /proc/self/status.
//
// Writing "5" to /proc/self/clear_refs (Linux >= 4.0) resets VmHWM, the peak RSS, to the
// current RSS. MemoryProbe::start() first hands freed memory back (malloc_trim), resets
// the peak, and notes the RSS; peakDeltaKb() is how far the run pushed the peak above
// that. Without clear_refs (or outside Linux) only the process's getrusage maxrss is known;
// processMaxRssKb() is the process's peak over the whole run either way.

#include "bench.h"

#include <QFile>

#include <sys/resource.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace Bench {

namespace {

qint64 statusKb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(prefix)) {
            bool ok = false;
            const qint64 kb = line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong(&ok);
            return ok ? kb : -1;
        }
    }
    return -1;
}

// The process's peak over the whole run: resetting VmHWM also resets what getrusage
// reports, so every peak is noted before it is reset.
qint64 processPeak = -1;

void notePeak()
{
    processPeak = qMax(processPeak, statusKb("VmHWM"));
}

} // namespace

void MemoryProbe::start(bool measure)
{
    notePeak();
    if (!measure)
        return; // resetWorked stays false: no figure
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
    QFile clearRefs(QStringLiteral("/proc/self/clear_refs"));
    resetWorked = clearRefs.open(QIODevice::WriteOnly) && clearRefs.write("5") == 1;
    clearRefs.close();
    baselineKb = statusKb("VmRSS");
}

qint64 MemoryProbe::peakDeltaKb() const
{
    if (!resetWorked || baselineKb < 0)
        return -1;
    const qint64 peak = statusKb("VmHWM");
    processPeak = qMax(processPeak, peak);
    return peak < 0 ? -1 : qMax<qint64>(0, peak - baselineKb);
}

qint64 processMaxRssKb()
{
    notePeak();
    struct rusage usage {};
    if (getrusage(RUSAGE_SELF, &usage) == 0)
        processPeak = qMax<qint64>(processPeak, usage.ru_maxrss); // kB on Linux
    return processPeak;
}

} // namespace Bench
