#pragma once

#include <quarry/condition.h>

#include <QMap>
#include <QTimer>
#include <QWidget>

class QLineEdit;
class QMenu;
class QTableView;
class QToolBar;

namespace Quarry {
class QueryModel;
}

namespace QuarryBrowser {

class DatabaseContext;
class EditController;
class FilterHeader;
class RecordForm;

// One entity in a tab: a lazily loaded QueryModel (OnManualSubmit) in a table view, sorted
// by header clicks, narrowed by a search box and by a filter row under the headers, with
// columns that can be hidden and reordered. Read-only (DatabaseContext) makes the model
// read-only, and the view starts no edit either. Its state (columns, filters, search) persists per connection.
class TablePage : public QWidget {
    Q_OBJECT
public:
    TablePage(DatabaseContext *context, const QString &entityName, QWidget *parent = nullptr);
    ~TablePage() override;

    // --- API for the window around it
    QTableView *view() const { return m_view; }
    Quarry::QueryModel *model() const { return m_model; }
    QString entityName() const { return m_entityName; }
    // The page's own tool bar (search box, columns menu); edit and export actions go here.
    QToolBar *toolBar() const { return m_toolBar; }
    FilterHeader *filterHeader() const { return m_header; }
    QLineEdit *searchEdit() const { return m_search; }
    // "rows a–b of N" for the rows in sight (also emitted as statusChanged).
    QString statusText() const { return m_status; }
    bool isReadOnly() const;

    // Filters by property name, applied at once. False (and the box turns red, the
    // previous filter of that column stays) for text FilterParser refuses.
    bool setFilterText(const QString &property, const QString &text);
    QString filterText(const QString &property) const;
    QString filterError(const QString &property) const;
    // Applied at once (typing in the box waits ~250 ms for a pause).
    void setSearchText(const QString &text);

    void setColumnVisible(const QString &property, bool visible);
    bool isColumnVisible(const QString &property) const;
    // Checkable actions, one per column; the header's context menu shows it.
    QMenu *columnsMenu() const { return m_columnsMenu; }
    // Add/duplicate/delete, Submit (Ctrl+S), Revert, Undo/Redo: on the page's tool bar.
    EditController *editController() const { return m_edit; }
    // The current row as a form, beside the table; the "Form" action shows it.
    RecordForm *recordForm() const { return m_form; }

    // BrowserState: header (widths, order, hidden, sort), filters and search of this
    // table on this connection.
    void saveState() const;
    void restoreState();

Q_SIGNALS:
    void statusChanged(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyFilters();
    void applyReadOnly();
    void updateStatus();
    void updateColumnsMenu();
    void fitColumns();
    void setUpEditing();

    DatabaseContext *const m_context;
    const QString m_entityName;
    Quarry::QueryModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    FilterHeader *m_header = nullptr;
    QToolBar *m_toolBar = nullptr;
    QLineEdit *m_search = nullptr;
    QMenu *m_columnsMenu = nullptr;
    EditController *m_edit = nullptr;
    RecordForm *m_form = nullptr;
    QTimer m_filterTimer;
    QTimer m_searchTimer;
    QString m_status;
    bool m_columnsFitted = false;
    bool m_headerRestored = false;
    // What the model is filtered by now, per property: the text and its condition.
    QMap<QString, QString> m_appliedTexts;
    QMap<QString, Quarry::Condition> m_appliedConditions;
};

} // namespace QuarryBrowser
