#pragma once

// Header-only helpers for Quarry's Qt Test suites: rows per backend, an empty database
// per test, server stop/start for connection-loss tests. Uses only QtCore/QtSql/QtTest
// (no Quarry headers), so it also works while the library does not build.
//
// Typical use:
//
//   void tst_Session::commit_data()
//   {
//       QuarryTest::addBackendColumn();          // QString column "url"
//       QuarryTest::addBackendRows();            // rows "sqlite", "postgresql", "mariadb"
//   }
//   void tst_Session::commit()
//   {
//       QUARRY_FRESH_URL(url);                   // QFETCH + empty database, or fail
//       auto db = Quarry::Database::open(url);
//       QUARRY_VERIFY(db.isValid(), db);         // on failure prints db.lastError()
//       ...
//   }
//
// With more data columns, pass the extra values after the suffix; they are streamed
// after the url, so their types must match the columns exactly (QString, not "text"):
//
//   QuarryTest::addBackendColumn();
//   QTest::addColumn<int>("count");
//   for (int n : {0, 1, 1000})
//       QuarryTest::addBackendRows(qPrintable(QString("/%1").arg(n)), n);  // "sqlite/1000"
//
// Which backends run (environment):
//   QUARRY_TEST_POSTGRESQL_URL   postgresql://user:password@host:port/dbname
//   QUARRY_TEST_MARIADB_URL      mysql://user:password@host:port/dbname (mariadb:// too)
//   QUARRY_TEST_BACKENDS         comma list restricting the rows, e.g. "sqlite" or
//                                "sqlite,postgresql" ("mysql" is an alias of "mariadb")
//   QUARRY_TEST_REQUIRE_ALL_BACKENDS=1
//                                a missing server URL is a test FAILURE instead of a
//                                warning (CI sets this)
// tests/servers/with-servers.sh sets the URLs (and the *_STOP/*_START commands).
//
// Missing server URL, the chosen mechanism:
//   - always: one loud qWarning per backend and process,
//     "QUARRY: PostgreSQL tests NOT RUN: QUARRY_TEST_POSTGRESQL_URL is not set";
//   - without QUARRY_TEST_REQUIRE_ALL_BACKENDS: the row is left out (the test passes on
//     the backends it has);
//   - with QUARRY_TEST_REQUIRE_ALL_BACKENDS=1: the row is added with an EMPTY url, and
//     QUARRY_FRESH_URL / QUARRY_REQUIRE_URL / QuarryTest::freshUrl() fail that row with
//     the same message. Tests that read the url column must go through one of these
//     (every test wants an empty database anyway).
//
// Databases: freshUrl() gives each call an empty database. For SQLite that is a new file
// in a temp dir that lives as long as the process. For a server, each test PROCESS gets
// its own database, "<dbname>_<test program name>" (e.g. quarry_test_tst_session),
// created on first use (ctest -j runs test programs concurrently, and one program
// dropping the tables of another would make both flaky); every call then drops all of
// its tables. If the server refuses CREATE DATABASE, the URL's own database is used
// (with a warning), which is only safe when test programs run one at a time.
//
// Server stop/start: QuarryTest::runShell("QUARRY_TEST_POSTGRESQL_STOP") etc. Stopping a
// server affects every test program using it, so a test that does this must be
// registered with RUN_SERIAL (quarry_add_test(NAME RUN_SERIAL sources...)).

#include <QtCore/QAtomicInteger>
#include <QtCore/QByteArray>
#include <QtCore/QCoreApplication>
#include <QtCore/QDebug>
#include <QtCore/QDir>
#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QMutex>
#include <QtCore/QProcess>
#include <QtCore/QSet>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QTemporaryDir>
#include <QtCore/QUrl>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>
#include <QtTest/QTest>

#include <utility>

