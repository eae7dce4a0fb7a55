// Editing in the browser's table: type-aware editors through ValueDelegate, undo/redo,
// submit, a refused submit shown on its cell, read-only, NULL and the date editor — on the
// SQLite demo shop (tst_browsersubmiterrors maps refusals on all backends;
// tst_browserforeignkeysandvalues covers the foreign-key search and the value viewer).

#include "browsereditingpage.h"
#include "submiterrors.h"
#include "valuedelegate.h"
#include "valueviewerdialog.h"

#include <quarry/session.h>

#include <QAction>
#include <QApplication>
#include <QCalendarWidget>
#include <QCompleter>
#include <QHeaderView>
#include <QHelpEvent>
#include <QSignalSpy>
#include <QTest>

using namespace EditingTest;

class tst_BrowserEditing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void editsEachTypeThroughTheDelegate_data();
    void editsEachTypeThroughTheDelegate();
    void togglesBoolUndoably();
    void undoesAndRedoesEdits();
    void undoesInsertDuplicateAndDelete();
    void deletesRowsOnSubmit();
    void showsRefusedSubmitOnTheCell();
    void showsRefusedDuplicateOnTheNewRow();
    void readOnlyBlocksEveryEdit();
    void paintsNullAndOpenDateEditor();
};

void tst_BrowserEditing::editsEachTypeThroughTheDelegate_data()
{
    QTest::addColumn<QString>("entity");
    QTest::addColumn<QString>("property");
    QTest::addColumn<QString>("editorClass");
    QTest::addColumn<QVariant>("input");
    QTest::addColumn<QString>("expected"); // the column's text in the database

    QTest::newRow("date") << "Customer" << "joined" << "QDateEdit" << QVariant(QDate(2020, 2, 29))
                          << "2020-02-29";
    QTest::newRow("text with max_length") << "Customer" << "city" << "QLineEdit"
                                          << QVariant(QStringLiteral("Zürich")) << "Zürich";
    QTest::newRow("long text") << "Customer" << "notes" << "QWidget"
                               << QVariant(QStringLiteral("Call first")) << "Call first";
    QTest::newRow("enum") << "Product" << "category" << "QComboBox"
                          << QVariant(QStringLiteral("Garden")) << "Garden";
    QTest::newRow("double") << "Product" << "price" << "QDoubleSpinBox" << QVariant(12.75)
                            << "12.75";
    QTest::newRow("int") << "Product" << "stock" << "QSpinBox" << QVariant(42) << "42";
    QTest::newRow("foreign key") << "Order" << "customerId"
                                 << "QuarryBrowser::ForeignKeyEditor" << QVariant(7) << "7";
    QTest::newRow("time (reflected)") << "slots" << "starts" << "QTimeEdit"
                                      << QVariant(QTime(9, 30, 15)) << "09:30:15.000";
}

void tst_BrowserEditing::editsEachTypeThroughTheDelegate()
{
    QFETCH(QString, entity);
    QFETCH(QString, property);
    QFETCH(QString, editorClass);
    QFETCH(QVariant, input);
    QFETCH(QString, expected);

    // Given a page of the entity (plus a reflected table with a TIME column)
    Page page(BrowserTest::demoUrl(), entity, true,
              {QStringLiteral("CREATE TABLE slots (id INTEGER PRIMARY KEY, starts TIME NOT NULL)"),
               QStringLiteral("INSERT INTO slots VALUES (1, '08:00:00')")});
    // (the first row whose value is not the input already)
    int row = 0;
    while (page.model->index(row, page.model->columnOf(property)).data(Qt::EditRole) == input)
        ++row;
    const QModelIndex index = page.model->index(row, page.model->columnOf(property));
    QVERIFY(index.isValid());

    // When the delegate's editor takes a value and writes it back
    QStyleOptionViewItem option;
    std::unique_ptr<QWidget> editor(
        page.controller->delegate()->createEditor(page.view.viewport(), option, index));
    QVERIFY(editor);
    QCOMPARE(QString::fromLatin1(editor->metaObject()->className()), editorClass);
    page.controller->delegate()->setEditorData(editor.get(), index);
    setEditorValue(editor.get(), input);
    page.controller->delegate()->setModelData(editor.get(), page.model.get(), index);

    // Then the cell is pending, and after Submit the database has the value
    QVERIFY(page.model->isDirty(index));
    QVERIFY(page.controller->submitAction()->isEnabled());
    QVERIFY2(page.controller->submit(), qPrintable(page.model->lastError().toString()));
    QCOMPARE(page.stored(row, qPrintable(property)), expected);
    QVERIFY(!page.controller->undoAction()->isEnabled()); // a submit ends the history
}

