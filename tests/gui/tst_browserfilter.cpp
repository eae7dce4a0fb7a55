// FilterParser: the filter-row syntax, data-driven. Each valid row is applied to a real
// QueryModel on the demo shop (with the shop's entity plugin, so the columns have their
// application types) and must select exactly the rows a hand-written SQL WHERE selects.

#include "browsertest.h"

#include "databasecontext.h"
#include "filterparser.h"

#include <quarry/querymodel.h>

#include <QSqlQuery>
#include <QtTest>

#include <ctime>

using namespace QuarryBrowser;

class tst_BrowserFilter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void parse_data();
    void parse();
    void emptyTextMatchesEveryRow();

private:
    qint64 sqlCount(const QString &table, const QString &where) const;

    std::unique_ptr<DatabaseContext> m_context;
};

void tst_BrowserFilter::initTestCase()
{
    // Date-time filters take local days; the demo stores UTC. Make them the same.
    qputenv("TZ", "UTC");
    tzset();
    QString error;
    m_context = DatabaseContext::open(
        {BrowserTest::demoUrl(), QStringLiteral(QUARRY_SHOP_PLUGIN), {}}, &error);
    QVERIFY2(m_context, qPrintable(error));
    QVERIFY(m_context->entity(QStringLiteral("OrderItem")));
}

qint64 tst_BrowserFilter::sqlCount(const QString &table, const QString &where) const
{
    QSqlQuery query(m_context->database().connection());
    const QString sql = QStringLiteral("SELECT COUNT(*) FROM %1 WHERE %2").arg(table, where);
    if (!query.exec(sql) || !query.next())
        qFatal("%s", qPrintable(sql));
    return query.value(0).toLongLong();
}

void tst_BrowserFilter::parse_data()
{
    QTest::addColumn<QString>("entity");
    QTest::addColumn<QString>("property");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("table");
    // The rows the filter must select; empty: the text must be refused.
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("error");

    const auto ok = [](const char *name, const char *entity, const char *property, const char *text,
                       const char *table, const char *where) {
        QTest::newRow(name) << QString::fromUtf8(entity) << QString::fromUtf8(property)
                            << QString::fromUtf8(text) << QString::fromUtf8(table)
                            << QString::fromUtf8(where) << QString();
    };
    const auto bad = [](const char *name, const char *entity, const char *property,
                        const char *text, const char *error) {
        QTest::newRow(name) << QString::fromUtf8(entity) << QString::fromUtf8(property)
                            << QString::fromUtf8(text) << QString() << QString()
                            << QString::fromUtf8(error);
    };
    // Integers: plain text is equality; every operator; ranges; NULL.
    ok("int plain", "OrderItem", "quantity", "3", "order_items", "quantity = 3");
    ok("int =", "OrderItem", "quantity", "=3", "order_items", "quantity = 3");
    ok("int >", "OrderItem", "quantity", ">3", "order_items", "quantity > 3");
    ok("int >= spaced", "OrderItem", "quantity", " >= 3 ", "order_items", "quantity >= 3");
    ok("int <", "OrderItem", "quantity", "<2", "order_items", "quantity < 2");
    ok("int <=", "OrderItem", "quantity", "<=2", "order_items", "quantity <= 2");
    ok("int <>", "OrderItem", "quantity", "<>3", "order_items", "quantity <> 3");
    ok("int !=", "OrderItem", "quantity", "!=3", "order_items", "quantity <> 3");
    ok("int range", "OrderItem", "quantity", "2..4", "order_items", "quantity BETWEEN 2 AND 4");
    ok("int range spaced", "OrderItem", "quantity", " 2 .. 3 ", "order_items",
       "quantity BETWEEN 2 AND 3");
    ok("int NULL", "OrderItem", "quantity", "NULL", "order_items", "quantity IS NULL");
    ok("int !NULL", "OrderItem", "quantity", "!NULL", "order_items", "quantity IS NOT NULL");
    ok("int not null", "OrderItem", "quantity", "not null", "order_items", "quantity IS NOT NULL");
    bad("int text", "OrderItem", "quantity", "abc", "'abc' is not a whole number");
    bad("int fraction", "OrderItem", "quantity", "1.5", "not a whole number");
    bad("int overflow", "OrderItem", "quantity", "99999999999", "not a whole number");
    bad("operator alone", "OrderItem", "quantity", ">", "needs a value");
    bad("open range", "OrderItem", "quantity", "1..", "both sides");
    bad("bad range end", "OrderItem", "quantity", "1..x", "'x' is not a whole number");
    // Doubles.
    ok("double <", "OrderItem", "unitPrice", "<10.5", "order_items", "unitPrice < 10.5");
    ok("double range", "OrderItem", "unitPrice", "10..20", "order_items",
       "unitPrice BETWEEN 10 AND 20");
    bad("double text", "OrderItem", "unitPrice", "cheap", "'cheap' is not a number");
    // Text: contains, ignoring case; = is exact; quotes take text literally.
    ok("text contains", "Product", "name", "lamp", "products", "name LIKE '%lamp%'");
    ok("text ignores case", "Product", "name", "LaMp", "products", "name LIKE '%lamp%'");
    ok("text =", "Product", "name", "=Deluxe lamp #1", "products", "name = 'Deluxe lamp #1'");
    ok("text quoted", "Product", "name", "\"#1\"", "products", "name LIKE '%#1%'");
    ok("text >", "Product", "name", ">T", "products", "name > 'T'");
    ok("text NULL", "Customer", "notes", "NULL", "customers", "notes IS NULL");
    ok("text NOT NULL", "Customer", "notes", "NOT NULL", "customers", "notes IS NOT NULL");
    ok("nullable text contains", "Customer", "notes", "delivery", "customers",
       "notes LIKE '%delivery%'");
    // Enums stored by name.
    ok("enum =", "Product", "category", "=Garden", "products", "category = 'Garden'");
    ok("enum contains", "Product", "category", "oo", "products", "category LIKE '%oo%'");
    // Booleans.
    ok("bool true", "Customer", "vip", "true", "customers", "vip = 1");
    ok("bool 0", "Customer", "vip", "0", "customers", "vip = 0");
    bad("bool yes", "Customer", "vip", "yes", "'yes' is not a boolean");
    // Dates.
    ok("date =", "Customer", "joined", "2023-11-10", "customers", "joined = '2023-11-10'");
    ok("date >", "Customer", "joined", ">2023-11-10", "customers", "joined > '2023-11-10'");
    ok("date range", "Customer", "joined", "2023-11-01..2023-11-30", "customers",
       "joined BETWEEN '2023-11-01' AND '2023-11-30'");
    bad("date other format", "Customer", "joined", "10/11/2023", "is not a date (yyyy-MM-dd)");
    bad("date impossible", "Customer", "joined", "2023-13-01", "is not a date");
    // Date-times: a date alone is the whole day.
    ok("datetime day", "Product", "added", "2025-03-03", "products",
       "substr(added, 1, 10) = '2025-03-03'");
    ok("datetime > day", "Product", "added", ">2025-08-01", "products", "added >= '2025-08-02'");
    ok("datetime <= day", "Product", "added", "<=2024-02-01", "products", "added < '2024-02-02'");
    ok("datetime day range", "Product", "added", "2024-05-01..2024-05-31", "products",
       "substr(added, 1, 10) BETWEEN '2024-05-01' AND '2024-05-31'");
    ok("datetime instant", "Product", "added", "<2024-02-01 12:00", "products",
       "added < '2024-02-01T12:00'");
    bad("datetime bad", "Product", "added", "yesterday", "is not a date");
}

