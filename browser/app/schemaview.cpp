#include "schemaview.h"

#include "backgroundworker.h"
#include "databasecontext.h"

#include <quarry/entityinfo.h>

#include <QHeaderView>
#include <QLabel>
#include <QMetaEnum>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace QuarryBrowser {

namespace {

QTreeWidget *makeList(const QStringList &headers, QWidget *parent)
{
    auto *list = new QTreeWidget(parent);
    list->setRootIsDecorated(false);
    list->setUniformRowHeights(true);
    list->setAlternatingRowColors(true);
    list->setSelectionBehavior(QAbstractItemView::SelectRows);
    list->setHeaderLabels(headers);
    list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    list->header()->setStretchLastSection(true);
    return list;
}

QWidget *section(const QString &title, QTreeWidget *list, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *label = new QLabel(u"<b>%1</b>"_s.arg(title.toHtmlEscaped()), box);
    layout->addWidget(label);
    layout->addWidget(list);
    return box;
}

QString yesOrEmpty(bool value)
{
    return value ? u"yes"_s : QString();
}

QString onDeleteName(Quarry::PropertyInfo::OnDelete onDelete)
{
    using OnDelete = Quarry::PropertyInfo::OnDelete;
    switch (onDelete) {
    case OnDelete::Cascade:
        return u"cascade"_s;
    case OnDelete::Restrict:
        return u"restrict"_s;
    case OnDelete::SetNull:
        return u"set_null"_s;
    case OnDelete::NoAction:
        break;
    }
    return {};
}

// The rules as they are written in Q_CLASSINFO, so a developer recognises them.
QString rules(const Quarry::PropertyInfo &property)
{
    QStringList rules;
    if (property.isAutoIncrement())
        rules << u"auto_increment"_s;
    if (property.maxLength() >= 0)
        rules << u"max_length=%1"_s.arg(property.maxLength());
    if (property.isUnique())
        rules << u"unique"_s;
    if (property.isIndexed())
        rules << u"index"_s;
    if (property.isNullable())
        rules << u"null"_s;
    if (property.hasDefault())
        rules << u"default=%1"_s.arg(property.defaultText());
    if (!property.references().isEmpty()) {
        QString reference = u"references=%1"_s.arg(property.references());
        if (const QString onDelete = onDeleteName(property.onDelete()); !onDelete.isEmpty())
            reference += u" on_delete="_s + onDelete;
        rules << reference;
    }
    if (property.metaProperty().isEnumType()) {
        const QMetaEnum enumerator = property.metaProperty().enumerator();
        QStringList keys;
        for (int i = 0; i < enumerator.keyCount(); ++i)
            keys << QString::fromLatin1(enumerator.key(i));
        rules << u"enum: "_s + keys.join(u'|');
    }
    return rules.join(u", "_s);
}

void fillProperty(QTreeWidgetItem *item, const Quarry::PropertyInfo &property)
{
    item->setText(5, property.name());
    item->setText(6, property.label());
    item->setText(7, Quarry::PropertyInfo::storageName(property.storage()));
    item->setText(8, rules(property));
}

} // namespace

SchemaView::SchemaView(DatabaseContext *context, QWidget *parent)
    : QWidget(parent), m_context(context), m_worker(new BackgroundWorker(this)),
      m_title(new QLabel(this)),
      m_columns(
          makeList({tr("Column"), tr("Type"), tr("Nullable"), tr("Default"), tr("Primary key"),
                    tr("Property"), tr("Label"), tr("Storage"), tr("Rules")},
                   this)),
      m_indexes(makeList({tr("Index"), tr("Columns"), tr("Unique")}, this)),
      m_foreignKeys(
          makeList({tr("Foreign key"), tr("Columns"), tr("References"), tr("On delete")}, this))
{
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(section(tr("Columns"), m_columns, splitter));
    splitter->addWidget(section(tr("Indexes"), m_indexes, splitter));
    splitter->addWidget(section(tr("Foreign keys"), m_foreignKeys, splitter));
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addWidget(splitter);
    refresh();
}

