#pragma once

// What tst_postgresnative and tst_mysqlnative share: an entity with one property per
// column type the server dialects map (its PropertyInfos decode values the way sessions
// do), a QSqlDatabase for a server URL, and two checks that read the same on both.

#include "quarrytest.h"

#include "connection_p.h"
#include "database.h"
#include "session.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>
#include <QUuid>

#include <cmath>

class NativeSample : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "samples")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(bool flag MEMBER m_flag)
    Q_PROPERTY(int integer MEMBER m_integer)
    Q_PROPERTY(qint64 big MEMBER m_big)
    Q_PROPERTY(double real MEMBER m_real)
    Q_PROPERTY(QString text MEMBER m_text)
    Q_PROPERTY(QByteArray bytes MEMBER m_bytes)
    Q_PROPERTY(QDate date MEMBER m_date)
    Q_PROPERTY(QTime time MEMBER m_time)
    Q_PROPERTY(QDateTime dateTime MEMBER m_dateTime)
    Q_PROPERTY(QUuid uuid MEMBER m_uuid)
    Q_PROPERTY(QJsonObject object MEMBER m_object)

public:
    Q_INVOKABLE explicit NativeSample(QObject *parent = nullptr) : QObject(parent) {}

    qint64 m_id = 0;
    bool m_flag = false;
    int m_integer = 0;
    qint64 m_big = 0;
    double m_real = 0;
    QString m_text;
    QByteArray m_bytes;
    QDate m_date;
    QTime m_time;
    QDateTime m_dateTime;
    QUuid m_uuid;
    QJsonObject m_object;
};

namespace NativeTest {

// A QSqlDatabase of Qt driver `driver`, registered as `name`, for the server `url` names.
inline QSqlDatabase addDatabase(const QString &driver, const QString &url, const QString &name,
                                int defaultPort)
{
    const QUrl parsed(url);
    QSqlDatabase database = QSqlDatabase::addDatabase(driver, name);
    database.setHostName(parsed.host());
    database.setPort(parsed.port(defaultPort));
    database.setUserName(parsed.userName());
    database.setPassword(parsed.password());
    database.setDatabaseName(parsed.path().mid(1));
    return database;
}

// The connections a Database opens for its sessions pass the gate: `isNative` (the
// native*Handle() function) is true for each. `countSql` must count 2 rows.
template<typename IsNative>
void verifySessionsUseNativePath(const QString &url, const QString &countSql, IsNative isNative)
{
    const QStringList before = QSqlDatabase::connectionNames();
    const Quarry::Database database = Quarry::Database::open(url);
    QVERIFY2(database.isValid(), qPrintable(database.lastError().toString()));
    Quarry::Session session(database);
    QCOMPARE(session.execute(countSql).value(0).value(0).toInt(), 2);
    int checked = 0;
    for (const QString &name : QSqlDatabase::connectionNames()) {
        const QSqlDatabase opened = QSqlDatabase::database(name, false);
        if (before.contains(name) || !opened.isOpen())
            continue;
        QVERIFY2(isNative(opened), qPrintable(name));
        ++checked;
    }
    QVERIFY(checked > 0);
}

// Whether a server test runs: the fresh database URL in *url, or why not in *why.
enum class Server { Ready, Skip, Fail };
inline Server freshServerUrl(const QString &backend, const char *urlVariable,
                             const char *nativeVariable, QString *url, QString *why)
{
    if (qEnvironmentVariableIsSet(nativeVariable)) {
        *why = QStringLiteral("%1 is set: this test is about the native path itself")
                   .arg(QLatin1String(nativeVariable));
        return Server::Skip;
    }
    if (!QuarryTest::backendEnabled(backend)) {
        *why = QStringLiteral("QUARRY_TEST_BACKENDS leaves %1 out").arg(backend);
        return Server::Skip;
    }
    const QString server = qEnvironmentVariable(urlVariable);
    if (server.isEmpty()) {
        *why = QStringLiteral("QUARRY: %1 tests NOT RUN: %2 is not set")
                   .arg(backend, QLatin1String(urlVariable));
        return QuarryTest::requireAllBackends() ? Server::Fail : Server::Skip;
    }
    *url = QuarryTest::freshUrl(server);
    *why = QuarryTest::lastFreshUrlError();
    return url->isEmpty() ? Server::Fail : Server::Ready;
}

// `sql` (whose first column is the value, second `? + 1` for 41) through QtSql on
// `qtDatabase` and natively on `connection`: the same NULL-ness, and the same value once
// `property`'s type decodes both (NaN equals NaN here).
inline void verifyReadsLikeQtSql(const QSqlDatabase &qtDatabase,
                                 Quarry::Private::Connection *connection, const QString &sql,
                                 const Quarry::PropertyInfo &property)
{
    QSqlQuery expected(qtDatabase);
    expected.setForwardOnly(true);
    QVERIFY(expected.prepare(sql));
    expected.addBindValue(41);
    QVERIFY2(expected.exec(), qPrintable(expected.lastError().text()));
    QVERIFY(expected.next());

    Quarry::Error error;
    Quarry::Private::Cursor actual = connection->runCursor(sql, {41}, &error);
    QVERIFY2(actual, qPrintable(error.toString()));
    QVERIFY(actual.next());
    QCOMPARE(actual.isNull(0), expected.isNull(0));
    const Quarry::Private::Dialect *dialect = connection->dialect();
    const QVariant want = dialect->fromDatabase(property, expected.value(0));
    const QVariant got = dialect->fromDatabase(property, actual.value(0));
    if (want.typeId() == QMetaType::Double && std::isnan(want.toDouble()))
        QVERIFY(std::isnan(got.toDouble()));
    else if (want.typeId() == QMetaType::QDateTime && !want.toDateTime().isValid())
        QVERIFY(got.typeId() == QMetaType::QDateTime && !got.toDateTime().isValid()); // infinity
    else
        QCOMPARE(got, want);
    QCOMPARE(actual.value(1).toInt(), 42);
    QVERIFY(!actual.next());
    actual.finish();
}

// A statement in the middle of its rows, then someone closes the QSqlDatabase (the
// client library frees its handle): the next use reopens the connection and prepares
// again, touching nothing of the old one. `sql` selects "one" and "two" for ids 1 and 2.
inline void verifySurvivesCloseUnderIt(Quarry::Private::Connection *connection, const QString &sql)
{
    Quarry::Error error;
    Quarry::Private::Cursor rows = connection->runCursor(sql, {1, 2}, &error);
    QVERIFY2(rows, qPrintable(error.toString()));
    QVERIFY(rows.next());
    QSqlDatabase database = connection->database();
    database.close();
    rows = connection->runCursor(sql, {1, 2}, &error);
    QVERIFY2(rows, qPrintable(error.toString()));
    QStringList values;
    while (rows.next())
        values << rows.value(0).toString();
    QCOMPARE(values, QStringList({QStringLiteral("one"), QStringLiteral("two")}));
    rows.finish();
}

} // namespace NativeTest
