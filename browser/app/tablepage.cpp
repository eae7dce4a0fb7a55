#include "tablepage.h"

#include "browserstate.h"
#include "databasecontext.h"
#include "editcontroller.h"
#include "filterheader.h"
#include "filterparser.h"
#include "recordform.h"
#include "valuedelegate.h"

#include <quarry/querymodel.h>

#include <QEvent>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace QuarryBrowser {

namespace {

// The model is the authority on read-only (QueryModel::setReadOnly() refuses every edit),
// but a view that opens no editor spares the user typing a value only to see it refused:
// every way a view edits a cell (editor triggers, edit(index), a check box click or Space)
// goes through this one virtual.
class TableView : public QTableView {
public:
    explicit TableView(DatabaseContext *context, QWidget *parent)
        : QTableView(parent), m_context(context)
    {
    }

    // Switching to read-only drops an editor that is open, without writing its text.
    void cancelEditing()
    {
        QWidget *editor = indexWidget(m_editedIndex);
        if (state() == EditingState && editor)
            closeEditor(editor, QAbstractItemDelegate::RevertModelCache);
    }

protected:
    bool edit(const QModelIndex &index, EditTrigger trigger, QEvent *event) override
    {
        if (m_context->isReadOnly())
            return false;
        const bool editing = QTableView::edit(index, trigger, event);
        if (editing && state() == EditingState)
            m_editedIndex = index;
        return editing;
    }

private:
    DatabaseContext *m_context;
    QPersistentModelIndex m_editedIndex;
};

constexpr int minimumColumnWidth = 70;
constexpr int maximumColumnWidth = 320;

} // namespace

TablePage::TablePage(DatabaseContext *context, const QString &entityName, QWidget *parent)
    : QWidget(parent), m_context(context), m_entityName(entityName)
{
    // Counting and reading windows run on the model's own thread: a million-row table opens
    // at once, rows show "loading…" until their window arrives, the count comes later.
    m_model = new Quarry::QueryModel(this);
    m_model->setEditStrategy(Quarry::QueryModel::OnManualSubmit);
    m_model->setBackgroundLoading(true);
    m_model->setQuery(context->session()->query(entityName));

    m_toolBar = new QToolBar(this);
    m_toolBar->setObjectName(QStringLiteral("pageToolBar"));
    m_toolBar->setIconSize(QSize(16, 16));
    m_search = new QLineEdit(m_toolBar);
    m_search->setObjectName(QStringLiteral("searchEdit"));
    m_search->setPlaceholderText(QStringLiteral("Search text columns…"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(240);
    m_toolBar->addWidget(m_search);
    m_columnsMenu = new QMenu(QStringLiteral("Columns"), this);
    auto *columnsButton = new QToolButton(m_toolBar);
    columnsButton->setText(QStringLiteral("Columns"));
    columnsButton->setMenu(m_columnsMenu);
    columnsButton->setPopupMode(QToolButton::InstantPopup);
    columnsButton->setToolTip(QStringLiteral("Show or hide columns (also: right-click a header)"));
    m_toolBar->addWidget(columnsButton);
    m_toolBar->addSeparator();

    m_view = new TableView(context, this);
    m_view->setObjectName(QStringLiteral("tableView"));
    m_header = new FilterHeader(m_view);
    m_view->setHorizontalHeader(m_header);
    m_view->setModel(m_model);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    // No sort at first (the query's own order); then header clicks sort in SQL.
    m_header->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);
    m_header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_header, &QWidget::customContextMenuRequested, this,
            [this](const QPoint &pos) { m_columnsMenu->popup(m_header->mapToGlobal(pos)); });
    connect(m_columnsMenu, &QMenu::aboutToShow, this, &TablePage::updateColumnsMenu);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_view);
    m_form = new RecordForm(context, m_model, splitter);
    m_form->setObjectName(QStringLiteral("recordForm"));
    m_form->hide();
    splitter->addWidget(m_form);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_toolBar);
    layout->addWidget(splitter);
    setUpEditing();

    m_filterTimer.setSingleShot(true);
    m_filterTimer.setInterval(300);
    connect(&m_filterTimer, &QTimer::timeout, this, &TablePage::applyFilters);
    connect(m_header, &FilterHeader::filterEdited, this, [this] { m_filterTimer.start(); });
    connect(m_header, &FilterHeader::filterSubmitted, this, [this] {
        m_filterTimer.stop();
        applyFilters();
    });
    m_searchTimer.setSingleShot(true);
    m_searchTimer.setInterval(250);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchTimer.start(); });
    connect(&m_searchTimer, &QTimer::timeout, this,
            [this] { m_model->setSearch(m_search->text()); });

    connect(m_view->horizontalScrollBar(), &QScrollBar::valueChanged, m_header,
            &FilterHeader::adjustEditors);
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, &TablePage::updateStatus);
    connect(m_view->verticalScrollBar(), &QScrollBar::rangeChanged, this, &TablePage::updateStatus);
    connect(m_model, &QAbstractItemModel::modelReset, this, &TablePage::updateStatus);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &TablePage::updateStatus);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &TablePage::updateStatus);
    connect(m_model, &QAbstractItemModel::layoutChanged, this, &TablePage::updateStatus);
    connect(m_model, &Quarry::QueryModel::rowCountKnown, this, &TablePage::updateStatus);
    connect(m_model, &Quarry::QueryModel::loadFailed, this, [this](const Quarry::Error &error) {
        m_status = QStringLiteral("cannot read the rows: %1").arg(error.message());
        Q_EMIT statusChanged(m_status);
    });
    // Widths are measured on real rows, once the first ones are there (unless the saved
    // state of this table gave them already).
    connect(m_model, &Quarry::QueryModel::rowCountKnown, this, [this] {
        if (!m_columnsFitted && !m_headerRestored)
            fitColumns();
        m_columnsFitted = true;
    });
    m_view->viewport()->installEventFilter(this);

    connect(context, &DatabaseContext::readOnlyChanged, this, &TablePage::applyReadOnly);
    applyReadOnly();
    updateStatus();
}

