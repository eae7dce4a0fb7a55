// quarry migrate status | upgrade [target] | downgrade [target] | autogenerate -m TEXT

#include "command.h"

#include <quarry/migrator.h>
#include <quarry/schemadiff.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

namespace QuarryCli {

namespace {

const char statusHelp[] =
    "Lists every migration (files and recorded ones) and where it stands: pending, applied,\n"
    "CHANGED (the file differs from the one applied: exit code 4), PARTIAL or REVERTING\n"
    "(MariaDB/MySQL stopped at a failed step: exit code 3), or missing (no file).";
const char upgradeHelp[] =
    "Applies the pending migrations in id order, up to and including target (all without\n"
    "one). SQLite and PostgreSQL run each migration in one transaction; MariaDB/MySQL\n"
    "record each statement and resume at a failed one. Refuses (exit code 4) while a file\n"
    "of an applied migration has changed.";
const char downgradeHelp[] =
    "Reverts applied migrations, newest first: the newest one without target, those after\n"
    "target with one (target stays applied), all of them with 'zero'. Checks that each can\n"
    "be reversed before reverting any.";
const char autogenerateHelp[] =
    "Compares the entities of --entities with the database and writes the next migration\n"
    "(<number>_<message>.json) that makes them match, into --dir (default: --migrations).\n"
    "Renames cannot be guessed: declare them with --rename table.old=new (a column) or\n"
    "--rename old=new (a table). Tables no entity maps are dropped unless --keep-unmapped.\n"
    "Review the file before applying it.";

int exitCodeFor(const Quarry::Error &error)
{
    return error.kind() == Quarry::Error::ConnectionError ? ConnectionError : MigrationFailed;
}

void printStatements(const QStringList &statements)
{
    for (const QString &statement : statements)
        printOut(statement.startsWith(QLatin1String("--")) ? statement : statement + QLatin1Char(';'));
}

// Refuses (exit code 4) when a file of an applied migration changed.
std::optional<int> refuseChangedFiles(Command &command, Quarry::Migrator &migrator)
{
    QStringList changed;
    const QList<Quarry::MigrationStatus> statuses = migrator.status();
    if (migrator.lastError().isValid())
        return command.failure(exitCodeFor(migrator.lastError()), migrator.lastError().toString());
    for (const Quarry::MigrationStatus &status : statuses) {
        if (status.state == Quarry::MigrationStatus::Changed)
            changed << status.id;
    }
    if (changed.isEmpty())
        return std::nullopt;
    return command.failure(ChangedFile,
                           QStringLiteral("applied migration(s) changed since they were applied: "
                                          "%1; restore the file(s), or write a new migration")
                               .arg(changed.join(QLatin1String(", "))));
}

int status(Command &command, Quarry::Migrator &migrator)
{
    const QList<Quarry::MigrationStatus> statuses = migrator.status();
    if (migrator.lastError().isValid())
        return command.failure(exitCodeFor(migrator.lastError()), migrator.lastError().toString());
    int width = 0;
    for (const Quarry::MigrationStatus &status : statuses)
        width = qMax(width, int(status.id.size()));
    int code = Ok;
    int pending = 0;
    for (const Quarry::MigrationStatus &status : statuses) {
        printOut(QStringLiteral("%1  %2%3")
                     .arg(status.id.leftJustified(width), status.describe(),
                          status.message.isEmpty() ? QString()
                                                   : QStringLiteral("  -- ") + status.message));
        if (status.state == Quarry::MigrationStatus::Changed)
            code = ChangedFile;
        else if ((status.state == Quarry::MigrationStatus::Partial ||
                  status.state == Quarry::MigrationStatus::Reverting) && code == Ok)
            code = MigrationFailed;
        pending += status.state == Quarry::MigrationStatus::Pending;
    }
    printOut(QStringLiteral("%1 migration(s), %2 pending").arg(statuses.size()).arg(pending));
    return code;
}

int run(Command &command, Quarry::Migrator &migrator, bool upgrade)
{
    const QString target = command.positionals().value(0);
    if (const auto refused = refuseChangedFiles(command, migrator))
        return *refused;
    if (command.printSqlOnly()) {
        const QStringList sql = upgrade ? migrator.upgradeSql(target) : migrator.downgradeSql(target);
        if (migrator.lastError().isValid())
            return command.failure(exitCodeFor(migrator.lastError()), migrator.lastError().toString());
        printStatements(sql.isEmpty() ? QStringList{QStringLiteral("-- nothing to run")} : sql);
        return Ok;
    }
    bool ran = false;
    migrator.setProgressHandler([&ran](const QString &line) {
        ran = true;
        printOut(line);
    });
    const bool ok = upgrade ? migrator.upgrade(target) : migrator.downgrade(target);
    if (!ok)
        return command.failure(exitCodeFor(migrator.lastError()), migrator.lastError().toString());
    if (!ran)
        printOut(upgrade ? QStringLiteral("Nothing to upgrade: the database is up to date.")
                         : QStringLiteral("Nothing to downgrade."));
    return Ok;
}

int autogenerate(Command &command, Quarry::Migrator &migrator, const QString &directory)
{
    const QString message = command.parser.value(QStringLiteral("message"));
    Quarry::SchemaDiff::Options options;
    options.renames = command.parser.values(QStringLiteral("rename"));
    options.dropUnmappedTables = !command.parser.isSet(QStringLiteral("keep-unmapped"));
    const Quarry::Migration migration = migrator.autogenerate(message, options);
    if (!migration.isValid())
        return command.failure(exitCodeFor(migrator.lastError()), migrator.lastError().toString());
    if (migration.operations().isEmpty()) {
        printOut(QStringLiteral("No changes: the database matches the entities."));
        return Ok;
    }
    for (const QString &change :
         Quarry::SchemaDiff::compare(command.database(), options).descriptions())
        printOut(QStringLiteral("  - ") + change);
    if (command.printSqlOnly()) {
        // The new migration among copies of the others: only it is pending.
        QTemporaryDir scratch;
        for (const Quarry::Migration &existing : migrator.migrations()) {
            QFile file(scratch.filePath(existing.id() + QLatin1String(".json")));
            if (!file.open(QIODevice::WriteOnly) || file.write(existing.bytes()) < 0)
                return command.failure(MigrationFailed, file.errorString());
        }
        Quarry::Migrator preview(command.database(), scratch.path());
        if (!preview.save(migration))
            return command.failure(MigrationFailed, preview.lastError().toString());
        const QStringList sql = preview.upgradeSql();
        if (preview.lastError().isValid())
            return command.failure(exitCodeFor(preview.lastError()), preview.lastError().toString());
        printStatements(sql);
        return Ok;
    }
    QString fileName;
    if (!migrator.save(migration, directory, &fileName))
        return command.failure(MigrationFailed, migrator.lastError().toString());
    printOut(QStringLiteral("Wrote %1").arg(QDir::current().relativeFilePath(fileName)));
    return Ok;
}

} // namespace

int migrateCommand(const QStringList &commandLine, const QStringList &words)
{
    const QString action = words.value(1);
    static const QStringList actions = {QStringLiteral("status"), QStringLiteral("upgrade"),
                                        QStringLiteral("downgrade"), QStringLiteral("autogenerate")};
    if (!actions.contains(action)) {
        Command migrate(QStringLiteral("migrate"),
                        QStringLiteral("Versioned migrations. Run 'quarry migrate <command> --help'."));
        migrate.parser.addPositionalArgument(
            QStringLiteral("command"), QStringLiteral("status, upgrade, downgrade or autogenerate."),
            QStringLiteral("<command>"));
        if (const auto exit = migrate.parse(commandLine, 1); exit && *exit == Ok)
            return Ok;
        return migrate.usageError(action.isEmpty()
                                      ? QStringLiteral("migrate needs a command: status, upgrade, "
                                                       "downgrade or autogenerate")
                                      : QStringLiteral("unknown migrate command '%1'").arg(action));
    }
    const bool generate = action == QLatin1String("autogenerate");
    const char *help = action == QLatin1String("status")    ? statusHelp
                       : action == QLatin1String("upgrade") ? upgradeHelp
                       : generate                            ? autogenerateHelp
                                                             : downgradeHelp;
    const bool takesTarget = action == QLatin1String("upgrade") || action == QLatin1String("downgrade");
    Command command(QStringLiteral("migrate ") + action, QString::fromLatin1(help));
    if (takesTarget)
        command.parser.addPositionalArgument(
            QStringLiteral("target"),
            action == QLatin1String("upgrade")
                ? QStringLiteral("The last migration to apply (default: all).")
                : QStringLiteral("The migration that stays applied; zero reverts all (default: "
                                 "only the newest is reverted)."),
            QStringLiteral("[target]"));
    if (generate) {
        command.parser.addOptions({
            {{QStringLiteral("m"), QStringLiteral("message")},
             QStringLiteral("What the migration does (also names the file)."),
             QStringLiteral("text")},
            {QStringLiteral("dir"),
             QStringLiteral("Where to write the file (default: --migrations)."),
             QStringLiteral("directory")},
            {QStringLiteral("rename"),
             QStringLiteral("A rename the diff cannot guess: table.old=new or old=new (repeat "
                            "for several)."),
             QStringLiteral("rename")},
            {QStringLiteral("keep-unmapped"),
             QStringLiteral("Leave tables that no entity maps alone (default: drop them).")},
        });
    }
    if (const auto exit = command.parse(commandLine, takesTarget ? 1 : 0))
        return *exit;
    if (generate && command.parser.value(QStringLiteral("message")).trimmed().isEmpty())
        return command.usageError(QStringLiteral("autogenerate needs -m \"what the migration does\""));
    if (const auto exit = command.open(true, generate))
        return *exit;

    QString path = command.migrationsPath();
    const QString directory = generate ? command.parser.value(QStringLiteral("dir")) : QString();
    if (path.isEmpty())
        path = directory;
    if (path.isEmpty())
        return command.usageError(QStringLiteral("no migrations: give --migrations <directory> "
                                                 "(or an --entities plugin that has them)"));
    if (generate && directory.isEmpty() && path.startsWith(QLatin1Char(':')))
        return command.usageError(QStringLiteral("the migrations are the resource %1: give --dir "
                                                 "to write the new one to")
                                      .arg(path));
    if (generate && !path.startsWith(QLatin1Char(':')))
        QDir().mkpath(path); // the first migration of a project
    Quarry::Migrator migrator(command.database(), path);
    if (migrator.lastError().isValid())
        return command.failure(MigrationFailed, migrator.lastError().toString());
    if (generate)
        return autogenerate(command, migrator, directory);
    if (action == QLatin1String("status"))
        return status(command, migrator);
    return run(command, migrator, action == QLatin1String("upgrade"));
}

} // namespace QuarryCli
