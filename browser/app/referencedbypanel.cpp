#include "referencedbypanel.h"

#include "backgroundworker.h"
#include "databasecontext.h"

#include <quarry/entityinfo.h>
#include <quarry/session.h>

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QMetaEnum>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace QuarryBrowser {

namespace {

enum ItemRole { EntityRole = Qt::UserRole, KeyRole, PropertyRole, ValueRole };

// Columns worth a glance next to the key: the first few plain ones, not the key that
// points back here (it is the same for every row of the group).
QStringList summaryProperties(const Quarry::EntityInfo *entity, const QString &foreignKey)
{
    using Storage = Quarry::PropertyInfo::Storage;
    QStringList properties{entity->primaryKey().name()};
    for (const Quarry::PropertyInfo &property : entity->properties()) {
        if (properties.size() == 3)
            break;
        if (property.isPrimaryKey() || property.name() == foreignKey ||
            property.storage() == Storage::Bytes || property.storage() == Storage::JsonObject ||
            property.storage() == Storage::JsonArray || property.storage() == Storage::JsonDocument)
            continue;
        properties.append(property.name());
    }
    return properties;
}

QString displayText(const Quarry::PropertyInfo *property, const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return u"NULL"_s;
    if (property && property->storage() == Quarry::PropertyInfo::Storage::EnumInt &&
        property->metaProperty().isEnumType()) {
        if (const char *key = property->metaProperty().enumerator().valueToKey(value.toInt()))
            return QString::fromLatin1(key);
    }
    if (value.metaType() == QMetaType::fromType<QDateTime>())
        return value.toDateTime().toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s);
    if (value.metaType() == QMetaType::fromType<QDate>())
        return value.toDate().toString(Qt::ISODate);
    if (value.metaType() == QMetaType::fromType<bool>())
        return value.toBool() ? u"yes"_s : u"no"_s;
    QString text = value.toString();
    if (text.size() > 40)
        text = text.left(39) + QChar(0x2026);
    return text;
}

} // namespace

struct ReferencedByPanel::Group {
    ForeignKey key;
    QStringList properties; // what `rows` hold, the key first
    qint64 count = -1;
    QList<QVariantList> rows;
    QString error;
};

ReferencedByPanel::ReferencedByPanel(DatabaseContext *context, QWidget *parent)
    : QWidget(parent), m_context(context), m_keys(context), m_worker(new BackgroundWorker(this)),
      m_title(new QLabel(this)), m_tree(new QTreeWidget(this))
{
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::PlainText);
    m_tree->setHeaderHidden(true);
    m_tree->setColumnCount(1);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addWidget(m_tree);
    connect(m_tree, &QTreeWidget::itemActivated, this, &ReferencedByPanel::activate);
    setRow({}, {});
}

ReferencedByPanel::~ReferencedByPanel()
{
    delete m_worker; // first: its callbacks use the members
}

void ReferencedByPanel::setRowLimit(int rows)
{
    m_rowLimit = qMax(1, rows);
}

