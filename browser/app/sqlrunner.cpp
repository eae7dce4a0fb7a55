#include "sqlrunner.h"

#include "backgroundworker.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTimer>

#include <atomic>
#include <optional>

#ifdef Q_OS_UNIX
#include <dlfcn.h>
#endif

Q_LOGGING_CATEGORY(lcSqlRunner, "quarry.browser.sql")

namespace QuarryBrowser {

// Written by the worker, read by the UI thread's cancel().
struct SqlRunnerShared {
    std::atomic<void *> sqliteHandle{nullptr};
    std::atomic<qint64> serverConnectionId{-1};
    std::atomic_bool cancelRequested{false};
};

namespace {

using SqliteInterrupt = void (*)(void *);
using SqliteErrorOffset = int (*)(void *);

void *sqliteSymbol(const char *name)
{
#ifdef Q_OS_UNIX
    static void *library = dlopen("libsqlite3.so.0", RTLD_NOLOAD | RTLD_LAZY);
    return library ? dlsym(library, name) : nullptr;
#else
    Q_UNUSED(name);
    return nullptr;
#endif
}

// The sqlite3_interrupt of the libsqlite3 the Qt driver has loaded (RTLD_NOLOAD: never a
// second copy, whose interrupt would not know the driver's handle).
SqliteInterrupt sqliteInterrupt()
{
    static const auto function =
        reinterpret_cast<SqliteInterrupt>(sqliteSymbol("sqlite3_interrupt"));
    return function;
}

// SQLite >= 3.38: the byte offset (in UTF-8) of the token an error is about, else -1.
SqliteErrorOffset sqliteErrorOffset()
{
    static const auto function =
        reinterpret_cast<SqliteErrorOffset>(sqliteSymbol("sqlite3_error_offset"));
    return function;
}

} // namespace

// Lives on the runner's thread; everything here runs there.
class SqlExecutor : public QObject {
public:
    SqlExecutor(const Quarry::Database &database, std::shared_ptr<SqlRunnerShared> shared)
        : m_database(database), m_shared(std::move(shared))
    {
    }

    SqlOutcome execute(quint64 run, const QString &sql, bool readOnly, int chunkSize)
    {
        m_query.reset(); // a streaming result set blocks its connection (MariaDB, PostgreSQL)
        m_chunkSize = qMax(1, chunkSize);
        SqlOutcome outcome;
        outcome.run = run;
        QSqlDatabase connection = m_database.connection();
        if (!connection.isOpen()) {
            outcome.errorText = m_database.lastError().message();
            return outcome;
        }
        identify(connection);
        if (!applyReadOnly(connection, readOnly, &outcome))
            return outcome;
        if (m_shared->cancelRequested) {
            outcome.cancelled = true;
            return outcome;
        }
        QElapsedTimer timer;
        timer.start();
        m_query = std::make_unique<QSqlQuery>(connection);
        m_query->setForwardOnly(true);
        outcome.ok = m_query->exec(sql);
        if (outcome.ok && m_query->isSelect()) {
            outcome.isSelect = true;
            const QSqlRecord record = m_query->record();
            for (int i = 0; i < record.count(); ++i)
                outcome.columns.append(record.fieldName(i));
            readChunk(&outcome);
        } else if (outcome.ok) {
            outcome.rowsAffected = m_query->numRowsAffected();
            m_query.reset();
        } else {
            fail(&outcome, m_query->lastError());
            locateSqliteError(sql, &outcome);
        }
        outcome.elapsedMs = timer.elapsed();
        return outcome;
    }

    SqlOutcome fetch(quint64 run)
    {
        SqlOutcome outcome;
        outcome.run = run;
        outcome.isSelect = true;
        outcome.ok = true;
        if (m_query) {
            QElapsedTimer timer;
            timer.start();
            readChunk(&outcome);
            outcome.elapsedMs = timer.elapsed();
        }
        return outcome;
    }

