// The migration panel: the status of a folder of migrations against the demo database,
// "Apply pending" after a confirmation (applied in the background), and read-only mode.

#include "browsertest.h"

#include "databasecontext.h"
#include "migrationpanel.h"

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTimer>
#include <QTreeWidget>

using namespace QuarryBrowser;
using namespace Qt::StringLiterals;

namespace {

// Two migrations in the format of docs/migrations.md: a table, then a column and an index.
bool writeMigrations(const QString &directory)
{
    const QList<QPair<QString, QByteArray>> files{
        {u"0001_create_notes.json"_s, R"({
    "id": "0001_create_notes",
    "message": "Customers get notes",
    "operations": [
        {"op": "createTable", "table": "customer_notes", "columns": [
            {"name": "id", "type": "int64", "primary_key": true, "auto_increment": true},
            {"name": "customerId", "type": "int64",
             "references": {"table": "customers", "column": "id", "on_delete": "cascade"}},
            {"name": "body", "type": "string", "max_length": 200}
        ]}
    ]
})"},
        {u"0002_note_priority.json"_s, R"({
    "id": "0002_note_priority",
    "message": "Notes have a priority",
    "operations": [
        {"op": "addColumn", "table": "customer_notes",
         "column": {"name": "priority", "type": "int32", "default": 0}},
        {"op": "createIndex", "table": "customer_notes", "columns": ["priority"], "unique": false}
    ]
})"},
    };
    for (const auto &[name, bytes] : files) {
        QFile file(directory + u'/' + name);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return false;
    }
    return true;
}

std::unique_ptr<DatabaseContext> openContext(const QString &migrations)
{
    ConnectionProfile profile;
    profile.url = BrowserTest::demoUrl(400);
    profile.migrations = migrations;
    QString error;
    auto context = DatabaseContext::open(profile, &error);
    if (!context)
        qWarning("cannot open the demo: %s", qPrintable(error));
    return context;
}

QStringList states(const MigrationPanel &panel)
{
    QStringList states;
    for (const Quarry::MigrationStatus &status : panel.status())
        states << status.id + u' ' + Quarry::MigrationStatus::stateName(status.state);
    return states;
}

QPushButton *applyButton(MigrationPanel &panel)
{
    return panel.findChild<QPushButton *>(u"applyButton"_s);
}

bool waitForStatus(MigrationPanel &panel)
{
    QSignalSpy loaded(&panel, &MigrationPanel::statusLoaded);
    return loaded.wait(20000);
}

} // namespace

class tst_BrowserMigrations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsPendingThenAppliesAfterConfirmation();
    void cancelledConfirmationAppliesNothing();
    void readOnlyDisablesApplying();
    void databaseWithoutMigrationsHasNone();
};

