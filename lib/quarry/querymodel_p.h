#pragma once

// Private: QueryModel's state. querymodel.cpp reads and configures, querymodelediting.cpp
// edits and submits, querymodelpending.cpp answers for pending rows (and read-only),
// querymodellive.cpp follows the commits announced by the database.
//
// Model rows are the stored rows (positions in the query's order, read through the
// RowCache) with the pending inserted rows spliced in at the rows they were inserted at.

#include "changenotifier.h"
#include "querymodel.h"
#include "rowcache_p.h"
#include "rowloader_p.h"
#include "rowsource_p.h"

#include <QHash>
#include <QPointer>
#include <QSet>

#include <optional>

namespace Quarry {

class SessionPrivate;

class QueryModelPrivate {
public:
    explicit QueryModelPrivate(QueryModel *q) : q(q) {}

    // --- configuration (querymodel.cpp) ------------------------------------------------
    bool setUp(Session *session, const EntityInfo *entity, const QueryData *query);
    void connectSession();
    void rebuildCondition();
    void rebuildOrder();
    // Recounts and drops the cache inside a model reset.
    bool reload();
    bool fail(const Error &error);
    SessionPrivate *sessionPrivate() const;

    // --- rows (querymodel.cpp) ---------------------------------------------------------
    struct RowRef {
        qint64 stored = -1;          // position among the stored rows, or
        QObject *inserted = nullptr; // a pending inserted row's object
        bool isValid() const { return stored >= 0 || inserted; }
    };
    RowRef rowAt(int row) const;
    // A valid index of this model. (Not checkIndex(): views and QAbstractItemModelTester
    // ask about invalid indexes on purpose, and checkIndex() warns about each.)
    bool isCell(const QModelIndex &index) const
    {
        return index.isValid() && index.model() == q && !index.parent().isValid() &&
               index.row() < rowCount() && index.column() < columns.size();
    }
    int modelRowOf(qint64 stored) const;
    int rowCount() const { return int(storedCount + inserted.size()); }
    // The stored row, loaded with its window on demand (not while a change is being
    // announced: the database is then ahead of what views were told). In the background
    // mode a row not cached is queued instead, and nullptr returned.
    const Private::ModelRow *storedRow(qint64 index);
    // The stored row now, read synchronously if need be (both modes): for edits, which
    // need the row's values to materialise its object.
    const Private::ModelRow *storedRowNow(qint64 index);
    // A window came back shorter than the count promised: rows vanished without an
    // announcement (another process). Counts again, once, from the event loop.
    void scheduleRecount();
    QVariant valueAt(const RowRef &ref, int property);
    // The materialised object of a stored row, if the model made or found one.
    QObject *objectOf(const Private::ModelRow &row) const;
    QString identityOf(const Private::ModelRow &row) const;
    bool isEditable(const RowRef &ref, int property); // may load the row

    // --- editing (querymodelediting.cpp) -----------------------------------------------
    QObject *materialise(const RowRef &ref);
    bool writeValue(int row, int property, const QVariant &value);
    bool removeStoredRows(int first, int last);
    bool hasPendingChanges() const;
    void updateDirty();

    // --- pending rows and read-only (querymodelpending.cpp) ----------------------------
    // The identity of a stored row removed and waiting for the submit, else empty.
    // `readNow`: read a row that is not cached (else, loading in the background: empty).
    QString removedIdentity(int row, bool readNow);
    // fail() with the read-only refusal; false.
    bool refuseReadOnly();

    // --- live (querymodellive.cpp) -----------------------------------------------------
    void onCommitted(const QList<EntityChanges> &changes, const QObject *origin);
    void onSessionCommitted();
    void onSessionRolledBack();
    // Brings pending rows in line with the session after its commit or rollback. Rows
    // whose key is `announced` are left for applyChanges() to repaint.
    void reconcilePending(const QSet<QString> &announced);
    void applyChanges(const EntityChanges &changes);
    // After changes whose place is not known: recount; reset when rows came or went,
    // else reload what is shown.
    void verifyCount(qint64 expected, bool reloadShown);
    // Drops the cache and tells views every row changed: they reload what they show.
    void reloadShownRows();
    void removeStored(qint64 stored);
    void insertStored(qint64 stored, const Private::ModelRow &row);
    void emitRowChanged(int row);

