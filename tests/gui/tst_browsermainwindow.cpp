// Drives quarry-browser's real MainWindow offscreen on the demo shop (SQLite, 20,000
// order items): the entity tree and its background counts, a table tab and its status,
// header-click sorting, the filter row, the search box, column state persisted across
// windows, the read-only switch, and the executable's --screenshot mode.

#include "browsertest.h"

#include "browserstate.h"
#include "databasecontext.h"
#include "entitytree.h"
#include "filterheader.h"
#include "mainwindow.h"
#include "tablepage.h"

#include <quarry/querymodel.h>

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProcess>
#include <QScrollBar>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>
#include <QtTest>

using namespace QuarryBrowser;

class tst_BrowserMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void treeListsTablesWithCountsInTheBackground();
    void openingATableShowsItsRowsAndStatus();
    void headerClickSortsInSql();
    void filterRowNarrowsRows();
    void searchNarrowsRows();
    void columnStateIsRestoredInANewWindow();
    void readOnlyStopsEditing();
    void readOnlyLockedByCommandLine();
    void screenshotMode();

private:
    std::unique_ptr<MainWindow> openWindow(const QString &url);
    static qint64 sqlCount(MainWindow *window, const QString &sql);
    static QVariantList sqlColumn(MainWindow *window, const QString &sql);
    static QString rowsText(int first, int last, int total);

    QTemporaryDir m_settingsDir;
    QString m_url;
};

void tst_BrowserMainWindow::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void tst_BrowserMainWindow::init()
{
    m_url = BrowserTest::demoUrl();
    BrowserState::settings()->clear();
}

std::unique_ptr<MainWindow> tst_BrowserMainWindow::openWindow(const QString &url)
{
    QString error;
    auto context = DatabaseContext::open({url, {}, {}}, &error);
    if (!context)
        qFatal("cannot open %s: %s", qPrintable(url), qPrintable(error));
    auto window = std::make_unique<MainWindow>(std::move(context));
    window->resize(1200, 760);
    window->show();
    return window;
}

qint64 tst_BrowserMainWindow::sqlCount(MainWindow *window, const QString &sql)
{
    return sqlColumn(window, sql).value(0).toLongLong();
}

QVariantList tst_BrowserMainWindow::sqlColumn(MainWindow *window, const QString &sql)
{
    QSqlQuery query(window->context()->database().connection());
    if (!query.exec(sql))
        qFatal("%s", qPrintable(sql));
    QVariantList values;
    while (query.next())
        values.append(query.value(0));
    return values;
}

QString tst_BrowserMainWindow::rowsText(int first, int last, int total)
{
    const QLocale locale;
    return QStringLiteral("rows %1–%2 of %3")
        .arg(locale.toString(first), locale.toString(last), locale.toString(total));
}

void tst_BrowserMainWindow::treeListsTablesWithCountsInTheBackground()
{
    // Given a window on the demo shop
    auto window = openWindow(m_url);
    EntityTree *tree = window->entityTree();
    QCOMPARE(window->windowTitle(), QStringLiteral("quarry-browser — %1").arg(m_url));

    // Then the tree lists the four tables at once, their counts not yet known
    const QStringList tables = {QStringLiteral("customers"), QStringLiteral("order_items"),
                                QStringLiteral("orders"), QStringLiteral("products")};
    QCOMPARE(tree->entityNames(), tables);
    for (const QString &table : tables) {
        QVERIFY(tree->item(table));
        QCOMPARE(tree->rowCount(table), -1);
        QCOMPARE(tree->item(table)->text(1), QStringLiteral("…"));
        QCOMPARE(tree->item(table)->toolTip(0), QStringLiteral("table %1").arg(table));
    }
    QCOMPARE(tree->item(QStringLiteral("orders"))->parent()->text(0), QStringLiteral("Tables"));

    // When the background counts arrive, they are shown
    QSignalSpy arrived(tree, &EntityTree::rowCountArrived);
    QTRY_VERIFY(tree->allCountsArrived());
    QCOMPARE(arrived.count(), 4);
    QCOMPARE(tree->rowCount(QStringLiteral("customers")), 2000);
    QCOMPARE(tree->rowCount(QStringLiteral("order_items")), 20000);
    QCOMPARE(tree->rowCount(QStringLiteral("orders")), 5000);
    QCOMPARE(tree->rowCount(QStringLiteral("products")), 500);
    QCOMPARE(tree->item(QStringLiteral("order_items"))->text(1), QLocale().toString(20000));
}

