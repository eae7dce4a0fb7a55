// The end-to-end walk through quarry-browser that issue #5 asks for: one real MainWindow
// (1280×800, offscreen) on the demo shop with the shop entity plugin, driven as a user
// would — open OrderItem from the tree, filter through the filter row, sort by a header
// click, edit a cell from the keyboard and submit with Ctrl+S, a refused submit on
// Customer (a duplicated e-mail) fixed and resubmitted, a Ctrl+click foreign-key jump with
// Back and Forward, the referenced-by dock, the SQL console and the export of the view.
// Every result is checked against SQL on a connection of the test's own. The slots run in
// order on the same window; each saves a screenshot, and four of them are the README's
// (docs/images/browser-*.png).

#include "browsertest.h"
#include "browserworkflow.h"

#include "databasecontext.h"
#include "datatools.h"
#include "editcontroller.h"
#include "entitytree.h"
#include "exportdialog.h"
#include "filterheader.h"
#include "mainwindow.h"
#include "navigationhistory.h"
#include "referencedbypanel.h"
#include "sqlconsole.h"
#include "sqlresultmodel.h"
#include "tablepage.h"
#include "valuedelegate.h"
#include "windowpanels.h"

#include <quarry/querymodel.h>

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QTreeWidget>
#include <QtTest>

using namespace QuarryBrowser;
using namespace BrowserWorkflow;
using namespace Qt::StringLiterals;

class tst_BrowserWorkflow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void openOrderItemsFromTheTree();
    void filterRowNarrowsToSqlCount();
    void headerClickSortsAsSql();
    void editCellAndSubmitWithCtrlS();
    void refusedSubmitIsShownFixedAndResubmitted();
    void ctrlClickJumpsToTheOrderBackAndForward();
    void referencedByListsTheOrdersItems();
    void sqlConsoleRunsAJoin();
    void exportWritesTheFilteredSortedView();

private:
    TablePage *orderItems() const { return m_window->page(u"OrderItem"_s); }
    QVariantList sqlColumn(const QString &sql, const QVariantList &values = {}) const;
    qint64 sqlValue(const QString &sql, const QVariantList &values = {}) const
    { return sqlColumn(sql, values).value(0).toLongLong(); }
    QVariantList modelIds(TablePage *page, int rows) const;
    // Puts the cell in the view's editor (F2), replaces its text, commits with Return.
    void typeIntoCell(QTableView *view, const QModelIndex &index, const QString &text);
    void shot(const QString &name) { BrowserTest::screenshot(m_window.get(), name); }

    QTemporaryDir m_settingsDir;
    QString m_file;
    QSqlDatabase m_check; // the test's own connection: what is really committed
    std::unique_ptr<MainWindow> m_window;
    const QString m_filter = u">=4"_s; // quantity, typed into the filter row
    const QString m_where = u"quantity >= 4"_s;
    QVariant m_jumpedItem;  // the order item Ctrl+clicked
    QVariant m_jumpedOrder; // the order it led to
};

void tst_BrowserWorkflow::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());

    const QString url = BrowserTest::demoUrl(20'000);
    m_file = url.mid(QStringLiteral("sqlite:///").size());
    m_check = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"workflowCheck"_s);
    m_check.setDatabaseName(m_file);
    QVERIFY2(m_check.open(), qPrintable(m_check.lastError().text()));

    QString error;
    auto context = BrowserTest::openContext(url, true, &error);
    QVERIFY2(context, qPrintable(error));
    m_window = std::make_unique<MainWindow>(std::move(context));
    m_window->resize(1280, 800);
    // The referenced-by dock wide enough for a row's key and two columns, the tree's dock
    // just wide enough for its names and counts: the tables keep the rest.
    auto *treeDock = m_window->findChild<QDockWidget *>(u"entityDock"_s);
    QVERIFY(treeDock);
    m_window->resizeDocks({treeDock, m_window->panels()->referencedByDock()}, {220, 330},
                          Qt::Horizontal);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QApplication::setActiveWindow(m_window.get());
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void tst_BrowserWorkflow::cleanupTestCase()
{
    m_window.reset();
    m_check.close();
    m_check = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"workflowCheck"_s);
}

