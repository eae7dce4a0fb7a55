// The native SQLite path (lib/quarry/sqlitestatement.cpp): SQLite-only by nature. It must
// be on for Quarry's own SQLite connections, give the very values QSQLITE gives (read and
// bound), report errors the dialect classifies alike, and leave nothing open that would
// stop the connection from closing. The rest of the suite runs through it on SQLite; the
// QtSql path is run on SQLite too by the *_qtsql tests (QUARRY_SQLITE_NATIVE=0).

#include "quarrytest.h"

#include "connection_p.h"
#include "database.h"
#include "session.h"
#include "sqlitestatement_p.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

using Quarry::Error;
using Quarry::Private::Connection;
using Quarry::Private::Cursor;
using Quarry::Private::Dialect;

namespace {

// "sqlite:////abs/path.db" -> "/abs/path.db"
QString filePath(const QString &url)
{
    return url.mid(QStringLiteral("sqlite:///").size());
}

} // namespace

class tst_SqliteNative : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void sessionUsesNativePath();
    void readsLikeQtSql_data();
    void readsLikeQtSql();
    void bindsLikeQtSql_data();
    void bindsLikeQtSql();
    void errorsAreClassified();
    void statementsDoNotOutliveTheConnection();
    void transactionEndsWithRowsUnread();

private:
    QSqlDatabase qtDatabase() const { return QSqlDatabase::database(m_qtName, false); }

    QString m_url;
    QString m_qtName = QStringLiteral("tst_sqlitenative_qt");
    QString m_nativeName = QStringLiteral("tst_sqlitenative_native");
    std::unique_ptr<Connection> m_connection;
};

void tst_SqliteNative::initTestCase()
{
    if (qEnvironmentVariableIsSet("QUARRY_SQLITE_NATIVE"))
        QSKIP("QUARRY_SQLITE_NATIVE is set: this test is about the native path itself");
    m_url = QuarryTest::detail::sqliteUrl();
    QVERIFY(!m_url.isEmpty());
    QSqlDatabase qt = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_qtName);
    qt.setDatabaseName(filePath(m_url));
    QVERIFY2(qt.open(), qPrintable(qt.lastError().text()));
    QVERIFY(QuarryTest::detail::exec(qt, QStringLiteral(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT UNIQUE, b BLOB)")));
    QVERIFY(QuarryTest::detail::exec(qt, QStringLiteral(
        "INSERT INTO t VALUES (1, 42, 2.5, 'plain', X'00ff10'), "
        "(2, -9007199254740993, -0.125, '', X''), "
        "(3, NULL, NULL, NULL, NULL), "
        "(4, 0, 1e300, 'Grüße 😀 \"q\"', X'41')")));

    QSqlDatabase native = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_nativeName);
    native.setDatabaseName(filePath(m_url));
    m_connection = std::make_unique<Connection>(m_nativeName, Dialect::forDriverName(QStringLiteral("QSQLITE")));
    Error error;
    QVERIFY2(m_connection->ensureOpen(&error), qPrintable(error.toString()));
    QVERIFY2(m_connection->nativeSqlite(),
             "Debian's QSQLITE uses the system libsqlite3: the native path must be on");
}

void tst_SqliteNative::cleanupTestCase()
{
    m_connection.reset(); // removes its QSqlDatabase
    QSqlDatabase::database(m_qtName, false).close();
    QSqlDatabase::removeDatabase(m_qtName);
}

void tst_SqliteNative::sessionUsesNativePath()
{
    // The connections a Database opens for its sessions pass the gate.
    const QStringList before = QSqlDatabase::connectionNames();
    const Quarry::Database database = Quarry::Database::open(m_url);
    QVERIFY2(database.isValid(), qPrintable(database.lastError().toString()));
    Quarry::Session session(database);
    QCOMPARE(session.execute(QStringLiteral("SELECT count(*) FROM t")).value(0).value(0),
             QVariant(qlonglong(4)));
    int checked = 0;
    for (const QString &name : QSqlDatabase::connectionNames()) {
        const QSqlDatabase opened = QSqlDatabase::database(name, false);
        if (before.contains(name) || !opened.isOpen())
            continue;
        QVERIFY2(Quarry::Private::nativeSqliteHandle(opened), qPrintable(name));
        ++checked;
    }
    QVERIFY(checked > 0);
}

