// Migrator: status, upgrade, downgrade and autogenerate. Decisions (docs/migrations.md):
// - A migration is planned against the live schema just before it runs (introspected
//   again for each one), so SQLite's rebuilds see what the earlier migrations and any sql
//   steps really did. Printing SQL (--sql) plans all of them against one schema carried
//   forward in memory, since nothing runs.
// - A changed file of an applied migration stops upgrade and downgrade alike: neither the
//   new content nor the inverse of the new content is what the database holds.
// - downgrade() checks that every migration it would revert can be reversed before it
//   reverts any.
// - autogenerate() refuses while migrations are pending: the diff compares the entities
//   with the database, which would propose again what a pending migration does.

#include "migrator.h"

#include "database_p.h"
#include "migrationrunner_p.h"
#include "schema.h"
#include "schemadiff.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QRegularExpression>

namespace Quarry {

using namespace Private;

namespace {

MigrationStatus makeStatus(const QString &id, const QString &message, MigrationStatus::State state)
{
    MigrationStatus status;
    status.id = id;
    status.message = message;
    status.state = state;
    return status;
}

} // namespace

class MigratorPrivate
{
public:
    Database database;
    QString path;
    QList<Migration> migrations;
    Error loadError;
    Error lastError;
    std::function<void(const QString &)> progress;

    bool fail(const Error &error)
    {
        lastError = error;
        return false;
    }
    bool fail(Error::Kind kind, const QString &message) { return fail(Error(kind, message)); }
    void report(const QString &line) const
    {
        if (progress)
            progress(line);
    }
    const Dialect *dialect() const { return database.d_func()->dialect; }