QVariantList tst_BrowserWorkflow::sqlColumn(const QString &sql, const QVariantList &values) const
{
    QSqlQuery query(m_check);
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
    QVariantList result;
    while (query.next())
        result.append(query.value(0).toLongLong());
    return result;
}

QVariantList tst_BrowserWorkflow::modelIds(TablePage *page, int rows) const
{
    BrowserTest::waitForRows(page->model(), rows);
    QVariantList ids;
    for (int row = 0; row < rows && row < page->model()->rowCount(); ++row)
        ids.append(page->model()->primaryKey(row).toLongLong());
    return ids;
}

void tst_BrowserWorkflow::typeIntoCell(QTableView *view, const QModelIndex &index,
                                       const QString &text)
{
    if (auto *model = qobject_cast<Quarry::QueryModel *>(view->model()))
        QVERIFY(BrowserTest::waitForRows(model, index.row() + 1));
    view->setFocus();
    view->setCurrentIndex(index);
    view->scrollTo(index);
    QTest::keyClick(view, Qt::Key_F2);
    QWidget *editor = QApplication::focusWidget();
    QVERIFY(editor && editor != view && view->isAncestorOf(editor));
    QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(editor, text);
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_VERIFY(QApplication::focusWidget() == view);
}

void tst_BrowserWorkflow::openOrderItemsFromTheTree()
{
    EntityTree *tree = m_window->entityTree();
    QTreeWidgetItem *item = tree->item(u"OrderItem"_s);
    QVERIFY(item);
    QVERIFY(item->parent()->text(0).startsWith(m_window->context()->entityPluginName()));
    QTRY_VERIFY_WITH_TIMEOUT(tree->allCountsArrived(), 20000);
    QCOMPARE(tree->rowCount(u"OrderItem"_s), sqlValue(u"SELECT COUNT(*) FROM order_items"_s));

    // When OrderItem is activated with Enter in the tree
    tree->setFocus();
    tree->setCurrentItem(item);
    QTest::keyClick(tree, Qt::Key_Return);

    // Then it is the current tab, every row there
    TablePage *page = m_window->currentPage();
    QVERIFY(page);
    QCOMPARE(page, orderItems());
    QVERIFY(BrowserTest::waitForRows(page->model()));
    QTRY_COMPARE(page->model()->rowCount(), 20000);
    QTRY_VERIFY(page->statusText().endsWith(u"of %1"_s.arg(QLocale().toString(20000))));
    QVERIFY(m_window->panels()->referencedByDock()->isVisible());
    shot(u"workflow-1-opened"_s);
}

void tst_BrowserWorkflow::filterRowNarrowsToSqlCount()
{
    TablePage *page = orderItems();
    QVERIFY(page);
    const int quantity = page->model()->columnOf(u"quantity"_s);
    QLineEdit *box = page->filterHeader()->filterEdit(quantity);
    QVERIFY(box && box->isVisible());
    const qint64 expected = sqlValue(u"SELECT COUNT(*) FROM order_items WHERE "_s + m_where);
    QVERIFY(expected > 100 && expected < 20000);

    // When ">=4" is typed under Quantity and Return pressed
    QTest::mouseClick(box, Qt::LeftButton);
    QTest::keyClicks(box, m_filter);
    QTest::keyClick(box, Qt::Key_Return);

    // Then the rows are those SQL counts, and the status says so
    QTRY_COMPARE(page->model()->rowCount(), int(expected));
    QCOMPARE(page->filterText(u"quantity"_s), m_filter);
    QVERIFY(page->filterError(u"quantity"_s).isEmpty());
    QTRY_VERIFY(page->statusText().endsWith(u"of %1"_s.arg(QLocale().toString(expected))));
    const int role = page->model()->roleOf(u"quantity"_s);
    for (int row = 0; row < 40; ++row)
        QVERIFY(page->model()->index(row, quantity).data(role).toInt() >= 4);
    shot(u"workflow-2-filtered"_s);
}

