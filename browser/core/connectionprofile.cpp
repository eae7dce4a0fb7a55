#include "connectionprofile.h"

#include <QUrl>

namespace QuarryBrowser {

namespace {

const QString examples = QStringLiteral(
    "sqlite:///relative.db, sqlite:////absolute.db, postgresql://user:password@host:5432/db, "
    "mysql://user:password@host:3306/db");

} // namespace

bool ConnectionProfile::fromUrl(const QString &url, ConnectionProfile *profile, QString *error)
{
    const QString trimmed = url.trimmed();
    if (trimmed.isEmpty()) {
        *error = QStringLiteral("no database URL (e.g. %1)").arg(examples);
        return false;
    }
    const QString scheme = trimmed.section(QLatin1Char(':'), 0, 0).toLower();
    ConnectionProfile result = *profile;
    result.url = trimmed;
    if (scheme == QLatin1String("sqlite")) {
        if (!trimmed.startsWith(QLatin1String("sqlite://"), Qt::CaseInsensitive)) {
            *error = QStringLiteral("%1: a SQLite URL starts with sqlite:// (e.g. %2)")
                         .arg(trimmed, examples);
            return false;
        }
        *profile = result;
        return true;
    }
    static const QStringList servers = {QStringLiteral("postgresql"), QStringLiteral("postgres"),
                                        QStringLiteral("mysql"), QStringLiteral("mariadb")};
    if (!servers.contains(scheme)) {
        *error = QStringLiteral("%1: unknown scheme '%2' (e.g. %3)")
                     .arg(result.displayUrl(), scheme, examples);
        return false;
    }
    const QUrl parsed(trimmed, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty() || parsed.path().size() < 2) {
        *error = QStringLiteral("%1: a server URL needs a host and a database name (e.g. %2)")
                     .arg(result.displayUrl(), examples);
        return false;
    }
    *profile = result;
    return true;
}

QString ConnectionProfile::displayUrl() const
{
    QUrl parsed(url);
    if (!parsed.isValid() || parsed.password().isEmpty())
        return url;
    return parsed.toString(QUrl::RemovePassword);
}

QString ConnectionProfile::backendName() const
{
    const QString scheme = url.section(QLatin1Char(':'), 0, 0).toLower();
    if (scheme == QLatin1String("sqlite"))
        return scheme;
    if (scheme.startsWith(QLatin1String("postgres")))
        return QStringLiteral("postgresql");
    if (scheme == QLatin1String("mysql") || scheme == QLatin1String("mariadb"))
        return QStringLiteral("mysql");
    return {};
}

} // namespace QuarryBrowser
