// Every mapped type on every backend: a value is written through one session, committed,
// and read back by a NEW session (so from the database, not from the identity map), then
// compared exactly; the same value must also find its row in a WHERE clause. Also: enum
// storage as the database holds it, and NOT NULL enforcement that keeps the object
// pending. Registration errors are in tst_registration.cpp.

#include "quarrytest.h"

#include <quarry/database.h>
#include <quarry/session.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>
#include <QUuid>
#include <QtTest>

#include <cmath>
#include <limits>
#include <optional>

using namespace Quarry;

// One column per type. Types that have a null value are nullable, so that NULL, the
// empty value and a real value can all be written to the same column.
class Sample : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "samples")
    Q_CLASSINFO("text", "null")
    Q_CLASSINFO("bytes", "null")
    Q_CLASSINFO("date", "null")
    Q_CLASSINFO("time", "null")
    Q_CLASSINFO("dateTime", "null")
    Q_CLASSINFO("uuid", "null")
    Q_CLASSINFO("priority", "enum=int")
public:
    enum class Color { Red, Green, Blue };
    Q_ENUM(Color)
    enum Priority { Low = 1, Normal = 4, High = 7 };
    Q_ENUM(Priority)

private:
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(bool flag MEMBER m_flag NOTIFY changed)
    Q_PROPERTY(int integer MEMBER m_integer NOTIFY changed)
    Q_PROPERTY(qint64 big MEMBER m_big NOTIFY changed)
    Q_PROPERTY(uint unsignedInt MEMBER m_unsignedInt NOTIFY changed)
    Q_PROPERTY(double real MEMBER m_real NOTIFY changed)
    Q_PROPERTY(QString text MEMBER m_text NOTIFY changed)
    Q_PROPERTY(QByteArray bytes MEMBER m_bytes NOTIFY changed)
    Q_PROPERTY(QDate date MEMBER m_date NOTIFY changed)
    Q_PROPERTY(QTime time MEMBER m_time NOTIFY changed)
    Q_PROPERTY(QDateTime dateTime MEMBER m_dateTime NOTIFY changed)
    Q_PROPERTY(QUuid uuid MEMBER m_uuid NOTIFY changed)
    Q_PROPERTY(QJsonObject object MEMBER m_object NOTIFY changed)
    Q_PROPERTY(QJsonArray array MEMBER m_array NOTIFY changed)
    Q_PROPERTY(Color color MEMBER m_color NOTIFY changed)
    Q_PROPERTY(Priority priority MEMBER m_priority NOTIFY changed)
    Q_PROPERTY(std::optional<int> maybeInt MEMBER m_maybeInt NOTIFY changed)
    Q_PROPERTY(std::optional<qint64> maybeBig MEMBER m_maybeBig NOTIFY changed)
    Q_PROPERTY(std::optional<double> maybeReal MEMBER m_maybeReal NOTIFY changed)
    Q_PROPERTY(std::optional<QString> maybeText MEMBER m_maybeText NOTIFY changed)
    Q_PROPERTY(std::optional<QDate> maybeDate MEMBER m_maybeDate NOTIFY changed)
    Q_PROPERTY(std::optional<bool> maybeFlag MEMBER m_maybeFlag NOTIFY changed)

public:
    Q_INVOKABLE explicit Sample(QObject *parent = nullptr) : QObject(parent) {}

    qint64 m_id = 0;
    bool m_flag = false;
    int m_integer = 0;
    qint64 m_big = 0;
    uint m_unsignedInt = 0;
    double m_real = 0;
    QString m_text;
    QByteArray m_bytes;
    QDate m_date;
    QTime m_time;
    QDateTime m_dateTime;
    QUuid m_uuid;
    QJsonObject m_object;
    QJsonArray m_array;
    Color m_color = Color::Red;
    Priority m_priority = Low;
    std::optional<int> m_maybeInt;
    std::optional<qint64> m_maybeBig;
    std::optional<double> m_maybeReal;
    std::optional<QString> m_maybeText;
    std::optional<QDate> m_maybeDate;
    std::optional<bool> m_maybeFlag;

signals:
    void changed();
};

// NOT NULL columns of types that have a null value.
class Strict : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "strict_rows")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
    Q_PROPERTY(QByteArray blob MEMBER m_blob NOTIFY changed)
    Q_PROPERTY(QDate day MEMBER m_day NOTIFY changed)
