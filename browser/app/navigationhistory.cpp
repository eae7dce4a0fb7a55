#include "navigationhistory.h"

#include "backgroundworker.h"

#include <quarry/entityinfo.h>
#include <quarry/querymodel.h>
#include <quarry/session.h>

#include <QAbstractProxyModel>
#include <QAction>
#include <QIcon>
#include <QItemSelectionModel>
#include <QMouseEvent>
#include <QPointer>
#include <QTableView>
#include <QTimer>

#include <limits>

using namespace Qt::StringLiterals;

namespace QuarryBrowser {

namespace {
// Enough for any session of clicking around; the oldest entries go first.
constexpr int maximumEntries = 200;
// Rows a pending insert may have pushed the target by, checked around the counted position.
constexpr int positionSlack = 8;

bool sameKey(const QVariant &a, const QVariant &b)
{
    if (!a.isValid() || !b.isValid() || a.isNull() || b.isNull())
        return false;
    bool aIsNumber = false;
    bool bIsNumber = false;
    const qlonglong x = a.toLongLong(&aIsNumber);
    const qlonglong y = b.toLongLong(&bIsNumber);
    if (aIsNumber && bIsNumber)
        return x == y;
    return a.toString() == b.toString();
}

QModelIndex sourceIndex(const QModelIndex &index)
{
    QModelIndex source = index;
    while (auto *proxy = qobject_cast<const QAbstractProxyModel *>(source.model()))
        source = proxy->mapToSource(source);
    return source;
}

// `index` of `model`, as the view's model (maybe a chain of proxies over it) has it.
QModelIndex viewIndex(QAbstractItemModel *viewModel, const QModelIndex &index)
{
    QList<QAbstractProxyModel *> proxies;
    for (QAbstractItemModel *model = viewModel; model && model != index.model();) {
        auto *proxy = qobject_cast<QAbstractProxyModel *>(model);
        if (!proxy)
            return {};
        proxies.prepend(proxy);
        model = proxy->sourceModel();
    }
    QModelIndex mapped = index;
    for (QAbstractProxyModel *proxy : std::as_const(proxies))
        mapped = proxy->mapFromSource(mapped);
    return mapped;
}

// Rows that come before the target in the model's order: by the sort property (NULLs
// first ascending, last descending), then by the key in the same direction (QueryModel's
// tie-break).
Quarry::Condition rowsBefore(const QString &sortProperty, Qt::SortOrder order,
                             const QVariant &sortValue, const QString &keyProperty,
                             const QVariant &key)
{
    using Quarry::Field;
    const bool ascending = order == Qt::AscendingOrder;
    const Quarry::Condition keyBefore =
        ascending ? Field(keyProperty) < key : Field(keyProperty) > key;
    if (sortProperty.isEmpty() || sortProperty == keyProperty)
        return keyBefore;
    const Field sort(sortProperty);
    if (sortValue.isNull()) {
        const Quarry::Condition nullsBefore = sort.isNull() && keyBefore;
        return ascending ? nullsBefore : (sort.isNotNull() || nullsBefore);
    }
    const Quarry::Condition tieBefore = sort == sortValue && keyBefore;
    return ascending ? (sort.isNull() || sort < sortValue || tieBefore)
                     : (sort > sortValue || tieBefore);
}

struct Position {
    bool exists = false;
    qint64 row = -1;
};

bool makeCurrent(QTableView *view, Quarry::QueryModel *model, int row, const Location &location)
{
    if (row < 0 || row >= model->rowCount() || !sameKey(model->primaryKey(row), location.key))
        return false;
    int column = location.column.isEmpty() ? -1 : model->columnOf(location.column);
    if (column < 0)
        column = 0;
    const QModelIndex index = viewIndex(view->model(), model->index(row, column));
    if (!index.isValid())
        return false;
    view->setCurrentIndex(index);
    view->scrollTo(index, QAbstractItemView::PositionAtCenter);
    return true;
}

bool showCounted(QTableView *view, Quarry::QueryModel *model, const Location &location,
                 const Position &position)
{
    if (!position.exists)
        return false;
    const int row = int(qMin<qint64>(position.row, std::numeric_limits<int>::max()));
    // Without pending rows the count is exact; looking around it would only hide mistakes.
    const int slack = model->isDirty() ? positionSlack : 0;
    for (int offset = 0; offset <= slack; ++offset) {
        if (makeCurrent(view, model, row + offset, location) ||
            (offset > 0 && makeCurrent(view, model, row - offset, location)))
            return true;
    }
    return false;
}

// Background loading: a freshly opened or re-sorted model knows neither its row count nor
// the row at `row` yet. Runs `then` once both are there (asking for the row's window), or
// after a few seconds anyway (then the caller's checks fail and it falls back).
void whenRowIsRead(Quarry::QueryModel *model, int row, std::function<void()> then)
{
    const auto ready = [model, row] {
        if (!model->isRowCountKnown())
            return false;
        if (row < 0 || row >= model->rowCount())
            return true; // nothing to wait for: the caller will see the row is not there
        return !model->index(row, 0).data(Quarry::QueryModel::LoadingRole).toBool();
    };
    if (ready())
        return then();
    auto *waiter = new QObject(model); // the connections' context: gone, they are gone
    const auto check = [model, waiter, ready, then] {
        if (!ready())
            return;
        QObject::disconnect(model, nullptr, waiter, nullptr);
        waiter->deleteLater();
        then();
    };
    QObject::connect(model, &Quarry::QueryModel::rowCountKnown, waiter, check);
    QObject::connect(model, &QAbstractItemModel::dataChanged, waiter, check);
    QObject::connect(model, &QAbstractItemModel::rowsInserted, waiter, check);
    QObject::connect(model, &QAbstractItemModel::modelReset, waiter, check);
    QTimer::singleShot(10'000, waiter, [model, waiter, then] {
        QObject::disconnect(model, nullptr, waiter, nullptr);
        waiter->deleteLater();
        then();
    });
}
} // namespace