void tst_BrowserEditing::togglesBoolUndoably()
{
    Page page(BrowserTest::demoUrl(), QStringLiteral("Customer"));
    page.view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page.view));
    const QModelIndex vip = page.cell(0, "vip");
    const bool before = vip.data(Qt::CheckStateRole).toInt() == Qt::Checked;

    // When Space is pressed on the check box cell
    page.view.setCurrentIndex(vip);
    QTest::keyClick(page.view.viewport(), Qt::Key_Space);
    // Then it toggled, undoably
    QCOMPARE(vip.data(Qt::CheckStateRole).toInt() == Qt::Checked, !before);
    QVERIFY(page.model->isDirty(vip));
    page.controller->undoAction()->trigger();
    QCOMPARE(vip.data(Qt::CheckStateRole).toInt() == Qt::Checked, before);
    QVERIFY(!page.model->isDirty());
    page.controller->redoAction()->trigger();
    QCOMPARE(vip.data(Qt::CheckStateRole).toInt() == Qt::Checked, !before);
    QVERIFY(page.controller->submit());
    QCOMPARE(page.stored(0, "vip"), before ? QStringLiteral("0") : QStringLiteral("1"));
}

void tst_BrowserEditing::undoesAndRedoesEdits()
{
    Page page(BrowserTest::demoUrl(), QStringLiteral("Customer"));
    const QModelIndex name = page.cell(0, "name");
    const QString original = name.data().toString();
    QSignalSpy dirty(page.model.get(), &QueryModel::dirtyChanged);

    QVERIFY(page.controller->setData(name, QStringLiteral("First")));
    QVERIFY(page.controller->setData(name, QStringLiteral("Second")));
    QCOMPARE(page.controller->undoStack()->count(), 2);
    QVERIFY(page.controller->undoAction()->text().contains(QStringLiteral("Name")));

    page.controller->undoAction()->trigger();
    QCOMPARE(name.data().toString(), QStringLiteral("First"));
    page.controller->undoAction()->trigger();
    QCOMPARE(name.data().toString(), original);
    QVERIFY(!page.model->isDirty()); // back to what is stored: nothing pending
    QVERIFY(!page.controller->submitAction()->isEnabled());
    page.controller->redoAction()->trigger();
    page.controller->redoAction()->trigger();
    QCOMPARE(name.data().toString(), QStringLiteral("Second"));
    QVERIFY(page.model->isDirty(name));

    // A value the model refuses is no edit: nothing is pushed, the reason is told
    QSignalSpy refused(page.controller.get(), &EditController::editRefused);
    QVERIFY(!page.controller->setData(page.cell(0, "city"), QString(81, QLatin1Char('x'))));
    QCOMPARE(refused.size(), 1);
    QCOMPARE(page.controller->undoStack()->count(), 2);

    // Revert drops edits and history
    page.controller->revertAction()->trigger();
    QCOMPARE(name.data().toString(), original);
    QCOMPARE(page.controller->undoStack()->count(), 0);
    QVERIFY(dirty.size() >= 2);
}

