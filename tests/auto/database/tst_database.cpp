// Database: URLs, connection options, per-thread connections, wrapping QSqlDatabase.

#include "quarrytest.h"

#include <quarry/session.h>

#include <QtTest>

class Note : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "notes")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString text MEMBER m_text NOTIFY changed)
public:
    Q_INVOKABLE explicit Note(QObject *parent = nullptr) : QObject(parent) {}
    explicit Note(const QString &text) : m_text(text) {}
    qint64 m_id = 0;
    QString m_text;
Q_SIGNALS:
    void changed();
};

class tst_Database : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sqliteUrls_data();
    void sqliteUrls();
    void inMemoryDatabaseIsSharedByConnections();
    void badUrlsGiveTypedErrors_data();
    void badUrlsGiveTypedErrors();
    void urlHidesThePassword();
    void queryOptionsReachTheDriver();
    void eachThreadGetsItsOwnConnection_data();
    void eachThreadGetsItsOwnConnection();
    void wrapsAnExistingConnection();
    void copiesShareTheRegistry();
};

void tst_Database::sqliteUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expectedFile"); // relative to the temp dir

    QTest::addRow("relative") << QStringLiteral("sqlite:///relative.db") << QStringLiteral("relative.db");
    QTest::addRow("relative in folder") << QStringLiteral("sqlite:///sub/inner.db")
                                        << QStringLiteral("sub/inner.db");
    QTest::addRow("absolute") << QStringLiteral("sqlite:////%1/absolute.db") << QStringLiteral("absolute.db");
}

void tst_Database::sqliteUrls()
{
    QFETCH(QString, url);
    QFETCH(QString, expectedFile);
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("sub")));
    const QString previous = QDir::currentPath();
    QDir::setCurrent(dir.path());
    auto restore = qScopeGuard([&] { QDir::setCurrent(previous); });
    if (url.contains(QLatin1String("%1")))
        url = url.arg(dir.path().mid(1)); // sqlite:////tmp/x/absolute.db

    {
        Quarry::Database db = Quarry::Database::open(url);
        QUARRY_VERIFY(db.isValid(), db);
        QCOMPARE(db.backend(), Quarry::Database::Backend::SQLite);
        QUARRY_VERIFY(db.execute(QStringLiteral("CREATE TABLE t (x INTEGER)")), db);
    }
    QVERIFY2(QFile::exists(dir.filePath(expectedFile)), qPrintable(dir.filePath(expectedFile)));
}

void tst_Database::inMemoryDatabaseIsSharedByConnections()
{
    // Every session has a connection of its own; "sqlite://" must still be one database.
    Quarry::Database db = Quarry::Database::open(QStringLiteral("sqlite://"));
    QUARRY_VERIFY(db.isValid(), db);
    QVERIFY(db.registerEntity<Note>());
    QUARRY_VERIFY(db.createAll(), db);
    Quarry::Session writer(db);
    writer.add(new Note(QStringLiteral("hello")));
    QUARRY_VERIFY(writer.commit(), writer);
    Quarry::Session reader(db);
    QCOMPARE(reader.query<Note>().count(), qint64(1));

    // Two in-memory databases are two databases.
    Quarry::Database other = Quarry::Database::open(QStringLiteral("sqlite://"));
    QVERIFY(other.registerEntity<Note>());
    QUARRY_VERIFY(other.createAll(), other);
    Quarry::Session otherSession(other);
    QCOMPARE(otherSession.query<Note>().count(), qint64(0));
}

void tst_Database::badUrlsGiveTypedErrors_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<Quarry::Error::Kind>("kind");
    QTest::addRow("no scheme") << QStringLiteral("just-a-file.db") << Quarry::Error::InvalidQuery;
    QTest::addRow("sqlite one slash") << QStringLiteral("sqlite:/x.db") << Quarry::Error::InvalidQuery;
    QTest::addRow("sqlite with host") << QStringLiteral("sqlite://host/x.db") << Quarry::Error::InvalidQuery;
    QTest::addRow("unknown scheme") << QStringLiteral("oracle://u@h/db") << Quarry::Error::Unsupported;
    QTest::addRow("postgresql no host") << QStringLiteral("postgresql:///db") << Quarry::Error::InvalidQuery;
    QTest::addRow("postgresql no database") << QStringLiteral("postgresql://u@127.0.0.1:5432")
                                            << Quarry::Error::InvalidQuery;
    QTest::addRow("postgresql unreachable") << QStringLiteral("postgresql://u:p@127.0.0.1:1/db")
                                            << Quarry::Error::ConnectionError;
    QTest::addRow("mysql unreachable") << QStringLiteral("mysql://u:p@127.0.0.1:1/db")
                                       << Quarry::Error::ConnectionError;
    QTest::addRow("sqlite missing folder") << QStringLiteral("sqlite:////nonexistent-dir/x.db")
                                           << Quarry::Error::ConnectionError;
}

