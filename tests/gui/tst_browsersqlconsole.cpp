// The SQL console: lazy results, rows affected, errors with their place, history,
// cancelling a long statement, read-only mode. SQLite demo shop; the error place and the
// cancel also on PostgreSQL and MariaDB (tests/servers/with-servers.sh).

#include "browsertest.h"
#include "quarrytest.h"

#include "databasecontext.h"
#include "sqlconsole.h"
#include "sqlerrorposition.h"
#include "sqlhistory.h"
#include "sqlresultmodel.h"
#include "sqlrunner.h"

#include <quarry/database.h>

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTextBlock>
#include <QtTest>

using namespace QuarryBrowser;

class tst_BrowserSqlConsole : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void selectShowsFirstChunkAndFetchesMoreOnScroll();
    void resultModelPassesTheTester();
    void updateReportsRowsAffected();
    void syntaxErrorPutsCursorOnTheToken_data();
    void syntaxErrorPutsCursorOnTheToken();
    void runsTheSelectionOnly();
    void historyIsKeptAndRecalled();
    void cancelStopsALongQuery_data();
    void cancelStopsALongQuery();
    void readOnlyRefusesWrites();
    void readOnlyModeGuardsTheConnection_data();
    void readOnlyModeGuardsTheConnection();
    void screenshots();

private:
    std::unique_ptr<DatabaseContext> open(const QString &url);
    // Runs the console's text and waits for finished(); returns its `ok`.
    bool runAndWait(SqlConsole &console, int timeoutMs = 10'000);
    QString m_demoUrl;
};

std::unique_ptr<DatabaseContext> tst_BrowserSqlConsole::open(const QString &url)
{
    return BrowserTest::openContext(url, false);
}

bool tst_BrowserSqlConsole::runAndWait(SqlConsole &console, int timeoutMs)
{
    QSignalSpy finished(&console, &SqlConsole::finished);
    console.run();
    if (!finished.wait(timeoutMs) && finished.isEmpty())
        return false;
    return finished.first().first().toBool();
}

void tst_BrowserSqlConsole::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("QuarryTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_browsersqlconsole"));
    QSettings().clear();
    m_demoUrl = BrowserTest::demoUrl();
}

