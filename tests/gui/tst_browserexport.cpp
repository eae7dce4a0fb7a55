// Export of the current view (filter, search, sort, columns) to CSV and JSON: the files
// are read back and compared with the same query run directly in SQL; cancelling leaves
// no file. SQLite demo shop.

#include "browsertest.h"

#include "csvreader.h"
#include "databasecontext.h"
#include "exportdialog.h"
#include "exporter.h"

#include <quarry/querymodel.h>
#include <quarry/session.h>

#include <QDir>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProgressBar>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace QuarryBrowser;
using Quarry::Field;

namespace {

// The rows of a raw SQL query, each value as text the way the exporter writes it
// (NULL stays a null QString).
QList<QStringList> sqlRows(QSqlDatabase db, const QString &sql)
{
    QList<QStringList> rows;
    QSqlQuery query(db);
    if (!query.exec(sql)) {
        qWarning() << query.lastError().text();
        return rows;
    }
    while (query.next()) {
        QStringList row;
        for (int i = 0; i < query.record().count(); ++i)
            row.append(query.value(i).isNull() ? QString() : query.value(i).toString());
        rows.append(row);
    }
    return rows;
}

QList<QStringList> readCsv(const QString &fileName)
{
    QList<QStringList> rows;
    CsvReader reader;
    if (!reader.open(fileName))
        return rows;
    QStringList fields;
    while (reader.readRecord(&fields))
        rows.append(fields);
    return rows;
}

// JSON objects as rows in `columns` order, values as text; checks each value's JSON type.
QList<QStringList> readJson(const QString &fileName, const QStringList &columns,
                            const QHash<QString, QJsonValue::Type> &types)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !document.isArray()) {
        qWarning() << "bad JSON:" << error.errorString();
        return {};
    }
    QList<QStringList> rows;
    for (const QJsonValue &value : document.array()) {
        const QJsonObject object = value.toObject();
        if (object.keys().size() != columns.size())
            return {};
        QStringList row;
        for (const QString &column : columns) {
            const QJsonValue field = object.value(column);
            if (!field.isNull() && field.type() != types.value(column)) {
                qWarning() << column << "has JSON type" << field.type();
                return {};
            }
            switch (field.type()) {
            case QJsonValue::Null:
                row.append(QString());
                break;
            case QJsonValue::Bool:
                row.append(field.toBool() ? QStringLiteral("1") : QStringLiteral("0"));
                break;
            case QJsonValue::Double:
                row.append(field.toDouble() == qint64(field.toDouble())
                               ? QString::number(qint64(field.toDouble()))
                               : QString::number(field.toDouble(), 'g', 17));
                break;
            default:
                row.append(field.toString());
                break;
            }
        }
        rows.append(row);
    }
    return rows;
}

bool waitForExport(Exporter &exporter, bool *ok, QString *message)
{
    QSignalSpy finished(&exporter, &Exporter::finished);
    if (!finished.wait(60'000) && finished.isEmpty())
        return false;
    *ok = finished.first().at(0).toBool();
    *message = finished.first().at(1).toString();
    return true;
}

} // namespace

class tst_BrowserExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void exportsFilteredSortedOrderItems_data();
    void exportsFilteredSortedOrderItems();
    void exportsTheModelsSearchWithNullsAndQuoting_data();
    void exportsTheModelsSearchWithNullsAndQuoting();
    void keepsEmptyTextApartFromNull_data();
    void keepsEmptyTextApartFromNull();
    void cancelLeavesNoFile();
    void exportsOnlyShownColumnsInHeaderOrder();

private:
    std::unique_ptr<DatabaseContext> m_context;
    QTemporaryDir m_dir;
};

void tst_BrowserExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_context = BrowserTest::openContext(BrowserTest::demoUrl(), true, &error);
    QVERIFY2(m_context, qPrintable(error));
    // Text that needs quoting, and an empty (not NULL) note
    QSqlQuery query(m_context->database().connection());
    QVERIFY(query.exec(QStringLiteral(
        "UPDATE customers SET notes = 'Says \"hi\", then\nleaves; 5% off' WHERE id = 5")));
    QVERIFY(query.exec(QStringLiteral("UPDATE customers SET notes = '' WHERE id = 6")));
    QVERIFY(query.exec(QStringLiteral("UPDATE customers SET notes = NULL WHERE id = 7")));
}