NavigationHistory::NavigationHistory(QObject *parent)
    : QObject(parent), m_backAction(new QAction(tr("Back"), this)),
      m_forwardAction(new QAction(tr("Forward"), this))
{
    m_backAction->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    m_backAction->setToolTip(tr("Back to the previous row (Alt+Left)"));
    m_backAction->setIcon(QIcon::fromTheme(u"go-previous"_s));
    m_forwardAction->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    m_forwardAction->setToolTip(tr("Forward again (Alt+Right)"));
    m_forwardAction->setIcon(QIcon::fromTheme(u"go-next"_s));
    m_backAction->setEnabled(false);
    m_forwardAction->setEnabled(false);
    connect(m_backAction, &QAction::triggered, this, &NavigationHistory::back);
    connect(m_forwardAction, &QAction::triggered, this, &NavigationHistory::forward);
}

NavigationHistory::~NavigationHistory() = default;

void NavigationHistory::push(const Location &location)
{
    if (!location.isValid() || current() == location)
        return;
    const bool couldGoBack = canGoBack();
    const bool couldGoForward = canGoForward();
    m_entries.erase(m_entries.begin() + (m_index + 1), m_entries.end());
    m_entries.append(location);
    if (m_entries.size() > maximumEntries)
        m_entries.removeFirst();
    m_index = int(m_entries.size()) - 1;
    update(couldGoBack, couldGoForward);
}

void NavigationHistory::jump(const Location &from, const Location &to)
{
    push(from);
    push(to);
}

void NavigationHistory::setLocationProvider(std::function<Location()> provider)
{
    m_provider = std::move(provider);
}

Location NavigationHistory::current() const
{
    return m_index >= 0 ? m_entries.at(m_index) : Location();
}

void NavigationHistory::clear()
{
    const bool couldGoBack = canGoBack();
    const bool couldGoForward = canGoForward();
    m_entries.clear();
    m_index = -1;
    update(couldGoBack, couldGoForward);
}

