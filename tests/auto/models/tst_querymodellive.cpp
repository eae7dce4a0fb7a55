// QueryModel, live: commits of other sessions (and of its own session outside the model)
// show up without a refresh, as precise signals where the model can place the change.

#include "modelfixture.h"

#include <QtTest>

using namespace ModelTest;
using Quarry::Field;
using Quarry::QueryModel;

class tst_QueryModelLive : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldRepaintRowsChangedElsewhere_data() { backends(); }
    void shouldRepaintRowsChangedElsewhere();
    void shouldInsertRowsAddedElsewhereInTheirPlace_data() { backends(); }
    void shouldInsertRowsAddedElsewhereInTheirPlace();
    void shouldRemoveRowsDeletedElsewhere_data() { backends(); }
    void shouldRemoveRowsDeletedElsewhere();
    void shouldMoveRowsWhoseSortKeyChanged_data() { backends(); }
    void shouldMoveRowsWhoseSortKeyChanged();
    void shouldFollowRowsInAndOutOfTheFilter_data() { backends(); }
    void shouldFollowRowsInAndOutOfTheFilter();
    void shouldSettleChangesToRowsItNeverLoaded_data() { backends(); }
    void shouldSettleChangesToRowsItNeverLoaded();
    void shouldReloadAfterRawSql_data() { backends(); }
    void shouldReloadAfterRawSql();
    void shouldShowCommitsOfItsOwnSession_data() { backends(); }
    void shouldShowCommitsOfItsOwnSession();
    void shouldKeepTwoModelsInStep_data() { backends(); }
    void shouldKeepTwoModelsInStep();
    void shouldFollowARollbackOfItsSession_data() { backends(); }
    void shouldFollowARollbackOfItsSession();

private:
    void backends()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }
};

void tst_QueryModelLive::shouldRepaintRowsChangedElsewhere()
{
    // Given a model showing ten contacts
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 10);
    QVERIFY(f.seeded);
    QCOMPARE(column(f.model, City), QStringLiteral("-,Oslo,Berlin,Lima,-,Oslo,Berlin,Lima,-,Oslo"));
    SignalLog log(&f.model);

    // When another session changes one of them
    Quarry::Session other(f.db);
    auto *contact =
        other.query<Contact>().filterBy(QStringLiteral("name"), QStringLiteral("c003")).one();
    QVERIFY(contact);
    contact->setProperty("city", QStringLiteral("Cairo"));
    QUARRY_VERIFY(other.commit(), other);

    // Then exactly that row is repainted, with the new value
    QCOMPARE(log.take(), QStringLiteral("changed(3)"));
    QCOMPARE(f.model.index(3, City).data().toString(), QStringLiteral("Cairo"));
}

void tst_QueryModelLive::shouldInsertRowsAddedElsewhereInTheirPlace()
{
    // Given a model sorted by name, descending
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 10);
    QVERIFY(f.seeded);
    f.model.sort(Name, Qt::DescendingOrder);
    QCOMPARE(column(f.model, Name),
             QStringLiteral("c009,c008,c007,c006,c005,c004,c003,c002,c001,c000"));
    SignalLog log(&f.model);

    // When another session adds two contacts
    Quarry::Session other(f.db);
    other.add(new Contact(QStringLiteral("c0035"), QStringLiteral("Oslo"), 40));
    other.add(new Contact(QStringLiteral("c100"), QStringLiteral("Oslo"), 40));
    QUARRY_VERIFY(other.commit(), other);

    // Then each appears where the order puts it
    QCOMPARE(log.take(), QStringLiteral("inserted(0) inserted(7)"));
    QCOMPARE(column(f.model, Name),
             QStringLiteral("c100,c009,c008,c007,c006,c005,c004,c0035,c003,c002,c001,c000"));
}

