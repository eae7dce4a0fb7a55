// The dialects' values, without a server: DDL literals, what is bound for each storage
// kind, the round trip, and reading the shapes QSQLITE, QPSQL and QMYSQL really return
// (measured with Qt 6.4 against SQLite 3.40, PostgreSQL 15 and MariaDB 10.11).

#include "dialecttest.h"

#include <QScopeGuard>
#include <ctime>

using namespace DialectTest;
using Quarry::Error;
using Quarry::Private::Dialect;

class tst_DialectValues : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void shouldWriteLiterals_data();
    void shouldWriteLiterals();
    void shouldBindValuesInTheColumnsFormat_data();
    void shouldBindValuesInTheColumnsFormat();
    void shouldRoundTripEveryStorage_data();
    void shouldRoundTripEveryStorage();
    void shouldReadWhatDriversReturn_data();
    void shouldReadWhatDriversReturn();
    void shouldReadUtcFieldsThatAreALocalTimeGap();

private:
    const PropertyInfo &allTypes(const char *name) const
    {
        return propertyOf(m_database.entity<AllTypes>(), name);
    }
    void addPerBackend(const char *tag, const QString &property, const QVariant &value,
                       const QVariant &expected);

    Database m_database;
};

void tst_DialectValues::initTestCase()
{
    m_database = openDatabase();
    QVERIFY2(m_database.isValid() && m_database.entity<AllTypes>(),
             qPrintable(m_database.lastError().toString()));
}

// --- values ----------------------------------------------------------------------------

void tst_DialectValues::shouldWriteLiterals_data()
{
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<QString>("property");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("expected"); // a null QString: no literal exists

    const auto rows = [](const char *tag, const char *property, const QVariant &value,
                         const QString &sqlite, const QString &postgresql, const QString &mysql) {
        const QString name = QString::fromLatin1(property);
        QTest::addRow("sqlite: %s", tag) << Backend::SQLite << name << value << sqlite;
        QTest::addRow("postgresql: %s", tag) << Backend::PostgreSQL << name << value << postgresql;
        QTest::addRow("mysql: %s", tag) << Backend::MySQL << name << value << mysql;
    };
    const auto same = [&](const char *tag, const char *property, const QVariant &value,
                          const QString &expected) {
        rows(tag, property, value, expected, expected, expected);
    };
    const QString none;

    same("null", "text", QVariant(), QStringLiteral("NULL"));
    same("null string", "text", QVariant(QString()), QStringLiteral("NULL"));
    same("empty string", "text", QVariant(QStringLiteral("")), QStringLiteral("''"));
    rows("quote and backslash", "text", QStringLiteral(R"(it's a\b)"),
         QStringLiteral(R"('it''s a\b')"), QStringLiteral(R"('it''s a\b')"),
         QStringLiteral(R"('it''s a\\b')"));
    rows("true", "flag", true, QStringLiteral("1"), QStringLiteral("TRUE"), QStringLiteral("1"));
    rows("false", "flag", false, QStringLiteral("0"), QStringLiteral("FALSE"), QStringLiteral("0"));
    same("int", "int32", -42, QStringLiteral("-42"));
    same("int64", "int64", Q_INT64_C(9223372036854775807), QStringLiteral("9223372036854775807"));
    same("uint32", "uint32", 4294967295U, QStringLiteral("4294967295"));
    same("not a number", "int32", QStringLiteral("12abc"), none);
    same("double", "real", 0.1, QStringLiteral("0.1"));
    same("NaN", "real", qQNaN(), none);
    rows("bytes", "bytes", QByteArray("\x01\xff", 2), QStringLiteral("X'01ff'"),
         QStringLiteral(R"('\x01ff')"), QStringLiteral("X'01ff'"));
    same("date before 1000", "date", QDate(999, 1, 1), QStringLiteral("'0999-01-01'"));
    same("not a date", "date", QStringLiteral("soon"), none);
    same("time", "time", QTime(23, 59, 59, 999), QStringLiteral("'23:59:59.999'"));
    rows("date-time", "dateTime", sampleWithOffset, QStringLiteral("'2024-01-02T03:04:05.678Z'"),
         QStringLiteral("'2024-01-02 03:04:05.678'"), QStringLiteral("'2024-01-02 03:04:05.678'"));
    same("uuid", "uuid", sampleUuid, QStringLiteral("'12345678-1234-5678-9abc-def012345678'"));
    same("json", "object", QJsonObject{{QStringLiteral("a"), QStringLiteral("it's")}},
         QStringLiteral(R"('{"a":"it''s"}')"));
    same("enum name", "colorName", QStringLiteral("Green"), QStringLiteral("'Green'"));
    same("enum int", "colorInt", 2, QStringLiteral("2"));
}

