#include "browserstate.h"

#include <QCryptographicHash>

namespace QuarryBrowser::BrowserState {

std::unique_ptr<QSettings> settings()
{
    return std::make_unique<QSettings>(QSettings::IniFormat, QSettings::UserScope,
                                       QStringLiteral("Quarry"), QStringLiteral("quarry-browser"));
}

QString connectionGroup(const QString &displayUrl)
{
    const QByteArray hash =
        QCryptographicHash::hash(displayUrl.toUtf8(), QCryptographicHash::Sha1).toHex().left(16);
    return QStringLiteral("connections/") + QString::fromLatin1(hash);
}

QString tableGroup(const QString &displayUrl, const QString &entityName)
{
    // Entity names are class or table names; a table name may hold '/' too.
    QString name = entityName;
    name.replace(QLatin1Char('/'), QLatin1Char('_')).replace(QLatin1Char('\\'), QLatin1Char('_'));
    return connectionGroup(displayUrl) + QStringLiteral("/tables/") + name;
}

} // namespace QuarryBrowser::BrowserState
