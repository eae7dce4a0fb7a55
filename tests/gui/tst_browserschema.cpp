// The schema view: columns, indexes and foreign keys from Quarry::Schema, with the entity
// class's properties beside the columns; on SQLite (the demo shop) and on the servers.

#include "browsertest.h"
#include "quarrytest.h"

#include "databasecontext.h"
#include "schemaview.h"

#include <QHeaderView>
#include <QSignalSpy>
#include <QTreeWidget>

using namespace QuarryBrowser;
using namespace Qt::StringLiterals;

using BrowserTest::openContext;

namespace {

// The rows of a list, one "a | b | c" string per row (hidden columns left out).
QStringList rowsOf(const QTreeWidget *list)
{
    QStringList rows;
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        QStringList cells;
        for (int column = 0; column < list->columnCount(); ++column) {
            if (!list->isColumnHidden(column))
                cells << list->topLevelItem(i)->text(column);
        }
        rows << cells.join(u" | "_s);
    }
    return rows;
}

QString rowStartingWith(const QTreeWidget *list, const QString &start)
{
    for (const QString &row : rowsOf(list)) {
        if (row.startsWith(start))
            return row;
    }
    return {};
}

bool waitLoaded(SchemaView *view)
{
    if (view->isLoaded())
        return true;
    QSignalSpy loaded(view, &SchemaView::loaded);
    return loaded.wait(10000);
}

} // namespace

class tst_BrowserSchema : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsTheDemosOrderItemsWithTheirProperties();
    void showsIndexesAndEnumRules();
    void missingColumnsOfAnEntityAreListed();
    void reflectedTablesShowColumnsOnly();
    void showsHandWrittenTablesOnEveryBackend_data();
    void showsHandWrittenTablesOnEveryBackend();
};

void tst_BrowserSchema::showsTheDemosOrderItemsWithTheirProperties()
{
    auto context = openContext(BrowserTest::demoUrl(400), true);
    QVERIFY(context);
    // Given the schema view on the order items, mapped by OrderItem
    SchemaView view(context.get());
    view.setEntity(u"OrderItem"_s);
    QVERIFY(waitLoaded(&view));

    // Then each live column sits beside its property: name, label, storage and rules
    const QStringList columns = rowsOf(view.columnsView());
    QCOMPARE(columns.size(), 5);
    QCOMPARE(columns.at(0), u"id | INTEGER |  |  | yes, auto | id | id | int64 | auto_increment"_s);
    QVERIFY2(
        columns.at(1).startsWith(u"orderId | INTEGER |  |  |  | orderId | Order | int64 | "_s) &&
            columns.at(1).contains(u"references=Order on_delete=cascade"_s),
        qPrintable(columns.at(1)));
    QVERIFY2(rowStartingWith(view.columnsView(), u"quantity | "_s)
                 .endsWith(u"| quantity | Quantity | int32 | default=1"_s),
             qPrintable(columns.join(u'\n')));
    // And the foreign keys, with their ON DELETE
    const QStringList keys = rowsOf(view.foreignKeysView());
    QVERIFY2(keys.contains(u"(unnamed) | orderId | orders(id) | CASCADE"_s) ||
                 std::any_of(keys.cbegin(), keys.cend(),
                             [](const QString &key) {
                                 return key.endsWith(u"| orderId | orders(id) | CASCADE"_s);
                             }),
             qPrintable(keys.join(u'\n')));
    QVERIFY2(std::any_of(keys.cbegin(), keys.cend(),
                         [](const QString &key) {
                             return key.endsWith(u"| productId | products(id) | RESTRICT"_s);
                         }),
             qPrintable(keys.join(u'\n')));
    view.resize(900, 560);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    BrowserTest::screenshot(&view, u"schema-view"_s);
}

void tst_BrowserSchema::showsIndexesAndEnumRules()
{
    auto context = openContext(BrowserTest::demoUrl(400), true);
    QVERIFY(context);
    SchemaView view(context.get());
    view.setEntity(u"Customer"_s);
    QVERIFY(waitLoaded(&view));
    // Customer: a unique e-mail and indexed name and city (Q_CLASSINFO), as live indexes
    const QStringList indexes = rowsOf(view.indexesView());
    QVERIFY2(indexes.contains(u"(primary key) | id | yes"_s), qPrintable(indexes.join(u'\n')));
    auto hasIndex = [&](const QString &columns, bool unique) {
        return std::any_of(indexes.cbegin(), indexes.cend(), [&](const QString &index) {
            return index.endsWith(u"| %1 | %2"_s.arg(columns, unique ? u"yes"_s : QString()));
        });
    };
    QVERIFY2(hasIndex(u"email"_s, true), qPrintable(indexes.join(u'\n')));
    QVERIFY2(hasIndex(u"name"_s, false), qPrintable(indexes.join(u'\n')));
    QVERIFY2(hasIndex(u"city"_s, false), qPrintable(indexes.join(u'\n')));
    QVERIFY(
        rowStartingWith(view.columnsView(), u"email | "_s).contains(u"max_length=200, unique"_s));
    QVERIFY(rowStartingWith(view.columnsView(), u"notes | "_s).contains(u"| yes |"_s)); // nullable
    QVERIFY(view.foreignKeysView()->topLevelItemCount() == 0);

    // Product: the enum's keys are listed as the category's rule
    view.setEntity(u"Product"_s);
    QVERIFY(rowStartingWith(view.columnsView(), u"category | "_s)
                .contains(u"enum: Books|Music|Garden|Toys|Tools|Kitchen"_s));
}

