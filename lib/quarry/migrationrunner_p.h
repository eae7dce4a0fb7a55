#pragma once

// Private: runs planned migrations on a connection and keeps the table quarry_migrations.
//
//   quarry_migrations (id PRIMARY KEY, checksum, message, state, steps_done, step_count,
//                      applied_at, plan, error)
//
// SQLite and PostgreSQL: the statements and the row change in one transaction, so a
// migration is recorded exactly when all of it ran (SQLite: with foreign keys off around
// a table rebuild and PRAGMA foreign_key_check before COMMIT). MariaDB/MySQL commit every
// DDL statement, so the row comes first (state "upgrading" / "downgrading", the planned
// statements in "plan") and steps_done counts the statements done: a failure leaves the
// row naming the step, and the next run continues from it with the recorded plan.

#include "connection_p.h"
#include "migrationplanner_p.h"

#include <QDateTime>

namespace Quarry::Private {

struct MigrationRecord {
    QString id;
    QString checksum;
    QString message;
    QString state; // "applied", "upgrading", "downgrading"
    int stepsDone = 0;
    int stepCount = 0;
    QDateTime appliedAt;
    QList<PlannedStep> plan;
    QString error;
};

// One migration to run in one direction.
struct MigrationRun {
    QString id;
    QString checksum;
    QString message;
    bool upgrade = true;
    QList<PlannedStep> steps;
    bool rebuilds = false; // SQLite: foreign keys off, and checked before COMMIT
    bool resume = false;   // MySQL: continue the recorded row from resumeAt
    int resumeAt = 0;
};

class MigrationRunner
{
public:
    static const QString tableName; // "quarry_migrations"

    MigrationRunner(Connection *connection, const Dialect &dialect);

    bool tableExists(bool *exists, Error *error);
    QStringList createTableStatements() const;
    bool ensureTable(Error *error);
    bool readRecords(QList<MigrationRecord> *records, Error *error);

    bool run(const MigrationRun &run, Error *error);
    // The SQL run() would execute, with bound values shown as literals.
    QStringList describe(const MigrationRun &run) const;

private:
    struct Statement {
        QString sql;
        QVariantList values;
    };
    QList<Statement> bookkeeping(const MigrationRun &run, bool before) const;
    bool execute(const Statement &statement, Error *error);
    QString display(const Statement &statement) const;
    bool runInTransaction(const MigrationRun &run, Error *error);
    bool runStepwise(const MigrationRun &run, Error *error);
    Error stepError(const MigrationRun &run, int step, const Error &cause) const;

    Connection *m_connection;
    const Dialect &m_dialect;
};

} // namespace Quarry::Private
