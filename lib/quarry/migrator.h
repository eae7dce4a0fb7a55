#pragma once

#include "database.h"
#include "migration.h"
#include "migrationstatus.h"
#include "schemadiff.h"

#include <functional>
#include <memory>

namespace Quarry {

class MigratorPrivate;

// Applies versioned migrations (Migration files) to a database and records them in the
// table quarry_migrations (id, checksum, time). SQLite and PostgreSQL run each migration
// in one transaction; MariaDB/MySQL, whose DDL commits implicitly, record progress per
// statement, stop at a failed one with a status naming it, and resume there next time.
//
//   Quarry::Migrator migrator(db, QStringLiteral(":/migrations"));
//   if (!migrator.upgrade())
//       qWarning() << migrator.lastError();
//
// Works on the calling thread's connection of `database`. Nothing throws; calls return
// false (or an empty result) and lastError() says why.
class QUARRY_EXPORT Migrator
{
public:
    // `path`: a directory or a Qt resource path of *.json migration files. Load errors
    // (a malformed file) are reported by lastError() and make every call fail.
    explicit Migrator(const Database &database,
                      const QString &path = QStringLiteral(":/migrations"));
    ~Migrator();
    Migrator(const Migrator &) = delete;
    Migrator &operator=(const Migrator &) = delete;

    // API
    // The target of downgrade() that reverts every migration.
    static QString zero() { return QStringLiteral("zero"); }

    QString path() const;
    QList<Migration> migrations() const;
    // Every migration file and every recorded migration, in id order.
    QList<MigrationStatus> status();
    // What upgrade() would apply (Pending and Partial), in order.
    QList<Migration> pending();
    // Applies pending migrations up to and including `target` (all when empty). Refuses
    // while a file of an applied migration has changed (MigrationStatus::Changed).
    bool upgrade(const QString &target = {});
    // Reverts applied migrations, newest first, down to `target` (which stays applied);
    // an empty target reverts the newest one, zero() all of them. Refuses before running
    // anything when one of them cannot be reversed.
    bool downgrade(const QString &target = {});
    // The SQL upgrade() / downgrade() would run, without running it (reads the schema).
    QStringList upgradeSql(const QString &target = {});
    QStringList downgradeSql(const QString &target = {});

    // The next migration from the difference between the registered entities and the
    // database (SchemaDiff), not yet written; without operations when there is none.
    // `renames` declares renames the diff cannot guess: "table.old=new" for a column,
    // "old=new" for a table (SchemaDiff::Options also keeps tables no entity maps).
    // Refuses while migrations are pending.
    Migration autogenerate(const QString &message, const QStringList &renames = {});
    Migration autogenerate(const QString &message, const SchemaDiff::Options &options);
    // Writes a migration to `directory` (default: path(), which must then be a directory)
    // as <id>.json and reloads. *fileName receives the path written.
    bool save(const Migration &migration, const QString &directory = {},
              QString *fileName = nullptr);

    // Called with a line per migration started and finished ("upgrading 0002_add_email").
    void setProgressHandler(const std::function<void(const QString &)> &handler);
    Error lastError() const;

private:
    std::unique_ptr<MigratorPrivate> const d;
};

} // namespace Quarry
