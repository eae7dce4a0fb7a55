// Migrator on every backend: status / pending / upgrade / downgrade with targets, what
// quarry_migrations records, changed and missing files, irreversible migrations refused
// before anything runs, SQL printed without running, a failed downgrade step (resumed on
// MariaDB), and SQLite's table rebuild keeping foreign keys, AUTOINCREMENT, triggers and
// views.

#include "quarrytest.h"

#include <quarry/migrator.h>
#include <quarry/schema.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// Three small migrations: a table, a column, an sql step with its reverse.
bool writeBasicMigrations(const QString &directory)
{
    return writeFile(directory + QStringLiteral("/0001_create_notes.json"), R"json({
        "id": "0001_create_notes", "message": "notes",
        "operations": [{"op": "createTable", "table": "notes", "columns": [
            {"name": "id", "type": "int64", "primary_key": true, "auto_increment": true},
            {"name": "body", "type": "string"}]}]})json") &&
           writeFile(directory + QStringLiteral("/0002_add_pinned.json"), R"json({
        "message": "pinned",
        "operations": [{"op": "addColumn", "table": "notes",
                        "column": {"name": "pinned", "type": "bool", "default": false}}]})json") &&
           writeFile(directory + QStringLiteral("/0003_seed.json"), R"json({
        "message": "a first note",
        "operations": [{"op": "sql",
                        "sql": "INSERT INTO notes (body, pinned) VALUES ('hello', 1)",
                        "postgresql": "INSERT INTO notes (body, pinned) VALUES ('hello', TRUE)",
                        "reverse": {"sql": "DELETE FROM notes WHERE body = 'hello'"}}]})json");
}

QStringList states(Quarry::Migrator &migrator)
{
    QStringList result;
    for (const Quarry::MigrationStatus &status : migrator.status())
        result << status.id + QLatin1Char('=') + Quarry::MigrationStatus::stateName(status.state);
    return result;
}

qint64 count(Quarry::Database &db, const QString &sql)
{
    QSqlQuery query(db.connection());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

} // namespace

class tst_Migrator : public QObject
{
    Q_OBJECT

    static void backends()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }

private Q_SLOTS:
    void upgradesAndDowngradesToTargets_data() { backends(); }
    void upgradesAndDowngradesToTargets();
    void reportsChangedAndMissingFilesAndRefusesToRun_data() { backends(); }
    void reportsChangedAndMissingFilesAndRefusesToRun();
    void refusesAnIrreversibleDowngradeBeforeRunningAnything_data() { backends(); }
    void refusesAnIrreversibleDowngradeBeforeRunningAnything();
    void printsTheSqlWithoutRunningIt_data() { backends(); }
    void printsTheSqlWithoutRunningIt();
    void failedDowngradeStepLeavesAConsistentState_data() { backends(); }
    void failedDowngradeStepLeavesAConsistentState();
    void reportsMalformedFilesBeforeRunningAnything();
    void sqliteRebuildKeepsKeysSequenceTriggersAndViews();
};