void tst_SqliteNative::readsLikeQtSql_data()
{
    QTest::addColumn<int>("id");
    QTest::newRow("integer, real, text, blob") << 1;
    QTest::newRow("64-bit, negative, empty text and blob") << 2;
    QTest::newRow("NULL everywhere") << 3;
    QTest::newRow("non-ASCII text, large real") << 4;
}

void tst_SqliteNative::readsLikeQtSql()
{
    QFETCH(int, id);
    const QString sql = QStringLiteral("SELECT i, r, s, b, id FROM t WHERE id = ?");
    QSqlQuery expected(qtDatabase());
    QVERIFY(expected.prepare(sql));
    expected.addBindValue(id);
    QVERIFY(expected.exec());
    QVERIFY(expected.next());

    Error error;
    Cursor actual = m_connection->runCursor(sql, {id}, &error);
    QVERIFY2(actual, qPrintable(error.toString()));
    QVERIFY(actual.next());
    for (int column = 0; column < 5; ++column) {
        const QVariant want = expected.value(column);
        const QVariant got = actual.value(column);
        QCOMPARE(got.isNull(), want.isNull());
        QCOMPARE(actual.isNull(column), want.isNull());
        if (want.isNull())
            continue;
        QCOMPARE(got.metaType(), want.metaType());
        QCOMPARE(got, want);
    }
    QVERIFY(!actual.next());
    actual.finish();
}

void tst_SqliteNative::bindsLikeQtSql_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::newRow("invalid QVariant") << QVariant();
    QTest::newRow("null QString") << QVariant(QString());
    QTest::newRow("empty QString") << QVariant(QString(QLatin1String("")));
    QTest::newRow("text") << QVariant(QStringLiteral("Grüße 😀"));
    QTest::newRow("int") << QVariant(-7);
    QTest::newRow("bool") << QVariant(true);
    QTest::newRow("uint") << QVariant(4000000000u);
    QTest::newRow("qlonglong") << QVariant(qlonglong(-9007199254740993LL));
    QTest::newRow("qulonglong") << QVariant(qulonglong(18446744073709551615ULL));
    QTest::newRow("double") << QVariant(0.1);
    QTest::newRow("null QByteArray") << QVariant(QByteArray());
    QTest::newRow("empty QByteArray") << QVariant(QByteArray(""));
    QTest::newRow("bytes") << QVariant(QByteArray("\0\x01\xff", 3));
    QTest::newRow("QDateTime") << QVariant(QDateTime(QDate(2026, 11, 25), QTime(14, 3, 4, 5), Qt::UTC));
    QTest::newRow("invalid QDateTime") << QVariant(QDateTime());
    QTest::newRow("QTime") << QVariant(QTime(1, 2, 3, 4));
    QTest::newRow("QDate") << QVariant(QDate(987, 6, 5));
    QTest::newRow("null QDate") << QVariant(QDate());
    QTest::newRow("QUuid") << QVariant(QUuid::fromString(QStringLiteral("{6ba7b810-9dad-11d1-80b4-00c04fd430c8}")));
}

void tst_SqliteNative::bindsLikeQtSql()
{
    QFETCH(QVariant, value);
    // What SQLite stored for the bound value: its type and its text or bytes.
    const QString sql = QStringLiteral("SELECT typeof(?), quote(?)");
    QSqlQuery expected(qtDatabase());
    QVERIFY(expected.prepare(sql));
    expected.addBindValue(value);
    expected.addBindValue(value);
    QVERIFY2(expected.exec(), qPrintable(expected.lastError().text()));
    QVERIFY(expected.next());

    Error error;
    Cursor actual = m_connection->runCursor(sql, {value, value}, &error);
    QVERIFY2(actual, qPrintable(error.toString()));
    QVERIFY(actual.next());
    QCOMPARE(actual.value(0).toString(), expected.value(0).toString());
    QCOMPARE(actual.value(1).toString(), expected.value(1).toString());
    actual.finish();
}