void tst_BrowserExport::exportsFilteredSortedOrderItems_data()
{
    QTest::addColumn<int>("format");
    QTest::newRow("csv") << int(ExportRequest::Format::Csv);
    QTest::newRow("json") << int(ExportRequest::Format::Json);
}

void tst_BrowserExport::exportsFilteredSortedOrderItems()
{
    QFETCH(int, format);
    // Given a view of order items: filtered, sorted by price descending (ties: by key,
    // descending too, as QueryModel orders them)
    ExportRequest request;
    request.entity = QStringLiteral("OrderItem");
    request.condition =
        Field(QStringLiteral("quantity")) >= 3 && Field(QStringLiteral("unitPrice")) < 50;
    request.order = {{QStringLiteral("unitPrice"), Qt::DescendingOrder}};
    request.columns = {QStringLiteral("id"), QStringLiteral("orderId"), QStringLiteral("quantity"),
                       QStringLiteral("unitPrice")};
    request.format = ExportRequest::Format(format);
    request.fileName =
        m_dir.filePath(QStringLiteral("items.") + QLatin1String(format ? "json" : "csv"));
    // When exporting it in small batches (many keyset steps, ties across batch borders)
    Exporter exporter(m_context->database());
    exporter.setBatchSize(97);
    QSignalSpy progress(&exporter, &Exporter::progress);
    exporter.start(request);
    bool ok = false;
    QString message;
    QVERIFY(waitForExport(exporter, &ok, &message));
    QVERIFY2(ok, qPrintable(message));
    // Then the file holds exactly the rows of the same query, in the same order
    const QList<QStringList> expected = sqlRows(
        m_context->database().connection(),
        QStringLiteral("SELECT id, orderId, quantity, unitPrice FROM order_items "
                       "WHERE quantity >= 3 AND unitPrice < 50 ORDER BY unitPrice DESC, id DESC"));
    QVERIFY(expected.size() > 1000);
    QList<QStringList> actual;
    if (request.format == ExportRequest::Format::Csv) {
        actual = readCsv(request.fileName);
        QVERIFY(!actual.isEmpty());
        QCOMPARE(actual.takeFirst(), request.columns); // the header
    } else {
        const QHash<QString, QJsonValue::Type> types = {
            {QStringLiteral("id"), QJsonValue::Double},
            {QStringLiteral("orderId"), QJsonValue::Double},
            {QStringLiteral("quantity"), QJsonValue::Double},
            {QStringLiteral("unitPrice"), QJsonValue::Double}};
        actual = readJson(request.fileName, request.columns, types);
    }
    QCOMPARE(actual.size(), expected.size());
    for (int row = 0; row < expected.size(); ++row) {
        for (int column = 0; column < 4; ++column) {
            // Prices compare as numbers (text forms of a double may differ)
            if (column == 3)
                QCOMPARE(actual.at(row).at(column).toDouble(),
                         expected.at(row).at(column).toDouble());
            else
                QCOMPARE(actual.at(row).at(column), expected.at(row).at(column));
        }
    }
    // Progress: counted first, then rising to the total
    QVERIFY(progress.size() >= 3);
    QCOMPARE(progress.first().at(0).toLongLong(), 0);
    QCOMPARE(progress.first().at(1).toLongLong(), qint64(expected.size()));
    QCOMPARE(progress.last().at(0).toLongLong(), qint64(expected.size()));
}

void tst_BrowserExport::exportsTheModelsSearchWithNullsAndQuoting_data()
{
    exportsFilteredSortedOrderItems_data();
}