void tst_QueryModelLive::shouldRemoveRowsDeletedElsewhere()
{
    // Given a model
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 6);
    QVERIFY(f.seeded);
    QCOMPARE(column(f.model, Name), QStringLiteral("c000,c001,c002,c003,c004,c005"));
    SignalLog log(&f.model);

    // When another session deletes a row
    Quarry::Session other(f.db);
    QCOMPARE(
        other.query<Contact>()
            .where(
                Field(QStringLiteral("name")).in({QStringLiteral("c004"), QStringLiteral("c001")}))
            .remove(),
        2);
    QUARRY_VERIFY(other.commit(), other);

    // Then it leaves the model
    QCOMPARE(log.take(), QStringLiteral("removed(4) removed(1)"));
    QCOMPARE(column(f.model, Name), QStringLiteral("c000,c002,c003,c005"));
}

void tst_QueryModelLive::shouldMoveRowsWhoseSortKeyChanged()
{
    // Given a model sorted by age
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 8);
    QVERIFY(f.seeded);
    f.model.sort(Age, Qt::AscendingOrder);
    QCOMPARE(column(f.model, Age), QStringLiteral("20,27,34,41,48,55,62,69"));
    SignalLog log(&f.model);

    // When another session makes the youngest the oldest
    Quarry::Session other(f.db);
    auto *contact = other.query<Contact>().filterBy(QStringLiteral("age"), 20).one();
    QVERIFY(contact);
    contact->setProperty("age", 90);
    QUARRY_VERIFY(other.commit(), other);

    // Then the row moves to the end
    QCOMPARE(log.take(), QStringLiteral("removed(0) inserted(7)"));
    QCOMPARE(column(f.model, Age), QStringLiteral("27,34,41,48,55,62,69,90"));
    QCOMPARE(f.model.index(7, Name).data().toString(), QStringLiteral("c000"));
}

void tst_QueryModelLive::shouldFollowRowsInAndOutOfTheFilter()
{
    // Given a model of active contacts
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 9);
    QVERIFY(f.seeded);
    QVERIFY(f.model.setFilter(Field(QStringLiteral("active")) == true));
    QCOMPARE(column(f.model, Name), QStringLiteral("c000,c003,c006"));
    SignalLog log(&f.model);

    // When another session deactivates one and activates another
    Quarry::Session other(f.db);
    other.query<Contact>()
        .filterBy(QStringLiteral("name"), QStringLiteral("c003"))
        .one()
        ->setProperty("active", false);
    other.query<Contact>()
        .filterBy(QStringLiteral("name"), QStringLiteral("c007"))
        .one()
        ->setProperty("active", true);
    QUARRY_VERIFY(other.commit(), other);

    // Then one leaves and the other comes in, in its place (the model never loaded c007;
    // a recount says it entered)
    QCOMPARE(log.take(), QStringLiteral("removed(1) inserted(2)"));
    QCOMPARE(column(f.model, Name), QStringLiteral("c000,c006,c007"));

    // When a row that does not match is changed, nothing happens but a recount
    other.query<Contact>()
        .filterBy(QStringLiteral("name"), QStringLiteral("c008"))
        .one()
        ->setProperty("age", 1);
    QUARRY_VERIFY(other.commit(), other);
    QCOMPARE(log.take(), QString());
}

void tst_QueryModelLive::shouldSettleChangesToRowsItNeverLoaded()
{
    // Given a model of 60 rows of which only the first window of 10 was loaded
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 60);
    QVERIFY(f.seeded);
    f.model.setPageSize(10);
    QCOMPARE(column(f.model, Name, 0, 3), QStringLiteral("c000,c001,c002"));
    SignalLog log(&f.model);
    Quarry::Session other(f.db);

    // When another session deletes a row the model never loaded, the count says so
    QCOMPARE(
        other.query<Contact>().filterBy(QStringLiteral("name"), QStringLiteral("c050")).remove(),
        1);
    QUARRY_VERIFY(other.commit(), other);
    QCOMPARE(log.take(), QStringLiteral("reset"));
    QCOMPARE(f.model.rowCount(), 59);

    // When it changes one, what is shown is reloaded
    other.query<Contact>()
        .filterBy(QStringLiteral("name"), QStringLiteral("c040"))
        .one()
        ->setProperty("age", 5);
    QUARRY_VERIFY(other.commit(), other);
    QCOMPARE(log.take(), QStringLiteral("changed(0-58)"));
    QCOMPARE(f.model.index(40, Age).data().toInt(), 5);
}