void tst_DialectValues::shouldWriteLiterals()
{
    QFETCH(Backend, backend);
    QFETCH(QString, property);
    QFETCH(QVariant, value);
    QFETCH(QString, expected);
    const QString literal =
        Dialect::forBackend(backend)->literal(allTypes(qPrintable(property)), value);
    QCOMPARE(literal, expected);
    QCOMPARE(literal.isNull(), expected.isNull());
}

void tst_DialectValues::shouldBindValuesInTheColumnsFormat_data()
{
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<QString>("property");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QVariant>("expected");

    const auto rows = [](const char *tag, const char *property, const QVariant &value,
                         const QVariant &sqlite, const QVariant &postgresql,
                         const QVariant &mysql) {
        const QString name = QString::fromLatin1(property);
        QTest::addRow("sqlite: %s", tag) << Backend::SQLite << name << value << sqlite;
        QTest::addRow("postgresql: %s", tag) << Backend::PostgreSQL << name << value << postgresql;
        QTest::addRow("mysql: %s", tag) << Backend::MySQL << name << value << mysql;
    };
    const auto same = [&](const char *tag, const char *property, const QVariant &value,
                          const QVariant &expected) {
        rows(tag, property, value, expected, expected, expected);
    };

    same("null", "int32", QVariant(), QVariant());
    same("null string", "text", QVariant(QString()), QVariant());
    // Typed NULLs, as QtSql's drivers return them: a number's holds 0, yet is NULL.
    same("typed null int32", "int32", QVariant(QMetaType::fromType<int>()), QVariant());
    same("typed null int64", "int64", QVariant(QMetaType::fromType<qlonglong>()), QVariant());
    same("typed null double", "real", QVariant(QMetaType::fromType<double>()), QVariant());
    same("typed null string", "text", QVariant(QMetaType::fromType<QString>()), QVariant());
    same("typed null date-time", "dateTime", QVariant(QMetaType::fromType<QDateTime>()),
         QVariant());
    same("zero", "int32", 0, qlonglong(0));
    same("empty string", "text", QStringLiteral(""), QStringLiteral(""));
    rows("bool", "flag", true, 1, true, 1);
    same("int32", "int32", 7, qlonglong(7));
    same("uint32", "uint32", 4294967295U, qlonglong(4294967295LL));
    same("double", "real", 2.5, 2.5);
    same("empty bytes", "bytes", QByteArray("", 0), QByteArray("", 0));
    same("date", "date", QDate(1850, 7, 4), QStringLiteral("1850-07-04"));
    same("date before 1000", "date", QDate(33, 1, 1), QStringLiteral("0033-01-01"));
    same("time", "time", QTime(1, 2, 3, 4), QStringLiteral("01:02:03.004"));
    rows("date-time", "dateTime", sampleWithOffset, QStringLiteral("2024-01-02T03:04:05.678Z"),
         QStringLiteral("2024-01-02 03:04:05.678"), QStringLiteral("2024-01-02 03:04:05.678"));
    same("uuid", "uuid", sampleUuid, QStringLiteral("12345678-1234-5678-9abc-def012345678"));
    same("json object", "object", sampleObject(), QStringLiteral(R"({"a":1,"b":[true,null,"x"]})"));
    same("json array", "array", sampleArray(), QStringLiteral(R"([1,"two",{"three":3}])"));
    same("enum name", "colorName", QStringLiteral("Blue"), QStringLiteral("Blue"));
    same("enum name from int", "colorName", 1, QStringLiteral("Green"));
    same("enum int", "colorInt", 2, 2);
}

void tst_DialectValues::shouldBindValuesInTheColumnsFormat()
{
    QFETCH(Backend, backend);
    QFETCH(QString, property);
    QFETCH(QVariant, value);
    QFETCH(QVariant, expected);
    const QVariant bound =
        Dialect::forBackend(backend)->toDatabase(allTypes(qPrintable(property)), value);
    QCOMPARE(describe(bound), describe(expected));
    QCOMPARE(bound.isNull(), expected.isNull());
    if (bound.metaType().id() == QMetaType::QString)
        QCOMPARE(bound.toString().isNull(), expected.toString().isNull());
}

