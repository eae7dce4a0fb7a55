#pragma once

// Private: the session's per-object statements (INSERT, UPDATE by primary key, DELETE by
// primary key, SELECT by primary key). Building their SQL text for every object, and
// hashing it to find the prepared statement, cost more than running them (the hotspots
// in docs/benchmarks.md): here each shape is built once, and the prepared statement (a
// QSqlQuery, or a native one on SQLite) is remembered with it for as long as the
// connection keeps its statements.

#include "connection_p.h"
#include "entityinfo.h"
#include "sqlbuilder_p.h"

#include <QHash>
#include <QList>

namespace Quarry::Private {

class StatementCache {
public:
    enum class Kind : quint8 { Insert, InsertReturning, UpdateByKey, DeleteByKey, SelectByKey };

    // Prepares the statement of this shape (on first use, or after the connection dropped
    // its statements), binds `values` and executes it. `columns` are property indexes:
    // the inserted columns (Insert*), the assigned ones (UpdateByKey), else empty; `rows`
    // is the number of VALUES rows of an INSERT.
    Cursor run(Connection *connection, const SqlBuilder &builder, const EntityInfo *entity,
                   Kind kind, const QList<int> &columns, const QVariantList &values, Error *error,
                   int rows = 1);
    void clear()
    {
        m_entries.clear();
        m_last = nullptr;
    }

private:
    struct Key {
        const EntityInfo *entity;
        Kind kind;
        QList<int> columns;
        int rows;
        bool operator==(const Key &other) const
        {
            return entity == other.entity && kind == other.kind && columns == other.columns &&
                   rows == other.rows;
        }
    };
    friend size_t qHash(const Key &key, size_t seed = 0)
    {
        return qHashMulti(seed, key.entity, int(key.kind), key.columns, key.rows);
    }
    struct Entry {
        QString sql;
        quint64 epoch = 0; // Connection::statementEpoch() when it was prepared
        QSqlQuery *query = nullptr;
        NativeStatement *native = nullptr;
    };
    static QString build(const SqlBuilder &builder, Kind kind, const QList<int> &columns, int rows);

    Entry &entry(Key &&key);

    QHash<Key, Entry> m_entries;
    // The entry used last, for a run of statements of one shape (a flush's UPDATEs)
    // without hashing the key each time. Valid until the next insertion, which sets it.
    Entry *m_last = nullptr;
    Key m_lastKey{};
};

} // namespace Quarry::Private
