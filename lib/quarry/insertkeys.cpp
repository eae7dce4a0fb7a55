// Multi-row INSERTs on MySQL/MariaDB: when their keys are consecutive (insertkeys_p.h), and
// asking the server once per table and connection instead of once per flush.

#include "insertkeys_p.h"

#include "connection_p.h"
#include "logging_p.h"

#include <QSqlQuery>

namespace Quarry::Private {

qint64 multiRowKeyStride(const QVariant &lockMode, const QVariant &increment,
                         const QVariant &engine)
{
    bool lockModeKnown = false;
    const qint64 mode = lockMode.toLongLong(&lockModeKnown);
    bool incrementKnown = false;
    const qint64 step = increment.toLongLong(&incrementKnown);
    // auto_increment_increment is 1..65535; anything else is an answer not understood.
    if (!lockModeKnown || (mode != 0 && mode != 1) || !incrementKnown || step < 1 || step > 65535)
        return 0;
    if (engine.isNull() ||
        engine.toString().compare(QLatin1String("InnoDB"), Qt::CaseInsensitive) != 0)
        return 0;
    return step;
}

qint64 Connection::multiRowKeyStride(const QString &table)
{
    const auto known = m_keyStrides.constFind(table);
    if (known != m_keyStrides.cend())
        return *known;
    // No ENGINE for a temporary table (not in information_schema.TABLES before MariaDB
    // 11.2): unknown, so one row per INSERT. A refused question means the same.
    static const QString sql = QStringLiteral(
        "SELECT @@innodb_autoinc_lock_mode, @@auto_increment_increment, "
        "(SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_NAME = ?)");
    qint64 stride = 0;
    {
        QSqlQuery query(database());
        query.setForwardOnly(true);
        qCDebug(lcQuarrySql).noquote() << sql << table;
        if (query.prepare(sql)) {
            query.addBindValue(table);
            if (query.exec() && query.next())
                stride = Private::multiRowKeyStride(query.value(0), query.value(1), query.value(2));
        }
        if (query.lastError().isValid())
            qCWarning(lcQuarrySession).noquote()
                << "cannot tell whether multi-row INSERTs generate consecutive keys, inserting"
                << table << "one row at a time:" << query.lastError().text();
    }
    qCDebug(lcQuarrySession).noquote()
        << "multi-row INSERTs into" << table
        << (stride ? QStringLiteral("batched, key step %1").arg(stride)
                   : QStringLiteral("not batched (keys may not be consecutive)"));
    m_keyStrides.insert(table, stride);
    return stride;
}

} // namespace Quarry::Private
