// Relations in quarry-browser: foreign keys both ways (from the shop's entity plugin and
// by reflection, on SQLite and the servers), Ctrl+click jumps with Back/Forward, and the
// "referenced by" panel.

#include "browsertest.h"
#include "quarrytest.h"

#include "databasecontext.h"
#include "foreignkeys.h"
#include "navigationhistory.h"
#include "referencedbypanel.h"

#include <quarry/querymodel.h>

#include <QAction>
#include <QApplication>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSqlQuery>
#include <QTableView>
#include <QTreeWidget>

using namespace QuarryBrowser;
using namespace Qt::StringLiterals;

using BrowserTest::openContext;

namespace {

QString describe(const QList<ForeignKey> &keys)
{
    QStringList parts;
    for (const ForeignKey &key : keys)
        parts << u"%1.%2->%3.%4"_s.arg(key.entity, key.property, key.referencedEntity,
                                       key.referencedProperty);
    parts.sort();
    return parts.join(u", "_s);
}

qint64 scalar(const Quarry::Database &db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery query(db.connection());
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec() || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

// The view shows `key` in its current row, and that row is inside the viewport.
bool showsCurrent(QTableView *view, const QVariant &key)
{
    const QModelIndex current = view->currentIndex();
    if (!current.isValid() || locationOf(current).key.toLongLong() != key.toLongLong())
        return false;
    return view->viewport()->rect().intersects(view->visualRect(current));
}

// Table names of the small related tables written by hand on every backend.
void createParentsAndChildren(const Quarry::Database &db)
{
    const bool mysql = db.backend() == Quarry::Database::Backend::MySQL;
    const QString engine = mysql ? u" ENGINE=InnoDB"_s : QString();
    QVERIFY(db.connection().isOpen());
    Quarry::Database handle = db;
    QUARRY_VERIFY(
        handle.execute(
            u"CREATE TABLE parents (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL)"_s + engine),
        handle);
    QUARRY_VERIFY(
        handle.execute(u"CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER, "
                       "note VARCHAR(40), FOREIGN KEY (parent_id) REFERENCES parents (id) "
                       "ON DELETE CASCADE)"_s +
                       engine),
        handle);
    QUARRY_VERIFY(handle.execute(u"CREATE INDEX ix_children_note ON children (note)"_s), handle);
    for (int parent = 1; parent <= 3; ++parent)
        QUARRY_VERIFY(handle.execute(u"INSERT INTO parents (id, name) VALUES (?, ?)"_s,
                                     {parent, u"parent %1"_s.arg(parent)}),
                      handle);
    // parent 1: 7 children, parent 2: 2, parent 3: none. Notes repeat and some are NULL,
    // so that sorting by them has ties and NULLs.
    for (int child = 1; child <= 9; ++child) {
        const QVariant note = child % 4 == 1 ? QVariant() : QVariant(u"note %1"_s.arg(child % 3));
        QUARRY_VERIFY(
            handle.execute(u"INSERT INTO children (id, parent_id, note) VALUES (?, ?, ?)"_s,
                           {child, child <= 7 ? 1 : 2, note}),
            handle);
    }
}

} // namespace

class tst_BrowserRelations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void foreignKeysOfTheDemo_data();
    void foreignKeysOfTheDemo();
    void foreignKeysOnEveryBackend_data();
    void foreignKeysOnEveryBackend();
    void jumpsOnEveryBackend_data();
    void jumpsOnEveryBackend();
    void historyGoesBackAndForward();
    void ctrlClickJumpsAndBackReturns_data();
    void ctrlClickJumpsAndBackReturns();
    void jumpKeepsTheSearchAndSort();
    void jumpToAFilteredOutRowReplacesTheFilter();
    void goToActionFollowsTheCurrentCell();
    void referencedByListsTheCustomersOrders_data();
    void referencedByListsTheCustomersOrders();
    void referencedByNewestRowWins();
};

