#pragma once

#include "connectionprofile.h"

#include <QList>

namespace QuarryBrowser {

// The connections opened lately, newest first, in BrowserState's settings. Passwords are
// never stored: each URL is kept as ConnectionProfile::displayUrl(), and reopening a
// server connection asks for the password again.
class RecentConnections {
public:
    static constexpr int maximum = 10;

    static QList<ConnectionProfile> load();
    // Moves (or adds) the profile to the top; the password is dropped.
    static void add(const ConnectionProfile &profile);
    static void clear();
};

} // namespace QuarryBrowser
