#include "entitytree.h"

#include "backgroundworker.h"
#include "databasecontext.h"

#include <quarry/session.h>

#include <QHeaderView>

namespace QuarryBrowser {

namespace {

enum ItemRole { EntityNameRole = Qt::UserRole };

struct CountResult {
    QString entityName;
    qint64 count = -1;
    QString error;
};

} // namespace

EntityTree::EntityTree(DatabaseContext *context, QWidget *parent)
    : QTreeWidget(parent), m_context(context), m_worker(new BackgroundWorker(this))
{
    setObjectName(QStringLiteral("entityTree"));
    setColumnCount(2);
    setHeaderLabels({QStringLiteral("Entity"), QStringLiteral("Rows")});
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(0, QHeaderView::Stretch);
    header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    setRootIsDecorated(true);
    setUniformRowHeights(true);
    connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QString name = item->data(0, EntityNameRole).toString();
        if (!name.isEmpty())
            Q_EMIT entityActivated(name);
    });
    populate();
    refreshCounts();
}

EntityTree::~EntityTree() = default;

QStringList EntityTree::entityNames() const
{
    return m_context->entityNames();
}

qint64 EntityTree::rowCount(const QString &entityName) const
{
    return m_counts.value(entityName, -1);
}

void EntityTree::populate()
{
    clear();
    m_items.clear();
    const QString pluginName = m_context->entityPluginName();
    QTreeWidgetItem *application = nullptr;
    QTreeWidgetItem *tables = nullptr;
    for (const QString &name : m_context->entityNames()) {
        const Quarry::EntityInfo *entity = m_context->entity(name);
        if (!entity)
            continue;
        QTreeWidgetItem *&group = entity->isReflected() ? tables : application;
        if (!group) {
            group = new QTreeWidgetItem(this);
            group->setText(0, entity->isReflected()
                                  ? (pluginName.isEmpty() ? QStringLiteral("Tables")
                                                          : QStringLiteral("Other tables"))
                                  : QStringLiteral("%1 entities").arg(pluginName));
            group->setFlags(Qt::ItemIsEnabled);
            QFont font = group->font(0);
            font.setBold(true);
            group->setFont(0, font);
            group->setExpanded(true);
        }
        auto *item = new QTreeWidgetItem(group);
        item->setText(0, name);
        item->setData(0, EntityNameRole, name);
        item->setText(1, QStringLiteral("…"));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        const QString tip = entity->isReflected()
                                ? QStringLiteral("table %1").arg(entity->tableName())
                                : QStringLiteral("%1 (table %2)").arg(name, entity->tableName());
        item->setToolTip(0, tip);
        item->setToolTip(1, QStringLiteral("counting rows…"));
        m_items.insert(name, item);
    }
    expandAll();
}

void EntityTree::refreshCounts()
{
    m_worker->cancelAll();
    m_counts.clear();
    m_pending = int(m_items.size());
    const Quarry::Database database = m_context->database();
    for (auto it = m_items.cbegin(); it != m_items.cend(); ++it) {
        const QString name = it.key();
        // A COUNT(*) may take seconds on a big server table: never on the UI thread.
        m_worker->run(
            [database, name] {
                CountResult result;
                result.entityName = name;
                Quarry::Session session(database);
                result.count = session.query(name).count();
                if (result.count < 0)
                    result.error = session.lastError().toString();
                return result;
            },
            [this](const CountResult &result) {
                QTreeWidgetItem *item = m_items.value(result.entityName);
                if (!item)
                    return;
                m_counts.insert(result.entityName, result.count);
                item->setText(1, result.count < 0 ? QStringLiteral("?")
                                                  : QLocale().toString(result.count));
                item->setToolTip(1, result.count < 0 ? result.error
                                                     : QStringLiteral("%1 rows").arg(result.count));
                Q_EMIT rowCountArrived(result.entityName, result.count);
                if (--m_pending == 0)
                    Q_EMIT allCountsArrivedChanged();
            });
    }
}

} // namespace QuarryBrowser
