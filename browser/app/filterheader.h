#pragma once

#include <QHeaderView>
#include <QList>

class QLineEdit;

namespace QuarryBrowser {

// A horizontal header with a row of filter boxes under the section titles, one per
// column, that follow the sections as they are resized, moved, hidden and scrolled.
// It only collects text: the table page parses it (FilterParser) and applies it.
class FilterHeader : public QHeaderView {
    Q_OBJECT
public:
    explicit FilterHeader(QWidget *parent = nullptr);

    // Logical column indexes, as the model has them.
    QString filterText(int logicalIndex) const;
    void setFilterText(int logicalIndex, const QString &text);
    // A non-empty message turns the box red and becomes its tooltip.
    void setFilterError(int logicalIndex, const QString &message);
    QString filterError(int logicalIndex) const;
    QLineEdit *filterEdit(int logicalIndex) const;

    // Re-places the boxes; the page calls it when the table scrolls sideways.
    void adjustEditors();

    // --- reimplemented
    QSize sizeHint() const override;

Q_SIGNALS:
    // The user typed (not emitted by setFilterText).
    void filterEdited(int logicalIndex, const QString &text);
    // Return was pressed in a box: apply now rather than after the typing pause.
    void filterSubmitted(int logicalIndex);

protected:
    void updateGeometries() override;

private:
    void rebuildEditors();
    int editorHeight() const;

    QList<QLineEdit *> m_editors;
    QStringList m_errors;
};

} // namespace QuarryBrowser
