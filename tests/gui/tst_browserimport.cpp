// CSV import: the reader (RFC 4180), the dialog's preview and mapping, an import in one
// transaction, and a bad value that imports nothing and names its line. SQLite demo shop.

#include "browsertest.h"

#include "csvreader.h"
#include "databasecontext.h"
#include "importdialog.h"
#include "importer.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace QuarryBrowser;

namespace {

bool writeFile(const QString &fileName, const QByteArray &content)
{
    QFile file(fileName);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

// Ten new customers: a header whose names are labels ("E-mail", "Customer since") and one
// column ("Comment") that matches nothing and is skipped; quoted fields with the
// delimiter, doubled quotes and a line break; NULL (empty) and '' ("") notes.
const QByteArray customersCsv =
    "Name,E-mail,City,Comment,VIP,Customer since,notes\r\n"
    "\"Lovelace, Ada\",ada@example.org,London,first programmer,true,2020-01-02,\"Likes "
    "\"\"notes\"\"\nand lines\"\r\n"
    "Grace Hopper,grace@example.org,Arlington,,false,2020-02-03,\r\n"
    "Alan Turing,alan@example.org,Wilmslow,x,1,2020-03-04,\"\"\r\n"
    "Edsger Dijkstra,edsger@example.org,Nuenen,x,0,2020-04-05,GOTO\r\n"
    "Barbara Liskov,barbara@example.org,Boston,x,true,2020-05-06,LSP\r\n"
    "Donald Knuth,donald@example.org,Stanford,x,false,2020-06-07,TeX\r\n"
    "Frances Allen,frances@example.org,Peru NY,x,false,2020-07-08,\r\n"
    "John Backus,john@example.org,Philadelphia,x,true,2020-08-09,Fortran\r\n"
    "Niklaus Wirth,niklaus@example.org,Winterthur,x,false,2020-09-10,Pascal\r\n"
    "Ken Thompson,ken@example.org,New Orleans,x,false,2020-10-11,Unix\r\n";

} // namespace

class tst_BrowserImport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void readerFollowsRfc4180();
    void importsMappedColumnsInOneGo();
    void badValueImportsNothingAndNamesTheLine_data();
    void badValueImportsNothingAndNamesTheLine();
    void readOnlyDisablesImport();
    void cancelImportsNothing();

private:
    std::unique_ptr<DatabaseContext> openDemo();
    int count(DatabaseContext *context, const QString &where = {});
    QTemporaryDir m_dir;
};

std::unique_ptr<DatabaseContext> tst_BrowserImport::openDemo()
{
    return BrowserTest::openContext(BrowserTest::demoUrl(2000));
}

int tst_BrowserImport::count(DatabaseContext *context, const QString &where)
{
    QSqlQuery query(context->database().connection());
    query.exec(QStringLiteral("SELECT COUNT(*) FROM customers") +
               (where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where));
    return query.next() ? query.value(0).toInt() : -1;
}

