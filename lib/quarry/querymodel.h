#pragma once

#include "condition.h"
#include "error.h"
#include "quarry_export.h"
#include "query.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <memory>

namespace Quarry {

class EntityInfo;
class PropertyInfo;
class QueryModelPrivate;
class Session;

// A table model over a query: one row per matching row, one column per mapped property.
// It never loads a whole table: rowCount() comes from a COUNT(*), rows are read in
// windows of pageSize() rows into a bounded cache, on demand from data(). Sorting, the
// filter and the search run in SQL. Edits go through the session (the edited row's object
// is materialised) and are committed according to the edit strategy. Commits of any
// session of the same Database in this process show up without a refresh.
// With setBackgroundLoading(true) the counting and the window reads run in a worker
// thread instead, and the model fills in as results arrive (the calling thread never
// waits for the database). docs/models.md has the whole story.
class QUARRY_EXPORT QueryModel : public QAbstractTableModel {
    Q_OBJECT
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY searchChanged)
    Q_PROPERTY(EditStrategy editStrategy READ editStrategy WRITE setEditStrategy)
    Q_PROPERTY(bool dirty READ isDirty NOTIFY dirtyChanged)
    Q_PROPERTY(bool readOnly READ isReadOnly WRITE setReadOnly NOTIFY readOnlyChanged)
    Q_PROPERTY(bool backgroundLoading READ backgroundLoading WRITE setBackgroundLoading)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)

public:
    // As QSqlTableModel's. OnRowChange is the default there and here.
    enum EditStrategy { OnFieldChange, OnRowChange, OnManualSubmit };
    Q_ENUM(EditStrategy)
    // Property i of the entity has role FirstPropertyRole + i, named after the property
    // (QML: model.username); PrimaryKeyRole ("primaryKey") gives the row's key.
    // LoadingRole ("loading") is true while a row's values are still being read in the
    // background (every other role is then an invalid QVariant); far above the property
    // roles so that it never collides with one.
    enum Role {
        PrimaryKeyRole = Qt::UserRole,
        FirstPropertyRole = Qt::UserRole + 1,
        LoadingRole = Qt::UserRole + 0x10000
    };
    Q_ENUM(Role)

    explicit QueryModel(QObject *parent = nullptr);
    // The query's condition and order are kept; limit, offset, distinct and groupBy are
    // not supported (the model pages itself) and leave the model empty with lastError().
    explicit QueryModel(const QueryBase &query, QObject *parent = nullptr);
    // For code that knows only entity names (class or table name).
    QueryModel(Session *session, const QString &entityName, const Condition &condition = {},
               QObject *parent = nullptr);
    ~QueryModel() override;

    // --- API: what is shown -----------------------------------------------------------
    bool setQuery(const QueryBase &query);
    Session *session() const;
    const EntityInfo *entity() const;

    // Which properties are the columns, in order (default: every mapped property).
    bool setColumns(const QStringList &properties);
    QStringList columns() const;
    const PropertyInfo *propertyAt(int column) const;
    int columnOf(const QString &property) const;
    // FirstPropertyRole + the property's index; -1 for an unknown property.
    int roleOf(const QString &property) const;

    // Narrows the query's condition (replacing the previous filter). False, with
    // lastError(), for a condition that names an unknown property.
    bool setFilter(const Condition &condition);
    Condition filter() const;
    // Rows where some shown text column contains `text`, ignoring case (empty: all rows).
    void setSearch(const QString &text);
    QString search() const;
    // The condition the search adds (empty without a search), for code that reads the same
    // rows elsewhere (an export, a count): searchCondition(entity(), columns(), search()).
    Condition searchCondition() const;
    // Some text property among `properties` contains the trimmed `text`, ignoring case.
    static Condition searchCondition(const EntityInfo *entity, const QStringList &properties,
                                     const QString &text);
    // -1 while the query's own order applies (see sort()).
    int sortColumn() const;
    Qt::SortOrder sortOrder() const;

    // --- API: rows ----------------------------------------------------------------------
    QVariant primaryKey(int row) const;
    // The row's object, from the session's identity map or materialised from the row's
    // values; the session owns it. nullptr for an invalid row.
    Q_INVOKABLE QObject *object(int row);
    template <typename T> T *object(int row) { return qobject_cast<T *>(object(row)); }
    // Recounts and drops every loaded row (a model reset). Pending edits are kept.
    Q_INVOKABLE bool refresh();

    // Rows per window (default 256) and windows kept (default 64). Both drop the cache.
    void setPageSize(int rows);
    int pageSize() const;
    void setCachedPages(int pages);
    int cachedPages() const;

    // --- API: loading in the background -------------------------------------------------
    // Off by default: rowCount() and data() read synchronously. On: a worker thread with
    // its own connection counts and reads windows; rowCount() is what is known so far
    // (the rows of the first window, then the COUNT, announced as inserted rows), data()
    // of a row not loaded yet is invalid (LoadingRole: true) until its window arrives
    // (dataChanged). Every reset (query, filter, search, sort, refresh) discards what is
    // still on its way. The worker reads committed data only. Switching resets the model.
    void setBackgroundLoading(bool on);
    bool backgroundLoading() const;
    // False while the COUNT of the current query has not arrived (always true when
    // loading synchronously; true again when the count failed, see loadFailed()).
    bool isRowCountKnown() const;
    // A count or a window is on its way.
    bool isLoading() const;

    // --- API: editing -------------------------------------------------------------------
    void setEditStrategy(EditStrategy strategy);
    EditStrategy editStrategy() const;
    // Unsubmitted edits, inserted or removed rows (anywhere / in this cell's row; for an
    // edited stored row, in this very cell).
    bool isDirty() const;
    bool isDirty(const QModelIndex &index) const;
    // A pending inserted row (not submitted yet) / a stored row removed and waiting for
    // submitAll() (OnManualSubmit, or a refused submit); the vertical header shows "*" / "!".
    // Loading in the background, a row whose window has not arrived is not removed yet.
    bool isInserted(int row) const;
    bool isRemoved(int row) const;
    // Takes back the pending removals among the rows: each goes back to normal and its
    // object back into the session as it was before removeRows(). Rows in the range that
    // are not removed are left alone. False for an invalid range.
    bool restoreRows(int row, int count);
    // Off by default. Read-only, flags() offer no editing and setData(), insertRows(),
    // removeRows() and submitAll() refuse (false, lastError() a ValidationError).
    // Pending edits made before stay pending; revertAll() and restoreRows() still take
    // them back (they discard, they never write).
    void setReadOnly(bool readOnly);
    bool isReadOnly() const;
    // The error of the last call that failed (setData refusals, submits, queries).
    Error lastError() const;

