#include "datatools.h"

#include "databasecontext.h"
#include "exportdialog.h"
#include "exporter.h"
#include "importdialog.h"
#include "mainwindow.h"
#include "sqlconsole.h"
#include "tablepage.h"

#include <quarry/querymodel.h>

#include <QAction>
#include <QMenu>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>

namespace QuarryBrowser {

DataTools::DataTools(MainWindow *window)
    : QObject(window),
      m_window(window),
      m_consoleAction(new QAction(QStringLiteral("SQL console"), this)),
      m_exportAction(new QAction(QStringLiteral("Export view…"), this)),
      m_importAction(new QAction(QStringLiteral("Import CSV…"), this))
{
    m_consoleAction->setObjectName(QStringLiteral("actionSqlConsole"));
    m_consoleAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+Q")));
    m_exportAction->setObjectName(QStringLiteral("actionExport"));
    m_exportAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+E")));
    m_exportAction->setToolTip(
        QStringLiteral("Export the rows of the current tab, as filtered and sorted, to CSV or JSON"));
    m_importAction->setObjectName(QStringLiteral("actionImport"));
    m_importAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+I")));
    QMenu *menu = window->databaseMenu();
    menu->addSeparator();
    menu->addAction(m_consoleAction);
    menu->addAction(m_exportAction);
    menu->addAction(m_importAction);
    window->mainToolBar()->addAction(m_consoleAction);

    connect(m_consoleAction, &QAction::triggered, this, &DataTools::openSqlConsole);
    connect(m_exportAction, &QAction::triggered, this, &DataTools::exportView);
    connect(m_importAction, &QAction::triggered, this, &DataTools::importCsv);
    connect(window, &MainWindow::currentPageChanged, this, &DataTools::updateActions);
    connect(window->context(), &DatabaseContext::readOnlyChanged, this, &DataTools::updateActions);
    updateActions();
}

DataTools::~DataTools() = default;

SqlConsole *DataTools::openSqlConsole()
{
    QTabWidget *tabs = m_window->tabs();
    if (!m_console) {
        m_console = new SqlConsole(m_window->context(), tabs);
        m_console->setObjectName(QStringLiteral("sqlConsole"));
        tabs->addTab(m_console, QStringLiteral("SQL"));
        // Raw SQL is not announced to the open models: they re-read after a write.
        connect(m_console, &SqlConsole::dataModified, m_window, [this] {
            for (TablePage *page : m_window->pages())
                page->model()->refresh();
        });
    }
    tabs->setCurrentWidget(m_console);
    return m_console;
}

void DataTools::exportView()
{
    TablePage *page = m_window->currentPage();
    if (!page)
        return;
    ExportDialog dialog(m_window->context(),
                        ExportRequest::fromModel(*page->model(), page->view()->horizontalHeader()),
                        m_window);
    dialog.exec();
}

void DataTools::importCsv()
{
    TablePage *page = m_window->currentPage();
    if (!page || m_window->context()->isReadOnly())
        return;
    ImportDialog dialog(m_window->context(), page->entityName(), m_window);
    dialog.exec();
}

void DataTools::updateActions()
{
    const bool onTable = m_window->currentPage() != nullptr;
    m_exportAction->setEnabled(onTable);
    m_importAction->setEnabled(onTable && !m_window->context()->isReadOnly());
}

} // namespace QuarryBrowser