void tst_BrowserMainWindow::openingATableShowsItsRowsAndStatus()
{
    auto window = openWindow(m_url);
    EntityTree *tree = window->entityTree();
    QTRY_VERIFY(tree->allCountsArrived());

    // When order_items is activated with Enter in the tree
    tree->setFocus();
    tree->setCurrentItem(tree->item(QStringLiteral("order_items")));
    QTest::keyClick(tree, Qt::Key_Return);

    // Then it opens in a tab, with its rows and the rows in sight in the status
    TablePage *page = window->currentPage();
    QVERIFY(page);
    QCOMPARE(page->entityName(), QStringLiteral("order_items"));
    QVERIFY(BrowserTest::waitForRows(page->model()));
    QCOMPARE(page->model()->rowCount(), 20000);
    QCOMPARE(page->model()->editStrategy(), Quarry::QueryModel::OnManualSubmit);
    QCOMPARE(page->view()->model(), page->model());
    QTRY_VERIFY(page->view()->rowAt(0) == 0);
    const int lastVisible = page->view()->rowAt(page->view()->viewport()->height() - 1);
    QVERIFY(lastVisible > 5);
    QTRY_COMPARE(page->statusText(), rowsText(1, lastVisible + 1, 20000));
    QVERIFY(window->findChild<QLabel *>(QStringLiteral("pageStatus"))
                ->text()
                .contains(page->statusText()));

    // Opening it again focuses the same tab
    window->openTable(QStringLiteral("customers"));
    QCOMPARE(window->tabs()->count(), 2);
    QCOMPARE(window->openTable(QStringLiteral("order_items")), page);
    QCOMPARE(window->tabs()->count(), 2);
    QCOMPARE(window->currentPage(), page);
    BrowserTest::screenshot(window.get(), QStringLiteral("browser-main-order-items"));

    // Scrolling to the end moves the status with it
    QSignalSpy status(page, &TablePage::statusChanged);
    page->view()->scrollToBottom();
    QTRY_VERIFY(
        page->statusText().endsWith(QStringLiteral("%1 of %1").arg(QLocale().toString(20000))));
    QVERIFY(status.count() >= 1);
}

void tst_BrowserMainWindow::headerClickSortsInSql()
{
    auto window = openWindow(m_url);
    TablePage *page = window->openTable(QStringLiteral("order_items"));
    QVERIFY(BrowserTest::waitForRows(page->model()));
    QHeaderView *header = page->view()->horizontalHeader();
    const int quantity = page->model()->columnOf(QStringLiteral("quantity"));
    const int id = page->model()->columnOf(QStringLiteral("id"));
    const auto firstIds = [&] {
        BrowserTest::waitForRows(page->model());
        QVariantList ids;
        for (int row = 0; row < 20; ++row)
            ids.append(page->model()->index(row, id).data().toLongLong());
        return ids;
    };
    const auto toLongLongs = [](const QVariantList &values) {
        QVariantList result;
        for (const QVariant &value : values)
            result.append(value.toLongLong());
        return result;
    };
    QCOMPARE(page->model()->sortColumn(), -1); // opened in the table's own order

    // When the Quantity header is clicked, rows are ordered by quantity (then key)
    const QPoint title(header->sectionViewportPosition(quantity) + 10, 6);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, title);
    QCOMPARE(page->model()->sortColumn(), quantity);
    QCOMPARE(page->model()->sortOrder(), Qt::AscendingOrder);
    QCOMPARE(firstIds(),
             toLongLongs(sqlColumn(
                 window.get(),
                 QStringLiteral("SELECT id FROM order_items ORDER BY quantity, id LIMIT 20"))));

    // And clicked again, descending
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, title);
    QCOMPARE(page->model()->sortOrder(), Qt::DescendingOrder);
    QVERIFY(BrowserTest::waitForRows(page->model()));
    QCOMPARE(page->model()->index(0, quantity).data().toInt(),
             sqlCount(window.get(), QStringLiteral("SELECT MAX(quantity) FROM order_items")));
    const QVariantList descending = toLongLongs(sqlColumn(
        window.get(),
        QStringLiteral("SELECT id FROM order_items ORDER BY quantity DESC, id LIMIT 20")));
    const QVariantList descendingKeyDown = toLongLongs(sqlColumn(
        window.get(),
        QStringLiteral("SELECT id FROM order_items ORDER BY quantity DESC, id DESC LIMIT 20")));
    QVERIFY2(firstIds() == descending || firstIds() == descendingKeyDown, "not by quantity desc");
}