TablePage::~TablePage() = default;

bool TablePage::isReadOnly() const
{
    return m_context->isReadOnly();
}

bool TablePage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        QMetaObject::invokeMethod(this, &TablePage::updateStatus, Qt::QueuedConnection);
    return QWidget::eventFilter(watched, event);
}

bool TablePage::setFilterText(const QString &property, const QString &text)
{
    const int column = m_model->columnOf(property);
    if (column < 0)
        return false;
    m_header->setFilterText(column, text);
    m_filterTimer.stop();
    applyFilters();
    return m_header->filterError(column).isEmpty();
}

QString TablePage::filterText(const QString &property) const
{
    return m_header->filterText(m_model->columnOf(property));
}

QString TablePage::filterError(const QString &property) const
{
    return m_header->filterError(m_model->columnOf(property));
}

void TablePage::setSearchText(const QString &text)
{
    m_search->setText(text);
    m_searchTimer.stop();
    m_model->setSearch(text);
}

void TablePage::setColumnVisible(const QString &property, bool visible)
{
    const int column = m_model->columnOf(property);
    if (column >= 0)
        m_header->setSectionHidden(column, !visible);
}

bool TablePage::isColumnVisible(const QString &property) const
{
    const int column = m_model->columnOf(property);
    return column >= 0 && !m_header->isSectionHidden(column);
}

void TablePage::applyFilters()
{
    QMap<QString, QString> texts;
    QMap<QString, Quarry::Condition> conditions;
    for (int column = 0; column < m_model->columnCount(); ++column) {
        const Quarry::PropertyInfo *property = m_model->propertyAt(column);
        if (!property)
            continue;
        const QString name = property->name();
        const QString text = m_header->filterText(column).trimmed();
        Quarry::Condition condition;
        QString error;
        if (FilterParser::parse(text, *property, &condition, &error)) {
            m_header->setFilterError(column, QString());
            if (!text.isEmpty()) {
                texts.insert(name, text);
                conditions.insert(name, condition);
            }
        } else {
            // Bad text loses nothing: the box says why, the column keeps its last filter.
            m_header->setFilterError(column, error);
            if (m_appliedTexts.contains(name)) {
                texts.insert(name, m_appliedTexts.value(name));
                conditions.insert(name, m_appliedConditions.value(name));
            }
        }
    }
    if (texts == m_appliedTexts)
        return;
    Quarry::Condition combined;
    for (const Quarry::Condition &condition : std::as_const(conditions))
        combined = combined.isEmpty() ? condition : (combined && condition);
    if (!m_model->setFilter(combined)) {
        m_status = QStringLiteral("filter refused: %1").arg(m_model->lastError().message());
        Q_EMIT statusChanged(m_status);
        return;
    }
    m_appliedTexts = texts;
    m_appliedConditions = conditions;
    updateStatus();
}

void TablePage::setUpEditing()
{
    m_edit = new EditController(m_view, m_model, m_context, this);
    m_toolBar->addActions(m_edit->actions());
    m_toolBar->addSeparator();
    m_form->setEditController(m_edit);
    m_edit->delegate()->setLoadingPredicate([](const QModelIndex &index) {
        return index.data(Quarry::QueryModel::LoadingRole).toBool();
    });
    auto *formAction = m_toolBar->addAction(QStringLiteral("Form"));
    formAction->setObjectName(QStringLiteral("actionRecordForm"));
    formAction->setCheckable(true);
    formAction->setToolTip(QStringLiteral("Show the current row as a form (for wide rows)"));
    connect(formAction, &QAction::toggled, m_form, &QWidget::setVisible);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, m_form,
            [this](const QModelIndex &index) { m_form->setCurrentRow(index.row()); });
    connect(m_form, &RecordForm::currentRowChanged, this, [this](int row) {
        if (m_view->currentIndex().row() != row)
            m_view->setCurrentIndex(m_model->index(row, qMax(0, m_view->currentIndex().column())));
    });
    // A refused submit is marked on its cell by the controller; the reason goes to the
    // status line as well, where it stays until the next status change.
    connect(m_edit, &EditController::submitRefused, this, [this](const QString &reason) {
        m_status = QStringLiteral("submit refused: %1").arg(reason);
        Q_EMIT statusChanged(m_status);
    });
    connect(m_edit, &EditController::submitted, this, &TablePage::updateStatus); // clears it
    connect(m_edit, &EditController::editRefused, this, [this](const QString &reason) {
        m_status = reason;
        Q_EMIT statusChanged(m_status);
    });
}

