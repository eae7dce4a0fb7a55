// quarry-bench: Quarry against careful hand-written QtSql, in one process and one run.
//
//   quarry-bench [--help] [--n N] [--repeat R] [--url URL] [--json FILE] [--only W1,W3]
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

#include <QCommandLineParser>
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

// Positive integer option value into *target; false with *error.
bool positiveNumber(const QString &name, const QString &value, int *target, QString *error)
{
    bool ok = false;
    const int number = value.toInt(&ok);
    if (!ok || number <= 0) {
        *error = QStringLiteral("--%1: expected a positive number, got '%2'").arg(name, value);
        return false;
    }
    *target = number;
    return true;
}

// "quarry,qtsql" into variant indexes; false with *error for an unknown key.
bool parseVariants(const QString &value, QList<int> *variants, QString *error)
{
    for (const QString &key : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        int variant = 0;
        while (variant < VariantCount && key.trimmed() != QLatin1String(variantKey(variant)))
            ++variant;
        if (variant == VariantCount) {
            *error = QStringLiteral("--variants: unknown variant '%1'").arg(key);
            return false;
        }
        variants->append(variant);
    }
    return true;
}

// "1.5" for every workload, "1.5,W7=6" with exceptions, "W2=2" for one only.
bool parseMaxRatio(const QString &value, Options *options, QString *error)
{
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
    return true;
}

void describeOptions(QCommandLineParser *parser)
{
    parser->setApplicationDescription(QStringLiteral(
        "Quarry against careful hand-written QtSql (structs and QObjects), in one process and "
        "one run. docs/benchmarks.md explains the workloads and the figures."));
    parser->addHelpOption();
    parser->addOptions({
        {QStringLiteral("n"), QStringLiteral("Rows (default 100000)."), QStringLiteral("N")},
        {QStringLiteral("repeat"),
         QStringLiteral("Repetitions; the median is reported (default 3)."), QStringLiteral("R")},
        {QStringLiteral("url"),
         QStringLiteral("sqlite:///file.db, postgresql://..., mysql://... (default: a new "
                        "temporary SQLite file per run). On a server the tables (users) are "
                        "DROPPED and created again for every run: point it at a scratch database."),
         QStringLiteral("URL")},
        {QStringLiteral("json"), QStringLiteral("Also write the results as JSON."),
         QStringLiteral("FILE")},
        {QStringLiteral("only"), QStringLiteral("Comma-separated workload ids (W1,W3)."),
         QStringLiteral("LIST")},
        {QStringLiteral("variants"),
         QStringLiteral("Run only these variants of quarry,qtsql,qobject (for profiling)."),
         QStringLiteral("LIST")},
        {QStringLiteral("max-ratio"),
         QStringLiteral("Exit 1 when some workload's ratio (quarry / qtsql) is above X twice (it "
                        "is measured again once); X,W7=Y gives W7 its own limit."),
         QStringLiteral("X")},
        {QStringLiteral("warm-heap"),
         QStringLiteral("Keep freed memory with malloc between runs (no malloc_trim): times "
                        "without the first touch of fresh pages; no memory figures.")},
        {QStringLiteral("verbose"), QStringLiteral("Print every single run.")},
    });
}

// The command line into *options; false with *error (a usage error, exit code 2).
bool parseArguments(const QCommandLineParser &parser, Options *options, QString *error)
{
    if (!parser.positionalArguments().isEmpty()) {
        *error = QStringLiteral("unexpected argument '%1'")
                     .arg(parser.positionalArguments().constFirst());
        return false;
    }
    if (parser.isSet(QStringLiteral("n"))
        && !positiveNumber(QStringLiteral("n"), parser.value(QStringLiteral("n")), &options->n,
                           error))
        return false;
    if (parser.isSet(QStringLiteral("repeat"))
        && !positiveNumber(QStringLiteral("repeat"), parser.value(QStringLiteral("repeat")),
                           &options->repeat, error))
        return false;
    options->url = parser.value(QStringLiteral("url"));
    options->jsonFile = parser.value(QStringLiteral("json"));
    const QStringList only =
        parser.value(QStringLiteral("only")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &id : only)
        options->only.append(id.trimmed().toUpper());
    if (!parseVariants(parser.value(QStringLiteral("variants")), &options->variants, error))
        return false;
    if (!parseMaxRatio(parser.value(QStringLiteral("max-ratio")), options, error))
        return false;
    options->verbose = parser.isSet(QStringLiteral("verbose"));
    options->warmHeap = parser.isSet(QStringLiteral("warm-heap"));
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
        ok = run && run->setup(env) && env.releasePageCache();
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
    QCommandLineParser parser;
    describeOptions(&parser);
    Options options;
    QString error;
    if (!parser.parse(app.arguments())) {
        error = parser.errorText();
    } else if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return 0;
    }
    if (!error.isEmpty() || !parseArguments(parser, &options, &error)) {
        err() << "quarry-bench: " << error << "\n" << parser.helpText();
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
            err() << "quarry-bench: unknown workload '" << id << "'\n" << parser.helpText();
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
