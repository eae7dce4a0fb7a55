// QueryModel: construction, configuration (columns, filter, search, sort) and reading.

#include "querymodel.h"

#include "modelvalues_p.h"
#include "querymodel_p.h"
#include "session.h"
#include "session_p.h"

#include <QTimer>

namespace Quarry {

namespace Values = Private::ModelValues;

// --- QueryModelPrivate: configuration ---------------------------------------------------

bool QueryModelPrivate::fail(const Error &error)
{
    lastError = error;
    return false;
}

SessionPrivate *QueryModelPrivate::sessionPrivate() const
{
    return session ? session->d_func() : nullptr;
}

bool QueryModelPrivate::setUp(Session *newSession, const EntityInfo *newEntity,
                              const QueryData *query)
{
    session = newSession;
    entity = newSession ? newEntity : nullptr;
    queryCondition = Condition();
    queryOrder.clear();
    filter = Condition();
    search.clear();
    sortColumn = -1;
    columns.clear();
    inserted.clear();
    objects.clear();
    removed.clear();
    editedRowObject = nullptr;
    ownChanges.clear();
    cancelLoads();
    source.setSession(nullptr, nullptr);
    if (!newSession)
        return fail(Error(Error::InvalidQuery, QStringLiteral("the model has no session")));
    if (!entity)
        return fail(newSession->lastError().isValid()
                        ? newSession->lastError()
                        : Error(Error::InvalidQuery, QStringLiteral("the query has no entity")));
    if (query) {
        if (query->limit >= 0 || query->offset >= 0 || query->distinct ||
            !query->groupBy.isEmpty() || !query->having.isEmpty()) {
            entity = nullptr;
            return fail(
                Error(Error::InvalidQuery,
                      QStringLiteral("QueryModel pages through the rows itself: limit(), "
                                     "offset(), distinct() and groupBy() are not supported")));
        }
        queryCondition = query->where;
        for (const auto &[field, order] : query->orderBy) {
            const int property = entity->indexOf(field.property());
            if (field.isAggregate() || property < 0) {
                const Error error(
                    Error::InvalidQuery,
                    QStringLiteral("QueryModel cannot order by '%1'").arg(field.property()));
                entity = nullptr;
                return fail(error);
            }
            queryOrder.append(Private::SortTerm{property, order});
        }
    }
    for (int i = 0; i < entity->properties().size(); ++i)
        columns.append(i);
    source.setSession(session, entity);
    rebuildCondition();
    rebuildOrder();
    Error error;
    if (!source.check(Condition(), &error)) {
        entity = nullptr;
        source.setSession(nullptr, nullptr);
        return fail(error);
    }
    connectSession();
    return true;
}

void QueryModelPrivate::connectSession()
{
    for (const QMetaObject::Connection &connection : std::as_const(connections))
        QObject::disconnect(connection);
    connections.clear();
    if (!session)
        return;
    if (ChangeNotifier *notifier = session->database().changeNotifier()) {
        connections << QObject::connect(
            notifier, &ChangeNotifier::committed, q,
            [this](const QList<EntityChanges> &changes, const QObject *origin) {
                onCommitted(changes, origin);
            });
    }
    connections << QObject::connect(session, &Session::committed, q,
                                    [this] { onSessionCommitted(); });
    connections << QObject::connect(session, &Session::rolledBack, q,
                                    [this] { onSessionRolledBack(); });
    connections << QObject::connect(session, &QObject::destroyed, q, [this] {
        q->beginResetModel();
        setUp(nullptr, nullptr, nullptr);
        storedCount = 0;
        cache.clear();
        q->endResetModel();
    });
}

void QueryModelPrivate::rebuildCondition()
{
    source.setCondition(queryCondition && filter && q->searchCondition());
}

void QueryModelPrivate::rebuildOrder()
{
    QList<Private::SortTerm> terms;
    if (sortColumn >= 0 && sortColumn < columns.size())
        terms.append(Private::SortTerm{columns.at(sortColumn), sortOrder});
    for (const Private::SortTerm &term : std::as_const(queryOrder)) {
        if (terms.isEmpty() || terms.constFirst().property != term.property)
            terms.append(term);
    }
    source.setOrder(terms);
}

bool QueryModelPrivate::reload()
{
    if (loader)
        return reloadInBackground();
    q->beginResetModel();
    cache.clear();
    Error error;
    const qint64 count = entity ? source.count(&error) : 0;
    storedCount = std::max<qint64>(count, 0);
    // Pending inserted rows keep their order and stay inside the model.
    for (int i = 0; i < inserted.size(); ++i)
        inserted[i].row = int(std::min<qint64>(inserted.at(i).row, storedCount + i));
    q->endResetModel();
    if (count < 0)
        return fail(error);
    if (entity)
        emit q->rowCountKnown(storedCount);
    return true;
}

// --- QueryModelPrivate: rows ------------------------------------------------------------

QueryModelPrivate::RowRef QueryModelPrivate::rowAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    qint64 insertedBefore = 0;
    for (const InsertedRow &pending : inserted) {
        if (pending.row == row)
            return RowRef{-1, pending.object.data()};
        if (pending.row > row)
            break;
        ++insertedBefore;
    }
    return RowRef{row - insertedBefore, nullptr};
}