    void close() { m_query.reset(); }

private:
    void readChunk(SqlOutcome *outcome)
    {
        const int columns = m_query->record().count();
        while (outcome->rows.size() < m_chunkSize && m_query->next()) {
            QVariantList row;
            row.reserve(columns);
            for (int i = 0; i < columns; ++i)
                row.append(m_query->value(i));
            outcome->rows.append(std::move(row));
        }
        outcome->atEnd = outcome->rows.size() < m_chunkSize;
        if (outcome->atEnd) {
            // next() is false at the end and on an error (an interrupt while stepping).
            if (m_query->lastError().type() != QSqlError::NoError)
                fail(outcome, m_query->lastError());
            m_query.reset();
        }
    }

    void locateSqliteError(const QString &sql, SqlOutcome *outcome) const
    {
        void *handle = m_shared->sqliteHandle;
        SqliteErrorOffset errorOffset = sqliteErrorOffset();
        if (!handle || !errorOffset || outcome->cancelled)
            return;
        const int bytes = errorOffset(handle);
        if (bytes >= 0)
            outcome->errorOffset = int(QString::fromUtf8(sql.toUtf8().left(bytes)).size());
    }

    void fail(SqlOutcome *outcome, const QSqlError &error)
    {
        outcome->ok = false;
        outcome->sqlError = error;
        outcome->errorText =
            error.databaseText().trimmed().isEmpty() ? error.text() : error.databaseText();
        outcome->cancelled = m_shared->cancelRequested;
        m_query.reset();
    }

    // What cancel() needs: the native handle (SQLite) or the server's id of this connection.
    void identify(QSqlDatabase &connection)
    {
        if (m_identifiedConnection == connection.connectionName())
            return;
        m_identifiedConnection = connection.connectionName();
        m_readOnly.reset();
        m_shared->sqliteHandle = nullptr;
        m_shared->serverConnectionId = -1;
        const QVariant handle = connection.driver()->handle();
        if (m_database.backend() == Quarry::Database::Backend::SQLite) {
            if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
                m_shared->sqliteHandle = *static_cast<void *const *>(handle.constData());
            return;
        }
        const bool postgres = m_database.backend() == Quarry::Database::Backend::PostgreSQL;
        QSqlQuery query(connection);
        if (query.exec(postgres ? QStringLiteral("SELECT pg_backend_pid()")
                                : QStringLiteral("SELECT CONNECTION_ID()")) &&
            query.next())
            m_shared->serverConnectionId = query.value(0).toLongLong();
        else
            qCWarning(lcSqlRunner) << "cannot read the connection id; Cancel will not work:"
                                   << query.lastError().text();
    }

    bool applyReadOnly(QSqlDatabase &connection, bool readOnly, SqlOutcome *outcome)
    {
        if (readOnly == m_readOnly)
            return true;
        QString statement;
        switch (m_database.backend()) {
        case Quarry::Database::Backend::SQLite:
            statement = readOnly ? QStringLiteral("PRAGMA query_only = 1")
                                 : QStringLiteral("PRAGMA query_only = 0");
            break;
        case Quarry::Database::Backend::PostgreSQL:
            statement =
                readOnly ? QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                         : QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
            break;
        default:
            statement = readOnly ? QStringLiteral("SET SESSION TRANSACTION READ ONLY")
                                 : QStringLiteral("SET SESSION TRANSACTION READ WRITE");
            break;
        }
        QSqlQuery query(connection);
        if (!query.exec(statement)) {
            outcome->errorText =
                SqlRunner::tr("Cannot switch the connection to %1: %2")
                    .arg(readOnly ? SqlRunner::tr("read-only") : SqlRunner::tr("read-write"),
                         query.lastError().text());
            return false;
        }
        m_readOnly = readOnly;
        return true;
    }