void tst_BrowserRelations::foreignKeysOfTheDemo_data()
{
    QTest::addColumn<bool>("plugin");
    QTest::addColumn<QString>("items");
    QTest::addColumn<QString>("expectedOutgoing");
    QTest::addColumn<QString>("customer");
    QTest::addColumn<QString>("expectedIncoming");
    QTest::newRow("entity plugin")
        << true << u"OrderItem"_s
        << u"OrderItem.orderId->Order.id, OrderItem.productId->Product.id"_s << u"Customer"_s
        << u"Order.customerId->Customer.id"_s;
    QTest::newRow("reflected")
        << false << u"order_items"_s
        << u"order_items.orderId->orders.id, order_items.productId->products.id"_s << u"customers"_s
        << u"orders.customerId->customers.id"_s;
}

void tst_BrowserRelations::foreignKeysOfTheDemo()
{
    QFETCH(bool, plugin);
    QFETCH(QString, items);
    QFETCH(QString, expectedOutgoing);
    QFETCH(QString, customer);
    QFETCH(QString, expectedIncoming);
    // Given the demo shop, as the application's classes or reflected from the tables
    auto context = openContext(BrowserTest::demoUrl(400), plugin);
    QVERIFY(context);
    const ForeignKeys keys(context.get());

    // Then order items point at orders and products, and orders at customers
    QCOMPARE(describe(keys.outgoing(items)), expectedOutgoing);
    QCOMPARE(describe(keys.incoming(customer)), expectedIncoming);
    QVERIFY(keys.outgoing(customer).isEmpty());
    // Table names work for class names too
    QCOMPARE(describe(keys.outgoing(u"order_items"_s)), expectedOutgoing);

    // And a cell's value leads to the referenced row
    const Location target = keys.target(items, u"orderId"_s, 42);
    QCOMPARE(target.entity, plugin ? u"Order"_s : u"orders"_s);
    QCOMPARE(target.key.toInt(), 42);
    QCOMPARE(target.column, u"id"_s);
    QVERIFY(!keys.target(items, u"quantity"_s, 42).isValid());
    QVERIFY(!keys.target(items, u"orderId"_s, QVariant()).isValid());
}

void tst_BrowserRelations::foreignKeysOnEveryBackend_data()
{
    QuarryTest::addBackendColumn();
    QuarryTest::addBackendRows();
}

void tst_BrowserRelations::foreignKeysOnEveryBackend()
{
    QUARRY_FRESH_URL(fresh);
    // Given two related tables written by hand, with no entity classes
    {
        const Quarry::Database db = Quarry::Database::open(fresh);
        QUARRY_VERIFY(db.isValid(), db);
        createParentsAndChildren(db);
        if (QTest::currentTestFailed())
            return;
    }
    auto context = openContext(fresh, false);
    QVERIFY(context);

    // Then reflection finds the key both ways
    const ForeignKeys keys(context.get());
    QCOMPARE(describe(keys.outgoing(u"children"_s)), u"children.parent_id->parents.id"_s);
    QCOMPARE(describe(keys.incoming(u"parents"_s)), u"children.parent_id->parents.id"_s);

    // And the referenced-by panel counts the children of parent 1 on this backend
    ReferencedByPanel panel(context.get());
    QSignalSpy loaded(&panel, &ReferencedByPanel::loaded);
    panel.setRow(u"parents"_s, 1);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(panel.tree()->topLevelItemCount(), 1);
    QCOMPARE(panel.tree()->topLevelItem(0)->text(0), u"children (7)"_s);
    QCOMPARE(panel.tree()->topLevelItem(0)->childCount(), 7);
}

void tst_BrowserRelations::jumpsOnEveryBackend_data()
{
    QuarryTest::addBackendColumn();
    QuarryTest::addBackendRows();
}