int QueryModelPrivate::modelRowOf(qint64 stored) const
{
    qint64 row = stored;
    for (const InsertedRow &pending : inserted) {
        if (pending.row > row)
            break;
        ++row;
    }
    return int(row);
}

const Private::ModelRow *QueryModelPrivate::storedRow(qint64 index)
{
    if (const Private::ModelRow *row = cache.row(index))
        return row;
    if (loader) {
        if (!announcing && index >= 0 && index < storedCount && entity)
            requestPage(cache.pageOf(index));
        return nullptr;
    }
    return storedRowNow(index);
}

const Private::ModelRow *QueryModelPrivate::storedRowNow(qint64 index)
{
    if (const Private::ModelRow *row = cache.row(index))
        return row;
    if (announcing || index < 0 || index >= storedCount || !entity)
        return nullptr;
    const qint64 page = cache.pageOf(index);
    const qint64 start = cache.pageStart(page);
    QList<Private::ModelRow> rows;
    Error error;
    if (!source.fetch(start, cache.pageSize(), storedCount, cache, &rows, &error)) {
        fail(error);
        return nullptr;
    }
    if (rows.size() < std::min<qint64>(cache.pageSize(), storedCount - start))
        scheduleRecount();
    if (rows.isEmpty())
        return nullptr;
    cache.setAnchor(start, source.sortKey(rows.constFirst()));
    cache.setAnchor(start + rows.size() - 1, source.sortKey(rows.constLast()));
    cache.storePage(page, rows);
    return cache.row(index);
}

void QueryModelPrivate::scheduleRecount()
{
    if (refreshQueued)
        return;
    refreshQueued = true;
    QTimer::singleShot(0, q, [this] {
        refreshQueued = false;
        reload();
    });
}

QString QueryModelPrivate::identityOf(const Private::ModelRow &row) const
{
    return SessionPrivate::identityKey(row.at(entity->primaryKeyIndex()));
}

QObject *QueryModelPrivate::objectOf(const Private::ModelRow &row) const
{
    if (objects.isEmpty())
        return nullptr;
    return objects.value(identityOf(row)).data();
}

bool QueryModelPrivate::isEditable(const RowRef &ref, int property)
{
    if (!ref.isValid())
        return false;
    const PropertyInfo &info = entity->properties().at(property);
    // A stored row keeps its key (it is its identity); a new one may set a key that the
    // database does not generate.
    if (info.isPrimaryKey() && (ref.stored >= 0 || info.isAutoIncrement()))
        return false;
    if (ref.stored >= 0 && !removed.isEmpty()) {
        const Private::ModelRow *row = storedRow(ref.stored);
        if (row && removed.contains(identityOf(*row)))
            return false; // removed, waiting for submitAll()
    }
    return true;
}

QVariant QueryModelPrivate::valueAt(const RowRef &ref, int property)
{
    const PropertyInfo &info = entity->properties().at(property);
    if (ref.inserted)
        return info.read(ref.inserted);
    const Private::ModelRow *row = storedRow(ref.stored);
    if (!row)
        return {};
    if (QObject *object = objectOf(*row))
        return info.read(object);
    return row->at(property);
}

