#include "filterheader.h"

#include <QLineEdit>

namespace QuarryBrowser {

FilterHeader::FilterHeader(QWidget *parent) : QHeaderView(Qt::Horizontal, parent)
{
    setSectionsClickable(true);
    setSectionsMovable(true);
    setHighlightSections(true);
    connect(this, &QHeaderView::sectionCountChanged, this, &FilterHeader::rebuildEditors);
    connect(this, &QHeaderView::sectionResized, this, &FilterHeader::adjustEditors);
    connect(this, &QHeaderView::sectionMoved, this, &FilterHeader::adjustEditors);
    connect(this, &QHeaderView::geometriesChanged, this, &FilterHeader::adjustEditors);
}

QString FilterHeader::filterText(int logicalIndex) const
{
    const QLineEdit *edit = filterEdit(logicalIndex);
    return edit ? edit->text() : QString();
}

void FilterHeader::setFilterText(int logicalIndex, const QString &text)
{
    if (QLineEdit *edit = filterEdit(logicalIndex))
        edit->setText(text);
}

void FilterHeader::setFilterError(int logicalIndex, const QString &message)
{
    QLineEdit *edit = filterEdit(logicalIndex);
    if (!edit)
        return;
    m_errors[logicalIndex] = message;
    edit->setStyleSheet(message.isEmpty()
                            ? QString()
                            : QStringLiteral("QLineEdit { background: #ffd8d8; color: #7a0000; }"));
    edit->setToolTip(message.isEmpty() ? QStringLiteral("Filter: text, =v, <>v, >v, >=v, <v, <=v, "
                                                        "a..b, NULL, !NULL")
                                       : message);
}

QString FilterHeader::filterError(int logicalIndex) const
{
    return logicalIndex >= 0 && logicalIndex < m_errors.size() ? m_errors.at(logicalIndex)
                                                               : QString();
}

QLineEdit *FilterHeader::filterEdit(int logicalIndex) const
{
    return logicalIndex >= 0 && logicalIndex < m_editors.size() ? m_editors.at(logicalIndex)
                                                                : nullptr;
}

QSize FilterHeader::sizeHint() const
{
    QSize size = QHeaderView::sizeHint();
    size.setHeight(size.height() + editorHeight());
    return size;
}

void FilterHeader::updateGeometries()
{
    // The titles keep the top part; the boxes sit in the margin below the viewport.
    setViewportMargins(0, 0, 0, editorHeight());
    QHeaderView::updateGeometries();
    adjustEditors();
}

int FilterHeader::editorHeight() const
{
    return m_editors.isEmpty() ? QLineEdit().sizeHint().height()
                               : m_editors.first()->sizeHint().height();
}

void FilterHeader::rebuildEditors()
{
    // A model reset with the same columns keeps the boxes (and what was typed in them).
    if (m_editors.size() == count())
        return;
    while (m_editors.size() > count())
        delete m_editors.takeLast();
    while (m_editors.size() < count()) {
        auto *edit = new QLineEdit(this);
        const int logicalIndex = int(m_editors.size());
        edit->setPlaceholderText(QStringLiteral("Filter"));
        edit->setClearButtonEnabled(true);
        edit->setObjectName(QStringLiteral("filter%1").arg(logicalIndex));
        connect(edit, &QLineEdit::textEdited, this, [this, logicalIndex](const QString &text) {
            Q_EMIT filterEdited(logicalIndex, text);
        });
        connect(edit, &QLineEdit::returnPressed, this,
                [this, logicalIndex] { Q_EMIT filterSubmitted(logicalIndex); });
        m_editors.append(edit);
        m_errors.append(QString());
        setFilterError(logicalIndex, QString());
    }
    m_errors.resize(m_editors.size());
    updateGeometries();
}

void FilterHeader::adjustEditors()
{
    const int height = editorHeight();
    const int top = this->height() - height;
    for (int logical = 0; logical < m_editors.size(); ++logical) {
        QLineEdit *edit = m_editors.at(logical);
        // While a section is being hidden it is first resized to 0, then marked hidden.
        if (isSectionHidden(logical) || sectionSize(logical) == 0) {
            edit->hide();
            continue;
        }
        edit->setGeometry(sectionViewportPosition(logical), top, sectionSize(logical), height);
        edit->show();
    }
}

} // namespace QuarryBrowser
