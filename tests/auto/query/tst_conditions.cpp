// Conditions against real databases: every operator, IN, NULL, LIKE and its helpers, case
// sensitivity and combinations, each with the exact rows it must find, on every backend
// (DESIGN.md, "Semantics that are the same on every backend"). The SQL they become is
// golden text in tst_sqlbuilder.

#include "quarrytest.h"

#include "database.h"
#include "dialect_p.h"
#include "person.h"
#include "session.h"

#include <QTest>

using namespace Quarry;
using namespace QueryTest;

Q_DECLARE_METATYPE(Quarry::Condition)

namespace {

// Names chosen to trip every trap: the case twins Alice/ALICE (MariaDB's default
// collation would merge them), LIKE wildcards and the escape character as literal text
// next to look-alikes they must not match ("50%" / "500", "a_b" / "aXb"), a backslash
// (MySQL's and PostgreSQL's default LIKE escape), a 4-byte UTF-8 character, and NULLs.
// Ids are 1..10 in this order.
const QList<PersonRow> fixture = {
    {QStringLiteral("Alice"), 30, 1.5},
    {QStringLiteral("ALICE"), 25, 2.0},
    {QStringLiteral("bob"), std::nullopt, 3.25},
    {QStringLiteral("50%"), 41, -1},
    {QStringLiteral("500"), 30, 0},
    {QStringLiteral("a_b"), std::nullopt, 10},
    {QStringLiteral("aXb"), 18, 2.5},
    {QStringLiteral("x!y"), 60, 7},
    {QString::fromUtf8("\xF0\x9F\xA6\x8A fox"), 5, 6},
    {QStringLiteral("C:\\dir"), std::nullopt, 0.5},
};

const QString fox = QString::fromUtf8("\xF0\x9F\xA6\x8A fox");

QStringList allNames()
{
    QStringList names;
    for (const PersonRow &row : fixture)
        names << row.name;
    return names;
}

// A fresh database holding the fixture, or an invalid Database after a test failure.
Database openWithFixture(const QString &url)
{
    Database db = Database::open(url);
    if (!db.isValid() || !db.registerEntity<Person>() || !db.createAll()) {
        QTest::qFail(qPrintable(db.lastError().toString()), __FILE__, __LINE__);
        return {};
    }
    Session writer(db);
    if (!addPeople(writer, fixture)) {
        QTest::qFail(qPrintable(writer.lastError().toString()), __FILE__, __LINE__);
        return {};
    }
    return db;
}

void addCase(const char *tag, const Condition &condition, const QStringList &expected)
{
    QuarryTest::addBackendRows(qPrintable(QLatin1Char('/') + QLatin1String(tag)), condition,
                               expected);
}

} // namespace