// --- QueryModel -------------------------------------------------------------------------

QueryModel::QueryModel(QObject *parent)
    : QAbstractTableModel(parent), d(std::make_unique<QueryModelPrivate>(this))
{
}

QueryModel::QueryModel(const QueryBase &query, QObject *parent) : QueryModel(parent)
{
    setQuery(query);
}

QueryModel::QueryModel(Session *session, const QString &entityName, const Condition &condition,
                       QObject *parent)
    : QueryModel(parent)
{
    if (!session) {
        d->fail(Error(Error::InvalidQuery, QStringLiteral("the model has no session")));
        return;
    }
    const EntityInfo *entity = session->database().entity(entityName);
    if (!entity) {
        d->fail(Error(Error::InvalidQuery,
                      QStringLiteral("no registered entity named '%1'").arg(entityName)));
        return;
    }
    QueryData query;
    query.session = session;
    query.entity = entity;
    query.where = condition;
    beginResetModel();
    const bool ok = d->setUp(session, entity, &query);
    endResetModel();
    if (ok)
        d->reload();
}

QueryModel::~QueryModel()
{
    d->loader.reset(); // stops the worker before anything it reports to goes
    for (const QMetaObject::Connection &connection : std::as_const(d->connections))
        disconnect(connection);
}

bool QueryModel::setQuery(const QueryBase &query)
{
    beginResetModel();
    const bool ok = d->setUp(query.session(), query.entity(), &query.data());
    d->cache.clear();
    d->storedCount = 0;
    endResetModel();
    return ok && d->reload();
}

Session *QueryModel::session() const
{
    return d->session;
}
const EntityInfo *QueryModel::entity() const
{
    return d->entity;
}
Error QueryModel::lastError() const
{
    return d->lastError;
}

bool QueryModel::setColumns(const QStringList &properties)
{
    if (!d->entity)
        return d->fail(Error(Error::InvalidQuery, QStringLiteral("the model has no entity")));
    QList<int> columns;
    for (const QString &name : properties) {
        const int property = d->entity->indexOf(name);
        if (property < 0)
            return d->fail(
                Error(Error::InvalidQuery, QStringLiteral("%1 has no mapped property '%2'")
                                               .arg(d->entity->className(), name)));
        columns.append(property);
    }
    beginResetModel();
    d->columns = columns;
    d->sortColumn = -1;
    d->rebuildOrder();
    d->rebuildCondition(); // the search looks at the shown columns
    endResetModel();
    return d->reload();
}

QStringList QueryModel::columns() const
{
    QStringList names;
    for (int property : d->columns)
        names.append(d->entity->properties().at(property).name());
    return names;
}

const PropertyInfo *QueryModel::propertyAt(int column) const
{
    if (column < 0 || column >= d->columns.size())
        return nullptr;
    return &d->entity->properties().at(d->columns.at(column));
}

int QueryModel::columnOf(const QString &property) const
{
    const int index = d->entity ? d->entity->indexOf(property) : -1;
    return index < 0 ? -1 : int(d->columns.indexOf(index));
}

int QueryModel::roleOf(const QString &property) const
{
    const int index = d->entity ? d->entity->indexOf(property) : -1;
    return index < 0 ? -1 : FirstPropertyRole + index;
}

bool QueryModel::setFilter(const Condition &condition)
{
    Error error;
    if (!d->source.check(d->queryCondition && condition, &error))
        return d->fail(error);
    d->filter = condition;
    d->rebuildCondition();
    return d->reload();
}

Condition QueryModel::filter() const
{
    return d->filter;
}

void QueryModel::setSearch(const QString &text)
{
    if (text == d->search)
        return;
    d->search = text;
    d->rebuildCondition();
    d->reload();
    emit searchChanged(text);
}

QString QueryModel::search() const
{
    return d->search;
}

Condition QueryModel::searchCondition() const
{
    return searchCondition(d->entity, columns(), d->search);
}

Condition QueryModel::searchCondition(const EntityInfo *entity, const QStringList &properties,
                                      const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || !entity)
        return Condition();
    Condition matches = Condition::none();
    for (const QString &name : properties) {
        const PropertyInfo *info = entity->property(name);
        if (info && info->storage() == PropertyInfo::Storage::String)
            matches = matches || Field(info->name()).contains(trimmed, Qt::CaseInsensitive);
    }
    return matches;
}

