// QueryModel, pending rows and read-only: isInserted()/isRemoved() through insert, remove,
// submit and revert; restoreRows() taking removals back; setReadOnly() refusing every edit
// path while reverting still works.

#include "modelfixture.h"

#include <QtTest>

using namespace ModelTest;
using Quarry::QueryModel;

namespace {

qint64 storedCount(const Quarry::Database &db)
{
    Quarry::Session reader(db);
    return reader.query<Contact>().count();
}

// Stored contacts in Paris (what another session reads).
int parisCount(const Quarry::Database &db)
{
    Quarry::Session reader(db);
    return int(
        reader.query<Contact>().filterBy(QStringLiteral("city"), QStringLiteral("Paris")).count());
}

// Each row's pending state: "-" normal, "*" inserted, "!" removed. "--!*-"
QString pending(const QueryModel &model)
{
    QString marks;
    for (int row = 0; row < model.rowCount(); ++row) {
        const bool inserted = model.isInserted(row);
        const bool removed = model.isRemoved(row);
        marks += inserted && removed ? QLatin1Char('?')
                 : inserted          ? QLatin1Char('*')
                 : removed           ? QLatin1Char('!')
                                     : QLatin1Char('-');
    }
    return marks;
}

bool isReadOnlyRefusal(const QueryModel &model)
{
    return model.lastError().kind() == Quarry::Error::ValidationError &&
           model.lastError().message().contains(QLatin1String("read-only"));
}

} // namespace

class tst_QueryModelPending : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldTellInsertedAndRemovedRows_data() { backends(); }
    void shouldTellInsertedAndRemovedRows();
    void shouldRestoreRemovedRows_data() { backends(); }
    void shouldRestoreRemovedRows();
    void shouldRefuseEveryEditWhenReadOnly_data() { backends(); }
    void shouldRefuseEveryEditWhenReadOnly();
    void shouldRevertWhenReadOnly_data() { backends(); }
    void shouldRevertWhenReadOnly();
    void shouldRestoreRowsLoadingInTheBackground_data() { backends(); }
    void shouldRestoreRowsLoadingInTheBackground();

private:
    void backends()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }
};

void tst_QueryModelPending::shouldTellInsertedAndRemovedRows()
{
    // Given a model that submits by hand
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 5);
    QVERIFY(f.seeded);
    QueryModel &model = f.model;
    model.setEditStrategy(QueryModel::OnManualSubmit);
    QCOMPARE(pending(model), QStringLiteral("-----"));
    QVERIFY(!model.isInserted(-1) && !model.isRemoved(-1));
    QVERIFY(!model.isInserted(5) && !model.isRemoved(5));

    // When a row is inserted and two are removed
    QVERIFY(model.insertRows(1, 1));
    QVERIFY(model.removeRows(3, 2));

    // Then each row says so, as the vertical header does
    QCOMPARE(pending(model), QStringLiteral("-*-!!-"));
    QCOMPARE(model.headerData(1, Qt::Vertical).toString(), QStringLiteral("*"));
    QCOMPARE(model.headerData(3, Qt::Vertical).toString(), QStringLiteral("!"));

    // When reverted, nothing is pending
    model.revertAll();
    QCOMPARE(pending(model), QStringLiteral("-----"));

    // When a row is inserted, one removed, and submitted
    QVERIFY(model.insertRows(0, 1));
    QVERIFY(model.setData(model.index(0, Name), QStringLiteral("new")));
    QVERIFY(model.setData(model.index(0, Since), QStringLiteral("2024-02-29")));
    QVERIFY(model.removeRows(2, 1));
    QCOMPARE(pending(model), QStringLiteral("*-!---"));
    QUARRY_VERIFY(model.submitAll(), model);

    // Then nothing is pending: the new row is stored (in key order, last), the other gone
    QCOMPARE(pending(model), QStringLiteral("-----"));
    QCOMPARE(column(model, Name), QStringLiteral("c000,c002,c003,c004,new"));
}

