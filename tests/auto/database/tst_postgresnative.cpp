// The native PostgreSQL path (lib/quarry/postgresstatement.cpp): PostgreSQL-only by
// nature. It must be on for Quarry's own PostgreSQL connections, decode what the server
// sends into what QPSQL's values decode to (Dialect::fromDatabase() of both compared, for
// values Quarry itself would not write), number placeholders only outside quotes, report
// errors the dialect classifies alike, leave QPSQL's pending rows and the server's
// prepared statements in order. tst_types round-trips every type through it; the QtSql
// path is run on PostgreSQL by the *_qtsql_servers tests (QUARRY_POSTGRESQL_NATIVE=0).

#include "nativetest.h"

#include "postgresstatement_p.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using Quarry::Error;
using Quarry::Private::Connection;
using Quarry::Private::Cursor;
using Quarry::Private::Dialect;

class tst_PostgresNative : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void placeholdersAreNumberedOutsideQuotes_data();
    void placeholdersAreNumberedOutsideQuotes();
    void sessionUsesNativePath();
    void readsLikeQtSql_data();
    void readsLikeQtSql();
    void errorsAreClassified();
    void pendingQtSqlRowsAreDiscarded();
    void statementsAreDeallocated();
    void survivesItsConnectionClosedUnderIt();

private:
    QSqlDatabase addDatabase(const QString &name) const;
    const Quarry::PropertyInfo &property(const QString &name) const;

    QString m_url;
    Quarry::Database m_database; // for NativeSample's PropertyInfos
    QString m_qtName = QStringLiteral("tst_postgresnative_qt");
    QString m_nativeName = QStringLiteral("tst_postgresnative_native");
    std::unique_ptr<Connection> m_connection;
};

QSqlDatabase tst_PostgresNative::addDatabase(const QString &name) const
{
    return NativeTest::addDatabase(QStringLiteral("QPSQL"), m_url, name, 5432);
}

const Quarry::PropertyInfo &tst_PostgresNative::property(const QString &name) const
{
    const Quarry::PropertyInfo *found = m_database.entity<NativeSample>()->property(name);
    Q_ASSERT(found);
    return *found;
}

void tst_PostgresNative::initTestCase()
{
    QString why;
    switch (NativeTest::freshServerUrl(QStringLiteral("postgresql"), "QUARRY_TEST_POSTGRESQL_URL",
                                       "QUARRY_POSTGRESQL_NATIVE", &m_url, &why)) {
    case NativeTest::Server::Skip:
        QSKIP(qPrintable(why));
    case NativeTest::Server::Fail:
        QFAIL(qPrintable(why));
    case NativeTest::Server::Ready:
        break;
    }
    m_database = Quarry::Database::open(m_url);
    QVERIFY2(m_database.isValid(), qPrintable(m_database.lastError().toString()));
    QVERIFY(m_database.registerEntity<NativeSample>());

    QSqlDatabase qt = addDatabase(m_qtName);
    QVERIFY2(qt.open(), qPrintable(qt.lastError().text()));
    QVERIFY(QuarryTest::detail::exec(qt, QStringLiteral("SET TIME ZONE 'UTC'")));
    QVERIFY(QuarryTest::detail::exec(qt, QStringLiteral(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT UNIQUE)")));
    QVERIFY(QuarryTest::detail::exec(qt, QStringLiteral("INSERT INTO t VALUES (1, 'one'), (2, 'two')")));

    addDatabase(m_nativeName);
    m_connection = std::make_unique<Connection>(m_nativeName, Dialect::forDriverName(QStringLiteral("QPSQL")));
    Error error;
    QVERIFY2(m_connection->ensureOpen(&error), qPrintable(error.toString()));
    QVERIFY2(m_connection->nativePostgres(),
             "Debian's QPSQL uses the system libpq: the native path must be on");
}

void tst_PostgresNative::cleanupTestCase()
{
    m_connection.reset(); // removes its QSqlDatabase
    QSqlDatabase::database(m_qtName, false).close();
    QSqlDatabase::removeDatabase(m_qtName);
}

void tst_PostgresNative::placeholdersAreNumberedOutsideQuotes_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("numbered");
    QTest::addColumn<int>("count");
    QTest::newRow("none") << "SELECT 1" << "SELECT 1" << 0;
    QTest::newRow("two") << "SELECT a FROM t WHERE a = ? AND b IN (?)"
                         << "SELECT a FROM t WHERE a = $1 AND b IN ($2)" << 2;
    QTest::newRow("in text and identifiers") << "SELECT '?', \"a?\" FROM t WHERE x = ?"
                                             << "SELECT '?', \"a?\" FROM t WHERE x = $1" << 1;
    QTest::newRow("doubled quotes") << "SELECT 'it''s ?', \"say \"\"?\"\"\", ?"
                                    << "SELECT 'it''s ?', \"say \"\"?\"\"\", $1" << 1;
    QTest::newRow("ten and more") << "VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                                  << "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)" << 11;
}

