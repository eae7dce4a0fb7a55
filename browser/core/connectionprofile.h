#pragma once

#include <QString>

namespace QuarryBrowser {

// How to reach a database and what to show it with: the URL (as Quarry::Database::open
// takes it), the application's entity plugin and its migrations. The CLI fills one from
// --url / --entities / --migrations; the browser will keep a list of them.
struct ConnectionProfile {
    QString url;
    QString entitiesPlugin; // a plugin file (Quarry::EntityPlugin); may be empty
    QString migrations;     // a directory or ":/resource"; empty: the plugin's own

    // Checks the URL's shape before connecting: a known scheme (sqlite, postgresql,
    // postgres, mysql, mariadb) and, for a server, a host and a database name. The
    // message says what is wrong and how a URL looks.
    static bool fromUrl(const QString &url, ConnectionProfile *profile, QString *error);
    // The URL without its password, for messages.
    QString displayUrl() const;
    // "sqlite", "postgresql" or "mysql".
    QString backendName() const;
};

} // namespace QuarryBrowser
