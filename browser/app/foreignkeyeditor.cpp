#include "foreignkeyeditor.h"

#include "backgroundworker.h"
#include "databasecontext.h"

#include <quarry/condition.h>
#include <quarry/entityinfo.h>
#include <quarry/query.h>
#include <quarry/session.h>

#include <QAbstractItemView>
#include <QFontMetrics>
#include <QCompleter>
#include <QLineEdit>
#include <QPointer>
#include <QStringListModel>

namespace QuarryBrowser {

namespace {

const QString separator = QStringLiteral(" — ");

struct SearchResult {
    QList<QPair<QVariant, QString>> rows;
};

} // namespace

ForeignKeyEditor::ForeignKeyEditor(DatabaseContext *context, const Quarry::EntityInfo *referenced,
                                   BackgroundWorker *worker, QWidget *parent)
    : QComboBox(parent),
      m_context(context),
      m_referenced(referenced),
      m_worker(worker),
      m_completer(new QCompleter(this)),
      m_matchModel(new QStringListModel(this))
{
    setEditable(true);
    setInsertPolicy(QComboBox::NoInsert);
    m_keyProperty = referenced->primaryKey().name();
    for (const Quarry::PropertyInfo &property : referenced->properties()) {
        if (property.storage() == Quarry::PropertyInfo::Storage::String && !property.isPrimaryKey()) {
            m_textProperty = property.name();
            break;
        }
    }
    lineEdit()->setPlaceholderText(m_textProperty.isEmpty()
                                       ? tr("%1 key").arg(referenced->className())
                                       : tr("Search %1 by %2 or key")
                                             .arg(referenced->className(), m_textProperty));
    // The matching happens in SQL; the completer only shows what came back.
    m_completer->setModel(m_matchModel);
    m_completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setWidget(lineEdit());
    connect(m_completer, qOverload<const QModelIndex &>(&QCompleter::activated), this,
            [this](const QModelIndex &index) { chooseMatch(index.row()); });

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(150);
    connect(&m_debounce, &QTimer::timeout, this, [this] { search(lineEdit()->text()); });
    connect(lineEdit(), &QLineEdit::textEdited, this, [this] { m_debounce.start(); });
}

ForeignKeyEditor::~ForeignKeyEditor() = default;

void ForeignKeyEditor::setValue(const QVariant &key)
{
    m_debounce.stop();
    if (key.isNull() || !key.isValid()) {
        setEditText(QString());
        lineEdit()->setPlaceholderText(QStringLiteral("NULL"));
        return;
    }
    setEditText(key.toString());
    if (m_textProperty.isEmpty())
        return;
    // The label of the current key, without blocking: filled in unless the user typed.
    const Quarry::Database database = m_context->database();
    const QString entity = m_referenced->className();
    const QString keyProperty = m_keyProperty;
    const QString textProperty = m_textProperty;
    const QString shown = key.toString();
    QPointer<ForeignKeyEditor> self(this);
    m_worker->run(
        [database, entity, keyProperty, textProperty, key] {
            Quarry::Session session(database);
            const QList<QVariantList> rows = session.query(entity)
                                                 .where(Quarry::Field(keyProperty) == key)
                                                 .values(QStringList{textProperty});
            return rows.isEmpty() ? QString() : rows.constFirst().value(0).toString();
        },
        [self, key, shown](const QString &text) {
            if (self && !text.isEmpty() && self->currentText() == shown)
                self->setEditText(self->labelOf(key, text));
        });
}

QVariant ForeignKeyEditor::value() const
{
    const QString text = currentText().trimmed();
    if (text.isEmpty())
        return {}; // NULL
    for (const auto &match : m_matches) {
        if (labelOf(match.first, match.second) == text)
            return match.first;
    }
    // "42 — Alice" typed or kept from setValue(), or a bare number.
    const QString keyText = text.section(separator, 0, 0).trimmed();
    bool ok = false;
    const qlonglong number = keyText.toLongLong(&ok);
    if (ok)
        return number;
    // Text keys are taken as typed; anything else the model refuses, saying why.
    return keyText;
}

void ForeignKeyEditor::search(const QString &text)
{
    const int generation = ++m_generation;
    const Quarry::Database database = m_context->database();
    const QString entity = m_referenced->className();
    const QString keyProperty = m_keyProperty;
    const QString textProperty = m_textProperty;
    const QString term = text.section(separator, 0, 0).trimmed() == text.trimmed()
                             ? text.trimmed()
                             : text.section(separator, 1).trimmed();
    QPointer<ForeignKeyEditor> self(this);
    m_worker->run(
        [database, entity, keyProperty, textProperty, term] {
            SearchResult result;
            Quarry::Session session(database);
            Quarry::Condition condition;
            bool isNumber = false;
            const qlonglong number = term.toLongLong(&isNumber);
            if (!textProperty.isEmpty() && !term.isEmpty())
                condition = Quarry::Field(textProperty).contains(term, Qt::CaseInsensitive);
            if (isNumber)
                condition = textProperty.isEmpty() ? Quarry::Field(keyProperty) == number
                                                   : condition || Quarry::Field(keyProperty) == number;
            QStringList properties{keyProperty};
            if (!textProperty.isEmpty())
                properties.append(textProperty);
            const QList<QVariantList> rows =
                session.query(entity)
                    .where(condition)
                    .orderBy(textProperty.isEmpty() ? keyProperty : textProperty)
                    .limit(searchLimit)
                    .values(properties);
            for (const QVariantList &row : rows)
                result.rows.append({row.value(0), row.value(1).toString()});
            return result;
        },
        [self, generation](const SearchResult &result) {
            if (!self || generation != self->m_generation)
                return;
            self->m_matches = result.rows;
            QStringList labels;
            for (const auto &match : std::as_const(result.rows))
                labels.append(self->labelOf(match.first, match.second));
            self->m_matchModel->setStringList(labels);
            if (self->isVisible() && !labels.isEmpty()) {
                // As wide as the labels, not as the (often narrow) key column.
                int width = self->width();
                const QFontMetrics metrics(self->m_completer->popup()->font());
                for (const QString &label : std::as_const(labels))
                    width = std::max(width, metrics.horizontalAdvance(label) + 40);
                QRect rect = self->lineEdit()->rect();
                rect.setWidth(std::min(width, 600));
                self->m_completer->complete(rect);
            }
            Q_EMIT self->matchesChanged();
        });
}

void ForeignKeyEditor::chooseMatch(int i)
{
    if (i < 0 || i >= m_matches.size())
        return;
    m_debounce.stop();
    setEditText(labelOf(m_matches.at(i).first, m_matches.at(i).second));
    m_completer->popup()->hide();
}

void ForeignKeyEditor::showPopup()
{
    // The combo has no fixed item list: its arrow shows the matches for what is typed.
    search(currentText());
}

QString ForeignKeyEditor::labelOf(const QVariant &key, const QString &text) const
{
    return text.isEmpty() ? key.toString() : key.toString() + separator + text;
}

} // namespace QuarryBrowser
