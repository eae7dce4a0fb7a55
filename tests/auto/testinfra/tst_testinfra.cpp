// Self-test of the test infrastructure: the servers started by
// tests/servers/with-servers.sh answer, quarrytest.h hands out empty databases, 4-byte
// UTF-8 survives a round trip (MariaDB: utf8mb4 really in effect), and the server
// stop/start commands work. Raw QtSql only: this must pass before the library builds.

#include "quarrytest.h"

#include <QElapsedTimer>
#include <QSqlRecord>

// A raw connection that is removed from QtSql's registry when it goes out of scope (after
// the QSqlDatabase handle, so no "connection still in use" warning).
class RawConnection
{
public:
    explicit RawConnection(const QString &url)
        : m_name(QStringLiteral("tst_testinfra-%1").arg(++s_counter))
    {
        m_db = QuarryTest::addRawDatabase(url, m_name);
    }
    ~RawConnection()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase &db() { return m_db; }

private:
    static inline int s_counter = 0;
    QString m_name;
    QSqlDatabase m_db;
};

class tst_TestInfra : public QObject
{
    Q_OBJECT

private slots:
    void utf8RoundTrip_data();
    void utf8RoundTrip();
    void freshUrlEmpties_data();
    void freshUrlEmpties();
    void extraColumns_data();
    void extraColumns();
    void serverRestart_data();
    void serverRestart();
};

void tst_TestInfra::utf8RoundTrip_data()
{
    QuarryTest::addBackendColumn();
    QuarryTest::addBackendRows();
}

void tst_TestInfra::utf8RoundTrip()
{
    QUARRY_FRESH_URL(fresh);
    RawConnection connection(fresh);
    QSqlDatabase &db = connection.db();
    QVERIFY2(db.isValid(), qPrintable(fresh));
    QUARRY_VERIFY_SQL(db.open(), db);

    // U+1F600 (4 bytes in UTF-8, needs utf8mb4 on MariaDB), U+00E9 (2), U+4E2D (3).
    const QString text = QStringLiteral("a\U0001F600\u00E9\u4E2D");
    QCOMPARE(text.toUtf8().size(), 1 + 4 + 2 + 3);
    {
        QSqlQuery query(db);
        QUARRY_VERIFY_SQL(
            query.exec(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, s VARCHAR(50) NOT NULL)")),
            query);
        QUARRY_VERIFY_SQL(query.prepare(QStringLiteral("INSERT INTO t (id, s) VALUES (?, ?)")), query);
        query.addBindValue(1);
        query.addBindValue(text);
        QUARRY_VERIFY_SQL(query.exec(), query);
    }
    {
        QSqlQuery query(db);
        QUARRY_VERIFY_SQL(query.exec(QStringLiteral("SELECT s FROM t WHERE id = 1")), query);
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), text);
    }
    {
        // Found by an equal bound value, but not by a different-case one: text compares
        // case-sensitively (MariaDB: the _bin collation is in effect).
        QSqlQuery query(db);
        QUARRY_VERIFY_SQL(query.prepare(QStringLiteral("SELECT COUNT(*) FROM t WHERE s = ?")), query);
        query.addBindValue(text);
        QUARRY_VERIFY_SQL(query.exec(), query);
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 1);
        query.addBindValue(text.toUpper());
        QUARRY_VERIFY_SQL(query.exec(), query);
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 0);
    }
    if (db.driverName() == QLatin1String("QMYSQL")) {
        QSqlQuery query(db);
        QUARRY_VERIFY_SQL(query.exec(QStringLiteral(
                              "SELECT default_character_set_name, default_collation_name "
                              "FROM information_schema.schemata WHERE schema_name = DATABASE()")),
                          query);
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("utf8mb4"));
        QCOMPARE(query.value(1).toString(), QStringLiteral("utf8mb4_bin"));
        QUARRY_VERIFY_SQL(query.exec(QStringLiteral(
                              "SELECT character_set_name, collation_name FROM "
                              "information_schema.columns WHERE table_schema = DATABASE() "
                              "AND table_name = 't' AND column_name = 's'")),
                          query);
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("utf8mb4"));
        QCOMPARE(query.value(1).toString(), QStringLiteral("utf8mb4_bin"));
        // The connection itself talks utf8mb4 (else 4-byte characters would be mangled
        // on the way even into a utf8mb4 column).
        QUARRY_VERIFY_SQL(query.exec(QStringLiteral("SELECT @@character_set_connection")), query);
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("utf8mb4"));
    }
    if (db.driverName() == QLatin1String("QPSQL")) {
        QSqlQuery query(db);
        QUARRY_VERIFY_SQL(query.exec(QStringLiteral("SHOW server_encoding")), query);
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("UTF8"));
    }
}

void tst_TestInfra::freshUrlEmpties_data()
{
    QuarryTest::addBackendColumn();
    QuarryTest::addBackendRows();
}

