#pragma once

#include <QList>
#include <QUndoCommand>
#include <QVariant>

namespace Quarry {
class QueryModel;
}

namespace QuarryBrowser {

// The undoable edits of EditController, made before a submit. Rows are the model's row
// numbers: the controller drops the history whenever something else moves rows (a
// sort, a filter, another session's commit), so a command always meets the rows it saw.
// Values are plain property values (QueryModel::FirstPropertyRole + i), whatever the
// shown columns.

// Writes a plain value; a new row may also go back to a value setData() refuses (the
// NULL it was born with in a NOT NULL column).
bool writePlainValue(Quarry::QueryModel *model, int row, int property, const QVariant &plain);
// Every property's plain value of a row, by property index.
QVariantList rowValues(const Quarry::QueryModel *model, int row);

// One cell (or a check box) edited. Done by the controller before it is pushed.
class SetValueCommand : public QUndoCommand
{
public:
    SetValueCommand(Quarry::QueryModel *model, int row, int property, const QVariant &before,
                    const QVariant &after);
    void undo() override;
    void redo() override;
    int row() const { return m_row; }

private:
    Quarry::QueryModel *m_model;
    int m_row;
    int m_property;
    QVariant m_before;
    QVariant m_after;
    bool m_done = true;
};

// A new row at `row`, blank (Add) or with values (Duplicate): every property listed in
// `values` (invalid entries are skipped) is written after the insertion.
class InsertRowCommand : public QUndoCommand
{
public:
    InsertRowCommand(Quarry::QueryModel *model, int row, const QVariantList &values,
                     const QString &text);
    void undo() override;
    void redo() override;
    int row() const { return m_row; }

private:
    Quarry::QueryModel *m_model;
    int m_row;
    QVariantList m_values;
};

// Rows removed: new rows vanish (their values are kept to bring them back), stored rows
// wait marked "!" for the submit. Undo inserts the new rows again and takes the removals of
// stored rows back (QueryModel::restoreRows()).
class RemoveRowsCommand : public QUndoCommand
{
public:
    RemoveRowsCommand(Quarry::QueryModel *model, QList<int> rows);
    void undo() override;
    void redo() override;

private:
    struct Removed {
        int row;
        bool inserted;
        QVariantList values; // a new row's values
    };
    Quarry::QueryModel *m_model;
    QList<int> m_rows; // descending
    QList<Removed> m_removed;
};

} // namespace QuarryBrowser