void tst_BrowserEditing::undoesInsertDuplicateAndDelete()
{
    Page page(BrowserTest::demoUrl(), QStringLiteral("Customer"));
    const int rows = page.model->rowCount();
    const QString firstEmail = page.cell(0, "email").data().toString();
    const QString thirdName = page.cell(2, "name").data().toString();
    page.view.setCurrentIndex(page.cell(0, "name"));

    // Add: a new row below the current one
    page.controller->addRowAction()->trigger();
    QCOMPARE(page.model->rowCount(), rows + 1);
    QCOMPARE(page.mark(1), QStringLiteral("*"));
    QVERIFY(page.controller->setData(page.cell(1, "name"), QStringLiteral("New one")));
    page.controller->undoAction()->trigger(); // the name
    page.controller->undoAction()->trigger(); // the row
    QCOMPARE(page.model->rowCount(), rows);
    page.controller->redoAction()->trigger();
    page.controller->redoAction()->trigger();
    QCOMPARE(page.model->rowCount(), rows + 1);
    QCOMPARE(page.cell(1, "name").data().toString(), QStringLiteral("New one"));
    page.controller->undoAction()->trigger();
    page.controller->undoAction()->trigger();

    // Duplicate: the values but not the key
    page.view.setCurrentIndex(page.cell(0, "name"));
    page.controller->duplicateRowAction()->trigger();
    QCOMPARE(page.model->rowCount(), rows + 1);
    QCOMPARE(page.mark(1), QStringLiteral("*"));
    QCOMPARE(page.cell(1, "email").data().toString(), firstEmail);
    QCOMPARE(page.cell(1, "name").data().toString(), page.cell(0, "name").data().toString());
    QVERIFY(page.model->primaryKey(1) != page.model->primaryKey(0));
    page.controller->undoAction()->trigger();
    QCOMPARE(page.model->rowCount(), rows);
    QVERIFY(!page.model->isDirty());

    // Delete a stored row: marked, read-only, and undo brings it back (the model takes the
    // removal back: no rollback is announced to the session's other listeners)
    QSignalSpy rolledBack(page.context->session(), &Quarry::Session::rolledBack);
    QObject *removed = page.model->object(2);
    QVERIFY(page.controller->deleteRows({2}));
    QCOMPARE(page.mark(2), QStringLiteral("!"));
    QVERIFY(page.model->isRemoved(2));
    QVERIFY(!(page.cell(2, "name").flags() & Qt::ItemIsEditable));
    page.controller->undoAction()->trigger();
    QCOMPARE(page.mark(2), QStringLiteral("3"));
    QVERIFY(!page.model->isRemoved(2));
    QVERIFY(page.cell(2, "name").flags() & Qt::ItemIsEditable);
    QVERIFY(!page.model->isDirty());
    QCOMPARE(rolledBack.size(), 0);
    QCOMPARE(page.model->object(2), removed);
    QVERIFY(!page.context->session()->hasPendingChanges());
    page.controller->redoAction()->trigger();
    QCOMPARE(page.mark(2), QStringLiteral("!"));
    page.controller->undoAction()->trigger();

    // Delete a new row with an edit: undo brings it back with its value
    page.view.setCurrentIndex(QModelIndex());
    QVERIFY(page.controller->addRow(-1)); // no current row: at the top
    QCOMPARE(page.mark(0), QStringLiteral("*"));
    QVERIFY(page.controller->setData(page.cell(0, "city"), QStringLiteral("Atlantis")));
    QVERIFY(page.controller->deleteRows({0}));
    QCOMPARE(page.model->rowCount(), rows);
    page.controller->undoAction()->trigger();
    QCOMPARE(page.model->rowCount(), rows + 1);
    QCOMPARE(page.mark(0), QStringLiteral("*"));
    QCOMPARE(page.cell(0, "city").data().toString(), QStringLiteral("Atlantis"));
    QCOMPARE(page.cell(3, "name").data().toString(), thirdName);

    // A sort moves rows: the history goes, the pending edits stay
    page.model->sort(page.column("name"));
    QCOMPARE(page.controller->undoStack()->count(), 0);
    QVERIFY(page.model->isDirty());
}

