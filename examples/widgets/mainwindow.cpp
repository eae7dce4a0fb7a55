#include "mainwindow.h"

#include "contact.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QStatusBar>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace {

// Shows what Submit would write: edited cells and new rows tinted, rows to be deleted
// struck through; and rows still being read in the background as "loading…".
class PendingChangesDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.data(Quarry::QueryModel::LoadingRole).toBool()) {
            option->text = QObject::tr("loading…");
            option->palette.setColor(QPalette::Text, QColor(0x90, 0x90, 0x90));
            return;
        }
        const auto *model = qobject_cast<const Quarry::QueryModel *>(index.model());
        if (!model || !model->isDirty(index))
            return;
        if (model->isRemoved(index.row())) {
            option->font.setStrikeOut(true);
            option->palette.setColor(QPalette::Text, QColor(0x90, 0x90, 0x90));
        } else {
            option->backgroundBrush = QColor(0xff, 0xf1, 0xb8);
        }
    }
};

} // namespace

MainWindow::MainWindow(const Quarry::Database &database, QWidget *parent)
    : QMainWindow(parent), m_session(database), m_model(m_session.query<Contact>())
{
    setWindowTitle(tr("Quarry — contacts"));
    // Edits collect until Submit; the view's own submit() calls then do nothing.
    m_model.setEditStrategy(Quarry::QueryModel::OnManualSubmit);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(createToolBar());
    m_error = new QLabel(central);
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { background: #fde2e1; color: #8a1c12; "
                                          "border: 1px solid #e8a39d; padding: 6px; }"));
    m_error->hide();
    layout->addWidget(m_error);
    m_view = new QTableView(central);
    m_view->setObjectName(QStringLiteral("contacts"));
    layout->addWidget(m_view, 1);
    setCentralWidget(central);
    m_status = new QLabel(this);
    statusBar()->addPermanentWidget(m_status);

    setUpView();

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(200); // one COUNT per pause in typing, not per key
    connect(&m_searchDelay, &QTimer::timeout, this, &MainWindow::applySearch);
    connect(m_search, &QLineEdit::textChanged, &m_searchDelay, qOverload<>(&QTimer::start));
    connect(&m_model, &Quarry::QueryModel::submitFailed, this, &MainWindow::showError);
    connect(&m_model, &Quarry::QueryModel::dirtyChanged, this, &MainWindow::updateStatus);
    connect(&m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateStatus);
    connect(&m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateStatus);
    connect(&m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateStatus);
    connect(&m_model, &QAbstractItemModel::dataChanged, this, &MainWindow::updateStatus);
    updateStatus();
}

MainWindow::~MainWindow() = default;

QWidget *MainWindow::createToolBar()
{
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    m_search = new QLineEdit(bar);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(tr("Search names, e-mails and cities"));
    m_search->setClearButtonEnabled(true);
    layout->addWidget(m_search, 1);
    m_activeOnly = new QCheckBox(tr("Active only"), bar);
    m_activeOnly->setObjectName(QStringLiteral("activeOnly"));
    connect(m_activeOnly, &QCheckBox::toggled, this, &MainWindow::setActiveOnly);
    layout->addWidget(m_activeOnly);
    auto *add = new QPushButton(tr("Add"), bar);
    add->setObjectName(QStringLiteral("add"));
    connect(add, &QPushButton::clicked, this, &MainWindow::addContact);
    layout->addWidget(add);
    auto *remove = new QPushButton(tr("Delete"), bar);
    remove->setObjectName(QStringLiteral("delete"));
    connect(remove, &QPushButton::clicked, this, &MainWindow::removeSelected);
    layout->addWidget(remove);
    layout->addSpacing(16);
    m_revert = new QPushButton(tr("Revert"), bar);
    m_revert->setObjectName(QStringLiteral("revert"));
    connect(m_revert, &QPushButton::clicked, this, &MainWindow::revert);
    layout->addWidget(m_revert);
    m_submit = new QPushButton(tr("Submit"), bar);
    m_submit->setObjectName(QStringLiteral("submit"));
    connect(m_submit, &QPushButton::clicked, this, &MainWindow::submit);
    layout->addWidget(m_submit);
    return bar;
}

void MainWindow::setUpView()
{
    m_view->setModel(&m_model);
    m_view->setItemDelegate(new PendingChangesDelegate(m_view));
    m_view->setAlternatingRowColors(true);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::AnyKeyPressed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    // Sorted by name to start with; a header click sorts by that column, in SQL.
    m_view->horizontalHeader()->setSortIndicator(m_model.columnOf(QStringLiteral("name")),
                                                 Qt::AscendingOrder);
    m_view->setSortingEnabled(true);
    m_view->horizontalHeader()->setStretchLastSection(true);
    // Fixed widths: sizing columns to their contents would read every row.
    const QList<std::pair<const char *, int>> widths = {
        {"id", 60}, {"name", 190}, {"email", 250}, {"city", 110}, {"joined", 100}, {"rating", 70}};
    for (const auto &[property, width] : widths)
        m_view->setColumnWidth(m_model.columnOf(QLatin1String(property)), width);
}

void MainWindow::applySearch()
{
    m_model.setSearch(m_search->text());
}

void MainWindow::setActiveOnly(bool activeOnly)
{
    m_model.setFilter(activeOnly ? Quarry::Field(QStringLiteral("active")) == true
                                 : Quarry::Condition());
}

void MainWindow::addContact()
{
    // A new row shows at the top until it is submitted; then it moves into its place.
    if (!m_model.insertRows(0, 1))
        return showError(m_model.lastError());
    const QModelIndex name = m_model.index(0, m_model.columnOf(QStringLiteral("name")));
    m_view->scrollToTop();
    m_view->setCurrentIndex(name);
    m_view->edit(name);
}

void MainWindow::removeSelected()
{
    QList<int> rows;
    for (const QModelIndex &index : m_view->selectionModel()->selectedIndexes())
        rows << index.row();
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (int row : std::as_const(rows))
        m_model.removeRows(row, 1); // marked "!" until Submit
}

void MainWindow::submit()
{
    if (m_model.submitAll()) {
        m_error->hide();
        statusBar()->showMessage(tr("Saved."), 3000);
    }
}

void MainWindow::revert()
{
    m_model.revertAll();
    m_error->hide();
}

void MainWindow::showError(const Quarry::Error &error)
{
    m_error->setText(
        tr("<b>Not saved</b> (%1): %2<br>Your edits are kept: correct them and "
           "submit again, or revert.")
            .arg(Quarry::Error::kindName(error.kind()), error.message().toHtmlEscaped()));
    m_error->show();
    statusBar()->clearMessage();
}

void MainWindow::updateStatus()
{
    const bool dirty = m_model.isDirty();
    m_submit->setEnabled(dirty);
    m_revert->setEnabled(dirty);
    QString text = tr("%1 contacts").arg(QLocale().toString(m_model.rowCount()));
    if (dirty)
        text += tr(" · unsaved changes");
    m_status->setText(text);
}
