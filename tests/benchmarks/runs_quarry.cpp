// Variant (a): Quarry, written the way its README shows. Sessions are made (and their
// connection checked out of the pool) in setup(), so run() measures the work itself.

#include "bench.h"

#include <quarry/session.h>
#include <quarry/transaction.h>

namespace Bench {

namespace {

using Quarry::Field;
using Quarry::Session;

UserRow toRow(const BenchUser *user)
{
    UserRow row;
    row.id = user->id();
    row.username = user->username();
    row.email = user->email();
    row.age = user->age();
    row.score = user->score();
    row.created = user->created();
    return row;
}

class QuarryRun : public Run
{
public:
    ~QuarryRun() override
    {
        // Objects never handed to the session are ours; the session deletes the others.
        for (BenchUser *user : std::as_const(m_unowned)) {
            if (!user->parent())
                delete user;
        }
        m_session.reset();
    }

protected:
    // A session whose connection is already open (a fresh database means a new pool).
    bool openSession(Env &env)
    {
        m_session = std::make_unique<Session>(env.db);
        if (m_session->query<BenchUser>().count() < 0)
            return failed(env, "warm-up");
        // Every variant starts with an empty SQLite page cache.
        return env.releasePageCache(*m_session);
    }
    bool failed(Env &env, const char *what)
    {
        return env.fail(QStringLiteral("quarry: %1: %2")
                            .arg(QLatin1String(what), m_session->lastError().toString()));
    }