void tst_QueryModelPending::shouldRestoreRemovedRows()
{
    // Given a model that submits by hand, with a row edited and two removed
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 6);
    QVERIFY(f.seeded);
    QueryModel &model = f.model;
    model.setEditStrategy(QueryModel::OnManualSubmit);
    QVERIFY(model.setData(model.index(0, City), QStringLiteral("Paris")));
    QVERIFY(model.removeRows(2, 2));
    auto *removed = qobject_cast<Contact *>(model.object(3));
    QVERIFY(removed);
    const qint64 removedKey = removed->m_id;
    SignalLog log(&model);
    QSignalSpy dirtyChanged(&model, &QueryModel::dirtyChanged);

    // When one of them is restored (a range that also holds rows never removed)
    QUARRY_VERIFY(model.restoreRows(3, 3), model);

    // Then that row is back to normal and editable, the other still removed
    QCOMPARE(pending(model), QStringLiteral("--!---"));
    QCOMPARE(log.take(), QStringLiteral("header changed(3)"));
    QCOMPARE(model.headerData(3, Qt::Vertical).toInt(), 4);
    QVERIFY(model.flags(model.index(3, Name)) & Qt::ItemIsEditable);
    QVERIFY(!model.isDirty(model.index(3, Age)));
    QCOMPARE(dirtyChanged.size(), 0); // row 0 and row 2 still pending

    // and its object is in the session as before the removal: same object, unchanged
    QVERIFY(f.session.contains(removed));
    QVERIFY(!f.session.isDirty(removed));
    QCOMPARE(f.session.get<Contact>(removedKey), removed);
    QCOMPARE(model.object(3), removed);

    // When everything is submitted, only the row still removed is deleted
    QUARRY_VERIFY(model.submitAll(), model);
    QCOMPARE(storedCount(f.db), 5);
    QCOMPARE(column(model, Name), QStringLiteral("c000,c001,c003,c004,c005"));
    QCOMPARE(model.index(0, City).data().toString(), QStringLiteral("Paris"));
    QCOMPARE(f.session.get<Contact>(removedKey), removed);
    QCOMPARE(pending(model), QStringLiteral("-----"));

    // and restoring rows that are not removed changes nothing; a bad range is refused
    log.take();
    QUARRY_VERIFY(model.restoreRows(0, 5), model);
    QCOMPARE(log.take(), QString());
    QVERIFY(!model.restoreRows(4, 2));
    QVERIFY(!model.restoreRows(-1, 1));
    QVERIFY(!model.isDirty());

    // When the last removal is restored, the model is clean again
    QVERIFY(model.removeRows(1, 1));
    QVERIFY(model.isDirty());
    QUARRY_VERIFY(model.restoreRows(1, 1), model);
    QVERIFY(!model.isDirty());
    QVERIFY(!f.session.hasPendingChanges());
    QCOMPARE(dirtyChanged.size(), 3); // submit, remove, restore
}

void tst_QueryModelPending::shouldRefuseEveryEditWhenReadOnly()
{
    // Given a model that submits by hand, with a pending edit
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 4);
    QVERIFY(f.seeded);
    QueryModel &model = f.model;
    model.setEditStrategy(QueryModel::OnManualSubmit);
    QVERIFY(model.setData(model.index(1, City), QStringLiteral("Paris")));
    QVERIFY(model.flags(model.index(0, Name)) & Qt::ItemIsEditable);
    QVERIFY(model.flags(model.index(0, Active)) & Qt::ItemIsUserCheckable);
    SignalLog log(&model);
    QSignalSpy readOnlyChanged(&model, &QueryModel::readOnlyChanged);
    QSignalSpy submitFailed(&model, &QueryModel::submitFailed);

    // When it is made read-only
    model.setReadOnly(true);
    model.setReadOnly(true);

    // Then it says so once, and views are told to ask for flags again
    QVERIFY(model.isReadOnly());
    QCOMPARE(model.property("readOnly"), QVariant(true));
    QCOMPARE(readOnlyChanged.size(), 1);
    QCOMPARE(readOnlyChanged.constFirst().constFirst(), QVariant(true));
    QCOMPARE(log.take(), QStringLiteral("changed(0-3)"));

    // and no cell offers editing
    for (int row = 0; row < model.rowCount(); ++row) {
        for (int column = 0; column < model.columnCount(); ++column) {
            const Qt::ItemFlags flags = model.flags(model.index(row, column));
            QVERIFY(!(flags & (Qt::ItemIsEditable | Qt::ItemIsUserCheckable)));
            QVERIFY(flags & Qt::ItemIsSelectable);
        }
    }

    // and every edit path refuses, saying why, and changes nothing
    QVERIFY(!model.setData(model.index(0, Age), 99));
    QVERIFY(isReadOnlyRefusal(model));
    QVERIFY(!model.setData(model.index(0, Active), int(Qt::Checked), Qt::CheckStateRole));
    QVERIFY(isReadOnlyRefusal(model));
    QVERIFY(!model.setData(model.index(0, 0), 99, model.roleOf(QStringLiteral("age"))));
    QVERIFY(isReadOnlyRefusal(model));
    QVERIFY(!model.insertRows(0, 1));
    QVERIFY(isReadOnlyRefusal(model));
    QVERIFY(!model.removeRows(0, 1));
    QVERIFY(isReadOnlyRefusal(model));
    QVERIFY(!model.submitAll());
    QVERIFY(isReadOnlyRefusal(model));
    QCOMPARE(submitFailed.size(), 0); // the database refused nothing
    QCOMPARE(log.take(), QString());
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(pending(model), QStringLiteral("----"));
    QCOMPARE(model.index(0, Age).data(), QVariant(20));
    // the pending edit stays pending, unsubmitted
    QVERIFY(model.isDirty(model.index(1, City)));
    QCOMPARE(parisCount(f.db), 0);

    // When it is made writable again
    model.setReadOnly(false);

    // Then editing works again, and the pending edit is submitted with the rest
    QCOMPARE(readOnlyChanged.size(), 2);
    QCOMPARE(log.take(), QStringLiteral("changed(0-3)"));
    QVERIFY(model.flags(model.index(0, Age)) & Qt::ItemIsEditable);
    QVERIFY(model.flags(model.index(0, Active)) & Qt::ItemIsUserCheckable);
    QUARRY_VERIFY(model.setData(model.index(0, Age), 99), model);
    QUARRY_VERIFY(model.removeRows(3, 1), model);
    QUARRY_VERIFY(model.submitAll(), model);
    QCOMPARE(storedCount(f.db), 3);
    QCOMPARE(parisCount(f.db), 1);
    QCOMPARE(model.index(0, Age).data(), QVariant(99));
}

