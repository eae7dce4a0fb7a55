#include "valuedelegate.h"

#include "backgroundworker.h"
#include "databasecontext.h"
#include "foreignkeyeditor.h"
#include "submiterrors.h"

#include <quarry/entityinfo.h>
#include <quarry/propertyinfo.h>
#include <quarry/querymodel.h>

#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMetaEnum>
#include <QMouseEvent>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QTimeEdit>
#include <QToolButton>
#include <QToolTip>

#include <algorithm>
#include <limits>

namespace QuarryBrowser {

using Storage = Quarry::PropertyInfo::Storage;

namespace {

const QColor editedColor(0xff, 0xf1, 0xb8);
const QColor insertedColor(0xdf, 0xf3, 0xdc);
const QColor removedColor(0xf1, 0xe4, 0xe4);
const QColor errorColor(0xf4, 0xae, 0xa8);
const QColor nullColor(0x9a, 0x9a, 0x9a);

// Long text, JSON and bytes: the line shows what fits, "…" opens the whole value.
class LongValueEditor : public QWidget
{
public:
    LongValueEditor(bool bytes, QWidget *parent) : QWidget(parent), m_bytes(bytes)
    {
        auto *layout = new QHBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(0);
        line = new QLineEdit(this);
        line->setReadOnly(bytes); // bytes are edited as a hex dump, in the viewer
        button = new QToolButton(this);
        button->setText(QStringLiteral("…"));
        button->setToolTip(ValueDelegate::tr("Show the whole value"));
        layout->addWidget(line);
        layout->addWidget(button);
        setFocusProxy(line);
    }
    void setValue(const QVariant &plain, const QString &text)
    {
        m_plain = plain;
        line->setText(text);
    }
    QVariant value() const { return m_bytes ? m_plain : QVariant(line->text()); }

    QLineEdit *line;
    QToolButton *button;

private:
    bool m_bytes;
    QVariant m_plain;
};

int decimalsFor(double value)
{
    const QString text = QString::number(value, 'f', 10);
    const qsizetype dot = text.indexOf(QLatin1Char('.'));
    qsizetype last = text.size() - 1;
    while (last > dot && text.at(last) == QLatin1Char('0'))
        --last;
    return int(std::clamp<qsizetype>(last - dot, 2, 10));
}

// What an editor holds, as setData() takes it.
QVariant editorValue(QWidget *editor)
{
    if (auto *foreignKey = qobject_cast<ForeignKeyEditor *>(editor))
        return foreignKey->value();
    if (auto *date = qobject_cast<QDateEdit *>(editor))
        return date->date();
    if (auto *time = qobject_cast<QTimeEdit *>(editor))
        return time->time();
    if (auto *dateTime = qobject_cast<QDateTimeEdit *>(editor))
        return dateTime->dateTime();
    if (auto *spin = qobject_cast<QSpinBox *>(editor))
        return spin->value();
    if (auto *spin = qobject_cast<QDoubleSpinBox *>(editor))
        return spin->value();
    if (auto *combo = qobject_cast<QComboBox *>(editor))
        return combo->currentText();
    if (auto *check = qobject_cast<QCheckBox *>(editor))
        return check->isChecked();
    if (auto *longValue = dynamic_cast<LongValueEditor *>(editor))
        return longValue->value();
    if (auto *line = qobject_cast<QLineEdit *>(editor))
        return line->text();
    return {};
}

} // namespace

ValueDelegate::ValueDelegate(DatabaseContext *context, Quarry::QueryModel *model, QObject *parent)
    : QStyledItemDelegate(parent),
      m_context(context),
      m_model(model)
{
}

ValueDelegate::~ValueDelegate() = default;

const Quarry::PropertyInfo *ValueDelegate::propertyOf(const QModelIndex &index) const
{
    return index.isValid() && index.model() == m_model ? m_model->propertyAt(index.column())
                                                       : nullptr;
}

QVariant ValueDelegate::plainValue(const QModelIndex &index) const
{
    const Quarry::PropertyInfo *property = propertyOf(index);
    return property ? index.data(m_model->roleOf(property->name())) : QVariant();
}

bool ValueDelegate::opensViewer(const Quarry::PropertyInfo &property)
{
    switch (property.storage()) {
    case Storage::Bytes:
    case Storage::JsonObject:
    case Storage::JsonArray:
    case Storage::JsonDocument:
        return true;
    case Storage::String:
        return property.maxLength() < 0 || property.maxLength() > 255;
    default:
        return false;
    }
}

bool ValueDelegate::commitValue(const QModelIndex &index, const QVariant &value, int role)
{
    if (m_context->isReadOnly())
        return false;
    return m_commit ? m_commit(index, value, role) : m_model->setData(index, value, role);
}

QWidget *ValueDelegate::trackEditor(QWidget *editor) const
{
    m_editors.removeIf([](const QPointer<QWidget> &open) { return open.isNull(); });
    m_editors.append(editor);
    return editor;
}

void ValueDelegate::closeEditors()
{
    const QList<QPointer<QWidget>> editors = std::exchange(m_editors, {});
    for (const QPointer<QWidget> &editor : editors) {
        if (editor)
            Q_EMIT closeEditor(editor, QAbstractItemDelegate::RevertModelCache);
    }
}

QWidget *ValueDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    const Quarry::PropertyInfo *property = propertyOf(index);
    if (m_context->isReadOnly() || !property || !(index.flags() & Qt::ItemIsEditable))
        return nullptr;
    if (property->storage() == Storage::Bool)
        return nullptr; // the check box toggles in place (editorEvent)
    if (QWidget *editor = createEditorFor(parent, index.column(), index))
        return trackEditor(editor);
    return QStyledItemDelegate::createEditor(parent, option, index);
}

