// quarry schema dump [--dialect sqlite|postgresql|mysql]

#include "command.h"

#include <quarry/schemadiff.h>

namespace QuarryCli {

int schemaCommand(const QStringList &commandLine, const QStringList &words)
{
    if (words.value(1) != QLatin1String("dump")) {
        Command schema(QStringLiteral("schema"),
                       QStringLiteral("The entities' schema. Run 'quarry schema dump --help'."));
        schema.parser.addPositionalArgument(QStringLiteral("dump"),
                                            QStringLiteral("Print the CREATE statements."));
        if (const auto exit = schema.parse(commandLine, 1); exit && *exit == Ok)
            return Ok;
        return schema.usageError(words.size() < 2
                                     ? QStringLiteral("schema needs a command: dump")
                                     : QStringLiteral("unknown schema command '%1'").arg(words.at(1)));
    }
    Command command(QStringLiteral("schema dump"),
                    QStringLiteral("Prints the CREATE statements createAll() runs for the entities\n"
                                   "of --entities, for --dialect (default: the backend of --url).\n"
                                   "Needs no database when --dialect is given."));
    command.parser.addOption({QStringLiteral("dialect"),
                              QStringLiteral("sqlite, postgresql or mysql (mariadb)."),
                              QStringLiteral("name")});
    if (const auto exit = command.parse(commandLine, 0))
        return *exit;
    const QString dialect = command.parser.value(QStringLiteral("dialect")).toLower();
    Quarry::Database::Backend backend = Quarry::Database::Backend::Invalid;
    if (dialect == QLatin1String("sqlite"))
        backend = Quarry::Database::Backend::SQLite;
    else if (dialect == QLatin1String("postgresql") || dialect == QLatin1String("postgres"))
        backend = Quarry::Database::Backend::PostgreSQL;
    else if (dialect == QLatin1String("mysql") || dialect == QLatin1String("mariadb"))
        backend = Quarry::Database::Backend::MySQL;
    else if (!dialect.isEmpty())
        return command.usageError(QStringLiteral("unknown dialect '%1': sqlite, postgresql or mysql")
                                      .arg(dialect));
    const bool hasUrl = command.parser.isSet(QStringLiteral("url")) ||
                        !qEnvironmentVariableIsEmpty("QUARRY_URL");
    if (backend == Quarry::Database::Backend::Invalid && !hasUrl)
        return command.usageError(QStringLiteral("give --dialect (or --url to use its backend)"));
    if (const auto exit = command.open(false, true))
        return *exit;
    if (backend == Quarry::Database::Backend::Invalid)
        backend = command.database().backend();
    Quarry::Error error;
    const QStringList statements =
        Quarry::SchemaDiff::createStatements(command.database(), backend, &error);
    if (error.isValid())
        return command.failure(MigrationFailed, error.toString());
    for (const QString &statement : statements)
        printOut(statement + QLatin1Char(';'));
    return Ok;
}

} // namespace QuarryCli
