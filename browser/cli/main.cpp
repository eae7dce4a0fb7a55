// quarry: migrations, schema diff and schema dump from the command line.
//
//   quarry migrate status|upgrade [target]|downgrade [target]|autogenerate -m MESSAGE
//   quarry diff [--check]
//   quarry schema dump [--dialect sqlite|postgresql|mysql]
//
// with --url, --entities <plugin>, --migrations <dir or :/resource>, --sql, --help.

#include "command.h"

#include <QCoreApplication>

using namespace QuarryCli;

namespace {

const char overview[] =
    "Quarry's command-line tool: versioned migrations, the difference between an\n"
    "application's entities and a database, and the entities' schema as SQL.\n"
    "\n"
    "Commands:\n"
    "  migrate status                  every migration and where it stands\n"
    "  migrate upgrade [target]        apply pending migrations (up to target)\n"
    "  migrate downgrade [target]      revert the newest one (down to target; zero: all)\n"
    "  migrate autogenerate -m TEXT    write the next migration from the entities\n"
    "  diff [--check]                  how the database differs from the entities\n"
    "  schema dump [--dialect NAME]    CREATE statements of the entities\n"
    "Run 'quarry <command> --help' for a command's options.\n"
    "\n"
    "Exit codes:\n"
    "  0  success\n"
    "  1  usage error (unknown command or option, missing argument)\n"
    "  2  cannot open the database or load the entity plugin\n"
    "  3  a migration failed, or cannot run (invalid file, irreversible, refused)\n"
    "  4  a file of an applied migration was changed since it was applied\n"
    "  5  diff --check: the database differs from the entities";

int help()
{
    Command top(QStringLiteral("<command>"), QString::fromLatin1(overview));
    top.parser.addPositionalArgument(QStringLiteral("args"),
                                     QStringLiteral("The command's arguments and options."),
                                     QStringLiteral("[<args>]"));
    printOut(top.helpText());
    return Ok;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication application(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("quarry"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QUARRY_VERSION));
    const QStringList commandLine = QCoreApplication::arguments();
    const QStringList words = commandWords(commandLine);

    if (words.isEmpty()) {
        if (commandLine.contains(QStringLiteral("--version")) || commandLine.contains(QStringLiteral("-v"))) {
            printOut(QStringLiteral("quarry %1").arg(QCoreApplication::applicationVersion()));
            return Ok;
        }
        if (commandLine.contains(QStringLiteral("--help")) || commandLine.contains(QStringLiteral("-h")))
            return help();
        printError(QStringLiteral("no command given; see 'quarry --help'"));
        return UsageError;
    }
    const QString &command = words.first();
    if (command == QLatin1String("help"))
        return help();
    if (command == QLatin1String("migrate"))
        return migrateCommand(commandLine, words);
    if (command == QLatin1String("diff"))
        return diffCommand(commandLine);
    if (command == QLatin1String("schema"))
        return schemaCommand(commandLine, words);
    printError(QStringLiteral("unknown command '%1'; see 'quarry --help'").arg(command));
    return UsageError;
}
