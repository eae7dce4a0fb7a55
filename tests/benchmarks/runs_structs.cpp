// Variant (b): careful hand-written QtSql into plain structs (UserRow).

#include "handwritten.h"

namespace Bench {

namespace {

void fill(const QSqlQuery &query, UserRow &row)
{
    row.id = query.value(0).toLongLong();
    row.username = query.value(1).toString();
    row.email = query.value(2).toString();
    row.age = query.value(3).toInt();
    row.score = query.value(4).toDouble();
    row.created = dateTimeFromDb(query.value(5));
}

// W1
class Insert : public Run
{
public:
    bool setup(Env &env) override
    {
        m_rows = env.dataset.rows();
        m_rows.detach();
        return true;
    }
    bool run(Env &env) override
    {
        HandTransaction transaction(env);
        if (!transaction.isOpen())
            return false;
        {
            QSqlQuery insert(env.raw());
            if (!prepare(env, insert, env.sql().insert))
                return false;
            const Quarry::Database::Backend backend = env.backend();
            for (UserRow &row : m_rows) {
                insert.bindValue(0, row.username);
                insert.bindValue(1, row.email);
                insert.bindValue(2, row.age);
                insert.bindValue(3, row.score);
                insert.bindValue(4, dateTimeToDb(row.created, backend));
                if (!exec(env, insert, "W1"))
                    return false;
                row.id = insertedId(env, insert);
            }
        }
        return transaction.commit();
    }
    bool verify(Env &env) override
    {
        QList<qint64> ids;
        for (const UserRow &row : std::as_const(m_rows))
            ids.append(row.id);
        return checkInserted(env, ids);
    }

private:
    QList<UserRow> m_rows;
};

// W2
class LoadAll : public Run
{
public:
    bool setup(Env &env) override { return env.seedUsers(env.options.n); }
    bool run(Env &env) override
    {
        HandTransaction transaction(env);
        if (!transaction.isOpen())
            return false;
        {
            QSqlQuery select(env.raw());
            if (!prepare(env, select, env.sql().selectAll) || !exec(env, select, "W2"))
                return false;
            while (select.next()) {
                UserRow row;
                fill(select, row);
                m_rows.append(row);
            }
        }
        return transaction.commit();
    }
    bool verify(Env &env) override { return checkLoadedAll(env, m_rows); }

private:
    QList<UserRow> m_rows;
};

// W3
class Lookups : public Run
{
public:
    bool setup(Env &env) override
    {
        if (!env.seedUsers(env.options.n))
            return false;
        m_ids = lookupIds(env);
        m_rows.reserve(m_ids.size());
        return true;
    }
    bool run(Env &env) override
    {
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
                    return env.fail(QStringLiteral("qtsql: W3: no row with id %1").arg(id));
                UserRow row;
                fill(select, row);
                m_rows.append(row);
            }
        }
        return transaction.commit();
    }
    bool verify(Env &env) override { return checkLookups(env, m_ids, m_rows); }

private:
    QList<qint64> m_ids;
    QList<UserRow> m_rows;
};

// W4
class Update : public Run
{
public:
    bool setup(Env &env) override
    {
        if (!env.seedUsers(env.options.n))
            return false;
        QSqlQuery select(env.raw());
        if (!prepare(env, select, env.sql().selectAll + QStringLiteral(" ORDER BY id LIMIT ")
                                      + QString::number(env.sample()))
            || !exec(env, select, "W4 load"))
            return false;
        while (select.next()) {
            UserRow row;
            fill(select, row);
            m_rows.append(row);
        }
        return m_rows.size() == env.sample() || env.fail(QStringLiteral("qtsql: W4: load"));
    }
    bool run(Env &env) override
    {
        for (UserRow &row : m_rows)
            row.age += 1;
        HandTransaction transaction(env);
        if (!transaction.isOpen())
            return false;
        {
            QSqlQuery update(env.raw());
            if (!prepare(env, update, env.sql().updateAge))
                return false;
            for (const UserRow &row : std::as_const(m_rows)) {
                update.bindValue(0, row.age);
                update.bindValue(1, row.id);
                if (!exec(env, update, "W4") || !matchedOne(env, update, row.id))
                    return false;
            }
        }
        return transaction.commit();
    }
    bool verify(Env &env) override { return checkUpdated(env); }

private:
    QList<UserRow> m_rows;
};

// W5: each result is a new list of structs.
class TopScores : public Run
{
public:
    bool setup(Env &env) override { return env.seedUsers(env.options.n); }
    bool run(Env &env) override
    {
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
                QList<UserRow> rows;
                while (select.next()) {
                    UserRow row;
                    fill(select, row);
                    rows.append(row);
                }
                qint64 ids = 0;
                for (const UserRow &row : std::as_const(rows))
                    ids += row.id;
                m_idSums.append(ids);
                m_counts.append(int(rows.size()));
            }
        }
        return transaction.commit();
    }
    bool verify(Env &env) override { return checkTopScores(env, m_idSums, m_counts); }

private:
    QList<qint64> m_idSums;
    QList<int> m_counts;
};

// W6
class Delete : public Run
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

std::unique_ptr<Run> makeStructRun(const QString &workload)
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
