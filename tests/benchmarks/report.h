#pragma once

// Results of quarry-bench: medians, the text lines and the JSON file.

#include "bench.h"

namespace Bench {

struct WorkloadResult
{
    QString id;
    QString title;
    std::array<bool, VariantCount> measured{};          // the workload has the variant
    std::array<QList<double>, VariantCount> ms;         // one per repetition
    std::array<QList<qint64>, VariantCount> peakKb;     // peak RSS above the run's start
};

struct Machine
{
    int cores = 0;
    QString cpu;
    QString qt;
    QString backend;           // "sqlite", "postgresql", "mysql"
    QString database;          // the URL without password, or "temporary SQLite files"
    QString serverVersion;     // sqlite_version() / version()
};

Machine describeMachine(const Options &options);
double median(QList<double> values);
qint64 median(QList<qint64> values);

// quarry / qtsql of the medians; -1 when either is missing.
double ratio(const WorkloadResult &result);

// "W1 quarry_ms=812.4 qtsql_ms=650.1 qobject_ms=700.3 ratio=1.25"
QString timingLine(const WorkloadResult &result);
// "W2 peak_rss_kb quarry=... qtsql=... qobject=... ratio_vs_qobject=..."
QString memoryLine(const WorkloadResult &result);

bool writeJson(const QString &file, const Options &options, const Machine &machine,
               const QList<WorkloadResult> &results, qint64 processMaxRss, QString *error);

} // namespace Bench
