#pragma once

// Private: what a Database handle shares. Connections are per thread: each thread that
// uses the database gets a default connection plus a pool of extra connections that
// sessions check out, so that two sessions never share a transaction.

#include "changenotifier.h"
#include "connection_p.h"
#include "database.h"
#include "dialect_p.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QSqlDatabase>
#include <memory>
#include <vector>

namespace Quarry {

class DatabasePrivate
{
public:
    DatabasePrivate();
    ~DatabasePrivate();

    // The calling thread's default connection, opened on demand. Null and lastError set
    // when it cannot be opened.
    Private::Connection *defaultConnection();
    // A connection of the calling thread for one session's exclusive use; give it back
    // with releaseConnection() from the same thread.
    std::shared_ptr<Private::Connection> acquireConnection(Error *error);
    void releaseConnection(std::shared_ptr<Private::Connection> connection);

    // Registered entities, each after the entities it references.
    QList<const EntityInfo *> dependencyOrder(const Database &database) const;

    void setLastError(const Error &error);
    Error lastError() const;

    const Private::Dialect *dialect = nullptr;
    Database::Backend backend = Database::Backend::Invalid;
    QString displayUrl;
    // The configuration every per-thread connection is cloned from: driver, database
    // name, host, port, user, password and connect options.
    QString templateName;
    quint64 id = 0;

    std::unique_ptr<ChangeNotifier> changeNotifier;

    mutable QMutex registryMutex;
    QList<const EntityInfo *> entities;
    std::vector<std::unique_ptr<EntityInfo>> reflectedEntities; // owned: per database

    // Per-thread state: defined in database.cpp.
    struct ThreadState;
    ThreadState *threadState(bool create = true) const;

private:
    std::unique_ptr<Private::Connection> newConnection(Error *error);
};

} // namespace Quarry