QWidget *ValueDelegate::createFormEditor(QWidget *parent, int column) const
{
    return createEditorFor(parent, column, QModelIndex());
}

QWidget *ValueDelegate::createEditorFor(QWidget *parent, int column, const QModelIndex &cell) const
{
    const Quarry::PropertyInfo *property = m_model->propertyAt(column);
    if (!property)
        return nullptr;
    QWidget *editor = nullptr;
    const Quarry::EntityInfo *referenced =
        property->references().isEmpty() ? nullptr : m_context->entity(property->references());
    const QMetaEnum enumerator = property->isReflected() ? QMetaEnum()
                                                         : property->metaProperty().enumerator();
    if (referenced) {
        if (!m_worker) // a thread only for pages that have foreign keys to search
            m_worker = std::make_unique<BackgroundWorker>();
        editor = new ForeignKeyEditor(m_context, referenced, m_worker.get(), parent);
    } else if (enumerator.isValid()
               && (property->storage() == Storage::EnumName || property->storage() == Storage::EnumInt)) {
        auto *combo = new QComboBox(parent);
        for (int i = 0; i < enumerator.keyCount(); ++i)
            combo->addItem(QString::fromLatin1(enumerator.key(i)));
        editor = combo;
    } else {
        switch (property->storage()) {
        case Storage::Bool:
            editor = new QCheckBox(parent);
            break;
        case Storage::Date: {
            auto *date = new QDateEdit(parent);
            date->setCalendarPopup(true);
            date->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
            date->setMinimumDate(QDate(1, 1, 1));
            editor = date;
            break;
        }
        case Storage::Time: {
            auto *time = new QTimeEdit(parent);
            time->setDisplayFormat(QStringLiteral("HH:mm:ss"));
            editor = time;
            break;
        }
        case Storage::DateTime: {
            auto *dateTime = new QDateTimeEdit(parent);
            dateTime->setCalendarPopup(true);
            dateTime->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
            dateTime->setMinimumDate(QDate(1, 1, 1));
            editor = dateTime;
            break;
        }
        case Storage::Int32: {
            auto *spin = new QSpinBox(parent);
            spin->setRange(std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
            spin->setAlignment(Qt::AlignRight);
            editor = spin;
            break;
        }
        case Storage::Double: {
            auto *spin = new QDoubleSpinBox(parent);
            spin->setRange(-1e15, 1e15);
            spin->setAlignment(Qt::AlignRight);
            editor = spin;
            break;
        }
        case Storage::Int64:
        case Storage::UInt32: {
            // QSpinBox stops at 2^31: digits, checked by the model on the way in.
            auto *line = new QLineEdit(parent);
            const QString pattern = property->storage() == Storage::Int64
                                        ? QStringLiteral("-?\\d{0,19}")
                                        : QStringLiteral("\\d{0,10}");
            line->setValidator(new QRegularExpressionValidator(QRegularExpression(pattern), line));
            line->setAlignment(Qt::AlignRight);
            editor = line;
            break;
        }
        default:
            if (opensViewer(*property)) {
                auto *longValue = new LongValueEditor(property->storage() == Storage::Bytes, parent);
                auto *self = const_cast<ValueDelegate *>(this);
                const QPersistentModelIndex tableCell(cell);
                connect(longValue->button, &QToolButton::clicked, self,
                        [self, longValue, tableCell, column] {
                    const QString typed = longValue->line->isReadOnly() ? QString()
                                                                       : longValue->line->text();
                    if (!tableCell.isValid()) { // a form's editor stays open
                        const int row = longValue->property("quarryRow").toInt();
                        self->openViewer(self->m_model->index(row, column), longValue, typed);
                        return;
                    }
                    QWidget *view = longValue->parentWidget();
                    Q_EMIT self->closeEditor(longValue, QAbstractItemDelegate::NoHint);
                    self->openViewer(tableCell, view, typed);
                });
                editor = longValue;
            } else {
                auto *line = new QLineEdit(parent);
                if (property->maxLength() > 0)
                    line->setMaxLength(property->maxLength());
                editor = line;
            }
        }
    }
    editor->setAutoFillBackground(true);
    return editor;
}

void ValueDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    const QVariant plain = plainValue(index);
    const QVariant edit = index.data(Qt::EditRole);
    const bool null = plain.isNull() || !plain.isValid();
    if (auto *foreignKey = qobject_cast<ForeignKeyEditor *>(editor)) {
        foreignKey->setValue(plain);
    } else if (auto *date = qobject_cast<QDateEdit *>(editor)) {
        date->setDate(null ? QDate::currentDate() : edit.toDate());
    } else if (auto *time = qobject_cast<QTimeEdit *>(editor)) {
        time->setTime(null ? QTime(0, 0) : edit.toTime());
    } else if (auto *dateTime = qobject_cast<QDateTimeEdit *>(editor)) {
        dateTime->setDateTime(null ? QDateTime::currentDateTime() : edit.toDateTime());
    } else if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
        spin->setValue(edit.toInt());
    } else if (auto *spin = qobject_cast<QDoubleSpinBox *>(editor)) {
        spin->setDecimals(decimalsFor(edit.toDouble()));
        spin->setValue(edit.toDouble());
    } else if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        combo->setCurrentIndex(combo->findText(edit.toString()));
    } else if (auto *check = qobject_cast<QCheckBox *>(editor)) {
        check->setChecked(edit.toBool());
    } else if (auto *longValue = dynamic_cast<LongValueEditor *>(editor)) {
        longValue->setValue(plain, index.data(Qt::DisplayRole).toString());
        longValue->line->setPlaceholderText(null ? QStringLiteral("NULL") : QString());
    } else if (auto *line = qobject_cast<QLineEdit *>(editor)) {
        line->setText(edit.toString());
        line->setPlaceholderText(null ? QStringLiteral("NULL") : QString());
    } else {
        QStyledItemDelegate::setEditorData(editor, index);
    }
    // A NULL stays NULL unless the user changes what the editor started from.
    editor->setProperty("quarryWasNull", null);
    editor->setProperty("quarryInitial", editorValue(editor));
}

