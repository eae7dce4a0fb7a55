// A server that goes away under an open Database and Session: the next call reports
// Error::ConnectionError (no crash, no long hang), and once the server is back the same
// Database and the same Session work again, because a lost connection is reopened on its
// next use. Stops and starts the shared test servers: registered RUN_SERIAL.

#include "quarrytest.h"

#include <quarry/database.h>
#include <quarry/session.h>

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QtTest>

using namespace Quarry;

class Item : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "items")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
public:
    Q_INVOKABLE explicit Item(QObject *parent = nullptr) : QObject(parent) {}
    explicit Item(const QString &name) : m_name(name) {}
    qint64 m_id = 0;
    QString m_name;
signals:
    void changed();
};

namespace {

// How long a call may take to notice that the server is gone.
constexpr qint64 maximumWaitMs = 10000;

// The environment variable holding the command that stops or starts the current row's
// server (tests/servers/with-servers.sh sets them).
QByteArray controlVariable(const char *action)
{
    const bool postgres = qstrcmp(QTest::currentDataTag(), "postgresql") == 0;
    return QByteArray("QUARRY_TEST_") + (postgres ? "POSTGRESQL_" : "MARIADB_") + action;
}

bool isSqlite(const QString &url)
{
    return url.startsWith(QLatin1String("sqlite:"));
}

} // namespace

class tst_ConnectionLoss : public QObject {
    Q_OBJECT

private:
    static void addBackends()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }

private slots:
    void shouldReportTheLossAndRecoverWhenTheServerReturns_data() { addBackends(); }
    void shouldReportTheLossAndRecoverWhenTheServerReturns();
    void shouldFailACommitAndKeepItsObjectsPending_data() { addBackends(); }
    void shouldFailACommitAndKeepItsObjectsPending();
};

void tst_ConnectionLoss::shouldReportTheLossAndRecoverWhenTheServerReturns()
{
    // Given a database and a session that have both talked to the server
    QUARRY_FRESH_URL(databaseUrl);
    if (isSqlite(url))
        QSKIP("SQLite is embedded: there is no server whose connection could be lost");
    Database db = Database::open(databaseUrl);
    QUARRY_VERIFY(db.isValid(), db);
    QUARRY_VERIFY(db.registerEntity<Item>(), db);
    QUARRY_VERIFY(db.createAll(), db);
    Session session(db);
    QUARRY_VERIFY(session.add(new Item(QStringLiteral("before"))), session);
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(session.query<Item>().count(), qint64(1));
    QUARRY_VERIFY(db.execute(QStringLiteral("SELECT 1")), db);

    // When the server stops
    // (the guard starts the server again however the test ends, so that a failure here
    // does not take the following tests down with it)
    auto restart = qScopeGuard([] { QuarryTest::runShell(controlVariable("START")); });
    QUARRY_RUN_SHELL(controlVariable("STOP"));

    // Then the session's next query reports a lost connection, quickly
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(session.query<Item>().count(), qint64(-1));
    QCOMPARE(session.lastError().kind(), Error::ConnectionError);
    QVERIFY(!session.lastError().message().isEmpty());
    QVERIFY2(timer.elapsed() < maximumWaitMs, qPrintable(QString::number(timer.elapsed())));

    // And so do the session's raw SQL and the database's own connection
    timer.restart();
    bool ok = true;
    session.execute(QStringLiteral("SELECT 1"), {}, &ok);
    QVERIFY(!ok);
    QCOMPARE(session.lastError().kind(), Error::ConnectionError);
    QVERIFY(!db.execute(QStringLiteral("SELECT 1")));
    QCOMPARE(db.lastError().kind(), Error::ConnectionError);
    QVERIFY2(timer.elapsed() < maximumWaitMs, qPrintable(QString::number(timer.elapsed())));

    // And a new database cannot open at all
    QVERIFY(!Database::open(databaseUrl).isValid());

    // When the server is back
    restart.dismiss();
    QUARRY_RUN_SHELL(controlVariable("START"));

    // Then the same session queries and commits again
    QCOMPARE(session.query<Item>().count(), qint64(1));
    QUARRY_VERIFY(session.add(new Item(QStringLiteral("after"))), session);
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(session.query<Item>().count(), qint64(2));

    // And the database's default connection works again
    QUARRY_VERIFY(
        db.execute(QStringLiteral("INSERT INTO items (name) VALUES (?)"), {QStringLiteral("raw")}),
        db);
    Session reader(db);
    QCOMPARE(reader.query<Item>().count(), qint64(3));
}

void tst_ConnectionLoss::shouldFailACommitAndKeepItsObjectsPending()
{
    // Given a session with a committed object and pending changes
    QUARRY_FRESH_URL(databaseUrl);
    if (isSqlite(url))
        QSKIP("SQLite is embedded: there is no server whose connection could be lost");
    Database db = Database::open(databaseUrl);
    QUARRY_VERIFY(db.isValid(), db);
    QUARRY_VERIFY(db.registerEntity<Item>(), db);
    QUARRY_VERIFY(db.createAll(), db);
    Session session(db);
    auto *kept = new Item(QStringLiteral("kept"));
    QUARRY_VERIFY(session.add(kept), session);
    QUARRY_VERIFY(session.commit(), session);
    kept->setProperty("name", QStringLiteral("renamed")); // through NOTIFY: marks it dirty
    auto *added = new Item(QStringLiteral("added"));
    QUARRY_VERIFY(session.add(added), session);

    // When the server stops and the session commits
    // (the guard starts the server again however the test ends, so that a failure here
    // does not take the following tests down with it)
    auto restart = qScopeGuard([] { QuarryTest::runShell(controlVariable("START")); });
    QUARRY_RUN_SHELL(controlVariable("STOP"));
    QElapsedTimer timer;
    timer.start();
    const bool committed = session.commit();

    // Then the commit fails as a lost connection, quickly, and nothing is lost
    QVERIFY(!committed);
    QCOMPARE(session.lastError().kind(), Error::ConnectionError);
    QVERIFY2(timer.elapsed() < maximumWaitMs, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(session.isDirty(kept));
    QVERIFY(session.isDirty(added));
    QCOMPARE(added->m_id, qint64(0));
    QVERIFY(!session.inTransaction());

    // When the server is back and the session commits again
    restart.dismiss();
    QUARRY_RUN_SHELL(controlVariable("START"));
    QUARRY_VERIFY(session.commit(), session);

    // Then both changes are in the database
    QVERIFY(added->m_id > 0);
    Session reader(db);
    Item *storedKept = reader.get<Item>(kept->m_id);
    QUARRY_VERIFY(storedKept, reader);
    QCOMPARE(storedKept->m_name, QStringLiteral("renamed"));
    QUARRY_VERIFY(reader.get<Item>(added->m_id), reader);
}

QTEST_GUILESS_MAIN(tst_ConnectionLoss)
#include "tst_connectionloss.moc"
