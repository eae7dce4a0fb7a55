// Variant (c): the same careful hand-written QtSql, into BenchUser QObjects filled (and
// read for binding) through QMetaProperty handles resolved once per run.

#include "handwritten.h"

#include <QMetaProperty>

namespace Bench {

namespace {

struct Properties
{
    Properties()
    {
        const QMetaObject &meta = BenchUser::staticMetaObject;
        id = meta.property(meta.indexOfProperty("id"));
        username = meta.property(meta.indexOfProperty("username"));
        email = meta.property(meta.indexOfProperty("email"));
        age = meta.property(meta.indexOfProperty("age"));
        score = meta.property(meta.indexOfProperty("score"));
        created = meta.property(meta.indexOfProperty("created"));
    }
    QMetaProperty id, username, email, age, score, created;
};

BenchUser *materialise(const Properties &properties, const QSqlQuery &query)
{
    auto *user = new BenchUser;
    properties.id.write(user, query.value(0));
    properties.username.write(user, query.value(1));
    properties.email.write(user, query.value(2));
    properties.age.write(user, query.value(3));
    properties.score.write(user, query.value(4));
    properties.created.write(user, dateTimeFromDb(query.value(5)));
    return user;
}

UserRow toRow(const BenchUser *user)
{
    return UserRow{user->id(), user->username(), user->email(), user->age(), user->score(),
                   user->created()};
}

class QObjectRun : public Run
{
public:
    ~QObjectRun() override { qDeleteAll(m_users); }

protected:
    bool loadFirst(Env &env, int count)
    {
        const Properties properties;
        QSqlQuery select(env.raw());
        if (!prepare(env, select, env.sql().selectAll + QStringLiteral(" ORDER BY id LIMIT ")
                                      + QString::number(count))
            || !exec(env, select, "load"))
            return false;
        while (select.next())
            m_users.append(materialise(properties, select));
        return m_users.size() == count || env.fail(QStringLiteral("qobject: load"));
    }
    QList<UserRow> userRows() const
    {
        QList<UserRow> rows;
        rows.reserve(m_users.size());
        for (const BenchUser *user : m_users)
            rows.append(toRow(user));
        return rows;
    }

