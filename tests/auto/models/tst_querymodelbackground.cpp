// QueryModel loading in the background: the count and the windows arrive asynchronously,
// from statements run in a worker thread, and end up exactly what the synchronous model
// shows; stale results are dropped; edits, live updates and destruction still behave.

#include "modelfixture.h"

#include <QtTest>

#include <QMutex>
#include <QRegularExpression>
#include <QThread>

using namespace ModelTest;
using Quarry::Field;
using Quarry::QueryModel;

namespace {

// Records the thread of every statement logged to quarry.sql (the worker logs from its
// own thread, so the list is guarded).
class ThreadCapture {
public:
    ThreadCapture()
    {
        s_current = this;
        QLoggingCategory::setFilterRules(QStringLiteral("quarry.sql.debug=true"));
        m_previous = qInstallMessageHandler(&ThreadCapture::handle);
    }
    ~ThreadCapture()
    {
        qInstallMessageHandler(m_previous);
        QLoggingCategory::setFilterRules(QStringLiteral("quarry.sql.debug=false"));
        s_current = nullptr;
    }
    // Statements starting with `prefix`, and how many ran on the calling thread.
    int count(const QString &prefix, int *onThisThread) const
    {
        QMutexLocker locker(&m_mutex);
        int all = 0;
        *onThisThread = 0;
        for (const auto &[statement, thread] : m_statements) {
            if (!statement.startsWith(prefix))
                continue;
            ++all;
            if (thread == QThread::currentThread())
                ++*onThisThread;
        }
        return all;
    }
    void clear()
    {
        QMutexLocker locker(&m_mutex);
        m_statements.clear();
    }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        ThreadCapture *capture = s_current;
        if (capture && context.category && qstrcmp(context.category, "quarry.sql") == 0) {
            QMutexLocker locker(&capture->m_mutex);
            capture->m_statements.append({message, QThread::currentThread()});
            return;
        }
        if (capture && capture->m_previous)
            capture->m_previous(type, context, message);
    }

    inline static ThreadCapture *s_current = nullptr;
    QtMessageHandler m_previous = nullptr;
    mutable QMutex m_mutex;
    QList<std::pair<QString, QThread *>> m_statements;
};

// Every cell's display text, row by row: "1|c000|-|20|...;2|c001|...".
QString table(const QAbstractItemModel &model)
{
    QStringList rows;
    for (int row = 0; row < model.rowCount(); ++row) {
        QStringList cells;
        for (int column = 0; column < model.columnCount(); ++column)
            cells << model.index(row, column).data().toString();
        rows << cells.join(QLatin1Char('|'));
    }
    return rows.join(QLatin1Char(';'));
}

// Waits until the count is in and every row is loaded, asking for each row meanwhile
// (as a view scrolling through would; rows whose window was dropped are asked again).
bool loadEverything(QueryModel &model)
{
    return QTest::qWaitFor(
        [&model] {
            if (!model.isRowCountKnown())
                return false;
            bool loaded = true;
            for (int row = 0; row < model.rowCount(); ++row) {
                if (model.index(row, 0).data(QueryModel::LoadingRole).toBool())
                    loaded = false;
            }
            return loaded && !model.isLoading();
        },
        20000);
}

// A model over the same rows, loading synchronously: the expected content.
QString expected(Quarry::Session *session, int sortColumn = -1,
                 Qt::SortOrder order = Qt::AscendingOrder, const Quarry::Condition &filter = {})
{
    QueryModel model(session->query<Contact>());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(false);
    model.setFilter(filter);
    model.sort(sortColumn, order);
    return table(model);
}

// Fixture's model, in the background mode, windows of `pageSize` rows.
struct BackgroundFixture : Fixture {
    BackgroundFixture(const QString &url, int rows, int pageSize) : Fixture(url, rows)
    {
        model.setPageSize(pageSize);
        model.setBackgroundLoading(true);
    }
};

} // namespace

