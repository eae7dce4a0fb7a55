#include "migrationstatus.h"

namespace Quarry {

QString MigrationStatus::stateName(State state)
{
    switch (state) {
    case Pending: return QStringLiteral("pending");
    case Applied: return QStringLiteral("applied");
    case Changed: return QStringLiteral("changed");
    case Partial: return QStringLiteral("partial");
    case Reverting: return QStringLiteral("reverting");
    case Missing: return QStringLiteral("missing");
    }
    return {};
}

QString MigrationStatus::describe() const
{
    const QString time = appliedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss'Z'"));
    switch (state) {
    case Pending:
        return QStringLiteral("pending");
    case Applied:
        return QStringLiteral("applied %1").arg(time);
    case Changed:
        return QStringLiteral("CHANGED since it was applied %1 (the file's checksum differs)")
            .arg(time);
    case Missing:
        return QStringLiteral("applied %1, but there is no file for it").arg(time);
    case Partial:
    case Reverting:
        break;
    }
    QString line = QStringLiteral("%1: stopped at step %2 of %3")
                       .arg(state == Partial ? QStringLiteral("PARTIAL (upgrade resumes)")
                                             : QStringLiteral("REVERTING (downgrade resumes)"))
                       .arg(stepsDone + 1)
                       .arg(stepCount);
    if (!failedStep.isEmpty())
        line += QStringLiteral(" (%1)").arg(failedStep);
    if (!error.isEmpty())
        line += QStringLiteral(": ") + error;
    return line;
}

} // namespace Quarry
