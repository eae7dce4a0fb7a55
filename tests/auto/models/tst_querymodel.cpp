// QueryModel, reading: columns and roles, windows instead of whole tables, sort, filter
// and search pushed into SQL, scrolling anywhere in any order.

#include "modelfixture.h"
#include "sqlcapture.h"

#include <quarry/entityinfo.h>

#include <QtTest>

using namespace ModelTest;
using Quarry::Field;
using QuarryTest::SqlCapture;

class tst_QueryModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldShowEveryMappedPropertyWithItsRoles_data() { backends(); }
    void shouldShowEveryMappedPropertyWithItsRoles();
    void shouldShowChosenColumnsInTheirOrder_data() { backends(); }
    void shouldShowChosenColumnsInTheirOrder();
    void shouldCountWithoutLoadingRows_data() { backends(); }
    void shouldCountWithoutLoadingRows();
    void shouldKeepOnlyABoundedNumberOfWindows_data() { backends(); }
    void shouldKeepOnlyABoundedNumberOfWindows();
    void shouldAgreeWithTheQueryWhereverItIsRead_data();
    void shouldAgreeWithTheQueryWhereverItIsRead();
    void shouldSortInSql_data() { backends(); }
    void shouldSortInSql();
    void shouldKeepTheQuerysOwnOrder_data() { backends(); }
    void shouldKeepTheQuerysOwnOrder();
    void shouldFilterInSql_data() { backends(); }
    void shouldFilterInSql();
    void shouldSearchTextColumnsIgnoringCase_data() { backends(); }
    void shouldSearchTextColumnsIgnoringCase();
    void shouldBeBuiltFromAnEntityName_data() { backends(); }
    void shouldBeBuiltFromAnEntityName();
    void shouldRefuseQueriesItCannotPage_data() { backends(); }
    void shouldRefuseQueriesItCannotPage();

private:
    void backends()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }
};

void tst_QueryModel::shouldShowEveryMappedPropertyWithItsRoles()
{
    // Given twelve contacts
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 12);
    QVERIFY(f.seeded);
    Quarry::QueryModel &model = f.model;

    // Then every mapped property is a column, headed by its label or name
    QCOMPARE(model.rowCount(), 12);
    QCOMPARE(model.columnCount(), 7);
    QStringList headers;
    for (int column = 0; column < model.columnCount(); ++column)
        headers << model.headerData(column, Qt::Horizontal).toString();
    QCOMPARE(headers.join(QLatin1Char(',')), QStringLiteral("id,Name,City,age,active,team,since"));
    QCOMPARE(model.headerData(0, Qt::Vertical).toInt(), 1);

    // and rows come in key order, NULL shown as nothing
    QCOMPARE(column(model, Name, 0, 4), QStringLiteral("c000,c001,c002,c003"));
    QCOMPARE(column(model, City, 0, 4), QStringLiteral("-,Oslo,Berlin,Lima"));
    QCOMPARE(model.index(1, Age).data(Qt::EditRole), QVariant(27));
    QCOMPARE(model.index(1, Age).data(Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignRight | Qt::AlignVCenter));
    QVERIFY(!model.index(1, Name).data(Qt::TextAlignmentRole).isValid());

    // and booleans are check boxes
    QCOMPARE(model.index(0, Active).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QCOMPARE(model.index(1, Active).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QVERIFY(!model.index(0, Active).data(Qt::DisplayRole).isValid());
    QVERIFY(model.flags(model.index(0, Active)) & Qt::ItemIsUserCheckable);

    // and the auto-increment key is not editable, the rest is
    QVERIFY(!(model.flags(model.index(0, Id)) & Qt::ItemIsEditable));
    QVERIFY(model.flags(model.index(0, Name)) & Qt::ItemIsEditable);

    // and there is a role per property (QML: model.name) and one for the key
    const QHash<int, QByteArray> roles = model.roleNames();
    QCOMPARE(roles.value(model.roleOf(QStringLiteral("name"))), QByteArray("name"));
    QCOMPARE(model.roleOf(QStringLiteral("name")), Quarry::QueryModel::FirstPropertyRole + 1);
    QCOMPARE(roles.value(Quarry::QueryModel::PrimaryKeyRole), QByteArray("primaryKey"));
    QCOMPARE(model.index(2, 0).data(model.roleOf(QStringLiteral("city"))),
             QVariant(QStringLiteral("Berlin")));
    QCOMPARE(model.index(2, 0).data(model.roleOf(QStringLiteral("team"))), QVariant());
    QCOMPARE(model.index(5, 0).data(model.roleOf(QStringLiteral("team"))).toLongLong(), 1);
    QCOMPARE(model.index(2, 3).data(Quarry::QueryModel::PrimaryKeyRole).toLongLong(), 3);
    QCOMPARE(model.primaryKey(2).toLongLong(), 3);
}

void tst_QueryModel::shouldShowChosenColumnsInTheirOrder()
{
    // Given a model
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 5);
    QVERIFY(f.seeded);

    // When the columns are chosen
    QVERIFY(f.model.setColumns({QStringLiteral("age"), QStringLiteral("name")}));

    // Then only those are shown, in that order
    QCOMPARE(f.model.columnCount(), 2);
    QCOMPARE(f.model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("Name"));
    QCOMPARE(column(f.model, 1), QStringLiteral("c000,c001,c002,c003,c004"));
    QCOMPARE(f.model.columnOf(QStringLiteral("name")), 1);
    QCOMPARE(f.model.columnOf(QStringLiteral("city")), -1);

    // and a property that does not exist is refused
    QVERIFY(!f.model.setColumns({QStringLiteral("nmae")}));
    QCOMPARE(f.model.lastError().kind(), Quarry::Error::InvalidQuery);
    QCOMPARE(f.model.columnCount(), 2);
}