class tst_Conditions : public QObject {
    Q_OBJECT

private slots:
    void where_data()
    {
        QuarryTest::addBackendColumn();
        QTest::addColumn<Condition>("condition");
        QTest::addColumn<QStringList>("expected");

        const Field id(QStringLiteral("id"));
        const Field name(QStringLiteral("name"));
        const Field age(QStringLiteral("age"));
        const Field score(QStringLiteral("score"));
        const QString alice = QStringLiteral("Alice"), ALICE = QStringLiteral("ALICE");

        // Comparisons (NULL is never equal, unequal, less or greater).
        addCase("equal", name == alice, {alice});
        addCase("equalIsCaseSensitive", name == QStringLiteral("alice"), {});
        addCase("equalUpperCase", name == ALICE, {ALICE});
        addCase("notEqual", age != 30, {ALICE, "50%", "aXb", "x!y", fox});
        addCase("less", age < 25, {"aXb", fox});
        addCase("lessOrEqual", age <= 25, {ALICE, "aXb", fox});
        addCase("greater", age > 30, {"50%", "x!y"});
        addCase("greaterOrEqual", age >= 30, {alice, "50%", "500", "x!y"});
        addCase("greaterDouble", score > 2.0, {"bob", "a_b", "aXb", "x!y", fox});
        addCase("lessOrEqualDouble", score <= 0, {"50%", "500"});
        // Byte-wise on every backend: digits < upper case < lower case.
        addCase("lessText", name < QStringLiteral("B"), {"50%", "500", ALICE, alice});
        addCase("fieldAgainstField", age < score, {fox});
        addCase("between", age.between(18, 25), {ALICE, "aXb"});
        addCase("betweenDouble", score.between(0, 1.5), {alice, "500", "C:\\dir"});

        // IN: empty lists never reach the database; long ones are split.
        addCase("inText", name.in({alice, QStringLiteral("bob"), QStringLiteral("nobody")}),
                {alice, "bob"});
        addCase("inNumbers", age.in({30, 5}), {alice, "500", fox});
        addCase("inEmpty", id.in({}), {});
        addCase("notInEmpty", !id.in({}), allNames());
        addCase("notIn", !age.in({30, 41}), {ALICE, "aXb", "x!y", fox});
        QVariantList ids;
        for (int i = 0; i < 2500; ++i)
            ids << 1000 + i;
        ids[0] = 2;    // first chunk of 1000
        ids[1500] = 5; // second
        ids[2499] = 9; // third
        addCase("inLongList", id.in(ids), {ALICE, "500", fox});
        addCase("notInLongList", !id.in(ids),
                {alice, "bob", "50%", "a_b", "aXb", "x!y", "C:\\dir"});
        // Long lists of text compare as `=` does (case-sensitive, exact), doubles exactly.
        QVariantList texts{alice, fox, QStringLiteral("C:\\dir"), QStringLiteral("a_b")};
        QVariantList scores{1.5, 0.5};
        for (int i = 0; i < 1500; ++i) {
            texts << QStringLiteral("name %1").arg(i);
            scores << 100.25 + i;
        }
        addCase("inLongTextList", name.in(texts), {alice, fox, "C:\\dir", "a_b"});
        addCase("inLongDoubleList", score.in(scores), {alice, "C:\\dir"});

        // NULL
        const QStringList withoutAge{"bob", "a_b", "C:\\dir"};
        const QStringList withAge{alice, ALICE, "50%", "500", "aXb", "x!y", fox};
        addCase("isNull", age.isNull(), withoutAge);
        addCase("equalNull", age == QVariant(), withoutAge);
        addCase("isNotNull", age.isNotNull(), withAge);
        addCase("notEqualNull", age != QVariant(), withAge);

        // LIKE: like() takes a raw pattern, the helpers match their text literally.
        addCase("likeUnderscore", name.like(QStringLiteral("a_b")), {"a_b", "aXb"});
        addCase("likePercent", name.like(QStringLiteral("50%")), {"50%", "500"});
        addCase("likeIsCaseSensitive", name.like(QStringLiteral("%li%")), {alice});
        // A backslash is literal in a raw pattern on every backend (explicit ESCAPE '!').
        addCase("likeBackslashIsLiteral", name.like(QStringLiteral("C:\\%")), {"C:\\dir"});
        addCase("likeEscapeCharacterIsLiteral", name.like(QStringLiteral("x!%")), {"x!y"});
        addCase("startsWithPercent", name.startsWith(QStringLiteral("50%")), {"50%"});
        addCase("endsWithUnderscore", name.endsWith(QStringLiteral("_b")), {"a_b"});
        addCase("containsUnderscore", name.contains(QStringLiteral("_")), {"a_b"});
        addCase("containsEscapeCharacter", name.contains(QStringLiteral("x!")), {"x!y"});
        addCase("containsBackslash", name.contains(QStringLiteral("\\")), {"C:\\dir"});
        addCase("startsWithBackslashText", name.startsWith(QStringLiteral("C:\\d")), {"C:\\dir"});
        addCase("startsWithIsCaseSensitive", name.startsWith(QStringLiteral("a")), {"a_b", "aXb"});
        addCase("startsWithUpperCase", name.startsWith(QStringLiteral("A")), {alice, ALICE});
        addCase("startsWithInsensitive", name.startsWith(QStringLiteral("a"), Qt::CaseInsensitive),
                {alice, ALICE, "a_b", "aXb"});
        addCase("containsInsensitive", name.contains(QStringLiteral("LIC"), Qt::CaseInsensitive),
                {alice, ALICE});
        addCase("likeInsensitive", name.like(QStringLiteral("alice"), Qt::CaseInsensitive),
                {alice, ALICE});
        addCase("endsWithInsensitiveEscaped",
                name.endsWith(QStringLiteral("_B"), Qt::CaseInsensitive), {"a_b"});

        // 4-byte UTF-8
        addCase("emojiEqual", name == fox, {fox});
        addCase("emojiStartsWith", name.startsWith(QString::fromUtf8("\xF0\x9F\xA6\x8A")), {fox});
        addCase("emojiContainsInsensitive",
                name.contains(QString::fromUtf8("\xF0\x9F\xA6\x8A FOX"), Qt::CaseInsensitive),
                {fox});

        // &&, ||, ! and the empty condition
        addCase("and", age > 20 && score < 2, {alice, "50%", "500"});
        addCase("or", age < 10 || score > 6.5, {fox, "a_b", "x!y"});
        addCase("not", !(age > 25), {ALICE, "aXb", fox});
        addCase("notOfOr", !(age.isNull() || score > 2), {alice, ALICE, "50%", "500"});
        addCase("mixed", (age >= 30 || age.isNull()) && !name.startsWith(QStringLiteral("5")),
                {alice, "x!y", "bob", "a_b", "C:\\dir"});
        addCase("empty", Condition(), allNames());
        addCase("emptyAndCondition", Condition() && age > 40, {"50%", "x!y"});
        addCase("emptyOrCondition", Condition() || age > 40, allNames());
    }

