#include "editcontroller.h"

#include "databasecontext.h"
#include "editcommands.h"
#include "valuedelegate.h"

#include <quarry/entityinfo.h>
#include <quarry/propertyinfo.h>
#include <quarry/querymodel.h>
#include <quarry/session.h>

#include <QAction>
#include <QApplication>
#include <QItemSelectionModel>
#include <QScopedValueRollback>
#include <QStyle>
#include <QTableView>

#include <algorithm>

namespace QuarryBrowser {

using Quarry::QueryModel;

namespace {

QIcon icon(const char *themeName, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QString::fromLatin1(themeName),
                            QApplication::style()->standardIcon(fallback));
}

} // namespace

EditController::EditController(QTableView *view, QueryModel *model, DatabaseContext *context,
                               QObject *parent)
    : QObject(parent),
      m_view(view),
      m_model(model),
      m_context(context),
      m_delegate(new ValueDelegate(context, model, view)) // the view paints with it: its child
{
    if (m_view->model() != m_model)
        m_view->setModel(m_model);
    m_view->setItemDelegate(m_delegate);
    m_delegate->setSubmitErrors(&m_errors);
    m_delegate->setCommitHandler([this](const QModelIndex &index, const QVariant &value, int role) {
        return setData(index, value, role);
    });
    createActions();

    // Commands name rows by number: rows moved by anything but our own edits (a sort, a
    // filter, a commit elsewhere) make the history meaningless, so it goes. The pending
    // edits themselves stay in the session.
    auto rowsMoved = [this] {
        if (!m_applying)
            clearHistory();
    };
    connect(m_model, &QAbstractItemModel::rowsInserted, this, rowsMoved);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, rowsMoved);
    connect(m_model, &QAbstractItemModel::modelReset, this, rowsMoved);
    connect(m_model, &QAbstractItemModel::layoutChanged, this, rowsMoved);
    connect(m_model, &QueryModel::submitFailed, this, &EditController::showRefusal);
    connect(m_model, &QueryModel::dirtyChanged, this, &EditController::updateActions);
    if (Quarry::Session *session = m_model->session()) {
        // Whoever commits the session (this page or another) commits our edits too.
        connect(session, &Quarry::Session::committed, this, [this] {
            clearHistory();
            m_errors.clear();
            m_touched.clear();
            if (m_view)
                m_view->viewport()->update();
        });
    }
    connect(&m_stack, &QUndoStack::indexChanged, this, &EditController::updateActions);
    connect(m_context, &DatabaseContext::readOnlyChanged, this, &EditController::setReadOnly);
    if (QItemSelectionModel *selection = m_view->selectionModel()) {
        connect(selection, &QItemSelectionModel::currentChanged, this, &EditController::updateActions);
        connect(selection, &QItemSelectionModel::selectionChanged, this,
                &EditController::updateActions);
    }
    m_editTriggers = int(m_view->editTriggers());
    setReadOnly(m_context->isReadOnly());
}

EditController::~EditController()
{
    // A view that outlives us keeps the delegate: it must not call back into us.
    if (m_delegate) {
        m_delegate->setCommitHandler({});
        m_delegate->setSubmitErrors(nullptr);
    }
}

void EditController::createActions()
{
    auto make = [this](QAction *&action, const QString &text, const QIcon &icon,
                       const QList<QKeySequence> &keys, auto slot) {
        action = new QAction(icon, text, this);
        action->setShortcuts(keys);
        // Several pages live in one window: each page's keys work where its view has focus.
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        if (!keys.isEmpty())
            action->setToolTip(QStringLiteral("%1 (%2)").arg(
                QString(text).remove(QLatin1Char('&')),
                keys.constFirst().toString(QKeySequence::NativeText)));
        connect(action, &QAction::triggered, this, slot);
        m_view->addAction(action);
    };
    make(m_add, tr("&Add row"), icon("list-add", QStyle::SP_FileDialogNewFolder),
         {QKeySequence(Qt::Key_Insert)}, [this] { addRow(); });
    make(m_duplicate, tr("D&uplicate row"), icon("edit-copy", QStyle::SP_FileLinkIcon),
         {QKeySequence(Qt::CTRL | Qt::Key_D)}, [this] { duplicateRow(); });
    make(m_delete, tr("&Delete rows"), icon("edit-delete", QStyle::SP_TrashIcon),
         {QKeySequence(QKeySequence::Delete)}, [this] { deleteRows(); });
    make(m_submit, tr("&Submit"), icon("document-save", QStyle::SP_DialogSaveButton),
         {QKeySequence(Qt::CTRL | Qt::Key_S)}, [this] { submit(); });
    make(m_revert, tr("&Revert"), icon("document-revert", QStyle::SP_DialogResetButton), {},
         [this] { revert(); });
    make(m_undo, tr("&Undo"), icon("edit-undo", QStyle::SP_ArrowBack),
         {QKeySequence(Qt::CTRL | Qt::Key_Z)}, [this] {
             QScopedValueRollback<bool> applying(m_applying, true);
             m_stack.undo();
         });
    make(m_redo, tr("&Redo"), icon("edit-redo", QStyle::SP_ArrowForward),
         {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)},
         [this] {
             QScopedValueRollback<bool> applying(m_applying, true);
             m_stack.redo();
         });
    // An emptied editor cannot say NULL (a date editor always holds a date): this can.
    make(m_setNull, tr("Set to &NULL"), QIcon(), {QKeySequence(Qt::CTRL | Qt::Key_0)},
         [this] { setData(m_view->currentIndex(), QVariant()); });
}