class tst_QueryModelBackground : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldCountAsynchronously_data() { backends(); }
    void shouldCountAsynchronously();
    void shouldShowPlaceholdersUntilRowsArrive_data() { backends(); }
    void shouldShowPlaceholdersUntilRowsArrive();
    void shouldShowExactlyWhatTheSynchronousModelShows_data();
    void shouldShowExactlyWhatTheSynchronousModelShows();
    void shouldDropStaleResultsWhenTheQueryChangesMidLoad_data() { backends(); }
    void shouldDropStaleResultsWhenTheQueryChangesMidLoad();
    void shouldRunStatementsOnAnotherThread_data() { backends(); }
    void shouldRunStatementsOnAnotherThread();
    void shouldEditAndSubmitInTheBackgroundMode_data() { backends(); }
    void shouldEditAndSubmitInTheBackgroundMode();
    void shouldFollowOtherSessionsCommits_data() { backends(); }
    void shouldFollowOtherSessionsCommits();
    void shouldReportFailuresOfTheWorker_data() { backends(); }
    void shouldReportFailuresOfTheWorker();
    void shouldBeDestroyedCleanlyWhileLoading_data() { backends(); }
    void shouldBeDestroyedCleanlyWhileLoading();

private:
    void backends()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }
};

void tst_QueryModelBackground::shouldCountAsynchronously()
{
    // Given 300 contacts and a model with windows of 100 rows
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 300);
    QVERIFY(f.seeded);
    f.model.setPageSize(100);
    QCOMPARE(f.model.rowCount(), 300);
    QVERIFY(f.model.isRowCountKnown());
    QSignalSpy counted(&f.model, &QueryModel::rowCountKnown);
    QSignalSpy loading(&f.model, &QueryModel::loadingChanged);
    SignalLog log(&f.model);

    // When it switches to loading in the background
    f.model.setBackgroundLoading(true);

    // Then nothing is known at first: the call returned without waiting for the database
    QVERIFY(f.model.backgroundLoading());
    QCOMPARE(f.model.rowCount(), 0);
    QVERIFY(!f.model.isRowCountKnown());
    QVERIFY(f.model.isLoading());
    QCOMPARE(loading.count(), 1);
    QCOMPARE(loading.at(0).at(0).toBool(), true);

    // and the first window's rows arrive, then the count with the rest
    QTRY_COMPARE(counted.count(), 1);
    QCOMPARE(counted.at(0).at(0).toLongLong(), 300);
    QVERIFY(f.model.isRowCountKnown());
    QCOMPARE(f.model.rowCount(), 300);
    QCOMPARE(log.take(), QStringLiteral("reset inserted(0-99) inserted(100-299)"));
    QTRY_VERIFY(!f.model.isLoading());
    QCOMPARE(loading.last().at(0).toBool(), false);

    // and a table smaller than one window is counted by its first window
    QVERIFY(f.model.setFilter(Field("age") < 25));
    QTRY_COMPARE(counted.count(), 2);
    QCOMPARE(f.model.rowCount(), int(f.session.query<Contact>().where(Field("age") < 25).count()));
}

void tst_QueryModelBackground::shouldShowPlaceholdersUntilRowsArrive()
{
    // Given a model loading 300 contacts in the background, windows of 50 rows
    QUARRY_FRESH_URL(freshUrl);
    BackgroundFixture f(freshUrl, 300, 50);
    QVERIFY(f.seeded);
    QTRY_VERIFY(f.model.isRowCountKnown());
    QTRY_VERIFY(!f.model.isLoading());

    // When a view asks for a row far from the first window
    const QModelIndex cell = f.model.index(200, Name);
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);

    // Then it is a placeholder: no value, LoadingRole true, its window on its way
    QVERIFY(!cell.data().isValid());
    QVERIFY(!cell.data(Qt::EditRole).isValid());
    QCOMPARE(cell.data(QueryModel::LoadingRole), QVariant(true));
    QVERIFY(f.model.isLoading());

    // and when the window arrives, its rows change: the value is there
    QTRY_VERIFY(!changed.isEmpty());
    const auto from = changed.at(0).at(0).value<QModelIndex>();
    const auto to = changed.at(0).at(1).value<QModelIndex>();
    QCOMPARE(from.row(), 200);
    QCOMPARE(to.row(), 249);
    QCOMPARE(cell.data(QueryModel::LoadingRole), QVariant(false));
    QCOMPARE(cell.data().toString(), QStringLiteral("c200"));
    QCOMPARE(f.model.roleNames().value(QueryModel::LoadingRole), QByteArray("loading"));

    // and its neighbours are read ahead, unasked: scrolling on finds them loaded
    QTRY_VERIFY(!f.model.isLoading());
    QStringList ranges;
    for (const QList<QVariant> &signal : std::as_const(changed))
        ranges << QStringLiteral("%1-%2")
                      .arg(signal.at(0).value<QModelIndex>().row())
                      .arg(signal.at(1).value<QModelIndex>().row());
    ranges.sort();
    QCOMPARE(ranges.join(QLatin1Char(' ')), QStringLiteral("150-199 200-249 250-299"));
    QCOMPARE(f.model.index(250, Name).data().toString(), QStringLiteral("c250"));
    QCOMPARE(f.model.index(199, Name).data().toString(), QStringLiteral("c199"));
}