void tst_QueryModel::shouldCountWithoutLoadingRows()
{
    // Given 300 contacts
    QUARRY_FRESH_URL(freshUrl);
    const Quarry::Database db = openDatabase(freshUrl);
    QVERIFY(seed(db, 300));
    Quarry::Session session(db);

    // When a model is made
    SqlCapture sql;
    Quarry::QueryModel model(session.query<Contact>());
    model.setPageSize(50);

    // Then it knows its size from one COUNT, without reading a row
    QCOMPARE(model.rowCount(), 300);
    QCOMPARE(sql.statements().size(), 1);
    QVERIFY2(sql.statements().constFirst().startsWith(QLatin1String("SELECT COUNT(*)")),
             qPrintable(sql.statements().constFirst()));

    // When a row near the end is read
    sql.clear();
    QCOMPARE(model.index(298, Name).data().toString(), QStringLiteral("c298"));

    // Then one window is read, backwards from the end rather than over 250 skipped rows
    QCOMPARE(sql.statements().size(), 1);
    const QString window = sql.statements().constFirst();
    QVERIFY2(window.contains(QLatin1String("LIMIT 50")) && window.contains(QLatin1String("DESC")),
             qPrintable(window));
    QVERIFY2(!window.contains(QLatin1String("OFFSET")), qPrintable(window));

    // and the rows of that window need no more statements
    sql.clear();
    QCOMPARE(model.index(251, Name).data().toString(), QStringLiteral("c251"));
    QCOMPARE(sql.statements().size(), 0);

    // When the window before it is read, it starts from the row it knows (a keyset seek)
    QCOMPARE(model.index(249, Name).data().toString(), QStringLiteral("c249"));
    QCOMPARE(sql.statements().size(), 1);
    QVERIFY2(!sql.statements().constFirst().contains(QLatin1String("OFFSET")),
             qPrintable(sql.statements().constFirst()));
}

void tst_QueryModel::shouldKeepOnlyABoundedNumberOfWindows()
{
    // Given a model that keeps three windows of ten rows
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 100);
    QVERIFY(f.seeded);
    f.model.setPageSize(10);
    f.model.setCachedPages(3);

    // When every row is read, start to end
    QCOMPARE(column(f.model, Name).split(QLatin1Char(',')).size(), 100);

    // Then the last windows are still there, and the first one was let go
    SqlCapture sql;
    QCOMPARE(f.model.index(95, Name).data().toString(), QStringLiteral("c095"));
    QCOMPARE(sql.statements().size(), 0);
    QCOMPARE(f.model.index(5, Name).data().toString(), QStringLiteral("c005"));
    QCOMPARE(sql.statements().size(), 1);
}

void tst_QueryModel::shouldAgreeWithTheQueryWhereverItIsRead_data()
{
    QuarryTest::addBackendColumn();
    QTest::addColumn<QString>("property");
    QTest::addColumn<int>("order");
    const QList<std::pair<const char *, Qt::SortOrder>> sorts = {
        {"id", Qt::AscendingOrder},    {"city", Qt::AscendingOrder},
        {"city", Qt::DescendingOrder}, {"age", Qt::DescendingOrder},
        {"team", Qt::AscendingOrder},  {"active", Qt::DescendingOrder}};
    for (const auto &[property, order] : sorts) {
        const QString suffix = QStringLiteral("/%1-%2").arg(
            QLatin1String(property),
            order == Qt::AscendingOrder ? QStringLiteral("asc") : QStringLiteral("desc"));
        QuarryTest::addBackendRows(qPrintable(suffix), QString::fromLatin1(property), int(order));
    }
}

