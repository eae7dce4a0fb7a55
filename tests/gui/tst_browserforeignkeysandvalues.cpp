// The foreign-key editor (a search in SQL, in the background, on entity classes and on
// reflected tables) and the value viewer (hex dump for bytes, JSON validated before it is
// taken), on the SQLite demo shop.

#include "browsereditingpage.h"
#include "submiterrors.h"
#include "valuedelegate.h"
#include "valueviewerdialog.h"

#include <QAction>
#include <QApplication>
#include <QCalendarWidget>
#include <QCompleter>
#include <QHeaderView>
#include <QHelpEvent>
#include <QSignalSpy>
#include <QTest>

using namespace EditingTest;

class tst_BrowserForeignKeysAndValues : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void foreignKeyEditorSearchesAndWritesTheKey_data();
    void foreignKeyEditorSearchesAndWritesTheKey();
    void valueViewerShowsHexAndRefusesBadJson();
    void valueViewerEditsCellsThroughTheDelegate();
};

void tst_BrowserForeignKeysAndValues::foreignKeyEditorSearchesAndWritesTheKey_data()
{
    QTest::addColumn<bool>("withEntities");
    QTest::addColumn<QString>("entity");
    QTest::newRow("entity classes") << true << "Order";
    QTest::newRow("reflected tables") << false << "orders";
}

void tst_BrowserForeignKeysAndValues::foreignKeyEditorSearchesAndWritesTheKey()
{
    QFETCH(bool, withEntities);
    QFETCH(QString, entity);
    Page page(BrowserTest::demoUrl(), entity, withEntities);
    QSqlQuery customer(page.context->database().connection());
    QVERIFY(customer.exec(QStringLiteral("SELECT id, name FROM customers WHERE id = 1234")));
    QVERIFY(customer.next());
    const qlonglong id = customer.value(0).toLongLong();
    const QString name = customer.value(1).toString();
    customer.finish(); // an active SELECT would keep SQLite from committing
    const QString part = name.mid(1, name.size() - 2); // without its first and last letter

    page.view.resize(700, 400);
    page.view.horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    page.view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page.view));
    const QModelIndex cell = page.cell(0, "customerId");
    page.view.setCurrentIndex(cell);
    page.view.edit(cell);
    auto *editor = page.view.viewport()->findChild<ForeignKeyEditor *>();
    QVERIFY(editor);

    // When part of the name is typed
    QSignalSpy matches(editor, &ForeignKeyEditor::matchesChanged);
    editor->lineEdit()->selectAll();
    QTest::keyClicks(editor->lineEdit(), part.toLower());
    QVERIFY(matches.wait(5000));
    while (matches.wait(400)) {
    } // typing searched more than once: the newest result wins

    // Then the customer is among the matches, "id — name", at most a LIMIT of them
    int found = -1;
    for (int i = 0; i < editor->matchCount(); ++i) {
        QVERIFY(editor->matchText(i).contains(part, Qt::CaseInsensitive));
        if (editor->matchKey(i).toLongLong() == id)
            found = i;
    }
    QVERIFY2(found >= 0, qPrintable(part));
    QVERIFY(editor->matchCount() <= ForeignKeyEditor::searchLimit);
    QTRY_VERIFY(editor->matchCompleter()->popup()->isVisible());
    if (withEntities)
        screenshotWithPopup(&page.view, editor->matchCompleter()->popup(),
                            QStringLiteral("editing-foreign-key-search"));

    // When it is chosen and committed, the cell holds its key
    editor->chooseMatch(found);
    QCOMPARE(editor->currentText(), QStringLiteral("%1 — %2").arg(id).arg(name));
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(cell.data(Qt::EditRole).toLongLong(), id);
    QVERIFY2(page.controller->submit(), qPrintable(page.model->lastError().toString()));
    QCOMPARE(page.stored(0, "customerId"), QString::number(id));

    // A number typed is taken as the key
    ForeignKeyEditor direct(page.context.get(), page.context->entity(QStringLiteral("customers")),
                            nullptr);
    direct.setEditText(QStringLiteral(" 42 "));
    QCOMPARE(direct.value(), QVariant(42LL));
    direct.setEditText(QString());
    QVERIFY(!direct.value().isValid()); // NULL
}