void tst_QueryModelBackground::shouldShowExactlyWhatTheSynchronousModelShows_data()
{
    QuarryTest::addBackendColumn();
    QTest::addColumn<int>("sortColumn");
    QTest::addColumn<int>("order");
    QuarryTest::addBackendRows("/key", -1, int(Qt::AscendingOrder));
    QuarryTest::addBackendRows("/city-desc", int(City), int(Qt::DescendingOrder));
    QuarryTest::addBackendRows("/age", int(Age), int(Qt::AscendingOrder));
}

void tst_QueryModelBackground::shouldShowExactlyWhatTheSynchronousModelShows()
{
    // Given 300 contacts (cities with NULLs and duplicates), windows of 16 rows: more
    // windows than the loader queues at once
    QUARRY_FRESH_URL(freshUrl);
    QFETCH(int, sortColumn);
    QFETCH(int, order);
    BackgroundFixture f(freshUrl, 300, 16);
    QVERIFY(f.seeded);

    // When it is sorted and every row is read, in the background
    f.model.sort(sortColumn, Qt::SortOrder(order));
    QVERIFY(loadEverything(f.model));

    // Then it shows exactly what the synchronous model shows
    QCOMPARE(f.model.rowCount(), 300);
    QCOMPARE(table(f.model), expected(&f.session, sortColumn, Qt::SortOrder(order)));

    // and with two windows cached, scrolling back up through evicted windows (read by
    // keyset from the anchors), still so
    const QStringList want =
        expected(&f.session, sortColumn, Qt::SortOrder(order)).split(QLatin1Char(';'));
    f.model.setCachedPages(2);
    for (int row = f.model.rowCount() - 1; row >= 0; --row) {
        QTRY_VERIFY(!f.model.index(row, 0).data(QueryModel::LoadingRole).toBool());
        QStringList cells;
        for (int column = 0; column < f.model.columnCount(); ++column)
            cells << f.model.index(row, column).data().toString();
        QCOMPARE(cells.join(QLatin1Char('|')), want.at(row));
    }
}

void tst_QueryModelBackground::shouldDropStaleResultsWhenTheQueryChangesMidLoad()
{
    // Given a model that has just started loading 300 contacts in windows of 20
    QUARRY_FRESH_URL(freshUrl);
    BackgroundFixture f(freshUrl, 300, 20);
    QVERIFY(f.seeded);
    for (int row = 0; row < 300; row += 20) // a view asks for rows all over
        f.model.index(row, Name).data();

    // When the sort and the filter change while those results are on their way
    f.model.sort(Name, Qt::DescendingOrder);
    const Quarry::Condition filter = Field("age") >= 30;
    QVERIFY(f.model.setFilter(filter));
    const QString want = expected(&f.session, Name, Qt::DescendingOrder, filter);
    const QStringList wantRows = want.split(QLatin1Char(';'));

    // Then every row that changes from now on changes to its final value (nothing of
    // the old order or the unfiltered rows lands in the cache)
    QStringList stale;
    connect(&f.model, &QAbstractItemModel::dataChanged, this,
            [&](const QModelIndex &from, const QModelIndex &to) {
                for (int row = from.row(); row <= to.row(); ++row) {
                    const QString name = f.model.index(row, Name).data().toString();
                    if (!name.isEmpty() && name != wantRows.value(row).section(u'|', 1, 1))
                        stale << QStringLiteral("%1:%2").arg(row).arg(name);
                }
            });
    QVERIFY(loadEverything(f.model));
    QVERIFY2(stale.isEmpty(), qPrintable(stale.join(QLatin1Char(' '))));

    // and the final content is right
    QCOMPARE(table(f.model), want);
    QCOMPARE(f.model.rowCount(), int(wantRows.size()));
}

