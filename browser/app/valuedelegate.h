#pragma once

#include "valueviewerdialog.h"

#include <QList>
#include <QPointer>
#include <QStyledItemDelegate>

#include <functional>
#include <memory>

namespace Quarry {
class PropertyInfo;
class QueryModel;
}

namespace QuarryBrowser {

class BackgroundWorker;
class DatabaseContext;
class SubmitErrors;

// Edits a QueryModel's cells with editors chosen by the property's type: date/time
// pickers, a check box for bool (toggled in place), the enum's keys, ranged spin boxes,
// a searching combo for foreign keys, and a line with "…" (ValueViewerDialog) for long
// text, bytes and JSON. It also paints what is pending: edited cells, new rows, rows to
// be removed, NULL (greyed, unlike an empty text), and cells a submit was refused for (red,
// the reason as tooltip). Nothing is editable while the context is read-only.
class ValueDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    ValueDelegate(DatabaseContext *context, Quarry::QueryModel *model, QObject *parent = nullptr);
    ~ValueDelegate() override;

    // --- API ----------------------------------------------------------------------------
    // Where edits go instead of model->setData() (EditController: its undo stack).
    using CommitHandler = std::function<bool(const QModelIndex &, const QVariant &, int role)>;
    void setCommitHandler(CommitHandler handler) { m_commit = std::move(handler); }
    // Writes an editor's value through the handler (or the model); false when refused.
    bool commitValue(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole);
    void setSubmitErrors(const SubmitErrors *errors) { m_errors = errors; }
    // Cells still being read show "loading…" (hook for QueryModel's coming LoadingRole).
    using LoadingPredicate = std::function<bool(const QModelIndex &)>;
    void setLoadingPredicate(LoadingPredicate predicate) { m_loading = std::move(predicate); }

    // The form's editor for a column: createEditor()'s, but a QCheckBox for bool. Its
    // "…" button opens the row in the editor's "quarryRow" property (RecordForm sets it).
    QWidget *createFormEditor(QWidget *parent, int column) const;
    // Opens the viewer on the cell's full value (non-modal); OK writes it back.
    ValueViewerDialog *openViewer(const QModelIndex &index, QWidget *parent,
                                  const QString &startText = QString());
    static bool opensViewer(const Quarry::PropertyInfo &property);
    // Closes every open editor, dropping what it holds (going read-only).
    void closeEditors();

public:
    // --- reimplemented ------------------------------------------------------------------
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override;
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;

private:
    const Quarry::PropertyInfo *propertyOf(const QModelIndex &index) const;
    QVariant plainValue(const QModelIndex &index) const;
    QWidget *trackEditor(QWidget *editor) const;
    // `cell` is the table cell being edited; invalid for a form's editor.
    QWidget *createEditorFor(QWidget *parent, int column, const QModelIndex &cell) const;

    DatabaseContext *m_context;
    Quarry::QueryModel *m_model;
    mutable std::unique_ptr<BackgroundWorker> m_worker; // foreign-key searches
    CommitHandler m_commit;
    LoadingPredicate m_loading;
    const SubmitErrors *m_errors = nullptr;
    mutable QList<QPointer<QWidget>> m_editors;
};

} // namespace QuarryBrowser