void tst_Database::badUrlsGiveTypedErrors()
{
    QFETCH(QString, url);
    QFETCH(Quarry::Error::Kind, kind);
    QElapsedTimer timer;
    timer.start();
    Quarry::Database db = Quarry::Database::open(url);
    QVERIFY(!db.isValid());
    QCOMPARE(db.lastError().kind(), kind);
    QVERIFY(!db.lastError().message().isEmpty());
    QVERIFY(timer.elapsed() < 10000);
    // Nothing works on it, and nothing crashes.
    QVERIFY(!db.execute(QStringLiteral("SELECT 1")));
    QVERIFY(!db.createAll());
    Quarry::Session session(db);
    QVERIFY(!session.commit() || !session.hasPendingChanges());
    QCOMPARE(session.query<Note>().count(), qint64(-1));
}

void tst_Database::urlHidesThePassword()
{
    Quarry::Database db = Quarry::Database::open(QStringLiteral("postgresql://alice:s3cret@127.0.0.1:1/db"));
    QVERIFY(!db.url().contains(QLatin1String("s3cret")));
    QVERIFY(db.url().contains(QLatin1String("alice")));
}

void tst_Database::queryOptionsReachTheDriver()
{
    // PostgreSQL reports the application name it was given in the URL's query.
    QString url = qEnvironmentVariable("QUARRY_TEST_POSTGRESQL_URL");
    if (url.isEmpty()) {
        if (QuarryTest::requireAllBackends())
            QFAIL("QUARRY_TEST_POSTGRESQL_URL is not set");
        QSKIP("QUARRY_TEST_POSTGRESQL_URL is not set");
    }
    Quarry::Database db = Quarry::Database::open(url + QStringLiteral("?application_name=quarry_options_test"));
    QUARRY_VERIFY(db.isValid(), db);
    QSqlQuery query(db.connection());
    QVERIFY(query.exec(QStringLiteral("SELECT current_setting('application_name')")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("quarry_options_test"));
}

void tst_Database::eachThreadGetsItsOwnConnection_data()
{
    QuarryTest::addBackendColumn();
    QuarryTest::addBackendRows();
}

void tst_Database::eachThreadGetsItsOwnConnection()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(db.isValid(), db);
    QVERIFY(db.registerEntity<Note>());
    QUARRY_VERIFY(db.createAll(), db);
    const QString mainConnection = db.connection().connectionName();
    const QStringList before = QSqlDatabase::connectionNames();

    // Given four threads sharing one Database handle, each writing through a session...
    constexpr int threads = 4;
    QList<QThread *> workers;
    QStringList workerConnections;
    QMutex mutex;
    QAtomicInt failures = 0;
    for (int t = 0; t < threads; ++t) {
        workers << QThread::create([&, t] {
            {
                QMutexLocker locker(&mutex);
                workerConnections << db.connection().connectionName();
            }
            Quarry::Session session(db);
            for (int i = 0; i < 5; ++i)
                session.add(new Note(QStringLiteral("t%1-%2").arg(t).arg(i)));
            if (!session.commit()) {
                qWarning() << session.lastError();
                failures.ref();
            }
        });
        workers.last()->start();
    }
    for (QThread *worker : std::as_const(workers)) {
        QVERIFY(worker->wait(60000));
        delete worker;
    }

    // ...each had its own connection, everything arrived, and the connections are gone.
    QCOMPARE(failures.loadRelaxed(), 0);
    QCOMPARE(QSet<QString>(workerConnections.begin(), workerConnections.end()).size(), threads);
    QVERIFY(!workerConnections.contains(mainConnection));
    for (const QString &name : std::as_const(workerConnections))
        QVERIFY2(!QSqlDatabase::connectionNames().contains(name), qPrintable(name));
    QCOMPARE(QSqlDatabase::connectionNames(), before);
    Quarry::Session reader(db);
    QCOMPARE(reader.query<Note>().count(), qint64(threads * 5));
}

void tst_Database::wrapsAnExistingConnection()
{
    QTemporaryDir dir;
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("app"));
        raw.setDatabaseName(dir.filePath(QStringLiteral("app.db")));
        QVERIFY(raw.open());
        Quarry::Database db = Quarry::Database::fromConnection(raw);
        QUARRY_VERIFY(db.isValid(), db);
        QCOMPARE(db.backend(), Quarry::Database::Backend::SQLite);
        QVERIFY(db.registerEntity<Note>());
        QUARRY_VERIFY(db.createAll(), db);
        Quarry::Session session(db);
        session.add(new Note(QStringLiteral("via wrapped connection")));
        QUARRY_VERIFY(session.commit(), session);
        QSqlQuery query(raw);
        QVERIFY(query.exec(QStringLiteral("SELECT text FROM notes")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("via wrapped connection"));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("app"));
}

void tst_Database::copiesShareTheRegistry()
{
    Quarry::Database db = Quarry::Database::open(QStringLiteral("sqlite://"));
    Quarry::Database copy = db;
    QVERIFY(copy.registerEntity<Note>());
    QVERIFY(db.entity<Note>());
    QCOMPARE(db.entity(QStringLiteral("notes")), db.entity<Note>());
    QCOMPARE(db.entity(QStringLiteral("Note")), db.entity<Note>());
    QCOMPARE(db.entities().size(), 1);
}

QTEST_GUILESS_MAIN(tst_Database)
#include "tst_database.moc"