void tst_QueryModel::shouldAgreeWithTheQueryWhereverItIsRead()
{
    QFETCH(QString, property);
    QFETCH(int, order);
    // Given 97 contacts sorted by a column with duplicates (and NULLs for city and team),
    // read in windows of 7 rows
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 97);
    QVERIFY(f.seeded);
    const auto sortOrder = Qt::SortOrder(order);
    f.model.setPageSize(7);
    f.model.setCachedPages(2);
    f.model.sort(f.model.columnOf(property), sortOrder);
    const QList<QVariantList> expected = f.session.query<Contact>()
                                             .orderBy(property, sortOrder)
                                             .orderBy(QStringLiteral("id"), sortOrder)
                                             .values(QStringList{QStringLiteral("name")});
    QCOMPARE(f.model.rowCount(), expected.size());

    // When rows are read the way a scroll bar jumps: the end, the middle, back and forth,
    // then everything backwards and everything forwards
    QList<int> rows{96, 48, 3, 90, 49, 47, 62, 10, 11, 0, 55, 20};
    for (int row = 96; row >= 0; --row)
        rows << row;
    for (int row = 0; row < 97; ++row)
        rows << row;

    // Then every row is the one the plain query puts there
    for (int row : std::as_const(rows)) {
        QCOMPARE(f.model.index(row, Name).data().toString(),
                 expected.at(row).constFirst().toString());
    }
    QVERIFY2(!f.model.lastError().isValid(), qPrintable(f.model.lastError().toString()));
}

void tst_QueryModel::shouldSortInSql()
{
    // Given a model
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 20);
    QVERIFY(f.seeded);

    // When it is sorted by age, descending
    SqlCapture sql;
    f.model.sort(Age, Qt::DescendingOrder);

    // Then the database does the sorting, the key breaking ties
    QCOMPARE(column(f.model, Age, 0, 5), QStringLiteral("69,68,62,61,55"));
    const QStringList selects = sql.matching(QStringLiteral("SELECT"));
    QVERIFY(!selects.isEmpty());
    const QString window = selects.constLast();
    QVERIFY2(window.contains(QLatin1String("ORDER BY")) && window.contains(QLatin1String("age")) &&
                 window.indexOf(QLatin1String("age")) < window.lastIndexOf(QLatin1String("id")),
             qPrintable(window));
    QCOMPARE(f.model.sortColumn(), int(Age));

    // When the sort is undone, the query's own order (the key) is back
    f.model.sort(-1);
    QCOMPARE(column(f.model, Name, 0, 3), QStringLiteral("c000,c001,c002"));
}

void tst_QueryModel::shouldKeepTheQuerysOwnOrder()
{
    // Given a query ordered by city
    QUARRY_FRESH_URL(freshUrl);
    const Quarry::Database db = openDatabase(freshUrl);
    QVERIFY(seed(db, 8));
    Quarry::Session session(db);
    Quarry::QueryModel model(session.query<Contact>().orderBy(QStringLiteral("city")));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(false);

    // Then the model shows it in that order (NULLs first), the key breaking ties
    QCOMPARE(column(model, Name), QStringLiteral("c000,c004,c002,c006,c003,c007,c001,c005"));

    // When sorted by age, city still orders rows of the same age
    model.sort(Age, Qt::AscendingOrder);
    QCOMPARE(model.rowCount(), 8);
    QCOMPARE(column(model, Age), QStringLiteral("20,27,34,41,48,55,62,69"));
}

void tst_QueryModel::shouldFilterInSql()
{
    // Given 40 contacts
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 40);
    QVERIFY(f.seeded);

    // When filtered on age
    SqlCapture sql;
    QVERIFY(f.model.setFilter(Field(QStringLiteral("age")) >= 60 &&
                              Field(QStringLiteral("active")) == true));

    // Then the database counts and selects only those
    const qint64 expected =
        f.session.query<Contact>()
            .where(Field(QStringLiteral("age")) >= 60 && Field(QStringLiteral("active")) == true)
            .count();
    QVERIFY(expected > 0);
    QCOMPARE(f.model.rowCount(), int(expected));
    QVERIFY2(sql.statements().constFirst().contains(QLatin1String("WHERE")),
             qPrintable(sql.statements().constFirst()));
    for (int row = 0; row < f.model.rowCount(); ++row)
        QVERIFY(f.model.index(row, Age).data().toInt() >= 60);

    // When the filter names a property that does not exist, it is refused and nothing changes
    QVERIFY(!f.model.setFilter(Field(QStringLiteral("agee")) > 1));
    QCOMPARE(f.model.lastError().kind(), Quarry::Error::InvalidQuery);
    QCOMPARE(f.model.rowCount(), int(expected));

    // When the filter is cleared, every row is back
    QVERIFY(f.model.setFilter(Quarry::Condition()));
    QCOMPARE(f.model.rowCount(), 40);
}

