#pragma once

// Private: turns a database URL into QtSql connection parameters.

#include "database.h"
#include "error.h"

#include <QString>

namespace Quarry::Private {

struct ConnectionParameters {
    Database::Backend backend = Database::Backend::Invalid;
    QString driverName;
    QString databaseName;
    QString hostName;
    int port = -1;
    QString userName;
    QString password;
    QString connectOptions;
    QString displayUrl; // the URL without its password
};

// False and *error (InvalidQuery for a malformed URL, Unsupported for an unknown scheme)
// when the URL cannot be used.
bool parseDatabaseUrl(const QString &url, quint64 databaseId, ConnectionParameters *parameters,
                      Error *error);

} // namespace Quarry::Private