SchemaView::~SchemaView()
{
    delete m_worker; // first: its callbacks use the members
}

void SchemaView::setEntity(const QString &entity)
{
    m_entity = entity;
    showSchema();
}

void SchemaView::refresh()
{
    m_worker->cancelAll();
    m_worker->run([database = m_context->database()] { return Quarry::Schema::inspect(database); },
                  [this](const Quarry::Schema &schema) {
                      m_schema = schema;
                      showSchema();
                      Q_EMIT loaded();
                  });
    showSchema();
}

void SchemaView::showSchema()
{
    m_columns->clear();
    m_indexes->clear();
    m_foreignKeys->clear();
    const Quarry::EntityInfo *entity = m_entity.isEmpty() ? nullptr : m_context->entity(m_entity);
    const QString table = entity ? entity->tableName() : m_entity;
    if (table.isEmpty()) {
        m_title->setText(tr("Select a table to see its schema."));
        return;
    }
    if (!m_schema) {
        m_title->setText(tr("Reading the schema of %1…").arg(table));
        return;
    }
    if (m_schema->error()) {
        m_title->setText(tr("Cannot read the schema: %1").arg(m_schema->error().message()));
        return;
    }
    const Quarry::TableSchema *live = m_schema->table(table);
    const bool mapped = entity && !entity->isReflected();
    for (int column = 5; column < m_columns->columnCount(); ++column)
        m_columns->setColumnHidden(column, !mapped);
    if (!live) {
        m_title->setText(tr("Table %1 does not exist in the database.").arg(table));
        return;
    }
    m_title->setText(mapped ? tr("Table %1, mapped by the entity class %2 (live columns on the "
                                 "left, the class's properties on the right)")
                                  .arg(table, entity->className())
                            : tr("Table %1").arg(table));
    showColumns(*live, mapped ? entity : nullptr);
    showIndexes(*live);
    showForeignKeys(*live);
}

void SchemaView::showColumns(const Quarry::TableSchema &table, const Quarry::EntityInfo *entity)
{
    for (const Quarry::ColumnSchema &column : table.columns) {
        auto *item = new QTreeWidgetItem(
            m_columns,
            {column.name, column.type, yesOrEmpty(column.nullable),
             column.defaultValue.isNull() ? QString() : column.defaultValue,
             column.primaryKey ? (column.autoIncrement ? tr("yes, auto") : tr("yes")) : QString()});
        if (!entity)
            continue;
        if (const Quarry::PropertyInfo *property = entity->propertyForColumn(column.name))
            fillProperty(item, *property);
        else
            item->setText(5, tr("(not mapped)"));
    }
    if (!entity)
        return;
    for (const Quarry::PropertyInfo &property : entity->properties()) {
        if (table.column(property.column()))
            continue;
        auto *item = new QTreeWidgetItem(m_columns, {property.column(), tr("(missing)")});
        fillProperty(item, property);
        item->setToolTip(0, tr("The class maps this property to a column the table does not "
                               "have: a migration is missing."));
        for (int column = 0; column < m_columns->columnCount(); ++column)
            item->setForeground(column, Qt::red);
    }
}

void SchemaView::showIndexes(const Quarry::TableSchema &table)
{
    if (!table.primaryKey.isEmpty())
        new QTreeWidgetItem(m_indexes,
                            {tr("(primary key)"), table.primaryKey.join(u", "_s), tr("yes")});
    for (const Quarry::IndexSchema &index : table.indexes)
        new QTreeWidgetItem(m_indexes,
                            {index.name, index.columns.join(u", "_s), yesOrEmpty(index.unique)});
}

void SchemaView::showForeignKeys(const Quarry::TableSchema &table)
{
    for (const Quarry::ForeignKeySchema &key : table.foreignKeys) {
        new QTreeWidgetItem(
            m_foreignKeys,
            {key.name.isEmpty() ? tr("(unnamed)") : key.name, key.columns.join(u", "_s),
             u"%1(%2)"_s.arg(key.referencedTable, key.referencedColumns.join(u", "_s)),
             key.onDelete});
    }
}

} // namespace QuarryBrowser