void tst_DialectValues::addPerBackend(const char *tag, const QString &property,
                                      const QVariant &value, const QVariant &expected)
{
    for (Backend backend : allBackends)
        QTest::addRow("%s: %s", backendName(backend), tag)
            << backend << property << value << expected;
}

void tst_DialectValues::shouldRoundTripEveryStorage_data()
{
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<QString>("property");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QVariant>("expected");

    const auto add = [this](const char *tag, const char *property, const QVariant &value) {
        addPerBackend(tag, QString::fromLatin1(property), value, value);
    };
    add("true", "flag", true);
    add("false", "flag", false);
    add("int32 min", "int32", std::numeric_limits<int>::min());
    add("int32 max", "int32", std::numeric_limits<int>::max());
    add("int64 max", "int64", std::numeric_limits<qint64>::max());
    add("int64 min", "int64", std::numeric_limits<qint64>::min());
    add("uint32 max", "uint32", std::numeric_limits<quint32>::max());
    add("double", "real", 0.1);
    add("double tiny", "real", 5e-324);
    add("null string", "text", QVariant());
    add("empty string", "text", QStringLiteral(""));
    add("unicode string", "text", QString::fromUtf8("h\xc3\xa9llo \xf0\x9f\x98\x80 \"q\" \\"));
    add("null bytes", "bytes", QVariant());
    add("empty bytes", "bytes", QByteArray("", 0));
    add("binary bytes", "bytes", QByteArray("\0\x01\xff", 3));
    add("date", "date", QDate(2024, 2, 29));
    add("date before 1900", "date", QDate(1899, 12, 31));
    add("date before 1000", "date", QDate(999, 1, 1));
    add("time", "time", QTime(0, 0));
    add("time with ms", "time", QTime(23, 59, 59, 999));
    add("date-time utc", "dateTime", sampleInstant);
    add("date-time +05:30", "dateTime", sampleWithOffset);
    add("date-time before 1900", "dateTime",
        QDateTime(QDate(1850, 6, 1), QTime(12, 0, 0, 1), Qt::UTC));
    add("date-time local", "dateTime", QDateTime(QDate(2023, 7, 1), QTime(12, 30, 0, 250)));
    add("uuid", "uuid", sampleUuid);
    add("json object", "object", sampleObject());
    add("empty json object", "object", QJsonObject());
    add("json array", "array", sampleArray());
    add("json document", "document", QJsonDocument(sampleObject()));
    add("json array document", "document", QJsonDocument(sampleArray()));
    add("enum name", "colorName", QStringLiteral("Green"));
    add("enum int", "colorInt", 2);
}

void tst_DialectValues::shouldRoundTripEveryStorage()
{
    QFETCH(Backend, backend);
    QFETCH(QString, property);
    QFETCH(QVariant, value);
    QFETCH(QVariant, expected);
    const Dialect *dialect = Dialect::forBackend(backend);
    const PropertyInfo &info = allTypes(qPrintable(property));

    // When a plain value is bound and the bound value read back
    const QVariant back = dialect->fromDatabase(info, dialect->toDatabase(info, value));

    // Then it is the same value, of the same type
    QCOMPARE(describe(back), describe(expected));
    QCOMPARE(back, expected);
    if (expected.metaType().id() == QMetaType::QString)
        QVERIFY(!back.toString().isNull());
    if (expected.metaType().id() == QMetaType::QByteArray)
        QVERIFY(!back.toByteArray().isNull());
    if (expected.metaType().id() == QMetaType::QDateTime)
        QCOMPARE(back.toDateTime().timeSpec(), Qt::UTC); // same instant, told in UTC
}