void tst_BrowserImport::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void tst_BrowserImport::readerFollowsRfc4180()
{
    const QString fileName = m_dir.filePath(QStringLiteral("rfc.csv"));
    QVERIFY(writeFile(fileName, "\xEF\xBB\xBF"
                                "a;b;c\r\n"
                                "1;\"x;y\";\"say \"\"hi\"\"\"\n"
                                "2;\"two\r\nlines\";\"\"\r"
                                "3;;\xC3\xA9t\xC3\xA9"));
    CsvReader reader;
    reader.setDelimiter(u';');
    QVERIFY(reader.open(fileName));
    QStringList fields;
    QVERIFY(reader.readRecord(&fields));
    QCOMPARE(fields, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    QCOMPARE(reader.recordLine(), 1);
    QVERIFY(reader.readRecord(&fields));
    QCOMPARE(fields, (QStringList{QStringLiteral("1"), QStringLiteral("x;y"),
                                  QStringLiteral("say \"hi\"")}));
    QCOMPARE(reader.recordLine(), 2);
    QVERIFY(reader.readRecord(&fields));
    QCOMPARE(fields.at(1), QStringLiteral("two\r\nlines"));
    QVERIFY(!fields.at(2).isNull()); // "" is an empty string...
    QVERIFY(fields.at(2).isEmpty());
    QCOMPARE(reader.recordLine(), 3);
    QVERIFY(reader.readRecord(&fields));
    QCOMPARE(reader.recordLine(), 5); // the record above took two lines
    QVERIFY(fields.at(1).isNull());   // ...an empty field is NULL
    QCOMPARE(fields.at(2), QStringLiteral("été"));
    QVERIFY(!reader.readRecord(&fields));
    QVERIFY(reader.errorString().isEmpty());

    QVERIFY(writeFile(fileName, "a,\"open\n"));
    QString error;
    CsvReader::readFile(fileName, u',', 10, &error);
    QVERIFY2(error.contains(QStringLiteral("not closed")), qPrintable(error));
}

void tst_BrowserImport::importsMappedColumnsInOneGo()
{
    auto context = openDemo();
    QVERIFY(context);
    const int before = count(context.get());
    const QString fileName = m_dir.filePath(QStringLiteral("customers.csv"));
    QVERIFY(writeFile(fileName, customersCsv));
    // Given the dialog on the file
    ImportDialog dialog(context.get(), QStringLiteral("Customer"));
    dialog.resize(900, 700);
    dialog.setFileName(fileName);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // Then the preview shows the rows, the quoted ones unquoted
    auto *preview = dialog.findChild<QTableWidget *>(QStringLiteral("previewTable"));
    QVERIFY(preview);
    QCOMPARE(preview->rowCount(), 10);
    QCOMPARE(preview->columnCount(), 7);
    QCOMPARE(preview->item(0, 0)->text(), QStringLiteral("Lovelace, Ada"));
    QCOMPARE(preview->horizontalHeaderItem(5)->text(), QStringLiteral("Customer since"));
    // And the columns are matched by name or label; "Comment" matches nothing
    QCOMPARE(dialog.mapping(),
             (QStringList{QStringLiteral("name"), QStringLiteral("email"), QStringLiteral("city"),
                          QString(), QStringLiteral("vip"), QStringLiteral("joined"),
                          QStringLiteral("notes")}));
    BrowserTest::screenshot(&dialog, QStringLiteral("import-preview-mapping"));
    // When importing
    QSignalSpy imported(&dialog, &ImportDialog::imported);
    dialog.startImport();
    QVERIFY(imported.wait(30'000));
    // Then ten rows are there, with their values converted and the skipped column nowhere
    QCOMPARE(imported.first().at(1).toLongLong(), 10);
    QCOMPARE(dialog.status(), QStringLiteral("10 rows imported."));
    QCOMPARE(count(context.get()), before + 10);
    QSqlQuery query(context->database().connection());
    QVERIFY(query.exec(QStringLiteral(
        "SELECT name, city, vip, joined, notes FROM customers WHERE email = 'ada@example.org'")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("Lovelace, Ada"));
    QCOMPARE(query.value(2).toInt(), 1);
    QCOMPARE(query.value(3).toString(), QStringLiteral("2020-01-02"));
    QCOMPARE(query.value(4).toString(), QStringLiteral("Likes \"notes\"\nand lines"));
    QCOMPARE(count(context.get(), QStringLiteral("email = 'grace@example.org' AND notes IS NULL")),
             1);
    QCOMPARE(count(context.get(),
                   QStringLiteral("email = 'alan@example.org' AND notes = '' AND vip = 1")),
             1);
    QCOMPARE(count(context.get(), QStringLiteral("notes = 'first programmer' OR city = 'x'")), 0);
}

void tst_BrowserImport::badValueImportsNothingAndNamesTheLine_data()
{
    QTest::addColumn<QByteArray>("line7");
    QTest::addColumn<QString>("expected");
    // line 7 of the file: the header is line 1, and line 2's record spans lines 2-3
    QTest::newRow("not a boolean")
        << QByteArray("Barbara Liskov,barbara@example.org,Boston,x,maybe,2020-05-06,LSP\r\n")
        << QStringLiteral("Line 7, column 5 (vip): \"maybe\" is not a boolean");
    QTest::newRow("not a date")
        << QByteArray("Barbara Liskov,barbara@example.org,Boston,x,true,2020-13-45,LSP\r\n")
        << QStringLiteral("Line 7, column 6 (joined): \"2020-13-45\" is not a date");
    QTest::newRow("NULL for NOT NULL")
        << QByteArray("Barbara Liskov,barbara@example.org,Boston,x,true,,LSP\r\n")
        << QStringLiteral("Line 7, column 6 (joined): \"\" is empty");
    QTest::newRow("unique email taken")
        << QByteArray("Barbara Liskov,ada@example.org,Boston,x,true,2020-05-06,LSP\r\n")
        << QStringLiteral("Lines 2–12: ");
}

void tst_BrowserImport::badValueImportsNothingAndNamesTheLine()
{
    QFETCH(QByteArray, line7);
    QFETCH(QString, expected);
    auto context = openDemo();
    QVERIFY(context);
    const int before = count(context.get());
    QList<QByteArray> lines = customersCsv.split('\n');
    // Barbara's record is the file's 7th line (Ada's notes hold a line break)
    QVERIFY(lines.at(6).startsWith("Barbara Liskov"));
    lines[6] = line7.chopped(1);
    const QString fileName = m_dir.filePath(QStringLiteral("bad.csv"));
    QVERIFY(writeFile(fileName, lines.join('\n')));

    Importer importer(context->database());
    ImportRequest request;
    request.entity = QStringLiteral("Customer");
    request.fileName = fileName;
    request.mapping = {
        QStringLiteral("name"), QStringLiteral("email"),  QStringLiteral("city"), QString(),
        QStringLiteral("vip"),  QStringLiteral("joined"), QStringLiteral("notes")};
    QSignalSpy finished(&importer, &Importer::finished);
    importer.start(request);
    QVERIFY(finished.wait(30'000));
    const QString message = finished.first().at(1).toString();
    QCOMPARE(finished.first().at(0).toBool(), false);
    QVERIFY2(message.startsWith(expected), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("Nothing was imported")), qPrintable(message));
    // Nothing: not even the six good rows before it
    QCOMPARE(count(context.get()), before);
    QCOMPARE(count(context.get(), QStringLiteral("email LIKE '%@example.org'")), 0);
}

void tst_BrowserImport::readOnlyDisablesImport()
{
    auto context = openDemo();
    QVERIFY(context);
    const QString fileName = m_dir.filePath(QStringLiteral("customers.csv"));
    QVERIFY(writeFile(fileName, customersCsv));
    context->setReadOnly(true);
    ImportDialog dialog(context.get(), QStringLiteral("Customer"));
    dialog.setFileName(fileName);
    QSignalSpy imported(&dialog, &ImportDialog::imported);
    dialog.startImport();
    QVERIFY(dialog.status().contains(QStringLiteral("read-only")));
    QTest::qWait(100);
    QVERIFY(imported.isEmpty());
    QCOMPARE(count(context.get(), QStringLiteral("email LIKE '%@example.org'")), 0);
}

void tst_BrowserImport::cancelImportsNothing()
{
    auto context = openDemo();
    QVERIFY(context);
    const int before = count(context.get());
    QByteArray csv = "name,email,city,vip,joined\n";
    for (int i = 0; i < 50'000; ++i)
        csv += QStringLiteral("Person %1,person%1@example.org,Town,false,2021-01-01\n")
                   .arg(i)
                   .toUtf8();
    const QString fileName = m_dir.filePath(QStringLiteral("many.csv"));
    QVERIFY(writeFile(fileName, csv));
    ImportDialog dialog(context.get(), QStringLiteral("Customer"));
    dialog.setFileName(fileName);
    QCOMPARE(dialog.mapping(),
             (QStringList{QStringLiteral("name"), QStringLiteral("email"), QStringLiteral("city"),
                          QStringLiteral("vip"), QStringLiteral("joined")}));
    QSignalSpy progress(dialog.importer(), &Importer::progress);
    QSignalSpy finished(dialog.importer(), &Importer::finished);
    dialog.startImport();
    QVERIFY(progress.wait(30'000));
    QVERIFY(progress.first().at(0).toLongLong() > 0);
    dialog.cancelImport();
    QVERIFY(finished.wait(30'000));
    QCOMPARE(finished.first().at(0).toBool(), false);
    QVERIFY2(dialog.status().startsWith(QStringLiteral("Cancelled")), qPrintable(dialog.status()));
    QCOMPARE(count(context.get()), before);
}

QTEST_MAIN(tst_BrowserImport)
#include "tst_browserimport.moc"
