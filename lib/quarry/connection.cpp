#include "connection_p.h"

#include "logging_p.h"
#include "mysqlstatement_p.h"
#include "postgresstatement_p.h"
#include "sqlitestatement_p.h"

#include <QSqlDriver>

#include <atomic>

namespace Quarry::Private {

namespace {

quint64 nextStatementEpoch()
{
    static std::atomic<quint64> epoch{0};
    return ++epoch;
}

QString describeValues(const QVariantList &values)
{
    QStringList parts;
    parts.reserve(values.size());
    for (const QVariant &value : values) {
        if (value.isNull())
            parts << QStringLiteral("NULL");
        else if (value.metaType().id() == QMetaType::QByteArray)
            parts << QStringLiteral("<%1 bytes>").arg(value.toByteArray().size());
        else
            parts << value.toString();
    }
    return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
}

} // namespace

Connection::Connection(const QString &name, const Dialect *dialect)
    : m_name(name), m_dialect(dialect), m_statementEpoch(nextStatementEpoch())
{
}

Connection::~Connection()
{
    clearStatements();
    {
        QSqlDatabase database = QSqlDatabase::database(m_name, false);
        if (database.isOpen())
            database.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

QSqlDatabase Connection::database() const
{
    return QSqlDatabase::database(m_name, false);
}

bool Connection::ensureOpen(Error *error)
{
    QSqlDatabase database = this->database();
    if (database.isOpen() && m_setupDone)
        return true;
    if (!database.isOpen()) {
        // Closed behind our back (or never opened): the statements belong to the old
        // connection, whose native handle is gone; the handles are set again once open.
        for (auto &statement : m_nativeStatements)
            statement.second->abandon();
        clearStatements();
        m_sqlite = nullptr;
        m_postgres = nullptr;
        m_mysql = nullptr;
    }
    if (!database.isOpen() && !database.open()) {
        const QSqlError sqlError = database.lastError();
        *error = Error(Error::ConnectionError,
                       QStringLiteral("cannot connect: %1").arg(sqlError.text()), {}, sqlError);
        return false;
    }
    ++m_generation;
    m_inTransaction = false;
    m_keyStrides.clear(); // a new server session: its settings may differ
    const QStringList setup = m_dialect->connectionSetup();
    for (const QString &statement : setup) {
        QSqlQuery query(database);
        qCDebug(lcQuarrySql).noquote() << statement;
        if (!query.exec(statement)) {
            *error = makeError(query.lastError(), statement);
            database.close();
            return false;
        }
    }
    m_setupDone = true;
    m_sqlite = nativeSqliteHandle(database);
    m_postgres = nativePostgresHandle(database);
    m_mysql = nativeMysqlHandle(database);
    m_driver = database.driver();
    return true;
}

QSqlQuery *Connection::prepare(const QString &sql, Error *error)
{
    auto found = m_statements.find(sql);
    if (found != m_statements.end())
        return found->second.get();
    if (!ensureOpen(error))
        return nullptr;
    auto query = std::make_unique<QSqlQuery>(database());
    query->setForwardOnly(true);
    if (!query->prepare(sql)) {
        *error = makeError(query->lastError(), sql);
        return nullptr;
    }
    QSqlQuery *result = query.get();
    m_statements.emplace(sql, std::move(query));
    return result;
}

bool Connection::bindAndExecute(QSqlQuery *query, const QVariantList &values, Error *error)
{
    for (int i = 0; i < values.size(); ++i)
        query->bindValue(i, values.at(i));
    if (lcQuarrySql().isDebugEnabled())
        qCDebug(lcQuarrySql).noquote() << query->lastQuery() << describeValues(values);
    if (!query->exec()) {
        *error = makeError(query->lastError(), query->lastQuery());
        return false;
    }
    return true;
}

bool Connection::execute(QSqlQuery *query, const QVariantList &values, Error *error)
{
    const int generation = m_generation;
    if (!ensureOpen(error))
        return false;
    if (generation != m_generation) {
        // Reopened: the cached statement belonged to the old connection.
        *error = Error(Error::ConnectionError, QStringLiteral("the connection was reopened"));
        return false;
    }
    return bindAndExecute(query, values, error);
}

QSqlQuery *Connection::run(const QString &sql, const QVariantList &values, Error *error)
{
    QSqlQuery *query = prepare(sql, error);
    if (!query || !bindAndExecute(query, values, error))
        return nullptr;
    return query;
}

Cursor Connection::runCursor(const QString &sql, const QVariantList &values, Error *error)
{
    if ((!m_setupDone || !isStillOpen()) && !ensureOpen(error))
        return {};
    if (!hasNativePath())
        return run(sql, values, error);
    NativeStatement *statement = prepareNative(sql, error);
    if (!statement || !executeNative(statement, values, error))
        return {};
    return statement;
}

NativeStatement *Connection::prepareNative(const QString &sql, Error *error)
{
    auto found = m_nativeStatements.find(sql);
    if (found != m_nativeStatements.end())
        return found->second.get();
    QSqlError sqlError;
    std::unique_ptr<NativeStatement> statement;
    if (m_sqlite)
        statement = SqliteStatement::prepare(m_sqlite, sql, &sqlError);
    else if (m_postgres)
        statement = PostgresStatement::prepare(m_postgres, sql, &sqlError);
    else
        statement = MysqlStatement::prepare(m_mysql, sql, &sqlError);
    if (!statement) {
        *error = makeError(sqlError, sql);
        return nullptr;
    }
    NativeStatement *result = statement.get();
    m_nativeStatements.emplace(sql, std::move(statement));
    return result;
}

bool Connection::executeNative(NativeStatement *statement, const QVariantList &values,
                               Error *error)
{
    if (lcQuarrySql().isDebugEnabled())
        qCDebug(lcQuarrySql).noquote() << statement->sql() << describeValues(values);
    if (!statement->exec(values)) {
        // makeError() may drop the statements (a lost connection): statement is gone then.
        const QString sql = statement->sql();
        *error = makeError(statement->lastError(), sql);
        return false;
    }
    return true;
}

bool Connection::executeDirect(const QString &sql, Error *error)
{
    m_keyStrides.clear();
    return runDirect(sql, error);
}

bool Connection::runDirect(const QString &sql, Error *error)
{
    if (!ensureOpen(error))
        return false;
    QSqlQuery query(database());
    qCDebug(lcQuarrySql).noquote() << sql;
    if (!query.exec(sql)) {
        *error = makeError(query.lastError(), sql);
        return false;
    }
    return true;
}

std::unique_ptr<QSqlQuery> Connection::runUncached(const QString &sql, const QVariantList &values,
                                                   Error *error)
{
    m_keyStrides.clear();
    if (!ensureOpen(error))
        return nullptr;
    auto query = std::make_unique<QSqlQuery>(database());
    query->setForwardOnly(true);
    if (values.isEmpty()) {
        // Not prepared: QPSQL prepares server-side, and PostgreSQL cannot PREPARE DDL.
        qCDebug(lcQuarrySql).noquote() << sql;
        if (!query->exec(sql)) {
            *error = makeError(query->lastError(), sql);
            return nullptr;
        }
        return query;
    }
    if (!query->prepare(sql)) {
        *error = makeError(query->lastError(), sql);
        return nullptr;
    }
    if (!bindAndExecute(query.get(), values, error)) {
        if (m_inTransaction)
            m_failedStatement = std::move(query);
        return nullptr;
    }
    return query;
}

bool Connection::begin(Error *error)
{
    if (!ensureOpen(error))
        return false;
    qCDebug(lcQuarrySql).noquote() << "BEGIN";
    QSqlDatabase database = this->database();
    if (!database.transaction()) {
        *error = makeError(database.lastError(), QStringLiteral("BEGIN"));
        return false;
    }
    m_inTransaction = true;
    return true;
}

void Connection::finishStatements()
{
    for (auto &statement : m_statements)
        statement.second->finish();
    for (auto &statement : m_nativeStatements)
        statement.second->finish();
}

bool Connection::commit(Error *error)
{
    finishStatements();
    qCDebug(lcQuarrySql).noquote() << "COMMIT";
    QSqlDatabase database = this->database();
    if (!database.commit()) {
        *error = makeError(database.lastError(), QStringLiteral("COMMIT"));
        return false;
    }
    m_inTransaction = false;
    return true;
}

bool Connection::rollback(Error *error)
{
    finishStatements();
    m_inTransaction = false;
    QSqlDatabase database = this->database();
    if (!database.isOpen()) {
        m_failedStatement.reset();
        return true; // a lost connection took the transaction with it
    }
    qCDebug(lcQuarrySql).noquote() << "ROLLBACK";
    const bool ok = database.rollback();
    m_failedStatement.reset();
    if (!ok) {
        *error = makeError(database.lastError(), QStringLiteral("ROLLBACK"));
        return false;
    }
    return true;
}

bool Connection::savepoint(const QString &name, Error *error)
{
    return runDirect(QStringLiteral("SAVEPOINT ") + m_dialect->quote(name), error);
}

bool Connection::releaseSavepoint(const QString &name, Error *error)
{
    return runDirect(QStringLiteral("RELEASE SAVEPOINT ") + m_dialect->quote(name), error);
}

bool Connection::rollbackToSavepoint(const QString &name, Error *error)
{
    finishStatements();
    const bool ok =
        runDirect(QStringLiteral("ROLLBACK TO SAVEPOINT ") + m_dialect->quote(name), error);
    m_failedStatement.reset();
    return ok;
}

Error Connection::makeError(const QSqlError &sqlError, const QString &sql)
{
    Error::Kind kind = m_dialect->classify(sqlError);
    if (kind == Error::ConnectionError)
        markLost();
    QString message = sqlError.databaseText();
    if (message.isEmpty())
        message = sqlError.text();
    return Error(kind, message.trimmed(), sql, sqlError);
}

void Connection::clearStatements()
{
    m_failedStatement.reset();
    m_statements.clear();
    m_nativeStatements.clear(); // finalized before the connection may close
    m_statementEpoch = nextStatementEpoch();
}

void Connection::markLost()
{
    clearStatements();
    m_sqlite = nullptr;
    m_postgres = nullptr;
    m_mysql = nullptr;
    QSqlDatabase database = this->database();
    if (database.isOpen())
        database.close();
    m_setupDone = false;
    m_inTransaction = false;
}

} // namespace Quarry::Private