void tst_BrowserExport::exportsTheModelsSearchWithNullsAndQuoting()
{
    QFETCH(int, format);
    // Given a table page's model of customers: some columns, a search, sorted by city
    Quarry::QueryModel model(m_context->session(), QStringLiteral("Customer"));
    const QStringList columns = {QStringLiteral("id"),     QStringLiteral("name"),
                                 QStringLiteral("city"),   QStringLiteral("vip"),
                                 QStringLiteral("joined"), QStringLiteral("notes")};
    QVERIFY(model.setColumns(columns));
    QVERIFY(model.setFilter(Field(QStringLiteral("id")) <= 400));
    model.setSearch(QStringLiteral("  EN "));
    model.sort(2, Qt::DescendingOrder);
    // When exporting the request the page builds from it
    ExportRequest request = ExportRequest::fromModel(model);
    QCOMPARE(request.columns, columns);
    QCOMPARE(request.search, QStringLiteral("  EN "));
    request.format = ExportRequest::Format(format);
    request.fileName =
        m_dir.filePath(QStringLiteral("customers.") + QLatin1String(format ? "json" : "csv"));
    Exporter exporter(m_context->database());
    exporter.setBatchSize(50);
    exporter.start(request);
    bool ok = false;
    QString message;
    QVERIFY(waitForExport(exporter, &ok, &message));
    QVERIFY2(ok, qPrintable(message));
    // Then the rows are the model's rows, in the model's order...
    QList<QStringList> actual;
    if (request.format == ExportRequest::Format::Csv) {
        actual = readCsv(request.fileName);
        QCOMPARE(actual.takeFirst(), columns);
    } else {
        const QHash<QString, QJsonValue::Type> types = {
            {QStringLiteral("id"), QJsonValue::Double},
            {QStringLiteral("name"), QJsonValue::String},
            {QStringLiteral("city"), QJsonValue::String},
            {QStringLiteral("vip"), QJsonValue::Bool},
            {QStringLiteral("joined"), QJsonValue::String},
            {QStringLiteral("notes"), QJsonValue::String}};
        actual = readJson(request.fileName, columns, types);
    }
    QCOMPARE(actual.size(), model.rowCount());
    QVERIFY(actual.size() > 20);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(actual.at(row).at(0).toLongLong(), model.primaryKey(row).toLongLong());
    // ...and the values those of the same query in SQL (search: contains, ignoring case,
    // over the shown text columns)
    const QList<QStringList> expected = sqlRows(
        m_context->database().connection(),
        QStringLiteral(
            "SELECT id, name, city, vip, joined, notes FROM customers WHERE id <= 400 AND "
            "(LOWER(name) LIKE '%en%' OR LOWER(city) LIKE '%en%' OR LOWER(notes) LIKE '%en%') "
            "ORDER BY city DESC, id DESC"));
    QCOMPARE(actual.size(), expected.size());
    for (int row = 0; row < expected.size(); ++row) {
        QStringList wanted = expected.at(row);
        QStringList got = actual.at(row);
        if (request.format == ExportRequest::Format::Csv) // CSV writes true/false
            got[3] = got.at(3) == QLatin1String("true") ? QStringLiteral("1") : QStringLiteral("0");
        QCOMPARE(got, wanted);
        if (wanted.at(5).isNull())
            QVERIFY(got.at(5).isNull()); // NULL is not ''
    }
    // The note with a comma, quotes and a line break survives, and is quoted per RFC 4180
    const auto withNote = std::find_if(actual.cbegin(), actual.cend(),
                                       [](const QStringList &row) { return row.at(0) == u"5"; });
    QVERIFY(withNote != actual.cend());
    QCOMPARE(withNote->at(5), QStringLiteral("Says \"hi\", then\nleaves; 5% off"));
    if (request.format == ExportRequest::Format::Csv) {
        QFile file(request.fileName);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("\"Says \"\"hi\"\", then\nleaves; 5% off\"\r\n"));
        QVERIFY(text.startsWith("id,name,city,vip,joined,notes\r\n"));
    }
}

void tst_BrowserExport::keepsEmptyTextApartFromNull_data()
{
    exportsFilteredSortedOrderItems_data();
}