void tst_BrowserMainWindow::filterRowNarrowsRows()
{
    auto window = openWindow(m_url);
    TablePage *page = window->openTable(QStringLiteral("order_items"));
    QVERIFY(BrowserTest::waitForRows(page->model()));
    Quarry::QueryModel *model = page->model();
    FilterHeader *header = page->filterHeader();
    QLineEdit *quantity = header->filterEdit(model->columnOf(QStringLiteral("quantity")));
    QLineEdit *price = header->filterEdit(model->columnOf(QStringLiteral("unitPrice")));
    QVERIFY(quantity && price);
    QVERIFY(quantity->isVisible());
    // The box sits under its column, and follows it when columns are resized or moved
    const int quantityColumn = model->columnOf(QStringLiteral("quantity"));
    QCOMPARE(quantity->x(), header->sectionViewportPosition(quantityColumn));
    QCOMPARE(quantity->width(), header->sectionSize(quantityColumn));
    QVERIFY(quantity->y() >= header->height() - quantity->height());
    header->resizeSection(model->columnOf(QStringLiteral("id")), 150);
    header->moveSection(header->visualIndex(quantityColumn), 1);
    header->resizeSection(quantityColumn, 140);
    QCOMPARE(quantity->x(), header->sectionViewportPosition(quantityColumn));
    QCOMPARE(quantity->width(), 140);
    QVERIFY(quantity->x() < price->x() - 140);

    // When ">3" is typed under Quantity, after a pause only those rows remain
    const int quantityAbove3 = int(sqlCount(
        window.get(), QStringLiteral("SELECT COUNT(*) FROM order_items WHERE quantity > 3")));
    QVERIFY(quantityAbove3 > 0 && quantityAbove3 < 20000);
    QTest::keyClicks(quantity, QStringLiteral(">3"));
    QTRY_COMPARE(model->rowCount(), quantityAbove3);
    QTRY_VERIFY(page->statusText().endsWith(
        QStringLiteral("of %1").arg(QLocale().toString(quantityAbove3))));
    for (int row = 0; row < 30; ++row)
        QVERIFY(model->index(row, model->columnOf(QStringLiteral("quantity"))).data().toInt() > 3);

    // And a range under Unit price narrows further (the two combine with AND)
    QVERIFY(page->setFilterText(QStringLiteral("unitPrice"), QStringLiteral("10..50")));
    const int both =
        int(sqlCount(window.get(), QStringLiteral("SELECT COUNT(*) FROM order_items WHERE quantity "
                                                  "> 3 AND unitPrice BETWEEN 10 AND 50")));
    QTRY_COMPARE(model->rowCount(), both);
    BrowserTest::screenshot(window.get(), QStringLiteral("browser-filter"));

    // Invalid text turns the box red with the reason, and keeps the previous filter
    price->clear();
    QTest::keyClicks(price, QStringLiteral("cheap"));
    QTRY_VERIFY(!page->filterError(QStringLiteral("unitPrice")).isEmpty());
    QVERIFY(price->toolTip().contains(QStringLiteral("'cheap' is not a number")));
    QVERIFY(price->styleSheet().contains(QStringLiteral("background")));
    QTRY_COMPARE(model->rowCount(), both);
    BrowserTest::screenshot(window.get(), QStringLiteral("browser-filter-error"));

    // Return applies at once, without waiting for the pause
    price->clear();
    QTest::keyClicks(price, QStringLiteral("<20"));
    QTest::keyClick(price, Qt::Key_Return);
    QTRY_COMPARE(model->rowCount(),
             int(sqlCount(
                 window.get(),
                 QStringLiteral(
                     "SELECT COUNT(*) FROM order_items WHERE quantity > 3 AND unitPrice < 20"))));

    // The boxes follow a sideways scroll
    window->resize(560, 600);
    QTRY_VERIFY(page->view()->horizontalScrollBar()->maximum() > 0);
    page->view()->horizontalScrollBar()->setValue(page->view()->horizontalScrollBar()->maximum());
    QCOMPARE(price->x(), header->sectionViewportPosition(model->columnOf(QStringLiteral("unitPrice"))));
    QVERIFY(price->x() + price->width() <= header->width());
    window->resize(1200, 760);

    // Clearing the boxes shows every row again
    QVERIFY(page->setFilterText(QStringLiteral("unitPrice"), QString()));
    QVERIFY(page->filterError(QStringLiteral("unitPrice")).isEmpty());
    QVERIFY(page->setFilterText(QStringLiteral("quantity"), QString()));
    QTRY_COMPARE(model->rowCount(), 20000);
}

