#pragma once

#include <QObject>
#include <QPointer>

class QAction;

namespace QuarryBrowser {

class MainWindow;
class SqlConsole;

// The window's data tools, wired around MainWindow: the SQL console (a tab of its own),
// export of the current table view (its filter, search, sort and shown columns) to CSV or
// JSON, and CSV import into the current table. All in the Database menu.
class DataTools : public QObject
{
    Q_OBJECT
public:
    explicit DataTools(MainWindow *window);
    ~DataTools() override;

    QAction *sqlConsoleAction() const { return m_consoleAction; }
    QAction *exportAction() const { return m_exportAction; }
    QAction *importAction() const { return m_importAction; }
    // The console tab, opened (or brought forward) on demand.
    SqlConsole *openSqlConsole();

private:
    void exportView();
    void importCsv();
    void updateActions();

    MainWindow *m_window;
    QPointer<SqlConsole> m_console;
    QAction *m_consoleAction;
    QAction *m_exportAction;
    QAction *m_importAction;
};

} // namespace QuarryBrowser