QList<QAction *> EditController::actions() const
{
    return {m_add, m_duplicate, m_delete, m_submit, m_revert, m_undo, m_redo, m_setNull};
}

void EditController::updateActions()
{
    const bool writable = !m_context->isReadOnly();
    const bool hasRow = currentRow() >= 0;
    const bool dirty = m_model->isDirty();
    m_add->setEnabled(writable && m_model->entity());
    m_duplicate->setEnabled(writable && hasRow);
    m_delete->setEnabled(writable && (hasRow || !selectedRows().isEmpty()));
    m_submit->setEnabled(writable && dirty);
    m_revert->setEnabled(writable && dirty);
    m_undo->setEnabled(writable && m_stack.canUndo());
    m_redo->setEnabled(writable && m_stack.canRedo());
    const QModelIndex current = m_view ? m_view->currentIndex() : QModelIndex();
    const Quarry::PropertyInfo *property =
        current.isValid() ? m_model->propertyAt(current.column()) : nullptr;
    m_setNull->setEnabled(writable && property && property->isNullable()
                          && (current.flags() & Qt::ItemIsEditable));
    m_undo->setText(m_stack.canUndo() ? tr("&Undo %1").arg(m_stack.undoText()) : tr("&Undo"));
    m_redo->setText(m_stack.canRedo() ? tr("&Redo %1").arg(m_stack.redoText()) : tr("&Redo"));
}

void EditController::setReadOnly(bool readOnly)
{
    if (!m_view || !m_delegate)
        return;
    if (readOnly) {
        if (m_view->editTriggers() != QAbstractItemView::NoEditTriggers)
            m_editTriggers = int(m_view->editTriggers());
        m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
        m_delegate->closeEditors();
    } else {
        m_view->setEditTriggers(QAbstractItemView::EditTriggers(m_editTriggers));
    }
    updateActions();
}

bool EditController::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (m_context->isReadOnly()) {
        Q_EMIT editRefused(tr("The database is open read-only."));
        return false;
    }
    const Quarry::PropertyInfo *property =
        index.model() == m_model ? m_model->propertyAt(index.column()) : nullptr;
    if (!property)
        return false;
    const int valueRole = m_model->roleOf(property->name());
    const QVariant before = index.data(valueRole);
    {
        QScopedValueRollback<bool> applying(m_applying, true);
        if (!m_model->setData(index, value, role)) {
            Q_EMIT editRefused(m_model->lastError().message());
            return false;
        }
    }
    m_errors.unmark(index); // the user is fixing it
    const QVariant after = index.data(valueRole);
    if (after == before && after.isNull() == before.isNull())
        return true;
    touch(index.row());
    push(new SetValueCommand(m_model, index.row(), valueRole - QueryModel::FirstPropertyRole,
                             before, after));
    return true;
}

bool EditController::addRow(int row)
{
    if (m_context->isReadOnly() || !m_model->entity() || !m_view)
        return false;
    const int below = row >= 0 ? row : currentRow();
    const int target = below >= 0 ? std::min(below + 1, m_model->rowCount()) : 0;
    const int before = m_model->rowCount();
    push(new InsertRowCommand(m_model, target, {}, tr("add row")));
    if (m_model->rowCount() == before) {
        Q_EMIT editRefused(m_model->lastError().message());
        return false;
    }
    touch(target);
    int column = 0;
    while (column + 1 < m_model->columnCount()
           && !(m_model->flags(m_model->index(target, column)) & Qt::ItemIsEditable))
        ++column;
    m_view->setCurrentIndex(m_model->index(target, column));
    m_view->scrollTo(m_model->index(target, column));
    return true;
}

