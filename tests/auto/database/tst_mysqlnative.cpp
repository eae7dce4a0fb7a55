// The native MariaDB path (lib/quarry/mysqlstatement.cpp): MariaDB-only by nature. It must
// be on for Quarry's own MariaDB connections, decode every column type into what QMYSQL's
// values decode to (Dialect::fromDatabase() of both compared, for values Quarry itself
// would not write, long text and bytes past the inline buffer included), report errors the
// dialect classifies alike, and survive its connection being closed under it. tst_types
// round-trips every type through it; the QtSql path is run on MariaDB by the
// *_qtsql_servers tests (QUARRY_MYSQL_NATIVE=0).

#include "nativetest.h"

#include "mysqlstatement_p.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using Quarry::Error;
using Quarry::Private::Connection;
using Quarry::Private::Cursor;
using Quarry::Private::Dialect;

class tst_MysqlNative : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void sessionUsesNativePath();
    void readsLikeQtSql_data();
    void readsLikeQtSql();
    void errorsAreClassified();
    void survivesItsConnectionClosedUnderIt();

private:
    QSqlDatabase addDatabase(const QString &name) const;
    QSqlDatabase qtDatabase() const { return QSqlDatabase::database(m_qtName, false); }

    QString m_url;
    Quarry::Database m_database; // for NativeSample's PropertyInfos
    QString m_qtName = QStringLiteral("tst_mysqlnative_qt");
    QString m_nativeName = QStringLiteral("tst_mysqlnative_native");
    std::unique_ptr<Connection> m_connection;
};

QSqlDatabase tst_MysqlNative::addDatabase(const QString &name) const
{
    return NativeTest::addDatabase(QStringLiteral("QMYSQL"), m_url, name, 3306);
}

