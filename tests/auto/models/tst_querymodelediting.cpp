// QueryModel, editing: values through the session, strict types, edit strategies,
// inserted and removed rows, submit, revert, and refused submits that keep every edit.

#include "modelfixture.h"

#include <QtTest>

using namespace ModelTest;
using Quarry::Field;
using Quarry::QueryModel;

namespace {

// What another session reads for a contact: "name/city/age".
QString stored(const Quarry::Database &db, const QString &name)
{
    Quarry::Session reader(db);
    const QList<QVariantList> rows =
        reader.query<Contact>()
            .filterBy(QStringLiteral("name"), name)
            .values(
                QStringList{QStringLiteral("name"), QStringLiteral("city"), QStringLiteral("age")});
    if (rows.isEmpty())
        return QStringLiteral("(none)");
    const QVariantList &row = rows.constFirst();
    return QStringLiteral("%1/%2/%3")
        .arg(row.at(0).toString(),
             row.at(1).isNull() ? QStringLiteral("NULL") : row.at(1).toString(),
             row.at(2).toString());
}

qint64 storedCount(const Quarry::Database &db)
{
    Quarry::Session reader(db);
    return reader.query<Contact>().count();
}

} // namespace

class tst_QueryModelEditing : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldEditThroughTheSession_data() { backends(); }
    void shouldEditThroughTheSession();
    void shouldRefuseValuesOfTheWrongType_data() { backends(); }
    void shouldRefuseValuesOfTheWrongType();
    void shouldCommitEachFieldOnFieldChange_data() { backends(); }
    void shouldCommitEachFieldOnFieldChange();
    void shouldCommitARowWhenAnotherRowIsEditedOnRowChange_data() { backends(); }
    void shouldCommitARowWhenAnotherRowIsEditedOnRowChange();
    void shouldInsertRowsThatMoveIntoPlaceWhenSubmitted_data() { backends(); }
    void shouldInsertRowsThatMoveIntoPlaceWhenSubmitted();
    void shouldRemoveRowsOnSubmit_data() { backends(); }
    void shouldRemoveRowsOnSubmit();
    void shouldRemoveRowsAtOnceOnRowChange_data() { backends(); }
    void shouldRemoveRowsAtOnceOnRowChange();
    void shouldRevertEverything_data() { backends(); }
    void shouldRevertEverything();
    void shouldKeepEveryEditWhenTheDatabaseRefuses_data();
    void shouldKeepEveryEditWhenTheDatabaseRefuses();
    void shouldKeepEditedRowsWhenTheirWindowIsEvicted_data() { backends(); }
    void shouldKeepEditedRowsWhenTheirWindowIsEvicted();
    void shouldWriteThroughPropertyRoles_data() { backends(); }
    void shouldWriteThroughPropertyRoles();
    void shouldHandOutTheSessionsObject_data() { backends(); }
    void shouldHandOutTheSessionsObject();

private:
    void backends()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }
};

void tst_QueryModelEditing::shouldEditThroughTheSession()
{
    // Given a model that submits by hand
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 10);
    QVERIFY(f.seeded);
    QueryModel &model = f.model;
    model.setEditStrategy(QueryModel::OnManualSubmit);
    SignalLog log(&model);
    QSignalSpy dirtyChanged(&model, &QueryModel::dirtyChanged);

    // When a cell is edited
    QVERIFY(model.setData(model.index(2, City), QStringLiteral("Paris")));

    // Then the model shows it, marks that cell dirty, and the database has not seen it
    QCOMPARE(log.take(), QStringLiteral("changed(2)"));
    QCOMPARE(model.index(2, City).data().toString(), QStringLiteral("Paris"));
    QVERIFY(model.isDirty(model.index(2, City)));
    QVERIFY(!model.isDirty(model.index(2, Name)));
    QVERIFY(!model.isDirty(model.index(3, City)));
    QVERIFY(model.isDirty());
    QCOMPARE(dirtyChanged.size(), 1);
    QCOMPARE(stored(f.db, QStringLiteral("c002")), QStringLiteral("c002/Berlin/34"));
    // the edit is in the session's object for that row
    auto *contact = f.session.get<Contact>(model.primaryKey(2));
    QVERIFY(contact);
    QCOMPARE(contact->m_city, QStringLiteral("Paris"));
    QVERIFY(f.session.isDirty(contact));

    // When submitted
    QUARRY_VERIFY(model.submitAll(), model);

    // Then the database has it and nothing is dirty
    QCOMPARE(stored(f.db, QStringLiteral("c002")), QStringLiteral("c002/Paris/34"));
    QVERIFY(!model.isDirty(model.index(2, City)));
    QVERIFY(!model.isDirty());
    QCOMPARE(dirtyChanged.size(), 2);
    QCOMPARE(model.index(2, City).data().toString(), QStringLiteral("Paris"));
}