void tst_QueryModelPending::shouldRevertWhenReadOnly()
{
    // Given a model with an edit, an inserted row and a removed row pending
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 4);
    QVERIFY(f.seeded);
    QueryModel &model = f.model;
    model.setEditStrategy(QueryModel::OnManualSubmit);
    QVERIFY(model.setData(model.index(0, City), QStringLiteral("Paris")));
    QVERIFY(model.insertRows(4, 1));
    QVERIFY(model.removeRows(1, 2));
    QCOMPARE(pending(model), QStringLiteral("-!!-*"));

    // When it is made read-only, a removal is restored, then everything reverted
    model.setReadOnly(true);
    QUARRY_VERIFY(model.restoreRows(2, 1), model);
    QCOMPARE(pending(model), QStringLiteral("-!--*"));
    model.revertAll();

    // Then nothing is pending, the session is clean, and the database untouched
    QCOMPARE(pending(model), QStringLiteral("----"));
    QVERIFY(!model.isDirty());
    QVERIFY(!f.session.hasPendingChanges());
    QCOMPARE(model.index(0, City).data().toString(), QString());
    QCOMPARE(storedCount(f.db), 4);
    QVERIFY(model.isReadOnly());
}

void tst_QueryModelPending::shouldRestoreRowsLoadingInTheBackground()
{
    // Given a model loading in the background, windows of 10 rows, two of them cached,
    // with row 5 removed (whether its window is still cached when it is restored depends on
    // what the tester reads: restoreRows() reads it again if need be)
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 60);
    QVERIFY(f.seeded);
    QueryModel &model = f.model;
    model.setEditStrategy(QueryModel::OnManualSubmit);
    model.setPageSize(10);
    model.setCachedPages(2);
    model.setBackgroundLoading(true);
    QTRY_VERIFY(model.isRowCountKnown() && model.rowCount() == 60);
    QTRY_VERIFY(!model.index(5, Name).data(QueryModel::LoadingRole).toBool());
    QUARRY_VERIFY(model.removeRows(5, 1), model);
    QVERIFY(model.isRemoved(5));

    // When a view scrolls down, and the row is restored
    for (const int row : {25, 35, 45}) {
        model.index(row, Name).data();
        QTRY_VERIFY(!model.index(row, Name).data(QueryModel::LoadingRole).toBool());
    }
    QUARRY_VERIFY(model.restoreRows(0, 10), model);

    // Then it is no longer removed, and a submit deletes nothing
    QVERIFY(!model.isDirty());
    QVERIFY(!f.session.hasPendingChanges());
    QUARRY_VERIFY(model.submitAll(), model);
    QCOMPARE(storedCount(f.db), 60);
    QTRY_VERIFY(!model.index(5, Name).data(QueryModel::LoadingRole).toBool());
    QVERIFY(!model.isRemoved(5));
    QCOMPARE(model.index(5, Name).data().toString(), QStringLiteral("c005"));
}

QTEST_MAIN(tst_QueryModelPending)
#include "tst_querymodelpending.moc"