void tst_QueryModelLive::shouldReloadAfterRawSql()
{
    // Given a model
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 4);
    QVERIFY(f.seeded);
    QCOMPARE(column(f.model, Age), QStringLiteral("20,27,34,41"));
    SignalLog log(&f.model);
    Quarry::Session other(f.db);

    // When another session changes rows with raw SQL (keys unknown)
    bool ok = false;
    other.execute(QStringLiteral("UPDATE contacts SET age = age + 1"), {}, &ok);
    QVERIFY(ok);
    QUARRY_VERIFY(other.commit(), other);

    // Then what is shown is reloaded
    QCOMPARE(log.take(), QStringLiteral("changed(0-3)"));
    QCOMPARE(column(f.model, Age), QStringLiteral("21,28,35,42"));

    // and when it deletes rows, the model is reset
    other.execute(QStringLiteral("DELETE FROM contacts WHERE age > 30"), {}, &ok);
    QVERIFY(ok);
    QUARRY_VERIFY(other.commit(), other);
    QCOMPARE(log.take(), QStringLiteral("reset"));
    QCOMPARE(column(f.model, Age), QStringLiteral("21,28"));
}

void tst_QueryModelLive::shouldShowCommitsOfItsOwnSession()
{
    // Given a model, and code that uses the model's session directly
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 3);
    QVERIFY(f.seeded);
    SignalLog log(&f.model);

    // When it adds and changes contacts and commits
    f.session.add(new Contact(QStringLiteral("c001b"), QStringLiteral("Oslo"), 40));
    f.session.get<Contact>(1)->setProperty("age", 21);
    QUARRY_VERIFY(f.session.commit(), f.session);

    // Then the model shows both
    QCOMPARE(log.take(), QStringLiteral("changed(0) inserted(3)"));
    QCOMPARE(column(f.model, Name), QStringLiteral("c000,c001,c002,c001b"));
    QCOMPARE(f.model.index(0, Age).data().toInt(), 21);
}

void tst_QueryModelLive::shouldKeepTwoModelsInStep()
{
    // Given two models on two sessions, one editing field by field
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 5);
    QVERIFY(f.seeded);
    Quarry::Session otherSession(f.db);
    QueryModel editor(otherSession.query<Contact>());
    editor.setEditStrategy(QueryModel::OnFieldChange);
    SignalLog log(&f.model);

    // When a cell is edited in one, a row added (its first field commits it) and one removed
    QVERIFY(editor.setData(editor.index(2, City), QStringLiteral("Accra")));
    QVERIFY(editor.insertRows(5, 1));
    QVERIFY(editor.setData(editor.index(5, Since), QDate(2024, 1, 1)));
    QVERIFY(editor.setData(editor.index(5, Name), QStringLiteral("c005")));
    QVERIFY(editor.removeRows(0, 1));

    // Then the other shows each step
    QCOMPARE(log.take(), QStringLiteral("changed(2) inserted(5) changed(5) removed(0)"));
    QCOMPARE(column(f.model, Name), column(editor, Name));
    QCOMPARE(column(f.model, City), QStringLiteral("Oslo,Accra,Lima,-,-"));
}

void tst_QueryModelLive::shouldFollowARollbackOfItsSession()
{
    // Given pending edits in the model
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 4);
    QVERIFY(f.seeded);
    f.model.setEditStrategy(QueryModel::OnManualSubmit);
    QVERIFY(f.model.setData(f.model.index(1, Name), QStringLiteral("bob")));
    QVERIFY(f.model.insertRows(0, 1));
    QVERIFY(f.model.removeRows(3, 1));
    SignalLog log(&f.model);

    // When code rolls the session back
    QUARRY_VERIFY(f.session.rollback(), f.session);

    // Then the model lets go of them all
    QCOMPARE(log.take(), QStringLiteral("removed(0) changed(1) changed(2) header"));
    QCOMPARE(column(f.model, Name), QStringLiteral("c000,c001,c002,c003"));
    QVERIFY(!f.model.isDirty());
}

QTEST_MAIN(tst_QueryModelLive)
#include "tst_querymodellive.moc"