void tst_PostgresNative::placeholdersAreNumberedOutsideQuotes()
{
    QFETCH(QString, sql);
    QFETCH(QString, numbered);
    QFETCH(int, count);
    int counted = -1;
    QCOMPARE(QString::fromUtf8(Quarry::Private::numberedPlaceholders(sql, &counted)), numbered);
    QCOMPARE(counted, count);
}

void tst_PostgresNative::sessionUsesNativePath()
{
    NativeTest::verifySessionsUseNativePath(m_url, QStringLiteral("SELECT count(*) FROM t"),
                                            Quarry::Private::nativePostgresHandle);
}

void tst_PostgresNative::readsLikeQtSql_data()
{
    QTest::addColumn<QString>("property");
    QTest::addColumn<QString>("expression");
    const struct { const char *tag, *property, *expression; } rows[] = {
        {"true", "flag", "TRUE"},
        {"false", "flag", "FALSE"},
        {"smallest integer", "integer", "CAST(-2147483648 AS INTEGER)"},
        {"smallint", "integer", "CAST(-7 AS SMALLINT)"},
        {"smallest bigint", "big", "CAST(-9223372036854775808 AS BIGINT)"},
        {"largest bigint", "big", "CAST(9223372036854775807 AS BIGINT)"},
        {"double 0.1", "real", "CAST(0.1 AS DOUBLE PRECISION)"},
        {"double 1e300", "real", "CAST(1e300 AS DOUBLE PRECISION)"},
        {"double denormal", "real", "CAST(5e-324 AS DOUBLE PRECISION)"},
        {"double -Infinity", "real", "CAST('-Infinity' AS DOUBLE PRECISION)"},
        {"double NaN", "real", "CAST('NaN' AS DOUBLE PRECISION)"},
        {"real", "real", "CAST(1.5 AS REAL)"},
        {"numeric", "real", "CAST(-3.25 AS NUMERIC(10, 2))"},
        {"empty text", "text", "''"},
        {"non-ASCII text", "text", "'Grüße 😀 \"q\" \\'"},
        {"varchar", "text", "CAST('x' AS VARCHAR(5))"},
        {"char pads", "text", "CAST('ab' AS CHAR(4))"},
        {"bytes", "bytes", "CAST('\\x00ff10' AS BYTEA)"},
        {"empty bytes", "bytes", "CAST('' AS BYTEA)"},
        {"date before 1000", "date", "DATE '0987-06-05'"},
        {"leap day", "date", "DATE '2024-02-29'"},
        {"time, one fraction digit", "time", "CAST('03:04:05.6' AS TIME(3))"},
        {"time without fraction", "time", "TIME '23:59:59'"},
        {"timestamp(3)", "dateTime", "CAST('2026-11-25 14:03:04.005' AS TIMESTAMP(3))"},
        {"timestamp, no fraction", "dateTime", "TIMESTAMP '2024-01-02 03:04:05'"},
        {"timestamp, two digits", "dateTime", "CAST('2024-01-02 03:04:05.12' AS TIMESTAMP(3))"},
        {"timestamp(6)", "dateTime", "CAST('2024-01-02 03:04:05.123456' AS TIMESTAMP(6))"},
        // Digits past the millisecond round, as QPSQL (QDateTime::fromString) and
        // PostgreSQL's own cast to TIMESTAMP(3) do, carrying into the next day.
        {"timestamp(6) rounding up", "dateTime",
         "CAST('2024-01-02 03:04:05.678999' AS TIMESTAMP(6))"},
        {"timestamp(6) rounding half up", "dateTime",
         "CAST('2024-01-02 03:04:05.0005' AS TIMESTAMP(6))"},
        {"timestamp(6) rounding into the next day", "dateTime",
         "CAST('2024-12-31 23:59:59.9999' AS TIMESTAMP(6))"},
        {"timestamptz(6) rounding", "dateTime",
         "CAST('2024-01-02 03:04:05.6789+05:30' AS TIMESTAMPTZ)"},
        {"time(6)", "time", "CAST('03:04:05.678999' AS TIME(6))"},
        // No QDateTime can hold them: an invalid one on both paths.
        {"timestamp infinity", "dateTime", "CAST('infinity' AS TIMESTAMP(3))"},
        {"timestamp -infinity", "dateTime", "CAST('-infinity' AS TIMESTAMP(3))"},
        {"timestamp before 1900", "dateTime", "CAST('1850-06-07 08:09:10.011' AS TIMESTAMP(3))"},
        {"last millisecond", "dateTime", "CAST('9999-12-31 23:59:59.999' AS TIMESTAMP(3))"},
        {"timestamptz", "dateTime", "CAST('2024-01-02 03:04:05.5+02' AS TIMESTAMPTZ)"},
        {"uuid", "uuid", "CAST('6ba7b810-9dad-11d1-80b4-00c04fd430c8' AS UUID)"},
        {"jsonb", "object", "CAST('{\"a\": [1, 2], \"b\": \"c\"}' AS JSONB)"},
        {"NULL bigint", "big", "CAST(NULL AS BIGINT)"},
        {"NULL text", "text", "CAST(NULL AS TEXT)"},
        {"NULL bytes", "bytes", "CAST(NULL AS BYTEA)"},
        {"NULL timestamp", "dateTime", "CAST(NULL AS TIMESTAMP(3))"},
    };
    for (const auto &row : rows)
        QTest::newRow(row.tag) << QString::fromUtf8(row.property) << QString::fromUtf8(row.expression);
}