void TablePage::applyReadOnly()
{
    m_model->setReadOnly(m_context->isReadOnly());
    if (m_context->isReadOnly()) {
        static_cast<TableView *>(m_view)->cancelEditing();
        m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    } else {
        m_view->setEditTriggers(QAbstractItemView::DoubleClicked |
                                QAbstractItemView::EditKeyPressed |
                                QAbstractItemView::AnyKeyPressed);
    }
}

void TablePage::updateStatus()
{
    // The count arrives after the first rows (background loading): until then the status
    // says so, and it is updated again by rowCountKnown.
    const int rows = m_model->rowCount();
    const bool counted = m_model->isRowCountKnown();
    const QLocale locale;
    QString text;
    if (rows <= 0) {
        text = !counted ? QStringLiteral("counting rows…")
               : m_appliedTexts.isEmpty() && m_model->search().isEmpty()
                   ? QStringLiteral("no rows")
                   : QStringLiteral("no rows match");
    } else {
        const int first = qMax(0, m_view->rowAt(0));
        int last = m_view->rowAt(m_view->viewport()->height() - 1);
        if (last < 0)
            last = rows - 1;
        text = QStringLiteral("rows %1–%2 of %3")
                   .arg(locale.toString(first + 1), locale.toString(last + 1),
                        counted ? locale.toString(rows) : QStringLiteral("… (counting)"));
    }
    if (text == m_status)
        return;
    m_status = text;
    Q_EMIT statusChanged(m_status);
}

void TablePage::updateColumnsMenu()
{
    m_columnsMenu->clear();
    for (int visual = 0; visual < m_header->count(); ++visual) {
        const int column = m_header->logicalIndex(visual);
        QAction *action =
            m_columnsMenu->addAction(m_model->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!m_header->isSectionHidden(column));
        connect(action, &QAction::toggled, this, [this, column](bool visible) {
            // Keep one column: a table without columns cannot be got back from its header.
            if (!visible && m_header->hiddenSectionCount() >= m_header->count() - 1)
                return;
            m_header->setSectionHidden(column, !visible);
        });
    }
    m_columnsMenu->addSeparator();
    m_columnsMenu->addAction(QStringLiteral("Show all columns"), this, [this] {
        for (int column = 0; column < m_header->count(); ++column)
            m_header->setSectionHidden(column, false);
    });
}

void TablePage::fitColumns()
{
    // Measure one window's worth of rows, not the default thousand.
    m_header->setResizeContentsPrecision(200);
    m_view->resizeColumnsToContents();
    for (int column = 0; column < m_header->count(); ++column)
        m_header->resizeSection(
            column, qBound(minimumColumnWidth, m_header->sectionSize(column), maximumColumnWidth));
}

void TablePage::saveState() const
{
    auto settings = BrowserState::settings();
    settings->beginGroup(BrowserState::tableGroup(m_context->profile().displayUrl(), m_entityName));
    settings->setValue(QStringLiteral("header"), m_header->saveState());
    QVariantMap filters;
    for (int column = 0; column < m_model->columnCount(); ++column) {
        const QString text = m_header->filterText(column);
        if (!text.isEmpty())
            filters.insert(m_model->propertyAt(column)->name(), text);
    }
    settings->setValue(QStringLiteral("filters"), filters);
    settings->setValue(QStringLiteral("search"), m_search->text());
    settings->endGroup();
}

void TablePage::restoreState()
{
    auto settings = BrowserState::settings();
    settings->beginGroup(BrowserState::tableGroup(m_context->profile().displayUrl(), m_entityName));
    const QByteArray header = settings->value(QStringLiteral("header")).toByteArray();
    const QVariantMap filters = settings->value(QStringLiteral("filters")).toMap();
    const QString search = settings->value(QStringLiteral("search")).toString();
    settings->endGroup();

    // A header saved for other columns (the table changed) is refused by restoreState.
    if (!header.isEmpty() && m_header->restoreState(header)) {
        m_headerRestored = true;
        const int column = m_header->sortIndicatorSection();
        if (column != m_model->sortColumn() ||
            (column >= 0 && m_header->sortIndicatorOrder() != m_model->sortOrder()))
            m_model->sort(column, m_header->sortIndicatorOrder());
    }
    for (auto it = filters.cbegin(); it != filters.cend(); ++it) {
        const int column = m_model->columnOf(it.key());
        if (column >= 0)
            m_header->setFilterText(column, it.value().toString());
    }
    applyFilters();
    if (!search.isEmpty())
        setSearchText(search);
    m_header->adjustEditors();
}

} // namespace QuarryBrowser