void tst_BrowserEditing::deletesRowsOnSubmit()
{
    // Given a product the order items restrict: its removal is refused, on its row
    {
        Page products(BrowserTest::demoUrl(), QStringLiteral("Product"));
        QSignalSpy refused(products.controller.get(), &EditController::submitRefused);
        QVERIFY(products.controller->deleteRows({0}));
        QVERIFY(!products.controller->submit());
        QCOMPARE(refused.size(), 1);
        QVERIFY(!products.controller->submitErrors().message(products.model->index(0, 0)).isEmpty());
        QCOMPARE(products.mark(0), QStringLiteral("!")); // still pending
    }
    // Customers cascade to their orders: two of them go
    Page page(BrowserTest::demoUrl(), QStringLiteral("Customer"));
    const QVariant first = page.model->primaryKey(0);
    const QVariant second = page.model->primaryKey(1);
    const int rows = page.model->rowCount();
    page.view.selectRow(0);
    page.view.selectionModel()->select(page.model->index(1, 0),
                                       QItemSelectionModel::Select | QItemSelectionModel::Rows);
    page.controller->deleteRowsAction()->trigger();
    QCOMPARE(page.mark(0), QStringLiteral("!"));
    QCOMPARE(page.mark(1), QStringLiteral("!"));
    QCOMPARE(page.storedByKey(first, "name") == QStringLiteral("<no row>"), false);

    page.controller->submitAction()->trigger();
    QTRY_COMPARE(page.model->rowCount(), rows - 2);
    QCOMPARE(page.storedByKey(first, "name"), QStringLiteral("<no row>"));
    QCOMPARE(page.storedByKey(second, "name"), QStringLiteral("<no row>"));
    QVERIFY(!page.model->isDirty());
}

void tst_BrowserEditing::showsRefusedSubmitOnTheCell()
{
    Page page(BrowserTest::demoUrl(), QStringLiteral("Customer"));
    page.view.resize(1000, 330);
    page.view.horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    page.view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page.view));
    QSignalSpy refused(page.controller.get(), &EditController::submitRefused);
    const QString taken = page.cell(1, "email").data().toString();
    const QModelIndex email = page.cell(3, "email");

    // Given some pending edits, one of them an e-mail another customer has
    QVERIFY(page.controller->setData(page.cell(2, "city"), QStringLiteral("Lisbon")));
    QVERIFY(page.controller->setData(email, taken));
    page.view.setCurrentIndex(page.cell(0, "notes"));
    QVERIFY(page.controller->setNullAction()->isEnabled());
    page.controller->setNullAction()->trigger();
    QVERIFY(!page.cell(0, "notes").data(page.model->roleOf(QStringLiteral("notes"))).isValid());
    page.view.setCurrentIndex(page.cell(0, "name"));
    QVERIFY(!page.controller->setNullAction()->isEnabled()); // NOT NULL
    QVERIFY(page.controller->deleteRows({6}));
    QVERIFY(page.controller->duplicateRow(7)); // a new row (8), with a fresh e-mail
    QVERIFY(page.controller->setData(page.cell(8, "email"), QStringLiteral("copy@example.com")));

    // When Submit is refused
    QVERIFY(!page.controller->submit());

    // Then the reason is on the offending cell (and signalled), the edits still pending
    QCOMPARE(refused.size(), 1);
    const QString reason = refused.at(0).at(0).toString();
    QVERIFY2(reason.contains(QStringLiteral("UNIQUE")) && reason.contains(QStringLiteral("email")),
             qPrintable(reason));
    QCOMPARE(page.controller->submitErrors().message(email), reason);
    QCOMPARE(page.view.currentIndex(), email);
    QVERIFY(page.controller->submitErrors().message(page.cell(2, "city")).isEmpty());
    QVERIFY(page.model->isDirty(email));
    QVERIFY(page.model->isDirty(page.cell(2, "city")));
    QCOMPARE(page.mark(6), QStringLiteral("!"));
    QCOMPARE(page.stored(2, "city") == QStringLiteral("Lisbon"), false);
    // The reason as the cell's tooltip
    const QPoint center = page.view.visualRect(email).center();
    QHelpEvent help(QEvent::ToolTip, center, page.view.viewport()->mapToGlobal(center));
    QApplication::sendEvent(page.view.viewport(), &help);
    QWidget *tip = nullptr;
    QTRY_VERIFY((tip = QApplication::activePopupWidget()) || [&] {
        for (QWidget *widget : QApplication::topLevelWidgets())
            if (widget->inherits("QTipLabel") && widget->isVisible())
                tip = widget;
        return tip != nullptr;
    }());
    QVERIFY(tip->property("text").toString().contains(QStringLiteral("UNIQUE")));
    screenshotWithPopup(&page.view, tip, QStringLiteral("editing-refused-submit"));

    // When the value is fixed and submitted again, everything goes through
    QVERIFY(page.controller->setData(email, QStringLiteral("fixed@example.com")));
    QVERIFY(page.controller->submitErrors().message(email).isEmpty());
    QVERIFY2(page.controller->submit(), qPrintable(page.model->lastError().toString()));
    QCOMPARE(page.stored(3, "email"), QStringLiteral("fixed@example.com"));
    QCOMPARE(page.stored(2, "city"), QStringLiteral("Lisbon"));
    QCOMPARE(page.stored(0, "notes"), QString()); // NULL
    QVERIFY(page.controller->submitErrors().isEmpty());
    QSqlQuery copies(page.context->database().connection());
    QVERIFY(copies.exec(QStringLiteral(
        "SELECT COUNT(*) FROM customers WHERE email = 'copy@example.com'")));
    QVERIFY(copies.next());
    QCOMPARE(copies.value(0).toInt(), 1);
}