void tst_QueryModelEditing::shouldRefuseValuesOfTheWrongType()
{
    // Given a model that submits by hand
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 3);
    QVERIFY(f.seeded);
    QueryModel &model = f.model;
    model.setEditStrategy(QueryModel::OnManualSubmit);
    const QModelIndex age = model.index(0, Age);

    // Then text that is not a whole number is refused, saying why
    QVERIFY(!model.setData(age, QStringLiteral("abc")));
    QCOMPARE(model.lastError().kind(), Quarry::Error::ValidationError);
    QVERIFY2(model.lastError().message().contains(QLatin1String("age")) &&
                 model.lastError().message().contains(QLatin1String("not a whole number")),
             qPrintable(model.lastError().message()));
    QVERIFY(!model.setData(age, 4.5));
    QVERIFY(!model.setData(age, QStringLiteral("12abc")));
    QVERIFY(!model.setData(age, QVariant(true)));
    QCOMPARE(age.data(), QVariant(20));
    QVERIFY(!model.isDirty());

    // and text that is a whole number (a line edit's) is taken, as is 30.0 (QML's)
    QVERIFY(model.setData(age, QStringLiteral(" 42 ")));
    QCOMPARE(age.data(Qt::EditRole), QVariant(42));
    QVERIFY(model.setData(age, 30.0));
    QCOMPARE(age.data(Qt::EditRole), QVariant(30));
    QVERIFY(!model.setData(age, QStringLiteral("99999999999")));
    QVERIFY2(model.lastError().message().contains(QLatin1String("out of range")),
             qPrintable(model.lastError().message()));

    // and text columns take text only, not longer than max_length, never NULL when NOT NULL
    const QModelIndex name = model.index(0, Name);
    QVERIFY(!model.setData(name, 42));
    QVERIFY(!model.setData(name, QString(41, QLatin1Char('x'))));
    QVERIFY(!model.setData(name, QVariant()));
    QVERIFY2(model.lastError().message().contains(QLatin1String("NOT NULL")),
             qPrintable(model.lastError().message()));
    QVERIFY(model.setData(name, QString(40, QLatin1Char('x'))));

    // and a nullable column takes NULL
    QVERIFY(model.setData(model.index(1, City), QVariant()));
    QVERIFY(!model.index(1, City).data().isValid());
    QVERIFY(model.setData(model.index(1, TeamColumn), QStringLiteral("1")));
    QCOMPARE(model.index(1, TeamColumn).data(), QVariant(qlonglong(1)));

    // and booleans take true/false (or a check state), not "yes"
    QVERIFY(!model.setData(model.index(1, Active), QStringLiteral("yes")));
    QVERIFY(model.setData(model.index(1, Active), Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(model.index(1, Active).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));

    // and dates take a QDate or ISO text, not "next Tuesday" and not NULL (NOT NULL)
    QVERIFY(model.setData(model.index(1, Since), QStringLiteral("2021-03-04")));
    QCOMPARE(model.index(1, Since).data(), QVariant(QDate(2021, 3, 4)));
    QVERIFY(!model.setData(model.index(1, Since), QStringLiteral("next Tuesday")));
    QVERIFY(!model.setData(model.index(1, Since), QDate()));

    // and the generated key cannot be edited
    QVERIFY(!model.setData(model.index(0, Id), 77));
    QCOMPARE(model.lastError().kind(), Quarry::Error::ValidationError);

    // When submitted, what was taken is stored
    QUARRY_VERIFY(model.submitAll(), model);
    QCOMPARE(stored(f.db, QString(40, QLatin1Char('x'))),
             QString(40, QLatin1Char('x')) + QStringLiteral("/NULL/30"));
    QCOMPARE(stored(f.db, QStringLiteral("c001")), QStringLiteral("c001/NULL/27"));
}

void tst_QueryModelEditing::shouldCommitEachFieldOnFieldChange()
{
    // Given a model that commits every field
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 5);
    QVERIFY(f.seeded);
    f.model.setEditStrategy(QueryModel::OnFieldChange);

    // When a field is edited, the database has it at once
    QVERIFY(f.model.setData(f.model.index(1, Age), 50));
    QCOMPARE(stored(f.db, QStringLiteral("c001")), QStringLiteral("c001/Oslo/50"));
    QVERIFY(!f.model.isDirty());
    QVERIFY(f.model.setData(f.model.index(1, City), QStringLiteral("Rome")));
    QCOMPARE(stored(f.db, QStringLiteral("c001")), QStringLiteral("c001/Rome/50"));
}

