#pragma once

#include "foreignkeys.h"

#include <QObject>

class QDockWidget;

namespace QuarryBrowser {

class MainWindow;
class MigrationPanel;
class NavigationHistory;
class ReferencedByPanel;
class SchemaView;
class TablePage;

// The window's relation and schema tools, wired around MainWindow so that the window
// itself only lays out: Back/Forward history over foreign-key jumps (Ctrl+click, "Go to
// referenced row"), the "Referenced by" dock for the current row, the schema dock for the
// current table and, when the database has migrations, the migrations dock.
class WindowPanels : public QObject
{
    Q_OBJECT
public:
    explicit WindowPanels(MainWindow *window);
    ~WindowPanels() override;

    NavigationHistory *history() const { return m_history; }
    ReferencedByPanel *referencedBy() const { return m_referencedBy; }
    SchemaView *schemaView() const { return m_schema; }
    MigrationPanel *migrations() const { return m_migrations; }
    QDockWidget *referencedByDock() const { return m_referencedByDock; }
    QDockWidget *schemaDock() const { return m_schemaDock; }
    QDockWidget *migrationsDock() const { return m_migrationsDock; }

private:
    QDockWidget *addDock(const QString &title, const QString &objectName, QWidget *contents,
                         Qt::DockWidgetArea area);
    void attachPage(TablePage *page);
    void show(const Location &location);
    void jump(const Location &to, const Location &from);
    Location here() const;

    MainWindow *m_window;
    ForeignKeys m_keys;
    NavigationHistory *m_history;
    ReferencedByPanel *m_referencedBy;
    SchemaView *m_schema;
    MigrationPanel *m_migrations;
    QDockWidget *m_referencedByDock;
    QDockWidget *m_schemaDock;
    QDockWidget *m_migrationsDock;
};

} // namespace QuarryBrowser