void tst_BrowserEditing::showsRefusedDuplicateOnTheNewRow()
{
    Page page(BrowserTest::demoUrl(), QStringLiteral("Customer"));
    QSignalSpy refused(page.controller.get(), &EditController::submitRefused);
    QVERIFY(page.controller->setData(page.cell(0, "city"), QStringLiteral("Porto")));
    QVERIFY(page.controller->duplicateRow(4)); // copies the unique e-mail into row 5
    QVERIFY(!page.controller->submit());
    QCOMPARE(refused.size(), 1);
    QVERIFY(!page.controller->submitErrors().message(page.cell(5, "email")).isEmpty());
    QVERIFY(page.controller->submitErrors().message(page.cell(4, "email")).isEmpty());
    QCOMPARE(page.mark(5), QStringLiteral("*"));
    QVERIFY(page.controller->setData(page.cell(5, "email"), QStringLiteral("copy@example.com")));
    QVERIFY2(page.controller->submit(), qPrintable(page.model->lastError().toString()));
}

void tst_BrowserEditing::readOnlyBlocksEveryEdit()
{
    Page page(BrowserTest::demoUrl(), QStringLiteral("Customer"));
    page.view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page.view));
    const QModelIndex name = page.cell(0, "name");
    QVERIFY(page.controller->setData(page.cell(1, "city"), QStringLiteral("Pending")));
    page.view.setCurrentIndex(name);
    page.view.edit(name);
    QVERIFY(page.view.isEditing());

    // When the context goes read-only
    page.context->setReadOnly(true);

    // Then the open editor is gone, every action is disabled and nothing edits
    QTRY_VERIFY(!page.view.isEditing());
    for (QAction *action : page.controller->actions())
        QVERIFY2(!action->isEnabled(), qPrintable(action->text()));
    const int rows = page.model->rowCount();
    QVERIFY(!page.controller->setData(name, QStringLiteral("Nope")));
    QVERIFY(!page.controller->addRow());
    QVERIFY(!page.controller->duplicateRow(0));
    QVERIFY(!page.controller->deleteRows({0}));
    QVERIFY(!page.controller->submit());
    page.controller->revert();
    QVERIFY(page.model->isDirty()); // revert refused too: the pending edit is kept
    QCOMPARE(page.model->rowCount(), rows);
    page.view.edit(name);
    QVERIFY(!page.view.isEditing());
    QTest::keyClick(page.view.viewport(), Qt::Key_F2);
    QVERIFY(!page.view.isEditing());
    QVERIFY(!page.controller->delegate()->createEditor(page.view.viewport(), {}, name));
    const QModelIndex vip = page.cell(0, "vip");
    const QVariant checked = vip.data(Qt::CheckStateRole);
    page.view.setCurrentIndex(vip);
    QTest::keyClick(page.view.viewport(), Qt::Key_Space);
    QCOMPARE(vip.data(Qt::CheckStateRole), checked);
    QCOMPARE(name.data().toString() == QStringLiteral("Nope"), false);
    // and the model itself refuses: it is the authority, the view only spares the typing
    QVERIFY(page.model->isReadOnly());
    QVERIFY(!(name.flags() & Qt::ItemIsEditable));
    QVERIFY(!(vip.flags() & Qt::ItemIsUserCheckable));
    QVERIFY(!page.model->setData(name, QStringLiteral("Nope")));
    QVERIFY(page.model->lastError().message().contains(QLatin1String("read-only")));
    QVERIFY(!page.model->removeRows(0, 1));
    QVERIFY(!page.model->submitAll());
    QCOMPARE(page.stored(1, "city") == QStringLiteral("Pending"), false);

    // And back
    page.context->setReadOnly(false);
    QVERIFY(!page.model->isReadOnly());
    QVERIFY(page.controller->addRowAction()->isEnabled());
    QVERIFY(page.controller->submitAction()->isEnabled());
    page.view.edit(name);
    QVERIFY(page.view.isEditing());
}

