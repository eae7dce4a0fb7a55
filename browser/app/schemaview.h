#pragma once

#include <quarry/schema.h>

#include <QWidget>

#include <optional>

class QLabel;
class QTreeWidget;

namespace Quarry {
class EntityInfo;
}

namespace QuarryBrowser {

class BackgroundWorker;
class DatabaseContext;

// The schema of one table, from the core's introspection (Quarry::Schema): its columns
// (name, type, nullable, default, primary key), indexes (name, columns, unique) and
// foreign keys (columns → table(columns), on delete). For a table an application's entity
// class maps, each column also shows its property beside it: name, label, storage type and
// validation rules (max_length, unique, nullable, enum keys...), and properties whose
// column is missing from the live table are listed in red.
//
// The whole schema is read once, in the background, and kept; refresh() reads it again
// (after a migration, say).
//
//   auto *schema = new SchemaView(context, dock);
//   connect(tabs, &Tabs::currentEntityChanged, schema, &SchemaView::setEntity);
class SchemaView : public QWidget {
    Q_OBJECT
public:
    explicit SchemaView(DatabaseContext *context, QWidget *parent = nullptr);
    ~SchemaView() override;

    // API
    void setEntity(const QString &entity);
    QString entity() const { return m_entity; }
    void refresh();
    bool isLoaded() const { return m_schema.has_value(); }

    // The three lists, for tests and for anyone who wants to add a context menu.
    QTreeWidget *columnsView() const { return m_columns; }
    QTreeWidget *indexesView() const { return m_indexes; }
    QTreeWidget *foreignKeysView() const { return m_foreignKeys; }

Q_SIGNALS:
    // The schema has been read (or failed: then the title says why).
    void loaded();

private:
    void showSchema();
    void showColumns(const Quarry::TableSchema &table, const Quarry::EntityInfo *entity);
    void showIndexes(const Quarry::TableSchema &table);
    void showForeignKeys(const Quarry::TableSchema &table);

    DatabaseContext *m_context;
    BackgroundWorker *m_worker;
    std::optional<Quarry::Schema> m_schema;
    QString m_entity;
    QLabel *m_title;
    QTreeWidget *m_columns;
    QTreeWidget *m_indexes;
    QTreeWidget *m_foreignKeys;
};

} // namespace QuarryBrowser