public:
    Q_INVOKABLE explicit Strict(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_name = QStringLiteral("name");
    QByteArray m_blob = QByteArray("blob");
    QDate m_day = QDate(2024, 1, 1);
signals:
    void changed();
};

namespace {

// Unwraps the std::optional types Sample uses; other values are returned as they are.
template <typename T> bool unwrapOptional(const QVariant &value, QVariant *plain, bool *empty)
{
    if (value.metaType() != QMetaType::fromType<std::optional<T>>())
        return false;
    const auto optional = value.value<std::optional<T>>();
    *empty = !optional.has_value();
    *plain = optional ? QVariant::fromValue(*optional) : QVariant();
    return true;
}

bool unwrap(const QVariant &value, QVariant *plain, bool *empty)
{
    return unwrapOptional<int>(value, plain, empty) ||
           unwrapOptional<qint64>(value, plain, empty) ||
           unwrapOptional<double>(value, plain, empty) ||
           unwrapOptional<QString>(value, plain, empty) ||
           unwrapOptional<QDate>(value, plain, empty) || unwrapOptional<bool>(value, plain, empty);
}

// A value as exact text: keeps apart what operator== does not (a null and an empty
// QString, 0.0 and -0.0, the last bit of a double) and names the type.
QString describe(const QVariant &value)
{
    QVariant plain;
    bool empty = false;
    if (unwrap(value, &plain, &empty)) {
        return empty ? QStringLiteral("nullopt")
                     : QStringLiteral("optional(%1)").arg(describe(plain));
    }
    if (!value.isValid())
        return QStringLiteral("<invalid QVariant>");
    const QString type = QString::fromLatin1(value.metaType().name());
    switch (value.metaType().id()) {
    case QMetaType::Double:
        return QString::asprintf("double %.17g", value.toDouble());
    case QMetaType::QString:
        return value.toString().isNull() ? QStringLiteral("null QString")
                                         : QStringLiteral("QString \"%1\"").arg(value.toString());
    case QMetaType::QByteArray:
        return value.toByteArray().isNull()
                   ? QStringLiteral("null QByteArray")
                   : QStringLiteral("QByteArray %1")
                         .arg(QString::fromLatin1(value.toByteArray().toHex()));
    case QMetaType::QDate:
        return value.toDate().isValid()
                   ? QStringLiteral("QDate ") + value.toDate().toString(Qt::ISODate)
                   : QStringLiteral("invalid QDate");
    case QMetaType::QTime:
        return value.toTime().isValid()
                   ? QStringLiteral("QTime ") + value.toTime().toString(Qt::ISODateWithMs)
                   : QStringLiteral("invalid QTime");
    case QMetaType::QDateTime: // the instant, in UTC
        return value.toDateTime().isValid()
                   ? QStringLiteral("QDateTime ") +
                         value.toDateTime().toUTC().toString(Qt::ISODateWithMs)
                   : QStringLiteral("invalid QDateTime");
    case QMetaType::QJsonObject:
        return QStringLiteral("QJsonObject ") +
               QString::fromUtf8(
                   QJsonDocument(value.toJsonObject()).toJson(QJsonDocument::Compact));
    case QMetaType::QJsonArray:
        return QStringLiteral("QJsonArray ") +
               QString::fromUtf8(QJsonDocument(value.toJsonArray()).toJson(QJsonDocument::Compact));
    default:
        break;
    }
    if (value.metaType().flags().testFlag(QMetaType::IsEnumeration))
        return QStringLiteral("%1 %2").arg(type).arg(value.toInt());
    return QStringLiteral("%1 %2").arg(type, value.toString());
}

// Sets a property of a fresh Sample. A MEMBER property's generated setter does nothing
// when the new value compares equal to the old one, and QString/QByteArray compare a null
// and an empty value equal: those members are assigned directly.
void assign(Sample *sample, const QString &property, const QVariant &value)
{
    if (property == QLatin1String("text"))
        sample->m_text = value.toString();
    else if (property == QLatin1String("bytes"))
        sample->m_bytes = value.toByteArray();
    else
        sample->setProperty(property.toLatin1(), value);
}

// Assigned directly, for the same reason as above (null -> '' would be skipped).
void assign(Strict *strict, const QString &property, const QVariant &value)
{
    if (property == QLatin1String("name"))
        strict->m_name = value.toString();
    else if (property == QLatin1String("blob"))
        strict->m_blob = value.toByteArray();
    else
        strict->m_day = value.toDate();
}

// The value as a query compares it: plain (an optional unwrapped, nullopt as NULL).
QVariant comparable(const QVariant &value)
{
    QVariant plain;
    bool empty = false;
    return unwrap(value, &plain, &empty) ? plain : value;
}

struct TypeCase {
    const char *name;
    const char *property;
    QVariant value;
};

QList<TypeCase> typeCases()
{
    const QJsonObject nested{
        {QStringLiteral("name"), QStringLiteral("Grüße 😀")},
        {QStringLiteral("count"), 3},
        {QStringLiteral("ratio"), 0.25},
        {QStringLiteral("ok"), true},
        {QStringLiteral("nothing"), QJsonValue::Null},
        {QStringLiteral("tags"), QJsonArray{QStringLiteral("a"), 1, false}},
        {QStringLiteral("inner"),
         QJsonObject{{QStringLiteral("deep"), QJsonObject{{QStringLiteral("x"), -1}}}}},
    };
    const QByteArray binary("\x00\x01\xff\xfe'\"\\\x00\x7f", 9);
    QByteArray everyByte;
    for (int i = 0; i < 256; ++i)
        everyByte.append(char(i));
    const QDate leap(2024, 2, 29);
    const QDateTime utc(QDate(2024, 3, 9), QTime(13, 45, 12, 345), Qt::UTC);
    const QDateTime india(QDate(2024, 3, 9), QTime(19, 15, 12, 345), QTimeZone(5 * 3600 + 30 * 60));
    const auto q = [](auto value) { return QVariant::fromValue(value); };
    return {
        {"bool-true", "flag", true},
        {"bool-false", "flag", false},
        {"int-min", "integer", std::numeric_limits<int>::min()},
        {"int-max", "integer", std::numeric_limits<int>::max()},
        {"qint64-min", "big", std::numeric_limits<qint64>::min()},
        {"qint64-max", "big", std::numeric_limits<qint64>::max()},
        {"qint64-2^53+1", "big", (qint64(1) << 53) + 1},
        {"uint-max", "unsignedInt", std::numeric_limits<uint>::max()},
        {"double-third", "real", 1.0 / 3.0},
        {"double-tenth", "real", 0.1},
        {"double-1e300", "real", 1e300},
        {"double-minus-zero", "real", -0.0},
        {"double-denormal", "real", std::numeric_limits<double>::denorm_min()},
        {"double-minus-1e-300", "real", -1e-300},
        {"double-max", "real", std::numeric_limits<double>::max()},
        {"double-2^53+1", "real", 9007199254740993.0},
        {"string-german", "text", QStringLiteral("Grüße")},
        {"string-cjk", "text", QStringLiteral("漢字かな한국어")},
        {"string-emoji", "text", QStringLiteral("😀 and 𝄞")},
        {"string-quotes", "text", QStringLiteral("it's \\ \"quoted\" %_?")},
        {"string-long", "text", QString(20000, QLatin1Char('x'))},
        {"string-empty", "text", QString(QLatin1String(""))},
        {"string-null", "text", QString()},
        {"bytes-binary", "bytes", binary},
        {"bytes-every-byte", "bytes", everyByte},
        {"bytes-empty", "bytes", QByteArray("", 0)},
        {"bytes-null", "bytes", QByteArray()},
        {"date-leap", "date", leap},
        {"date-1899-12-31", "date", QDate(1899, 12, 31)},
        {"date-1000-01-01", "date", QDate(1000, 1, 1)},
        {"date-0900-01-01", "date", QDate(900, 1, 1)},
        {"date-9999-12-31", "date", QDate(9999, 12, 31)},
        {"date-invalid-is-null", "date", QDate()},
        {"time-ms", "time", QTime(13, 45, 12, 345)},
        {"time-midnight", "time", QTime(0, 0)},
        {"time-last-ms", "time", QTime(23, 59, 59, 999)},
        {"time-invalid-is-null", "time", QTime()},
        {"datetime-utc-ms", "dateTime", utc},
        {"datetime-offset-0530", "dateTime", india},
        {"datetime-local", "dateTime", QDateTime(QDate(2021, 7, 1), QTime(8, 30, 0, 1))},
        {"datetime-1969", "dateTime", QDateTime(QDate(1969, 7, 20), QTime(20, 17, 40), Qt::UTC)},
        {"datetime-1899", "dateTime",
         QDateTime(QDate(1899, 12, 31), QTime(23, 59, 59, 999), Qt::UTC)},
        {"datetime-invalid-is-null", "dateTime", QDateTime()},
        {"uuid", "uuid", QUuid(QStringLiteral("{67c8770b-44f1-410a-ab9a-f9b5446f13ee}"))},
        {"uuid-null", "uuid", QUuid()},
        {"json-object-nested", "object", nested},
        {"json-object-empty", "object", QJsonObject()},
        {"json-array", "array",
         QJsonArray{1, QStringLiteral("two"), QJsonObject{{QStringLiteral("three"), 3}},
                    QJsonArray{}}},
        {"enum-as-name", "color", q(Sample::Color::Green)},
        {"enum-as-int", "priority", q(Sample::High)},
        {"optional-int", "maybeInt", q(std::optional<int>(-42))},
        {"optional-int-zero", "maybeInt", q(std::optional<int>(0))},
        {"optional-int-empty", "maybeInt", q(std::optional<int>())},
        {"optional-qint64", "maybeBig",
         q(std::optional<qint64>(std::numeric_limits<qint64>::max()))},
        {"optional-qint64-empty", "maybeBig", q(std::optional<qint64>())},
        {"optional-double", "maybeReal", q(std::optional<double>(2.0 / 3.0))},
        {"optional-double-empty", "maybeReal", q(std::optional<double>())},
        {"optional-string", "maybeText", q(std::optional<QString>(QStringLiteral("😀")))},
        {"optional-string-empty-string", "maybeText",
         q(std::optional<QString>(QString(QLatin1String(""))))},
        {"optional-string-empty", "maybeText", q(std::optional<QString>())},
        {"optional-date", "maybeDate", q(std::optional<QDate>(QDate(1850, 6, 15)))},
        {"optional-date-empty", "maybeDate", q(std::optional<QDate>())},
        {"optional-bool-true", "maybeFlag", q(std::optional<bool>(true))},
        {"optional-bool-false", "maybeFlag", q(std::optional<bool>(false))},
        {"optional-bool-empty", "maybeFlag", q(std::optional<bool>())},
    };
}

} // namespace

