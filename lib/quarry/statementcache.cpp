#include "statementcache_p.h"

namespace Quarry::Private {

QString StatementCache::build(const SqlBuilder &builder, Kind kind, const QList<int> &columns,
                              int rows)
{
    switch (kind) {
    case Kind::Insert:
        return builder.insert(columns, false, rows);
    case Kind::InsertReturning:
        return builder.insert(columns, true, rows);
    case Kind::UpdateByKey:
        return builder.updateByPrimaryKey(columns);
    case Kind::DeleteByKey:
        return builder.deleteByPrimaryKey();
    case Kind::SelectByKey:
        return builder.selectByPrimaryKey();
    }
    return {};
}

StatementCache::Entry &StatementCache::entry(Key &&key)
{
    if (m_last && key == m_lastKey)
        return *m_last;
    m_last = &m_entries[key];
    m_lastKey = std::move(key);
    return *m_last;
}

Cursor StatementCache::run(Connection *connection, const SqlBuilder &builder,
                           const EntityInfo *entity, Kind kind, const QList<int> &columns,
                           const QVariantList &values, Error *error, int rows)
{
    Entry &entry = this->entry(Key{entity, kind, columns, rows});
    // Epochs are unique across connections: equal means this connection, same statements.
    if (entry.epoch == connection->statementEpoch() && connection->isStillOpen()) {
        if (entry.native)
            return connection->executeNative(entry.native, values, error) ? entry.native : Cursor();
        if (entry.query)
            return connection->executePrepared(entry.query, values, error) ? entry.query : Cursor();
    }
    if (entry.sql.isEmpty())
        entry.sql = build(builder, kind, columns, rows);
    entry.query = nullptr;
    entry.native = nullptr;
    if (!connection->ensureOpen(error))
        return {};
    if (connection->hasNativePath()) {
        NativeStatement *statement = connection->prepareNative(entry.sql, error);
        if (!statement)
            return {};
        entry.epoch = connection->statementEpoch();
        entry.native = statement;
        return connection->executeNative(statement, values, error) ? statement : Cursor();
    }
    QSqlQuery *query = connection->prepare(entry.sql, error);
    if (!query)
        return {};
    // Read after prepare(): reopening a lost connection there starts a new epoch.
    entry.epoch = connection->statementEpoch();
    entry.query = query;
    return connection->executePrepared(query, values, error) ? query : Cursor();
}

} // namespace Quarry::Private