void tst_BrowserWorkflow::headerClickSortsAsSql()
{
    TablePage *page = orderItems();
    QVERIFY(page);
    QHeaderView *header = page->view()->horizontalHeader();
    const int price = page->model()->columnOf(u"unitPrice"_s);
    const QPoint title(header->sectionViewportPosition(price) + header->sectionSize(price) / 2, 6);

    // When the Unit price header is clicked twice: descending
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, title);
    QCOMPARE(page->model()->sortColumn(), price);
    QCOMPARE(page->model()->sortOrder(), Qt::AscendingOrder);
    QCOMPARE(modelIds(page, 20),
             sqlColumn(u"SELECT id FROM order_items WHERE %1 ORDER BY unitPrice, id LIMIT 20"_s
                           .arg(m_where)));
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, title);
    QCOMPARE(page->model()->sortOrder(), Qt::DescendingOrder);

    // Then the first rows are SQL's, the filter still applied
    const QVariantList keyUp = sqlColumn(
        u"SELECT id FROM order_items WHERE %1 ORDER BY unitPrice DESC, id LIMIT 20"_s.arg(m_where));
    const QVariantList keyDown = sqlColumn(
        u"SELECT id FROM order_items WHERE %1 ORDER BY unitPrice DESC, id DESC LIMIT 20"_s.arg(
            m_where));
    const QVariantList shown = modelIds(page, 20);
    QVERIFY2(shown == keyUp || shown == keyDown, "not ordered by unit price, descending");
    QTRY_COMPARE(page->model()->rowCount(),
             int(sqlValue(u"SELECT COUNT(*) FROM order_items WHERE "_s + m_where)));

    // The README's main screenshot: a row selected, the referenced-by dock beside it
    page->view()->setFocus();
    page->view()->selectRow(2);
    QTRY_VERIFY(!m_window->panels()->referencedBy()->isLoading());
    const QString path = BrowserTest::screenshot(m_window.get(), u"workflow-3-sorted"_s);
    saveForDocs(QPixmap(path), u"browser-main"_s);
}

void tst_BrowserWorkflow::editCellAndSubmitWithCtrlS()
{
    TablePage *page = orderItems();
    QVERIFY(page);
    Quarry::QueryModel *model = page->model();
    EditController *edit = page->editController();
    const int quantity = model->columnOf(u"quantity"_s);
    const QModelIndex cell = model->index(1, quantity);
    const QVariant id = model->primaryKey(1);
    const int before = cell.data(model->roleOf(u"quantity"_s)).toInt();
    const int after = before == 5 ? 4 : 5; // stays within the filter
    QSignalSpy submitted(edit, &EditController::submitted);

    // When a new quantity is typed into the cell: pending, not yet in the database
    typeIntoCell(page->view(), cell, QString::number(after));
    QVERIFY(model->isDirty(cell));
    QCOMPARE(cell.data(model->roleOf(u"quantity"_s)).toInt(), after);
    QCOMPARE(sqlValue(u"SELECT quantity FROM order_items WHERE id = ?"_s, {id}), qint64(before));
    QVERIFY(edit->submitAction()->isEnabled());
    shot(u"workflow-4-edit-pending"_s);

    // And Ctrl+S is pressed: it is stored
    pressCtrl(page->view(), Qt::Key_S);
    QTRY_COMPARE(submitted.size(), 1);
    QVERIFY(!model->isDirty());
    QCOMPARE(sqlValue(u"SELECT quantity FROM order_items WHERE id = ?"_s, {id}), qint64(after));
    QCOMPARE(model->primaryKey(1), id); // the row stayed where it was
}