class tst_Types : public QObject {
    Q_OBJECT

private:
    static void addBackends()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }

private slots:
    void shouldReadBackWhatWasWritten_data();
    void shouldReadBackWhatWasWritten();
    // The same values, written by an UPDATE: a flush must see each type's change.
    void shouldWriteAChangeOfEveryType_data();
    void shouldWriteAChangeOfEveryType();
    void shouldStoreEnumsAsNameOrInt_data() { addBackends(); }
    void shouldStoreEnumsAsNameOrInt();
    void shouldUpdateBetweenNullAndEmpty_data() { addBackends(); }
    void shouldUpdateBetweenNullAndEmpty();
    void shouldRefuseNullInNotNullColumnAndKeepTheObjectPending_data();
    void shouldRefuseNullInNotNullColumnAndKeepTheObjectPending();
    void shouldWriteEveryKindOfNullAsTheDefault_data();
    void shouldWriteEveryKindOfNullAsTheDefault();
};

void tst_Types::shouldReadBackWhatWasWritten_data()
{
    QuarryTest::addBackendColumn();
    QTest::addColumn<QString>("property");
    QTest::addColumn<QVariant>("value");
    const QList<TypeCase> cases = typeCases();
    for (const QuarryTest::Backend &backend : QuarryTest::backends()) {
        for (const TypeCase &typeCase : cases) {
            QTest::addRow("%s/%s", qPrintable(backend.name), typeCase.name)
                << backend.url << QString::fromLatin1(typeCase.property) << typeCase.value;
        }
    }
}