    QList<BenchUser *> m_users;
};

// W1
class Insert : public QObjectRun
{
public:
    bool setup(Env &env) override
    {
        m_users.reserve(env.dataset.size());
        for (const UserRow &row : env.dataset.rows()) {
            auto *user = new BenchUser;
            user->setUsername(row.username);
            user->setEmail(row.email);
            user->setAge(row.age);
            user->setScore(row.score);
            user->setCreated(row.created);
            m_users.append(user);
        }
        return true;
    }
    bool run(Env &env) override
    {
        const Properties properties;
        HandTransaction transaction(env);
        if (!transaction.isOpen())
            return false;
        {
            QSqlQuery insert(env.raw());
            if (!prepare(env, insert, env.sql().insert))
                return false;
            const Quarry::Database::Backend backend = env.backend();
            for (BenchUser *user : std::as_const(m_users)) {
                insert.bindValue(0, properties.username.read(user));
                insert.bindValue(1, properties.email.read(user));
                insert.bindValue(2, properties.age.read(user));
                insert.bindValue(3, properties.score.read(user));
                insert.bindValue(4, dateTimeToDb(properties.created.read(user).toDateTime(), backend));
                if (!exec(env, insert, "W1"))
                    return false;
                properties.id.write(user, insertedId(env, insert));
            }
        }
        return transaction.commit();
    }
    bool verify(Env &env) override
    {
        QList<qint64> ids;
        for (const BenchUser *user : std::as_const(m_users))
            ids.append(user->id());
        return checkInserted(env, ids);
    }
};

// W2
class LoadAll : public QObjectRun
{
public:
    bool setup(Env &env) override { return env.seedUsers(env.options.n); }
    bool run(Env &env) override
    {
        const Properties properties;
        HandTransaction transaction(env);
        if (!transaction.isOpen())
            return false;
        {
            QSqlQuery select(env.raw());
            if (!prepare(env, select, env.sql().selectAll) || !exec(env, select, "W2"))
                return false;
            while (select.next())
                m_users.append(materialise(properties, select));
        }
        return transaction.commit();
    }
    bool verify(Env &env) override { return checkLoadedAll(env, userRows()); }
};

// W3
class Lookups : public QObjectRun
{
public:
    bool setup(Env &env) override
    {
        if (!env.seedUsers(env.options.n))
            return false;
        m_ids = lookupIds(env);
        m_users.reserve(m_ids.size());
        return true;
    }
    bool run(Env &env) override
    {
        const Properties properties;
        HandTransaction transaction(env);
        if (!transaction.isOpen())
            return false;
        {
            QSqlQuery select(env.raw());
            if (!prepare(env, select, env.sql().selectById))
                return false;
            for (qint64 id : std::as_const(m_ids)) {
                select.bindValue(0, id);
                if (!exec(env, select, "W3"))
                    return false;
                if (!select.next())
                    return env.fail(QStringLiteral("qobject: W3: no row with id %1").arg(id));
                m_users.append(materialise(properties, select));
            }
        }
        return transaction.commit();
    }
    bool verify(Env &env) override { return checkLookups(env, m_ids, userRows()); }

private:
    QList<qint64> m_ids;
};

// W4: the objects are changed through their setters, as the Quarry variant does.
class Update : public QObjectRun
{
public:
    bool setup(Env &env) override { return env.seedUsers(env.options.n) && loadFirst(env, env.sample()); }
    bool run(Env &env) override
    {
        const Properties properties;
        for (BenchUser *user : std::as_const(m_users))
            user->setAge(user->age() + 1);
        HandTransaction transaction(env);
        if (!transaction.isOpen())
            return false;
        {
            QSqlQuery update(env.raw());
            if (!prepare(env, update, env.sql().updateAge))
                return false;
            for (const BenchUser *user : std::as_const(m_users)) {
                const QVariant id = properties.id.read(user);
                update.bindValue(0, properties.age.read(user));
                update.bindValue(1, id);
                if (!exec(env, update, "W4") || !matchedOne(env, update, id.toLongLong()))
                    return false;
            }
        }
        return transaction.commit();
    }
    bool verify(Env &env) override { return checkUpdated(env); }
};

// W5: each result is a new list of objects, deleted before the next query.
class TopScores : public QObjectRun
{
public:
    bool setup(Env &env) override { return env.seedUsers(env.options.n); }
    bool run(Env &env) override
    {
        const Properties properties;
        HandTransaction transaction(env);
        if (!transaction.isOpen())
            return false;
        {
            QSqlQuery select(env.raw());
            if (!prepare(env, select, env.sql().topScores))
                return false;
            for (int i = 0; i < topScoreRuns; ++i) {
                select.bindValue(0, topScoreLow);
                select.bindValue(1, topScoreHigh);
                if (!exec(env, select, "W5"))
                    return false;
                QList<BenchUser *> users;
                while (select.next())
                    users.append(materialise(properties, select));
                qint64 ids = 0;
                for (const BenchUser *user : std::as_const(users))
                    ids += user->id();
                m_idSums.append(ids);
                m_counts.append(int(users.size()));
                qDeleteAll(users);
            }
        }
        return transaction.commit();
    }
    bool verify(Env &env) override { return checkTopScores(env, m_idSums, m_counts); }

private:
    QList<qint64> m_idSums;
    QList<int> m_counts;
};

// W6: nothing to materialise, so the statements are the struct variant's.
class Delete : public QObjectRun
{
public:
    bool setup(Env &env) override
    {
        if (!env.seedUsers(env.options.n))
            return false;
        m_ids = deleteIds(env);
        return true;
    }
    bool run(Env &env) override
    {
        HandTransaction transaction(env);
        if (!transaction.isOpen())
            return false;
        {
            QSqlQuery remove(env.raw());
            if (!prepare(env, remove, env.sql().deleteById))
                return false;
            for (qint64 id : std::as_const(m_ids)) {
                remove.bindValue(0, id);
                if (!exec(env, remove, "W6") || !matchedOne(env, remove, id))
                    return false;
            }
        }
        return transaction.commit();
    }
    bool verify(Env &env) override { return checkDeleted(env, m_ids); }

private:
    QList<qint64> m_ids;
};

} // namespace

std::unique_ptr<Run> makeQObjectRun(const QString &workload)
{
    if (workload == QLatin1String("W1")) return std::make_unique<Insert>();
    if (workload == QLatin1String("W2")) return std::make_unique<LoadAll>();
    if (workload == QLatin1String("W3")) return std::make_unique<Lookups>();
    if (workload == QLatin1String("W4")) return std::make_unique<Update>();
    if (workload == QLatin1String("W5")) return std::make_unique<TopScores>();
    if (workload == QLatin1String("W6")) return std::make_unique<Delete>();
    return nullptr;
}

} // namespace Bench