void tst_QueryModelEditing::shouldCommitARowWhenAnotherRowIsEditedOnRowChange()
{
    // Given a model with the default strategy, OnRowChange
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 5);
    QVERIFY(f.seeded);
    QueryModel &model = f.model;
    QCOMPARE(model.editStrategy(), QueryModel::OnRowChange);

    // When two fields of one row are edited, nothing is committed yet
    QVERIFY(model.setData(model.index(1, Age), 51));
    QVERIFY(model.setData(model.index(1, City), QStringLiteral("Rome")));
    QCOMPARE(stored(f.db, QStringLiteral("c001")), QStringLiteral("c001/Oslo/27"));

    // When another row is edited, the first one is committed
    QVERIFY(model.setData(model.index(3, Age), 60));
    QCOMPARE(stored(f.db, QStringLiteral("c001")), QStringLiteral("c001/Rome/51"));
    QCOMPARE(stored(f.db, QStringLiteral("c003")), QStringLiteral("c003/Lima/41"));

    // When the view leaves the row (QAbstractItemView calls submit()), it is committed
    QVERIFY(model.submit());
    QCOMPARE(stored(f.db, QStringLiteral("c003")), QStringLiteral("c003/Lima/60"));

    // When an edit is cancelled (revert()), the row's edits go
    QVERIFY(model.setData(model.index(4, Age), 70));
    model.revert();
    QCOMPARE(model.index(4, Age).data(), QVariant(48));
    QVERIFY(!model.isDirty());
}

void tst_QueryModelEditing::shouldInsertRowsThatMoveIntoPlaceWhenSubmitted()
{
    // Given a model sorted by name, submitting by hand
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 6);
    QVERIFY(f.seeded);
    QueryModel &model = f.model;
    model.setEditStrategy(QueryModel::OnManualSubmit);
    model.sort(Name, Qt::AscendingOrder);
    SignalLog log(&model);

    // When a row is inserted at the top and filled in
    QVERIFY(model.insertRows(0, 1));
    QCOMPARE(log.take(), QStringLiteral("inserted(0)"));
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(model.headerData(0, Qt::Vertical).toString(), QStringLiteral("*"));
    QVERIFY(model.isDirty(model.index(0, Name)));
    QCOMPARE(model.index(0, Name).data(),
             QVariant(QStringLiteral(""))); // NOT NULL text starts empty
    QVERIFY(!(model.flags(model.index(0, Id)) & Qt::ItemIsEditable));
    QVERIFY(model.setData(model.index(0, Name), QStringLiteral("c0025")));
    QVERIFY(model.setData(model.index(0, Age), 33));
    QVERIFY(model.setData(model.index(0, Since), QDate(2024, 5, 1)));
    QCOMPARE(column(model, Name), QStringLiteral("c0025,c000,c001,c002,c003,c004,c005"));
    QCOMPARE(storedCount(f.db), 6);
    log.take();

    // When submitted
    QUARRY_VERIFY(model.submitAll(), model);

    // Then it is stored, and moves where the order puts it
    QCOMPARE(storedCount(f.db), 7);
    QCOMPARE(log.take(), QStringLiteral("removed(0) inserted(3)"));
    QCOMPARE(column(model, Name), QStringLiteral("c000,c001,c002,c0025,c003,c004,c005"));
    QCOMPARE(model.headerData(3, Qt::Vertical).toInt(), 4);
    QVERIFY(model.index(3, Id).data().toLongLong() > 6);
    QVERIFY(!model.isDirty());
}

void tst_QueryModelEditing::shouldRemoveRowsOnSubmit()
{
    // Given a model that submits by hand
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 6);
    QVERIFY(f.seeded);
    QueryModel &model = f.model;
    model.setEditStrategy(QueryModel::OnManualSubmit);
    SignalLog log(&model);

    // When two rows are removed, they stay visible, marked, and no longer editable
    QVERIFY(model.removeRows(2, 2));
    QCOMPARE(log.take(), QStringLiteral("header changed(2-3)"));
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(model.headerData(2, Qt::Vertical).toString(), QStringLiteral("!"));
    QCOMPARE(model.headerData(4, Qt::Vertical).toInt(), 5);
    QVERIFY(!(model.flags(model.index(2, Name)) & Qt::ItemIsEditable));
    QVERIFY(model.isDirty(model.index(3, Age)));
    QCOMPARE(storedCount(f.db), 6);

    // When submitted, they are deleted and leave the model
    QUARRY_VERIFY(model.submitAll(), model);
    QCOMPARE(storedCount(f.db), 4);
    QCOMPARE(column(model, Name), QStringLiteral("c000,c001,c004,c005"));
    QCOMPARE(log.take(), QStringLiteral("removed(3) removed(2)"));
    QVERIFY(!model.isDirty());
}

