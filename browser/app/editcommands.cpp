#include "editcommands.h"

#include <quarry/entityinfo.h>
#include <quarry/querymodel.h>

#include <algorithm>

namespace QuarryBrowser {

using Quarry::QueryModel;

QVariantList rowValues(const QueryModel *model, int row)
{
    QVariantList values;
    const QModelIndex first = model->index(row, 0);
    const qsizetype count = model->entity() ? model->entity()->properties().size() : 0;
    for (int property = 0; property < count; ++property)
        values.append(first.data(QueryModel::FirstPropertyRole + property));
    return values;
}

bool writePlainValue(QueryModel *model, int row, int property, const QVariant &plain)
{
    if (model->setData(model->index(row, 0), plain, QueryModel::FirstPropertyRole + property))
        return true;
    if (!model->isInserted(row))
        return false;
    QObject *object = model->object(row);
    if (!object || !model->entity()->properties().at(property).write(object, plain))
        return false;
    // The model repaints what setData() writes; this write went around it.
    Q_EMIT model->dataChanged(model->index(row, 0), model->index(row, model->columnCount() - 1));
    return true;
}

// --- SetValueCommand ----------------------------------------------------------------------

SetValueCommand::SetValueCommand(QueryModel *model, int row, int property, const QVariant &before,
                                 const QVariant &after)
    : m_model(model), m_row(row), m_property(property), m_before(before), m_after(after)
{
    const QString label = model->entity()->properties().at(property).label();
    setText(QObject::tr("edit %1 in row %2").arg(label).arg(row + 1));
}

void SetValueCommand::undo()
{
    writePlainValue(m_model, m_row, m_property, m_before);
}

void SetValueCommand::redo()
{
    if (std::exchange(m_done, false))
        return; // the controller wrote it already, to know whether it was taken
    writePlainValue(m_model, m_row, m_property, m_after);
}

// --- InsertRowCommand ---------------------------------------------------------------------

InsertRowCommand::InsertRowCommand(QueryModel *model, int row, const QVariantList &values,
                                   const QString &text)
    : m_model(model), m_row(row), m_values(values)
{
    setText(text);
}

void InsertRowCommand::undo()
{
    m_model->removeRows(m_row, 1);
}

void InsertRowCommand::redo()
{
    if (!m_model->insertRows(m_row, 1)) {
        setObsolete(true); // refused (lastError() says why): nothing to undo
        return;
    }
    const int key = m_model->entity()->primaryKeyIndex();
    for (int property = 0; property < m_values.size(); ++property) {
        const QVariant &value = m_values.at(property);
        if (property != key && value.isValid() && !value.isNull())
            writePlainValue(m_model, m_row, property, value);
    }
}

// --- RemoveRowsCommand --------------------------------------------------------------------

RemoveRowsCommand::RemoveRowsCommand(QueryModel *model, QList<int> rows) : m_model(model)
{
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    m_rows = rows;
    setText(QObject::tr("delete %n row(s)", nullptr, int(rows.size())));
}

void RemoveRowsCommand::redo()
{
    const bool first = m_removed.isEmpty();
    m_removed.clear();
    for (int row : std::as_const(m_rows)) {
        if (m_model->isRemoved(row))
            continue; // already waiting for the submit
        Removed removed{row, m_model->isInserted(row), {}};
        if (removed.inserted)
            removed.values = rowValues(m_model, row);
        if (!m_model->removeRows(row, 1))
            break;
        m_removed.append(removed);
    }
    if (first && m_removed.isEmpty())
        setObsolete(true);
}

void RemoveRowsCommand::undo()
{
    const int key = m_model->entity()->primaryKeyIndex();
    for (auto it = m_removed.crbegin(); it != m_removed.crend(); ++it) {
        if (it->inserted) {
            if (!m_model->insertRows(it->row, 1))
                continue;
            for (int property = 0; property < it->values.size(); ++property) {
                if (property != key)
                    writePlainValue(m_model, it->row, property, it->values.at(property));
            }
        } else {
            // The stored row still shows (OnManualSubmit) where it was removed.
            m_model->restoreRows(it->row, 1);
        }
    }
}

} // namespace QuarryBrowser