void tst_BrowserRelations::jumpsOnEveryBackend()
{
    QUARRY_FRESH_URL(fresh);
    {
        const Quarry::Database db = Quarry::Database::open(fresh);
        QUARRY_VERIFY(db.isValid(), db);
        createParentsAndChildren(db);
        if (QTest::currentTestFailed())
            return;
    }
    auto context = openContext(fresh, false);
    QVERIFY(context);
    Quarry::QueryModel children(context->session(), u"children"_s);
    QTableView view;
    view.setModel(&children);
    view.resize(400, 120); // a few rows visible: scrolling is needed
    view.show();
    // Every child is found by counting, in both orders of a column with ties and NULLs
    for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        children.sort(children.columnOf(u"note"_s), order);
        for (int child = 1; child <= 9; ++child) {
            bool finished = false;
            bool shown = false;
            QVERIFY(showLocation(&view, &children, {u"children"_s, child, u"note"_s}, [&](bool ok) {
                shown = ok;
                finished = true;
            }));
            QTRY_VERIFY_WITH_TIMEOUT(finished, 10000);
            QVERIFY2(shown, qPrintable(u"child %1"_s.arg(child)));
            QVERIFY2(children.filter().isEmpty(),
                     qPrintable(u"child %1 needed the filter"_s.arg(child)));
            QVERIFY(showsCurrent(&view, child));
        }
    }
}

void tst_BrowserRelations::historyGoesBackAndForward()
{
    NavigationHistory history;
    QSignalSpy requested(&history, &NavigationHistory::locationRequested);
    QSignalSpy canGoBack(&history, &NavigationHistory::canGoBackChanged);
    const Location a{u"OrderItem"_s, 1, u"orderId"_s};
    const Location b{u"Order"_s, 7, u"id"_s};
    const Location c{u"Customer"_s, 3, u"id"_s};

    // Given two jumps, a -> b -> c
    history.jump(a, b);
    history.jump(b, c); // b is current already: not recorded twice
    QCOMPARE(history.entries().size(), 3);
    QVERIFY(history.backAction()->isEnabled());
    QVERIFY(!history.forwardAction()->isEnabled());
    QCOMPARE(canGoBack.size(), 1);

    // When going back twice (the action, then the slot)
    history.backAction()->trigger();
    history.back();
    // Then a is requested last, and forward is possible
    QCOMPARE(requested.size(), 2);
    QCOMPARE(requested.at(1).at(0).value<Location>(), a);
    QVERIFY(!history.canGoBack());
    QVERIFY(history.forwardAction()->isEnabled());

    // When jumping elsewhere from there, the forward entries go
    history.jump(a, c);
    QVERIFY(!history.canGoForward());
    QCOMPARE(history.entries().size(), 2);

    // The provider's location replaces the current entry of the same table before going back
    history.setLocationProvider([] { return Location{u"Customer"_s, 5, u"name"_s}; });
    history.back();
    history.forward();
    QCOMPARE(requested.constLast().at(0).value<Location>(),
             (Location{u"Customer"_s, 5, u"name"_s}));
    QCOMPARE(history.backAction()->shortcut(), QKeySequence(Qt::ALT | Qt::Key_Left));
    QCOMPARE(history.forwardAction()->shortcut(), QKeySequence(Qt::ALT | Qt::Key_Right));
}

void tst_BrowserRelations::ctrlClickJumpsAndBackReturns_data()
{
    QTest::addColumn<QString>("sortProperty"); // the orders table's sort, empty: none
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::newRow("unsorted") << QString() << Qt::AscendingOrder;
    QTest::newRow("by placed, descending") << u"placed"_s << Qt::DescendingOrder;
    QTest::newRow("by status (ties)") << u"status"_s << Qt::AscendingOrder;
    QTest::newRow("by status, descending") << u"status"_s << Qt::DescendingOrder;
    QTest::newRow("by customer") << u"customerId"_s << Qt::AscendingOrder;
}

