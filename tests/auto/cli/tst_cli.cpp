// The quarry CLI as a script sees it: --help for every command, the documented exit codes
// (0 ok, 1 usage, 2 connection/plugin, 3 migration failed, 4 changed applied file, 5 diff
// not empty with --check), --sql printing without running, and, on every backend, the
// example plugin's migrations applied and reverted, and autogenerate on changed entities
// producing a migration after which the diff is empty.

#include "quarrytest.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
    QString describe() const
    {
        return QStringLiteral("exit %1\n--- stdout\n%2--- stderr\n%3").arg(exitCode).arg(out, err);
    }
};

Run quarry(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("QUARRY_URL"));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(QUARRY_CLI), arguments);
    Run run;
    if (!process.waitForFinished(60000)) {
        run.err = process.errorString();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

bool copyExampleMigrations(const QString &directory)
{
    const QDir source(QStringLiteral(EXAMPLE_MIGRATIONS));
    for (const QString &name : source.entryList({QStringLiteral("*.json")}, QDir::Files)) {
        if (!QFile::copy(source.filePath(name), directory + QLatin1Char('/') + name))
            return false;
    }
    return true;
}

const QString plugin = QStringLiteral(ENTITIES_PLUGIN);
const QString changedPlugin = QStringLiteral(CHANGED_PLUGIN);

} // namespace

#define EXPECT_EXIT(run, code)                                                                \
    do {                                                                                      \
        const Run result_ = (run);                                                            \
        QVERIFY2(result_.exitCode == (code), qPrintable(result_.describe()));                 \
    } while (false)

class tst_Cli : public QObject
{
    Q_OBJECT

    static void backends()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }

private Q_SLOTS:
    void printsHelpForEveryCommand_data();
    void printsHelpForEveryCommand();
    void exitsWithOneOnUsageErrors_data();
    void exitsWithOneOnUsageErrors();
    void exitsWithTwoWhenThePluginOrDatabaseCannotBeOpened_data();
    void exitsWithTwoWhenThePluginOrDatabaseCannotBeOpened();
    void dumpsTheSchemaForEachDialect();
    void appliesAndRevertsThePluginsMigrations_data() { backends(); }
    void appliesAndRevertsThePluginsMigrations();
    void autogenerateMakesTheDiffEmpty_data() { backends(); }
    void autogenerateMakesTheDiffEmpty();
    void exitsWithFourWhenAnAppliedFileChanged_data() { backends(); }
    void exitsWithFourWhenAnAppliedFileChanged();
    void exitsWithThreeWhenAMigrationFails_data() { backends(); }
    void exitsWithThreeWhenAMigrationFails();
};

void tst_Cli::printsHelpForEveryCommand_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("usage");
    QTest::newRow("quarry") << QStringList{QStringLiteral("--help")}
                            << QStringLiteral("Usage: quarry [options] <command> [<args>]");
    QTest::newRow("migrate") << QStringList{QStringLiteral("migrate"), QStringLiteral("--help")}
                             << QStringLiteral("Usage: quarry [options] migrate <command>");
    for (const char *command : {"status", "upgrade", "downgrade", "autogenerate"}) {
        const QString words = QStringLiteral("migrate ") + QLatin1String(command);
        QTest::newRow(qPrintable(words))
            << QStringList{QStringLiteral("migrate"), QLatin1String(command), QStringLiteral("-h")}
            << QStringLiteral("Usage: quarry [options] ") + words;
    }
    QTest::newRow("diff") << QStringList{QStringLiteral("diff"), QStringLiteral("--help")}
                          << QStringLiteral("Usage: quarry [options] diff");
    QTest::newRow("schema dump") << QStringList{QStringLiteral("schema"), QStringLiteral("dump"),
                                                QStringLiteral("--help")}
                                 << QStringLiteral("Usage: quarry [options] schema dump");
}

void tst_Cli::printsHelpForEveryCommand()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, usage);
    const Run run = quarry(arguments);
    QVERIFY2(run.exitCode == 0 && run.out.startsWith(usage) && run.out.contains(QLatin1String("--url")),
             qPrintable(run.describe()));
    if (arguments.size() == 1)
        QVERIFY(run.out.contains(QLatin1String("5  diff --check: the database differs")));
}