void tst_BrowserMainWindow::searchNarrowsRows()
{
    auto window = openWindow(m_url);
    TablePage *page = window->openTable(QStringLiteral("customers"));
    QVERIFY(BrowserTest::waitForRows(page->model()));
    const int berlin = int(sqlCount(
        window.get(),
        QStringLiteral(
            "SELECT COUNT(*) FROM customers WHERE lower(name) LIKE '%berlin%' OR lower(email) LIKE "
            "'%berlin%' OR lower(city) LIKE '%berlin%' OR lower(joined) LIKE '%berlin%' OR "
            "lower(notes) LIKE '%berlin%'")));
    QVERIFY(berlin > 0 && berlin < 2000);

    // Typing waits for a pause, then searches every text column, ignoring case
    QTest::keyClicks(page->searchEdit(), QStringLiteral("BERlin"));
    QCOMPARE(page->model()->rowCount(), 2000); // debounced: not yet
    QTRY_COMPARE(page->model()->rowCount(), berlin);
    QCOMPARE(page->model()->search(), QStringLiteral("BERlin"));

    // The search and a filter combine
    QVERIFY(page->setFilterText(QStringLiteral("vip"), QStringLiteral("1")));
    QTRY_COMPARE(
        page->model()->rowCount(),
        int(sqlCount(
            window.get(),
            QStringLiteral("SELECT COUNT(*) FROM customers WHERE city = 'Berlin' AND vip = 1"))));
}