void tst_BrowserMigrations::showsPendingThenAppliesAfterConfirmation()
{
    QTemporaryDir folder;
    QVERIFY(writeMigrations(folder.path()));
    auto context = openContext(folder.path());
    QVERIFY(context);

    // Given the panel on a database that has none of the two migrations
    MigrationPanel panel(context.get());
    QVERIFY(waitForStatus(panel));
    QVERIFY(panel.hasMigrations());
    QCOMPARE(states(panel),
             (QStringList{u"0001_create_notes pending"_s, u"0002_note_priority pending"_s}));
    QCOMPARE(panel.pendingIds(), (QStringList{u"0001_create_notes"_s, u"0002_note_priority"_s}));
    QVERIFY(applyButton(panel)->isEnabled());
    QCOMPARE(panel.findChild<QTreeWidget *>(u"migrationsView"_s)->topLevelItemCount(), 2);
    panel.resize(720, 420);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    BrowserTest::screenshot(&panel, u"migration-panel-pending"_s);

    // When applying, and confirming
    QString question;
    QString details;
    panel.setConfirmation([&](const QString &text, const QString &sql, QWidget *) {
        question = text;
        details = sql;
        return true;
    });
    QSignalSpy applied(&panel, &MigrationPanel::migrationsApplied);
    QTest::mouseClick(applyButton(panel), Qt::LeftButton);

    // Then the question named how many, where and up to which; the details held the SQL
    QVERIFY2(question.contains(u"Apply 2 pending migrations to "_s), qPrintable(question));
    QVERIFY(question.contains(context->profile().displayUrl()));
    QVERIFY(question.contains(u"up to 0002_note_priority"_s));
    QVERIFY2(details.contains(u"CREATE TABLE"_s), qPrintable(details));
    // And the work runs in the background: the panel is busy, the UI answers
    QVERIFY(panel.isBusy());
    QVERIFY(!applyButton(panel)->isEnabled());
    QVERIFY(applied.wait(20000));
    QCOMPARE(applied.at(0).at(0).toBool(), true);
    QTRY_VERIFY_WITH_TIMEOUT(!panel.isBusy() && panel.pendingIds().isEmpty() &&
                                 states(panel).size() == 2 &&
                                 states(panel).at(1).endsWith(u"applied"_s),
                             20000);
    QCOMPARE(states(panel),
             (QStringList{u"0001_create_notes applied"_s, u"0002_note_priority applied"_s}));
    QVERIFY(!applyButton(panel)->isEnabled());
    for (const Quarry::MigrationStatus &status : panel.status())
        QVERIFY(status.appliedAt.isValid());

    // And the table is there, with the new column
    QSqlQuery query(context->database().connection());
    QVERIFY(query.exec(u"SELECT id, customerId, body, priority FROM customer_notes"_s));
    BrowserTest::screenshot(&panel, u"migration-panel-applied"_s);

    // And opened without the folder, the database still shows what it recorded
    ConnectionProfile withoutFolder;
    withoutFolder.url = context->profile().url;
    QString error;
    auto reopened = DatabaseContext::open(withoutFolder, &error);
    QVERIFY2(reopened, qPrintable(error));
    MigrationPanel recorded(reopened.get());
    QSignalSpy hasMigrations(&recorded, &MigrationPanel::hasMigrationsChanged);
    QVERIFY(waitForStatus(recorded));
    QVERIFY(recorded.hasMigrations());
    QCOMPARE(hasMigrations.size(), 1);
    QCOMPARE(states(recorded),
             (QStringList{u"0001_create_notes missing"_s, u"0002_note_priority missing"_s}));
    QVERIFY(!applyButton(recorded)->isEnabled());
}

void tst_BrowserMigrations::cancelledConfirmationAppliesNothing()
{
    QTemporaryDir folder;
    QVERIFY(writeMigrations(folder.path()));
    auto context = openContext(folder.path());
    QVERIFY(context);
    MigrationPanel panel(context.get());
    QVERIFY(waitForStatus(panel));
    panel.show();

    // When the real message box comes up, it names the count; Cancel it
    QString shown;
    QTimer closer;
    connect(&closer, &QTimer::timeout, this, [&] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            shown = box->text();
            box->button(QMessageBox::Cancel)->click();
        }
    });
    closer.start(20);
    panel.applyPending();
    closer.stop();

    // Then nothing ran
    QVERIFY2(shown.contains(u"Apply 2 pending migrations"_s), qPrintable(shown));
    QVERIFY(!panel.isBusy());
    QCOMPARE(panel.pendingIds().size(), 2);
    QSqlQuery query(context->database().connection());
    QVERIFY(!query.exec(u"SELECT id FROM customer_notes"_s));
}

void tst_BrowserMigrations::readOnlyDisablesApplying()
{
    QTemporaryDir folder;
    QVERIFY(writeMigrations(folder.path()));
    auto context = openContext(folder.path());
    QVERIFY(context);
    MigrationPanel panel(context.get());
    QVERIFY(waitForStatus(panel));
    QVERIFY(applyButton(panel)->isEnabled());

    // When the database becomes read-only, applying is off, even when asked directly
    context->setReadOnly(true);
    QVERIFY(!applyButton(panel)->isEnabled());
    QVERIFY(!panel.canApply());
    bool asked = false;
    panel.setConfirmation([&](const QString &, const QString &, QWidget *) {
        asked = true;
        return true;
    });
    panel.applyPending();
    QVERIFY(!asked);
    QVERIFY(!panel.isBusy());
    // And back on when read-only ends
    context->setReadOnly(false);
    QVERIFY(applyButton(panel)->isEnabled());
}

void tst_BrowserMigrations::databaseWithoutMigrationsHasNone()
{
    auto context = openContext(QString());
    QVERIFY(context);
    MigrationPanel panel(context.get());
    QVERIFY(waitForStatus(panel));
    QVERIFY(!panel.hasMigrations());
    QVERIFY(panel.status().isEmpty());
    QVERIFY(!applyButton(panel)->isEnabled());
}

QTEST_MAIN(tst_BrowserMigrations)
#include "tst_browsermigrations.moc"
