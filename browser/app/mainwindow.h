#pragma once

#include <QMainWindow>

#include <memory>

class QLabel;
class QTabWidget;
class QToolBar;

namespace QuarryBrowser {

namespace Ui {
class MainWindow;
}

class DatabaseContext;
class EntityTree;
class DataTools;
class TablePage;
class WindowPanels;

// One open database: the entity tree (left dock), a tab per opened table, the main tool
// bar with the Read-only switch and a status bar. It wires; the pages do the work.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(std::unique_ptr<DatabaseContext> context, QWidget *parent = nullptr);
    ~MainWindow() override;

    DatabaseContext *context() const { return m_context.get(); }
    EntityTree *entityTree() const { return m_tree; }
    // History, referenced-by, schema and migrations docks.
    WindowPanels *panels() const { return m_panels; }
    // SQL console, export and import.
    DataTools *dataTools() const { return m_tools; }
    QTabWidget *tabs() const;
    QToolBar *mainToolBar() const;
    QAction *readOnlyAction() const;
    QMenu *fileMenu() const;
    QMenu *viewMenu() const;
    QMenu *databaseMenu() const;

    // Opens the entity in a tab, or brings its tab forward; nullptr for an unknown name.
    TablePage *openTable(const QString &name);
    TablePage *page(const QString &entityName) const;
    TablePage *currentPage() const;
    QList<TablePage *> pages() const;
    void closeTab(int index);

    // BrowserState: geometry, dock layout and (restoreTabs) the tabs of this connection.
    void restoreSession(bool restoreTabs = true);
    void saveSession() const;

Q_SIGNALS:
    void pageOpened(QuarryBrowser::TablePage *page);
    void currentPageChanged(QuarryBrowser::TablePage *page);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void openAnotherDatabase();
    void showPageStatus();

    std::unique_ptr<Ui::MainWindow> ui;
    std::unique_ptr<DatabaseContext> m_context;
    EntityTree *m_tree = nullptr;
    WindowPanels *m_panels = nullptr;
    DataTools *m_tools = nullptr;
    QLabel *m_pageStatus = nullptr;
};

} // namespace QuarryBrowser