    // Clears lastError; false when the migrator cannot work (bad files, no connection).
    bool start();
    Connection *connection();
    bool readRecords(QList<MigrationRecord> *records);
    bool inspect(SchemaModel *model, SqliteCatalog *catalog);
    const Migration *file(const QString &id) const;
    bool plan(const Migration &migration, bool upgrade, MigrationPlanner *planner,
              MigrationRun *run);
    bool selectUpgrade(const QString &target, QList<MigrationStatus> *selected);
    bool selectDowngrade(const QString &target, QList<MigrationStatus> *selected);
    bool runMigrations(const QList<MigrationStatus> &selected, bool upgrade);
    QStringList sqlOf(const QList<MigrationStatus> &selected, bool upgrade);
    QString nextId(const QString &message) const;
};

bool MigratorPrivate::start()
{
    lastError = Error();
    if (loadError.isValid())
        return fail(loadError);
    if (!database.isValid())
        return fail(database.lastError().isValid()
                        ? database.lastError()
                        : Error(Error::ConnectionError, QStringLiteral("invalid database")));
    return true;
}

Connection *MigratorPrivate::connection()
{
    Connection *connection = database.d_func()->defaultConnection();
    if (!connection)
        fail(database.lastError());
    return connection;
}

bool MigratorPrivate::readRecords(QList<MigrationRecord> *records)
{
    Connection *connection = this->connection();
    if (!connection)
        return false;
    Error error;
    if (!MigrationRunner(connection, *dialect()).readRecords(records, &error))
        return fail(error);
    return true;
}

bool MigratorPrivate::inspect(SchemaModel *model, SqliteCatalog *catalog)
{
    const Schema schema = Schema::inspect(database);
    if (schema.error().isValid())
        return fail(schema.error());
    QList<TableSchema> tables = schema.tables();
    for (TableSchema &table : tables)
        removeImplicitKeyIndexes(*dialect(), &table);
    *model = SchemaModel(tables);
    if (database.backend() != Database::Backend::SQLite)
        return true;
    Connection *connection = this->connection();
    Error error;
    if (!connection || !SqliteCatalog::read(connection, catalog, &error))
        return connection ? fail(error) : false;
    return true;
}

const Migration *MigratorPrivate::file(const QString &id) const
{
    for (const Migration &migration : migrations) {
        if (migration.id() == id)
            return &migration;
    }
    return nullptr;
}

bool MigratorPrivate::plan(const Migration &migration, bool upgrade, MigrationPlanner *planner,
                           MigrationRun *run)
{
    QList<Operation> operations;
    const QJsonArray json = migration.operations();
    for (qsizetype i = 0; i < json.size(); ++i) {
        Operation operation;
        QString problem;
        if (!Operation::fromJson(json.at(i).toObject(), *dialect(), &operation, &problem))
            return fail(Error::InvalidQuery, QStringLiteral("%1: operation %2: %3")
                                                 .arg(migration.id())
                                                 .arg(i + 1)
                                                 .arg(problem));
        if (!upgrade) {
            Operation inverse;
            if (!operation.inverse(&inverse, &problem))
                return fail(Error::Unsupported,
                            QStringLiteral("%1 cannot be downgraded: operation %2: %3")
                                .arg(migration.id())
                                .arg(i + 1)
                                .arg(problem));
            operations.prepend(inverse);
        } else {
            operations.append(operation);
        }
    }
    run->id = migration.id();
    run->checksum = migration.checksum();
    run->message = migration.message();
    run->upgrade = upgrade;
    planner->resetRebuilds();
    for (const Operation &operation : std::as_const(operations)) {
        QString problem;
        if (!planner->plan(operation, &run->steps, &problem))
            return fail(Error::InvalidQuery,
                        QStringLiteral("%1 %2: %3: %4")
                            .arg(upgrade ? QStringLiteral("upgrading") : QStringLiteral("downgrading"),
                                 migration.id(), operation.describe(), problem));
    }
    run->rebuilds = planner->rebuilds();
    return true;
}

bool MigratorPrivate::selectUpgrade(const QString &target, QList<MigrationStatus> *selected)
{
    if (!target.isEmpty() && !file(target))
        return fail(Error::InvalidQuery, QStringLiteral("there is no migration %1").arg(target));
    QList<MigrationRecord> records;
    if (!readRecords(&records))
        return false;
    QHash<QString, MigrationRecord> byId;
    for (const MigrationRecord &record : std::as_const(records))
        byId.insert(record.id, record);
    for (const Migration &migration : std::as_const(migrations)) {
        const auto record = byId.constFind(migration.id());
        if (record == byId.cend()) {
            if (target.isEmpty() || migration.id() <= target)
                selected->append(makeStatus(migration.id(), migration.message(), MigrationStatus::Pending));
            continue;
        }
        if (record->checksum != migration.checksum())
            return fail(Error::ValidationError,
                        QStringLiteral("%1 was changed after it was applied (its checksum "
                                       "differs): restore the file, or write a new migration")
                            .arg(migration.id()));
        if (record->state == QLatin1String("downgrading"))
            return fail(Error::ValidationError,
                        QStringLiteral("%1 is partly downgraded (stopped at step %2 of %3): run "
                                       "downgrade to finish it first")
                            .arg(migration.id())
                            .arg(record->stepsDone + 1)
                            .arg(record->stepCount));
        if (record->state == QLatin1String("upgrading")) {
            MigrationStatus status = makeStatus(migration.id(), migration.message(), MigrationStatus::Partial);
            status.stepsDone = record->stepsDone;
            selected->append(status);
        }
    }
    return true;
}

bool MigratorPrivate::selectDowngrade(const QString &target, QList<MigrationStatus> *selected)
{
    QList<MigrationRecord> records;
    if (!readRecords(&records))
        return false;
    std::reverse(records.begin(), records.end());
    const bool all = target == Migrator::zero();
    if (!target.isEmpty() && !all &&
        std::none_of(records.cbegin(), records.cend(),
                     [&](const MigrationRecord &record) { return record.id == target; }))
        return fail(Error::InvalidQuery, QStringLiteral("%1 is not applied").arg(target));
    for (const MigrationRecord &record : std::as_const(records)) {
        if (!all && !target.isEmpty() && record.id <= target)
            break;
        const Migration *migration = file(record.id);
        if (!migration)
            return fail(Error::InvalidQuery,
                        QStringLiteral("%1 is applied but there is no file for it").arg(record.id));
        if (record.checksum != migration->checksum())
            return fail(Error::ValidationError,
                        QStringLiteral("%1 was changed after it was applied (its checksum "
                                       "differs): restore the file to downgrade it")
                            .arg(record.id));
        if (record.state == QLatin1String("upgrading"))
            return fail(Error::ValidationError,
                        QStringLiteral("%1 is partly applied (stopped at step %2 of %3): run "
                                       "upgrade to finish it first")
                            .arg(record.id)
                            .arg(record.stepsDone + 1)
                            .arg(record.stepCount));
        MigrationStatus status = makeStatus(record.id, record.message,
                               record.state == QLatin1String("downgrading")
                                   ? MigrationStatus::Reverting
                                   : MigrationStatus::Applied);
        status.stepsDone = record.stepsDone;
        selected->append(status);
        QString reason;
        if (status.state == MigrationStatus::Applied && !migration->isReversible(&reason))
            return fail(Error::Unsupported,
                        QStringLiteral("%1 cannot be downgraded: %2").arg(record.id, reason));
        if (target.isEmpty())
            break;
    }
    return true;
}

bool MigratorPrivate::runMigrations(const QList<MigrationStatus> &selected, bool upgrade)
{
    Connection *connection = this->connection();
    if (!connection)
        return false;
    MigrationRunner runner(connection, *dialect());
    Error error;
    if (!selected.isEmpty() && !runner.ensureTable(&error))
        return fail(error);
    QList<MigrationRecord> records;
    if (!readRecords(&records))
        return false;
    for (const MigrationStatus &status : selected) {
        const Migration *migration = file(status.id);
        MigrationRun run;
        const bool resume = status.state == MigrationStatus::Partial ||
                            status.state == MigrationStatus::Reverting;
        if (resume) {
            const auto record = std::find_if(records.cbegin(), records.cend(),
                                             [&](const auto &r) { return r.id == status.id; });
            if (record == records.cend())
                return fail(Error::InvalidQuery,
                            QStringLiteral("%1 is no longer recorded").arg(status.id));
            run = {status.id, record->checksum, record->message, upgrade, record->plan,
                   false, true, record->stepsDone};
        } else {
            SchemaModel model;
            SqliteCatalog catalog;
            if (!inspect(&model, &catalog))
                return false;
            MigrationPlanner planner(*dialect(), model, catalog);
            if (!plan(*migration, upgrade, &planner, &run))
                return false;
        }
        report(QStringLiteral("%1 %2%3 (%4 statements)")
                   .arg(upgrade ? QStringLiteral("upgrading") : QStringLiteral("downgrading"),
                        status.id, resume ? QStringLiteral(", resuming") : QString())
                   .arg(run.steps.size() - run.resumeAt));
        const bool ok = runner.run(run, &error);
        connection->clearStatements(); // prepared statements may name what changed
        if (!ok)
            return fail(error);
        report(QStringLiteral("%1 %2").arg(upgrade ? QStringLiteral("upgraded")
                                                   : QStringLiteral("downgraded"),
                                           status.id));
    }
    return true;
}

QStringList MigratorPrivate::sqlOf(const QList<MigrationStatus> &selected, bool upgrade)
{
    Connection *connection = this->connection();
    if (!connection)
        return {};
    MigrationRunner runner(connection, *dialect());
    QStringList sql;
    bool exists = false;
    Error error;
    QList<MigrationRecord> records;
    if (!runner.tableExists(&exists, &error)) {
        fail(error);
        return {};
    }
    if (!exists && !selected.isEmpty())
        sql << runner.createTableStatements();
    if (!readRecords(&records))
        return {};
    SchemaModel model;
    SqliteCatalog catalog;
    if (!inspect(&model, &catalog))
        return {};
    MigrationPlanner planner(*dialect(), model, catalog);
    for (const MigrationStatus &status : selected) {
        MigrationRun run;
        if (status.state == MigrationStatus::Partial || status.state == MigrationStatus::Reverting) {
            const auto record = std::find_if(records.cbegin(), records.cend(),
                                             [&](const auto &r) { return r.id == status.id; });
            if (record == records.cend()) {
                fail(Error::InvalidQuery, QStringLiteral("%1 is no longer recorded").arg(status.id));
                return {};
            }
            run = {status.id, record->checksum, record->message, upgrade, record->plan,
                   false, true, record->stepsDone};
        } else if (!plan(*file(status.id), upgrade, &planner, &run)) {
            return {};
        }
        sql << QStringLiteral("-- %1 %2").arg(upgrade ? QStringLiteral("upgrade")
                                                      : QStringLiteral("downgrade"),
                                              status.id);
        sql << runner.describe(run);
    }
    return sql;
}

QString MigratorPrivate::nextId(const QString &message) const
{
    static const QRegularExpression leadingNumber(QStringLiteral("^(\\d+)"));
    int last = 0;
    for (const Migration &migration : migrations) {
        const QRegularExpressionMatch match = leadingNumber.match(migration.id());
        if (match.hasMatch())
            last = qMax(last, match.captured(1).toInt());
    }
    QString slug;
    for (const QChar c : message.toLower()) {
        const bool plain = c.unicode() < 128 && c.isLetterOrNumber();
        if (plain)
            slug += c;
        else if (!slug.isEmpty() && !slug.endsWith(QLatin1Char('_')))
            slug += QLatin1Char('_');
    }
    while (slug.endsWith(QLatin1Char('_')))
        slug.chop(1);
    slug.truncate(48);
    return QStringLiteral("%1%2").arg(last + 1, 4, 10, QLatin1Char('0'))
        .arg(slug.isEmpty() ? QString() : QLatin1Char('_') + slug);
}

// --- Migrator ---------------------------------------------------------------------------

Migrator::Migrator(const Database &database, const QString &path)
    : d(std::make_unique<MigratorPrivate>())
{
    d->database = database;
    d->path = path;
    d->migrations = Migration::load(path, &d->loadError);
    d->lastError = d->loadError;
}

Migrator::~Migrator() = default;

QString Migrator::path() const
{
    return d->path;
}

QList<Migration> Migrator::migrations() const
{
    return d->migrations;
}

QList<MigrationStatus> Migrator::status()
{
    QList<MigrationRecord> records;
    if (!d->start() || !d->readRecords(&records))
        return {};
    QList<MigrationStatus> result;
    QHash<QString, MigrationRecord> byId;
    for (const MigrationRecord &record : std::as_const(records))
        byId.insert(record.id, record);
    auto statusOf = [](const MigrationRecord &record) {
        MigrationStatus status = makeStatus(record.id, record.message, MigrationStatus::Applied);
        status.appliedAt = record.appliedAt;
        status.stepsDone = record.stepsDone;
        status.stepCount = record.stepCount;
        status.error = record.error;
        if (record.state == QLatin1String("upgrading"))
            status.state = MigrationStatus::Partial;
        else if (record.state == QLatin1String("downgrading"))
            status.state = MigrationStatus::Reverting;
        if (status.state != MigrationStatus::Applied && record.stepsDone < record.plan.size())
            status.failedStep = record.plan.at(record.stepsDone).operation;
        return status;
    };
    for (const Migration &migration : std::as_const(d->migrations)) {
        const auto record = byId.constFind(migration.id());
        if (record == byId.cend()) {
            result.append(makeStatus(migration.id(), migration.message(), MigrationStatus::Pending));
            continue;
        }
        MigrationStatus status = statusOf(*record);
        status.message = migration.message();
        if (record->checksum != migration.checksum())
            status.state = MigrationStatus::Changed;
        result.append(status);
        byId.remove(migration.id());
    }
    for (const MigrationRecord &record : std::as_const(byId)) {
        MigrationStatus status = statusOf(record);
        status.state = MigrationStatus::Missing;
        result.append(status);
    }
    std::sort(result.begin(), result.end(),
              [](const MigrationStatus &a, const MigrationStatus &b) { return a.id < b.id; });
    return result;
}

QList<Migration> Migrator::pending()
{
    QList<MigrationStatus> selected;
    if (!d->start() || !d->selectUpgrade({}, &selected))
        return {};
    QList<Migration> result;
    for (const MigrationStatus &status : std::as_const(selected))
        result << *d->file(status.id);
    return result;
}

bool Migrator::upgrade(const QString &target)
{
    QList<MigrationStatus> selected;
    return d->start() && d->selectUpgrade(target, &selected) && d->runMigrations(selected, true);
}

bool Migrator::downgrade(const QString &target)
{
    QList<MigrationStatus> selected;
    return d->start() && d->selectDowngrade(target, &selected) &&
           d->runMigrations(selected, false);
}

QStringList Migrator::upgradeSql(const QString &target)
{
    QList<MigrationStatus> selected;
    if (!d->start() || !d->selectUpgrade(target, &selected))
        return {};
    return d->sqlOf(selected, true);
}

QStringList Migrator::downgradeSql(const QString &target)
{
    QList<MigrationStatus> selected;
    if (!d->start() || !d->selectDowngrade(target, &selected))
        return {};
    return d->sqlOf(selected, false);
}

Migration Migrator::autogenerate(const QString &message, const QStringList &renames)
{
    SchemaDiff::Options options;
    options.renames = renames;
    return autogenerate(message, options);
}

Migration Migrator::autogenerate(const QString &message, const SchemaDiff::Options &options)
{
    QList<MigrationStatus> pending;
    if (!d->start() || !d->selectUpgrade({}, &pending))
        return {};
    if (!pending.isEmpty()) {
        d->fail(Error::ValidationError,
                QStringLiteral("%1 migration(s) not applied yet (first: %2): upgrade first, "
                               "the entities are compared with the database")
                    .arg(pending.size())
                    .arg(pending.first().id));
        return {};
    }
    const SchemaDiff diff = SchemaDiff::compare(d->database, options);
    if (diff.error().isValid()) {
        d->fail(diff.error());
        return {};
    }
    if (!diff.unsupported().isEmpty()) {
        d->fail(Error::Unsupported,
                QStringLiteral("no operation can make these changes; write an sql step: %1")
                    .arg(diff.unsupported().join(QLatin1String("; "))));
        return {};
    }
    return Migration::create(d->nextId(message), message, diff.operations());
}

bool Migrator::save(const Migration &migration, const QString &directory, QString *fileName)
{
    d->lastError = Error();
    const QString target = directory.isEmpty() ? d->path : directory;
    if (!migration.isValid())
        return d->fail(migration.error().isValid()
                           ? migration.error()
                           : Error(Error::InvalidQuery, QStringLiteral("no migration to save")));
    if (target.startsWith(QLatin1Char(':')))
        return d->fail(Error::InvalidQuery,
                       QStringLiteral("%1 is a resource: give a directory to write to").arg(target));
    if (!QDir().mkpath(target))
        return d->fail(Error::InvalidQuery, QStringLiteral("cannot create %1").arg(target));
    QFile file(QDir(target).filePath(migration.id() + QLatin1String(".json")));
    if (file.exists())
        return d->fail(Error::InvalidQuery, QStringLiteral("%1 exists already").arg(file.fileName()));
    if (!file.open(QIODevice::WriteOnly) || file.write(migration.bytes()) != migration.bytes().size())
        return d->fail(Error::InvalidQuery,
                       QStringLiteral("%1: %2").arg(file.fileName(), file.errorString()));
    file.close();
    if (fileName)
        *fileName = file.fileName();
    if (QDir(target).canonicalPath() == QDir(d->path).canonicalPath()) {
        d->loadError = Error();
        d->migrations = Migration::load(d->path, &d->loadError);
        if (d->loadError.isValid())
            return d->fail(d->loadError);
    }
    return true;
}

void Migrator::setProgressHandler(const std::function<void(const QString &)> &handler)
{
    d->progress = handler;
}

Error Migrator::lastError() const
{
    return d->lastError;
}

} // namespace Quarry