    Quarry::Database m_database;
    std::shared_ptr<SqlRunnerShared> m_shared;
    std::unique_ptr<QSqlQuery> m_query;
    QString m_identifiedConnection;
    int m_chunkSize = 256;
    std::optional<bool> m_readOnly;
};

SqlRunner::SqlRunner(const Quarry::Database &database, QObject *parent)
    : QObject(parent), m_database(database), m_shared(std::make_shared<SqlRunnerShared>()),
      m_control(std::make_unique<BackgroundWorker>())
{
    qRegisterMetaType<SqlOutcome>();
    m_executor = new SqlExecutor(database, m_shared);
    m_executor->moveToThread(&m_thread);
    m_thread.setObjectName(QStringLiteral("quarry-browser SQL console"));
    m_thread.start();
}

SqlRunner::~SqlRunner()
{
    if (m_busy)
        cancel();
    // The open result set must go before the thread's connection is closed at its end.
    SqlExecutor *executor = m_executor;
    QMetaObject::invokeMethod(executor, [executor] {
        executor->close();
        QThread::currentThread()->quit();
    });
    m_thread.wait();
    delete m_executor;
}

quint64 SqlRunner::execute(const QString &sql, bool readOnly, int chunkSize)
{
    const quint64 run = ++m_run;
    m_busy = true;
    m_shared->cancelRequested = false;
    SqlExecutor *executor = m_executor;
    QMetaObject::invokeMethod(executor, [this, executor, run, sql, readOnly, chunkSize] {
        const SqlOutcome outcome = executor->execute(run, sql, readOnly, chunkSize);
        QMetaObject::invokeMethod(this, [this, outcome] { deliver(outcome, false); });
    });
    return run;
}

void SqlRunner::fetchMore()
{
    const quint64 run = m_run;
    m_busy = true;
    SqlExecutor *executor = m_executor;
    QMetaObject::invokeMethod(executor, [this, executor, run] {
        const SqlOutcome outcome = executor->fetch(run);
        QMetaObject::invokeMethod(this, [this, outcome] { deliver(outcome, true); });
    });
}

void SqlRunner::deliver(const SqlOutcome &outcome, bool isFetch)
{
    if (outcome.run != m_run)
        return; // a newer run took over
    m_busy = false;
    if (isFetch)
        Q_EMIT fetched(outcome);
    else
        Q_EMIT executed(outcome);
}

void SqlRunner::cancel()
{
    if (!m_busy)
        return;
    m_shared->cancelRequested = true;
    if (m_database.backend() == Quarry::Database::Backend::SQLite) {
        void *handle = m_shared->sqliteHandle;
        if (SqliteInterrupt interrupt = sqliteInterrupt(); interrupt && handle)
            interrupt(handle);
        else
            qCWarning(lcSqlRunner) << "sqlite3_interrupt is not available";
    } else {
        sendServerCancel();
    }
    // A cancel that reached the database just before the statement started is lost:
    // repeat it while the same run is still busy.
    const quint64 run = m_run;
    QTimer::singleShot(700, this, [this, run] {
        if (m_busy && m_run == run && m_shared->cancelRequested)
            cancel();
    });
}

void SqlRunner::sendServerCancel()
{
    const qint64 id = m_shared->serverConnectionId;
    if (id < 0)
        return;
    const bool postgres = m_database.backend() == Quarry::Database::Backend::PostgreSQL;
    m_control->run(
        [database = m_database, postgres, id] {
            QSqlQuery query(database.connection());
            const bool ok = postgres
                                ? query.exec(QStringLiteral("SELECT pg_cancel_backend(%1)").arg(id))
                                : query.exec(QStringLiteral("KILL QUERY %1").arg(id));
            if (!ok)
                qCWarning(lcSqlRunner) << "cancel failed:" << query.lastError().text();
            return ok;
        },
        [](bool) {});
}

bool SqlRunner::isReadOnlyStatement(const QString &sql, QString *keyword)
{
    // Leading blanks, comments and parentheses, then the first word.
    static const QRegularExpression leading(
        QStringLiteral(R"(^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/|\()*([A-Za-z]*))"),
        QRegularExpression::DotMatchesEverythingOption);
    const QString word = leading.match(sql).captured(1).toUpper();
    if (keyword)
        *keyword = word;
    static const QStringList reading = {QStringLiteral("SELECT"),  QStringLiteral("WITH"),
                                        QStringLiteral("EXPLAIN"), QStringLiteral("PRAGMA"),
                                        QStringLiteral("SHOW"),    QStringLiteral("VALUES"),
                                        QStringLiteral("TABLE"),   QStringLiteral("DESCRIBE")};
    return reading.contains(word);
}

} // namespace QuarryBrowser
