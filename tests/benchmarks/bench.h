#pragma once

// quarry-bench's framework: options, the deterministic data set, the fresh database each
// measured run gets (Env), the three variants and the workload registry.
//
// A workload is a set of Run factories, one per variant. For every repetition and every
// variant the driver (main.cpp) makes a fresh database, calls Run::setup() (untimed),
// Run::run() (timed with QElapsedTimer), then Run::verify() (untimed; a wrong result
// fails the whole program). New workloads (W7 with relations, M1-M3 for the item models)
// add a register function like addUserWorkloads() and call it from main(); a workload
// may leave a variant out (its factory empty) and may register its own entities.

#include "benchuser.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <array>
#include <functional>
#include <memory>
#include <quarry/database.h>

namespace Quarry {
class Session;
}

namespace Bench {

enum Variant { QuarryOrm, HandStructs, HandQObjects, VariantCount };
// "quarry", "qtsql", "qobject": the keys of the output line and of the JSON.
const char *variantKey(int variant);

struct Options
{
    int n = 100000;
    int repeat = 3;
    QString url;               // empty: a new temporary SQLite file for every run
    QString jsonFile;
    QStringList only;          // workload ids, upper case; empty: all
    QList<int> variants;       // Variant values to run; empty: all
    double maxRatio = 0;       // > 0: exit 1 when a workload's ratio is above it
    QHash<QString, double> maxRatioOf; // the same for one workload ("W7" -> 6.0)
    bool verbose = false;
    // Memory freed by earlier runs stays with malloc (no malloc_trim() before a run): times
    // then show the work, not the kernel's first touch of fresh pages (10 us a page on
    // some VMs); peak memory is not measured.
    bool warmHeap = false;
};

// The rows every workload inserts or seeds: row i is the same on every run and backend.
// Scores are all different, so ORDER BY score is deterministic.
class Dataset
{
public:
    explicit Dataset(int n);
    static UserRow make(int index);
    const QList<UserRow> &rows() const { return m_rows; }
    int size() const { return int(m_rows.size()); }

private:
    QList<UserRow> m_rows;
};

// How hand-written code binds and reads `created` for this backend, matching the column
// Quarry created: ISO text with 'Z' on SQLite, 'yyyy-MM-dd HH:mm:ss.zzz' (UTC) on servers.
QVariant dateTimeToDb(const QDateTime &value, Quarry::Database::Backend backend);
QDateTime dateTimeFromDb(const QVariant &value);

// The statements of the hand-written variants: prepared once per workload run.
struct UserSql
{
    explicit UserSql(Quarry::Database::Backend backend);
    QString insert;            // 5 values; RETURNING id where lastInsertId() cannot work
    bool insertReturnsId = false;
    QString selectAll;
    QString selectById;
    QString updateAge;         // W4 writes only the changed column
    QString deleteById;
    QString topScores;         // W5
};

// One fresh database for one measured run.
class Env
{
public:
    Env(const Options &options, const Dataset &dataset);
    ~Env();

    // Opens the URL (SQLite: a new file), registers the entities and creates the tables
    // (servers: dropped first). False with error().
    bool open(const std::function<bool(Quarry::Database &)> &registerEntities);

    const Options &options;
    const Dataset &dataset;
    Quarry::Database db;
    Quarry::Database::Backend backend() const { return db.backend(); }
    // The connection the hand-written variants use (Quarry's default one for the thread,
    // so it has exactly the session's connection setup).
    QSqlDatabase raw() const { return db.connection(); }
    const UserSql &sql() const { return *m_sql; }

    // Rows that workloads touch: min(10000, N) (the spec's 10,000 at the default N).
    int sample() const { return qMin(10000, options.n); }

    // Inserts dataset rows [0, count) with hand-written QtSql in one transaction
    // (untimed seeding); their ids, in row order, land in seededIds.
    bool seedUsers(int count);
    QList<qint64> seededIds;
    // The row index of a seeded id, -1 if unknown.
    int rowOf(qint64 id) const;