void tst_BrowserRelations::ctrlClickJumpsAndBackReturns()
{
    QFETCH(QString, sortProperty);
    QFETCH(Qt::SortOrder, order);
    auto context = openContext(BrowserTest::demoUrl(20'000), true);
    QVERIFY(context);
    const ForeignKeys keys(context.get());

    // Given the order items in one view (through a proxy, as a page may have) and the
    // orders, sorted, in another: an integrator's few lines of glue
    Quarry::QueryModel items(context->session(), u"OrderItem"_s);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&items);
    Quarry::QueryModel orders(context->session(), u"Order"_s);
    if (!sortProperty.isEmpty())
        orders.sort(orders.columnOf(sortProperty), order);
    QWidget window;
    auto *itemsView = new QTableView(&window);
    auto *ordersView = new QTableView(&window);
    itemsView->setGeometry(0, 0, 600, 300);
    ordersView->setGeometry(0, 300, 600, 300);
    window.resize(600, 600);
    itemsView->setModel(&proxy);
    ordersView->setModel(&orders);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    NavigationHistory history;
    ForeignKeyClickFilter filter(itemsView, keys);
    QSignalSpy jumps(&filter, &ForeignKeyClickFilter::jumpRequested);
    auto show = [&](const Location &location) {
        if (location.entity == u"Order"_s)
            return showLocation(ordersView, &orders, location);
        return showLocation(itemsView, &items, location);
    };
    connect(&filter, &ForeignKeyClickFilter::jumpRequested, &history,
            [&](const Location &target, const Location &from) {
                history.jump(from, target);
                show(target);
            });
    connect(&history, &NavigationHistory::locationRequested, &history, show);

    // When Ctrl+clicking the orderId cell of the fifth item
    const int row = 4;
    const QModelIndex cell = proxy.index(row, items.columnOf(u"orderId"_s));
    const QVariant orderId = cell.data(items.roleOf(u"orderId"_s));
    const QVariant itemId = items.primaryKey(row);
    QVERIFY(orderId.toLongLong() > 0);
    itemsView->setCurrentIndex(cell);
    QTest::mouseClick(itemsView->viewport(), Qt::LeftButton, Qt::ControlModifier,
                      itemsView->visualRect(cell).center());

    // Then the jump names the order, and that order becomes the current, visible row
    QCOMPARE(jumps.size(), 1);
    QCOMPARE(jumps.at(0).at(0).value<Location>(), (Location{u"Order"_s, orderId, u"id"_s}));
    QCOMPARE(jumps.at(0).at(1).value<Location>().key, itemId);
    QTRY_VERIFY_WITH_TIMEOUT(showsCurrent(ordersView, orderId), 10000);
    QCOMPARE(orders.filter().isEmpty(), true); // found by counting, not by filtering
    QCOMPARE(ordersView->currentIndex().column(), orders.columnOf(u"id"_s));

    // When going back, the item is current again; forward, the order
    itemsView->setCurrentIndex(proxy.index(0, 0));
    history.backAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(showsCurrent(itemsView, itemId), 10000);
    QVERIFY(history.canGoForward());
    history.forwardAction()->trigger();
    ordersView->setCurrentIndex(orders.index(0, 0));
    QTRY_VERIFY_WITH_TIMEOUT(showsCurrent(ordersView, orderId), 10000);
}

void tst_BrowserRelations::jumpKeepsTheSearchAndSort()
{
    auto context = openContext(BrowserTest::demoUrl(400), true);
    QVERIFY(context);
    // Given the customers searched for "an" and sorted by city, descending
    Quarry::QueryModel customers(context->session(), u"Customer"_s);
    customers.setSearch(u"an"_s);
    customers.sort(customers.columnOf(u"city"_s), Qt::DescendingOrder);
    QVERIFY(customers.rowCount() > 20);
    QTableView view;
    view.setModel(&customers);
    view.resize(500, 300);
    view.show();
    // When showing a customer near the end of that order
    const int row = customers.rowCount() - 3;
    const QVariant key = customers.primaryKey(row);
    QVERIFY(showLocation(&view, &customers, {u"Customer"_s, key, u"email"_s}));
    // Then it is current, visible, in the email column, and the search and sort stay
    QTRY_VERIFY_WITH_TIMEOUT(showsCurrent(&view, key), 10000);
    QCOMPARE(view.currentIndex().row(), row);
    QCOMPARE(view.currentIndex().column(), customers.columnOf(u"email"_s));
    QCOMPARE(customers.search(), u"an"_s);
    QVERIFY(customers.filter().isEmpty());
}

void tst_BrowserRelations::jumpToAFilteredOutRowReplacesTheFilter()
{
    auto context = openContext(BrowserTest::demoUrl(400), true);
    QVERIFY(context);
    // Given the orders filtered to other rows than the target
    Quarry::QueryModel orders(context->session(), u"Order"_s);
    QVERIFY(orders.setFilter(Quarry::Field(u"id"_s) > 50));
    QTableView view;
    view.setModel(&orders);
    view.resize(500, 300);
    view.show();
    bool shown = false;
    bool finished = false;
    // When showing order 7
    QVERIFY(showLocation(&view, &orders, {u"Order"_s, 7, {}}, [&](bool ok) {
        shown = ok;
        finished = true;
    }));
    // Then the filter became id = 7 and that row is current
    QTRY_VERIFY_WITH_TIMEOUT(finished, 10000);
    QVERIFY(shown);
    QCOMPARE(orders.rowCount(), 1);
    QVERIFY(showsCurrent(&view, 7));
    // A location of another entity is refused at once
    QVERIFY(!showLocation(&view, &orders, {u"Customer"_s, 7, {}}));
}

void tst_BrowserRelations::goToActionFollowsTheCurrentCell()
{
    auto context = openContext(BrowserTest::demoUrl(400), false);
    QVERIFY(context);
    Quarry::QueryModel items(context->session(), u"order_items"_s);
    QTableView view;
    view.setModel(&items);
    ForeignKeyClickFilter filter(&view, ForeignKeys(context.get()));
    QSignalSpy jumps(&filter, &ForeignKeyClickFilter::jumpRequested);

    view.setCurrentIndex(items.index(2, items.columnOf(u"quantity"_s)));
    QVERIFY(!filter.goToAction()->isEnabled());
    view.setCurrentIndex(items.index(2, items.columnOf(u"productId"_s)));
    QVERIFY(filter.goToAction()->isEnabled());
    filter.goToAction()->trigger();
    QCOMPARE(jumps.size(), 1);
    const Location target = jumps.at(0).at(0).value<Location>();
    QCOMPARE(target.entity, u"products"_s);
    QCOMPARE(target.key,
             items.index(2, items.columnOf(u"productId"_s)).data(items.roleOf(u"productId"_s)));
    // A plain click (no Ctrl) on a foreign-key cell does not jump
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {},
                      view.visualRect(items.index(1, items.columnOf(u"orderId"_s))).center());
    QCOMPARE(jumps.size(), 1);
}

