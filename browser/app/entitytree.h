#pragma once

#include <QHash>
#include <QTreeWidget>

namespace QuarryBrowser {

class BackgroundWorker;
class DatabaseContext;

// The entities of a connection, in two groups: the application's (named after its entity
// plugin) and the tables reflected from the live schema. Each shows its row count, counted
// in the background and filled in as it arrives. Activating one (double-click, Enter)
// asks for it to be opened.
class EntityTree : public QTreeWidget {
    Q_OBJECT
public:
    explicit EntityTree(DatabaseContext *context, QWidget *parent = nullptr);
    ~EntityTree() override;

    QStringList entityNames() const;
    // -1 until the count has arrived (or when counting failed).
    qint64 rowCount(const QString &entityName) const;
    bool allCountsArrived() const { return m_pending == 0; }
    QTreeWidgetItem *item(const QString &entityName) const { return m_items.value(entityName); }
    // Recounts every entity (after edits, say).
    void refreshCounts();

Q_SIGNALS:
    void entityActivated(const QString &entityName);
    void rowCountArrived(const QString &entityName, qint64 count);
    void allCountsArrivedChanged();

private:
    void populate();

    DatabaseContext *const m_context;
    BackgroundWorker *m_worker = nullptr;
    QHash<QString, QTreeWidgetItem *> m_items;
    QHash<QString, qint64> m_counts;
    int m_pending = 0;
};

} // namespace QuarryBrowser