void tst_PostgresNative::readsLikeQtSql()
{
    QFETCH(QString, property);
    QFETCH(QString, expression);
    NativeTest::verifyReadsLikeQtSql(QSqlDatabase::database(m_qtName, false), m_connection.get(),
                                     QStringLiteral("SELECT ") + expression + QStringLiteral(", ? + 1"),
                                     this->property(property));
}

void tst_PostgresNative::errorsAreClassified()
{
    Error error;
    // A statement the server cannot prepare: SQLSTATE 42703, undefined column.
    QVERIFY(!m_connection->runCursor(QStringLiteral("SELECT nope FROM t"), {}, &error));
    QCOMPARE(error.kind(), Error::InvalidQuery);
    QCOMPARE(error.sqlError().nativeErrorCode(), QStringLiteral("42703"));
    QVERIFY2(error.message().contains(QLatin1String("nope")), qPrintable(error.message()));
    // A constraint refused when it runs.
    error = Error();
    QVERIFY(!m_connection->runCursor(QStringLiteral("INSERT INTO t (id, s) VALUES (?, ?)"),
                                     {10, QStringLiteral("one")}, &error));
    QCOMPARE(error.kind(), Error::UniqueViolation);
    QCOMPARE(error.sqlError().nativeErrorCode(), QStringLiteral("23505"));
    // The wrong number of values.
    error = Error();
    QVERIFY(!m_connection->runCursor(QStringLiteral("SELECT CAST(? AS INTEGER)"), {1, 2}, &error));
    QVERIFY(error.isValid());
    // The connection still works, and nothing was written.
    error = Error();
    Cursor rows = m_connection->runCursor(QStringLiteral("SELECT count(*) FROM t"), {}, &error);
    QVERIFY2(rows, qPrintable(error.toString()));
    QVERIFY(rows.next());
    QCOMPARE(rows.value(0).toLongLong(), 2);
    rows.finish();
}

void tst_PostgresNative::pendingQtSqlRowsAreDiscarded()
{
    // A forward-only QSqlQuery on the same connection, left after its first row: QPSQL's
    // single-row mode keeps the server busy until the rest is read.
    QSqlQuery pending(m_connection->database());
    pending.setForwardOnly(true);
    QVERIFY(pending.exec(QStringLiteral("SELECT generate_series(1, 5000)")));
    QVERIFY(pending.next());
    Error error;
    Cursor rows = m_connection->runCursor(QStringLiteral("SELECT s FROM t WHERE id = ?"), {2}, &error);
    QVERIFY2(rows, qPrintable(error.toString()));
    QVERIFY(rows.next());
    QCOMPARE(rows.value(0).toString(), QStringLiteral("two"));
    rows.finish();
    pending.finish();
    // QtSql still works on the connection afterwards.
    QSqlQuery after(m_connection->database());
    QVERIFY2(after.exec(QStringLiteral("SELECT 7")), qPrintable(after.lastError().text()));
    QVERIFY(after.next());
    QCOMPARE(after.value(0).toInt(), 7);
}

void tst_PostgresNative::statementsAreDeallocated()
{
    auto preparedCount = [this]() {
        QSqlQuery query(m_connection->database());
        if (!query.exec(QStringLiteral(
                "SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'quarry\\_%'"))
            || !query.next())
            return -1;
        return query.value(0).toInt();
    };
    Error error;
    Cursor rows = m_connection->runCursor(QStringLiteral("SELECT s FROM t WHERE id = ? OR id = ?"),
                                          {1, 2}, &error);
    QVERIFY2(rows, qPrintable(error.toString()));
    QVERIFY(rows.next()); // left in the middle of its rows
    QVERIFY(preparedCount() > 0);
    m_connection->clearStatements();
    QCOMPARE(preparedCount(), 0);
    // Prepared again on the next use.
    rows = m_connection->runCursor(QStringLiteral("SELECT s FROM t WHERE id = ? OR id = ?"), {1, 2}, &error);
    QVERIFY2(rows, qPrintable(error.toString()));
    int count = 0;
    while (rows.next())
        ++count;
    QCOMPARE(count, 2);
    rows.finish();
}

void tst_PostgresNative::survivesItsConnectionClosedUnderIt()
{
    NativeTest::verifySurvivesCloseUnderIt(
        m_connection.get(), QStringLiteral("SELECT s FROM t WHERE id IN (?, ?) ORDER BY id"));
}

QTEST_GUILESS_MAIN(tst_PostgresNative)
#include "tst_postgresnative.moc"
