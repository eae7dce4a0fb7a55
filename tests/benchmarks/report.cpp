#include "report.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QThread>
#include <algorithm>

namespace Bench {

namespace {

QString cpuModel()
{
    QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
    if (!cpuinfo.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    const QList<QByteArray> lines = cpuinfo.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("model name"))
            return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
    }
    return QStringLiteral("unknown");
}

QString number(double ms)
{
    return ms < 0 ? QStringLiteral("n/a") : QString::number(ms, 'f', ms < 10 ? 2 : 1);
}

double medianMs(const WorkloadResult &result, int variant)
{
    return result.measured[variant] && !result.ms[variant].isEmpty() ? median(result.ms[variant]) : -1;
}

qint64 medianKb(const WorkloadResult &result, int variant)
{
    return result.measured[variant] && !result.peakKb[variant].isEmpty() ? median(result.peakKb[variant])
                                                                         : -1;
}

} // namespace

Machine describeMachine(const Options &options)
{
    Machine machine;
    machine.cores = QThread::idealThreadCount();
    machine.cpu = cpuModel();
    machine.qt = QString::fromLatin1(qVersion());
    auto db = Quarry::Database::open(options.url.isEmpty() ? QStringLiteral("sqlite://") : options.url);
    if (db.isValid()) {
        machine.backend = db.backendName();
        machine.database = options.url.isEmpty() ? QStringLiteral("temporary SQLite files") : db.url();
        QSqlQuery query(db.connection());
        const bool sqlite = db.backend() == Quarry::Database::Backend::SQLite;
        if (query.exec(sqlite ? QStringLiteral("SELECT sqlite_version()") : QStringLiteral("SELECT version()"))
            && query.next())
            machine.serverVersion = query.value(0).toString().section(QStringLiteral(" on "), 0, 0);
    }
    return machine;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
}

qint64 median(QList<qint64> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
}

double ratio(const WorkloadResult &result)
{
    const double quarry = medianMs(result, QuarryOrm), structs = medianMs(result, HandStructs);
    return quarry >= 0 && structs > 0 ? quarry / structs : -1;
}

QString timingLine(const WorkloadResult &result)
{
    QString line = result.id;
    for (int variant = 0; variant < VariantCount; ++variant)
        line += QStringLiteral(" %1_ms=%2").arg(QLatin1String(variantKey(variant)), number(medianMs(result, variant)));
    const double r = ratio(result);
    line += QStringLiteral(" ratio=") + (r >= 0 ? QString::number(r, 'f', 2) : QStringLiteral("n/a"));
    return line;
}

QString memoryLine(const WorkloadResult &result)
{
    QString line = result.id + QStringLiteral(" peak_rss_kb");
    for (int variant = 0; variant < VariantCount; ++variant) {
        const qint64 kb = medianKb(result, variant);
        line += QStringLiteral(" %1=%2").arg(QLatin1String(variantKey(variant)),
                                             kb < 0 ? QStringLiteral("n/a") : QString::number(kb));
    }
    const qint64 quarry = medianKb(result, QuarryOrm), objects = medianKb(result, HandQObjects);
    line += QStringLiteral(" ratio_vs_qobject=") + (quarry >= 0 && objects > 0
                                                       ? QString::number(double(quarry) / objects, 'f', 2)
                                                       : QStringLiteral("n/a"));
    return line;
}

bool writeJson(const QString &file, const Options &options, const Machine &machine,
               const QList<WorkloadResult> &results, qint64 processMaxRss, QString *error)
{
    QJsonObject root;
    root[QStringLiteral("machine")] = QJsonObject{
        {QStringLiteral("cores"), machine.cores},
        {QStringLiteral("cpu"), machine.cpu},
        {QStringLiteral("qt"), machine.qt},
    };
    root[QStringLiteral("backend")] = machine.backend;
    root[QStringLiteral("database")] = machine.database;
    root[QStringLiteral("server_version")] = machine.serverVersion;
    root[QStringLiteral("n")] = options.n;
    root[QStringLiteral("repeat")] = options.repeat;
    root[QStringLiteral("order")] = QStringLiteral("rotated: repetition r starts with variant r mod 3");
    QJsonArray workloads;
    for (const WorkloadResult &result : results) {
        QJsonObject entry{{QStringLiteral("id"), result.id}, {QStringLiteral("title"), result.title}};
        QJsonObject runs, peaks;
        for (int variant = 0; variant < VariantCount; ++variant) {
            const QString key = QLatin1String(variantKey(variant));
            const double ms = medianMs(result, variant);
            entry[key + QStringLiteral("_ms")] = ms < 0 ? QJsonValue() : QJsonValue(ms);
            QJsonArray times, kbs;
            for (double value : result.ms[variant])
                times.append(value);
            for (qint64 value : result.peakKb[variant])
                kbs.append(value);
            runs[key] = times;
            peaks[key] = kbs;
            const qint64 kb = medianKb(result, variant);
            entry[key + QStringLiteral("_peak_rss_kb")] = kb < 0 ? QJsonValue() : QJsonValue(kb);
        }
        const double r = ratio(result);
        entry[QStringLiteral("ratio")] = r >= 0 ? QJsonValue(r) : QJsonValue();
        entry[QStringLiteral("runs_ms")] = runs;
        entry[QStringLiteral("runs_peak_rss_kb")] = peaks;
        workloads.append(entry);
    }
    root[QStringLiteral("workloads")] = workloads;
    root[QStringLiteral("process_max_rss_kb")] = processMaxRss;
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = out.errorString();
        return false;
    }
    out.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    return true;
}

} // namespace Bench