void tst_BrowserWorkflow::refusedSubmitIsShownFixedAndResubmitted()
{
    // Given the Customer tab, opened from the tree
    EntityTree *tree = m_window->entityTree();
    tree->setFocus();
    tree->setCurrentItem(tree->item(u"Customer"_s));
    QTest::keyClick(tree, Qt::Key_Return);
    TablePage *page = m_window->currentPage();
    QVERIFY(page);
    QCOMPARE(page->entityName(), u"Customer"_s);
    QVERIFY(BrowserTest::waitForRows(page->model()));
    Quarry::QueryModel *model = page->model();
    EditController *edit = page->editController();
    QTableView *view = page->view();
    const int emailColumn = model->columnOf(u"email"_s);
    const int cityColumn = model->columnOf(u"city"_s);
    const QString taken = model->index(0, emailColumn).data().toString();
    const QVariant customer = model->primaryKey(2);
    const QVariant movedCustomer = model->primaryKey(1);
    QSignalSpy refused(edit, &EditController::submitRefused);
    QSignalSpy submitted(edit, &EditController::submitted);

    // When a city and a taken e-mail are typed, and Ctrl+S pressed
    typeIntoCell(view, model->index(1, cityColumn), u"Lisbon"_s);
    const QModelIndex email = model->index(2, emailColumn);
    typeIntoCell(view, email, taken);
    pressCtrl(view, Qt::Key_S);

    // Then it is refused, with the reason on the e-mail cell; both edits are still pending
    QTRY_COMPARE(refused.size(), 1);
    QCOMPARE(submitted.size(), 0);
    const QString reason = refused.at(0).at(0).toString();
    QVERIFY2(reason.contains(u"UNIQUE"_s) && reason.contains(u"email"_s), qPrintable(reason));
    QCOMPARE(edit->submitErrors().message(email), reason);
    QVERIFY(edit->submitErrors().message(model->index(1, cityColumn)).isEmpty());
    QVERIFY(model->isDirty(email));
    QVERIFY(model->isDirty(model->index(1, cityColumn)));
    QCOMPARE(email.data().toString(), taken);
    QVERIFY(page->statusText().contains(reason));
    QCOMPARE(sqlValue(u"SELECT COUNT(*) FROM customers WHERE city = 'Lisbon' AND id = ?"_s,
                      {movedCustomer}),
             qint64(0));

    // The cell's tooltip gives the reason (the dock beside has loaded the row's orders)
    QTRY_VERIFY(!m_window->panels()->referencedBy()->isLoading());
    const QPoint center = view->visualRect(email).center();
    QHelpEvent help(QEvent::ToolTip, center, view->viewport()->mapToGlobal(center));
    QApplication::sendEvent(view->viewport(), &help);
    QWidget *tip = nullptr;
    QTRY_VERIFY((tip = visibleToolTip()) != nullptr);
    QVERIFY(tip->property("text").toString().contains(u"UNIQUE"_s));
    const QPixmap editing = grabWithPopup(m_window.get(), tip);
    editing.save(QStringLiteral(QUARRY_SCREENSHOT_DIR "/workflow-5-refused.png"));
    saveForDocs(editing, u"browser-editing"_s);
    tip->hide();

    // When the e-mail is fixed and Ctrl+S pressed again, both edits are stored
    typeIntoCell(view, email, u"fixed@example.com"_s);
    QVERIFY(edit->submitErrors().message(email).isEmpty());
    pressCtrl(view, Qt::Key_S);
    QTRY_COMPARE(submitted.size(), 1);
    QVERIFY(edit->submitErrors().isEmpty());
    QVERIFY(!model->isDirty());
    QVERIFY2(page->statusText().startsWith(u"rows "_s), qPrintable(page->statusText()));
    QCOMPARE(sqlValue(u"SELECT COUNT(*) FROM customers WHERE email = 'fixed@example.com' "
                      "AND id = ?"_s,
                      {customer}),
             qint64(1));
    QCOMPARE(sqlValue(u"SELECT COUNT(*) FROM customers WHERE city = 'Lisbon' AND id = ?"_s,
                      {movedCustomer}),
             qint64(1));
    shot(u"workflow-6-resubmitted"_s);
}