void tst_BrowserFilter::parse()
{
    QFETCH(QString, entity);
    QFETCH(QString, property);
    QFETCH(QString, text);
    QFETCH(QString, table);
    QFETCH(QString, where);
    QFETCH(QString, error);

    const Quarry::EntityInfo *info = m_context->entity(entity);
    QVERIFY(info);
    const Quarry::PropertyInfo *propertyInfo = info->property(property);
    QVERIFY(propertyInfo);

    Quarry::Condition condition;
    QString message;
    const bool parsed = FilterParser::parse(text, *propertyInfo, &condition, &message);
    if (where.isEmpty()) {
        QVERIFY2(!parsed, "the text should have been refused");
        QVERIFY2(message.contains(error), qPrintable(message));
        return;
    }
    QVERIFY2(parsed, qPrintable(message));
    QVERIFY(!condition.isEmpty());

    Quarry::QueryModel model(m_context->session(), entity);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(false);
    QVERIFY2(model.setFilter(condition), qPrintable(model.lastError().toString()));
    QCOMPARE(model.rowCount(), int(sqlCount(table, where)));
}

void tst_BrowserFilter::emptyTextMatchesEveryRow()
{
    const Quarry::PropertyInfo *quantity =
        m_context->entity(QStringLiteral("OrderItem"))->property(QStringLiteral("quantity"));
    for (const QString &text : {QString(), QStringLiteral("   ")}) {
        Quarry::Condition condition = Quarry::Field(QStringLiteral("id")) == 1;
        QString message;
        QVERIFY(FilterParser::parse(text, *quantity, &condition, &message));
        QVERIFY(condition.isEmpty());
    }
}

QTEST_MAIN(tst_BrowserFilter)
#include "tst_browserfilter.moc"
