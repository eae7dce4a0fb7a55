#pragma once

#include <QList>
#include <QString>
#include <QVariant>

namespace Quarry {
class Database;
}

namespace QuarryBrowser {

class DatabaseContext;

// One foreign key as the browser uses it: a one-column key `entity.property` pointing at
// `referencedEntity.referencedProperty`. Entity names are the browser's (class names, or
// table names for reflected tables), so they can be handed to DatabaseContext::entity().
struct ForeignKey {
    QString entity;
    QString property;
    QString referencedEntity;
    QString referencedProperty;

    bool operator==(const ForeignKey &other) const;
    bool operator!=(const ForeignKey &other) const { return !(*this == other); }
};

// A row of an entity, and optionally the column to make current: where a foreign-key
// jump, the history and the referenced-by panel lead.
struct Location {
    QString entity;
    QVariant key;
    QString column; // a property name; empty: the row's first column

    bool isValid() const { return !entity.isEmpty() && key.isValid() && !key.isNull(); }
    bool operator==(const Location &other) const;
    bool operator!=(const Location &other) const { return !(*this == other); }
};

// The foreign keys between the entities of one database, both ways. Built from the
// entities' metadata, which holds them already: `references=` for the application's
// classes, and for reflected tables what Database::reflect() copied from the schema's
// one-column foreign keys (PropertyInfo::references()). No query runs, so building is
// cheap enough for the UI thread.
//
// Reflection keeps the referenced *table* only, not its column; a key is taken to point at
// the referenced entity's primary key, which is what a browser can open anyway (keys that
// reference another unique column are rare and would need Quarry::Schema's
// ForeignKeySchema::referencedColumns). Composite foreign keys are not listed.
class ForeignKeys {
public:
    ForeignKeys() = default;
    explicit ForeignKeys(const Quarry::Database &database);
    explicit ForeignKeys(const DatabaseContext *context);

    const QList<ForeignKey> &all() const { return m_keys; }
    // The keys of `entity` (class or table name) pointing elsewhere: order_items.orderId.
    QList<ForeignKey> outgoing(const QString &entity) const;
    // The keys of other entities (or of `entity` itself) pointing at `entity`.
    QList<ForeignKey> incoming(const QString &entity) const;
    // The key `entity.property`, or nullptr when that property is no foreign key.
    const ForeignKey *find(const QString &entity, const QString &property) const;
    bool isForeignKey(const QString &entity, const QString &property) const
    {
        return find(entity, property) != nullptr;
    }
    // Where the value of the foreign-key cell `entity.property` leads; an invalid Location
    // for a property that is no foreign key, or a NULL value.
    Location target(const QString &entity, const QString &property, const QVariant &value) const;

private:
    QString canonicalName(const QString &entity) const;

    QList<ForeignKey> m_keys;
    QList<QPair<QString, QString>> m_aliases; // table name -> entity name
};

} // namespace QuarryBrowser