int QueryModel::sortColumn() const
{
    return d->sortColumn;
}
Qt::SortOrder QueryModel::sortOrder() const
{
    return d->sortOrder;
}

void QueryModel::sort(int column, Qt::SortOrder order)
{
    d->sortColumn = column >= 0 && column < d->columns.size() ? column : -1;
    d->sortOrder = order;
    d->rebuildOrder();
    d->reload();
}

bool QueryModel::refresh()
{
    return d->reload();
}

void QueryModel::setPageSize(int rows)
{
    d->cache.setPageSize(rows);
    if (d->loader)
        d->reloadShownRows(); // pages on their way have the old size
}

int QueryModel::pageSize() const
{
    return d->cache.pageSize();
}

void QueryModel::setCachedPages(int pages)
{
    d->cache.setMaxPages(pages);
    if (d->loader)
        d->reloadShownRows();
}

int QueryModel::cachedPages() const
{
    return d->cache.maxPages();
}

QVariant QueryModel::primaryKey(int row) const
{
    if (!d->entity)
        return {};
    return d->valueAt(d->rowAt(row), d->entity->primaryKeyIndex());
}

int QueryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : d->rowCount();
}

int QueryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !d->entity ? 0 : int(d->columns.size());
}

QVariant QueryModel::data(const QModelIndex &index, int role) const
{
    if (!d->isCell(index))
        return {};
    const QueryModelPrivate::RowRef ref = d->rowAt(index.row());
    if (!ref.isValid())
        return {};
    if (d->awaitsRow(ref))
        return role == LoadingRole ? QVariant(true) : QVariant();
    if (role == LoadingRole)
        return false;
    const int propertyCount = int(d->entity->properties().size());
    if (role == PrimaryKeyRole)
        return d->valueAt(ref, d->entity->primaryKeyIndex());
    if (role >= FirstPropertyRole && role < FirstPropertyRole + propertyCount)
        return d->valueAt(ref, role - FirstPropertyRole);
    const int propertyIndex = d->columns.at(index.column());
    const PropertyInfo &property = d->entity->properties().at(propertyIndex);
    switch (role) {
    case Qt::DisplayRole:
        return Values::display(property, d->valueAt(ref, propertyIndex));
    case Qt::EditRole:
        return Values::edit(property, d->valueAt(ref, propertyIndex));
    case Qt::CheckStateRole: {
        if (!Values::isBool(property))
            return {};
        const QVariant value = d->valueAt(ref, propertyIndex);
        if (value.isNull() || !value.isValid())
            return {};
        return value.toBool() ? Qt::Checked : Qt::Unchecked;
    }
    case Qt::TextAlignmentRole:
        if (Values::isNumeric(property))
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant QueryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal) {
        const PropertyInfo *property = propertyAt(section);
        return property ? QVariant(property->label()) : QVariant();
    }
    const QueryModelPrivate::RowRef ref = d->rowAt(section);
    if (ref.inserted)
        return QStringLiteral("*");
    if (!d->removed.isEmpty() && ref.stored >= 0) {
        const Private::ModelRow *row = d->storedRow(ref.stored);
        if (row && d->removed.contains(d->identityOf(*row)))
            return QStringLiteral("!");
    }
    return section + 1;
}

Qt::ItemFlags QueryModel::flags(const QModelIndex &index) const
{
    if (!d->isCell(index))
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
    const int property = d->columns.at(index.column());
    if (d->readOnly || !d->isEditable(d->rowAt(index.row()), property))
        return flags;
    flags |= Qt::ItemIsEditable;
    if (Values::isBool(d->entity->properties().at(property)))
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

QHash<int, QByteArray> QueryModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(PrimaryKeyRole, QByteArrayLiteral("primaryKey"));
    names.insert(LoadingRole, QByteArrayLiteral("loading"));
    if (d->entity) {
        const QList<PropertyInfo> &properties = d->entity->properties();
        for (int i = 0; i < properties.size(); ++i)
            names.insert(FirstPropertyRole + i, properties.at(i).name().toUtf8());
    }
    return names;
}

} // namespace Quarry
