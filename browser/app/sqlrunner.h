#pragma once

#include <quarry/database.h>

#include <QList>
#include <QObject>
#include <QSqlError>
#include <QStringList>
#include <QThread>
#include <QVariantList>

#include <memory>

namespace QuarryBrowser {

class BackgroundWorker;
class SqlExecutor;
struct SqlRunnerShared;

// What one statement (or one more chunk of its rows) produced.
struct SqlOutcome {
    quint64 run = 0; // which execute() this belongs to
    bool ok = false;
    bool cancelled = false;
    bool isSelect = false;
    QStringList columns;      // execute() of a SELECT only
    QList<QVariantList> rows; // the next chunk
    bool atEnd = true;        // no more rows to fetch
    qint64 rowsAffected = -1; // statements that are not SELECTs
    qint64 elapsedMs = 0;
    QString errorText;    // the database's message
    int errorOffset = -1; // SQLite: where in the statement (sqlite3_error_offset)
    QSqlError sqlError;
};

// Runs the console's statements on a thread of its own, with that thread's own connection
// (Quarry::Database hands one to each thread), and keeps a SELECT's forward-only
// QSqlQuery open there so rows can be fetched in chunks as the view scrolls. The UI never
// waits: results come back through executed() and fetched().
//
// cancel() interrupts the running statement from outside its thread: sqlite3_interrupt()
// on the worker connection's handle (resolved at run time from the libsqlite3 the Qt
// driver already loaded, so no SQLite headers or dev package are needed), or
// pg_cancel_backend(pid) / KILL QUERY id sent over a second connection on a control
// thread for PostgreSQL and MariaDB.
class SqlRunner : public QObject {
    Q_OBJECT
public:
    explicit SqlRunner(const Quarry::Database &database, QObject *parent = nullptr);
    ~SqlRunner() override;

    // Runs one statement. In read-only mode the worker connection itself is switched to
    // read-only first (PRAGMA query_only / SET SESSION ... READ ONLY), so even a statement
    // that slips past the keyword check cannot write. Returns the run's number.
    quint64 execute(const QString &sql, bool readOnly, int chunkSize = 256);
    // The next chunk of the current SELECT; fetched() delivers it.
    void fetchMore();
    void cancel();
    bool isBusy() const { return m_busy; }
    quint64 currentRun() const { return m_run; }

    // True for statements that only read (first keyword SELECT, WITH, EXPLAIN, PRAGMA,
    // SHOW, VALUES or TABLE, after comments); *keyword gets the first keyword.
    static bool isReadOnlyStatement(const QString &sql, QString *keyword = nullptr);

Q_SIGNALS:
    void executed(const QuarryBrowser::SqlOutcome &outcome);
    void fetched(const QuarryBrowser::SqlOutcome &outcome);

private:
    void deliver(const SqlOutcome &outcome, bool isFetch);
    void sendServerCancel();

    Quarry::Database m_database;
    std::shared_ptr<SqlRunnerShared> m_shared;
    QThread m_thread;
    SqlExecutor *m_executor = nullptr;           // lives in m_thread
    std::unique_ptr<BackgroundWorker> m_control; // sends server-side cancels
    quint64 m_run = 0;
    bool m_busy = false;
};

} // namespace QuarryBrowser

Q_DECLARE_METATYPE(QuarryBrowser::SqlOutcome)
