#include "database.h"

#include "database_p.h"
#include "databaseurl_p.h"
#include "entitybuilder_p.h"
#include "relations_p.h"
#include "schema.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <algorithm>
#include <QSqlQuery>
#include <QThread>
#include <vector>

namespace Quarry {

using Private::Connection;

struct DatabasePrivate::ThreadState {
    std::unique_ptr<Connection> defaultConnection;
    std::vector<std::shared_ptr<Connection>> idleConnections;
    Error lastError;
};

namespace {

QAtomicInteger<quint64> nextDatabaseId = 1;

// Each thread's connections, by database id, closed and removed when the thread ends.
struct ThreadRegistry {
    QHash<quint64, DatabasePrivate::ThreadState *> states;
    bool hooked = false;
    void clear()
    {
        qDeleteAll(states);
        states.clear();
    }
    ~ThreadRegistry() { clear(); }
};

ThreadRegistry &threadRegistry()
{
    thread_local ThreadRegistry registry;
    if (!registry.hooked) {
        registry.hooked = true;
        // thread_local destructors run after QThread::wait() has returned; a QThread's
        // finished() is emitted inside the thread before that, so connections are gone
        // by the time anyone waits for the thread. The thread_local destructor remains
        // for threads that QThread did not start.
        QThread *thread = QThread::currentThread();
        const QCoreApplication *application = QCoreApplication::instance();
        if (thread && (!application || thread != application->thread()))
            QObject::connect(thread, &QThread::finished, thread,
                             [] { threadRegistry().clear(); }, Qt::DirectConnection);
    }
    return registry;
}

} // namespace

DatabasePrivate::DatabasePrivate()
    : id(nextDatabaseId.fetchAndAddRelaxed(1)), changeNotifier(std::make_unique<ChangeNotifier>())
{
}

DatabasePrivate::~DatabasePrivate()
{
    // Other threads' connections close when those threads end.
    delete threadRegistry().states.take(id);
    if (!templateName.isEmpty())
        QSqlDatabase::removeDatabase(templateName);
}

DatabasePrivate::ThreadState *DatabasePrivate::threadState(bool create) const
{
    auto &states = threadRegistry().states;
    ThreadState *state = states.value(id);
    if (!state && create) {
        state = new ThreadState;
        states.insert(id, state);
    }
    return state;
}

std::unique_ptr<Connection> DatabasePrivate::newConnection(Error *error)
{
    static QAtomicInteger<quint64> counter = 0;
    const QString name = QStringLiteral("quarry-%1-%2").arg(id).arg(counter.fetchAndAddRelaxed(1));
    QSqlDatabase::cloneDatabase(templateName, name);
    auto connection = std::make_unique<Connection>(name, dialect);
    if (!connection->ensureOpen(error))
        return nullptr;
    return connection;
}

Connection *DatabasePrivate::defaultConnection()
{
    ThreadState *state = threadState();
    if (!state->defaultConnection) {
        Error error;
        state->defaultConnection = newConnection(&error);
        if (!state->defaultConnection)
            state->lastError = error;
    }
    return state->defaultConnection.get();
}

std::shared_ptr<Connection> DatabasePrivate::acquireConnection(Error *error)
{
    ThreadState *state = threadState();
    if (!state->idleConnections.empty()) {
        std::shared_ptr<Connection> connection = std::move(state->idleConnections.back());
        state->idleConnections.pop_back();
        return connection;
    }
    return newConnection(error);
}

void DatabasePrivate::releaseConnection(std::shared_ptr<Connection> connection)
{
    if (!connection)
        return;
    Error ignored;
    if (connection->inTransaction())
        connection->rollback(&ignored);
    threadState()->idleConnections.push_back(std::move(connection));
}

void DatabasePrivate::setLastError(const Error &error)
{
    threadState()->lastError = error;
}

Error DatabasePrivate::lastError() const
{
    ThreadState *state = threadState(false);
    return state ? state->lastError : Error();
}

// --- Database ---------------------------------------------------------------------------

Database::Database() = default;
Database::~Database() = default;
Database::Database(const Database &other) = default;
Database &Database::operator=(const Database &other) = default;
Database::Database(QSharedPointer<DatabasePrivate> d) : d(std::move(d)) {}

Database Database::open(const QString &url)
{
    auto d = QSharedPointer<DatabasePrivate>::create();
    Database database(d);
    Private::ConnectionParameters parameters;
    Error error;
    if (!Private::parseDatabaseUrl(url, d->id, &parameters, &error)) {
        d->setLastError(error);
        return database;
    }
    d->displayUrl = parameters.displayUrl;
    if (!QSqlDatabase::isDriverAvailable(parameters.driverName)) {
        d->setLastError(Error(Error::Unsupported,
                              QStringLiteral("the Qt SQL driver %1 is not installed (available: %2)")
                                  .arg(parameters.driverName,
                                       QSqlDatabase::drivers().join(QStringLiteral(", ")))));
        return database;
    }
    d->templateName = QStringLiteral("quarry-%1-template").arg(d->id);
    QSqlDatabase connection = QSqlDatabase::addDatabase(parameters.driverName, d->templateName);
    connection.setDatabaseName(parameters.databaseName);
    connection.setHostName(parameters.hostName);
    connection.setPort(parameters.port);
    connection.setUserName(parameters.userName);
    connection.setPassword(parameters.password);
    connection.setConnectOptions(parameters.connectOptions);
    d->dialect = Private::Dialect::forBackend(parameters.backend);
    if (!d->defaultConnection())
        return database; // lastError says why
    d->backend = parameters.backend;
    return database;
}

Database Database::fromConnection(const QSqlDatabase &connection)
{
    auto d = QSharedPointer<DatabasePrivate>::create();
    Database database(d);
    d->dialect = Private::Dialect::forDriverName(connection.driverName());
    if (!d->dialect) {
        d->setLastError(Error(Error::Unsupported,
                              QStringLiteral("unsupported Qt SQL driver %1")
                                  .arg(connection.driverName())));
        return database;
    }
    d->templateName = QStringLiteral("quarry-%1-template").arg(d->id);
    QSqlDatabase::cloneDatabase(connection, d->templateName);
    d->displayUrl = QStringLiteral("%1://%2").arg(d->dialect->name(), connection.databaseName());
    if (!d->defaultConnection())
        return database;
    d->backend = d->dialect->backend();
    return database;
}

bool Database::isValid() const
{
    return d && d->backend != Backend::Invalid;
}

Database::Backend Database::backend() const
{
    return d ? d->backend : Backend::Invalid;
}

QString Database::backendName() const
{
    return isValid() ? d->dialect->name() : QString();
}

QString Database::url() const
{
    return d ? d->displayUrl : QString();
}

Error Database::lastError() const
{
    if (!d)
        return Error(Error::ConnectionError, QStringLiteral("no database (default-constructed)"));
    return d->lastError();
}

QSqlDatabase Database::connection() const
{
    if (!isValid())
        return {};
    Connection *connection = d->defaultConnection();
    return connection ? connection->database() : QSqlDatabase();
}

bool Database::registerEntity(const QMetaObject *metaObject, const EntityInfo::Factory &factory)
{
    if (!d) {
        return false;
    }
    Error error;
    const EntityInfo *entity = Private::EntityBuilder::entityFor(metaObject, factory, &error);
    if (!entity) {
        d->setLastError(error);
        return false;
    }
    QMutexLocker locker(&d->registryMutex);
    for (const EntityInfo *registered : std::as_const(d->entities)) {
        if (registered == entity)
            return true;
        if (registered->tableName() == entity->tableName()) {
            locker.unlock();
            d->setLastError(Error(Error::RegistrationError,
                                  QStringLiteral("%1: table '%2' is already mapped by %3")
                                      .arg(entity->className(), entity->tableName(),
                                           registered->className())));
            return false;
        }
    }
    d->entities.append(entity);
    locker.unlock();
    // Resolve what can be resolved now; a target registered later completes it, and
    // checkReferences()/createAll() report what stays unresolved.
    Error ignored;
    Private::resolveRelations(*this, &ignored);
    return true;
}

bool Database::checkReferences() const
{
    if (!d)
        return false;
    Error relationError;
    if (!Private::resolveRelations(*this, &relationError)) {
        d->setLastError(relationError);
        return false;
    }
    const QList<const EntityInfo *> all = entities();
    for (const EntityInfo *entity : all) {
        for (const PropertyInfo &property : entity->properties()) {
            if (property.references().isEmpty())
                continue;
            const EntityInfo *target = this->entity(property.references());
            if (!target) {
                d->setLastError(Error(Error::RegistrationError,
                                      QStringLiteral("%1: property '%2': references=%3 names no "
                                                     "registered entity")
                                          .arg(entity->className(), property.name(),
                                               property.references())));
                return false;
            }
            // The same storage exactly: InnoDB refuses a foreign key whose type differs
            // from the key's (INT -> BIGINT), so no backend accepts it.
            const bool compatible = property.storage() == target->primaryKey().storage();
            if (!compatible) {
                d->setLastError(Error(Error::RegistrationError,
                                      QStringLiteral("%1: property '%2': references=%3 needs the "
                                                     "type of %3.%4 (%5)")
                                          .arg(entity->className(), property.name(),
                                               target->className(), target->primaryKey().name(),
                                               QString::fromLatin1(target->primaryKey().valueType().name()))));
                return false;
            }
        }
    }
    return true;
}

const EntityInfo *Database::entity(const QMetaObject *metaObject) const
{
    if (!d)
        return nullptr;
    QMutexLocker locker(&d->registryMutex);
    for (const EntityInfo *entity : std::as_const(d->entities)) {
        if (entity->metaObject() == metaObject && !entity->isReflected())
            return entity;
    }
    return nullptr;
}

const EntityInfo *Database::entity(const QString &name) const
{
    if (!d)
        return nullptr;
    QMutexLocker locker(&d->registryMutex);
    for (const EntityInfo *entity : std::as_const(d->entities)) {
        if (entity->className() == name)
            return entity;
    }
    for (const EntityInfo *entity : std::as_const(d->entities)) {
        if (entity->tableName() == name)
            return entity;
    }
    return nullptr;
}

QList<const EntityInfo *> Database::entities() const
{
    if (!d)
        return {};
    QMutexLocker locker(&d->registryMutex);
    return d->entities;
}

// Registered entities with every referenced entity before the entities that reference it.
QList<const EntityInfo *> DatabasePrivate::dependencyOrder(const Database &database) const
{
    QList<const EntityInfo *> ordered;
    QList<const EntityInfo *> pending = database.entities();
    while (!pending.isEmpty()) {
        bool progress = false;
        for (auto it = pending.begin(); it != pending.end();) {
            bool ready = true;
            for (const PropertyInfo &property : (*it)->properties()) {
                const EntityInfo *target = database.entity(property.references());
                if (target && target != *it && !ordered.contains(target))
                    ready = false;
            }
            if (ready) {
                ordered.append(*it);
                it = pending.erase(it);
                progress = true;
            } else {
                ++it;
            }
        }
        if (!progress) { // a cycle: keep registration order for the rest
            ordered.append(pending);
            break;
        }
    }
    return ordered;
}

bool Database::createAll()
{
    if (!isValid() || !checkReferences())
        return false;
    Connection *connection = d->defaultConnection();
    if (!connection)
        return false;
    const Private::EntityResolver resolve = [this](const QString &name) { return entity(name); };
    // MySQL commits DDL implicitly; elsewhere the whole schema is created or nothing.
    const bool transactional = backend() != Backend::MySQL;
    Error error;
    if (transactional && !connection->begin(&error)) {
        d->setLastError(error);
        return false;
    }
    // On failure the transaction (where DDL has one) is rolled back and the error kept.
    auto runAll = [&](const QStringList &statements) {
        for (const QString &statement : statements) {
            if (!connection->executeDirect(statement, &error)) {
                Error ignored;
                if (transactional)
                    connection->rollback(&ignored);
                d->setLastError(error);
                return false;
            }
        }
        return true;
    };
    for (const EntityInfo *entity : d->dependencyOrder(*this)) {
        const QStringList statements = d->dialect->createTable(*entity, resolve);
        if (statements.isEmpty()) {
            error = Error(Error::RegistrationError,
                          QStringLiteral("%1: no CREATE TABLE could be generated for %2")
                              .arg(entity->className(), d->dialect->name()));
            Error ignored;
            if (transactional)
                connection->rollback(&ignored);
            d->setLastError(error);
            return false;
        }
        if (!runAll(statements))
            return false;
    }
    for (const Private::AssociationTable &table : Private::associationTables(*this)) {
        if (!runAll(d->dialect->createAssociationTable(table.name, table.ownerColumn, *table.owner,
                                                       table.targetColumn, *table.target)))
            return false;
    }
    if (transactional && !connection->commit(&error)) {
        d->setLastError(error);
        return false;
    }
    return true;
}

bool Database::dropAll()
{
    if (!isValid())
        return false;
    Connection *connection = d->defaultConnection();
    if (!connection)
        return false;
    QList<const EntityInfo *> ordered = d->dependencyOrder(*this);
    std::reverse(ordered.begin(), ordered.end());
    Error error;
    // Association tables reference the entities' tables: they go first.
    if (checkReferences()) {
        for (const Private::AssociationTable &table : Private::associationTables(*this)) {
            if (!connection->executeDirect(d->dialect->dropTable(table.name), &error)) {
                d->setLastError(error);
                return false;
            }
        }
    }
    for (const EntityInfo *entity : std::as_const(ordered)) {
        if (!connection->executeDirect(d->dialect->dropTable(entity->tableName()), &error)) {
            d->setLastError(error);
            return false;
        }
    }
    return true;
}

bool Database::execute(const QString &sql, const QVariantList &values)
{
    if (!isValid())
        return false;
    Connection *connection = d->defaultConnection();
    if (!connection)
        return false;
    Error error;
    if (!connection->runUncached(sql, values, &error)) {
        d->setLastError(error);
        return false;
    }
    return true;
}

ChangeNotifier *Database::changeNotifier() const
{
    return d ? d->changeNotifier.get() : nullptr;
}

Schema Database::schema() const
{
    return Schema::inspect(*this);
}

} // namespace Quarry
