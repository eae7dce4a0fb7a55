#include "recentconnections.h"

#include "browserstate.h"

namespace QuarryBrowser {

namespace {

const QString group = QStringLiteral("recent");

void save(const QList<ConnectionProfile> &profiles)
{
    auto settings = BrowserState::settings();
    settings->remove(group);
    settings->beginWriteArray(group, int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        settings->setArrayIndex(i);
        settings->setValue(QStringLiteral("url"), profiles.at(i).displayUrl());
        settings->setValue(QStringLiteral("entities"), profiles.at(i).entitiesPlugin);
    }
    settings->endArray();
}

} // namespace

QList<ConnectionProfile> RecentConnections::load()
{
    auto settings = BrowserState::settings();
    QList<ConnectionProfile> profiles;
    const int size = settings->beginReadArray(group);
    for (int i = 0; i < size; ++i) {
        settings->setArrayIndex(i);
        ConnectionProfile profile;
        profile.url = settings->value(QStringLiteral("url")).toString();
        profile.entitiesPlugin = settings->value(QStringLiteral("entities")).toString();
        if (!profile.url.isEmpty())
            profiles.append(profile);
    }
    settings->endArray();
    return profiles;
}

void RecentConnections::add(const ConnectionProfile &profile)
{
    ConnectionProfile stored = profile;
    stored.url = profile.displayUrl();
    QList<ConnectionProfile> profiles = load();
    profiles.removeIf([&](const ConnectionProfile &p) {
        return p.url == stored.url && p.entitiesPlugin == stored.entitiesPlugin;
    });
    profiles.prepend(stored);
    while (profiles.size() > maximum)
        profiles.removeLast();
    save(profiles);
}

void RecentConnections::clear()
{
    save({});
}

} // namespace QuarryBrowser