void tst_SqliteNative::errorsAreClassified()
{
    Error error;
    // A statement SQLite cannot prepare.
    QVERIFY(!m_connection->runCursor(QStringLiteral("SELECT nope FROM t"), {}, &error));
    QCOMPARE(error.kind(), Error::InvalidQuery);
    QVERIFY2(error.message().contains(QLatin1String("nope")), qPrintable(error.message()));
    // A constraint refused while stepping: the extended code (2067) decides.
    error = Error();
    QVERIFY(!m_connection->runCursor(QStringLiteral("INSERT INTO t (id, s) VALUES (?, ?)"),
                                     {10, QStringLiteral("plain")}, &error));
    QCOMPARE(error.kind(), Error::UniqueViolation);
    QCOMPARE(error.sqlError().nativeErrorCode(), QStringLiteral("2067"));
    // The wrong number of values.
    error = Error();
    QVERIFY(!m_connection->runCursor(QStringLiteral("SELECT ?"), {1, 2}, &error));
    QVERIFY(error.isValid());
    // The connection still works.
    error = Error();
    Cursor rows = m_connection->runCursor(QStringLiteral("SELECT count(*) FROM t"), {}, &error);
    QVERIFY2(rows, qPrintable(error.toString()));
    QVERIFY(rows.next());
    QCOMPARE(rows.value(0).toLongLong(), 4);
    rows.finish();
}

void tst_SqliteNative::statementsDoNotOutliveTheConnection()
{
    // A statement left in the middle of its rows, then the statements are dropped: QSQLITE
    // must close the connection cleanly (sqlite3_close refuses while a statement lives).
    const QString name = QStringLiteral("tst_sqlitenative_close");
    QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    database.setDatabaseName(filePath(m_url));
    {
        Connection connection(name, Dialect::forDriverName(QStringLiteral("QSQLITE")));
        Error error;
        QVERIFY(connection.ensureOpen(&error));
        QVERIFY(connection.nativeSqlite());
        Cursor rows = connection.runCursor(QStringLiteral("SELECT id FROM t ORDER BY id"), {}, &error);
        QVERIFY(rows);
        QVERIFY(rows.next());
        connection.clearStatements();
        QSqlDatabase open = connection.database();
        open.close();
        QCOMPARE(open.lastError().type(), QSqlError::NoError);
        database = QSqlDatabase();
    }
}

void tst_SqliteNative::transactionEndsWithRowsUnread()
{
    Error error;
    QVERIFY(m_connection->begin(&error));
    Cursor rows = m_connection->runCursor(QStringLiteral("SELECT id FROM t ORDER BY id"), {}, &error);
    QVERIFY(rows);
    QVERIFY(rows.next());
    QVERIFY(m_connection->runCursor(QStringLiteral("UPDATE t SET i = i + 1 WHERE id = ?"), {1}, &error));
    QVERIFY2(m_connection->rollback(&error), qPrintable(error.toString()));
    // Rolled back, and the other connection can write (no lock left behind).
    QSqlDatabase qt = qtDatabase();
    QSqlQuery check(qt);
    QVERIFY(check.exec(QStringLiteral("SELECT i FROM t WHERE id = 1")));
    QVERIFY(check.next());
    QCOMPARE(check.value(0).toInt(), 42);
    check.finish();
    QVERIFY2(check.exec(QStringLiteral("UPDATE t SET i = 42 WHERE id = 1")),
             qPrintable(check.lastError().text()));
}

QTEST_GUILESS_MAIN(tst_SqliteNative)
#include "tst_sqlitenative.moc"
