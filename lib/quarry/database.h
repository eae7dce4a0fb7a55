#pragma once

#include "entityinfo.h"
#include "error.h"
#include "quarry_export.h"

#include <QSharedPointer>
#include <QSqlDatabase>
#include <QStringList>
#include <QVariantList>
#include <type_traits>

namespace Quarry {

class ChangeNotifier;
class DatabasePrivate;
class Schema;

// A database, named by URL. A cheap shared handle: copies refer to the same database and
// entity registry, and may be used from any thread; each thread gets its own QtSql
// connection, opened on first use and closed when the thread ends.
//
//   sqlite:///relative/path.db   sqlite:////absolute/path.db   sqlite://  (in memory)
//   postgresql://user:password@host:5432/dbname?connect_timeout=5
//   mysql://user:password@host:3306/dbname   (mariadb:// is the same)
class QUARRY_EXPORT Database
{
public:
    enum class Backend { Invalid, SQLite, PostgreSQL, MySQL };

    Database();
    ~Database();
    Database(const Database &other);
    Database &operator=(const Database &other);

    // Opens (and checks) a connection for the calling thread. On failure the result is
    // invalid and lastError() says why (InvalidQuery for a malformed URL, Unsupported for
    // a missing driver, ConnectionError for an unreachable server).
    static Database open(const QString &url);
    // Uses an existing QtSql connection for the thread that opened it; other threads get
    // clones of it.
    static Database fromConnection(const QSqlDatabase &connection);

    bool isValid() const;
    Backend backend() const;
    // "sqlite", "postgresql" or "mysql".
    QString backendName() const;
    // The URL with any password removed.
    QString url() const;
    // The calling thread's last error from this database.
    Error lastError() const;

    // The calling thread's connection, opened on demand (for code that wants plain QtSql).
    QSqlDatabase connection() const;

    // Declarative mapping. Reports bad declarations (unknown option, unmapped type, no
    // usable constructor, unknown referenced entity) with class and property named.
    template<typename T>
    bool registerEntity()
    {
        static_assert(std::is_base_of_v<QObject, T>, "entities are QObject subclasses");
        EntityInfo::Factory factory;
        if constexpr (std::is_default_constructible_v<T>)
            factory = [] { return static_cast<QObject *>(new T); };
        return registerEntity(&T::staticMetaObject, factory);
    }
    template<typename... T>
    bool registerEntities()
    {
        return (registerEntity<T>() && ...) && checkReferences();
    }
    // Without a factory, the class needs a Q_INVOKABLE constructor taking no arguments
    // (or only a QObject *parent).
    bool registerEntity(const QMetaObject *metaObject, const EntityInfo::Factory &factory = {});
    // False (and lastError) while some `references=` names an entity not registered yet.
    bool checkReferences() const;

    // Maps every table of the live database that no registered class maps, as a
    // reflected entity (named after its table) whose objects are Quarry::Record — for
    // tools that browse any database. Tables without a one-column primary key are
    // left out and listed in *skipped.
    bool reflect(QStringList *skipped = nullptr);

    const EntityInfo *entity(const QMetaObject *metaObject) const;
    // By class name or table name.
    const EntityInfo *entity(const QString &name) const;
    template<typename T>
    const EntityInfo *entity() const { return entity(&T::staticMetaObject); }
    QList<const EntityInfo *> entities() const;

    // CREATE / DROP every registered entity's table, in foreign-key order, with its
    // indexes. createAll() skips tables that exist.
    bool createAll();
    bool dropAll();

    // The live schema, as introspected from the database.
    Schema schema() const;

    // Announces what each Session commit changed (for live models). Owned by the
    // database; lives in the thread that opened it.
    ChangeNotifier *changeNotifier() const;

    // Raw SQL on the calling thread's connection; values are bound, never spliced.
    bool execute(const QString &sql, const QVariantList &values = {});

    DatabasePrivate *d_func() const { return d.data(); }

private:
    explicit Database(QSharedPointer<DatabasePrivate> d);
    QSharedPointer<DatabasePrivate> d;
};

} // namespace Quarry
