// quarry-bench: Quarry against careful hand-written QtSql, in one process and one run.
//
//   quarry-bench [--n N] [--repeat R] [--url URL] [--json FILE] [--only W1,W3]
//                [--variants quarry,qtsql,qobject] [--max-ratio X] [--warm-heap] [--verbose]
//
// For each selected workload, R repetitions; in each repetition every variant runs once
// on a fresh database (SQLite: a new temporary file; a server URL: its tables dropped and
// created again). The variant order rotates with the repetition (r = 0: quarry, qtsql,
// qobject; r = 1: qtsql, qobject, quarry; ...) so that no variant always runs first or
// right after the same neighbour. Reported: the median of the R timings per variant.
// Exit code 0 when every result checked out, 1 when one was wrong or a step failed,
// 2 for bad arguments. docs/benchmarks.md explains the workloads and the figures.

#include "bench.h"
#include "report.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>
#include <algorithm>

using namespace Bench;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

const char usage[] =
    "usage: quarry-bench [--n N] [--repeat R] [--url URL] [--json FILE] [--only W1,W3]\n"
    "                    [--variants quarry,qtsql,qobject] [--max-ratio X] [--warm-heap]\n"
    "                    [--verbose]\n"
    "  --n N        rows (default 100000)\n"
    "  --repeat R   repetitions; the median is reported (default 3)\n"
    "  --url URL    sqlite:///file.db, postgresql://..., mysql://... (default: a new temporary\n"
    "               SQLite file per run). On a server the tables (users) are DROPPED and\n"
    "               created again for every run: point it at a scratch database.\n"
    "  --json FILE  also write the results as JSON\n"
    "  --only LIST  comma-separated workload ids\n"
    "  --variants LIST  run only these variants (for profiling: --variants quarry)\n"
    "  --max-ratio X  exit 1 when some workload's ratio (quarry / qtsql) is above X twice\n"
    "                 (it is measured again once); X,W7=Y gives W7 its own limit\n"
    "  --warm-heap  keep freed memory with malloc between runs (no malloc_trim): times\n"
    "               without the first touch of fresh pages; no memory figures\n"
    "  --verbose    print every single run\n";