void tst_Types::shouldReadBackWhatWasWritten()
{
    // Given an empty table with a column for the value's type
    QUARRY_FRESH_URL(databaseUrl);
    QFETCH(QString, property);
    QFETCH(QVariant, value);
    Database db = Database::open(databaseUrl);
    QUARRY_VERIFY(db.isValid(), db);
    QUARRY_VERIFY(db.registerEntity<Sample>(), db);
    QUARRY_VERIFY(db.createAll(), db);
    const QByteArray name = property.toLatin1();

    // When an object holding the value is committed by one session
    qint64 id = 0;
    {
        Session writer(db);
        auto *sample = new Sample;
        assign(sample, property, value);
        QCOMPARE(describe(sample->property(name)), describe(value));
        QUARRY_VERIFY(writer.add(sample), writer);
        QUARRY_VERIFY(writer.commit(), writer);
        id = sample->m_id;
        QVERIFY(id > 0);
    }

    // Then a new session reads the very same value back from the database
    Session reader(db);
    Sample *loaded = reader.get<Sample>(id);
    QUARRY_VERIFY(loaded, reader);
    const QVariant stored = loaded->property(name);
    QCOMPARE(describe(stored), describe(value));
    QVERIFY2(stored == value, qPrintable(describe(stored)));

    // And the value finds its row when compared in a WHERE clause (a null one as IS NULL)
    const qint64 matches = reader.query<Sample>().filterBy(property, comparable(value)).count();
    QUARRY_VERIFY(matches >= 0, reader);
    QCOMPARE(matches, qint64(1));
}

