#pragma once

#include "foreignkeys.h"

#include <QVariant>
#include <QWidget>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace QuarryBrowser {

class BackgroundWorker;
class DatabaseContext;

// "Referenced by", for a dock: the rows of other tables that point at the current row,
// one group per incoming foreign key ("Order · Customer (12)"), each with its first
// rows (key and two columns). Counting and reading run in the background; when the
// current row changes quickly, the newest row wins. Activating a row asks to open it;
// activating a group (or its "… more" line) asks to show all of them in their table.
//
//   auto *panel = new ReferencedByPanel(context, dock);
//   connect(page, &TablePage::currentRowChanged, panel, &ReferencedByPanel::setRow);
//   connect(panel, &ReferencedByPanel::openRequested, window, &Window::showLocation);
class ReferencedByPanel : public QWidget {
    Q_OBJECT
public:
    explicit ReferencedByPanel(DatabaseContext *context, QWidget *parent = nullptr);
    ~ReferencedByPanel() override;

    // API
    // Shows what points at row `key` of `entity` (class or table name); an invalid key
    // clears the panel.
    void setRow(const QString &entity, const QVariant &key);
    QString entity() const { return m_entity; }
    QVariant key() const { return m_key; }
    // Rows listed per group (default 50); the rest are counted, not listed.
    void setRowLimit(int rows);
    int rowLimit() const { return m_rowLimit; }
    bool isLoading() const { return m_loading; }
    QTreeWidget *tree() const { return m_tree; }

Q_SIGNALS:
    void openRequested(const QuarryBrowser::Location &location);
    // Every row of `entity` whose `property` is `value`: a filter for its table.
    void showAllRequested(const QString &entity, const QString &property, const QVariant &value);
    // The counts and rows of the current row have arrived.
    void loaded();

private:
    struct Group;
    void showGroups(const QList<Group> &groups);
    void activate(QTreeWidgetItem *item);

    DatabaseContext *m_context;
    ForeignKeys m_keys;
    BackgroundWorker *m_worker;
    QLabel *m_title;
    QTreeWidget *m_tree;
    QString m_entity;
    QVariant m_key;
    int m_rowLimit = 50;
    bool m_loading = false;
};

} // namespace QuarryBrowser