bool parseArguments(const QStringList &arguments, Options *options, QString *error)
{
    for (int i = 1; i < arguments.size(); ++i) {
        QString name = arguments.at(i);
        QString value;
        const qsizetype equals = name.indexOf(QLatin1Char('='));
        const bool inlineValue = name.startsWith(QLatin1String("--")) && equals > 0;
        if (inlineValue) {
            value = name.mid(equals + 1);
            name = name.left(equals);
        }
        auto takeValue = [&]() -> bool {
            if (inlineValue)
                return true;
            if (i + 1 >= arguments.size()) {
                *error = name + QStringLiteral(" needs a value");
                return false;
            }
            value = arguments.at(++i);
            return true;
        };
        auto positive = [&](int *target) -> bool {
            bool ok = false;
            const int number = value.toInt(&ok);
            if (!ok || number <= 0) {
                *error = QStringLiteral("%1: expected a positive number, got '%2'").arg(name, value);
                return false;
            }
            *target = number;
            return true;
        };
        if (name == QLatin1String("--n")) {
            if (!takeValue() || !positive(&options->n))
                return false;
        } else if (name == QLatin1String("--repeat")) {
            if (!takeValue() || !positive(&options->repeat))
                return false;
        } else if (name == QLatin1String("--url")) {
            if (!takeValue())
                return false;
            options->url = value;
        } else if (name == QLatin1String("--json")) {
            if (!takeValue())
                return false;
            options->jsonFile = value;
        } else if (name == QLatin1String("--only")) {
            if (!takeValue())
                return false;
            for (const QString &id : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
                options->only.append(id.trimmed().toUpper());
        } else if (name == QLatin1String("--variants")) {
            if (!takeValue())
                return false;
            options->variants.clear();
            for (const QString &key : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                int variant = 0;
                while (variant < VariantCount && key.trimmed() != QLatin1String(variantKey(variant)))
                    ++variant;
                if (variant == VariantCount) {
                    *error = QStringLiteral("--variants: unknown variant '%1'").arg(key);
                    return false;
                }
                options->variants.append(variant);
            }
        } else if (name == QLatin1String("--max-ratio")) {
            if (!takeValue())
                return false;
            // "1.5" for every workload, "1.5,W7=6" with exceptions, "W2=2" for one only.
            for (const QString &item : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                const QString workload = item.section(QLatin1Char('='), 0, -2).trimmed().toUpper();
                bool ok = false;
                const double limit = item.section(QLatin1Char('='), -1).trimmed().toDouble(&ok);
                if (!ok || limit <= 0) {
                    *error = QStringLiteral("--max-ratio: expected X or Wn=X with X a positive "
                                            "number, got '%1'").arg(item);
                    return false;
                }
                if (workload.isEmpty())
                    options->maxRatio = limit;
                else
                    options->maxRatioOf.insert(workload, limit);
            }
        } else if (name == QLatin1String("--verbose")) {
            options->verbose = true;
        } else if (name == QLatin1String("--warm-heap")) {
            options->warmHeap = true;
        } else {
            *error = QStringLiteral("unknown argument '%1'").arg(arguments.at(i));
            return false;
        }
    }
    return true;
}

// One variant's run of one workload on a fresh database. False with *error.
bool measure(const Workload &workload, int variant, const Options &options, const Dataset &dataset,
             double *ms, qint64 *peakKb, QString *error)
{
    Env env(options, dataset);
    std::unique_ptr<Run> run;
    bool ok = env.open(workload.registerEntities);
    if (ok) {
        run = workload.variants[variant]();
        ok = run && run->setup(env);
    }
    if (ok) {
        MemoryProbe memory;
        memory.start(!env.options.warmHeap);
        QElapsedTimer timer;
        timer.start();
        ok = run->run(env);
        *ms = double(timer.nsecsElapsed()) / 1e6;
        *peakKb = memory.peakDeltaKb();
    }
    ok = ok && run->verify(env);
    if (!ok)
        *error = QStringLiteral("%1 %2: %3")
                     .arg(workload.id, QLatin1String(variantKey(variant)),
                          env.error().isEmpty() ? QStringLiteral("failed") : env.error());
    run.reset(); // sessions, objects and queries go before the database
    return ok;
}

// Every repetition of every selected variant of `workload` into *result; false (after
// saying why) when a run failed or its result was wrong.
bool measureWorkload(const Workload &workload, const Options &options, const Dataset &dataset,
                     WorkloadResult *result)
{
    result->id = workload.id;
    result->title = workload.title;
    for (int variant = 0; variant < VariantCount; ++variant)
        result->measured[variant] = bool(workload.variants[variant])
            && (options.variants.isEmpty() || options.variants.contains(variant));
    for (int repetition = 0; repetition < options.repeat; ++repetition) {
        for (int step = 0; step < VariantCount; ++step) {
            const int variant = (repetition + step) % VariantCount;
            if (!result->measured[variant])
                continue;
            double ms = 0;
            qint64 peakKb = -1;
            QString error;
            if (!measure(workload, variant, options, dataset, &ms, &peakKb, &error)) {
                out().flush();
                err() << "quarry-bench: WRONG OR FAILED: " << error << "\n";
                return false;
            }
            result->ms[variant].append(ms);
            if (peakKb >= 0)
                result->peakKb[variant].append(peakKb);
            if (options.verbose)
                out() << "  " << workload.id << " run " << repetition + 1 << " "
                      << variantKey(variant) << " " << QString::number(ms, 'f', 2) << " ms, peak +"
                      << peakKb << " kB\n" << Qt::flush;
        }
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Options options;
    QString error;
    if (!parseArguments(app.arguments(), &options, &error)) {
        err() << "quarry-bench: " << error << "\n" << usage;
        return 2;
    }

    Registry registry;
    addUserWorkloads(registry);
    addRelationWorkloads(registry);
    // M1-M3 (item models) live in tests/benchmarks/models (quarry-model-bench).

    QList<Workload> selected;
    for (const Workload &workload : registry.workloads()) {
        // Ids are compared in upper case, as the options hold them ("w2u" is W2u).
        if (options.only.isEmpty() || options.only.contains(workload.id.toUpper()))
            selected.append(workload);
    }
    for (const QString &id : std::as_const(options.only)) {
        const bool known = std::any_of(registry.workloads().cbegin(), registry.workloads().cend(),
                                       [&](const Workload &w) { return w.id.toUpper() == id; });
        if (!known) {
            err() << "quarry-bench: unknown workload '" << id << "'\n" << usage;
            return 2;
        }
    }

    const Machine machine = describeMachine(options);
    if (machine.backend.isEmpty()) {
        err() << "quarry-bench: cannot open " << (options.url.isEmpty() ? QStringLiteral("SQLite") : options.url)
              << "\n";
        return 1;
    }
    out() << "quarry-bench: " << machine.backend << " " << machine.serverVersion << " ("
          << machine.database << "), N=" << options.n << ", repeat=" << options.repeat
          << ", variant order rotated per repetition\n";
    out() << "machine: " << machine.cores << " cores, " << machine.cpu << ", Qt " << machine.qt << "\n";
    out().flush();

    const Dataset dataset(options.n);
    QList<WorkloadResult> results;
    for (const Workload &workload : std::as_const(selected)) {
        WorkloadResult result;
        if (!measureWorkload(workload, options, dataset, &result))
            return 1;
        out() << timingLine(result) << "\n" << Qt::flush;
        results.append(result);
    }
    for (const WorkloadResult &result : std::as_const(results))
        out() << memoryLine(result) << "\n";
    const qint64 maxRss = processMaxRssKb();
    out() << "peak_rss process_max_kb=" << maxRss
          << " (whole process; the per-workload lines are each run's VmHWM above its start,"
             " reset via /proc/self/clear_refs, median of the repetitions)\n";
    out().flush();

    if (!options.jsonFile.isEmpty() && !writeJson(options.jsonFile, options, machine, results, maxRss, &error)) {
        err() << "quarry-bench: cannot write " << options.jsonFile << ": " << error << "\n";
        return 1;
    }
    // A workload above its limit is measured once more, and fails only if it is above
    // again: a real regression (a re-prepare per row, N²) is above both times, while one
    // slow fsync or page-fault burst on a shared machine rarely strikes twice.
    int aboveLimit = 0;
    for (qsizetype i = 0; i < results.size(); ++i) {
        const double limit = options.maxRatioOf.value(results.at(i).id.toUpper(), options.maxRatio);
        if (limit <= 0 || ratio(results.at(i)) <= limit)
            continue;
        out() << "quarry-bench: " << results.at(i).id << " ratio "
              << QString::number(ratio(results.at(i)), 'f', 2) << " is above --max-ratio "
              << limit << ", measuring it again\n" << Qt::flush;
        const Workload &workload = selected.at(i);
        WorkloadResult again;
        if (!measureWorkload(workload, options, dataset, &again))
            return 1;
        out() << timingLine(again) << "\n" << Qt::flush;
        if (ratio(again) > limit) {
            err() << "quarry-bench: " << again.id << " ratio " << QString::number(ratio(again), 'f', 2)
                  << " is above --max-ratio " << limit << " again\n";
            ++aboveLimit;
        }
    }
    return aboveLimit ? 1 : 0;
}