void tst_QueryModel::shouldSearchTextColumnsIgnoringCase()
{
    // Given 40 contacts
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 40);
    QVERIFY(f.seeded);
    QSignalSpy searchChanged(&f.model, &Quarry::QueryModel::searchChanged);

    // When searching in another case
    f.model.setSearch(QStringLiteral("OSLO"));

    // Then rows whose text columns contain it match
    QCOMPARE(f.model.rowCount(), 10);
    QCOMPARE(column(f.model, City), QStringList(10, QStringLiteral("Oslo")).join(QLatin1Char(',')));
    QCOMPARE(searchChanged.size(), 1);
    // and searchCondition() selects the same rows for code that reads them elsewhere
    QCOMPARE(f.session.query(QStringLiteral("Contact")).where(f.model.searchCondition()).count(),
             10);
    QCOMPARE(f.session.query(QStringLiteral("Contact"))
                 .where(Quarry::QueryModel::searchCondition(f.model.entity(), {QStringLiteral("name")},
                                                            QStringLiteral(" OSLO ")))
                 .count(),
             0); // only the given properties are searched

    // and every text column is searched
    f.model.setSearch(QStringLiteral("c01"));
    QCOMPARE(column(f.model, Name),
             QStringLiteral("c010,c011,c012,c013,c014,c015,c016,c017,c018,c019"));

    // and it combines with the filter and the sort
    QVERIFY(f.model.setFilter(Field(QStringLiteral("active")) == true));
    f.model.sort(Name, Qt::DescendingOrder);
    QCOMPARE(column(f.model, Name), QStringLiteral("c018,c015,c012"));

    // and LIKE wildcards in the text are plain characters
    f.model.setSearch(QStringLiteral("%"));
    QCOMPARE(f.model.rowCount(), 0);

    // and only shown columns are searched
    QVERIFY(f.model.setFilter(Quarry::Condition()));
    QVERIFY(f.model.setColumns({QStringLiteral("name")}));
    f.model.setSearch(QStringLiteral("oslo"));
    QCOMPARE(f.model.rowCount(), 0);
    f.model.setSearch(QString());
    QCOMPARE(f.model.rowCount(), 40);
}

void tst_QueryModel::shouldBeBuiltFromAnEntityName()
{
    // Given code that knows only names
    QUARRY_FRESH_URL(freshUrl);
    const Quarry::Database db = openDatabase(freshUrl);
    QVERIFY(seed(db, 9));
    Quarry::Session session(db);

    // When a model is made from the table name and a condition
    Quarry::QueryModel model(&session, QStringLiteral("contacts"),
                             Field(QStringLiteral("active")) == true);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(false);

    // Then it shows the matching rows
    QCOMPARE(column(model, Name), QStringLiteral("c000,c003,c006"));
    QCOMPARE(model.entity()->className(), QStringLiteral("Contact"));

    // and the class name works as well, an unknown name is an error
    Quarry::QueryModel byClass(&session, QStringLiteral("Contact"));
    QCOMPARE(byClass.rowCount(), 9);
    Quarry::QueryModel unknown(&session, QStringLiteral("Contacts"));
    QCOMPARE(unknown.rowCount(), 0);
    QCOMPARE(unknown.columnCount(), 0);
    QCOMPARE(unknown.lastError().kind(), Quarry::Error::InvalidQuery);
}

void tst_QueryModel::shouldRefuseQueriesItCannotPage()
{
    QUARRY_FRESH_URL(freshUrl);
    const Quarry::Database db = openDatabase(freshUrl);
    QVERIFY(seed(db, 3));
    Quarry::Session session(db);

    // When a query with a limit is given, the model stays empty and says why
    Quarry::QueryModel model(session.query<Contact>().limit(2));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.lastError().kind(), Quarry::Error::InvalidQuery);
    QVERIFY2(model.lastError().message().contains(QLatin1String("limit")),
             qPrintable(model.lastError().message()));

    // When a proper query is set, it shows it
    QVERIFY(model.setQuery(session.query<Contact>()));
    QCOMPARE(model.rowCount(), 3);
}

QTEST_MAIN(tst_QueryModel)
#include "tst_querymodel.moc"
