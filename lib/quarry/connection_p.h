#pragma once

// Private: one QtSql connection used by one thread, with its prepared-statement cache.
// Every statement Quarry runs goes through here: logging, binding, error mapping and
// recovery from a lost connection live in one place.

#include "cursor_p.h"
#include "dialect_p.h"
#include "error.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>
#include <memory>
#include <unordered_map>

struct sqlite3;
struct pg_conn;
struct st_mysql;

namespace Quarry::Private {

class QUARRY_EXPORT Connection
{
public:
    // Takes a configured (not yet opened) QSqlDatabase registered under `name`.
    Connection(const QString &name, const Dialect *dialect);
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    const Dialect *dialect() const { return m_dialect; }
    QSqlDatabase database() const;
    const QString &name() const { return m_name; }

    // Opens the connection if needed (again, after a lost connection) and runs the
    // dialect's setup statements. False and *error on failure.
    bool ensureOpen(Error *error);
    // Bumped whenever the connection is reopened: a transaction from an older
    // generation is gone.
    int generation() const { return m_generation; }

    // The cached prepared statement for `sql`, prepared on first use. Returns nullptr and
    // sets *error when preparing fails. The query stays owned by the connection.
    QSqlQuery *prepare(const QString &sql, Error *error);
    // Binds `values` positionally, executes, logs to quarry.sql. On failure maps the
    // error (a lost connection closes the connection so the next call reopens it).
    bool execute(QSqlQuery *query, const QVariantList &values, Error *error);
    // Binds and executes a query prepare() returned while statementEpoch() has not
    // changed since (no reopen check: dropping the statements changes the epoch).
    bool executePrepared(QSqlQuery *query, const QVariantList &values, Error *error)
    {
        return bindAndExecute(query, values, error);
    }
    // prepare() + execute() in one step.
    QSqlQuery *run(const QString &sql, const QVariantList &values, Error *error);
    // The same for a statement whose rows are only read through a Cursor: natively when
    // hasNativePath(), else as run().
    Cursor runCursor(const QString &sql, const QVariantList &values, Error *error);

    // The connection's sqlite3* while it is open and the native SQLite path is safe
    // (sqlitestatement_p.h), else nullptr. Valid after ensureOpen().
    sqlite3 *nativeSqlite() const { return m_sqlite; }
    // The same for PostgreSQL's PGconn* (postgresstatement_p.h) and MariaDB's MYSQL*
    // (mysqlstatement_p.h).
    pg_conn *nativePostgres() const { return m_postgres; }
    st_mysql *nativeMysql() const { return m_mysql; }
    bool hasNativePath() const { return m_sqlite || m_postgres || m_mysql; }
    // False once the QSqlDatabase was closed (by anyone) since ensureOpen(): cached
    // statements must not run then, a native one would use a freed handle. Cheap: one
    // call on the driver, no connection-name lookup.
    bool isStillOpen() const { return m_driver && m_driver->isOpen(); }
    // The cached native statement for `sql` (hasNativePath() must be true), prepared on
    // first use; nullptr and *error when the database refuses it.
    NativeStatement *prepareNative(const QString &sql, Error *error);
    // Binds, runs (SQLite: steps to the first row) and logs, like executePrepared().
    bool executeNative(NativeStatement *statement, const QVariantList &values, Error *error);
    // An unprepared statement (DDL); not cached.
    bool executeDirect(const QString &sql, Error *error);
    // A one-off statement (raw SQL from the user): prepared, bound and run, not cached.
    std::unique_ptr<QSqlQuery> runUncached(const QString &sql, const QVariantList &values,
                                           Error *error);

    // MySQL/MariaDB: the step between the keys one multi-row INSERT into `table`
    // generates, or 0 when they may not be consecutive (insertkeys_p.h). Asked once per
    // table while the connection stays open; DDL and raw SQL through it (which may change
    // a setting or the table) make the next call ask again.
    qint64 multiRowKeyStride(const QString &table);

    bool begin(Error *error);
    bool commit(Error *error);
    bool rollback(Error *error);
    bool inTransaction() const { return m_inTransaction; }
    bool savepoint(const QString &name, Error *error);
    bool releaseSavepoint(const QString &name, Error *error);
    bool rollbackToSavepoint(const QString &name, Error *error);

    // Converts a QSqlError of this connection into a Quarry::Error, detecting lost
    // connections. Public so that code running its own QSqlQuery can report alike.
    Error makeError(const QSqlError &sqlError, const QString &sql);

    // Drops every cached statement (they must be gone before the connection closes).
    void clearStatements();
    // Names the current set of cached statements, unique across all connections: it
    // changes whenever they are dropped, so a caller that keeps a QSqlQuery* from
    // prepare() knows whether it is still alive without hashing the SQL again.
    quint64 statementEpoch() const { return m_statementEpoch; }

private:
    void markLost();
    void finishStatements();
    bool bindAndExecute(QSqlQuery *query, const QVariantList &values, Error *error);
    // executeDirect() for transaction control, which changes no setting.
    bool runDirect(const QString &sql, Error *error);

    QString m_name;
    const Dialect *m_dialect;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_statements;
    std::unordered_map<QString, std::unique_ptr<NativeStatement>> m_nativeStatements;
    sqlite3 *m_sqlite = nullptr;
    pg_conn *m_postgres = nullptr;
    st_mysql *m_mysql = nullptr;
    QSqlDriver *m_driver = nullptr; // lives as long as the QSqlDatabase is registered
    // A failed one-off statement, kept until the transaction ends: QPSQL cannot free a
    // server-side statement inside an aborted transaction.
    std::unique_ptr<QSqlQuery> m_failedStatement;
    QHash<QString, qint64> m_keyStrides; // multiRowKeyStride() by table
    int m_generation = 0;
    quint64 m_statementEpoch = 0;
    bool m_setupDone = false;
    bool m_inTransaction = false;
};

} // namespace Quarry::Private