void tst_Cli::exitsWithOneOnUsageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    auto row = [](const char *name, const QStringList &arguments, const char *message) {
        QTest::newRow(name) << arguments << QString::fromUtf8(message);
    };
    row("no command", {}, "no command given");
    row("unknown command", {QStringLiteral("fly")}, "unknown command 'fly'");
    row("migrate alone", {QStringLiteral("migrate")}, "migrate needs a command");
    row("unknown migrate command", {QStringLiteral("migrate"), QStringLiteral("sideways")},
        "unknown migrate command 'sideways'");
    row("unknown option", {QStringLiteral("diff"), QStringLiteral("--colour")},
        "Unknown option 'colour'");
    row("no url", {QStringLiteral("migrate"), QStringLiteral("status")}, "no database: give --url");
    row("no entities", {QStringLiteral("diff"), QStringLiteral("--url"), QStringLiteral("sqlite://")},
        "no entities: give --entities");
    row("no message",
        {QStringLiteral("migrate"), QStringLiteral("autogenerate"), QStringLiteral("--url"),
         QStringLiteral("sqlite://"), QStringLiteral("--entities"), plugin},
        "autogenerate needs -m");
    row("too many targets",
        {QStringLiteral("migrate"), QStringLiteral("upgrade"), QStringLiteral("a"), QStringLiteral("b")},
        "unexpected argument 'b'");
    row("unknown dialect",
        {QStringLiteral("schema"), QStringLiteral("dump"), QStringLiteral("--dialect"),
         QStringLiteral("oracle"), QStringLiteral("--entities"), plugin},
        "unknown dialect 'oracle'");
    row("no migrations",
        {QStringLiteral("migrate"), QStringLiteral("status"), QStringLiteral("--url"),
         QStringLiteral("sqlite://")},
        "no migrations: give --migrations");
}

void tst_Cli::exitsWithOneOnUsageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run run = quarry(arguments);
    QVERIFY2(run.exitCode == 1 && run.err.contains(message), qPrintable(run.describe()));
}

void tst_Cli::exitsWithTwoWhenThePluginOrDatabaseCannotBeOpened_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QStringList diff{QStringLiteral("diff"), QStringLiteral("--url"), QStringLiteral("sqlite://"),
                           QStringLiteral("--entities")};
    QTest::newRow("no such plugin") << diff + QStringList{QStringLiteral("/no/such/plugin.so")}
                                    << QStringLiteral("/no/such/plugin.so: no such file");
    QTest::newRow("not a plugin") << diff + QStringList{QStringLiteral(EXAMPLE_MIGRATIONS "/0001_create_library.json")}
                                  << QStringLiteral("is not a Qt plugin that can be loaded");
    QTest::newRow("another kind of plugin")
        << diff + QStringList{QStringLiteral(OTHER_PLUGIN)}
        << QStringLiteral("is a Qt plugin but not a Quarry entity plugin (its IID is "
                          "'org.example.SomethingElse/1.0', expected 'org.quarry.EntityPlugin/1.0')");
    QTest::newRow("unreachable server")
        << QStringList{QStringLiteral("diff"), QStringLiteral("--entities"), plugin, QStringLiteral("--url"),
                       QStringLiteral("postgresql://nobody@127.0.0.1:1/nothing?connect_timeout=2")}
        << QStringLiteral("cannot open postgresql://nobody@127.0.0.1:1/nothing");
    QTest::newRow("unknown scheme")
        << QStringList{QStringLiteral("diff"), QStringLiteral("--entities"), plugin, QStringLiteral("--url"),
                       QStringLiteral("oracle://scott:tiger@host/db")}
        << QStringLiteral("oracle://scott@host/db: unknown scheme 'oracle'");
}

void tst_Cli::exitsWithTwoWhenThePluginOrDatabaseCannotBeOpened()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run run = quarry(arguments);
    QVERIFY2(run.exitCode == 2 && run.err.contains(message), qPrintable(run.describe()));
}

void tst_Cli::dumpsTheSchemaForEachDialect()
{
    const QStringList dump{QStringLiteral("schema"), QStringLiteral("dump"), QStringLiteral("--entities"),
                           plugin, QStringLiteral("--dialect")};
    const Run sqlite = quarry(dump + QStringList{QStringLiteral("sqlite")});
    QVERIFY2(sqlite.exitCode == 0 &&
                 sqlite.out.startsWith(QLatin1String(
                     R"(CREATE TABLE IF NOT EXISTS "authors" ("id" INTEGER PRIMARY KEY AUTOINCREMENT)")),
             qPrintable(sqlite.describe()));
    const Run postgresql = quarry(dump + QStringList{QStringLiteral("postgresql")});
    QVERIFY2(postgresql.out.contains(QLatin1String("\"id\" BIGINT GENERATED BY DEFAULT AS IDENTITY")) &&
                 postgresql.out.contains(QLatin1String("CREATE INDEX IF NOT EXISTS \"ix_books_title\"")),
             qPrintable(postgresql.describe()));
    const Run mysql = quarry(dump + QStringList{QStringLiteral("mysql")});
    QVERIFY2(mysql.out.contains(QLatin1String("ENGINE=InnoDB")) && mysql.out.count(QLatin1Char(';')) == 3,
             qPrintable(mysql.describe()));
}