void tst_BrowserForeignKeysAndValues::valueViewerShowsHexAndRefusesBadJson()
{
    ValueViewerDialog dialog;
    const QByteArray bytes("Hello, \x00\x01\xff world and more bytes", 33);
    dialog.setValue(bytes, ValueViewerDialog::Kind::Bytes);
    QVERIFY2(dialog.text().startsWith(QStringLiteral(
                 "00000000  48 65 6c 6c 6f 2c 20 00 01 ff 20 77 6f 72 6c 64  |Hello, ... world|")),
             qPrintable(dialog.text()));
    QCOMPARE(dialog.value().toByteArray(), bytes);
    dialog.setText(dialog.text() + QStringLiteral("\n0a 0b"));
    QCOMPARE(dialog.value().toByteArray(), bytes + QByteArray("\x0a\x0b"));
    dialog.setText(QStringLiteral("48 zz"));
    QString problem;
    QVERIFY(!dialog.value(&problem).isValid());
    QVERIFY2(problem.contains(QStringLiteral("zz")), qPrintable(problem));

    ValueViewerDialog json;
    json.setValue(QStringLiteral("{\"a\":1,\"b\":[true,null]}"), ValueViewerDialog::Kind::Json);
    QVERIFY(json.text().contains(QStringLiteral("\n    \"a\": 1")));
    json.show();
    json.setText(QStringLiteral("{\"a\": 1,\n \"b\": }"));
    json.accept();
    QVERIFY(json.isVisible()); // refused: stays open, keeps the text, says why
    QCOMPARE(json.result(), int(QDialog::Rejected));
    QVERIFY2(json.problem().contains(QStringLiteral("line 2")), qPrintable(json.problem()));
    QCOMPARE(json.text(), QStringLiteral("{\"a\": 1,\n \"b\": }"));
    json.setText(QStringLiteral("[1, 2]"));
    json.accept();
    QCOMPARE(json.result(), int(QDialog::Accepted));
    QCOMPARE(json.value().toString(), QStringLiteral("[1,2]"));
}

void tst_BrowserForeignKeysAndValues::valueViewerEditsCellsThroughTheDelegate()
{
    Page page(BrowserTest::demoUrl(), QStringLiteral("attachments"), true,
              {QStringLiteral("CREATE TABLE attachments (id INTEGER PRIMARY KEY, data BLOB, "
                              "meta JSON, note TEXT)"),
               QStringLiteral("INSERT INTO attachments VALUES (1, x'000102414243', "
                              "'{\"pages\":3,\"tags\":[\"a\",\"b\"]}', NULL)")});
    page.view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page.view));
    ValueDelegate *delegate = page.controller->delegate();

    // Bytes: a hex dump
    ValueViewerDialog *bytes = delegate->openViewer(page.cell(0, "data"), &page.view);
    QVERIFY(bytes);
    QCOMPARE(bytes->kind(), ValueViewerDialog::Kind::Bytes);
    QVERIFY2(bytes->text().startsWith(QStringLiteral("00000000  00 01 02 41 42 43")),
             qPrintable(bytes->text()));
    bytes->setText(QStringLiteral("ff fe"));
    bytes->accept();
    QCOMPARE(page.cell(0, "data").data(page.model->roleOf(QStringLiteral("data"))).toByteArray(),
             QByteArray("\xff\xfe"));

    // JSON: indented, refused while invalid, written when valid
    ValueViewerDialog *json = delegate->openViewer(page.cell(0, "meta"), &page.view);
    QVERIFY(json->text().contains(QStringLiteral("\"pages\": 3")));
    json->resize(560, 320);
    BrowserTest::screenshot(json, QStringLiteral("editing-value-viewer"));
    json->setText(QStringLiteral("{\"pages\": 4,}"));
    json->accept();
    QVERIFY(json->isVisible());
    QVERIFY(!json->problem().isEmpty());
    json->setText(QStringLiteral("{\"pages\": 4}"));
    json->accept();
    QVERIFY(page.controller->submit());
    QCOMPARE(page.stored(0, "meta"), QStringLiteral("{\"pages\":4}"));
    QCOMPARE(page.storedBytes(0, "data"), QByteArray("\xff\xfe"));

    // Read-only: the viewer still shows the value, but cannot change it
    page.context->setReadOnly(true);
    ValueViewerDialog *view = delegate->openViewer(page.cell(0, "meta"), &page.view);
    QVERIFY(view->isReadOnly());
    view->close();
}

QTEST_MAIN(tst_BrowserForeignKeysAndValues)
#include "tst_browserforeignkeysandvalues.moc"
