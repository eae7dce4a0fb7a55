#include "command.h"

#include <QCoreApplication>
#include <QTextStream>

namespace QuarryCli {

namespace {

// Options that take a value, so that the value is not taken for a command word.
const QStringList valueOptions = {QStringLiteral("--url"),     QStringLiteral("--entities"),
                                  QStringLiteral("--migrations"), QStringLiteral("--dir"),
                                  QStringLiteral("-m"),        QStringLiteral("--message"),
                                  QStringLiteral("--rename"),  QStringLiteral("--dialect")};

} // namespace

void printOut(const QString &text)
{
    QTextStream(stdout) << text << Qt::endl;
}

void printError(const QString &text)
{
    QTextStream(stderr) << QStringLiteral("quarry: ") << text << Qt::endl;
}

QStringList commandWords(const QStringList &commandLine)
{
    QStringList words;
    for (qsizetype i = 1; i < commandLine.size(); ++i) {
        const QString &argument = commandLine.at(i);
        if (argument == QLatin1String("--"))
            break;
        if (argument.startsWith(QLatin1Char('-'))) {
            if (valueOptions.contains(argument))
                ++i;
            continue;
        }
        words << argument;
    }
    return words;
}

Command::Command(const QString &words, const QString &description)
    : m_words(words), m_wordCount(int(words.split(QLatin1Char(' ')).size()))
{
    parser.setApplicationDescription(description);
    parser.addPositionalArgument(words, QStringLiteral("The command."), words);
    parser.addOptions({
        {QStringLiteral("url"),
         QStringLiteral("The database, e.g. sqlite:///app.db or "
                        "postgresql://user:password@host/db (default: $QUARRY_URL)."),
         QStringLiteral("url")},
        {QStringLiteral("entities"),
         QStringLiteral("The application's entity plugin (a Quarry::EntityPlugin library)."),
         QStringLiteral("plugin")},
        {QStringLiteral("migrations"),
         QStringLiteral("The migrations: a directory, or a resource path (:/...) of the "
                        "plugin (default: the plugin's own)."),
         QStringLiteral("path")},
        {QStringLiteral("sql"),
         QStringLiteral("Print the SQL the command would run, and run nothing.")},
    });
    parser.addHelpOption();
}

std::optional<int> Command::parse(const QStringList &commandLine, int maxPositionals)
{
    if (!parser.parse(commandLine))
        return usageError(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        printOut(helpText());
        return Ok;
    }
    if (positionals().size() > maxPositionals)
        return usageError(QStringLiteral("unexpected argument '%1'").arg(positionals().last()));
    return std::nullopt;
}

QString Command::helpText() const
{
    QString text = parser.helpText();
    const QString program = QCoreApplication::arguments().value(0);
    if (!program.isEmpty())
        text.replace(text.indexOf(program), program.size(), QStringLiteral("quarry"));
    return text;
}

QStringList Command::positionals() const
{
    return parser.positionalArguments().mid(m_wordCount);
}

int Command::usageError(const QString &message) const
{
    printError(message);
    printError(QStringLiteral("see 'quarry %1 --help'").arg(m_words));
    return UsageError;
}

int Command::failure(int code, const QString &message) const
{
    printError(message);
    return code;
}

std::optional<int> Command::open(bool needUrl, bool needEntities)
{
    QString url = parser.value(QStringLiteral("url"));
    if (url.isEmpty())
        url = qEnvironmentVariable("QUARRY_URL");
    if (url.isEmpty() && needUrl)
        return usageError(QStringLiteral("no database: give --url (or set QUARRY_URL)"));
    m_profile.entitiesPlugin = parser.value(QStringLiteral("entities"));
    m_profile.migrations = parser.value(QStringLiteral("migrations"));
    if (m_profile.entitiesPlugin.isEmpty() && needEntities)
        return usageError(QStringLiteral("no entities: give --entities <plugin>"));
    QString problem;
    if (!url.isEmpty() && !QuarryBrowser::ConnectionProfile::fromUrl(url, &m_profile, &problem))
        return failure(ConnectionError, problem);
    if (!m_profile.entitiesPlugin.isEmpty() && !m_plugin.load(m_profile.entitiesPlugin))
        return failure(ConnectionError, m_plugin.errorString());
    m_database = Quarry::Database::open(url.isEmpty() ? QStringLiteral("sqlite://") : url);
    if (!m_database.isValid())
        return failure(ConnectionError, QStringLiteral("cannot open %1: %2")
                                            .arg(m_profile.displayUrl(),
                                                 m_database.lastError().message()));
    if (m_plugin.plugin() && !m_plugin.registerEntities(m_database))
        return failure(ConnectionError, m_plugin.errorString());
    return std::nullopt;
}

QString Command::migrationsPath() const
{
    if (!m_profile.migrations.isEmpty())
        return m_profile.migrations;
    if (m_plugin.plugin())
        return m_plugin.plugin()->migrationsPath();
    return {};
}

} // namespace QuarryCli