void tst_BrowserRelations::referencedByListsTheCustomersOrders_data()
{
    QTest::addColumn<bool>("plugin");
    QTest::addColumn<QString>("customerEntity");
    QTest::addColumn<QString>("orderEntity");
    QTest::newRow("entity plugin") << true << u"Customer"_s << u"Order"_s;
    QTest::newRow("reflected") << false << u"customers"_s << u"orders"_s;
}

void tst_BrowserRelations::referencedByListsTheCustomersOrders()
{
    QFETCH(bool, plugin);
    QFETCH(QString, customerEntity);
    QFETCH(QString, orderEntity);
    auto context = openContext(BrowserTest::demoUrl(20'000), plugin);
    QVERIFY(context);
    const Quarry::Database db = context->database();
    // Given the customer with the most orders
    const qint64 customer = scalar(db, u"SELECT customerId FROM orders GROUP BY customerId "
                                       "ORDER BY COUNT(*) DESC, customerId LIMIT 1"_s);
    const qint64 expected =
        scalar(db, u"SELECT COUNT(*) FROM orders WHERE customerId = ?"_s, {customer});
    const qint64 firstOrder =
        scalar(db, u"SELECT MIN(id) FROM orders WHERE customerId = ?"_s, {customer});
    QVERIFY(expected > 3);

    // When the panel shows that customer, listing three rows per group
    ReferencedByPanel panel(context.get());
    panel.setRowLimit(3);
    panel.resize(460, 260);
    QSignalSpy loaded(&panel, &ReferencedByPanel::loaded);
    QSignalSpy open(&panel, &ReferencedByPanel::openRequested);
    QSignalSpy showAll(&panel, &ReferencedByPanel::showAllRequested);
    panel.setRow(customerEntity, customer);
    QVERIFY(loaded.wait(10000));

    // Then the orders group has the count SQL gives, three orders and a "more" line
    QCOMPARE(panel.tree()->topLevelItemCount(), 1);
    QTreeWidgetItem *group = panel.tree()->topLevelItem(0);
    QCOMPARE(group->text(0), u"%1 (%2)"_s.arg(orderEntity).arg(expected));
    QCOMPARE(group->childCount(), 4);
    QVERIFY2(group->child(0)->text(0).startsWith(u"#%1 "_s.arg(firstOrder)),
             qPrintable(group->child(0)->text(0)));
    QVERIFY(group->child(3)->text(0).contains(QString::number(expected - 3)));

    // When activating the first order, it is asked for; the "more" line asks for all
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    group->setExpanded(true);
    panel.tree()->setCurrentItem(group->child(0));
    QTest::keyClick(panel.tree(), Qt::Key_Return);
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.at(0).at(0).value<Location>(), (Location{orderEntity, firstOrder, QString()}));
    Q_EMIT panel.tree()->itemActivated(group->child(3), 0);
    QCOMPARE(showAll.size(), 1);
    QCOMPARE(showAll.at(0).at(1).toString(), u"customerId"_s);
    QCOMPARE(showAll.at(0).at(2).toLongLong(), customer);
    if (plugin) {
        panel.setRowLimit(50);
        panel.setRow(customerEntity, customer);
        QVERIFY(loaded.wait(10000));
        panel.tree()->topLevelItem(0)->setExpanded(true);
        panel.resize(520, 320);
        const QString shot = BrowserTest::screenshot(&panel, u"referenced-by-panel"_s);
        QVERIFY(QFile::exists(shot));
    }

    // An order item has no rows pointing at it
    panel.setRow(plugin ? u"OrderItem"_s : u"order_items"_s, 1);
    QCOMPARE(panel.tree()->topLevelItemCount(), 0);
}

void tst_BrowserRelations::referencedByNewestRowWins()
{
    auto context = openContext(BrowserTest::demoUrl(20'000), true);
    QVERIFY(context);
    const Quarry::Database db = context->database();
    ReferencedByPanel panel(context.get());
    QSignalSpy loaded(&panel, &ReferencedByPanel::loaded);
    // When the current row changes quickly over ten customers
    for (int customer = 1; customer <= 10; ++customer)
        panel.setRow(u"Customer"_s, customer);
    QVERIFY(loaded.wait(10000));
    QTest::qWait(200); // anything older would arrive by now
    // Then only the last one's result is shown
    const qint64 expected = scalar(db, u"SELECT COUNT(*) FROM orders WHERE customerId = 10"_s);
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(panel.key().toInt(), 10);
    QCOMPARE(panel.tree()->topLevelItem(0)->text(0), u"Order (%1)"_s.arg(expected));
}

QTEST_MAIN(tst_BrowserRelations)
#include "tst_browserrelations.moc"