void tst_DialectValues::shouldReadWhatDriversReturn_data()
{
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<QString>("property");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QVariant>("expected");

    const auto row = [](Backend backend, const char *tag, const char *property,
                        const QVariant &value, const QVariant &expected) {
        QTest::addRow("%s: %s", backendName(backend), tag)
            << backend << QString::fromLatin1(property) << value << expected;
    };
    // NULL arrives as a typed null QVariant.
    for (Backend backend : allBackends) {
        row(backend, "NULL text", "text", QVariant(QMetaType::fromType<QString>()), QVariant());
        row(backend, "NULL int", "int32", QVariant(QMetaType::fromType<qlonglong>()), QVariant());
        // Typed NULLs of the types a loaded value is handed back in as it is.
        row(backend, "NULL int64", "int64", QVariant(QMetaType::fromType<qlonglong>()), QVariant());
        row(backend, "NULL real", "real", QVariant(QMetaType::fromType<double>()), QVariant());
        row(backend, "NULL text as QString", "text", QVariant(QMetaType::fromType<QString>()),
            QVariant());
        // Values that already are the plain ones.
        row(backend, "int64", "int64", qlonglong(-5), qint64(-5));
        row(backend, "int32 from a 64-bit integer", "int32", qlonglong(-5), -5);
        row(backend, "real", "real", 2.5, 2.5);
        row(backend, "text", "text", QStringLiteral("Grüße"), QStringLiteral("Grüße"));
        // An empty TEXT or BLOB can arrive as a null QString / QByteArray inside a non-null
        // QVariant: it is still '' and not NULL.
        row(backend, "empty text as null QString", "text", QVariant(QString()), QStringLiteral(""));
        row(backend, "empty blob as null QByteArray", "bytes", QVariant(QByteArray()),
            QByteArray("", 0));
    }
    // QSQLITE: booleans and integers as qlonglong, everything dated as text.
    row(Backend::SQLite, "bool", "flag", qlonglong(1), true);
    row(Backend::SQLite, "uint32", "uint32", qlonglong(4294967295LL), 4294967295U);
    row(Backend::SQLite, "date", "date", QStringLiteral("0999-01-01"), QDate(999, 1, 1));
    row(Backend::SQLite, "date-time", "dateTime", QStringLiteral("2024-01-02T03:04:05.678Z"),
        sampleInstant);
    row(Backend::SQLite, "date-time without ms", "dateTime", QStringLiteral("2024-01-02T03:04:05Z"),
        QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), Qt::UTC));
    row(Backend::SQLite, "enum int", "colorInt", qlonglong(1), 1);
    // QPSQL: real booleans, dates and times; TIMESTAMP as a local-time QDateTime whose
    // fields are the UTC ones; JSONB reformatted; UUID as text.
    row(Backend::PostgreSQL, "bool", "flag", true, true);
    row(Backend::PostgreSQL, "bool as text", "flag", QStringLiteral("f"), false);
    row(Backend::PostgreSQL, "date", "date", QDate(999, 1, 1), QDate(999, 1, 1));
    row(Backend::PostgreSQL, "time", "time", QTime(1, 2, 3, 400), QTime(1, 2, 3, 400));
    row(Backend::PostgreSQL, "time as text", "time", QStringLiteral("01:02:03.4"),
        QTime(1, 2, 3, 400));
    row(Backend::PostgreSQL, "timestamp as local", "dateTime",
        QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5, 678), Qt::LocalTime), sampleInstant);
    row(Backend::PostgreSQL, "timestamp as utc", "dateTime", sampleInstant, sampleInstant);
    row(Backend::PostgreSQL, "timestamptz", "dateTime", sampleWithOffset, sampleInstant);
    row(Backend::PostgreSQL, "infinity, an invalid local-time QDateTime", "dateTime",
        QDateTime(), QDateTime());
    row(Backend::PostgreSQL, "timestamp as text", "dateTime",
        QStringLiteral("2024-01-02 03:04:05.678"), sampleInstant);
    row(Backend::PostgreSQL, "timestamptz as text", "dateTime",
        QStringLiteral("2024-01-02 08:34:05.678+05:30"), sampleInstant);
    row(Backend::PostgreSQL, "timestamp in microseconds", "dateTime",
        QStringLiteral("2024-01-02 03:04:05.678123"), sampleInstant);
    row(Backend::PostgreSQL, "jsonb", "object",
        QStringLiteral(R"({"a": 1, "b": [true, null, "x"]})"), sampleObject());
    row(Backend::PostgreSQL, "uuid", "uuid", QStringLiteral("12345678-1234-5678-9abc-def012345678"),
        sampleUuid);
    row(Backend::PostgreSQL, "uint32 as bigint", "uint32", qulonglong(4294967295ULL), 4294967295U);
    row(Backend::PostgreSQL, "int64 as unsigned", "int64", qulonglong(9223372036854775807ULL),
        std::numeric_limits<qint64>::max());
    row(Backend::PostgreSQL, "int32", "int32", -5, -5);
    // QMYSQL: TINYINT(1) as an int, DATETIME as a local-time QDateTime with UTC fields,
    // binary-collated text possibly as bytes.
    row(Backend::MySQL, "bool", "flag", 1, true);
    row(Backend::MySQL, "bool false", "flag", 0, false);
    row(Backend::MySQL, "datetime", "dateTime",
        QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5, 678), Qt::LocalTime), sampleInstant);
    row(Backend::MySQL, "date", "date", QDate(1899, 12, 31), QDate(1899, 12, 31));
    row(Backend::MySQL, "time as text", "time", QStringLiteral("23:59:59.999"),
        QTime(23, 59, 59, 999));
    row(Backend::MySQL, "text as bytes", "text", QByteArray("h\xc3\xa9"),
        QString::fromUtf8("h\xc3\xa9"));
    row(Backend::MySQL, "json as bytes", "array", QByteArray(R"([1,"two",{"three":3}])"),
        sampleArray());
    row(Backend::MySQL, "uuid", "uuid", QByteArray("12345678-1234-5678-9abc-def012345678"),
        sampleUuid);
    // utf8mb4_bin columns carry the binary flag: QMYSQL returns their text as bytes.
    row(Backend::MySQL, "enum name as bytes", "colorName", QByteArray("Blue"),
        QStringLiteral("Blue"));
    row(Backend::MySQL, "empty text as bytes", "text", QByteArray(""), QStringLiteral(""));
    row(Backend::MySQL, "int64", "int64", QStringLiteral("-9223372036854775808"),
        std::numeric_limits<qint64>::min());
}

