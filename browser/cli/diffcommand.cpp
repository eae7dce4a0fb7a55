// quarry diff [--check] [--rename table.old=new] [--sql]

#include "command.h"

#include <quarry/schemadiff.h>

namespace QuarryCli {

int diffCommand(const QStringList &commandLine)
{
    Command command(QStringLiteral("diff"),
                    QStringLiteral(
                        "Compares the entities of --entities with the database of --url:\n"
                        "tables, columns (type, nullability, default), unique constraints,\n"
                        "indexes and foreign keys. With --sql, prints the statements that would\n"
                        "make the database match (quarry migrate autogenerate writes them as a\n"
                        "migration). With --check, exits with 5 when there is a difference."));
    command.parser.addOptions({
        {QStringLiteral("check"), QStringLiteral("Exit with code 5 when the database differs.")},
        {QStringLiteral("rename"),
         QStringLiteral("A rename the diff cannot guess: table.old=new or old=new."),
         QStringLiteral("rename")},
        {QStringLiteral("keep-unmapped"),
         QStringLiteral("Leave tables that no entity maps out of the comparison.")},
    });
    if (const auto exit = command.parse(commandLine, 0))
        return *exit;
    if (const auto exit = command.open(true, true))
        return *exit;
    Quarry::SchemaDiff::Options options;
    options.renames = command.parser.values(QStringLiteral("rename"));
    options.dropUnmappedTables = !command.parser.isSet(QStringLiteral("keep-unmapped"));
    const Quarry::SchemaDiff diff = Quarry::SchemaDiff::compare(command.database(), options);
    if (diff.error().isValid())
        return command.failure(diff.error().kind() == Quarry::Error::ConnectionError ? ConnectionError
                                                                                    : MigrationFailed,
                               diff.error().toString());
    if (diff.isEmpty()) {
        printOut(QStringLiteral("No differences: the database matches the entities."));
        return Ok;
    }
    if (command.printSqlOnly()) {
        Quarry::Error error;
        const QStringList sql = diff.statements(command.database(), &error);
        if (error.isValid())
            return command.failure(MigrationFailed, error.toString());
        for (const QString &statement : sql)
            printOut(statement + QLatin1Char(';'));
        for (const QString &change : diff.unsupported())
            printOut(QStringLiteral("-- not done by any statement: ") + change);
    } else {
        printOut(QStringLiteral("%1 difference(s):").arg(diff.changes().size()));
        for (const Quarry::SchemaChange &change : diff.changes())
            printOut(QStringLiteral("  - ") + change.description +
                     (change.operation.isEmpty() ? QStringLiteral(" (needs an sql step)")
                                                 : QString()));
    }
    return command.parser.isSet(QStringLiteral("check")) ? DiffNotEmpty : Ok;
}

} // namespace QuarryCli