void tst_Migrator::upgradesAndDowngradesToTargets()
{
    QUARRY_FRESH_URL(freshUrl);
    QTemporaryDir directory;
    QVERIFY(writeBasicMigrations(directory.path()));
    Quarry::Database db = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(db.isValid(), db);
    Quarry::Migrator migrator(db, directory.path());

    // Given nothing applied, everything is pending
    QCOMPARE(states(migrator), (QStringList{QStringLiteral("0001_create_notes=pending"),
                                            QStringLiteral("0002_add_pinned=pending"),
                                            QStringLiteral("0003_seed=pending")}));
    QCOMPARE(migrator.pending().size(), 3);

    // When upgrading to a target, then exactly the migrations up to it are recorded
    const QDateTime started = QDateTime::currentDateTimeUtc().addSecs(-1);
    QUARRY_VERIFY(migrator.upgrade(QStringLiteral("0002_add_pinned")), migrator);
    QCOMPARE(states(migrator), (QStringList{QStringLiteral("0001_create_notes=applied"),
                                            QStringLiteral("0002_add_pinned=applied"),
                                            QStringLiteral("0003_seed=pending")}));
    const Quarry::MigrationStatus first = migrator.status().first();
    QVERIFY(first.appliedAt >= started && first.appliedAt <= started.addSecs(60));
    QCOMPARE(first.appliedAt.timeSpec(), Qt::UTC);
    QSqlQuery query(db.connection());
    QVERIFY(query.exec(QStringLiteral("SELECT id, checksum FROM quarry_migrations ORDER BY id")));
    QVERIFY(query.next());
    QCOMPARE(query.value(1).toString(), migrator.migrations().first().checksum());
    QCOMPARE(query.value(1).toString().size(), 64); // SHA-256 in hex
    query.finish(); // an active statement would lock the table against the migrations

    QUARRY_VERIFY(migrator.upgrade(), migrator);
    QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM notes WHERE body = 'hello'")),
             1);
    QUARRY_VERIFY(migrator.upgrade(), migrator); // nothing to do
    QVERIFY(migrator.pending().isEmpty());

    // When downgrading to a target, then it stays applied and the newer ones are reverted
    QUARRY_VERIFY(migrator.downgrade(QStringLiteral("0001_create_notes")), migrator);
    QCOMPARE(states(migrator), (QStringList{QStringLiteral("0001_create_notes=applied"),
                                            QStringLiteral("0002_add_pinned=pending"),
                                            QStringLiteral("0003_seed=pending")}));
    QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM notes")), 0);
    QVERIFY(!db.schema().table(QStringLiteral("notes"))->column(QStringLiteral("pinned")));
    QVERIFY(!migrator.downgrade(QStringLiteral("0003_seed"))); // not applied
    QCOMPARE(migrator.lastError().kind(), Quarry::Error::InvalidQuery);
    QVERIFY(!migrator.upgrade(QStringLiteral("0009_nothing")));

    QUARRY_VERIFY(migrator.upgrade(), migrator);
    QUARRY_VERIFY(migrator.downgrade(Quarry::Migrator::zero()), migrator);
    QCOMPARE(migrator.pending().size(), 3);
    QVERIFY(!db.schema().table(QStringLiteral("notes")));
    QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM quarry_migrations")), 0);
}

void tst_Migrator::reportsChangedAndMissingFilesAndRefusesToRun()
{
    QUARRY_FRESH_URL(freshUrl);
    QTemporaryDir directory;
    QVERIFY(writeBasicMigrations(directory.path()));
    Quarry::Database db = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(db.isValid(), db);
    {
        Quarry::Migrator migrator(db, directory.path());
        QUARRY_VERIFY(migrator.upgrade(QStringLiteral("0002_add_pinned")), migrator);
    }

    // Given an applied file edited afterwards (even only its spacing)
    const QString changed = directory.path() + QStringLiteral("/0002_add_pinned.json");
    QFile file(changed);
    QVERIFY(file.open(QIODevice::Append));
    file.write("\n");
    file.close();
    Quarry::Migrator migrator(db, directory.path());

    // Then status says so, and neither upgrade nor downgrade runs anything
    QCOMPARE(states(migrator).at(1), QStringLiteral("0002_add_pinned=changed"));
    QVERIFY(migrator.status().at(1).describe().startsWith(QLatin1String("CHANGED")));
    QVERIFY(!migrator.upgrade());
    QCOMPARE(migrator.lastError().kind(), Quarry::Error::ValidationError);
    QVERIFY(migrator.lastError().message().contains(QLatin1String("0002_add_pinned was changed")));
    QVERIFY(!migrator.downgrade());
    QCOMPARE(migrator.lastError().kind(), Quarry::Error::ValidationError);
    QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM quarry_migrations")), 2);
    QVERIFY(db.schema().table(QStringLiteral("notes"))->column(QStringLiteral("pinned")));

    // Given an applied migration whose file is gone, status lists it as missing
    QVERIFY(QFile::remove(changed));
    Quarry::Migrator withoutFile(db, directory.path());
    QCOMPARE(states(withoutFile).at(1), QStringLiteral("0002_add_pinned=missing"));
    QVERIFY(!withoutFile.downgrade());
}

