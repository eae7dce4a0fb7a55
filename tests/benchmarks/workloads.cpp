// W1-W6: registration, the inputs every variant shares, and the checks that make a fast
// wrong answer fail. Checks compare against the data set (computed in C++), not against
// what another variant returned.

#include "bench.h"

#include <QSet>
#include <algorithm>
#include <random>

namespace Bench {

void addUserWorkloads(Registry &registry)
{
    struct Entry {
        const char *id;
        const char *title;
        const char *handWritten; // the hand-written variants' workload
    };
    static const Entry entries[] = {
        {"W1", "insert N objects in one transaction, generated ids read back", "W1"},
        {"W2", "load all N rows into objects, every field read", "W2"},
        // Not one of the workloads: W2 through Query::untracked(), against the same
        // hand-written code.
        {"W2u", "W2 into untracked (read-only) objects", "W2"},
        {"W3", "10,000 primary-key lookups (random ids, fixed seed), each materialised", "W3"},
        {"W4", "change one field (age) of 10,000 loaded objects, commit in one transaction", "W4"},
        {"W5", "age BETWEEN 30 AND 40 ORDER BY score DESC LIMIT 100, 1,000 times", "W5"},
        {"W6", "delete 10,000 rows by id in one transaction", "W6"},
    };
    for (const Entry &entry : entries) {
        const QString id = QLatin1String(entry.id);
        const QString handWritten = QLatin1String(entry.handWritten);
        Workload workload;
        workload.id = id;
        workload.title = QLatin1String(entry.title);
        workload.variants[QuarryOrm] = [id] { return makeQuarryRun(id); };
        workload.variants[HandStructs] = [handWritten] { return makeStructRun(handWritten); };
        workload.variants[HandQObjects] = [handWritten] { return makeQObjectRun(handWritten); };
        workload.registerEntities = registerUsers;
        registry.add(workload);
    }
}

// --- shared inputs -------------------------------------------------------------------------

namespace {

// A fixed-seed shuffle that does not depend on the standard library's distributions.
QList<qint64> shuffledSample(QList<qint64> ids, int count, quint64 seed)
{
    std::mt19937_64 random(seed);
    for (qsizetype i = ids.size() - 1; i > 0; --i)
        std::swap(ids[i], ids[qsizetype(random() % quint64(i + 1))]);
    ids.resize(qMin<qsizetype>(count, ids.size()));
    return ids;
}

qint64 sum(const QList<qint64> &values)
{
    qint64 total = 0;
    for (qint64 value : values)
        total += value;
    return total;
}

qint64 seededAgeSum(const Env &env)
{
    qint64 total = 0;
    for (int i = 0; i < env.seededIds.size(); ++i)
        total += env.dataset.rows().at(i).age;
    return total;
}

} // namespace

// Distinct ids, so that a session's identity map never answers a lookup by itself.
QList<qint64> lookupIds(const Env &env)
{
    return shuffledSample(env.seededIds, env.sample(), 20240607);
}

QList<qint64> deleteIds(const Env &env)
{
    return shuffledSample(env.seededIds, env.sample(), 6);
}

// --- checks ----------------------------------------------------------------------------------

bool checkUser(Env &env, const UserRow &row, const char *what)
{
    const int index = env.rowOf(row.id);
    if (index < 0)
        return env.fail(QStringLiteral("%1: unknown id %2").arg(QLatin1String(what)).arg(row.id));
    const UserRow &expected = env.dataset.rows().at(index);
    QString wrong;
    if (row.username != expected.username)
        wrong = QStringLiteral("username '%1' (expected '%2')").arg(row.username, expected.username);
    else if (row.email != expected.email)
        wrong = QStringLiteral("email '%1' (expected '%2')").arg(row.email, expected.email);
    else if (row.age != expected.age)
        wrong = QStringLiteral("age %1 (expected %2)").arg(row.age).arg(expected.age);
    else if (row.score != expected.score)
        wrong = QStringLiteral("score %1 (expected %2)").arg(row.score, 0, 'g', 17).arg(expected.score, 0, 'g', 17);
    else if (row.created != expected.created)
        wrong = QStringLiteral("created %1 (expected %2)")
                    .arg(row.created.toString(Qt::ISODateWithMs),
                         expected.created.toString(Qt::ISODateWithMs));
    if (wrong.isEmpty())
        return true;
    return env.fail(QStringLiteral("%1: row with id %2 has %3").arg(QLatin1String(what)).arg(row.id).arg(wrong));
}

bool checkInserted(Env &env, const QList<qint64> &ids)
{
    const int n = env.dataset.size();
    if (ids.size() != n)
        return env.fail(QStringLiteral("W1: %1 ids read back, expected %2").arg(ids.size()).arg(n));
    for (int i = 0; i < n; ++i) {
        if (ids.at(i) <= 0 || (i > 0 && ids.at(i) <= ids.at(i - 1)))
            return env.fail(QStringLiteral("W1: object %1 got id %2 (ids must grow in insert order)")
                                .arg(i).arg(ids.at(i)));
    }
    qint64 count = 0, sumIds = 0, sumAges = 0;
    if (!env.tableTotals(&count, &sumIds, &sumAges))
        return false;
    qint64 expectedAges = 0;
    for (const UserRow &row : env.dataset.rows())
        expectedAges += row.age;
    if (count != n || sumIds != sum(ids) || sumAges != expectedAges)
        return env.fail(QStringLiteral("W1: table has %1 rows, sum(id) %2, sum(age) %3; expected "
                                       "%4, %5, %6")
                            .arg(count).arg(sumIds).arg(sumAges).arg(n).arg(sum(ids)).arg(expectedAges));
    // The ids belong to the right rows.
    for (int i : {0, n / 2, n - 1}) {
        const QVariantList row = env.queryRow(QStringLiteral("SELECT username FROM users WHERE id = ?"),
                                              {ids.at(i)});
        if (row.isEmpty())
            return false;
        if (row.at(0).toString() != env.dataset.rows().at(i).username)
            return env.fail(QStringLiteral("W1: id %1 holds '%2', expected '%3'")
                                .arg(ids.at(i)).arg(row.at(0).toString(), env.dataset.rows().at(i).username));
    }
    return true;
}

bool checkLoadedAll(Env &env, const QList<UserRow> &rows)
{
    if (rows.size() != env.seededIds.size())
        return env.fail(QStringLiteral("W2: %1 objects loaded, expected %2").arg(rows.size()).arg(env.seededIds.size()));
    QSet<qint64> seen;
    seen.reserve(rows.size());
    for (const UserRow &row : rows) {
        if (!checkUser(env, row, "W2"))
            return false;
        seen.insert(row.id);
    }
    if (seen.size() != rows.size())
        return env.fail(QStringLiteral("W2: %1 distinct ids among %2 objects").arg(seen.size()).arg(rows.size()));
    return true;
}

bool checkLookups(Env &env, const QList<qint64> &requested, const QList<UserRow> &rows)
{
    if (rows.size() != requested.size())
        return env.fail(QStringLiteral("W3: %1 objects for %2 lookups").arg(rows.size()).arg(requested.size()));
    for (int i = 0; i < rows.size(); ++i) {
        if (rows.at(i).id != requested.at(i))
            return env.fail(QStringLiteral("W3: lookup %1 asked for id %2, got %3")
                                .arg(i).arg(requested.at(i)).arg(rows.at(i).id));
        if (!checkUser(env, rows.at(i), "W3"))
            return false;
    }
    return true;
}

bool checkUpdated(Env &env)
{
    // The first sample() rows (by id) are one year older; nothing else changed.
    const int changed = env.sample();
    qint64 count = 0, sumIds = 0, sumAges = 0;
    if (!env.tableTotals(&count, &sumIds, &sumAges))
        return false;
    const qint64 expected = seededAgeSum(env) + changed;
    if (count != env.seededIds.size() || sumIds != sum(env.seededIds) || sumAges != expected)
        return env.fail(QStringLiteral("W4: table has %1 rows, sum(age) %2; expected %3, %4")
                            .arg(count).arg(sumAges).arg(env.seededIds.size()).arg(expected));
    QList<qint64> sorted = env.seededIds;
    std::sort(sorted.begin(), sorted.end());
    const QVariantList row = env.queryRow(
        QStringLiteral("SELECT COUNT(*), COALESCE(SUM(age), 0) FROM users WHERE id <= ?"),
        {sorted.at(changed - 1)});
    if (row.size() < 2)
        return false;
    qint64 firstAges = 0;
    for (int i = 0; i < changed; ++i)
        firstAges += env.dataset.rows().at(env.rowOf(sorted.at(i))).age;
    if (row.at(0).toLongLong() != changed || row.at(1).toLongLong() != firstAges + changed)
        return env.fail(QStringLiteral("W4: the %1 first rows have sum(age) %2, expected %3")
                            .arg(changed).arg(row.at(1).toLongLong()).arg(firstAges + changed));
    return true;
}

bool checkTopScores(Env &env, const QList<qint64> &idSums, const QList<int> &counts)
{
    // The answer, from the data set.
    QList<int> matching;
    for (int i = 0; i < env.seededIds.size(); ++i) {
        const int age = env.dataset.rows().at(i).age;
        if (age >= topScoreLow && age <= topScoreHigh)
            matching.append(i);
    }
    std::sort(matching.begin(), matching.end(), [&](int a, int b) {
        return env.dataset.rows().at(a).score > env.dataset.rows().at(b).score;
    });
    matching.resize(qMin<qsizetype>(topScoreLimit, matching.size()));
    qint64 expectedSum = 0;
    for (int i : std::as_const(matching))
        expectedSum += env.seededIds.at(i);
    if (idSums.size() != topScoreRuns || counts.size() != topScoreRuns)
        return env.fail(QStringLiteral("W5: %1 results, expected %2").arg(idSums.size()).arg(topScoreRuns));
    for (int i = 0; i < topScoreRuns; ++i) {
        if (counts.at(i) != matching.size() || idSums.at(i) != expectedSum)
            return env.fail(QStringLiteral("W5: query %1 returned %2 rows with sum(id) %3; expected "
                                           "%4 rows, %5")
                                .arg(i).arg(counts.at(i)).arg(idSums.at(i)).arg(matching.size()).arg(expectedSum));
    }
    return true;
}

bool checkDeleted(Env &env, const QList<qint64> &deleted)
{
    qint64 count = 0, sumIds = 0, sumAges = 0;
    if (!env.tableTotals(&count, &sumIds, &sumAges))
        return false;
    const qint64 expectedCount = env.seededIds.size() - deleted.size();
    const qint64 expectedIds = sum(env.seededIds) - sum(deleted);
    qint64 expectedAges = seededAgeSum(env);
    for (qint64 id : deleted)
        expectedAges -= env.dataset.rows().at(env.rowOf(id)).age;
    if (count != expectedCount || sumIds != expectedIds || sumAges != expectedAges)
        return env.fail(QStringLiteral("W6: table has %1 rows, sum(id) %2, sum(age) %3; expected "
                                       "%4, %5, %6")
                            .arg(count).arg(sumIds).arg(sumAges).arg(expectedCount).arg(expectedIds).arg(expectedAges));
    return true;
}

} // namespace Bench