void tst_BrowserWorkflow::ctrlClickJumpsToTheOrderBackAndForward()
{
    // Given OrderItem again, its fourth row current
    TablePage *items = m_window->openTable(u"OrderItem"_s);
    QVERIFY(BrowserTest::waitForRows(items->model()));
    QCOMPARE(items, orderItems());
    QCOMPARE(m_window->currentPage(), items);
    Quarry::QueryModel *model = items->model();
    const int row = 3;
    const QModelIndex cell = model->index(row, model->columnOf(u"orderId"_s));
    m_jumpedItem = model->primaryKey(row);
    m_jumpedOrder = cell.data(model->roleOf(u"orderId"_s));
    QVERIFY(m_jumpedOrder.toLongLong() > 0);
    QCOMPARE(sqlValue(u"SELECT orderId FROM order_items WHERE id = ?"_s, {m_jumpedItem}),
             m_jumpedOrder.toLongLong());
    items->view()->setFocus();
    QCOMPARE(QGuiApplication::keyboardModifiers(), Qt::NoModifier);
    items->view()->setCurrentIndex(model->index(row, 0));

    // When its Order cell is Ctrl+clicked
    QTest::mouseClick(items->view()->viewport(), Qt::LeftButton, Qt::ControlModifier,
                      items->view()->visualRect(cell).center());
    releaseModifiers(items->view()->viewport());

    // Then the Order tab is current, with that order as its current, visible row
    const auto showsCurrent = [](TablePage *page, const QVariant &key) {
        if (!page)
            return false;
        const QModelIndex current = page->view()->currentIndex();
        return current.isValid() && locationOf(current).key.toLongLong() == key.toLongLong() &&
               page->view()->viewport()->rect().intersects(page->view()->visualRect(current));
    };
    QTRY_VERIFY_WITH_TIMEOUT(m_window->currentPage() &&
                                 m_window->currentPage()->entityName() == u"Order"_s,
                             10000);
    TablePage *orders = m_window->currentPage();
    QTRY_VERIFY_WITH_TIMEOUT(showsCurrent(orders, m_jumpedOrder), 10000);
    NavigationHistory *history = m_window->panels()->history();
    QVERIFY(history->canGoBack());
    QVERIFY(history->backAction()->isEnabled());

    // When going Back: OrderItem, at the row that was left, filter and sort kept
    history->backAction()->trigger();
    QTRY_VERIFY(m_window->currentPage() == items);
    QTRY_VERIFY_WITH_TIMEOUT(showsCurrent(items, m_jumpedItem), 10000);
    QCOMPARE(items->view()->currentIndex().row(), row);
    QCOMPARE(items->filterText(u"quantity"_s), m_filter);
    QCOMPARE(model->sortColumn(), model->columnOf(u"unitPrice"_s));
    QVERIFY(history->canGoForward());
    shot(u"workflow-7-back"_s);

    // When going Forward: the order again
    history->forwardAction()->trigger();
    QTRY_VERIFY(m_window->currentPage() == orders);
    QTRY_VERIFY_WITH_TIMEOUT(showsCurrent(orders, m_jumpedOrder), 10000);
}