public Q_SLOTS:
    // Commits the session. On failure the pending edits stay, lastError() says why and
    // submitFailed() is emitted.
    bool submitAll();
    // Discards the model's pending edits, inserted and removed rows.
    void revertAll();

Q_SIGNALS:
    void submitFailed(const Quarry::Error &error);
    void searchChanged(const QString &text);
    void dirtyChanged(bool dirty);
    void readOnlyChanged(bool readOnly);
    // The COUNT of the stored rows matching the query arrived (each reset, either mode).
    void rowCountKnown(qint64 rows);
    void loadingChanged(bool loading);
    // A background count or window failed (lastError() says the same).
    void loadFailed(const Quarry::Error &error);

public:
    // --- reimplemented ------------------------------------------------------------------
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;
    // Orders by the column, then by the query's own order, then by the primary key.
    // A column of -1 restores the query's own order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    // New objects (the entity's default constructor, `default=` values applied), shown
    // at `row` until they are submitted; then they move where the order puts them.
    bool insertRows(int row, int count, const QModelIndex &parent = {}) override;
    // Pending inserted rows vanish at once. Stored rows are removed from the session;
    // under OnManualSubmit they stay visible (vertical header "!") until submitAll().
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;
    // Views call these when the current row changes / an edit is cancelled:
    // OnRowChange and OnFieldChange submit, OnRowChange reverts.
    bool submit() override;
    void revert() override;

private:
    friend class QueryModelPrivate;
    std::unique_ptr<QueryModelPrivate> const d;
};

} // namespace Quarry