void tst_BrowserEditing::paintsNullAndOpenDateEditor()
{
    Page page(BrowserTest::demoUrl(), QStringLiteral("Customer"));
    page.view.resize(1000, 330);
    page.view.horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    page.view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page.view));
    // NULL and empty text are not the same cell
    QVERIFY(page.controller->setData(page.cell(1, "notes"), QString(QLatin1String(""))));
    QStyleOptionViewItem option;
    option.initFrom(&page.view);
    const auto textOf = [&](const QModelIndex &index) {
        QStyleOptionViewItem copy = option;
        struct Opener : ValueDelegate {
            using ValueDelegate::initStyleOption;
        };
        static_cast<Opener *>(page.controller->delegate())->initStyleOption(&copy, index);
        return copy.text;
    };
    int nullRow = 0;
    while (page.cell(nullRow, "notes").data(page.model->roleOf(QStringLiteral("notes"))).isValid())
        ++nullRow;
    QCOMPARE(textOf(page.cell(nullRow, "notes")), QStringLiteral("NULL"));
    QCOMPARE(textOf(page.cell(1, "notes")), QString());
    page.controller->delegate()->setLoadingPredicate(
        [](const QModelIndex &index) { return index.row() == 2; });
    QCOMPARE(textOf(page.cell(2, "name")), QStringLiteral("loading…"));
    page.controller->delegate()->setLoadingPredicate({});

    // The date editor, its calendar open
    const QModelIndex joined = page.cell(0, "joined");
    page.view.setCurrentIndex(joined);
    page.view.edit(joined);
    auto *editor = page.view.viewport()->findChild<QDateEdit *>();
    QVERIFY(editor);
    QVERIFY(editor->calendarPopup());
    QCOMPARE(editor->date(), joined.data(Qt::EditRole).toDate());
    QTest::mouseClick(editor, Qt::LeftButton, {}, QPoint(editor->width() - 6, editor->height() / 2));
    QTRY_VERIFY(editor->calendarWidget() && editor->calendarWidget()->isVisible());
    screenshotWithPopup(&page.view, editor->calendarWidget()->window(),
                        QStringLiteral("editing-date-editor"));
}

QTEST_MAIN(tst_BrowserEditing)
#include "tst_browserediting.moc"
