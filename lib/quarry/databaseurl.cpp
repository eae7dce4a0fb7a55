#include "databaseurl_p.h"

#include <QDir>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace Quarry::Private {

namespace {

Error malformed(const QString &url, const QString &why)
{
    // Messages end up on screens and in logs: never with the password in them.
    static const QRegularExpression password(QStringLiteral("(://[^:/@]*):[^@/]*@"));
    // (QUrl's own error strings quote the whole URL too.)
    const QString hidden = QStringLiteral("\\1:***@");
    return Error(Error::InvalidQuery, QStringLiteral("malformed database URL '%1': %2")
                                          .arg(QString(url).replace(password, hidden),
                                               QString(why).replace(password, hidden)));
}

// "k=v&k2=v2" -> "k=v;k2=v2", the form QSqlDatabase::setConnectOptions takes.
QStringList optionsFromQuery(const QString &query)
{
    QStringList options;
    const auto items = QUrlQuery(query).queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items)
        options << (value.isEmpty() ? key : key + QLatin1Char('=') + value);
    return options;
}

bool hasOption(const QStringList &options, const QString &key)
{
    for (const QString &option : options) {
        if (option.section(QLatin1Char('='), 0, 0).trimmed() == key)
            return true;
    }
    return false;
}

// sqlite:///relative.db, sqlite:////absolute.db, sqlite:// (memory). Parsed by hand: QUrl
// refuses a path that starts with "//" after an empty authority.
bool parseSqlite(const QString &url, quint64 databaseId, ConnectionParameters *parameters,
                 Error *error)
{
    QString rest = url.mid(int(qstrlen("sqlite:")));
    if (!rest.startsWith(QLatin1String("//"))) {
        *error = malformed(url, QStringLiteral("expected sqlite:///path or sqlite://"));
        return false;
    }
    rest = rest.mid(2);
    QString query;
    const int questionMark = rest.indexOf(QLatin1Char('?'));
    if (questionMark >= 0) {
        query = rest.mid(questionMark + 1);
        rest = rest.left(questionMark);
    }
    if (!rest.isEmpty() && !rest.startsWith(QLatin1Char('/'))) {
        *error = malformed(url, QStringLiteral("a host is not allowed in a SQLite URL"));
        return false;
    }
    QString path = QUrl::fromPercentEncoding(rest.mid(1).toUtf8());
    QStringList options = optionsFromQuery(query);
    if (!hasOption(options, QStringLiteral("QSQLITE_BUSY_TIMEOUT")))
        options << QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000");
    if (path.isEmpty() || path == QLatin1String(":memory:")) {
        // Every per-thread connection must see the same in-memory database: a named
        // shared-cache memory database does that.
        path = QStringLiteral("file:quarry-memory-%1?mode=memory&cache=shared").arg(databaseId);
        options << QStringLiteral("QSQLITE_OPEN_URI");
    } else if (QDir::isRelativePath(path)) {
        path = QDir::current().absoluteFilePath(path);
    }
    parameters->backend = Database::Backend::SQLite;
    parameters->driverName = QStringLiteral("QSQLITE");
    parameters->databaseName = path;
    parameters->connectOptions = options.join(QLatin1Char(';'));
    parameters->displayUrl = url;
    return true;
}

bool parseServer(const QString &url, Database::Backend backend, ConnectionParameters *parameters,
                 Error *error)
{
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid()) {
        *error = malformed(url, parsed.errorString());
        return false;
    }
    if (parsed.host().isEmpty()) {
        *error = malformed(url, QStringLiteral("no host"));
        return false;
    }
    const QString databaseName = parsed.path().mid(1);
    if (databaseName.isEmpty() || databaseName.contains(QLatin1Char('/'))) {
        *error = malformed(url, QStringLiteral("expected one database name after the host"));
        return false;
    }
    QStringList options = optionsFromQuery(parsed.query(QUrl::FullyEncoded));
    parameters->backend = backend;
    if (backend == Database::Backend::PostgreSQL) {
        parameters->driverName = QStringLiteral("QPSQL");
        parameters->port = parsed.port(5432);
        if (!hasOption(options, QStringLiteral("connect_timeout")))
            options << QStringLiteral("connect_timeout=5");
    } else {
        parameters->driverName = QStringLiteral("QMYSQL");
        parameters->port = parsed.port(3306);
        // Row counts must mean rows matched, not rows changed (see DESIGN.md).
        if (!hasOption(options, QStringLiteral("CLIENT_FOUND_ROWS")))
            options << QStringLiteral("CLIENT_FOUND_ROWS=1");
        if (!hasOption(options, QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT")))
            options << QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=5");
    }
    parameters->hostName = parsed.host();
    parameters->databaseName = databaseName;
    parameters->userName = parsed.userName(QUrl::FullyDecoded);
    parameters->password = parsed.password(QUrl::FullyDecoded);
    parameters->connectOptions = options.join(QLatin1Char(';'));
    QUrl display = parsed;
    display.setPassword(QString());
    parameters->displayUrl = display.toString();
    return true;
}

} // namespace

bool parseDatabaseUrl(const QString &url, quint64 databaseId, ConnectionParameters *parameters,
                      Error *error)
{
    const QString scheme = url.section(QLatin1Char(':'), 0, 0).toLower();
    if (!url.contains(QLatin1Char(':')) || scheme.isEmpty()) {
        *error = malformed(url, QStringLiteral("no scheme (expected sqlite://, postgresql:// "
                                               "or mysql://)"));
        return false;
    }
    if (scheme == QLatin1String("sqlite"))
        return parseSqlite(url, databaseId, parameters, error);
    if (scheme == QLatin1String("postgresql") || scheme == QLatin1String("postgres"))
        return parseServer(url, Database::Backend::PostgreSQL, parameters, error);
    if (scheme == QLatin1String("mysql") || scheme == QLatin1String("mariadb"))
        return parseServer(url, Database::Backend::MySQL, parameters, error);
    *error = Error(Error::Unsupported,
                   QStringLiteral("unsupported database URL scheme '%1' (expected sqlite, "
                                  "postgresql, mysql or mariadb)")
                       .arg(scheme));
    return false;
}

} // namespace Quarry::Private