void tst_BrowserMainWindow::columnStateIsRestoredInANewWindow()
{
    int filtered = 0;
    {
        // Given a window where order_items has a column hidden (through the columns menu),
        // one resized, one moved, a filter, and customers open as well
        auto window = openWindow(m_url);
        window->openTable(QStringLiteral("customers"))->setSearchText(QStringLiteral("berlin"));
        TablePage *page = window->openTable(QStringLiteral("order_items"));
        QVERIFY(BrowserTest::waitForRows(page->model()));
        QHeaderView *header = page->view()->horizontalHeader();
        Q_EMIT page->columnsMenu()->aboutToShow();
        QAction *priceAction = nullptr;
        for (QAction *action : page->columnsMenu()->actions()) {
            if (action->text() == QStringLiteral("unitPrice"))
                priceAction = action;
        }
        QVERIFY2(priceAction, "no unitPrice entry in the columns menu");
        QVERIFY(priceAction->isChecked());
        priceAction->trigger();
        QVERIFY(!page->isColumnVisible(QStringLiteral("unitPrice")));
        QVERIFY(page->filterHeader()->filterEdit(4)->isHidden());
        header->resizeSection(page->model()->columnOf(QStringLiteral("productId")), 211);
        header->moveSection(
            header->visualIndex(page->model()->columnOf(QStringLiteral("quantity"))), 0);
        page->setFilterText(QStringLiteral("quantity"), QStringLiteral("<=2"));
        header->setSortIndicator(page->model()->columnOf(QStringLiteral("productId")),
                                 Qt::DescendingOrder);
        QCOMPARE(page->model()->sortColumn(), page->model()->columnOf(QStringLiteral("productId")));
        QVERIFY(BrowserTest::waitForRows(page->model()));
        filtered = page->model()->rowCount();
        window->resize(1010, 690);
        // When the window closes
        window->close();
    }
    QVERIFY(filtered > 0 && filtered < 20000);

    // Then a new window on the same database reopens both tabs, with the same columns
    auto window = openWindow(m_url);
    window->restoreSession();
    QCOMPARE(window->tabs()->count(), 2);
    QCOMPARE(window->size(), QSize(1010, 690));
    TablePage *page = window->page(QStringLiteral("order_items"));
    QVERIFY(page);
    QCOMPARE(window->currentPage(), page);
    QHeaderView *header = page->view()->horizontalHeader();
    QVERIFY(!page->isColumnVisible(QStringLiteral("unitPrice")));
    QVERIFY(page->isColumnVisible(QStringLiteral("productId")));
    QCOMPARE(header->sectionSize(page->model()->columnOf(QStringLiteral("productId"))), 211);
    QCOMPARE(header->visualIndex(page->model()->columnOf(QStringLiteral("quantity"))), 0);
    QCOMPARE(page->filterText(QStringLiteral("quantity")), QStringLiteral("<=2"));
    QTRY_COMPARE(page->model()->rowCount(), filtered);
    QCOMPARE(page->model()->sortColumn(), page->model()->columnOf(QStringLiteral("productId")));
    QCOMPARE(page->model()->sortOrder(), Qt::DescendingOrder);
    QVERIFY(BrowserTest::waitForRows(page->model()));
    TablePage *customers = window->page(QStringLiteral("customers"));
    QVERIFY(customers);
    QCOMPARE(customers->searchEdit()->text(), QStringLiteral("berlin"));
    QCOMPARE(customers->model()->search(), QStringLiteral("berlin"));
    QVERIFY(BrowserTest::waitForRows(customers->model()));
    QVERIFY(customers->model()->rowCount() > 0 && customers->model()->rowCount() < 2000);

    // And another database does not get this one's tabs
    auto other = openWindow(BrowserTest::demoUrl());
    other->restoreSession();
    QCOMPARE(other->tabs()->count(), 0);
}

void tst_BrowserMainWindow::readOnlyStopsEditing()
{
    auto window = openWindow(m_url);
    TablePage *page = window->openTable(QStringLiteral("order_items"));
    QVERIFY(BrowserTest::waitForRows(page->model()));
    QTableView *view = page->view();
    const QModelIndex cell =
        page->model()->index(0, page->model()->columnOf(QStringLiteral("quantity")));
    QAction *readOnly = window->readOnlyAction();
    QVERIFY(readOnly->isEnabled());
    QVERIFY(!readOnly->isChecked());

    // Writable: an editor opens
    view->edit(cell);
    QVERIFY(view->indexWidget(cell));

    // When Read-only is switched on, the open editor goes and no editor opens any more,
    // whatever the trigger
    readOnly->trigger();
    QVERIFY(window->context()->isReadOnly());
    QVERIFY(page->isReadOnly());
    // The page makes its model read-only: it refuses edits from anywhere, not only views
    QVERIFY(page->model()->isReadOnly());
    QVERIFY(!(cell.flags() & Qt::ItemIsEditable));
    QVERIFY(!page->model()->setData(cell, 9));
    QVERIFY(page->model()->lastError().message().contains(QLatin1String("read-only")));
    QVERIFY(!view->indexWidget(cell));
    QTest::ignoreMessage(QtWarningMsg, "edit: editing failed");
    view->edit(cell);
    QVERIFY(!view->indexWidget(cell));
    QCOMPARE(view->editTriggers(), QAbstractItemView::NoEditTriggers);
    view->setCurrentIndex(cell);
    view->setFocus();
    QTest::keyClick(view, Qt::Key_F2);
    QTest::keyClicks(view, QStringLiteral("9"));
    QVERIFY(!view->indexWidget(cell));
    QVERIFY(!page->model()->isDirty());

    // And switched off again, editing works again
    readOnly->trigger();
    QVERIFY(!window->context()->isReadOnly());
    QVERIFY(!page->model()->isReadOnly());
    QVERIFY(cell.flags() & Qt::ItemIsEditable);
    view->edit(cell);
    QVERIFY(view->indexWidget(cell));
}