void tst_QueryModelBackground::shouldRunStatementsOnAnotherThread()
{
    // Given 100 contacts and the statements Quarry logs, with their threads
    QUARRY_FRESH_URL(freshUrl);
    Fixture f(freshUrl, 100);
    QVERIFY(f.seeded);
    ThreadCapture capture;
    int onThisThread = 0;

    // When the synchronous model refreshes, its statements run here (the control)
    QVERIFY(f.model.refresh());
    QVERIFY(f.model.index(50, Name).data().isValid());
    QCOMPARE(capture.count(QStringLiteral("SELECT"), &onThisThread), 2);
    QCOMPARE(onThisThread, 2);
    capture.clear();

    // When it loads in the background and every row is read
    f.model.setPageSize(30);
    f.model.setBackgroundLoading(true);
    QVERIFY(loadEverything(f.model));

    // Then the COUNT and the four windows ran, none of them on this thread
    QCOMPARE(capture.count(QStringLiteral("SELECT"), &onThisThread), 5);
    QCOMPARE(onThisThread, 0);
    QCOMPARE(capture.count(QStringLiteral("SELECT COUNT(*)"), &onThisThread), 1);
    QCOMPARE(table(f.model), expected(&f.session));
}

void tst_QueryModelBackground::shouldEditAndSubmitInTheBackgroundMode()
{
    // Given a model loading 60 contacts in the background, edits submitted manually
    QUARRY_FRESH_URL(freshUrl);
    BackgroundFixture f(freshUrl, 60, 25);
    QVERIFY(f.seeded);
    f.model.setEditStrategy(QueryModel::OnManualSubmit);
    QVERIFY(loadEverything(f.model));

    // When a row is edited, one inserted and one removed
    QVERIFY(f.model.setData(f.model.index(3, Name), QStringLiteral("zed")));
    QCOMPARE(f.model.index(3, Name).data().toString(), QStringLiteral("zed"));
    QVERIFY(f.model.insertRows(0, 1));
    QCOMPARE(f.model.headerData(0, Qt::Vertical).toString(), QStringLiteral("*"));
    QVERIFY(f.model.setData(f.model.index(0, Name), QStringLiteral("newcomer")));
    QVERIFY(f.model.setData(f.model.index(0, Since), QDate(2024, 5, 1)));
    QVERIFY(f.model.removeRows(11, 1)); // c010, below the new row
    QVERIFY(f.model.isDirty());

    // Then they are submitted, and the model settles on what the database holds
    QVERIFY2(f.model.submitAll(), qPrintable(f.model.lastError().toString()));
    QVERIFY(!f.model.isDirty());
    QVERIFY(loadEverything(f.model));
    QCOMPARE(f.model.rowCount(), 60);
    QCOMPARE(table(f.model), expected(&f.session));
    QCOMPARE(column(f.model, Name, 0, 5), QStringLiteral("c000,c001,c002,zed,c004"));
    QCOMPARE(f.model.index(59, Name).data().toString(), QStringLiteral("newcomer"));

    // and a reset keeps a pending new row (at the top while the count is on its way)
    QVERIFY(f.model.insertRows(10, 1));
    f.model.sort(Name, Qt::AscendingOrder);
    QCOMPARE(f.model.rowCount(), 1);
    QCOMPARE(f.model.headerData(0, Qt::Vertical).toString(), QStringLiteral("*"));
    QVERIFY(loadEverything(f.model));
    QCOMPARE(f.model.rowCount(), 61);
    f.model.revertAll();
    QCOMPARE(f.model.rowCount(), 60);
}