void tst_QueryModelEditing::shouldRemoveRowsAtOnceOnRowChange()
{
    // Given a model with the default strategy
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 4);
    QVERIFY(f.seeded);
    SignalLog log(&f.model);

    // When a row is removed, it is deleted at once
    QVERIFY(f.model.removeRows(1, 1));
    QCOMPARE(storedCount(f.db), 3);
    QCOMPARE(log.take(), QStringLiteral("removed(1)"));
    QCOMPARE(column(f.model, Name), QStringLiteral("c000,c002,c003"));
}

void tst_QueryModelEditing::shouldRevertEverything()
{
    // Given edited, inserted and removed rows
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 5);
    QVERIFY(f.seeded);
    QueryModel &model = f.model;
    model.setEditStrategy(QueryModel::OnManualSubmit);
    QVERIFY(model.setData(model.index(0, Name), QStringLiteral("zed")));
    QVERIFY(model.removeRows(3, 1));
    QVERIFY(model.insertRows(5, 2));
    QCOMPARE(model.rowCount(), 7);
    SignalLog log(&model);

    // When everything is reverted
    model.revertAll();

    // Then the model and the session are as stored, and the database never saw a thing
    QCOMPARE(log.take(), QStringLiteral("removed(6) removed(5) header changed(0-4)"));
    QCOMPARE(column(model, Name), QStringLiteral("c000,c001,c002,c003,c004"));
    QCOMPARE(model.headerData(3, Qt::Vertical).toInt(), 4);
    QVERIFY(!model.isDirty());
    QVERIFY(!f.session.hasPendingChanges());
    QUARRY_VERIFY(f.session.commit(), f.session);
    QCOMPARE(storedCount(f.db), 5);
    QCOMPARE(stored(f.db, QStringLiteral("c000")), QStringLiteral("c000/NULL/20"));
}

void tst_QueryModelEditing::shouldKeepEveryEditWhenTheDatabaseRefuses_data()
{
    QuarryTest::addBackendColumn();
    QTest::addColumn<int>("kind");
    QuarryTest::addBackendRows("/unique", int(Quarry::Error::UniqueViolation));
    QuarryTest::addBackendRows("/foreign-key", int(Quarry::Error::ForeignKeyViolation));
    QuarryTest::addBackendRows("/not-null", int(Quarry::Error::NotNullViolation));
}