void tst_BrowserSqlConsole::selectShowsFirstChunkAndFetchesMoreOnScroll()
{
    // Given the demo shop's 20,000 order items
    auto context = open(m_demoUrl);
    QVERIFY(context);
    SqlConsole console(context.get());
    console.resize(900, 600);
    console.show();
    QVERIFY(QTest::qWaitForWindowExposed(&console));
    // When selecting them all
    console.setSql(QStringLiteral("SELECT id, orderId, productId, quantity, unitPrice\n"
                                  "  FROM order_items ORDER BY id"));
    QVERIFY(runAndWait(console));
    // Then only the first chunk is there, with more to fetch
    SqlResultModel *model = console.resultModel();
    QCOMPARE(model->rowCount(), 256);
    QCOMPARE(model->columnCount(), 5);
    QCOMPARE(model->headerData(1, Qt::Horizontal).toString(), QStringLiteral("orderId"));
    QVERIFY(model->canFetchMore());
    QVERIFY2(console.message().contains(QStringLiteral("256")), qPrintable(console.message()));
    QCOMPARE(model->value(0, 0).toLongLong(), 1);
    // When the view scrolls to the end, it asks for more and gets the next chunk
    console.resultView()->scrollToBottom();
    QTRY_COMPARE(model->rowCount(), 512);
    // And fetching on to the end gives every row, in order
    while (model->canFetchMore() || model->isFetching()) {
        if (model->canFetchMore())
            model->fetchMore();
        QTest::qWait(1);
    }
    QCOMPARE(model->rowCount(), 20'000);
    QCOMPARE(model->value(19'999, 0).toLongLong(), 20'000);
    QVERIFY2(console.message().startsWith(QStringLiteral("20000 rows")),
             qPrintable(console.message()));
}

void tst_BrowserSqlConsole::resultModelPassesTheTester()
{
    auto context = open(m_demoUrl);
    QVERIFY(context);
    SqlConsole console(context.get());
    QAbstractItemModelTester tester(console.resultModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(false);
    console.setSql(QStringLiteral("SELECT id, name, notes FROM customers WHERE id <= 300"));
    QVERIFY(runAndWait(console));
    SqlResultModel *model = console.resultModel();
    QCOMPARE(model->rowCount(), 256);
    model->fetchMore();
    QTRY_VERIFY(model->isComplete());
    QCOMPARE(model->rowCount(), 300);
    QVERIFY(!model->canFetchMore());
    // NULL is shown as such, not as an empty string
    int nullRow = -1;
    for (int row = 0; row < model->rowCount() && nullRow < 0; ++row)
        if (model->value(row, 2).isNull())
            nullRow = row;
    QVERIFY(nullRow >= 0);
    QCOMPARE(model->data(model->index(nullRow, 2)).toString(), QStringLiteral("NULL"));
}

void tst_BrowserSqlConsole::updateReportsRowsAffected()
{
    auto context = open(m_demoUrl);
    QVERIFY(context);
    SqlConsole console(context.get());
    QSignalSpy modified(&console, &SqlConsole::dataModified);
    console.setSql(QStringLiteral("UPDATE customers SET city = 'Zurich' WHERE id IN (1, 2, 3)"));
    QVERIFY(runAndWait(console));
    QVERIFY2(console.message().startsWith(QStringLiteral("3 rows affected")),
             qPrintable(console.message()));
    QCOMPARE(modified.size(), 1);
    QSqlQuery check(context->database().connection());
    QVERIFY(check.exec(QStringLiteral("SELECT COUNT(*) FROM customers WHERE city = 'Zurich'")));
    QVERIFY(check.next());
    QCOMPARE(check.value(0).toInt(), 3);
}

void tst_BrowserSqlConsole::syntaxErrorPutsCursorOnTheToken_data()
{
    QuarryTest::addBackendColumn();
    QuarryTest::addBackendRows();
}

void tst_BrowserSqlConsole::syntaxErrorPutsCursorOnTheToken()
{
    QUARRY_FRESH_URL(freshUrl);
    {
        auto db = Quarry::Database::open(freshUrl);
        QUARRY_VERIFY(db.isValid(), db);
        QUARRY_VERIFY(db.execute(QStringLiteral(
                          "CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(50))")),
                      db);
    }
    auto context = open(freshUrl);
    QVERIFY(context);
    SqlConsole console(context.get());
    // "ORDRE" is on line 4, column 15 (1-based), and appears nowhere else
    console.setSql(QStringLiteral("SELECT id,\n"
                                  "       name\n"
                                  "  FROM items\n"
                                  " WHERE id > 1 ORDRE BY name"));
    QVERIFY(!runAndWait(console));
    const QTextCursor cursor = console.editor()->textCursor();
    QCOMPARE(cursor.blockNumber() + 1, 4);
    QCOMPARE(cursor.positionInBlock() + 1, 15);
    QVERIFY2(console.message().contains(QStringLiteral("line 4, column 15")),
             qPrintable(console.message()));
    const QList<QTextEdit::ExtraSelection> highlighted = console.editor()->extraSelections();
    QCOMPARE(highlighted.size(), 1);
    QCOMPARE(highlighted.first().cursor.selectedText(), QStringLiteral("ORDRE"));
    // A long line (PostgreSQL shows only a window of it, starting with "...")
    QString columns;
    for (int i = 0; i < 30; ++i)
        columns += QStringLiteral("id AS column_number_%1, ").arg(i);
    const QString longLine = QStringLiteral("SELECT ") + columns +
                             QStringLiteral("name FROM items WHERE id >> 1 ORDRE BY name");
    console.setSql(QStringLiteral("-- a long one\n") + longLine);
    QVERIFY(!runAndWait(console));
    QCOMPARE(console.editor()->textCursor().blockNumber(), 1);
    QCOMPARE(console.editor()->textCursor().positionInBlock(),
             longLine.indexOf(QStringLiteral("ORDRE")));
    // And a correct statement afterwards works and clears the mark
    console.setSql(QStringLiteral("SELECT COUNT(*) FROM items"));
    QVERIFY(runAndWait(console));
    QVERIFY(console.editor()->extraSelections().isEmpty());
    QCOMPARE(console.resultModel()->value(0, 0).toInt(), 0);
}

void tst_BrowserSqlConsole::runsTheSelectionOnly()
{
    auto context = open(m_demoUrl);
    QVERIFY(context);
    SqlConsole console(context.get());
    // The selected second statement runs; its error position counts from the editor's start
    console.setSql(QStringLiteral("SELECT 1;\nSELECT name FROM customers WHERE id = 7;\n"
                                  "SELECT nme FROM products;"));
    QTextCursor cursor = console.editor()->textCursor();
    const int start = console.sql().indexOf(QStringLiteral("SELECT name"));
    cursor.setPosition(start);
    cursor.setPosition(console.sql().indexOf(u';', start), QTextCursor::KeepAnchor);
    console.editor()->setTextCursor(cursor);
    QTest::keyClick(console.editor(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY(!console.isRunning());
    QTRY_COMPARE(console.resultModel()->rowCount(), 1);
    QCOMPARE(console.resultModel()->headerData(0, Qt::Horizontal).toString(),
             QStringLiteral("name"));
    // The third, selected, fails; the cursor lands on "nme" in the editor's text
    const int third = console.sql().indexOf(QStringLiteral("SELECT nme"));
    cursor.setPosition(third);
    cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    console.editor()->setTextCursor(cursor);
    QVERIFY(!runAndWait(console));
    QCOMPARE(console.editor()->textCursor().position(), third + 7);
}

void tst_BrowserSqlConsole::historyIsKeptAndRecalled()
{
    auto context = open(m_demoUrl);
    QVERIFY(context);
    const QString first = QStringLiteral("SELECT COUNT(*) FROM products");
    const QString second = QStringLiteral("SELECT name FROM customers WHERE id = 1");
    {
        SqlConsole console(context.get());
        console.history()->clear();
        console.setSql(first);
        QVERIFY(runAndWait(console));
        console.setSql(second);
        QVERIFY(runAndWait(console));
        console.setSql(first); // again: it moves to the end, not twice in the list
        QVERIFY(runAndWait(console));
    }
    // A new console on the same connection (as after a restart) has them, newest last
    SqlConsole console(context.get());
    QCOMPARE(console.history()->entries(), (QStringList{second, first}));
    auto *combo = console.findChild<QComboBox *>(QStringLiteral("historyCombo"));
    QVERIFY(combo);
    QCOMPARE(combo->count(), 2);
    QCOMPARE(combo->itemData(0).toString(), first); // newest first in the combo
    // Ctrl+Up walks back, Ctrl+Down forward to what was being written
    console.setSql(QStringLiteral("SELECT 'draft'"));
    QTest::keyClick(console.editor(), Qt::Key_Up, Qt::ControlModifier);
    QCOMPARE(console.sql(), first);
    QTest::keyClick(console.editor(), Qt::Key_Up, Qt::ControlModifier);
    QCOMPARE(console.sql(), second);
    QTest::keyClick(console.editor(), Qt::Key_Up, Qt::ControlModifier);
    QCOMPARE(console.sql(), second); // the oldest stays
    QTest::keyClick(console.editor(), Qt::Key_Down, Qt::ControlModifier);
    QCOMPARE(console.sql(), first);
    QTest::keyClick(console.editor(), Qt::Key_Down, Qt::ControlModifier);
    QCOMPARE(console.sql(), QStringLiteral("SELECT 'draft'"));
    // The combo recalls too
    combo->activated(1);
    QCOMPARE(console.sql(), second);
    // At most 100 entries are kept
    SqlHistory history(context->database().url());
    for (int i = 0; i < 120; ++i)
        history.add(QStringLiteral("SELECT %1").arg(i));
    QCOMPARE(SqlHistory(context->database().url()).entries().size(), 100);
    QCOMPARE(SqlHistory(context->database().url()).entries().last(), QStringLiteral("SELECT 119"));
}

void tst_BrowserSqlConsole::cancelStopsALongQuery_data()
{
    QuarryTest::addBackendColumn();
    QuarryTest::addBackendRows();
}

void tst_BrowserSqlConsole::cancelStopsALongQuery()
{
    QUARRY_FRESH_URL(freshUrl);
    auto context = open(freshUrl);
    QVERIFY(context);
    QString longQuery;
    switch (context->database().backend()) {
    case Quarry::Database::Backend::SQLite:
        longQuery = QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                                   "WHERE x < 1000000000) SELECT COUNT(*) FROM c");
        break;
    case Quarry::Database::Backend::PostgreSQL:
        longQuery = QStringLiteral("SELECT pg_sleep(30)");
        break;
    default:
        longQuery = QStringLiteral("SELECT SLEEP(30)");
        break;
    }
    SqlConsole console(context.get());
    QSignalSpy finished(&console, &SqlConsole::finished);
    console.setSql(longQuery);
    console.run();
    QVERIFY(console.isRunning());
    QTest::qWait(700); // well inside the statement
    QVERIFY(finished.isEmpty());
    QElapsedTimer timer;
    timer.start();
    console.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 3000);
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY2(console.message().startsWith(QStringLiteral("Cancelled")),
             qPrintable(console.message()));
    // And the console works again, on the same connection
    console.setSql(QStringLiteral("SELECT 42"));
    QVERIFY(runAndWait(console));
    QCOMPARE(console.resultModel()->value(0, 0).toInt(), 42);
}

void tst_BrowserSqlConsole::readOnlyRefusesWrites()
{
    auto context = open(m_demoUrl);
    QVERIFY(context);
    context->setReadOnly(true);
    SqlConsole console(context.get());
    // Refused by its keyword, never sent
    console.setSql(QStringLiteral("  -- tidy up\n  UPDATE customers SET vip = 1"));
    QVERIFY(!runAndWait(console));
    QVERIFY2(console.message().contains(QStringLiteral("Read-only")),
             qPrintable(console.message()));
    QVERIFY2(console.message().contains(QStringLiteral("UPDATE")), qPrintable(console.message()));
    // A write hidden behind WITH passes the keyword check but not the read-only connection
    console.setSql(QStringLiteral("WITH doomed AS (SELECT id FROM customers) "
                                  "DELETE FROM customers WHERE id IN (SELECT id FROM doomed)"));
    QVERIFY(!runAndWait(console));
    QVERIFY2(console.message().contains(QStringLiteral("readonly"), Qt::CaseInsensitive),
             qPrintable(console.message()));
    // Reading works
    console.setSql(QStringLiteral("SELECT COUNT(*) FROM customers WHERE vip"));
    QVERIFY(runAndWait(console));
    const int vips = console.resultModel()->value(0, 0).toInt();
    QVERIFY(vips < 2000);
    console.setSql(QStringLiteral("SELECT COUNT(*) FROM customers"));
    QVERIFY(runAndWait(console));
    QCOMPARE(console.resultModel()->value(0, 0).toInt(), 2000);
    // Back to read-write: the connection writes again
    context->setReadOnly(false);
    console.setSql(QStringLiteral("UPDATE customers SET vip = 1 WHERE id = 1"));
    QVERIFY(runAndWait(console));
    QVERIFY2(console.message().startsWith(QStringLiteral("1 row affected")),
             qPrintable(console.message()));
}

void tst_BrowserSqlConsole::readOnlyModeGuardsTheConnection_data()
{
    QuarryTest::addBackendColumn();
    QuarryTest::addBackendRows();
}

void tst_BrowserSqlConsole::readOnlyModeGuardsTheConnection()
{
    QUARRY_FRESH_URL(freshUrl);
    {
        auto db = Quarry::Database::open(freshUrl);
        QUARRY_VERIFY(db.isValid(), db);
        QUARRY_VERIFY(db.execute(QStringLiteral(
                          "CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(50))")),
                      db);
        QUARRY_VERIFY(db.execute(QStringLiteral("INSERT INTO items (id, name) VALUES (1, 'a')")),
                      db);
    }
    auto context = open(freshUrl);
    QVERIFY(context);
    context->setReadOnly(true);
    SqlConsole console(context.get());
    // A write that starts like a read reaches the database, which refuses it
    switch (context->database().backend()) {
    case Quarry::Database::Backend::SQLite:
        console.setSql(QStringLiteral("WITH d AS (SELECT 1) DELETE FROM items"));
        QVERIFY(!runAndWait(console));
        break;
    case Quarry::Database::Backend::PostgreSQL:
        console.setSql(
            QStringLiteral("WITH d AS (DELETE FROM items RETURNING id) SELECT COUNT(*) FROM d"));
        QVERIFY(!runAndWait(console));
        QVERIFY2(console.message().contains(QStringLiteral("read-only")),
                 qPrintable(console.message()));
        break;
    default: // MariaDB has no writing CTEs: check the session's mode itself
        console.setSql(QStringLiteral("SELECT @@session.tx_read_only"));
        QVERIFY2(runAndWait(console), qPrintable(console.message()));
        QCOMPARE(console.resultModel()->value(0, 0).toInt(), 1);
        break;
    }
    console.setSql(QStringLiteral("SELECT COUNT(*) FROM items"));
    QVERIFY(runAndWait(console));
    QCOMPARE(console.resultModel()->value(0, 0).toInt(), 1);
    // Read-write again: the same connection writes
    context->setReadOnly(false);
    console.setSql(QStringLiteral("UPDATE items SET name = 'b' WHERE id = 1"));
    QVERIFY2(runAndWait(console), qPrintable(console.message()));
    QVERIFY2(console.message().startsWith(QStringLiteral("1 row affected")),
             qPrintable(console.message()));
}

void tst_BrowserSqlConsole::screenshots()
{
    auto context = open(BrowserTest::demoUrl()); // its own history
    QVERIFY(context);
    SqlConsole console(context.get());
    console.resize(900, 560);
    console.show();
    QVERIFY(QTest::qWaitForWindowExposed(&console));
    console.setSql(QStringLiteral(
        "SELECT c.name, c.city, COUNT(o.id) AS orders, MIN(o.placed) AS first_order\n"
        "  FROM customers c LEFT JOIN orders o ON o.customerId = c.id\n"
        " GROUP BY c.id\n"
        " ORDER BY orders DESC, c.name"));
    QVERIFY(runAndWait(console));
    QTest::qWait(50);
    BrowserTest::screenshot(&console, QStringLiteral("sqlconsole-results"));

    console.setSql(QStringLiteral("SELECT name, city\n  FROM customers\n WHERE vip = 1\n"
                                  " ORDR BY name"));
    QVERIFY(!runAndWait(console));
    QTest::qWait(50);
    BrowserTest::screenshot(&console, QStringLiteral("sqlconsole-error"));
}

QTEST_MAIN(tst_BrowserSqlConsole)
#include "tst_browsersqlconsole.moc"