void tst_BrowserExport::keepsEmptyTextApartFromNull()
{
    QFETCH(int, format);
    ExportRequest request;
    request.entity = QStringLiteral("customers"); // the table name works too
    request.condition = Field(QStringLiteral("id")).in({5, 6, 7});
    request.columns = {QStringLiteral("id"), QStringLiteral("notes")};
    request.format = ExportRequest::Format(format);
    request.fileName =
        m_dir.filePath(QStringLiteral("notes.") + QLatin1String(format ? "json" : "csv"));
    Exporter exporter(m_context->database());
    exporter.start(request);
    bool ok = false;
    QString message;
    QVERIFY(waitForExport(exporter, &ok, &message));
    QVERIFY2(ok, qPrintable(message));
    QFile file(request.fileName);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    if (request.format == ExportRequest::Format::Csv)
        QCOMPARE(text, QByteArray("id,notes\r\n5,\"Says \"\"hi\"\", then\nleaves; 5% off\"\r\n"
                                  "6,\"\"\r\n7,\r\n"));
    else
        QCOMPARE(
            text,
            QByteArray("[\n  {\"id\": 5, \"notes\": \"Says \\\"hi\\\", then\\nleaves; 5% off\"},\n"
                       "  {\"id\": 6, \"notes\": \"\"},\n  {\"id\": 7, \"notes\": null}\n]\n"));
}

void tst_BrowserExport::cancelLeavesNoFile()
{
    // Given the export dialog on all order items, reading in tiny batches
    ExportRequest request;
    request.entity = QStringLiteral("OrderItem");
    request.order = {{QStringLiteral("quantity"), Qt::AscendingOrder}};
    QTemporaryDir dir;
    ExportDialog dialog(m_context.get(), request);
    dialog.setFileName(dir.filePath(QStringLiteral("all-items.csv")));
    dialog.exporter()->setBatchSize(10);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // When it is cancelled halfway (a screenshot first, mid-export)
    bool shot = false;
    connect(dialog.exporter(), &Exporter::progress, &dialog, [&](qint64 done, qint64 total) {
        if (!shot && done >= 2000) {
            shot = true;
            QCOMPARE(total, 20'000);
            BrowserTest::screenshot(&dialog, QStringLiteral("export-in-progress"));
            QTest::keyClick(&dialog, Qt::Key_Escape); // Escape cancels a running export
        }
    });
    QSignalSpy finished(dialog.exporter(), &Exporter::finished);
    dialog.startExport();
    QVERIFY(dialog.exporter()->isRunning());
    QVERIFY(finished.wait(60'000));
    QVERIFY(shot);
    QCOMPARE(finished.first().at(0).toBool(), false);
    QVERIFY2(dialog.status().startsWith(QStringLiteral("Cancelled")), qPrintable(dialog.status()));
    QVERIFY(dialog.isVisible()); // the dialog stays to say so
    // Then there is no file, not even a partial one
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList());
    // And exporting again works
    dialog.exporter()->setBatchSize(5000);
    QSignalSpy exported(&dialog, &ExportDialog::exported);
    dialog.startExport();
    QVERIFY(exported.wait(60'000));
    QCOMPARE(exported.first().at(1).toLongLong(), 20'000);
    QCOMPARE(readCsv(dir.filePath(QStringLiteral("all-items.csv"))).size(), 20'001);
}

void tst_BrowserExport::exportsOnlyShownColumnsInHeaderOrder()
{
    // Given a table view whose user hid "notes" (still searched, as QueryModel does) and
    // dragged "city" to the front
    Quarry::QueryModel model(m_context->session(), QStringLiteral("Customer"));
    model.setSearch(QStringLiteral("says \"hi\""));
    QTableView view;
    view.setModel(&model);
    view.horizontalHeader()->setSectionHidden(model.columnOf(QStringLiteral("notes")), true);
    view.horizontalHeader()->moveSection(model.columnOf(QStringLiteral("city")), 0);
    // When exporting the view
    ExportRequest request = ExportRequest::fromModel(model, view.horizontalHeader());
    QCOMPARE(request.columns, (QStringList{QStringLiteral("city"), QStringLiteral("id"),
                                           QStringLiteral("name"), QStringLiteral("email"),
                                           QStringLiteral("vip"), QStringLiteral("joined")}));
    request.fileName = m_dir.filePath(QStringLiteral("shown.csv"));
    Exporter exporter(m_context->database());
    exporter.start(request);
    bool ok = false;
    QString message;
    QVERIFY(waitForExport(exporter, &ok, &message));
    QVERIFY2(ok, qPrintable(message));
    // Then the one customer whose hidden note matches is there, without the note
    const QList<QStringList> rows = readCsv(request.fileName);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0), request.columns);
    QCOMPARE(rows.at(1).at(1), QStringLiteral("5"));
}

QTEST_MAIN(tst_BrowserExport)
#include "tst_browserexport.moc"