void tst_MysqlNative::initTestCase()
{
    QString why;
    switch (NativeTest::freshServerUrl(QStringLiteral("mariadb"), "QUARRY_TEST_MARIADB_URL",
                                       "QUARRY_MYSQL_NATIVE", &m_url, &why)) {
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
    const Dialect *dialect = Dialect::forDriverName(QStringLiteral("QMYSQL"));
    for (const QString &statement : dialect->connectionSetup())
        QVERIFY(QuarryTest::detail::exec(qt, statement));
    QVERIFY(QuarryTest::detail::exec(qt, QStringLiteral(
        "CREATE TABLE v (id INT PRIMARY KEY, flag TINYINT(1), integer_ INT, small SMALLINT, "
        "big BIGINT, ubig BIGINT UNSIGNED, real_ DOUBLE, fl FLOAT, dec_ DECIMAL(10, 2), "
        "text_ LONGTEXT, vc VARCHAR(64), ci VARCHAR(64) COLLATE utf8mb4_general_ci, "
        "bytes LONGBLOB, vb VARBINARY(255), day DATE, clock TIME(3), moment DATETIME(3), "
        "micro DATETIME(6), microClock TIME(6), "
        "stamp TIMESTAMP(3) NULL, uuid CHAR(36), js LONGTEXT, s VARCHAR(20) UNIQUE) "
        "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin")));
    QVERIFY(QuarryTest::detail::exec(qt, QStringLiteral("INSERT INTO v (id, s) VALUES (1, 'one'), (2, 'two')")));

    addDatabase(m_nativeName);
    m_connection = std::make_unique<Connection>(m_nativeName, dialect);
    Error error;
    QVERIFY2(m_connection->ensureOpen(&error), qPrintable(error.toString()));
    QVERIFY2(m_connection->nativeMysql(),
             "Debian's QMYSQL uses the system libmariadb: the native path must be on");
}

void tst_MysqlNative::cleanupTestCase()
{
    m_connection.reset(); // removes its QSqlDatabase
    qtDatabase().close();
    QSqlDatabase::removeDatabase(m_qtName);
}

void tst_MysqlNative::sessionUsesNativePath()
{
    NativeTest::verifySessionsUseNativePath(m_url, QStringLiteral("SELECT count(*) FROM v"),
                                            Quarry::Private::nativeMysqlHandle);
}

void tst_MysqlNative::readsLikeQtSql_data()
{
    QTest::addColumn<QString>("property");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("literal");
    const struct { const char *tag, *property, *column, *literal; } rows[] = {
        {"true", "flag", "flag", "1"},
        {"false", "flag", "flag", "0"},
        {"smallest integer", "integer", "integer_", "-2147483648"},
        {"smallint", "integer", "small", "-7"},
        {"smallest bigint", "big", "big", "-9223372036854775808"},
        {"largest bigint", "big", "big", "9223372036854775807"},
        {"unsigned bigint", "big", "ubig", "42"},
        {"double 0.1", "real", "real_", "0.1"},
        {"double 1e300", "real", "real_", "1e300"},
        {"double tiny", "real", "real_", "-2.5e-300"},
        {"float", "real", "fl", "1.5"},
        {"decimal", "real", "dec_", "-3.25"},
        {"empty text", "text", "text_", "''"},
        {"non-ASCII text", "text", "text_", "'Grüße 😀 \"q\" \\\\'"},
        {"long text", "text", "text_", "REPEAT('é😀', 300)"},
        {"varchar, binary collation", "text", "vc", "'x'"},
        {"varchar, general collation", "text", "ci", "'ab'"},
        {"bytes", "bytes", "bytes", "X'00FF10'"},
        {"empty bytes", "bytes", "bytes", "X''"},
        {"long bytes", "bytes", "bytes", "UNHEX(REPEAT('00FF', 700))"},
        {"varbinary", "bytes", "vb", "X'41'"},
        {"date before 1000", "date", "day", "'0987-06-05'"},
        {"leap day", "date", "day", "'2024-02-29'"},
        {"time, one fraction digit", "time", "clock", "'03:04:05.6'"},
        {"time without fraction", "time", "clock", "'23:59:59'"},
        {"datetime(3)", "dateTime", "moment", "'2026-11-25 14:03:04.005'"},
        {"datetime, no fraction", "dateTime", "moment", "'2024-01-02 03:04:05'"},
        {"datetime before 1900", "dateTime", "moment", "'1850-06-07 08:09:10.011'"},
        {"last millisecond", "dateTime", "moment", "'9999-12-31 23:59:59.999'"},
        // Digits past the millisecond: QMYSQL's prepared statements (binary protocol), like
        // the native path, truncate a DATETIME's, as MariaDB does by default; a TIME comes
        // as text that QTime::fromString() rounds (half up, carrying, not past 23:59:59.999).
        {"datetime(6)", "dateTime", "micro", "'2024-01-02 03:04:05.678999'"},
        {"datetime(6), last microsecond of a day", "dateTime", "micro",
         "'2024-12-31 23:59:59.999999'"},
        {"time(6)", "time", "microClock", "'03:04:05.678999'"},
        {"time(6), half up", "time", "microClock", "'03:04:05.0005'"},
        {"time(6), carrying", "time", "microClock", "'03:04:59.9995'"},
        {"time(6), last microsecond of a day", "time", "microClock", "'23:59:59.999999'"},
        {"negative time", "time", "microClock", "'-03:04:05'"},
        {"time past a day", "time", "microClock", "'100:00:00'"},
        {"timestamp(3)", "dateTime", "stamp", "'2024-01-02 03:04:05.5'"},
        {"uuid", "uuid", "uuid", "'6ba7b810-9dad-11d1-80b4-00c04fd430c8'"},
        {"json", "object", "js", "'{\"a\": [1, 2], \"b\": \"c\"}'"},
        {"NULL bigint", "big", "big", "NULL"},
        {"NULL text", "text", "text_", "NULL"},
        {"NULL bytes", "bytes", "bytes", "NULL"},
        {"NULL datetime", "dateTime", "moment", "NULL"},
    };
    for (const auto &row : rows) {
        QTest::newRow(row.tag) << QString::fromUtf8(row.property) << QString::fromUtf8(row.column)
                               << QString::fromUtf8(row.literal);
    }
}

void tst_MysqlNative::readsLikeQtSql()
{
    QFETCH(QString, property);
    QFETCH(QString, column);
    QFETCH(QString, literal);
    QSqlDatabase qt = qtDatabase();
    QVERIFY(QuarryTest::detail::exec(qt, QStringLiteral("DELETE FROM v WHERE id = 3")));
    QVERIFY(QuarryTest::detail::exec(
        qt, QStringLiteral("INSERT INTO v (id, %1) VALUES (3, %2)").arg(column, literal)));
    const Quarry::PropertyInfo *info = m_database.entity<NativeSample>()->property(property);
    QVERIFY(info);
    NativeTest::verifyReadsLikeQtSql(qt, m_connection.get(),
                                     QStringLiteral("SELECT %1, ? + 1 FROM v WHERE id = 3").arg(column),
                                     *info);
}

void tst_MysqlNative::errorsAreClassified()
{
    Error error;
    // A statement the server cannot prepare: 1054, unknown column.
    QVERIFY(!m_connection->runCursor(QStringLiteral("SELECT nope FROM v"), {}, &error));
    QCOMPARE(error.kind(), Error::InvalidQuery);
    QCOMPARE(error.sqlError().nativeErrorCode(), QStringLiteral("1054"));
    QVERIFY2(error.message().contains(QLatin1String("nope")), qPrintable(error.message()));
    // A constraint refused when it runs: 1062, duplicate entry.
    error = Error();
    QVERIFY(!m_connection->runCursor(QStringLiteral("INSERT INTO v (id, s) VALUES (?, ?)"),
                                     {10, QStringLiteral("one")}, &error));
    QCOMPARE(error.kind(), Error::UniqueViolation);
    QCOMPARE(error.sqlError().nativeErrorCode(), QStringLiteral("1062"));
    // NULL where it may not be: the strict sql_mode makes it an error.
    error = Error();
    QVERIFY(!m_connection->runCursor(QStringLiteral("INSERT INTO v (id, s) VALUES (?, ?)"),
                                     {QVariant(), QStringLiteral("three")}, &error));
    QCOMPARE(error.kind(), Error::NotNullViolation);
    // The wrong number of values.
    error = Error();
    QVERIFY(!m_connection->runCursor(QStringLiteral("SELECT ?"), {1, 2}, &error));
    QVERIFY(error.isValid());
    // The connection still works, and nothing was written.
    error = Error();
    Cursor rows = m_connection->runCursor(QStringLiteral("SELECT count(*) FROM v WHERE id <> 3"), {}, &error);
    QVERIFY2(rows, qPrintable(error.toString()));
    QVERIFY(rows.next());
    QCOMPARE(rows.value(0).toLongLong(), 2);
    rows.finish();
}

void tst_MysqlNative::survivesItsConnectionClosedUnderIt()
{
    NativeTest::verifySurvivesCloseUnderIt(
        m_connection.get(), QStringLiteral("SELECT s FROM v WHERE id IN (?, ?) ORDER BY id"));
}

QTEST_GUILESS_MAIN(tst_MysqlNative)
#include "tst_mysqlnative.moc"