    // --- background loading (querymodelbackground.cpp) ---------------------------------
    // reload() in the background: a reset to what is known (no stored rows yet), then the
    // first window and the COUNT are queued.
    bool reloadInBackground();
    // Forgets every request on its way (the query changed, or the model lost its session).
    void cancelLoads();
    // Windows on their way describe rows as they were (a commit was announced, the cache
    // was dropped): they are discarded and the pages still wanted are asked for again.
    void windowsOutdated();
    // A stored row a view asks for is not cached: its window is queued. True while so.
    bool awaitsRow(const RowRef &ref);
    // `readAhead`: a neighbour of a page a view asked for, read before it is needed.
    void requestPage(qint64 page, bool readAhead = false);
    void onLoaded(const Private::LoadResult &result);
    void onWindowLoaded(const Private::LoadResult &result);
    void onCountLoaded(const Private::LoadResult &result);
    // verifyCount() in the background: the COUNT runs in the worker; when it comes back,
    // with no commit announced since, the same decision is taken (else: a reset).
    void recountInBackground(qint64 expected, bool reloadShown);
    void onRecountLoaded(const Private::LoadResult &result);
    // Stored rows become known up to `count`: appended, announced as inserted rows.
    void growStoredCount(qint64 count);
    bool isLoading() const
    {
        return loader && (!countKnown || !pendingPages.isEmpty() || recount.has_value());
    }
    // Emits loadingChanged() when isLoading() changed since it last did; the queued form
    // is for data(), which must not emit.
    void updateLoading();
    void queueLoadingUpdate();

    QueryModel *q;
    QPointer<Session> session;
    const EntityInfo *entity = nullptr;
    Condition queryCondition;
    QList<Private::SortTerm> queryOrder;
    Condition filter;
    QString search;
    int sortColumn = -1;
    Qt::SortOrder sortOrder = Qt::AscendingOrder;
    QList<int> columns; // property indexes
    Private::RowSource source;
    mutable Private::RowCache cache; // row() marks pages as used
    qint64 storedCount = 0;
    QueryModel::EditStrategy strategy = QueryModel::OnRowChange;
    Error lastError;
    bool announcing = false; // a change is being announced: read only what is cached
    bool refreshQueued = false;
    bool dirty = false;
    bool readOnly = false;

    // Pending rows, by model row, ascending.
    struct InsertedRow {
        int row;
        QPointer<QObject> object;
    };
    QList<InsertedRow> inserted;
    // Objects of stored rows the model edited or removed, by key identity.
    QHash<QString, QPointer<QObject>> objects;
    QSet<QString> removed;
    // OnRowChange: the object of the row being edited.
    QPointer<QObject> editedRowObject;
    // The session's own commit, announced before it returns; handled after it.
    QList<EntityChanges> ownChanges;

    QList<QMetaObject::Connection> connections;

    // Background loading: null while loading synchronously.
    std::unique_ptr<Private::RowLoader> loader;
    // What the worker reads through this generation (an immutable, detached copy).
    std::shared_ptr<const Private::RowSource> workerSource;
    quint64 generation = 0; // bumped by every reset
    quint64 epoch = 0;      // bumped whenever windows on their way may be stale
    bool countKnown = true;
    QSet<qint64> pendingPages;
    QSet<qint64> readAheadPages; // among pendingPages: queued as read-ahead
    quint64 commitSerial = 0;    // bumped by every commit or rollback announced
    struct PendingRecount {
        quint64 serial = 0; // commitSerial when it was asked
        qint64 expected = 0;
        bool reloadShown = false;
    };
    std::optional<PendingRecount> recount;
    bool loadingShown = false; // what loadingChanged() last said
    bool loadingUpdateQueued = false;
};

} // namespace Quarry