void tst_TestInfra::freshUrlEmpties()
{
    QUARRY_FRESH_URL(first);
    {
        RawConnection connection(first);
        QUARRY_VERIFY_SQL(connection.db().open(), connection.db());
        QSqlQuery query(connection.db());
        // Two tables linked by a foreign key, and a view: all must go.
        QUARRY_VERIFY_SQL(query.exec(QStringLiteral("CREATE TABLE parent (id INTEGER PRIMARY KEY)")), query);
        QUARRY_VERIFY_SQL(query.exec(QStringLiteral(
                              "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER "
                              "REFERENCES parent (id))")),
                          query);
        QUARRY_VERIFY_SQL(query.exec(QStringLiteral("CREATE VIEW v AS SELECT id FROM child")), query);
        QCOMPARE(connection.db().tables(QSql::Tables).size(), 2);
    }

    const QString second = QuarryTest::freshUrl(url);
    QVERIFY2(!second.isEmpty(), qPrintable(QuarryTest::lastFreshUrlError()));
    if (url.startsWith(QLatin1String("sqlite"))) {
        QVERIFY(second != first); // a new file each time
        QVERIFY(second.startsWith(QLatin1String("sqlite:////")));
    } else {
        // The same per-process database, emptied.
        QCOMPARE(second, first);
        QVERIFY2(first.contains(QLatin1String("_tst_testinfra")), qPrintable(first));
    }
    RawConnection connection(second);
    QUARRY_VERIFY_SQL(connection.db().open(), connection.db());
    QCOMPARE(connection.db().tables(QSql::Tables), QStringList());
    QCOMPARE(connection.db().tables(QSql::Views), QStringList());
    // And the emptied database is usable again.
    QSqlQuery query(connection.db());
    QUARRY_VERIFY_SQL(query.exec(QStringLiteral("CREATE TABLE parent (id INTEGER PRIMARY KEY)")), query);
}

void tst_TestInfra::extraColumns_data()
{
    QuarryTest::addBackendColumn();
    QTest::addColumn<int>("number");
    QTest::addColumn<QString>("word");
    for (int n : {1, 2})
        QuarryTest::addBackendRows(qPrintable(QStringLiteral("/%1").arg(n)), n,
                                   QStringLiteral("w%1").arg(n));
}

void tst_TestInfra::extraColumns()
{
    QFETCH(QString, url);
    QFETCH(int, number);
    QFETCH(QString, word);
    QUARRY_REQUIRE_URL(url);
    const QString tag = QString::fromUtf8(QTest::currentDataTag());
    QVERIFY2(tag.endsWith(QStringLiteral("/%1").arg(number)), qPrintable(tag));
    QCOMPARE(word, QStringLiteral("w%1").arg(number));
}

void tst_TestInfra::serverRestart_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("stop");
    QTest::addColumn<QByteArray>("start");
    int rows = 0;
    for (const QuarryTest::Backend &backend : QuarryTest::backends()) {
        if (backend.name == QLatin1String("postgresql")) {
            QTest::newRow("postgresql") << backend.url << QByteArray("QUARRY_TEST_POSTGRESQL_STOP")
                                        << QByteArray("QUARRY_TEST_POSTGRESQL_START");
            ++rows;
        } else if (backend.name == QLatin1String("mariadb")) {
            QTest::newRow("mariadb") << backend.url << QByteArray("QUARRY_TEST_MARIADB_STOP")
                                     << QByteArray("QUARRY_TEST_MARIADB_START");
            ++rows;
        }
    }
    if (rows == 0)
        QSKIP("no server backend to restart");
}

void tst_TestInfra::serverRestart()
{
    QUARRY_FRESH_URL(fresh);
    QFETCH(QByteArray, stop);
    QFETCH(QByteArray, start);

    RawConnection before(fresh);
    QUARRY_VERIFY_SQL(before.db().open(), before.db());

    QElapsedTimer timer;
    timer.start();
    QUARRY_RUN_SHELL(stop);
    const qint64 stopMs = timer.restart();
    {
        // Really down: the open connection is dead and a new one is refused.
        QSqlQuery query(before.db());
        QVERIFY(!query.exec(QStringLiteral("SELECT 1")));
        RawConnection during(fresh);
        QVERIFY(!during.db().open());
    }
    QUARRY_RUN_SHELL(start);
    const qint64 startMs = timer.elapsed();
    {
        // Really up, on the same port, at once.
        RawConnection after(fresh);
        QUARRY_VERIFY_SQL(after.db().open(), after.db());
        QSqlQuery query(after.db());
        QUARRY_VERIFY_SQL(query.exec(QStringLiteral("SELECT 1")), query);
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 1);
    }
    // Stopping a stopped server / starting a running one is a no-op that succeeds.
    QUARRY_RUN_SHELL(start);
    qDebug("stop took %lld ms, start %lld ms", stopMs, startMs);
}

QTEST_GUILESS_MAIN(tst_TestInfra)
#include "tst_testinfra.moc"