void ValueDelegate::setModelData(QWidget *editor, QAbstractItemModel *model,
                                 const QModelIndex &index) const
{
    if (model != m_model)
        return QStyledItemDelegate::setModelData(editor, model, index);
    QVariant value = editorValue(editor);
    if (!value.isValid() && !qobject_cast<ForeignKeyEditor *>(editor))
        return QStyledItemDelegate::setModelData(editor, model, index);
    if (editor->property("quarryWasNull").toBool() && value == editor->property("quarryInitial"))
        return;
    const_cast<ValueDelegate *>(this)->commitValue(index, value, Qt::EditRole);
}

ValueViewerDialog *ValueDelegate::openViewer(const QModelIndex &index, QWidget *parent,
                                             const QString &startText)
{
    const Quarry::PropertyInfo *property = propertyOf(index);
    if (!property)
        return nullptr;
    ValueViewerDialog::Kind kind = ValueViewerDialog::Kind::Text;
    QVariant value = plainValue(index);
    if (property->storage() == Storage::Bytes) {
        kind = ValueViewerDialog::Kind::Bytes;
    } else if (property->storage() == Storage::JsonObject || property->storage() == Storage::JsonArray
               || property->storage() == Storage::JsonDocument) {
        kind = ValueViewerDialog::Kind::Json;
        value = index.data(Qt::EditRole);
    }
    if (!startText.isNull())
        value = startText;
    auto *dialog = new ValueViewerDialog(parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("%1, row %2").arg(property->label()).arg(index.row() + 1));
    dialog->setValue(value, kind);
    dialog->setReadOnly(m_context->isReadOnly() || !(index.flags() & Qt::ItemIsEditable));
    const QPersistentModelIndex cell(index);
    connect(dialog, &QDialog::accepted, this, [this, dialog, cell] {
        if (cell.isValid())
            commitValue(cell, dialog->value(), Qt::EditRole);
    });
    dialog->open();
    return dialog;
}

void ValueDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    auto grey = [option] {
        option->palette.setColor(QPalette::Text, nullColor);
        option->palette.setColor(QPalette::HighlightedText, nullColor.lighter(130));
        option->font.setItalic(true);
    };
    if (m_loading && m_loading(index)) {
        option->text = tr("loading…");
        grey();
        return;
    }
    const Quarry::PropertyInfo *property = propertyOf(index);
    if (!property)
        return;
    const QVariant plain = plainValue(index);
    if (plain.isNull() || !plain.isValid()) {
        option->text = QStringLiteral("NULL");
        option->displayAlignment = Qt::AlignLeft | Qt::AlignVCenter;
        grey();
    }
    if (m_model->isRemoved(index.row())) {
        option->font.setStrikeOut(true);
        option->palette.setColor(QPalette::Text, nullColor);
        option->backgroundBrush = removedColor;
    } else if (m_model->isInserted(index.row())) {
        option->backgroundBrush = insertedColor;
        if (property->isPrimaryKey() && property->isAutoIncrement()) {
            option->text = tr("new"); // the database gives the key on submit, not 0
            grey();
        }
    } else if (m_model->isDirty(index)) {
        option->backgroundBrush = editedColor;
    }
    if (m_errors && !m_errors->message(index).isEmpty()) {
        option->backgroundBrush = errorColor;
        option->palette.setColor(QPalette::Text, QColor(0x6e, 0x0a, 0x0a));
        // Still red when it is the current cell (the controller makes it so).
        option->palette.setColor(QPalette::Highlight, QColor(0xb3, 0x26, 0x1e));
        option->palette.setColor(QPalette::HighlightedText, Qt::white);
    }
}

bool ValueDelegate::editorEvent(QEvent *event, QAbstractItemModel *model,
                                const QStyleOptionViewItem &option, const QModelIndex &index)
{
    const Quarry::PropertyInfo *property = propertyOf(index);
    if (!property || model != m_model)
        return QStyledItemDelegate::editorEvent(event, model, option, index);
    if (event->type() == QEvent::MouseButtonDblClick && opensViewer(*property)
        && property->storage() != Storage::String) {
        openViewer(index, const_cast<QWidget *>(option.widget));
        return true; // viewing is allowed read-only too
    }
    if (property->storage() != Storage::Bool)
        return QStyledItemDelegate::editorEvent(event, model, option, index);
    // QStyledItemDelegate toggles check boxes with model->setData(); ours goes through
    // commitValue() so that the toggle is undoable and refused read-only.
    const Qt::ItemFlags flags = index.flags();
    if (m_context->isReadOnly() || !(flags & Qt::ItemIsUserCheckable)
        || !(flags & Qt::ItemIsEnabled) || !(option.state & QStyle::State_Enabled))
        return false;
    const QVariant state = index.data(Qt::CheckStateRole);
    if (event->type() == QEvent::MouseButtonRelease || event->type() == QEvent::MouseButtonDblClick
        || event->type() == QEvent::MouseButtonPress) {
        QStyleOptionViewItem viewOption(option);
        initStyleOption(&viewOption, index);
        const QWidget *widget = option.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        const QRect checkRect =
            style->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &viewOption, widget);
        const auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() != Qt::LeftButton || !checkRect.contains(mouse->position().toPoint()))
            return false;
        if (event->type() != QEvent::MouseButtonRelease)
            return true; // the press and the double-click's second press are ours, not the view's
    } else if (event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key != Qt::Key_Space && key != Qt::Key_Select)
            return false;
    } else {
        return false;
    }
    const bool checked = state.isValid() && state.toInt() == Qt::Checked;
    return commitValue(index, checked ? Qt::Unchecked : Qt::Checked, Qt::CheckStateRole);
}

void ValueDelegate::updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                                         const QModelIndex &index) const
{
    QStyledItemDelegate::updateEditorGeometry(editor, option, index);
    // Key columns are narrow; what is typed and the label shown need room.
    const int wanted = qobject_cast<ForeignKeyEditor *>(editor) ? 240
                       : qobject_cast<QDateTimeEdit *>(editor) ? editor->sizeHint().width()
                                                               : 0;
    if (editor->width() < wanted)
        editor->resize(wanted, editor->height());
}

bool ValueDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                              const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event && event->type() == QEvent::ToolTip && m_errors) {
        const QString message = m_errors->message(index);
        if (!message.isEmpty()) {
            QToolTip::showText(event->globalPos(), message, view);
            return true;
        }
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

} // namespace QuarryBrowser
