#pragma once

// Private: the SQL side of QueryModel. Counts the matching rows, fetches windows of them
// as plain values (no QObjects), finds rows by key and the position of a row. Every
// statement goes through the session's own connection without an autoflush, so that
// reading never writes the model's pending edits behind the user's back.
//
// A detached() copy reads without the session instead: it renders with a SqlBuilder of
// its own and runs on the calling thread's connection of the Database. That is what the
// background loader runs in its worker thread (rowloader_p.h): it shares no mutable
// state with the model (the condition and the order are implicitly shared values, the
// entity is immutable metadata).
//
// Windows are fetched by keyset where it can: the ORDER BY always ends with the primary
// key, so the sort key of a row whose position is known (a RowCache anchor) identifies a
// place in the order, and "the rows after it" is a WHERE clause the database can seek
// to. A window is fetched forwards from the nearest anchor before it (or from the start),
// or backwards from the nearest anchor after it (or from the end), whichever skips the
// fewest rows with OFFSET.

#include "condition.h"
#include "database.h"
#include "entityinfo.h"
#include "error.h"
#include "query.h"
#include "rowcache_p.h"

#include <QHash>
#include <QList>
#include <QPointer>

#include <memory>
#include <optional>

namespace Quarry {
class Session;
}

namespace Quarry::Private {

class Connection;
class Dialect;
class SqlBuilder;

struct SortTerm {
    int property = -1; // index into EntityInfo::properties()
    Qt::SortOrder order = Qt::AscendingOrder;
};

class RowSource {
public:
    void setSession(Session *session, const EntityInfo *entity);
    Session *session() const { return m_session; }
    // A copy with the same entity, condition and order that reads through `database`'s
    // connection of whichever thread runs it, never through the session.
    RowSource detached(const Database &database) const;
    const EntityInfo *entity() const { return m_entity; }

    // The WHERE condition (the query's, the filter and the search together).
    void setCondition(const Condition &condition) { m_condition = condition; }
    const Condition &condition() const { return m_condition; }
    // The ORDER BY terms; the primary key is appended as the last term (the tie-breaker
    // that makes the order total) unless it is one already.
    void setOrder(const QList<SortTerm> &terms);
    const QList<SortTerm> &order() const { return m_order; }
    // False when a sort column cannot be compared portably (bytes, JSON): windows are
    // then fetched by OFFSET only, and positionOf() cannot be answered.
    bool keysetUsable() const { return m_keysetUsable; }

    // Renders (without running) a SELECT with this condition: catches unknown properties.
    bool check(const Condition &condition, Error *error) const;

    qint64 count(Error *error) const;
    // Rows [start, start + rows) of `total`, fetched from the cheapest anchor in `cache`.
    bool fetch(qint64 start, int rows, qint64 total, const RowCache &cache, QList<ModelRow> *result,
               Error *error) const;
    // The same with the anchors given: the nearest before `start` and the nearest at or
    // after start + rows. A `total` < 0 (not counted yet) reads forwards from the start.
    bool fetch(qint64 start, int rows, qint64 total, const std::optional<RowCache::Anchor> &before,
               const std::optional<RowCache::Anchor> &after, QList<ModelRow> *result,
               Error *error) const;
    // The rows that match the condition among those with these primary keys, by the
    // keys' identity text.
    bool fetchByKeys(const QVariantList &keys, QHash<QString, ModelRow> *rows, Error *error) const;
    // How many matching rows sort before `row`: the position it has (or would have).
    qint64 positionOf(const ModelRow &row, Error *error) const;

    // The values of the ORDER BY terms of a row (the primary key last).
    QVariantList sortKey(const ModelRow &row) const;

private:
    // The rows strictly after the one with this sort key, in the order (or, `reversed`,
    // strictly before it), from ORDER BY term `term` on.
    Condition beyond(const QVariantList &sortKey, bool reversed, int term) const;
    QueryData query(const Condition &extra, bool reversed) const;
    bool run(const QueryData &query, QList<ModelRow> *rows, Error *error) const;
    bool failed(const Error &cause, Error *error) const;
    // The session's builder and connection, or the detached copy's own.
    const SqlBuilder *builder(Error *error) const;
    Connection *connection(Error *error) const;
    const Dialect *dialect() const;

    QPointer<Session> m_session;
    // Detached copies only: the database and a builder of their own (a SqlBuilder keeps
    // scratch state while rendering, so it is never shared between threads).
    Database m_database;
    std::shared_ptr<SqlBuilder> m_builder;
    const EntityInfo *m_entity = nullptr;
    Condition m_condition;
    QList<SortTerm> m_order;
    bool m_keysetUsable = true;
};

} // namespace Quarry::Private