void tst_QueryModelBackground::shouldFollowOtherSessionsCommits()
{
    // Given a model loading 80 contacts in the background
    QUARRY_FRESH_URL(freshUrl);
    BackgroundFixture f(freshUrl, 80, 30);
    QVERIFY(f.seeded);
    QVERIFY(loadEverything(f.model));

    // When another session renames one, removes one and adds one
    Quarry::Session other(f.db);
    Contact *renamed = other.query<Contact>().filterBy("name", QStringLiteral("c005")).first();
    Contact *gone = other.query<Contact>().filterBy("name", QStringLiteral("c070")).first();
    QVERIFY(renamed && gone);
    renamed->setProperty("name", QStringLiteral("c005-renamed")); // NOTIFY: marks it dirty
    other.remove(gone);
    other.add(new Contact(QStringLiteral("late"), QStringLiteral("Oslo"), 44));
    QUARRY_VERIFY(other.commit(), other);

    // Then the model shows it, as the synchronous one would
    QVERIFY(loadEverything(f.model));
    QCOMPARE(f.model.rowCount(), 80);
    QCOMPARE(f.model.index(5, Name).data().toString(), QStringLiteral("c005-renamed"));
    QCOMPARE(table(f.model), expected(&f.session));

    // and changes by raw SQL (keys unknown) are checked by a COUNT in the worker, then
    // what is shown is read again there: nothing runs on this thread
    {
        ThreadCapture capture;
        bool ok = false;
        other.execute(QStringLiteral("UPDATE contacts SET age = age + 1"), {}, &ok);
        QVERIFY(ok);
        QUARRY_VERIFY(other.commit(), other);
        QVERIFY(f.model.isLoading());
        QVERIFY(loadEverything(f.model));
        int onThisThread = 0;
        QCOMPARE(capture.count(QStringLiteral("SELECT COUNT(*)"), &onThisThread), 1);
        QCOMPARE(onThisThread, 0);
        QVERIFY(capture.count(QStringLiteral("SELECT"), &onThisThread) > 1); // windows too
        QCOMPARE(onThisThread, 0);
        QCOMPARE(table(f.model), expected(&f.session));
    }

    // and a commit announced while the count is still on its way restarts the load
    QVERIFY(f.model.refresh());
    QVERIFY(!f.model.isRowCountKnown());
    other.add(new Contact(QStringLiteral("later"), QStringLiteral("Lima"), 45));
    QUARRY_VERIFY(other.commit(), other);
    QVERIFY(loadEverything(f.model));
    QCOMPARE(f.model.rowCount(), 81);
    QCOMPARE(table(f.model), expected(&f.session));
}

void tst_QueryModelBackground::shouldReportFailuresOfTheWorker()
{
    // Given a model loading in the background
    QUARRY_FRESH_URL(freshUrl);
    BackgroundFixture f(freshUrl, 10, 256);
    QVERIFY(f.seeded);
    QVERIFY(loadEverything(f.model));
    QSignalSpy failed(&f.model, &QueryModel::loadFailed);

    // When its table is gone and it loads again
    QUARRY_VERIFY(f.db.execute(QStringLiteral("DROP TABLE contacts")), f.db);
    QVERIFY(f.model.refresh()); // returns at once: the failure comes later

    // Then the failure is reported, and the model stops loading, empty
    QTRY_VERIFY(!failed.isEmpty());
    QVERIFY(failed.at(0).at(0).value<Quarry::Error>().isValid());
    QVERIFY(f.model.lastError().isValid());
    QTRY_VERIFY(!f.model.isLoading());
    QVERIFY(f.model.isRowCountKnown());
    QCOMPARE(f.model.rowCount(), 0);
}

void tst_QueryModelBackground::shouldBeDestroyedCleanlyWhileLoading()
{
    // Given 2,000 contacts, and no warning allowed about threads or connections
    QUARRY_FRESH_URL(freshUrl);
    QTest::failOnWarning(QRegularExpression(QStringLiteral("QThread|still in use|connection")));
    Quarry::Database db = openDatabase(freshUrl);
    QVERIFY(seed(db, 2000));
    Quarry::Session session(db);

    for (int pageSize : {10, 500}) {
        // When a model starts loading in the background and is destroyed at once, with
        // its count and windows queued or running
        auto *model = new QueryModel(session.query<Contact>());
        auto *tester = new QAbstractItemModelTester(
            model, QAbstractItemModelTester::FailureReportingMode::QtTest, model);
        tester->setUseFetchMore(false);
        model->setPageSize(pageSize);
        model->setBackgroundLoading(true);
        for (int row = 0; row < 200; row += 7)
            model->index(row, Name).data();
        QVERIFY(model->isLoading());
        delete model;
    }
    // and results posted meanwhile reach nobody
    QTest::qWait(50);

    // and one destroyed mid-scroll, after its count arrived
    {
        QueryModel model(session.query<Contact>());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        tester.setUseFetchMore(false);
        model.setBackgroundLoading(true);
        QTRY_VERIFY(model.isRowCountKnown());
        for (int row = 0; row < 2000; row += 100)
            model.index(row, Name).data();
    }

    // Then switching the mode off stops the worker too, and the model reads synchronously
    QueryModel model(session.query<Contact>());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(false);
    model.setBackgroundLoading(true);
    model.setBackgroundLoading(false);
    QCOMPARE(model.rowCount(), 2000);
    QVERIFY(model.isRowCountKnown());
    QVERIFY(!model.isLoading());
    QCOMPARE(model.index(1999, Name).data().toString(), QStringLiteral("c1999"));
}

QTEST_MAIN(tst_QueryModelBackground)
#include "tst_querymodelbackground.moc"