void tst_BrowserSchema::missingColumnsOfAnEntityAreListed()
{
    // Given a database whose customers table lost the column Customer.notes maps
    const QString url = BrowserTest::demoUrl(400);
    {
        Quarry::Database db = Quarry::Database::open(url);
        QUARRY_VERIFY(db.execute(u"ALTER TABLE customers DROP COLUMN notes"_s), db);
    }
    auto context = openContext(url, true);
    QVERIFY(context);
    SchemaView view(context.get());
    view.setEntity(u"Customer"_s);
    QVERIFY(waitLoaded(&view));
    // Then the property is listed last, as a missing column, in red
    QTreeWidget *columns = view.columnsView();
    QTreeWidgetItem *last = columns->topLevelItem(columns->topLevelItemCount() - 1);
    QCOMPARE(last->text(0), u"notes"_s);
    QCOMPARE(last->text(1), u"(missing)"_s);
    QCOMPARE(last->text(6), u"Notes"_s);
    QCOMPARE(last->foreground(0).color(), QColor(Qt::red));
}

void tst_BrowserSchema::reflectedTablesShowColumnsOnly()
{
    auto context = openContext(BrowserTest::demoUrl(400), false);
    QVERIFY(context);
    SchemaView view(context.get());
    view.setEntity(u"orders"_s);
    QVERIFY(waitLoaded(&view));
    QVERIFY(view.columnsView()->isColumnHidden(5));
    QCOMPARE(rowsOf(view.columnsView()).value(1), u"customerId | INTEGER |  |  | "_s);
    QCOMPARE(view.foreignKeysView()->topLevelItemCount(), 1);
    // An unknown table says so instead of showing stale lists
    view.setEntity(u"no_such_table"_s);
    QCOMPARE(view.columnsView()->topLevelItemCount(), 0);
}

void tst_BrowserSchema::showsHandWrittenTablesOnEveryBackend_data()
{
    QuarryTest::addBackendColumn();
    QuarryTest::addBackendRows();
}

void tst_BrowserSchema::showsHandWrittenTablesOnEveryBackend()
{
    QUARRY_FRESH_URL(fresh);
    {
        Quarry::Database db = Quarry::Database::open(fresh);
        QUARRY_VERIFY(db.isValid(), db);
        const QString engine =
            db.backend() == Quarry::Database::Backend::MySQL ? u" ENGINE=InnoDB"_s : QString();
        QUARRY_VERIFY(
            db.execute(
                u"CREATE TABLE shelves (id INTEGER PRIMARY KEY, label VARCHAR(30) NOT NULL)"_s +
                engine),
            db);
        QUARRY_VERIFY(
            db.execute(u"CREATE TABLE boxes (id INTEGER PRIMARY KEY, shelf_id INTEGER NOT NULL, "
                       "code VARCHAR(20) DEFAULT 'new', CONSTRAINT fk_boxes_shelf "
                       "FOREIGN KEY (shelf_id) REFERENCES shelves (id) ON DELETE CASCADE)"_s +
                       engine),
            db);
        QUARRY_VERIFY(db.execute(u"CREATE UNIQUE INDEX uq_boxes_code ON boxes (code)"_s), db);
    }
    auto context = openContext(fresh, false);
    QVERIFY(context);
    SchemaView view(context.get());
    view.setEntity(u"boxes"_s);
    QVERIFY(waitLoaded(&view));
    const QStringList columns = rowsOf(view.columnsView());
    QCOMPARE(columns.size(), 3);
    QVERIFY2(columns.at(0).startsWith(u"id | "_s) && columns.at(0).endsWith(u"| yes"_s),
             qPrintable(columns.at(0)));
    QVERIFY2(columns.at(1).startsWith(u"shelf_id | "_s) && columns.at(1).contains(u"INT"_s) &&
                 !columns.at(1).contains(u"| yes"_s),
             qPrintable(columns.at(1)));
    QVERIFY2(columns.at(2).contains(u"| yes |"_s) && columns.at(2).contains(u"new"_s),
             qPrintable(columns.at(2)));
    QVERIFY2(rowsOf(view.indexesView()).contains(u"uq_boxes_code | code | yes"_s),
             qPrintable(rowsOf(view.indexesView()).join(u'\n')));
    const QString key = rowsOf(view.foreignKeysView()).value(0);
    QVERIFY2(key.endsWith(u"| shelf_id | shelves(id) | CASCADE"_s), qPrintable(key));
}

QTEST_MAIN(tst_BrowserSchema)
#include "tst_browserschema.moc"
