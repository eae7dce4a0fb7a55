#pragma once

// What every quarry command shares: the global options, parsing with --help and usage
// errors, opening the database and loading the entity plugin, the exit codes, output.

#include <connectionprofile.h>
#include <entitypluginloader.h>

#include <quarry/database.h>

#include <QCommandLineParser>
#include <QStringList>
#include <optional>

namespace QuarryCli {

// Documented in `quarry --help` and docs/migrations.md; scripts rely on them.
enum ExitCode {
    Ok = 0,
    UsageError = 1,       // bad command line
    ConnectionError = 2,  // cannot open the database or load the entity plugin
    MigrationFailed = 3,  // a migration failed, or cannot run (bad file, irreversible)
    ChangedFile = 4,      // a file of an applied migration was changed
    DiffNotEmpty = 5,     // quarry diff --check: the database differs from the entities
};

void printOut(const QString &text);
void printError(const QString &text);

class Command
{
public:
    // `words`: the command words ("migrate upgrade"); arguments after them are added to
    // `parser` by the command.
    Command(const QString &words, const QString &description);

    QCommandLineParser parser;

    // Parses the whole command line. A value means "exit with it" (--help printed, or a
    // usage error reported); no value means go on.
    std::optional<int> parse(const QStringList &commandLine, int maxPositionals);
    // The help text, with "quarry" as the program's name.
    QString helpText() const;
    // The positional arguments after the command words.
    QStringList positionals() const;
    bool printSqlOnly() const { return parser.isSet(QStringLiteral("sql")); }

    // Opens --url (else $QUARRY_URL) and registers the entities of --entities. An empty
    // URL opens an in-memory SQLite database (for commands that need only the entities).
    std::optional<int> open(bool needUrl, bool needEntities);
    Quarry::Database &database() { return m_database; }
    // --migrations, else the plugin's migrationsPath(); empty (and a usage error printed)
    // when neither gives one.
    QString migrationsPath() const;

    int usageError(const QString &message) const;
    int failure(int code, const QString &message) const;

private:
    QString m_words;
    int m_wordCount = 0;
    QuarryBrowser::ConnectionProfile m_profile;
    QuarryBrowser::EntityPluginLoader m_plugin;
    Quarry::Database m_database;
};

// The words of a command line that are not options or option values: "migrate", "upgrade".
QStringList commandWords(const QStringList &commandLine);

int migrateCommand(const QStringList &commandLine, const QStringList &words);
int diffCommand(const QStringList &commandLine);
int schemaCommand(const QStringList &commandLine, const QStringList &words);

} // namespace QuarryCli