void tst_Migrator::refusesAnIrreversibleDowngradeBeforeRunningAnything()
{
    QUARRY_FRESH_URL(freshUrl);
    QTemporaryDir directory;
    QVERIFY(writeBasicMigrations(directory.path()));
    QVERIFY(writeFile(directory.path() + QStringLiteral("/0004_drop_body.json"), R"json({
        "operations": [{"op": "dropColumn", "table": "notes", "column": "body"}]})json"));
    Quarry::Database db = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(db.isValid(), db);
    Quarry::Migrator migrator(db, directory.path());
    QString reason;
    QVERIFY(!migrator.migrations().last().isReversible(&reason));
    QVERIFY2(reason.contains(QLatin1String("does not record the column")), qPrintable(reason));
    QUARRY_VERIFY(migrator.upgrade(), migrator);

    QVERIFY(!migrator.downgrade(Quarry::Migrator::zero()));
    QCOMPARE(migrator.lastError().kind(), Quarry::Error::Unsupported);
    QVERIFY2(migrator.lastError().message().contains(QLatin1String("0004_drop_body cannot be "
                                                                   "downgraded")),
             qPrintable(migrator.lastError().message()));
    QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM quarry_migrations")), 4);
    QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM notes")), 1);
}

void tst_Migrator::printsTheSqlWithoutRunningIt()
{
    QUARRY_FRESH_URL(freshUrl);
    QTemporaryDir directory;
    QVERIFY(writeBasicMigrations(directory.path()));
    Quarry::Database db = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(db.isValid(), db);
    Quarry::Migrator migrator(db, directory.path());

    const QStringList upgrade = migrator.upgradeSql();
    QUARRY_VERIFY(!upgrade.isEmpty(), migrator);
    const QString text = upgrade.join(QLatin1Char('\n'));
    QVERIFY2(text.contains(QLatin1String("CREATE TABLE IF NOT EXISTS ")) &&
                 text.contains(QLatin1String("quarry_migrations")) &&
                 text.contains(QLatin1String("-- upgrade 0003_seed")) &&
                 text.contains(QLatin1String("INSERT INTO notes (body, pinned)")),
             qPrintable(text));
    QVERIFY(db.schema().tables().isEmpty()); // nothing ran

    QUARRY_VERIFY(migrator.upgrade(), migrator);
    const QString downgrade = migrator.downgradeSql(Quarry::Migrator::zero()).join(QLatin1Char('\n'));
    QVERIFY2(downgrade.contains(QLatin1String("DELETE FROM notes WHERE body = 'hello'")) &&
                 downgrade.indexOf(QLatin1String("0003_seed")) <
                     downgrade.indexOf(QLatin1String("0001_create_notes")),
             qPrintable(downgrade));
    QVERIFY(migrator.pending().isEmpty()); // nothing ran
}

void tst_Migrator::failedDowngradeStepLeavesAConsistentState()
{
    QUARRY_FRESH_URL(freshUrl);
    QTemporaryDir directory;
    QVERIFY(writeBasicMigrations(directory.path()));
    // Reverting 0004 drops the column (step 1), then inserts into guard (step 2), which
    // fails while guard holds the row.
    QVERIFY(writeFile(directory.path() + QStringLiteral("/0004_guarded.json"), R"json({
        "operations": [
            {"op": "createTable", "table": "guard", "columns": [
                {"name": "id", "type": "int32", "primary_key": true}]},
            {"op": "sql", "sql": "INSERT INTO guard (id) VALUES (1)",
             "reverse": {"sql": "INSERT INTO guard (id) VALUES (1)"}},
            {"op": "addColumn", "table": "notes",
             "column": {"name": "color", "type": "string", "null": true}}]})json"));
    Quarry::Database db = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(db.isValid(), db);
    Quarry::Migrator migrator(db, directory.path());
    QUARRY_VERIFY(migrator.upgrade(), migrator);

    QVERIFY(!migrator.downgrade());
    QCOMPARE(migrator.lastError().kind(), Quarry::Error::UniqueViolation);
    // (SQLite drops a column by rebuilding the table: more statements, the same step)
    const QString message = migrator.lastError().message();
    QVERIFY2(message.startsWith(QLatin1String("downgrading 0004_guarded: step ")) &&
                 message.contains(QLatin1String(" (sql) failed")),
             qPrintable(message));
    const Quarry::MigrationStatus status = migrator.status().last();
    const bool hasColor =
        db.schema().table(QStringLiteral("notes"))->column(QStringLiteral("color")) != nullptr;
    if (db.backend() == Quarry::Database::Backend::MySQL) {
        QCOMPARE(status.state, Quarry::MigrationStatus::Reverting);
        QCOMPARE(status.stepsDone, 1);
        QCOMPARE(status.failedStep, QStringLiteral("sql"));
        QVERIFY(message.contains(QLatin1String("step 2 of 3")));
        QVERIFY(!hasColor);
        QVERIFY(!migrator.upgrade()); // finish the downgrade first
        QCOMPARE(migrator.lastError().kind(), Quarry::Error::ValidationError);
    } else {
        QCOMPARE(status.state, Quarry::MigrationStatus::Applied);
        QVERIFY(hasColor);
    }

    QUARRY_VERIFY(db.execute(QStringLiteral("DELETE FROM guard")), db);
    QUARRY_VERIFY(migrator.downgrade(), migrator);
    QCOMPARE(migrator.status().last().state, Quarry::MigrationStatus::Pending);
    QVERIFY(!db.schema().table(QStringLiteral("guard")));
}