void tst_DialectValues::shouldReadWhatDriversReturn()
{
    QFETCH(Backend, backend);
    QFETCH(QString, property);
    QFETCH(QVariant, value);
    QFETCH(QVariant, expected);
    const Dialect *dialect = Dialect::forBackend(backend);
    const PropertyInfo &info = allTypes(qPrintable(property));
    // Both ways in give the same: a value the caller keeps, and one it hands over (what
    // loading does, where a value that already is plain comes back as it is).
    const QVariant kept = dialect->fromDatabase(info, std::as_const(value));
    const QVariant handedOver = dialect->fromDatabase(info, QVariant(value));
    for (const QVariant &plain : {kept, handedOver}) {
        QCOMPARE(describe(plain), describe(expected));
        QCOMPARE(plain, expected);
        QCOMPARE(plain.isValid(), expected.isValid());
        QCOMPARE(plain.isNull(), expected.isNull());
        if (expected.metaType().id() == QMetaType::QString)
            QVERIFY(!plain.toString().isNull());
        if (expected.metaType().id() == QMetaType::QByteArray)
            QVERIFY(!plain.toByteArray().isNull());
        if (expected.metaType().id() == QMetaType::QDateTime && expected.toDateTime().isValid())
            QCOMPARE(plain.toDateTime().timeSpec(), Qt::UTC);
    }
}

void tst_DialectValues::shouldReadUtcFieldsThatAreALocalTimeGap()
{
    // Given a process in New York, where 2024-03-10 02:30 local time does not exist
    const QByteArray savedZone = qgetenv("TZ");
    qputenv("TZ", "America/New_York");
    tzset();
    const auto restore = qScopeGuard([&] {
        if (savedZone.isNull())
            qunsetenv("TZ");
        else
            qputenv("TZ", savedZone);
        tzset();
    });
    // When QPSQL / QMYSQL label the stored UTC fields 02:30 as local time (an invalid
    // QDateTime that still holds its fields)
    const QDateTime labelledLocal(QDate(2024, 3, 10), QTime(2, 30, 0, 5), Qt::LocalTime);
    const QDateTime expected(QDate(2024, 3, 10), QTime(2, 30, 0, 5), Qt::UTC);
    // Then the value read is still the UTC instant that was written
    for (Backend backend : {Backend::PostgreSQL, Backend::MySQL}) {
        const QVariant plain =
            Dialect::forBackend(backend)->fromDatabase(allTypes("dateTime"), labelledLocal);
        QCOMPARE(plain.toDateTime(), expected);
        QCOMPARE(plain.toDateTime().timeSpec(), Qt::UTC);
    }
}

QTEST_GUILESS_MAIN(tst_DialectValues)
#include "tst_dialectvalues.moc"