void tst_BrowserWorkflow::referencedByListsTheOrdersItems()
{
    // Given the order reached by the jump, current in the Order tab
    TablePage *orders = m_window->currentPage();
    QVERIFY(orders);
    QCOMPARE(orders->entityName(), u"Order"_s);
    ReferencedByPanel *panel = m_window->panels()->referencedBy();
    QVERIFY(m_window->panels()->referencedByDock()->isVisible());

    // Then the dock lists that order's items, with SQL's count
    const qint64 expected =
        sqlValue(u"SELECT COUNT(*) FROM order_items WHERE orderId = ?"_s, {m_jumpedOrder});
    QVERIFY(expected >= 1);
    QTRY_VERIFY_WITH_TIMEOUT(panel->key().toLongLong() == m_jumpedOrder.toLongLong() &&
                                 !panel->isLoading(),
                             10000);
    QCOMPARE(panel->entity(), u"Order"_s);
    QTreeWidgetItem *group = nullptr;
    for (int i = 0; i < panel->tree()->topLevelItemCount(); ++i)
        if (panel->tree()->topLevelItem(i)->text(0).startsWith(u"OrderItem"_s))
            group = panel->tree()->topLevelItem(i);
    QVERIFY(group);
    QVERIFY2(group->text(0).endsWith(u"(%1)"_s.arg(expected)), qPrintable(group->text(0)));
    QCOMPARE(group->childCount(), int(expected)); // fewer than the row limit
    const QVariantList itemIds = sqlColumn(
        u"SELECT id FROM order_items WHERE orderId = ? ORDER BY id"_s, {m_jumpedOrder});
    QVERIFY(itemIds.contains(m_jumpedItem.toLongLong()));
    for (int i = 0; i < group->childCount(); ++i)
        QVERIFY2(group->child(i)->text(0).startsWith(u"#%1 "_s.arg(itemIds.value(i).toLongLong())),
                 qPrintable(group->child(i)->text(0)));
    group->setExpanded(true);
    // The whole order row highlighted, for the README
    orders->view()->setFocus();
    orders->view()->selectRow(orders->view()->currentIndex().row());
    QCOMPARE(panel->key().toLongLong(), m_jumpedOrder.toLongLong());
    const QString path = BrowserTest::screenshot(m_window.get(), u"workflow-8-relations"_s);
    saveForDocs(QPixmap(path), u"browser-relations"_s);
}

void tst_BrowserWorkflow::sqlConsoleRunsAJoin()
{
    SqlConsole *console = m_window->dataTools()->openSqlConsole();
    QVERIFY(console);
    QVERIFY(m_window->tabs()->currentWidget() == console);
    const QString sql =
        u"SELECT c.name, c.city, COUNT(o.id) AS orders\n"
        "FROM customers c JOIN orders o ON o.customerId = c.id\n"
        "GROUP BY c.id, c.name, c.city\n"
        "ORDER BY orders DESC, c.id\n"
        "LIMIT 25"_s;
    const QVariantList counts = sqlColumn(
        u"SELECT COUNT(o.id) FROM customers c JOIN orders o ON o.customerId = c.id "
        "GROUP BY c.id ORDER BY COUNT(o.id) DESC, c.id LIMIT 25"_s);
    QCOMPARE(counts.size(), 25);
    QSignalSpy finished(console, &SqlConsole::finished);

    // When the query is typed into the editor and Ctrl+Enter pressed
    console->editor()->setFocus();
    const QStringList lines = sql.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(console->editor(), Qt::Key_Return);
        QTest::keyClicks(console->editor(), lines.at(i));
    }
    QCOMPARE(console->sql(), sql);
    pressCtrl(console->editor(), Qt::Key_Return);

    // Then its 25 rows are shown, as SQL has them, and the message says so
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(console->message()));
    SqlResultModel *result = console->resultModel();
    QTRY_VERIFY(result->isComplete());
    QCOMPARE(result->rowCount(), 25);
    QCOMPARE(result->columnCount(), 3);
    QCOMPARE(result->headerData(2, Qt::Horizontal).toString(), u"orders"_s);
    for (int row = 0; row < 25; ++row)
        QCOMPARE(result->value(row, 2).toLongLong(), counts.at(row).toLongLong());
    QVERIFY2(console->message().startsWith(u"25 rows"_s), qPrintable(console->message()));
    QVERIFY(!console->isRunning());
    const QString path = BrowserTest::screenshot(m_window.get(), u"workflow-9-sql"_s);
    saveForDocs(QPixmap(path), u"browser-sql"_s);
}