    void where()
    {
        QUARRY_FRESH_URL(fresh);
        QFETCH(Condition, condition);
        QFETCH(QStringList, expected);
        const Database db = openWithFixture(fresh);
        if (!db.isValid())
            return;

        // When the condition is queried
        Session session(db);
        const QList<Person *> found = session.query<Person>().where(condition).all();
        QVERIFY2(!session.lastError(), qPrintable(session.lastError().toString()));

        // Then exactly the expected rows come back, and count() agrees
        QCOMPARE(sorted(namesOf(found)), sorted(expected));
        QCOMPARE(session.query<Person>().where(condition).count(), qint64(expected.size()));
        QCOMPARE(session.query<Person>().where(condition).exists(), !expected.isEmpty());
    }

    // DESIGN.md: IN lists "longer than the backend's parameter limit are split or bound as
    // an array". One value more than the dialect says the backend binds in one statement.
    void inListBeyondParameterLimit_data()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }

    void inListBeyondParameterLimit()
    {
        QUARRY_FRESH_URL(fresh);
        const Database db = openWithFixture(fresh);
        if (!db.isValid())
            return;
        QVariantList ids;
        const int size = Private::Dialect::forBackend(db.backend())->maxBoundValues() + 1;
        for (int i = 0; i < size; ++i)
            ids << 1000 + i;
        ids.first() = 1;
        ids.last() = 10;

        Session session(db);
        const QList<Person *> found =
            session.query<Person>().where(Field(QStringLiteral("id")).in(ids)).all();
        QVERIFY2(!session.lastError(), qPrintable(session.lastError().toString().left(200)));
        QCOMPARE(sorted(namesOf(found)),
                 sorted({QStringLiteral("Alice"), QStringLiteral("C:\\dir")}));
    }

    // Strings with 4-byte UTF-8 characters read back exactly (MariaDB: utf8mb4).
    void emojiRoundTrip_data()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }

    void emojiRoundTrip()
    {
        QUARRY_FRESH_URL(fresh);
        const Database db = openWithFixture(fresh);
        if (!db.isValid())
            return;
        const QString text = QString::fromUtf8("\xF0\x9F\x8E\x89 \xF0\x9D\x84\x9E \xC3\xA9");
        {
            Session writer(db);
            QVERIFY(addPeople(writer, {{text, 1, 1}}));
        }
        Session session(db);
        Person *person = session.get<Person>(11);
        QUARRY_VERIFY(person, session);
        QCOMPARE(person->m_name, text);
        QCOMPARE(session.query<Person>().where(Field(QStringLiteral("name")) == text).count(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_Conditions)
#include "tst_conditions.moc"