void tst_Cli::appliesAndRevertsThePluginsMigrations()
{
    QUARRY_FRESH_URL(databaseUrl);
    const QStringList connection{QStringLiteral("--url"), databaseUrl, QStringLiteral("--entities"), plugin};
    auto run = [&](QStringList arguments) { return quarry(arguments << connection); };

    Run status = run({QStringLiteral("migrate"), QStringLiteral("status")});
    QVERIFY2(status.exitCode == 0 && status.out.contains(QLatin1String("0001_create_library  pending")),
             qPrintable(status.describe()));
    EXPECT_EXIT(run({QStringLiteral("diff"), QStringLiteral("--check")}), 5);

    // --sql prints the plugin's migration (compiled in as a resource) and runs nothing
    const Run sql = run({QStringLiteral("migrate"), QStringLiteral("upgrade"), QStringLiteral("--sql")});
    QVERIFY2(sql.exitCode == 0 && sql.out.contains(QLatin1String("-- upgrade 0001_create_library")) &&
                 sql.out.contains(QLatin1String("CREATE TABLE ")),
             qPrintable(sql.describe()));
    QVERIFY(run({QStringLiteral("migrate"), QStringLiteral("status")}).out.contains(QLatin1String("pending")));

    const Run upgrade = run({QStringLiteral("migrate"), QStringLiteral("upgrade")});
    QVERIFY2(upgrade.exitCode == 0 && upgrade.out.contains(QLatin1String("upgraded 0001_create_library")),
             qPrintable(upgrade.describe()));
    status = run({QStringLiteral("migrate"), QStringLiteral("status")});
    QVERIFY2(status.out.contains(QLatin1String("0001_create_library  applied ")) &&
                 status.out.contains(QLatin1String("0 pending")),
             qPrintable(status.describe()));
    // The plugin's migration creates exactly its entities' schema
    const Run diff = run({QStringLiteral("diff"), QStringLiteral("--check")});
    QVERIFY2(diff.exitCode == 0 && diff.out.contains(QLatin1String("No differences")),
             qPrintable(diff.describe()));
    QVERIFY(run({QStringLiteral("migrate"), QStringLiteral("upgrade")})
                .out.contains(QLatin1String("Nothing to upgrade")));

    const Run downgradeSql = run({QStringLiteral("migrate"), QStringLiteral("downgrade"), QStringLiteral("--sql")});
    QVERIFY2(downgradeSql.exitCode == 0 && downgradeSql.out.contains(QLatin1String("DROP TABLE ")),
             qPrintable(downgradeSql.describe()));
    EXPECT_EXIT(run({QStringLiteral("migrate"), QStringLiteral("downgrade"), QStringLiteral("zero")}), 0);
    QVERIFY(run({QStringLiteral("migrate"), QStringLiteral("status")}).out.contains(QLatin1String("1 pending")));
}

void tst_Cli::autogenerateMakesTheDiffEmpty()
{
    QUARRY_FRESH_URL(databaseUrl);
    QTemporaryDir directory;
    QVERIFY(copyExampleMigrations(directory.path()));
    const QStringList base{QStringLiteral("--url"), databaseUrl, QStringLiteral("--migrations"), directory.path()};
    const QStringList changed = base + QStringList{QStringLiteral("--entities"), changedPlugin};
    EXPECT_EXIT(quarry(QStringList{QStringLiteral("migrate"), QStringLiteral("upgrade"),
                                   QStringLiteral("--entities"), plugin} + base),
                0);

    // Given changed entities, the diff is not empty
    const Run before = quarry(QStringList{QStringLiteral("diff"), QStringLiteral("--check"),
                                          QStringLiteral("--rename"), QStringLiteral("books.pages=page_count")} +
                              changed);
    QVERIFY2(before.exitCode == 5 && before.out.contains(QLatin1String("rename column books.pages to page_count")) &&
                 before.out.contains(QLatin1String("drop column authors.born")),
             qPrintable(before.describe()));

    const Run sql = quarry(QStringList{QStringLiteral("diff"), QStringLiteral("--sql"),
                                       QStringLiteral("--rename"), QStringLiteral("books.pages=page_count")} +
                           changed);
    QVERIFY2(sql.exitCode == 0 && sql.out.contains(QLatin1String("RENAME COLUMN ")) &&
                 sql.out.contains(QLatin1String("\"email\"")) == !databaseUrl.startsWith(QLatin1String("mysql")),
             qPrintable(sql.describe()));

    // When autogenerate writes the next migration (with the rename declared)
    const QStringList autogenerate{QStringLiteral("migrate"), QStringLiteral("autogenerate"),
                                   QStringLiteral("-m"), QStringLiteral("Authors' email, page count"),
                                   QStringLiteral("--rename"), QStringLiteral("books.pages=page_count")};
    const Run preview = quarry(autogenerate + changed + QStringList{QStringLiteral("--sql")});
    QVERIFY2(preview.exitCode == 0 && preview.out.contains(QLatin1String("-- upgrade 0002_authors_email_page_count")),
             qPrintable(preview.describe()));
    QCOMPARE(QDir(directory.path()).entryList(QDir::Files).size(), 1); // --sql wrote nothing
    const Run written = quarry(autogenerate + changed);
    QVERIFY2(written.exitCode == 0 && written.out.contains(QLatin1String("0002_authors_email_page_count.json")),
             qPrintable(written.describe()));
    QVERIFY(QFile::exists(directory.filePath(QStringLiteral("0002_authors_email_page_count.json"))));

    // Then applying it makes the diff empty, and nothing is left to generate
    EXPECT_EXIT(quarry(QStringList{QStringLiteral("migrate"), QStringLiteral("upgrade")} + changed), 0);
    const Run after = quarry(QStringList{QStringLiteral("diff"), QStringLiteral("--check")} + changed);
    QVERIFY2(after.exitCode == 0 && after.out.contains(QLatin1String("No differences")),
             qPrintable(after.describe()));
    const Run again = quarry(QStringList{QStringLiteral("migrate"), QStringLiteral("autogenerate"),
                                         QStringLiteral("-m"), QStringLiteral("again")} + changed);
    QVERIFY2(again.exitCode == 0 && again.out.contains(QLatin1String("No changes")), qPrintable(again.describe()));

    // And downgrading it brings the original entities' schema back
    EXPECT_EXIT(quarry(QStringList{QStringLiteral("migrate"), QStringLiteral("downgrade")} + changed), 0);
    EXPECT_EXIT(quarry(QStringList{QStringLiteral("diff"), QStringLiteral("--check"),
                                   QStringLiteral("--entities"), plugin} + base),
                0);
}

