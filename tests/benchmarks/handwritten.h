#pragma once

// What both hand-written variants share: careful QtSql, the way the issue describes it.
// Every statement is prepared once per workload run, every workload runs in one
// transaction (reads too), reads are forward-only, and W4 updates only the changed column.
// The statements are in UserSql (env.cpp). Generated ids come from lastInsertId() (SQLite,
// MariaDB) or RETURNING id (PostgreSQL, where lastInsertId() cannot work).

#include "bench.h"

#include <QSqlError>

namespace Bench {

// BEGIN ... COMMIT on the hand-written variants' connection; rolls back if not committed.
class HandTransaction
{
public:
    explicit HandTransaction(Env &env) : m_env(env), m_connection(env.raw())
    {
        m_open = m_connection.transaction();
        if (!m_open)
            env.fail(QStringLiteral("BEGIN: ") + m_connection.lastError().text());
    }
    ~HandTransaction()
    {
        if (m_open)
            m_connection.rollback();
    }
    bool isOpen() const { return m_open; }
    bool commit()
    {
        m_open = false;
        return m_connection.commit()
            || m_env.fail(QStringLiteral("COMMIT: ") + m_connection.lastError().text());
    }

private:
    Env &m_env;
    QSqlDatabase m_connection;
    bool m_open = false;
};

// A statement prepared once (forward-only).
inline bool prepare(Env &env, QSqlQuery &query, const QString &sql)
{
    query.setForwardOnly(true);
    return query.prepare(sql)
        || env.fail(QStringLiteral("prepare: %1 [%2]").arg(query.lastError().text(), sql));
}

// The generated id of the INSERT just executed.
inline qint64 insertedId(Env &env, QSqlQuery &insert)
{
    if (env.sql().insertReturnsId)
        return insert.next() ? insert.value(0).toLongLong() : 0;
    return insert.lastInsertId().toLongLong();
}

// An UPDATE/DELETE by primary key must have matched exactly one row.
inline bool matchedOne(Env &env, QSqlQuery &query, qint64 id)
{
    return query.numRowsAffected() == 1
        || env.fail(QStringLiteral("%1 matched %2 rows for id %3")
                        .arg(query.lastQuery()).arg(query.numRowsAffected()).arg(id));
}

} // namespace Bench