void tst_Types::shouldWriteAChangeOfEveryType_data()
{
    QuarryTest::addBackendColumn();
    QTest::addColumn<QString>("property");
    QTest::addColumn<QVariant>("start");
    QTest::addColumn<QVariant>("value");
    // Each value replaces another case's value of the same property (a value to a value),
    // or the default when it is the only one.
    const QList<TypeCase> cases = typeCases();
    for (const QuarryTest::Backend &backend : QuarryTest::backends()) {
        for (const TypeCase &typeCase : cases) {
            QVariant start;
            for (const TypeCase &other : cases) {
                if (qstrcmp(other.property, typeCase.property) == 0
                    && describe(other.value) != describe(typeCase.value)) {
                    start = other.value;
                    break;
                }
            }
            QTest::addRow("%s/%s", qPrintable(backend.name), typeCase.name)
                << backend.url << QString::fromLatin1(typeCase.property) << start
                << typeCase.value;
        }
    }
}

void tst_Types::shouldWriteAChangeOfEveryType()
{
    // Given a stored object with another value for the property
    QUARRY_FRESH_URL(databaseUrl);
    QFETCH(QString, property);
    QFETCH(QVariant, start);
    QFETCH(QVariant, value);
    Database db = Database::open(databaseUrl);
    QUARRY_VERIFY(db.isValid(), db);
    QUARRY_VERIFY(db.registerEntity<Sample>(), db);
    QUARRY_VERIFY(db.createAll(), db);
    qint64 id = 0;
    {
        Session writer(db);
        auto *sample = new Sample;
        if (start.isValid())
            assign(sample, property, start);
        QUARRY_VERIFY(writer.add(sample), writer);
        QUARRY_VERIFY(writer.commit(), writer);
        id = sample->m_id;
    }

    // When another session loads it, gives the property the value and commits
    {
        Session changer(db);
        Sample *sample = changer.get<Sample>(id);
        QUARRY_VERIFY(sample, changer);
        assign(sample, property, value);
        QUARRY_VERIFY(changer.commit(), changer);
        QVERIFY(!changer.isDirty(sample));
    }

    // Then a new session reads the value back
    Session reader(db);
    Sample *loaded = reader.get<Sample>(id);
    QUARRY_VERIFY(loaded, reader);
    const QVariant stored = loaded->property(property.toLatin1());
    QCOMPARE(describe(stored), describe(value));
}