void NavigationHistory::back()
{
    go(-1);
}

void NavigationHistory::forward()
{
    go(+1);
}

void NavigationHistory::go(int step)
{
    const int target = m_index + step;
    if (m_index < 0 || target < 0 || target >= m_entries.size())
        return;
    rememberHere();
    const bool couldGoBack = canGoBack();
    const bool couldGoForward = canGoForward();
    m_index = target;
    update(couldGoBack, couldGoForward);
    Q_EMIT locationRequested(m_entries.at(m_index));
}

void NavigationHistory::rememberHere()
{
    if (!m_provider)
        return;
    const Location here = m_provider();
    // Only a move within the same table replaces the entry: a different table means the
    // user went elsewhere without a jump, and the entry still says where they had been.
    if (here.isValid() && here.entity == m_entries.at(m_index).entity)
        m_entries[m_index] = here;
}

void NavigationHistory::update(bool couldGoBack, bool couldGoForward)
{
    m_backAction->setEnabled(canGoBack());
    m_forwardAction->setEnabled(canGoForward());
    if (couldGoBack != canGoBack())
        Q_EMIT canGoBackChanged(canGoBack());
    if (couldGoForward != canGoForward())
        Q_EMIT canGoForwardChanged(canGoForward());
}

Quarry::QueryModel *queryModelOf(const QModelIndex &index)
{
    return qobject_cast<Quarry::QueryModel *>(
        const_cast<QAbstractItemModel *>(sourceIndex(index).model()));
}

Location locationOf(const QModelIndex &index)
{
    const QModelIndex source = sourceIndex(index);
    const auto *model = qobject_cast<const Quarry::QueryModel *>(source.model());
    if (!model || !model->entity())
        return {};
    const Quarry::PropertyInfo *property = model->propertyAt(source.column());
    return {model->entity()->className(), model->primaryKey(source.row()),
            property ? property->name() : QString()};
}

bool showLocation(QTableView *view, Quarry::QueryModel *model, const Location &location,
                  std::function<void(bool shown)> done)
{
    if (!view || !model || !model->entity() || !model->session() || !location.isValid() ||
        (location.entity != model->entity()->className() &&
         location.entity != model->entity()->tableName()))
        return false;
    if (!done)
        done = [](bool) {};
    const Quarry::EntityInfo *entity = model->entity();
    const QString keyProperty = entity->primaryKey().name();
    QString sortProperty;
    Qt::SortOrder order = Qt::AscendingOrder;
    if (const Quarry::PropertyInfo *sorted = model->propertyAt(model->sortColumn())) {
        sortProperty = sorted->name();
        order = model->sortOrder();
    }
    const Quarry::Condition shown = model->filter() && model->searchCondition();

    // One worker per view, so that a newer jump cancels an older one still counting.
    const QString workerName = u"quarry-browser location worker"_s;
    auto *worker = view->findChild<BackgroundWorker *>(workerName, Qt::FindDirectChildrenOnly);
    if (!worker) {
        worker = new BackgroundWorker(view);
        worker->setObjectName(workerName);
    }
    worker->cancelAll();
    const Quarry::Database database = model->session()->database();
    const QString entityName = entity->className();
    const QVariant key = location.key;
    auto count = [database, entityName, keyProperty, sortProperty, order, shown, key] {
        Quarry::Session session(database);
        const auto query = session.query(entityName);
        Position position;
        const auto target = query.where(shown && Quarry::Field(keyProperty) == key);
        QVariant sortValue;
        if (!sortProperty.isEmpty()) {
            const QList<QVariantList> rows = target.values(QStringList{sortProperty});
            if (rows.isEmpty())
                return position;
            sortValue = rows.constFirst().value(0);
        } else if (!target.exists()) {
            return position;
        }
        position.exists = true;
        position.row =
            query.where(shown && rowsBefore(sortProperty, order, sortValue, keyProperty, key))
                .count();
        return position;
    };
    QPointer<QTableView> viewGuard(view);
    QPointer<Quarry::QueryModel> modelGuard(model);
    worker->run(std::move(count), [viewGuard, modelGuard, location, keyProperty,
                                   done = std::move(done)](const Position &position) {
        if (!viewGuard || !modelGuard)
            return done(false);
        const int row = int(qMin<qint64>(position.row, std::numeric_limits<int>::max()));
        whenRowIsRead(modelGuard, row, [=] {
            if (!viewGuard || !modelGuard)
                return done(false);
            if (showCounted(viewGuard, modelGuard, location, position))
                return done(true);
            // Hidden by the filter or search, or placed by an order the count cannot see.
            modelGuard->setSearch(QString());
            modelGuard->setFilter(Quarry::Field(keyProperty) == location.key);
            whenRowIsRead(modelGuard, 0, [=] {
                done(viewGuard && modelGuard && makeCurrent(viewGuard, modelGuard, 0, location));
            });
        });
    });
    return true;
}