void tst_QueryModelEditing::shouldKeepEveryEditWhenTheDatabaseRefuses()
{
    QFETCH(int, kind);
    // Given pending edits, one of which the database will refuse
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 5);
    QVERIFY(f.seeded);
    QueryModel &model = f.model;
    model.setEditStrategy(QueryModel::OnManualSubmit);
    QSignalSpy submitFailed(&model, &QueryModel::submitFailed);
    QVERIFY(model.setData(model.index(0, Age), 99));
    QVERIFY(model.insertRows(5, 1));
    QVERIFY(model.setData(model.index(5, Name), QStringLiteral("new")));
    if (kind != Quarry::Error::NotNullViolation) // else the new row's date stays NULL
        QVERIFY(model.setData(model.index(5, Since), QStringLiteral("2024-02-29")));
    if (kind == Quarry::Error::UniqueViolation)
        QVERIFY(model.setData(model.index(2, Name), QStringLiteral("c001")));
    else if (kind == Quarry::Error::ForeignKeyViolation)
        QVERIFY(model.setData(model.index(2, TeamColumn), 4242));
    else
        QVERIFY(model.setData(model.index(2, City), QStringLiteral("Quito")));
    QVERIFY(model.removeRows(4, 1));

    // When submitted
    QVERIFY(!model.submitAll());

    // Then it says why, and the view hears of it
    QCOMPARE(int(model.lastError().kind()), kind);
    QCOMPARE(submitFailed.size(), 1);
    QCOMPARE(int(submitFailed.constFirst().constFirst().value<Quarry::Error>().kind()), kind);

    // and every edit is still there, nothing stored
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(model.index(0, Age).data(), QVariant(99));
    QCOMPARE(model.index(5, Name).data().toString(), QStringLiteral("new"));
    QCOMPARE(model.headerData(5, Qt::Vertical).toString(), QStringLiteral("*"));
    QCOMPARE(model.headerData(4, Qt::Vertical).toString(), QStringLiteral("!"));
    const int edited = kind == Quarry::Error::UniqueViolation       ? Name
                       : kind == Quarry::Error::ForeignKeyViolation ? TeamColumn
                                                                    : City;
    QVERIFY(model.isDirty(model.index(2, edited)));
    QVERIFY(!model.isDirty(model.index(2, Age)));
    QCOMPARE(stored(f.db, QStringLiteral("c000")), QStringLiteral("c000/NULL/20"));
    QCOMPARE(storedCount(f.db), 5);

    // When the cause is fixed and submitted again, everything is stored
    if (kind == Quarry::Error::UniqueViolation)
        QVERIFY(model.setData(model.index(2, Name), QStringLiteral("c002b")));
    else if (kind == Quarry::Error::ForeignKeyViolation)
        QVERIFY(model.setData(model.index(2, TeamColumn), QVariant()));
    else
        QVERIFY(model.setData(model.index(5, Since), QDate(2024, 2, 29)));
    QUARRY_VERIFY(model.submitAll(), model);
    QCOMPARE(submitFailed.size(), 1);
    QCOMPARE(stored(f.db, QStringLiteral("c000")), QStringLiteral("c000/NULL/99"));
    QCOMPARE(stored(f.db, QStringLiteral("new")), QStringLiteral("new/NULL/0"));
    QCOMPARE(stored(f.db, QStringLiteral("c004")), QStringLiteral("(none)"));
    QCOMPARE(storedCount(f.db), 5);
    QCOMPARE(model.rowCount(), 5);
    QVERIFY(!model.isDirty());
}

void tst_QueryModelEditing::shouldKeepEditedRowsWhenTheirWindowIsEvicted()
{
    // Given a model that keeps two windows of five rows, and an edit in the first window
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 40);
    QVERIFY(f.seeded);
    QueryModel &model = f.model;
    model.setEditStrategy(QueryModel::OnManualSubmit);
    model.setPageSize(5);
    model.setCachedPages(2);
    QVERIFY(model.setData(model.index(1, City), QStringLiteral("Quito")));

    // When the view scrolls to the end and back
    QCOMPARE(column(model, Name).split(QLatin1Char(',')).size(), 40);

    // Then the edit is still shown and pending
    QCOMPARE(model.index(1, City).data().toString(), QStringLiteral("Quito"));
    QVERIFY(model.isDirty(model.index(1, City)));
    QUARRY_VERIFY(model.submitAll(), model);
    QCOMPARE(stored(f.db, QStringLiteral("c001")), QStringLiteral("c001/Quito/27"));
}

void tst_QueryModelEditing::shouldWriteThroughPropertyRoles()
{
    // Given a QML delegate, which writes by role name (model.city = "...")
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 3);
    QVERIFY(f.seeded);
    f.model.setEditStrategy(QueryModel::OnFieldChange);

    // When it writes a property's role on column 0
    QVERIFY(f.model.setData(f.model.index(2, 0), QStringLiteral("Kyiv"),
                            f.model.roleOf(QStringLiteral("city"))));

    // Then that property is written
    QCOMPARE(f.model.index(2, City).data().toString(), QStringLiteral("Kyiv"));
    QCOMPARE(stored(f.db, QStringLiteral("c002")), QStringLiteral("c002/Kyiv/34"));
    QVERIFY(!f.model.setData(f.model.index(2, 0), 5, f.model.roleOf(QStringLiteral("id"))));
}

void tst_QueryModelEditing::shouldHandOutTheSessionsObject()
{
    // Given a row
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 3);
    QVERIFY(f.seeded);

    // When its object is asked for, it is the session's (identity map), built from the row
    auto *contact = f.model.object<Contact>(1);
    QVERIFY(contact);
    QCOMPARE(contact->m_name, QStringLiteral("c001"));
    QCOMPARE(f.session.get<Contact>(contact->m_id), contact);
    QCOMPARE(contact->parent(), &f.session);
    QVERIFY(!f.session.isDirty(contact));
    QVERIFY(!f.model.object(7));
}

QTEST_MAIN(tst_QueryModelEditing)
#include "tst_querymodelediting.moc"
