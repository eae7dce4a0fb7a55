#include "mainwindow.h"
#include "ui_mainwindow.h"

#include "browserstate.h"
#include "connectiondialog.h"
#include "datatools.h"
#include "databasecontext.h"
#include "entitytree.h"
#include "tablepage.h"
#include "windowpanels.h"

#include <QCloseEvent>
#include <QLabel>
#include <QTreeWidgetItem>

namespace QuarryBrowser {

MainWindow::MainWindow(std::unique_ptr<DatabaseContext> context, QWidget *parent)
    : QMainWindow(parent), ui(std::make_unique<Ui::MainWindow>()), m_context(std::move(context))
{
    ui->setupUi(this);
    setWindowTitle(QStringLiteral("quarry-browser — %1").arg(m_context->profile().displayUrl()));

    m_tree = new EntityTree(m_context.get(), ui->entityDockContents);
    ui->entityDockContents->layout()->addWidget(m_tree);
    ui->entityDock->setMinimumWidth(220);
    ui->menuView->addAction(ui->entityDock->toggleViewAction());
    connect(m_tree, &EntityTree::entityActivated, this, &MainWindow::openTable);
    connect(ui->actionRefreshCounts, &QAction::triggered, m_tree, &EntityTree::refreshCounts);

    m_pageStatus = new QLabel(this);
    m_pageStatus->setObjectName(QStringLiteral("pageStatus"));
    // Stretched, so that a longer text never gets clipped; transient messages cover it.
    statusBar()->addWidget(m_pageStatus, 1);
    if (!m_context->skippedTables().isEmpty())
        statusBar()->showMessage(QStringLiteral("Not shown (no one-column primary key): %1")
                                     .arg(m_context->skippedTables().join(QStringLiteral(", "))),
                                 15'000);

    connect(ui->tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    connect(ui->tabs, &QTabWidget::currentChanged, this, [this] {
        showPageStatus();
        // The tree marks the entity of the current tab, however the tab was reached.
        if (TablePage *current = currentPage()) {
            if (QTreeWidgetItem *item = m_tree->item(current->entityName()))
                m_tree->setCurrentItem(item);
        }
        Q_EMIT currentPageChanged(currentPage());
    });
    connect(ui->actionCloseTab, &QAction::triggered, this,
            [this] { closeTab(ui->tabs->currentIndex()); });
    connect(ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(ui->actionOpen, &QAction::triggered, this, &MainWindow::openAnotherDatabase);

    ui->actionReadOnly->setChecked(m_context->isReadOnly());
    ui->actionReadOnly->setEnabled(!m_context->isReadOnlyLocked());
    if (m_context->isReadOnlyLocked())
        ui->actionReadOnly->setToolTip(
            QStringLiteral("Read-only (--read-only): no edit is possible"));
    connect(ui->actionReadOnly, &QAction::toggled, m_context.get(), &DatabaseContext::setReadOnly);
    connect(m_context.get(), &DatabaseContext::readOnlyChanged, ui->actionReadOnly,
            &QAction::setChecked);
    m_panels = new WindowPanels(this);
    m_tools = new DataTools(this);
    showPageStatus();
}

MainWindow::~MainWindow()
{
    // The pages' models, the panels and the tree's counts use the context: they go first.
    delete m_panels;
    delete m_tools;
    while (ui->tabs->count() > 0) {
        QWidget *widget = ui->tabs->widget(0);
        ui->tabs->removeTab(0);
        delete widget;
    }
    delete m_tree;
}

QTabWidget *MainWindow::tabs() const
{
    return ui->tabs;
}

QToolBar *MainWindow::mainToolBar() const
{
    return ui->mainToolBar;
}

QAction *MainWindow::readOnlyAction() const
{
    return ui->actionReadOnly;
}

QMenu *MainWindow::fileMenu() const
{
    return ui->menuFile;
}

QMenu *MainWindow::viewMenu() const
{
    return ui->menuView;
}

QMenu *MainWindow::databaseMenu() const
{
    return ui->menuDatabase;
}

TablePage *MainWindow::openTable(const QString &name)
{
    // A class or a table name: one tab per entity, named as the tree names it.
    const Quarry::EntityInfo *entity = m_context->entity(name);
    if (!entity)
        return nullptr;
    const QString entityName = entity->className();
    if (TablePage *existing = page(entityName)) {
        ui->tabs->setCurrentWidget(existing);
        return existing;
    }
    auto *newPage = new TablePage(m_context.get(), entityName, ui->tabs);
    newPage->restoreState();
    connect(newPage, &TablePage::statusChanged, this, [this, newPage] {
        if (newPage == currentPage())
            showPageStatus();
    });
    const int index = ui->tabs->addTab(newPage, entityName);
    ui->tabs->setTabToolTip(
        index, QStringLiteral("table %1").arg(m_context->entity(entityName)->tableName()));
    ui->tabs->setCurrentIndex(index);
    Q_EMIT pageOpened(newPage);
    return newPage;
}

TablePage *MainWindow::page(const QString &entityName) const
{
    const Quarry::EntityInfo *entity = m_context->entity(entityName);
    for (TablePage *candidate : pages()) {
        if (candidate->entityName() == entityName
            || (entity && candidate->entityName() == entity->className()))
            return candidate;
    }
    return nullptr;
}

TablePage *MainWindow::currentPage() const
{
    return qobject_cast<TablePage *>(ui->tabs->currentWidget());
}

QList<TablePage *> MainWindow::pages() const
{
    QList<TablePage *> result;
    for (int i = 0; i < ui->tabs->count(); ++i) {
        if (auto *tablePage = qobject_cast<TablePage *>(ui->tabs->widget(i)))
            result.append(tablePage);
    }
    return result;
}

void MainWindow::closeTab(int index)
{
    QWidget *widget = ui->tabs->widget(index);
    if (!widget)
        return;
    if (auto *tablePage = qobject_cast<TablePage *>(widget))
        tablePage->saveState();
    ui->tabs->removeTab(index);
    widget->deleteLater();
}

void MainWindow::restoreSession(bool restoreTabs)
{
    auto settings = BrowserState::settings();
    restoreGeometry(settings->value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings->value(QStringLiteral("window/state")).toByteArray());
    if (!restoreTabs)
        return;
    settings->beginGroup(BrowserState::connectionGroup(m_context->profile().displayUrl()));
    const QStringList tabs = settings->value(QStringLiteral("tabs")).toStringList();
    const QString current = settings->value(QStringLiteral("current")).toString();
    settings->endGroup();
    for (const QString &name : tabs)
        openTable(name); // a table that is gone is skipped
    if (TablePage *currentTable = page(current))
        ui->tabs->setCurrentWidget(currentTable);
}

void MainWindow::saveSession() const
{
    auto settings = BrowserState::settings();
    settings->setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings->setValue(QStringLiteral("window/state"), saveState());
    QStringList tabs;
    for (TablePage *tablePage : pages()) {
        tablePage->saveState();
        tabs.append(tablePage->entityName());
    }
    settings->beginGroup(BrowserState::connectionGroup(m_context->profile().displayUrl()));
    settings->setValue(QStringLiteral("url"), m_context->profile().displayUrl());
    settings->setValue(QStringLiteral("tabs"), tabs);
    settings->setValue(QStringLiteral("current"),
                       currentPage() ? currentPage()->entityName() : QString());
    settings->endGroup();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSession();
    QMainWindow::closeEvent(event);
}

void MainWindow::openAnotherDatabase()
{
    ConnectionDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    auto *window = new MainWindow(dialog.takeContext());
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->restoreSession();
    window->show();
}

void MainWindow::showPageStatus()
{
    TablePage *tablePage = currentPage();
    m_pageStatus->setText(
        tablePage ? QStringLiteral("%1: %2").arg(tablePage->entityName(), tablePage->statusText())
                  : QStringLiteral("Double-click a table to open it"));
}

} // namespace QuarryBrowser