    std::unique_ptr<Session> m_session;
    QList<BenchUser *> m_unowned;
};

// W1: add N new objects, commit; the session reads the generated ids back into them.
class Insert : public QuarryRun
{
public:
    bool setup(Env &env) override
    {
        if (!openSession(env))
            return false;
        m_unowned.reserve(env.dataset.size());
        for (const UserRow &row : env.dataset.rows()) {
            auto *user = new BenchUser;
            user->setUsername(row.username);
            user->setEmail(row.email);
            user->setAge(row.age);
            user->setScore(row.score);
            user->setCreated(row.created);
            m_unowned.append(user);
        }
        return true;
    }
    bool run(Env &env) override
    {
        for (BenchUser *user : std::as_const(m_unowned)) {
            if (!m_session->add(user))
                return failed(env, "add");
        }
        return m_session->commit() || failed(env, "commit");
    }
    bool verify(Env &env) override
    {
        QList<qint64> ids;
        for (const BenchUser *user : std::as_const(m_unowned))
            ids.append(user->id());
        return checkInserted(env, ids);
    }
};

// W2: every row as an object; W2u the same untracked (Query::untracked()).
class LoadAll : public QuarryRun
{
public:
    explicit LoadAll(bool untracked) : m_untracked(untracked) {}
    bool setup(Env &env) override { return env.seedUsers(env.options.n) && openSession(env); }
    bool run(Env &env) override
    {
        m_users = m_session->query<BenchUser>().untracked(m_untracked).all();
        return !m_users.isEmpty() || failed(env, "all");
    }
    bool verify(Env &env) override
    {
        QList<UserRow> rows;
        rows.reserve(m_users.size());
        for (const BenchUser *user : std::as_const(m_users))
            rows.append(toRow(user));
        return checkLoadedAll(env, rows);
    }

private:
    QList<BenchUser *> m_users;
    bool m_untracked;
};

// W3: get() by primary key; a fresh session, and distinct ids, so every lookup is a query.
class Lookups : public QuarryRun
{
public:
    bool setup(Env &env) override
    {
        if (!env.seedUsers(env.options.n) || !openSession(env))
            return false;
        m_ids = lookupIds(env);
        m_users.reserve(m_ids.size());
        return true;
    }
    // In one transaction, as the hand-written variants run every workload: outside one,
    // SQLite takes and drops its shared lock (and checks the journal) for every
    // statement, which doubles the time of 10,000 single-row reads on both sides.
    bool run(Env &env) override
    {
        Quarry::Transaction transaction(*m_session);
        for (qint64 id : std::as_const(m_ids)) {
            BenchUser *user = m_session->get<BenchUser>(id);
            if (!user)
                return failed(env, "get");
            m_users.append(user);
        }
        return transaction.commit() || failed(env, "commit");
    }
    bool verify(Env &env) override
    {
        QList<UserRow> rows;
        for (const BenchUser *user : std::as_const(m_users))
            rows.append(toRow(user));
        return checkLookups(env, m_ids, rows);
    }

private:
    QList<qint64> m_ids;
    QList<BenchUser *> m_users;
};

// W4: loaded objects (setup), one property changed through its setter, commit.
class Update : public QuarryRun
{
public:
    bool setup(Env &env) override
    {
        if (!env.seedUsers(env.options.n) || !openSession(env))
            return false;
        m_users = m_session->query<BenchUser>().orderBy(QStringLiteral("id")).limit(env.sample()).all();
        if (m_users.size() != env.sample())
            return failed(env, "load");
        return true;
    }
    bool run(Env &env) override
    {
        for (BenchUser *user : std::as_const(m_users))
            user->setAge(user->age() + 1);
        return m_session->commit() || failed(env, "commit");
    }
    bool verify(Env &env) override { return checkUpdated(env); }

private:
    QList<BenchUser *> m_users;
};

// W5: the same filtered, sorted, limited query 1,000 times. Each time in a new session,
// so that every result is materialised (one session would answer from its identity map).
class TopScores : public QuarryRun
{
public:
    bool setup(Env &env) override
    {
        if (!env.seedUsers(env.options.n) || !openSession(env))
            return false;
        m_session.reset(); // its connection waits in the pool for the sessions of run()
        return true;
    }
    bool run(Env &env) override
    {
        for (int i = 0; i < topScoreRuns; ++i) {
            Session session(env.db);
            const QList<BenchUser *> users =
                session.query<BenchUser>()
                    .where(Field(QStringLiteral("age")).between(topScoreLow, topScoreHigh))
                    .orderBy(QStringLiteral("score"), Qt::DescendingOrder)
                    .limit(topScoreLimit)
                    .all();
            if (users.isEmpty())
                return env.fail(QStringLiteral("quarry: W5: ") + session.lastError().toString());
            qint64 ids = 0;
            for (const BenchUser *user : users)
                ids += user->id();
            m_idSums.append(ids);
            m_counts.append(int(users.size()));
        }
        return true;
    }
    bool verify(Env &env) override { return checkTopScores(env, m_idSums, m_counts); }

private:
    QList<qint64> m_idSums;
    QList<int> m_counts;
};

// W6: a bulk delete of the given ids (Field("id").in(...)) and a commit.
class Delete : public QuarryRun
{
public:
    bool setup(Env &env) override
    {
        if (!env.seedUsers(env.options.n) || !openSession(env))
            return false;
        m_ids = deleteIds(env);
        return true;
    }
    bool run(Env &env) override
    {
        QVariantList keys;
        keys.reserve(m_ids.size());
        for (qint64 id : std::as_const(m_ids))
            keys.append(id);
        const qint64 rows =
            m_session->query<BenchUser>().where(Field(QStringLiteral("id")).in(keys)).remove();
        if (rows != m_ids.size())
            return rows < 0 ? failed(env, "remove")
                            : env.fail(QStringLiteral("quarry: W6: %1 rows deleted, expected %2")
                                           .arg(rows).arg(m_ids.size()));
        return m_session->commit() || failed(env, "commit");
    }
    bool verify(Env &env) override { return checkDeleted(env, m_ids); }

private:
    QList<qint64> m_ids;
};

} // namespace

std::unique_ptr<Run> makeQuarryRun(const QString &workload)
{
    if (workload == QLatin1String("W1")) return std::make_unique<Insert>();
    if (workload == QLatin1String("W2")) return std::make_unique<LoadAll>(false);
    if (workload == QLatin1String("W2u")) return std::make_unique<LoadAll>(true);
    if (workload == QLatin1String("W3")) return std::make_unique<Lookups>();
    if (workload == QLatin1String("W4")) return std::make_unique<Update>();
    if (workload == QLatin1String("W5")) return std::make_unique<TopScores>();
    if (workload == QLatin1String("W6")) return std::make_unique<Delete>();
    return nullptr;
}

} // namespace Bench
