#pragma once

#include <QList>
#include <QPointer>
#include <QWidget>

class QDataWidgetMapper;
class QFormLayout;
class QLabel;
class QToolButton;

namespace Quarry {
class QueryModel;
}

namespace QuarryBrowser {

class DatabaseContext;
class EditController;
class ValueDelegate;

// The current row of a table as a form, for rows too wide to read across: one label
// (the property's label) and one editor per column, the same type-aware editors as the
// table (ValueDelegate), Previous/Next. Edits go into the same model, so they are pending,
// highlighted and submitted with the table's; with an EditController they are undoable
// and show a refused submit on the field.
class RecordForm : public QWidget
{
    Q_OBJECT
public:
    RecordForm(DatabaseContext *context, Quarry::QueryModel *model, QWidget *parent = nullptr);
    ~RecordForm() override;

    // --- API ----------------------------------------------------------------------------
    int currentRow() const { return m_row; }
    // Edits then go through the controller's undo stack, and its refused-submit marks show.
    void setEditController(EditController *controller);
    ValueDelegate *delegate() const { return m_delegate; }
    // The editor of a model column (nullptr for none); for tests and focus handling.
    QWidget *editor(int column) const;
    QLabel *label(int column) const;

public Q_SLOTS:
    void setCurrentRow(int row);
    void next() { setCurrentRow(m_row + 1); }
    void previous() { setCurrentRow(m_row - 1); }

Q_SIGNALS:
    void currentRowChanged(int row);

private:
    void rebuild();
    void refresh();

    DatabaseContext *m_context;
    Quarry::QueryModel *m_model;
    ValueDelegate *m_delegate;
    QPointer<EditController> m_controller;
    QDataWidgetMapper *m_mapper;
    QFormLayout *m_fields;
    QLabel *m_position;
    QToolButton *m_previous;
    QToolButton *m_next;
    QList<QLabel *> m_labels;
    QList<QWidget *> m_editors;
    int m_row = -1;
};

} // namespace QuarryBrowser