void tst_Types::shouldStoreEnumsAsNameOrInt()
{
    // Given a sample with an enum stored by name and one stored as int
    QUARRY_FRESH_URL(databaseUrl);
    Database db = Database::open(databaseUrl);
    QUARRY_VERIFY(db.isValid(), db);
    QUARRY_VERIFY(db.registerEntity<Sample>(), db);
    QUARRY_VERIFY(db.createAll(), db);
    Session session(db);
    auto *sample = new Sample;
    sample->m_color = Sample::Color::Blue;
    sample->m_priority = Sample::Normal;
    QUARRY_VERIFY(session.add(sample), session);
    QUARRY_VERIFY(session.commit(), session);

    // When the columns are read with plain SQL
    bool ok = false;
    const QList<QVariantList> rows = session.execute(
        QStringLiteral("SELECT color, priority FROM samples WHERE id = ?"), {sample->m_id}, &ok);
    QUARRY_VERIFY(ok, session);

    // Then the database holds the enumerator's name and its integer value
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.at(0).at(0).toString(), QStringLiteral("Blue"));
    bool isNumber = false;
    QCOMPARE(rows.at(0).at(1).toString().toInt(&isNumber), int(Sample::Normal));
    QVERIFY(isNumber);

    // And both can be queried by enum value
    QCOMPARE(session.query<Sample>()
                 .filterBy(QStringLiteral("color"), QVariant::fromValue(Sample::Color::Blue))
                 .count(),
             qint64(1));
    QCOMPARE(session.query<Sample>()
                 .filterBy(QStringLiteral("priority"), QVariant::fromValue(Sample::Normal))
                 .count(),
             qint64(1));
}

void tst_Types::shouldUpdateBetweenNullAndEmpty()
{
    // Given a committed sample whose text and bytes are NULL
    QUARRY_FRESH_URL(databaseUrl);
    Database db = Database::open(databaseUrl);
    QUARRY_VERIFY(db.isValid(), db);
    QUARRY_VERIFY(db.registerEntity<Sample>(), db);
    QUARRY_VERIFY(db.createAll(), db);
    Session session(db);
    auto *sample = new Sample;
    QUARRY_VERIFY(session.add(sample), session);
    QUARRY_VERIFY(session.commit(), session);
    // What the row holds, read with plain SQL by another session: "NULL" or 'text'/<hex>.
    const auto stored = [&]() -> QString {
        Session reader(db);
        bool ok = false;
        const QList<QVariantList> rows = reader.execute(
            QStringLiteral("SELECT text IS NULL, text, bytes IS NULL, bytes FROM samples "
                           "WHERE id = ?"),
            {sample->m_id}, &ok);
        if (!ok || rows.size() != 1)
            return QStringLiteral("<error: %1>").arg(reader.lastError().toString());
        const QVariantList &row = rows.at(0);
        return (row.at(0).toBool() ? QStringLiteral("NULL")
                                   : QLatin1Char('\'') + row.at(1).toString() + QLatin1Char('\'')) +
               QLatin1Char(' ') +
               (row.at(2).toBool() ? QStringLiteral("NULL")
                                   : QStringLiteral("<%1>").arg(
                                         QString::fromLatin1(row.at(3).toByteArray().toHex())));
    };
    QCOMPARE(stored(), QStringLiteral("NULL NULL"));

    // When both become empty (assigned, then notified), then the row holds empty values
    sample->m_text = QString(QLatin1String(""));
    sample->m_bytes = QByteArray("", 0);
    emit sample->changed();
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(stored(), QStringLiteral("'' <>"));

    // When both become null again, then the row holds NULLs again
    sample->m_text = QString();
    sample->m_bytes = QByteArray();
    emit sample->changed();
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(stored(), QStringLiteral("NULL NULL"));
}

void tst_Types::shouldRefuseNullInNotNullColumnAndKeepTheObjectPending_data()
{
    QuarryTest::addBackendColumn();
    QTest::addColumn<QString>("property");
    QTest::addColumn<QVariant>("nullValue");
    QTest::addColumn<QVariant>("goodValue");
    for (const QuarryTest::Backend &backend : QuarryTest::backends()) {
        const QByteArray name = backend.name.toLatin1();
        QTest::addRow("%s/QString", name.constData())
            << backend.url << QStringLiteral("name") << QVariant(QString())
            << QVariant(QStringLiteral("fixed"));
        QTest::addRow("%s/QByteArray", name.constData())
            << backend.url << QStringLiteral("blob") << QVariant(QByteArray())
            << QVariant(QByteArray("\0", 1));
        QTest::addRow("%s/QDate", name.constData())
            << backend.url << QStringLiteral("day") << QVariant(QDate())
            << QVariant(QDate(1500, 5, 5));
    }
}