void tst_Cli::exitsWithFourWhenAnAppliedFileChanged()
{
    QUARRY_FRESH_URL(databaseUrl);
    QTemporaryDir directory;
    QVERIFY(copyExampleMigrations(directory.path()));
    const QStringList connection{QStringLiteral("--url"), databaseUrl, QStringLiteral("--migrations"), directory.path()};
    EXPECT_EXIT(quarry(QStringList{QStringLiteral("migrate"), QStringLiteral("upgrade")} + connection), 0);
    QFile file(directory.filePath(QStringLiteral("0001_create_library.json")));
    QVERIFY(file.open(QIODevice::Append));
    file.write("\n");
    file.close();

    const Run status = quarry(QStringList{QStringLiteral("migrate"), QStringLiteral("status")} + connection);
    QVERIFY2(status.exitCode == 4 && status.out.contains(QLatin1String("CHANGED since it was applied")),
             qPrintable(status.describe()));
    for (const char *command : {"upgrade", "downgrade"}) {
        const Run run = quarry(QStringList{QStringLiteral("migrate"), QLatin1String(command)} + connection);
        QVERIFY2(run.exitCode == 4 && run.err.contains(QLatin1String("0001_create_library")),
                 qPrintable(run.describe()));
    }
}

void tst_Cli::exitsWithThreeWhenAMigrationFails()
{
    QUARRY_FRESH_URL(databaseUrl);
    QTemporaryDir directory;
    QVERIFY(copyExampleMigrations(directory.path()));
    QFile broken(directory.filePath(QStringLiteral("0002_broken.json")));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write(R"json({"operations": [
        {"op": "addColumn", "table": "books", "column": {"name": "isbn", "type": "string", "null": true}},
        {"op": "sql", "sql": "INSERT INTO no_such_table VALUES (1)"}]})json");
    broken.close();
    const QStringList connection{QStringLiteral("--url"), databaseUrl, QStringLiteral("--migrations"), directory.path()};
    const Run upgrade = quarry(QStringList{QStringLiteral("migrate"), QStringLiteral("upgrade")} + connection);
    QVERIFY2(upgrade.exitCode == 3 && upgrade.out.contains(QLatin1String("upgraded 0001_create_library")) &&
                 upgrade.err.contains(QLatin1String("upgrading 0002_broken: step 2 of 2 (sql) failed")),
             qPrintable(upgrade.describe()));
    const Run status = quarry(QStringList{QStringLiteral("migrate"), QStringLiteral("status")} + connection);
    if (databaseUrl.startsWith(QLatin1String("mysql"))) // MariaDB: stopped at step 2, resumes there
        QVERIFY2(status.exitCode == 3 && status.out.contains(QLatin1String("PARTIAL (upgrade resumes): stopped at step 2 of 2 (sql)")),
                 qPrintable(status.describe()));
    else // rolled back
        QVERIFY2(status.exitCode == 0 && status.out.contains(QLatin1String("0002_broken          pending")),
                 qPrintable(status.describe()));
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