ForeignKeyClickFilter::ForeignKeyClickFilter(QTableView *view, const ForeignKeys &keys,
                                             QObject *parent)
    : QObject(parent ? parent : view), m_view(view), m_keys(keys),
      m_goToAction(new QAction(tr("Go to referenced row"), this))
{
    m_goToAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    m_goToAction->setToolTip(tr("Open the row this foreign key points at (Ctrl+click)"));
    m_goToAction->setIcon(QIcon::fromTheme(u"go-jump"_s));
    m_goToAction->setEnabled(false);
    connect(m_goToAction, &QAction::triggered, this, &ForeignKeyClickFilter::goToCurrent);
    view->viewport()->installEventFilter(this);
    view->installEventFilter(this);
    updateAction();
}

ForeignKeyClickFilter::~ForeignKeyClickFilter() = default;

Location ForeignKeyClickFilter::targetOf(const QModelIndex &index) const
{
    const QModelIndex source = sourceIndex(index);
    const auto *model = qobject_cast<const Quarry::QueryModel *>(source.model());
    const Quarry::PropertyInfo *property = model ? model->propertyAt(source.column()) : nullptr;
    if (!property || !model->entity())
        return {};
    return m_keys.target(model->entity()->className(), property->name(),
                         source.data(model->roleOf(property->name())));
}

bool ForeignKeyClickFilter::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() &&
        (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::MouseButtonRelease ||
         event->type() == QEvent::MouseButtonDblClick)) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::LeftButton && (mouse->modifiers() & Qt::ControlModifier)) {
            const QModelIndex index = m_view->indexAt(mouse->position().toPoint());
            const Location target = targetOf(index);
            if (target.isValid()) {
                // The press jumps; the release and double click are swallowed too, so the
                // Ctrl+click does not also toggle the selection.
                if (event->type() == QEvent::MouseButtonPress)
                    Q_EMIT jumpRequested(target, locationOf(index));
                return true;
            }
        }
    }
    if (event->type() == QEvent::MouseButtonRelease || event->type() == QEvent::KeyRelease ||
        event->type() == QEvent::FocusIn)
        updateAction();
    return QObject::eventFilter(watched, event);
}

void ForeignKeyClickFilter::updateAction()
{
    // The view's selection model changes with its model: follow it.
    QItemSelectionModel *selection = m_view->selectionModel();
    if (selection && selection != m_followedSelection) {
        m_followedSelection = selection;
        connect(selection, &QItemSelectionModel::currentChanged, this,
                &ForeignKeyClickFilter::updateAction);
    }
    m_goToAction->setEnabled(targetOf(m_view->currentIndex()).isValid());
}

void ForeignKeyClickFilter::goToCurrent()
{
    const QModelIndex index = m_view->currentIndex();
    const Location target = targetOf(index);
    if (target.isValid())
        Q_EMIT jumpRequested(target, locationOf(index));
}

} // namespace QuarryBrowser
