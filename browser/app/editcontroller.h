#pragma once

#include "submiterrors.h"

#include <quarry/error.h>

#include <QList>
#include <QObject>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QUndoStack>

class QAction;
class QTableView;

namespace Quarry {
class QueryModel;
}

namespace QuarryBrowser {

class DatabaseContext;
class ValueDelegate;

// Editing a table page: the actions (Add, Duplicate, Delete, Submit, Revert, Undo, Redo),
// the undo stack of what was done since the last submit or revert, and what a refused
// submit means for the user: the database's reason on the offending cell (red, tooltip)
// and in submitRefused(); the edits stay pending, to be fixed and submitted again. It
// installs a ValueDelegate on the view and routes every edit through the stack. In
// read-only mode every action is disabled, the view opens no editor and setData() refuses
// (as the model itself does: TablePage makes it read-only too).
class EditController : public QObject
{
    Q_OBJECT
public:
    EditController(QTableView *view, Quarry::QueryModel *model, DatabaseContext *context,
                   QObject *parent = nullptr);
    ~EditController() override;

    // --- API: actions (shortcuts work while the view has focus) -------------------------
    QList<QAction *> actions() const;
    QAction *addRowAction() const { return m_add; }
    QAction *duplicateRowAction() const { return m_duplicate; }
    QAction *deleteRowsAction() const { return m_delete; }
    QAction *submitAction() const { return m_submit; }
    QAction *revertAction() const { return m_revert; }
    QAction *undoAction() const { return m_undo; }
    QAction *redoAction() const { return m_redo; }
    // Sets the current cell to NULL (Ctrl+0); enabled on cells of nullable columns.
    QAction *setNullAction() const { return m_setNull; }

    ValueDelegate *delegate() const { return m_delegate.data(); }
    QUndoStack *undoStack() { return &m_stack; }
    const SubmitErrors &submitErrors() const { return m_errors; }

    // --- API: editing (what the actions and the delegate call) --------------------------
    // An undoable setData(); false (editRefused()) when the model refuses the value.
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole);
    // A new row below `row` (-1: below the current row, or at the top); made current.
    bool addRow(int row = -1);
    // A copy of `row` (-1: the current row) without its primary key, below it.
    bool duplicateRow(int row = -1);
    // The rows (empty: the selected rows, else the current one).
    bool deleteRows(const QList<int> &rows = {});
    bool submit();
    void revert();

Q_SIGNALS:
    // The database refused the submit; `reason` is its message. The edits are still pending.
    void submitRefused(const QString &reason);
    void submitted();
    // A value the model did not take (wrong type, too long, NULL where not allowed).
    void editRefused(const QString &reason);

private:
    void createActions();
    void updateActions();
    void setReadOnly(bool readOnly);
    void showRefusal(const Quarry::Error &error);
    void clearHistory();
    void touch(int row);
    QList<int> candidateRows() const;
    QList<int> selectedRows() const;
    int currentRow() const;
    void push(QUndoCommand *command);

    QPointer<QTableView> m_view; // signals may come after a page's view is gone
    Quarry::QueryModel *m_model;
    DatabaseContext *m_context;
    QPointer<ValueDelegate> m_delegate; // owned by the view
    QUndoStack m_stack;
    SubmitErrors m_errors;
    QList<QPersistentModelIndex> m_touched; // rows edited since the last submit
    bool m_applying = false; // our own edits move rows; other moves drop the history
    bool m_submitting = false;
    int m_editTriggers = 0;
    QAction *m_add = nullptr;
    QAction *m_duplicate = nullptr;
    QAction *m_delete = nullptr;
    QAction *m_submit = nullptr;
    QAction *m_revert = nullptr;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QAction *m_setNull = nullptr;
};

} // namespace QuarryBrowser
