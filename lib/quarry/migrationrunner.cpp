// MigrationRunner: executes a planned migration and records it (see migrationrunner_p.h).

#include "migrationrunner_p.h"

#include "logging_p.h"
#include "migrationcolumn_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace Quarry::Private {

namespace {

ColumnDefinition column(const QString &name, PropertyInfo::Storage storage, int maxLength = -1,
                        bool nullable = false)
{
    ColumnDefinition definition;
    definition.name = name;
    definition.storage = storage;
    definition.maxLength = maxLength;
    definition.nullable = nullable;
    return definition;
}

TableDefinition migrationsTable()
{
    using S = PropertyInfo::Storage;
    TableDefinition table;
    table.name = MigrationRunner::tableName;
    table.columns << column(QStringLiteral("id"), S::String, 255)
                  << column(QStringLiteral("checksum"), S::String, 64)
                  << column(QStringLiteral("message"), S::String, -1, true)
                  << column(QStringLiteral("state"), S::String, 16)
                  << column(QStringLiteral("steps_done"), S::Int32)
                  << column(QStringLiteral("step_count"), S::Int32)
                  << column(QStringLiteral("applied_at"), S::DateTime, -1, true)
                  << column(QStringLiteral("plan"), S::String, -1, true)
                  << column(QStringLiteral("error"), S::String, -1, true);
    table.columns.first().primaryKey = true;
    return table;
}

QString planToJson(const QList<PlannedStep> &steps)
{
    QJsonArray array;
    for (const PlannedStep &step : steps)
        array << QJsonObject{{QStringLiteral("sql"), step.sql},
                             {QStringLiteral("operation"), step.operation}};
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<PlannedStep> planFromJson(const QString &text)
{
    QList<PlannedStep> steps;
    for (const QJsonValue &value : QJsonDocument::fromJson(text.toUtf8()).array()) {
        const QJsonObject step = value.toObject();
        steps << PlannedStep{step.value(QLatin1String("sql")).toString(),
                             step.value(QLatin1String("operation")).toString()};
    }
    return steps;
}

} // namespace

const QString MigrationRunner::tableName = QStringLiteral("quarry_migrations");

MigrationRunner::MigrationRunner(Connection *connection, const Dialect &dialect)
    : m_connection(connection), m_dialect(dialect)
{
}

bool MigrationRunner::tableExists(bool *exists, Error *error)
{
    QString sql;
    switch (m_dialect.backend()) {
    case Database::Backend::SQLite:
        sql = QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
        break;
    case Database::Backend::PostgreSQL:
        sql = QStringLiteral("SELECT 1 FROM pg_class WHERE relname = ? "
                             "AND relnamespace = current_schema()::regnamespace");
        break;
    default:
        sql = QStringLiteral("SELECT 1 FROM information_schema.TABLES "
                             "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?");
        break;
    }
    const std::unique_ptr<QSqlQuery> query = m_connection->runUncached(sql, {tableName}, error);
    if (!query)
        return false;
    *exists = query->next();
    return true;
}

QStringList MigrationRunner::createTableStatements() const
{
    return migrationsTable().createStatements(m_dialect, true);
}

bool MigrationRunner::ensureTable(Error *error)
{
    for (const QString &sql : createTableStatements()) {
        if (!m_connection->executeDirect(sql, error))
            return false;
    }
    return true;
}

bool MigrationRunner::readRecords(QList<MigrationRecord> *records, Error *error)
{
    bool exists = false;
    if (!tableExists(&exists, error))
        return false;
    if (!exists)
        return true;
    const QString sql = QStringLiteral("SELECT id, checksum, message, state, steps_done, "
                                       "step_count, applied_at, plan, error FROM ") +
                        m_dialect.quote(tableName) + QStringLiteral(" ORDER BY id");
    const std::unique_ptr<QSqlQuery> query = m_connection->runUncached(sql, {}, error);
    if (!query)
        return false;
    const PropertyInfo time = column({}, PropertyInfo::Storage::DateTime).toProperty();
    while (query->next()) {
        MigrationRecord record;
        record.id = query->value(0).toString();
        record.checksum = query->value(1).toString();
        record.message = query->value(2).toString();
        record.state = query->value(3).toString();
        record.stepsDone = query->value(4).toInt();
        record.stepCount = query->value(5).toInt();
        record.appliedAt = m_dialect.fromDatabase(time, query->value(6)).toDateTime();
        record.plan = planFromJson(query->value(7).toString());
        record.error = query->value(8).toString();
        records->append(record);
    }
    return true;
}

QList<MigrationRunner::Statement> MigrationRunner::bookkeeping(const MigrationRun &run,
                                                               bool before) const
{
    const QString table = m_dialect.quote(tableName);
    const PropertyInfo time = column({}, PropertyInfo::Storage::DateTime).toProperty();
    const QVariant now = m_dialect.toDatabase(time, QDateTime::currentDateTimeUtc());
    const int count = run.steps.size();
    const bool stepwise = m_dialect.backend() == Database::Backend::MySQL;
    const QString insert = QStringLiteral("INSERT INTO ") + table +
                           QStringLiteral(" (id, checksum, message, state, steps_done, step_count, "
                                          "applied_at, plan) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    const QString remove = QStringLiteral("DELETE FROM ") + table + QStringLiteral(" WHERE id = ?");
    if (!stepwise) {
        if (before)
            return {};
        if (!run.upgrade)
            return {{remove, {run.id}}};
        return {{insert,
                 {run.id, run.checksum, run.message, QStringLiteral("applied"), count, count, now,
                  QVariant(QMetaType::fromType<QString>())}}};
    }
    if (before) {
        if (run.resume)
            return {};
        if (run.upgrade)
            return {{insert,
                     {run.id, run.checksum, run.message, QStringLiteral("upgrading"), 0, count,
                      QVariant(QMetaType::fromType<QString>()), planToJson(run.steps)}}};
        return {{QStringLiteral("UPDATE ") + table +
                     QStringLiteral(" SET state = ?, steps_done = 0, step_count = ?, "
                                    "applied_at = NULL, plan = ?, error = NULL WHERE id = ?"),
                 {QStringLiteral("downgrading"), count, planToJson(run.steps), run.id}}};
    }
    if (!run.upgrade)
        return {{remove, {run.id}}};
    return {{QStringLiteral("UPDATE ") + table +
                 QStringLiteral(" SET state = ?, steps_done = ?, applied_at = ?, plan = NULL, "
                                "error = NULL WHERE id = ?"),
             {QStringLiteral("applied"), count, now, run.id}}};
}

bool MigrationRunner::execute(const Statement &statement, Error *error)
{
    if (statement.values.isEmpty())
        return m_connection->executeDirect(statement.sql, error);
    return m_connection->runUncached(statement.sql, statement.values, error) != nullptr;
}

QString MigrationRunner::display(const Statement &statement) const
{
    const PropertyInfo text = column({}, PropertyInfo::Storage::String).toProperty();
    QString sql;
    qsizetype next = 0;
    for (const QChar c : statement.sql) {
        if (c != QLatin1Char('?') || next >= statement.values.size()) {
            sql += c;
            continue;
        }
        const QVariant value = statement.values.at(next++);
        if (value.isNull())
            sql += QStringLiteral("NULL");
        else if (value.metaType().id() == QMetaType::Int)
            sql += QString::number(value.toInt());
        else
            sql += m_dialect.literal(text, value.toString());
    }
    return sql;
}

Error MigrationRunner::stepError(const MigrationRun &run, int step, const Error &cause) const
{
    return Error(cause.kind(),
                 QStringLiteral("%1 %2: step %3 of %4 (%5) failed: %6")
                     .arg(run.upgrade ? QStringLiteral("upgrading") : QStringLiteral("downgrading"),
                          run.id)
                     .arg(step + 1)
                     .arg(run.steps.size())
                     .arg(run.steps.at(step).operation, cause.message()),
                 cause.sql(), cause.sqlError());
}

bool MigrationRunner::run(const MigrationRun &run, Error *error)
{
    if (m_dialect.backend() == Database::Backend::MySQL)
        return runStepwise(run, error);
    return runInTransaction(run, error);
}

bool MigrationRunner::runInTransaction(const MigrationRun &run, Error *error)
{
    const bool foreignKeysOff = m_dialect.backend() == Database::Backend::SQLite && run.rebuilds;
    Error ignored;
    if (foreignKeysOff &&
        !m_connection->executeDirect(QStringLiteral("PRAGMA foreign_keys = OFF"), error))
        return false;
    auto fail = [&](const Error &reason) {
        if (m_connection->inTransaction())
            m_connection->rollback(&ignored);
        if (foreignKeysOff)
            m_connection->executeDirect(QStringLiteral("PRAGMA foreign_keys = ON"), &ignored);
        *error = reason;
        return false;
    };
    Error failure;
    if (!m_connection->begin(&failure))
        return fail(failure);
    for (int i = 0; i < run.steps.size(); ++i) {
        if (!m_connection->executeDirect(run.steps.at(i).sql, &failure))
            return fail(stepError(run, i, failure));
    }
    if (foreignKeysOff) {
        const QString check = QStringLiteral("PRAGMA foreign_key_check");
        const std::unique_ptr<QSqlQuery> query = m_connection->runUncached(check, {}, &failure);
        if (!query)
            return fail(failure);
        if (query->next()) {
            const QString message =
                QStringLiteral("%1 %2: a row of %3 (rowid %4) references a missing row of %5")
                    .arg(run.upgrade ? QStringLiteral("upgrading") : QStringLiteral("downgrading"),
                         run.id, query->value(0).toString(), query->value(1).toString(),
                         query->value(2).toString());
            return fail(Error(Error::ForeignKeyViolation, message, check));
        }
    }
    for (const Statement &statement : bookkeeping(run, false)) {
        if (!execute(statement, &failure))
            return fail(failure);
    }
    if (!m_connection->commit(&failure))
        return fail(failure);
    if (foreignKeysOff &&
        !m_connection->executeDirect(QStringLiteral("PRAGMA foreign_keys = ON"), error))
        return false;
    return true;
}

bool MigrationRunner::runStepwise(const MigrationRun &run, Error *error)
{
    const QString progress = QStringLiteral("UPDATE ") + m_dialect.quote(tableName) +
                             QStringLiteral(" SET steps_done = ? WHERE id = ?");
    for (const Statement &statement : bookkeeping(run, true)) {
        if (!execute(statement, error))
            return false;
    }
    for (int i = run.resume ? run.resumeAt : 0; i < run.steps.size(); ++i) {
        Error failure;
        if (!m_connection->executeDirect(run.steps.at(i).sql, &failure)) {
            *error = stepError(run, i, failure);
            Error ignored;
            execute({QStringLiteral("UPDATE ") + m_dialect.quote(tableName) +
                         QStringLiteral(" SET error = ? WHERE id = ?"),
                     {error->message(), run.id}},
                    &ignored);
            return false;
        }
        if (!execute({progress, {i + 1, run.id}}, error))
            return false;
    }
    for (const Statement &statement : bookkeeping(run, false)) {
        if (!execute(statement, error))
            return false;
    }
    return true;
}

QStringList MigrationRunner::describe(const MigrationRun &run) const
{
    QStringList sql;
    const bool stepwise = m_dialect.backend() == Database::Backend::MySQL;
    const bool foreignKeysOff = m_dialect.backend() == Database::Backend::SQLite && run.rebuilds;
    if (foreignKeysOff)
        sql << QStringLiteral("PRAGMA foreign_keys = OFF");
    if (!stepwise)
        sql << QStringLiteral("BEGIN");
    for (const Statement &statement : bookkeeping(run, true))
        sql << display(statement);
    for (int i = run.resume ? run.resumeAt : 0; i < run.steps.size(); ++i) {
        sql << run.steps.at(i).sql;
        if (stepwise)
            sql << display({QStringLiteral("UPDATE ") + m_dialect.quote(tableName) +
                                QStringLiteral(" SET steps_done = ? WHERE id = ?"),
                            {i + 1, run.id}});
    }
    if (foreignKeysOff)
        sql << QStringLiteral("PRAGMA foreign_key_check");
    for (const Statement &statement : bookkeeping(run, false))
        sql << display(statement);
    if (!stepwise)
        sql << QStringLiteral("COMMIT");
    if (foreignKeysOff)
        sql << QStringLiteral("PRAGMA foreign_keys = ON");
    return sql;
}

} // namespace Quarry::Private