    // SQLite: empties the page cache of the hand-written variants' connection (PRAGMA
    // shrink_memory), so that every variant starts its run with an empty cache. That
    // connection just seeded the table and holds its pages; a session's own connection
    // does not. Nothing on a server. False with error().
    bool releasePageCache();
    // The same for a session's own connection, which waits in the pool for the run's
    // sessions. Raw SQL opens the session's transaction: rolled back, so that the run
    // starts as it would have. False with error().
    bool releasePageCache(Quarry::Session &session);

    // One row of a verification query, or an empty list with error().
    QVariantList queryRow(const QString &sql, const QVariantList &values = {});
    // COUNT(*), SUM(id), SUM(age) of users.
    bool tableTotals(qint64 *count, qint64 *sumIds, qint64 *sumAges);

    bool fail(const QString &message);
    QString error() const { return m_error; }

private:
    QString m_error;
    QString m_file;
    std::unique_ptr<UserSql> m_sql;
    QHash<qint64, int> m_rowOf;
};

// One variant's run of one workload. Everything a run owns (sessions, objects, queries)
// must be released in its destructor, before the Env's database goes.
class Run
{
public:
    virtual ~Run() = default;
    virtual bool setup(Env &env) { (void)env; return true; }  // untimed
    virtual bool run(Env &env) = 0;                           // timed
    virtual bool verify(Env &env) = 0;                        // untimed
};

using RunFactory = std::function<std::unique_ptr<Run>()>;

struct Workload
{
    QString id;                // "W1"
    QString title;
    std::array<RunFactory, VariantCount> variants;
    // Registers the workload's entities on a fresh database (default: BenchUser).
    std::function<bool(Quarry::Database &)> registerEntities;
};

class Registry
{
public:
    void add(const Workload &workload) { m_workloads.append(workload); }
    const QList<Workload> &workloads() const { return m_workloads; }

private:
    QList<Workload> m_workloads;
};

bool registerUsers(Quarry::Database &db);

// W1-W6 (workloads.cpp). Each variant lives in its own file.
void addUserWorkloads(Registry &registry);
void addRelationWorkloads(Registry &registry); // W7
std::unique_ptr<Run> makeQuarryRun(const QString &workload);
std::unique_ptr<Run> makeStructRun(const QString &workload);
std::unique_ptr<Run> makeQObjectRun(const QString &workload);

// Checks shared by the variants (workloads.cpp): every check returns false with
// env.error() set. `rows` are what a variant materialised.
bool checkUser(Env &env, const UserRow &row, const char *what);
bool checkInserted(Env &env, const QList<qint64> &ids);             // W1
bool checkLoadedAll(Env &env, const QList<UserRow> &rows);          // W2
bool checkLookups(Env &env, const QList<qint64> &requested, const QList<UserRow> &rows); // W3
bool checkUpdated(Env &env);                                        // W4
bool checkTopScores(Env &env, const QList<qint64> &idSums, const QList<int> &counts); // W5
bool checkDeleted(Env &env, const QList<qint64> &deleted);          // W6

// Inputs every variant of a workload uses (fixed seeds).
QList<qint64> lookupIds(const Env &env);      // W3: sample() distinct seeded ids
QList<qint64> deleteIds(const Env &env);      // W6: sample() distinct seeded ids
constexpr int topScoreRuns = 1000;            // W5
constexpr int topScoreLow = 30, topScoreHigh = 40, topScoreLimit = 100;

// Executes a prepared query; false with env.error() (the driver's message) on failure.
bool exec(Env &env, QSqlQuery &query, const char *what);

// Peak resident memory (memory.cpp).
struct MemoryProbe
{
    // Frees what malloc keeps, then resets the kernel's peak (VmHWM) to the current RSS.
    // Without `measure` (--warm-heap) it does neither, and peakDeltaKb() is -1.
    void start(bool measure = true);
    // Peak RSS since start() minus the RSS at start(), in kB (-1 when unknown).
    qint64 peakDeltaKb() const;
    qint64 baselineKb = -1;
    bool resetWorked = false;
};
qint64 processMaxRssKb();   // the process's peak RSS so far, in kB

} // namespace Bench