void tst_Migrator::reportsMalformedFilesBeforeRunningAnything()
{
    struct Case {
        QByteArray json;
        QString message;
    };
    const QList<Case> cases = {
        {"{", QStringLiteral("not valid JSON")},
        {R"json({"operations": [], "extra": 1})json", QStringLiteral("unknown key 'extra'")},
        {R"json({"id": "0002_other", "operations": []})json", QStringLiteral("differs from the file name")},
        {R"json({"operations": [{"op": "dance"}]})json", QStringLiteral("operation 1: unknown operation")},
        {R"json({"operations": [{"op": "addColumn", "table": "t", "column": {"name": "c", "type": "text"}}]})json",
         QStringLiteral("type 'text' is not a Quarry storage name")},
        {R"json({"operations": [{"op": "addColumn", "table": "t", "column": {"name": "c", "type": "int32", "default": "x"}}]})json",
         QStringLiteral("default \"x\" is not a valid int32")},
        {R"json({"operations": [{"op": "addColumn", "table": "t", "column": {"name": "c", "type": "int32", "nul": true}}]})json",
         QStringLiteral("unknown column key 'nul'")},
        {R"json({"operations": [{"op": "renameColumn", "table": "t", "from": "a"}]})json",
         QStringLiteral("\"from\" and \"to\" are needed")},
    };
    for (const Case &testCase : cases) {
        QTemporaryDir directory;
        QVERIFY(writeFile(directory.path() + QStringLiteral("/0001_first.json"),
                          R"json({"operations": []})json"));
        QVERIFY(writeFile(directory.path() + QStringLiteral("/0002_bad.json"), testCase.json));
        Quarry::Database db = Quarry::Database::open(QStringLiteral("sqlite://"));
        Quarry::Migrator migrator(db, directory.path());
        QCOMPARE(migrator.lastError().kind(), Quarry::Error::InvalidQuery);
        QVERIFY2(migrator.lastError().message().contains(QLatin1String("0002_bad.json")) &&
                     migrator.lastError().message().contains(testCase.message),
                 qPrintable(migrator.lastError().message()));
        QVERIFY(!migrator.upgrade());
        QVERIFY(db.schema().tables().isEmpty());
    }
    Quarry::Migrator nowhere(Quarry::Database::open(QStringLiteral("sqlite://")),
                             QStringLiteral("/no/such/directory"));
    QVERIFY(nowhere.lastError().message().contains(QLatin1String("no such migrations directory")));
}