void tst_Types::shouldRefuseNullInNotNullColumnAndKeepTheObjectPending()
{
    // Given a NOT NULL column and an object whose value for it is null
    QUARRY_FRESH_URL(databaseUrl);
    QFETCH(QString, property);
    QFETCH(QVariant, nullValue);
    QFETCH(QVariant, goodValue);
    Database db = Database::open(databaseUrl);
    QUARRY_VERIFY(db.isValid(), db);
    QUARRY_VERIFY(db.registerEntity<Strict>(), db);
    QUARRY_VERIFY(db.createAll(), db);
    Session session(db);
    auto *strict = new Strict;
    assign(strict, property, nullValue);
    QUARRY_VERIFY(session.add(strict), session);

    // When it is committed
    const bool committed = session.commit();

    // Then the database refuses it as a NOT NULL violation
    QVERIFY(!committed);
    QCOMPARE(session.lastError().kind(), Error::NotNullViolation);
    QVERIFY(!session.lastError().message().isEmpty());
    QVERIFY(!session.lastError().sqlError().nativeErrorCode().isEmpty());

    // And the object is still pending, with no key
    QVERIFY(session.contains(strict));
    QVERIFY(session.isDirty(strict));
    QCOMPARE(strict->m_id, qint64(0));
    QVERIFY(!session.inTransaction());

    // When the value is fixed and committed again
    assign(strict, property, goodValue);
    QUARRY_VERIFY(session.commit(), session);

    // Then the row is there, with the fixed value
    QVERIFY(strict->m_id > 0);
    Session reader(db);
    Strict *loaded = reader.get<Strict>(strict->m_id);
    QUARRY_VERIFY(loaded, reader);
    QCOMPARE(describe(loaded->property(property.toLatin1())), describe(goodValue));
}

void tst_Types::shouldWriteEveryKindOfNullAsTheDefault_data()
{
    QTest::addColumn<QString>("property");
    QTest::addColumn<QVariant>("start");
    QTest::addColumn<QVariant>("null");
    const QVariant none;
    const QVariant nullText(QMetaType::fromType<QString>());
    const QVariant nullNumber(QMetaType::fromType<qlonglong>());
    const QDateTime instant(QDate(2024, 5, 1), QTime(10, 0), Qt::UTC);
    struct Case {
        const char *property;
        QVariant start;
        QVariant ownTypeNull;
        QVariant otherTypeNull;
    };
    const Case cases[] = {
        {"integer", 7, QVariant(QMetaType::fromType<int>()), nullText},
        {"big", qint64(7), nullNumber, nullText},
        {"real", 1.5, QVariant(QMetaType::fromType<double>()), nullText},
        {"text", QStringLiteral("x"), nullText, nullNumber},
        {"dateTime", instant, QVariant(QMetaType::fromType<QDateTime>()), nullText},
        {"color", QVariant::fromValue(Sample::Color::Blue),
         QVariant(QMetaType::fromType<Sample::Color>()), nullText},
        {"priority", QVariant::fromValue(Sample::High),
         QVariant(QMetaType::fromType<Sample::Priority>()), nullText},
        {"maybeInt", QVariant::fromValue(std::optional<int>(7)), nullNumber, nullText},
    };
    for (const Case &c : cases) {
        QTest::addRow("%s: invalid", c.property) << c.property << c.start << none;
        QTest::addRow("%s: its type's null", c.property) << c.property << c.start << c.ownTypeNull;
        QTest::addRow("%s: another type's null", c.property)
            << c.property << c.start << c.otherTypeNull;
    }
}

// PropertyInfo::write() of a NULL, however it comes (an invalid QVariant, or a typed null
// as QtSql's drivers return them, of the property's type or another), leaves the default
// value of the property's type (an enum's 0, not a member's initial value).
void tst_Types::shouldWriteEveryKindOfNullAsTheDefault()
{
    QFETCH(QString, property);
    QFETCH(QVariant, start);
    QFETCH(QVariant, null);
    Database db = Database::open(QStringLiteral("sqlite://"));
    QVERIFY(db.registerEntity<Sample>());
    const PropertyInfo *info = db.entity<Sample>()->property(property);
    QVERIFY(info);
    Sample sample;
    const QByteArray name = property.toLatin1();
    const QVariant typeDefault(sample.property(name).metaType());
    QVERIFY(sample.setProperty(name, start));
    QVERIFY(sample.property(name) != typeDefault);

    QVERIFY(info->write(&sample, null));

    QCOMPARE(sample.property(name), typeDefault);
}

QTEST_GUILESS_MAIN(tst_Types)
#include "tst_types.moc"