void tst_BrowserWorkflow::exportWritesTheFilteredSortedView()
{
    // Given OrderItem, filtered and sorted
    TablePage *items = m_window->openTable(u"OrderItem"_s);
    QVERIFY(BrowserTest::waitForRows(items->model()));
    QCOMPARE(m_window->currentPage(), items);
    QAction *exportAction = m_window->dataTools()->exportAction();
    QVERIFY(exportAction->isEnabled());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(u"items.csv"_s);

    // When Export view… is chosen, and the dialog given a file and run
    qint64 exportedRows = -1;
    ExportRequest request;
    QString failure;
    bool driven = false;
    QTimer poll;
    poll.setInterval(20);
    connect(&poll, &QTimer::timeout, this, [&] {
        auto *dialog = qobject_cast<ExportDialog *>(QApplication::activeModalWidget());
        if (!dialog || driven)
            return;
        driven = true;
        poll.stop();
        dialog->setFileName(file);
        dialog->setFormat(ExportRequest::Format::Csv);
        request = dialog->request();
        connect(dialog, &ExportDialog::exported, dialog, [&, dialog](const QString &, qint64 rows) {
            exportedRows = rows;
            BrowserTest::screenshot(dialog, u"workflow-10-export-dialog"_s);
            dialog->accept();
        });
        connect(dialog->exporter(), &Exporter::finished, dialog,
                [&, dialog](bool ok, const QString &message) {
                    if (!ok) {
                        failure = message;
                        dialog->accept();
                    }
                });
        QTimer::singleShot(60000, dialog, [dialog, &failure] {
            failure = u"the export did not finish within 60 s"_s;
            dialog->cancelExport();
            dialog->accept();
        });
        dialog->startExport();
    });
    poll.start();
    exportAction->trigger(); // modal: returns when the dialog is closed
    QVERIFY(driven);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCOMPARE(request.fileName, file);
    QVERIFY(!request.condition.isEmpty());
    QCOMPARE(request.order.value(0).first, u"unitPrice"_s);
    QCOMPARE(request.order.value(0).second, Qt::DescendingOrder);

    // Then the file holds the view's rows, in the view's order, as SQL has them
    const qint64 expected = sqlValue(u"SELECT COUNT(*) FROM order_items WHERE "_s + m_where);
    QCOMPARE(exportedRows, expected);
    QFile csv(file);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QStringList lines = QString::fromUtf8(csv.readAll()).split(u"\r\n"_s);
    if (lines.last().isEmpty())
        lines.removeLast();
    QCOMPARE(qint64(lines.size()), expected + 1);
    const QStringList header = lines.takeFirst().split(u',');
    QCOMPARE(header, (QStringList{u"id"_s, u"orderId"_s, u"productId"_s, u"quantity"_s,
                                  u"unitPrice"_s}));
    QVariantList ids;
    for (const QString &line : std::as_const(lines)) {
        const QStringList fields = line.split(u',');
        QCOMPARE(fields.size(), header.size());
        QVERIFY2(fields.at(3).toInt() >= 4, qPrintable(line));
        ids.append(fields.at(0).toLongLong());
    }
    const QVariantList keyUp = sqlColumn(
        u"SELECT id FROM order_items WHERE %1 ORDER BY unitPrice DESC, id"_s.arg(m_where));
    const QVariantList keyDown = sqlColumn(
        u"SELECT id FROM order_items WHERE %1 ORDER BY unitPrice DESC, id DESC"_s.arg(m_where));
    QVERIFY2(ids == keyUp || ids == keyDown, "the file is not the view's order");
    QCOMPARE(ids.mid(0, 30), modelIds(items, 30));
}

QTEST_MAIN(tst_BrowserWorkflow)
#include "tst_browserworkflow.moc"
