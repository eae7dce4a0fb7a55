#pragma once

#include "quarry_export.h"

#include <QDateTime>
#include <QString>

namespace Quarry {

// Where one migration stands in a database (Migrator::status()). Plain data.
struct QUARRY_EXPORT MigrationStatus {
    enum State {
        Pending,   // a file not applied yet
        Applied,   // recorded, and the file is unchanged
        Changed,   // recorded, but the file changed since: never re-run, upgrade refuses
        Partial,   // MariaDB/MySQL: stopped at a failed step; upgrade resumes there
        Reverting, // MariaDB/MySQL: a downgrade stopped at a failed step; downgrade resumes
        Missing,   // recorded, but there is no file of that id
    };

    QString id;
    QString message;
    State state = Pending;
    QDateTime appliedAt;  // UTC; invalid unless Applied or Changed
    int stepsDone = 0;    // Partial / Reverting: statements done of stepCount
    int stepCount = 0;
    QString failedStep;   // Partial / Reverting: the statement's operation, e.g. "addColumn t.c"
    QString error;        // Partial / Reverting: why the step failed

    static QString stateName(State state); // "pending", "applied", ...
    // One line: "applied 2024-05-01 10:00:00Z", "partial: stopped at step 2 of 3 (...)".
    QString describe() const;
};

} // namespace Quarry
