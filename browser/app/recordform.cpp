#include "recordform.h"

#include "databasecontext.h"
#include "editcontroller.h"
#include "valuedelegate.h"

#include <quarry/propertyinfo.h>
#include <quarry/querymodel.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDataWidgetMapper>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace QuarryBrowser {

RecordForm::RecordForm(DatabaseContext *context, Quarry::QueryModel *model, QWidget *parent)
    : QWidget(parent),
      m_context(context),
      m_model(model),
      m_delegate(new ValueDelegate(context, model, this)),
      m_mapper(new QDataWidgetMapper(this))
{
    auto *layout = new QVBoxLayout(this);
    auto *navigation = new QHBoxLayout;
    m_previous = new QToolButton(this);
    m_previous->setIcon(style()->standardIcon(QStyle::SP_ArrowUp));
    m_previous->setToolTip(tr("Previous row"));
    m_next = new QToolButton(this);
    m_next->setIcon(style()->standardIcon(QStyle::SP_ArrowDown));
    m_next->setToolTip(tr("Next row"));
    m_position = new QLabel(this);
    navigation->addWidget(m_previous);
    navigation->addWidget(m_next);
    navigation->addWidget(m_position, 1);
    layout->addLayout(navigation);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *fields = new QWidget(scroll);
    m_fields = new QFormLayout(fields);
    m_fields->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    scroll->setWidget(fields);
    layout->addWidget(scroll, 1);

    connect(m_previous, &QToolButton::clicked, this, &RecordForm::previous);
    connect(m_next, &QToolButton::clicked, this, &RecordForm::next);

    m_mapper->setModel(m_model);
    m_mapper->setItemDelegate(m_delegate);
    m_mapper->setSubmitPolicy(QDataWidgetMapper::AutoSubmit);
    rebuild();

    auto refreshLater = [this] { refresh(); };
    connect(m_model, &QAbstractItemModel::dataChanged, this, refreshLater);
    connect(m_model, &QAbstractItemModel::headerDataChanged, this, refreshLater);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, refreshLater);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, refreshLater);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_editors.size() != m_model->columnCount())
            rebuild();
        const int row = m_row;
        m_row = -1; // the same number may be another row now: read it again
        setCurrentRow(std::min(row, m_model->rowCount() - 1));
    });
    connect(m_context, &DatabaseContext::readOnlyChanged, this, &RecordForm::refresh);
    setCurrentRow(m_model->rowCount() > 0 ? 0 : -1);
}

RecordForm::~RecordForm() = default;

void RecordForm::setEditController(EditController *controller)
{
    m_controller = controller;
    m_delegate->setCommitHandler(
        [this](const QModelIndex &index, const QVariant &value, int role) {
            return m_controller ? m_controller->setData(index, value, role)
                                : m_model->setData(index, value, role);
        });
    m_delegate->setSubmitErrors(controller ? &controller->submitErrors() : nullptr);
    if (controller) {
        connect(controller, &EditController::submitRefused, this, &RecordForm::refresh);
        connect(controller, &EditController::submitted, this, &RecordForm::refresh);
    }
    refresh();
}

QWidget *RecordForm::editor(int column) const
{
    return m_editors.value(column);
}

QLabel *RecordForm::label(int column) const
{
    return m_labels.value(column);
}

void RecordForm::rebuild()
{
    m_mapper->clearMapping();
    while (m_fields->rowCount() > 0)
        m_fields->removeRow(0);
    m_labels.clear();
    m_editors.clear();
    for (int column = 0; column < m_model->columnCount(); ++column) {
        const Quarry::PropertyInfo *property = m_model->propertyAt(column);
        auto *label = new QLabel(property->label() + QLatin1Char(':'));
        label->setToolTip(tr("%1 (%2%3)")
                              .arg(property->column(),
                                   Quarry::PropertyInfo::storageName(property->storage()),
                                   property->isNullable() ? tr(", may be NULL") : QString()));
        QWidget *editor = m_delegate->createFormEditor(label, column);
        editor->setParent(nullptr);
        m_fields->addRow(label, editor);
        label->setBuddy(editor);
        m_mapper->addMapping(editor, column);
        // Check boxes and combos have no "done" moment: each change is the edit.
        if (auto *check = qobject_cast<QCheckBox *>(editor))
            connect(check, &QCheckBox::clicked, this, [this, check] { Q_EMIT m_delegate->commitData(check); });
        else if (auto *combo = qobject_cast<QComboBox *>(editor); combo && !combo->isEditable())
            connect(combo, &QComboBox::activated, this, [this, combo] { Q_EMIT m_delegate->commitData(combo); });
        m_labels.append(label);
        m_editors.append(editor);
    }
}

void RecordForm::setCurrentRow(int row)
{
    row = std::clamp(row, m_model->rowCount() > 0 ? 0 : -1, m_model->rowCount() - 1);
    if (row == m_row)
        return;
    m_row = row;
    for (QWidget *editor : std::as_const(m_editors))
        editor->setProperty("quarryRow", row);
    m_mapper->setCurrentIndex(row);
    refresh();
    Q_EMIT currentRowChanged(row);
}

void RecordForm::refresh()
{
    const int rows = m_model->rowCount();
    m_previous->setEnabled(m_row > 0);
    m_next->setEnabled(m_row + 1 < rows);
    const QString mark = m_row < 0                   ? QString()
                         : m_model->isInserted(m_row) ? tr(" — new, not submitted yet")
                         : m_model->isRemoved(m_row)  ? tr(" — to be deleted on submit")
                                                      : QString();
    m_position->setText(m_row >= 0 ? tr("Row %L1 of %L2%3").arg(m_row + 1).arg(rows).arg(mark)
                                   : tr("No rows"));
    const bool writable = !m_context->isReadOnly();
    const SubmitErrors *errors = m_controller ? &m_controller->submitErrors() : nullptr;
    for (int column = 0; column < m_editors.size(); ++column) {
        const QModelIndex index = m_model->index(m_row, column);
        m_editors.at(column)->setEnabled(writable && (index.flags() & Qt::ItemIsEditable));
        const QString error = errors ? errors->message(index) : QString();
        QLabel *label = m_labels.at(column);
        QFont font = label->font();
        font.setBold(index.isValid() && m_model->isDirty(index));
        label->setFont(font);
        label->setStyleSheet(error.isEmpty() ? QString()
                                             : QStringLiteral("QLabel { color: #a4161a; }"));
        m_editors.at(column)->setToolTip(error);
    }
}

} // namespace QuarryBrowser