bool EditController::duplicateRow(int row)
{
    const int source = row >= 0 ? row : currentRow();
    if (m_context->isReadOnly() || !m_view || source < 0 || source >= m_model->rowCount()
        || m_model->isRemoved(source))
        return false;
    const int before = m_model->rowCount();
    push(new InsertRowCommand(m_model, source + 1, rowValues(m_model, source),
                              tr("duplicate row %1").arg(source + 1)));
    if (m_model->rowCount() == before) {
        Q_EMIT editRefused(m_model->lastError().message());
        return false;
    }
    touch(source + 1);
    m_view->setCurrentIndex(m_model->index(source + 1, std::max(0, m_view->currentIndex().column())));
    return true;
}

bool EditController::deleteRows(const QList<int> &rows)
{
    QList<int> chosen = rows.isEmpty() ? selectedRows() : rows;
    if (chosen.isEmpty() && currentRow() >= 0)
        chosen.append(currentRow());
    if (m_context->isReadOnly() || chosen.isEmpty())
        return false;
    for (int row : std::as_const(chosen))
        touch(row);
    const int index = m_stack.index();
    push(new RemoveRowsCommand(m_model, chosen));
    if (m_stack.index() == index) { // refused: QUndoStack dropped the obsolete command
        Q_EMIT editRefused(m_model->lastError().message());
        return false;
    }
    return true;
}

bool EditController::submit()
{
    if (m_context->isReadOnly() || !m_view)
        return false;
    m_errors.clear();
    m_view->viewport()->update();
    if (!m_model->submitAll())
        return false; // showRefusal() has run (QueryModel::submitFailed)
    clearHistory();
    m_touched.clear();
    Q_EMIT submitted();
    return true;
}

void EditController::revert()
{
    if (m_context->isReadOnly() || !m_view)
        return;
    {
        QScopedValueRollback<bool> applying(m_applying, true);
        m_model->revertAll();
    }
    clearHistory();
    m_errors.clear();
    m_touched.clear();
    m_view->viewport()->update();
}

void EditController::showRefusal(const Quarry::Error &error)
{
    const QString reason = SubmitErrors::reason(error);
    m_errors.clear();
    if (!m_view)
        return;
    const QModelIndex cell = SubmitErrors::place(m_model, error, candidateRows());
    if (cell.isValid()) {
        m_errors.mark(cell, reason);
        m_view->setCurrentIndex(cell);
        m_view->scrollTo(cell);
    }
    m_view->viewport()->update();
    Q_EMIT submitRefused(reason);
}

void EditController::clearHistory()
{
    m_stack.clear();
    updateActions();
}

void EditController::touch(int row)
{
    const QModelIndex index = m_model->index(row, 0);
    if (index.isValid() && !m_touched.contains(index))
        m_touched.append(index);
}

QList<int> EditController::candidateRows() const
{
    QList<int> rows;
    for (const QPersistentModelIndex &index : m_touched) {
        if (index.isValid() && !rows.contains(index.row()))
            rows.append(index.row());
    }
    if (rows.isEmpty()) {
        // Edits made before this controller (or lost track of by a reset): new rows sit at
        // the top, so the first rows are where to look.
        for (int row = 0; row < std::min(m_model->rowCount(), 500); ++row)
            rows.append(row);
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

QList<int> EditController::selectedRows() const
{
    QList<int> rows;
    if (QItemSelectionModel *selection = m_view ? m_view->selectionModel() : nullptr) {
        const QItemSelection ranges = selection->selection();
        for (const QItemSelectionRange &range : ranges) {
            for (int row = range.top(); row <= range.bottom(); ++row) {
                if (!rows.contains(row))
                    rows.append(row);
            }
        }
    }
    return rows;
}

int EditController::currentRow() const
{
    const QModelIndex current = m_view ? m_view->currentIndex() : QModelIndex();
    return current.isValid() ? current.row() : -1;
}

void EditController::push(QUndoCommand *command)
{
    QScopedValueRollback<bool> applying(m_applying, true);
    m_stack.push(command);
}

} // namespace QuarryBrowser