void tst_BrowserMainWindow::readOnlyLockedByCommandLine()
{
    QString error;
    auto context = DatabaseContext::open({m_url, {}, {}}, &error);
    QVERIFY(context);
    context->lockReadOnly();
    MainWindow window(std::move(context));
    QVERIFY(window.readOnlyAction()->isChecked());
    QVERIFY(!window.readOnlyAction()->isEnabled());
    TablePage *page = window.openTable(QStringLiteral("products"));
    QVERIFY(BrowserTest::waitForRows(page->model()));
    const QModelIndex cell = page->model()->index(0, 1);
    QTest::ignoreMessage(QtWarningMsg, "edit: editing failed");
    page->view()->edit(cell);
    QVERIFY(!page->view()->indexWidget(cell));
    QVERIFY(page->model()->isReadOnly());
    QVERIFY(!page->model()->setData(cell, 9));
}

void tst_BrowserMainWindow::screenshotMode()
{
    const QString program = QFileInfo(QStringLiteral(QUARRY_SCREENSHOT_DIR))
                                .dir()
                                .filePath(QStringLiteral("browser/app/quarry-browser"));
    QVERIFY2(QFileInfo::exists(program), qPrintable(program + QStringLiteral(" is not built")));
    QTemporaryDir home;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path()); // its own settings
    const auto run = [&](const QStringList &arguments, QString *errors) {
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(program, arguments);
        if (!process.waitForFinished(120'000))
            return -1;
        *errors = QString::fromLocal8Bit(process.readAllStandardError());
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    };

    // The PNG of the window, with order_items open
    const QString file = QDir(QStringLiteral(QUARRY_SCREENSHOT_DIR))
                             .filePath(QStringLiteral("browser-screenshot-mode.png"));
    QFile::remove(file);
    QString errors;
    QCOMPARE(run({m_url, QStringLiteral("--table"), QStringLiteral("order_items"),
                  QStringLiteral("--screenshot"), file},
                 &errors),
             0);
    QImage image(file);
    QVERIFY2(!image.isNull(), qPrintable(errors));
    QCOMPARE(image.size(), QSize(1280, 800));

    // A table that does not exist fails, saying so
    QCOMPARE(run({m_url, QStringLiteral("--table"), QStringLiteral("nosuch"),
                  QStringLiteral("--screenshot"), file + QStringLiteral(".bad.png")},
                 &errors),
             1);
    QVERIFY2(errors.contains(QStringLiteral("no table or entity 'nosuch'")), qPrintable(errors));
    QVERIFY(!QFileInfo::exists(file + QStringLiteral(".bad.png")));

    // So does a database that cannot be opened
    QCOMPARE(run({QStringLiteral("postgresql://nobody@127.0.0.1:1/none"),
                  QStringLiteral("--screenshot"), file + QStringLiteral(".bad.png")},
                 &errors),
             1);
    QVERIFY2(errors.contains(QStringLiteral("quarry-browser:")), qPrintable(errors));
}

QTEST_MAIN(tst_BrowserMainWindow)
#include "tst_browsermainwindow.moc"
