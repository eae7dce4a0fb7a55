#include "windowpanels.h"

#include "databasecontext.h"
#include "mainwindow.h"
#include "migrationpanel.h"
#include "navigationhistory.h"
#include "referencedbypanel.h"
#include "schemaview.h"
#include "tablepage.h"

#include <QDockWidget>
#include <QMenu>
#include <QTableView>
#include <QToolBar>

namespace QuarryBrowser {

WindowPanels::WindowPanels(MainWindow *window)
    : QObject(window),
      m_window(window),
      m_keys(window->context()),
      m_history(new NavigationHistory(this)),
      m_referencedBy(new ReferencedByPanel(window->context(), window)),
      m_schema(new SchemaView(window->context(), window)),
      m_migrations(new MigrationPanel(window->context(), window))
{
    QToolBar *toolBar = window->mainToolBar();
    toolBar->insertAction(toolBar->actions().value(0), m_history->backAction());
    toolBar->insertAction(toolBar->actions().value(1), m_history->forwardAction());
    toolBar->insertSeparator(toolBar->actions().value(2));
    m_history->setLocationProvider([this] { return here(); });
    connect(m_history, &NavigationHistory::locationRequested, this, &WindowPanels::show);

    m_referencedByDock = addDock(QStringLiteral("Referenced by"), QStringLiteral("referencedByDock"),
                                 m_referencedBy, Qt::RightDockWidgetArea);
    m_schemaDock = addDock(QStringLiteral("Schema"), QStringLiteral("schemaDock"), m_schema,
                           Qt::BottomDockWidgetArea);
    m_schemaDock->hide(); // View > Schema; it takes room the rows need
    m_migrationsDock = addDock(QStringLiteral("Migrations"), QStringLiteral("migrationsDock"),
                               m_migrations, Qt::BottomDockWidgetArea);
    m_migrationsDock->setVisible(m_migrations->hasMigrations());
    connect(m_migrations, &MigrationPanel::hasMigrationsChanged, m_migrationsDock,
            &QWidget::setVisible);
    connect(m_migrations, &MigrationPanel::migrationsApplied, m_schema, &SchemaView::refresh);
    connect(m_referencedBy, &ReferencedByPanel::openRequested, this,
            [this](const Location &to) { jump(to, here()); });

    connect(window, &MainWindow::pageOpened, this, &WindowPanels::attachPage);
    connect(window, &MainWindow::currentPageChanged, this, [this](TablePage *page) {
        m_schema->setEntity(page ? page->entityName() : QString());
        const Location location = here();
        m_referencedBy->setRow(location.entity, location.key);
    });
    for (TablePage *page : window->pages())
        attachPage(page);
}

WindowPanels::~WindowPanels()
{
    // The panels use the window's DatabaseContext, which dies with the window's members,
    // before its child widgets would.
    delete m_referencedByDock;
    delete m_schemaDock;
    delete m_migrationsDock;
}

QDockWidget *WindowPanels::addDock(const QString &title, const QString &objectName,
                                   QWidget *contents, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, m_window);
    dock->setObjectName(objectName); // saveState() restores docks by name
    dock->setWidget(contents);
    m_window->addDockWidget(area, dock);
    m_window->viewMenu()->addAction(dock->toggleViewAction());
    return dock;
}

void WindowPanels::attachPage(TablePage *page)
{
    auto *clicks = new ForeignKeyClickFilter(page->view(), m_keys, page);
    page->toolBar()->addAction(clicks->goToAction());
    connect(clicks, &ForeignKeyClickFilter::jumpRequested, this, &WindowPanels::jump);
    connect(page->view()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &index) {
                const Location location = locationOf(index);
                m_referencedBy->setRow(location.entity, location.key);
            });
}

void WindowPanels::jump(const Location &to, const Location &from)
{
    m_history->jump(from, to);
    show(to);
}

void WindowPanels::show(const Location &location)
{
    if (TablePage *page = m_window->openTable(location.entity)) {
        showLocation(page->view(), page->model(), location);
        page->view()->setFocus(); // a new tab would focus its search box
    }
}

Location WindowPanels::here() const
{
    TablePage *page = m_window->currentPage();
    return page ? locationOf(page->view()->currentIndex()) : Location();
}

} // namespace QuarryBrowser