void ReferencedByPanel::setRow(const QString &entity, const QVariant &key)
{
    m_worker->cancelAll();
    m_tree->clear();
    const Quarry::EntityInfo *info = entity.isEmpty() ? nullptr : m_context->entity(entity);
    m_entity = info ? info->className() : QString();
    m_key = info && key.isValid() && !key.isNull() ? key : QVariant();
    m_loading = false;
    if (m_entity.isEmpty() || !m_key.isValid()) {
        m_title->setText(tr("Select a row to see the rows that point at it."));
        return;
    }
    const QList<ForeignKey> incoming = m_keys.incoming(m_entity);
    if (incoming.isEmpty()) {
        m_title->setText(tr("No table has a foreign key to %1.").arg(m_entity));
        Q_EMIT loaded();
        return;
    }
    m_title->setText(tr("Rows pointing at %1 %2: counting…").arg(m_entity, m_key.toString()));
    m_loading = true;

    QList<Group> groups;
    for (const ForeignKey &foreignKey : incoming) {
        Group group;
        group.key = foreignKey;
        group.properties =
            summaryProperties(m_context->entity(foreignKey.entity), foreignKey.property);
        groups.append(group);
    }
    showGroups(groups); // the groups at once, their counts when they arrive
    auto work = [database = m_context->database(), groups, key = m_key, limit = m_rowLimit,
                 cancel = m_worker->cancelFlag()]() mutable {
        Quarry::Session session(database);
        for (Group &group : groups) {
            if (*cancel)
                break;
            const auto query =
                session.query(group.key.entity).where(Quarry::Field(group.key.property) == key);
            group.count = query.count();
            group.rows =
                query.orderBy(group.properties.constFirst()).limit(limit).values(group.properties);
            if (group.count < 0)
                group.error = session.lastError().message();
        }
        return groups;
    };
    m_worker->run(std::move(work), [this](const QList<Group> &result) {
        m_loading = false;
        m_title->setText(tr("Rows pointing at %1 %2").arg(m_entity, m_key.toString()));
        showGroups(result);
        Q_EMIT loaded();
    });
}

void ReferencedByPanel::showGroups(const QList<Group> &groups)
{
    m_tree->clear();
    QHash<QString, int> perEntity;
    for (const Group &group : groups)
        ++perEntity[group.key.entity];
    for (const Group &group : groups) {
        const Quarry::EntityInfo *entity = m_context->entity(group.key.entity);
        const Quarry::PropertyInfo *foreignKey = entity->property(group.key.property);
        QString name = group.key.entity;
        if (perEntity.value(group.key.entity) > 1) // say which key when there are several
            name += u" · "_s + foreignKey->label();
        const QString count = group.count >= 0 ? QString::number(group.count)
                                               : (group.error.isEmpty() ? u"…"_s : u"!"_s);
        auto *item = new QTreeWidgetItem(m_tree, {u"%1 (%2)"_s.arg(name, count)});
        item->setToolTip(0, group.error.isEmpty()
                                ? tr("%1.%2 → %3.%4")
                                      .arg(group.key.entity, group.key.property,
                                           group.key.referencedEntity, group.key.referencedProperty)
                                : group.error);
        item->setData(0, EntityRole, group.key.entity);
        item->setData(0, PropertyRole, group.key.property);
        item->setData(0, ValueRole, m_key);
        QFont bold = item->font(0);
        bold.setBold(true);
        item->setFont(0, bold);
        for (const QVariantList &row : group.rows) {
            QStringList parts{u"#"_s + displayText(nullptr, row.value(0))};
            for (int i = 1; i < group.properties.size(); ++i) {
                const Quarry::PropertyInfo *property = entity->property(group.properties.at(i));
                parts.append(
                    u"%1: %2"_s.arg(property->label(), displayText(property, row.value(i))));
            }
            auto *child = new QTreeWidgetItem(item, {parts.join(u"   "_s)});
            child->setData(0, EntityRole, group.key.entity);
            child->setData(0, KeyRole, row.value(0));
        }
        if (group.count > group.rows.size()) {
            auto *more = new QTreeWidgetItem(
                item, {tr("… and %1 more (open them all)").arg(group.count - group.rows.size())});
            more->setData(0, EntityRole, group.key.entity);
            more->setData(0, PropertyRole, group.key.property);
            more->setData(0, ValueRole, m_key);
            more->setForeground(0, palette().color(QPalette::PlaceholderText));
        }
        item->setExpanded(groups.size() == 1 || group.count <= 10);
    }
}

void ReferencedByPanel::activate(QTreeWidgetItem *item)
{
    if (!item)
        return;
    const QString entity = item->data(0, EntityRole).toString();
    if (item->data(0, KeyRole).isValid())
        Q_EMIT openRequested({entity, item->data(0, KeyRole), QString()});
    else if (item->data(0, PropertyRole).isValid())
        Q_EMIT showAllRequested(entity, item->data(0, PropertyRole).toString(),
                                item->data(0, ValueRole));
}

} // namespace QuarryBrowser