void tst_Migrator::sqliteRebuildKeepsKeysSequenceTriggersAndViews()
{
    QTemporaryDir directory;
    QVERIFY(writeFile(directory.path() + QStringLiteral("/0001_tables.json"), R"json({
        "operations": [
            {"op": "createTable", "table": "parents", "columns": [
                {"name": "id", "type": "int64", "primary_key": true, "auto_increment": true},
                {"name": "name", "type": "string", "unique": true},
                {"name": "old", "type": "int32", "null": true}]},
            {"op": "createTable", "table": "children", "columns": [
                {"name": "id", "type": "int64", "primary_key": true, "auto_increment": true},
                {"name": "parent_id", "type": "int64",
                 "references": {"table": "parents", "column": "id", "on_delete": "cascade"}}]},
            {"op": "sql", "sql": [
                "CREATE TABLE log (what TEXT)",
                "CREATE TRIGGER parents_log AFTER INSERT ON parents BEGIN INSERT INTO log VALUES (NEW.name); END",
                "CREATE VIEW parent_names AS SELECT name FROM parents"],
             "reverse": {"sql": ["DROP VIEW parent_names", "DROP TABLE log"]}}]})json"));
    QVERIFY(writeFile(directory.path() + QStringLiteral("/0002_drop_old.json"), R"json({
        "operations": [{"op": "dropColumn", "table": "parents",
                        "column": {"name": "old", "type": "int32", "null": true}}]})json"));
    Quarry::Database db = Quarry::Database::open(QuarryTest::freshUrl(QStringLiteral("sqlite://")));
    QUARRY_VERIFY(db.isValid(), db);
    Quarry::Migrator migrator(db, directory.path());
    QUARRY_VERIFY(migrator.upgrade(QStringLiteral("0001_tables")), migrator);
    QUARRY_VERIFY(db.execute(QStringLiteral("INSERT INTO parents (name) VALUES ('a'), ('b'), ('c')")), db);
    QUARRY_VERIFY(db.execute(QStringLiteral("DELETE FROM parents WHERE name = 'c'")), db); // id 3 is used
    QUARRY_VERIFY(db.execute(QStringLiteral("INSERT INTO children (parent_id) VALUES (1), (2)")), db);

    const QString sql = migrator.upgradeSql().join(QLatin1Char('\n'));
    QVERIFY2(sql.contains(QLatin1String("PRAGMA foreign_keys = OFF")) &&
                 sql.contains(QLatin1String("PRAGMA foreign_key_check")) &&
                 sql.contains(QLatin1String("CREATE TABLE \"quarry_new_parents\"")),
             qPrintable(sql));
    QUARRY_VERIFY(migrator.upgrade(), migrator);

    // The rows, the children's keys, the sequence, the trigger and the view survived
    QVERIFY(!db.schema().table(QStringLiteral("parents"))->column(QStringLiteral("old")));
    QCOMPARE(db.schema().table(QStringLiteral("parents"))->index(QStringLiteral("uq_parents_name"))
                 ->unique,
             true);
    QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM children")), 2);
    QUARRY_VERIFY(db.execute(QStringLiteral("INSERT INTO parents (name) VALUES ('d')")), db);
    QCOMPARE(count(db, QStringLiteral("SELECT id FROM parents WHERE name = 'd'")), 4);
    QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM log")), 4);
    QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM parent_names")), 3);
    QCOMPARE(count(db, QStringLiteral("PRAGMA foreign_keys")), 1);
    QUARRY_VERIFY(db.execute(QStringLiteral("DELETE FROM parents WHERE id = 1")), db);
    QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM children")), 1); // cascade works

    // A migration that rebuilds runs with foreign keys off: a row left without its parent
    // is found by the check before COMMIT, and all of it is rolled back
    QVERIFY(writeFile(directory.path() + QStringLiteral("/0003_break.json"), R"json({
        "operations": [
            {"op": "sql", "sql": "DELETE FROM parents WHERE id = 2"},
            {"op": "dropIndex", "table": "parents", "name": "uq_parents_name",
             "columns": ["name"], "unique": true}]})json"));
    Quarry::Migrator breaking(db, directory.path());
    QVERIFY(!breaking.upgrade());
    QCOMPARE(breaking.lastError().kind(), Quarry::Error::ForeignKeyViolation);
    QVERIFY2(breaking.lastError().message().contains(QLatin1String("a row of children")),
             qPrintable(breaking.lastError().message()));
    QVERIFY(db.schema().table(QStringLiteral("parents"))->index(QStringLiteral("uq_parents_name")));
    QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM parents WHERE id = 2")), 1);
    QCOMPARE(count(db, QStringLiteral("PRAGMA foreign_keys")), 1);
}

QTEST_GUILESS_MAIN(tst_Migrator)
#include "tst_migrator.moc"