// Fails the current test function (and returns from it) with
// "'<call>' returned FALSE: <object.lastError().toString()>". `call` may be anything
// testable as a condition (bool, pointer, std::optional); it is evaluated once, and the
// error only on failure. `object` is anything with lastError().toString() (Quarry's
// Database, Session, Query, ...); for QSqlQuery/QSqlDatabase use QUARRY_VERIFY_SQL.
#define QUARRY_VERIFY(call, object)                                                           \
    do {                                                                                      \
        if (!(call)) {                                                                        \
            QFAIL(qPrintable(QStringLiteral("'%1' returned FALSE: %2")                        \
                                 .arg(QString::fromUtf8(#call),                               \
                                      (object).lastError().toString())));                     \
        }                                                                                     \
    } while (false)

// The same for raw QtSql objects (QSqlQuery, QSqlDatabase), whose QSqlError has text().
#define QUARRY_VERIFY_SQL(call, object)                                                       \
    do {                                                                                      \
        if (!(call)) {                                                                        \
            QFAIL(qPrintable(QStringLiteral("'%1' returned FALSE: %2")                        \
                                 .arg(QString::fromUtf8(#call),                               \
                                      (object).lastError().text())));                         \
        }                                                                                     \
    } while (false)

// Fails the current row if `url` is empty, i.e. its server URL was not set while
// QUARRY_TEST_REQUIRE_ALL_BACKENDS=1 (see above).
#define QUARRY_REQUIRE_URL(url)                                                               \
    do {                                                                                      \
        if ((url).isEmpty())                                                                  \
            QFAIL(qPrintable(QuarryTest::missingUrlMessage()));                               \
    } while (false)

// QFETCH(QString, url) + QUARRY_REQUIRE_URL + freshUrl(): declares `const QString var`
// holding the URL of an empty database, or fails the row saying why.
#define QUARRY_FRESH_URL(var)                                                                 \
    QFETCH(QString, url);                                                                     \
    QUARRY_REQUIRE_URL(url);                                                                  \
    const QString var = QuarryTest::freshUrl(url);                                            \
    do {                                                                                      \
        if (var.isEmpty())                                                                    \
            QFAIL(qPrintable(QuarryTest::lastFreshUrlError()));                               \
    } while (false)

// Runs the shell command in environment variable `envVar` (e.g. QUARRY_TEST_MARIADB_STOP)
// or fails the test function, returning from it.
#define QUARRY_RUN_SHELL(envVar)                                                              \
    do {                                                                                      \
        if (!QuarryTest::runShell(envVar, __FILE__, __LINE__))                                \
            return;                                                                           \
    } while (false)

namespace QuarryTest {

struct Backend {
    QString name;   // "sqlite", "postgresql", "mariadb"
    QString url;    // empty: server URL missing under QUARRY_TEST_REQUIRE_ALL_BACKENDS=1
};

namespace detail {

inline QString &lastError()
{
    static thread_local QString error;
    return error;
}

// The directory for SQLite files: one per process, removed at exit.
inline QTemporaryDir &tempDir()
{
    static QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/quarrytest-XXXXXX"));
    return dir;
}

inline int nextId()
{
    static QAtomicInteger<int> counter(0);
    return ++counter;
}

struct ServerInfo {
    const char *name;    // row name
    const char *pretty;  // for messages
    const char *envVar;  // URL variable
};

inline const ServerInfo *servers(int *count)
{
    static const ServerInfo list[] = {
        {"postgresql", "PostgreSQL", "QUARRY_TEST_POSTGRESQL_URL"},
        {"mariadb", "MariaDB", "QUARRY_TEST_MARIADB_URL"},
    };
    *count = 2;
    return list;
}

inline QString missingMessage(const ServerInfo &server)
{
    return QStringLiteral("QUARRY: %1 tests NOT RUN: %2 is not set")
        .arg(QLatin1String(server.pretty), QLatin1String(server.envVar));
}

// Warns once per backend and process, however many data functions ask.
inline void warnMissing(const ServerInfo &server)
{
    static QMutex mutex;
    static QSet<QString> warned;
    QMutexLocker locker(&mutex);
    if (warned.contains(QLatin1String(server.name)))
        return;
    warned.insert(QLatin1String(server.name));
    qWarning().noquote() << missingMessage(server);
}

inline QString sqliteUrl()
{
    if (!tempDir().isValid()) {
        qWarning().noquote() << "QUARRY: cannot create a temporary directory:"
                             << tempDir().errorString();
        return {};
    }
    // "sqlite:///" + "/abs/path" = "sqlite:////abs/path", an absolute path (SQLAlchemy's
    // convention, and Quarry's).
    return QStringLiteral("sqlite:///") + tempDir().path() +
           QStringLiteral("/test-%1.db").arg(nextId());
}

inline bool isSqlite(const QString &url)
{
    return url.startsWith(QLatin1String("sqlite:"), Qt::CaseInsensitive);
}

// Executes `sql` on `db`; on failure records the error and returns false.
inline bool exec(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    lastError() = QStringLiteral("QUARRY: freshUrl: '%1' failed: %2")
                      .arg(sql, query.lastError().text());
    return false;
}

// Lower-case [a-z0-9_] only, so it needs no quoting anywhere.
inline QString sanitizedName(const QString &name)
{
    QString out;
    for (QChar c : name.toLower())
        out += (c.isLetterOrNumber() && c.unicode() < 128) ? c : QLatin1Char('_');
    return out;
}

inline QString quoteIdentifier(const QString &name, QChar quote)
{
    QString doubled = name;
    doubled.replace(quote, QString(quote) + quote);
    return quote + doubled + quote;
}

// The per-process database name for base database `base`. QUARRY_TEST_DATABASE_SUFFIX
// tells apart two runs of one program that ctest may run at once (the *_qtsql_servers
// variants).
inline QString processDatabaseName(const QString &base)
{
    QString program = QCoreApplication::instance() ? QCoreApplication::applicationName()
                                                   : QString();
    if (program.isEmpty())
        program = QStringLiteral("pid%1").arg(QCoreApplication::applicationPid());
    program += qEnvironmentVariable("QUARRY_TEST_DATABASE_SUFFIX");
    // 63 bytes is PostgreSQL's identifier limit (MariaDB's is 64).
    return sanitizedName(base + QLatin1Char('_') + program).left(63);
}

// Drops everything in the database `db` is connected to.
inline bool dropAll(QSqlDatabase &db, bool postgres)
{
    if (postgres) {
        // lock_timeout: a connection left in a transaction (say by a previous test that
        // failed) would otherwise make DROP wait forever; fail loudly instead.
        // client_min_messages: no "drop cascades to table ..." NOTICE noise in test logs.
        return exec(db, QStringLiteral("SET client_min_messages = warning")) &&
               exec(db, QStringLiteral("SET lock_timeout = '20s'")) &&
               exec(db, QStringLiteral("DROP SCHEMA IF EXISTS public CASCADE")) &&
               exec(db, QStringLiteral("CREATE SCHEMA public"));
    }
    if (!exec(db, QStringLiteral("SET SESSION lock_wait_timeout = 20")) ||
        !exec(db, QStringLiteral("SET FOREIGN_KEY_CHECKS = 0")))
        return false;
    QList<std::pair<QString, QString>> objects; // (name, table_type)
    {
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("SELECT table_name, table_type FROM "
                                       "information_schema.tables "
                                       "WHERE table_schema = DATABASE()"))) {
            lastError() = QStringLiteral("QUARRY: freshUrl: listing tables failed: %1")
                              .arg(query.lastError().text());
            return false;
        }
        while (query.next())
            objects.append({query.value(0).toString(), query.value(1).toString()});
    }
    for (const auto &object : std::as_const(objects)) {
        const QString name = quoteIdentifier(object.first, QLatin1Char('`'));
        QString kind = QStringLiteral("TABLE");
        if (object.second == QLatin1String("VIEW"))
            kind = QStringLiteral("VIEW");
        else if (object.second == QLatin1String("SEQUENCE"))
            kind = QStringLiteral("SEQUENCE");
        if (!exec(db, QStringLiteral("DROP %1 IF EXISTS %2").arg(kind, name)))
            return false;
    }
    return exec(db, QStringLiteral("SET FOREIGN_KEY_CHECKS = 1"));
}

// Makes sure the per-process database exists (once per process and base URL); returns
// the database name to use, or an empty string on a hard failure.
inline QString ensureProcessDatabase(QSqlDatabase &db, bool postgres, const QString &base)
{
    static QMutex mutex;
    static QHash<QString, QString> ready; // base connection key -> database name
    QMutexLocker locker(&mutex);
    const QString key = db.driverName() + db.hostName() + QString::number(db.port()) + base;
    if (ready.contains(key))
        return ready.value(key);

    const QString name = processDatabaseName(base);
    bool exists = false;
    {
        QSqlQuery query(db);
        query.prepare(postgres ? QStringLiteral("SELECT 1 FROM pg_database WHERE datname = ?")
                               : QStringLiteral("SELECT 1 FROM information_schema.schemata "
                                                "WHERE schema_name = ?"));
        query.addBindValue(name);
        if (query.exec() && query.next())
            exists = true;
    }
    QString chosen = name;
    if (!exists) {
        const QString sql =
            postgres ? QStringLiteral("CREATE DATABASE %1 ENCODING 'UTF8' TEMPLATE template0")
                           .arg(quoteIdentifier(name, QLatin1Char('"')))
                     : QStringLiteral("CREATE DATABASE IF NOT EXISTS %1 "
                                      "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
                           .arg(quoteIdentifier(name, QLatin1Char('`')));
        QSqlQuery query(db);
        if (!query.exec(sql)) {
            qWarning().noquote()
                << QStringLiteral("QUARRY: cannot create per-process database %1 (%2); "
                                  "using %3 itself: do not run test programs in parallel")
                       .arg(name, query.lastError().text(), base);
            chosen = base;
        }
    }
    ready.insert(key, chosen);
    return chosen;
}

} // namespace detail

// The text QUARRY_REQUIRE_URL fails with, naming the current row's backend.
inline QString missingUrlMessage()
{
    const QString tag = QString::fromUtf8(QTest::currentDataTag());
    int count = 0;
    const detail::ServerInfo *servers = detail::servers(&count);
    for (int i = 0; i < count; ++i) {
        if (tag.startsWith(QLatin1String(servers[i].name)))
            return detail::missingMessage(servers[i]);
    }
    return QStringLiteral("QUARRY: no URL for this row (%1)").arg(tag);
}

// Is `backend` ("sqlite", "postgresql", "mariadb") selected by QUARRY_TEST_BACKENDS?
inline bool backendEnabled(const QString &backend)
{
    const QString list = qEnvironmentVariable("QUARRY_TEST_BACKENDS").trimmed();
    if (list.isEmpty())
        return true;
    for (QString item : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        item = item.trimmed().toLower();
        if (item == QLatin1String("mysql"))
            item = QStringLiteral("mariadb");
        if (item == backend)
            return true;
    }
    return false;
}

inline bool requireAllBackends()
{
    return qEnvironmentVariableIntValue("QUARRY_TEST_REQUIRE_ALL_BACKENDS") != 0;
}

// The backends to run, with their URLs (a fresh SQLite file for "sqlite"). Warns about
// missing server URLs; see the top of this file.
inline QList<Backend> backends()
{
    QList<Backend> result;
    if (backendEnabled(QStringLiteral("sqlite")))
        result.append({QStringLiteral("sqlite"), detail::sqliteUrl()});
    int count = 0;
    const detail::ServerInfo *servers = detail::servers(&count);
    for (int i = 0; i < count; ++i) {
        const detail::ServerInfo &server = servers[i];
        if (!backendEnabled(QLatin1String(server.name)))
            continue;
        const QString url = qEnvironmentVariable(server.envVar);
        if (url.isEmpty()) {
            detail::warnMissing(server);
            if (!requireAllBackends())
                continue;
        }
        result.append({QLatin1String(server.name), url});
    }
    return result;
}

// Adds the QString column "url".
inline void addBackendColumn()
{
    QTest::addColumn<QString>("url");
}

// Adds one row per backend, named "<backend><suffix>", holding the url and then `extra`
// (for further columns; exact column types).
template<typename... Extra>
void addBackendRows(const char *suffix = "", const Extra &...extra)
{
    for (const Backend &backend : backends()) {
        QTestData &row = QTest::newRow(qPrintable(backend.name + QString::fromUtf8(suffix)));
        row << backend.url;
        if constexpr (sizeof...(extra) > 0)
            (row << ... << extra);
    }
}

// Why the last freshUrl() call in this thread returned an empty string.
inline QString lastFreshUrlError()
{
    return detail::lastError();
}

// Adds (does not open) a raw QtSql connection for a Quarry-style URL, e.g. to inspect
// what Quarry wrote. Remove it with QSqlDatabase::removeDatabase(connectionName) after
// every QSqlDatabase/QSqlQuery copy of it is gone. Returns an invalid QSqlDatabase for an
// unknown scheme.
inline QSqlDatabase addRawDatabase(const QString &url, const QString &connectionName)
{
    if (detail::isSqlite(url)) {
        // sqlite:///relative.db, sqlite:////absolute.db, sqlite:// (memory)
        QString path = url.mid(url.indexOf(QLatin1Char(':')) + 1);
        if (path.startsWith(QLatin1String("///")))
            path = path.mid(3);
        else if (path.startsWith(QLatin1String("//")))
            path = path.mid(2);
        const int query = path.indexOf(QLatin1Char('?'));
        if (query >= 0)
            path.truncate(query);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(path.isEmpty() ? QStringLiteral(":memory:") : path);
        return db;
    }
    const QUrl parsed(url);
    const QString scheme = parsed.scheme().toLower();
    QString driver;
    if (scheme == QLatin1String("postgresql") || scheme == QLatin1String("postgres"))
        driver = QStringLiteral("QPSQL");
    else if (scheme == QLatin1String("mysql") || scheme == QLatin1String("mariadb"))
        driver = QStringLiteral("QMYSQL");
    else
        return {};
    QSqlDatabase db = QSqlDatabase::addDatabase(driver, connectionName);
    db.setHostName(parsed.host());
    if (parsed.port() > 0)
        db.setPort(parsed.port());
    db.setUserName(parsed.userName());
    db.setPassword(parsed.password());
    db.setDatabaseName(parsed.path().mid(1));
    return db;
}

// Returns the URL of an EMPTY database (see the top of this file), or an empty string
// with the reason in lastFreshUrlError() (also printed as a warning). An empty `url`
// (server URL missing under QUARRY_TEST_REQUIRE_ALL_BACKENDS=1) gives an empty string.
inline QString freshUrl(const QString &url)
{
    detail::lastError().clear();
    if (url.isEmpty()) {
        detail::lastError() = missingUrlMessage();
        return {};
    }
    if (detail::isSqlite(url)) {
        const QString fresh = detail::sqliteUrl();
        if (fresh.isEmpty())
            detail::lastError() = QStringLiteral("QUARRY: freshUrl: no temporary directory");
        return fresh;
    }

    QUrl result(url);
    const bool postgres = result.scheme().startsWith(QLatin1String("postgres"));
    const QString connectionName =
        QStringLiteral("quarrytest-fresh-%1").arg(detail::nextId());
    bool ok = false;
    {
        QSqlDatabase db = addRawDatabase(url, connectionName);
        if (!db.isValid()) {
            detail::lastError() =
                QStringLiteral("QUARRY: freshUrl: no Qt SQL driver for '%1' (%2)")
                    .arg(url, QSqlDatabase::drivers().join(QLatin1Char(' ')));
        } else if (!db.open()) {
            detail::lastError() = QStringLiteral("QUARRY: freshUrl: cannot connect to %1: %2")
                                      .arg(result.toString(QUrl::RemovePassword),
                                           db.lastError().text());
        } else {
            const QString base = result.path().mid(1);
            const QString name = detail::ensureProcessDatabase(db, postgres, base);
            if (name != base) {
                // Reconnect to the per-process database and empty it there.
                db.close();
                db.setDatabaseName(name);
                if (!db.open()) {
                    detail::lastError() =
                        QStringLiteral("QUARRY: freshUrl: cannot connect to database %1: %2")
                            .arg(name, db.lastError().text());
                }
                result.setPath(QLatin1Char('/') + name);
            }
            ok = db.isOpen() && detail::dropAll(db, postgres);
            db.close();
        }
    } // every QSqlDatabase/QSqlQuery copy is gone here, so removing it leaves nothing open
    QSqlDatabase::removeDatabase(connectionName);
    if (!ok) {
        qWarning().noquote() << detail::lastError();
        return {};
    }
    return result.toString();
}

// Runs the shell command held by environment variable `envVarName` (e.g.
// QUARRY_TEST_POSTGRESQL_STOP) with `bash -c`, its output going to the test's output.
// On failure (unset variable, non-zero exit, timeout) records a test failure at the
// caller's line and returns false: `if (!QuarryTest::runShell("...")) return;`, or use
// QUARRY_RUN_SHELL(...) which returns for you.
inline bool runShell(const QByteArray &envVarName,
#if defined(__GNUC__) || defined(__clang__)
                     const char *file = __builtin_FILE(), int line = __builtin_LINE())
#else
                     const char *file = __FILE__, int line = __LINE__)
#endif
{
    const QString command = qEnvironmentVariable(envVarName.constData());
    QString failure;
    if (command.isEmpty()) {
        failure = QStringLiteral("QUARRY: %1 is not set (run the tests through "
                                 "tests/servers/with-servers.sh)")
                      .arg(QString::fromLatin1(envVarName));
    } else {
        QProcess process;
        process.setProcessChannelMode(QProcess::ForwardedChannels);
        process.setInputChannelMode(QProcess::ForwardedInputChannel);
        process.start(QStringLiteral("bash"), {QStringLiteral("-c"), command});
        if (!process.waitForStarted(30000)) {
            failure = QStringLiteral("QUARRY: cannot run bash for %1: %2")
                          .arg(QString::fromLatin1(envVarName), process.errorString());
        } else if (!process.waitForFinished(180000)) {
            process.kill();
            process.waitForFinished(5000);
            failure = QStringLiteral("QUARRY: %1 timed out: %2")
                          .arg(QString::fromLatin1(envVarName), command);
        } else if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
            failure = QStringLiteral("QUARRY: %1 failed (exit code %2): %3")
                          .arg(QString::fromLatin1(envVarName))
                          .arg(process.exitCode())
                          .arg(command);
        }
    }
    if (failure.isEmpty())
        return true;
    QTest::qFail(qPrintable(failure), file, line);
    return false;
}

} // namespace QuarryTest
