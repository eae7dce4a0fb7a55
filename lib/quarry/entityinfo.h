#pragma once

#include "propertyinfo.h"
#include "relationinfo.h"

#include <QList>
#include <QMetaObject>
#include <functional>

namespace Quarry {

namespace Private {
class EntityBuilder;
}

// Metadata of one mapped QObject class: table, properties, primary key. Built once per
// class (see EntityInfo::of) and shared by every Database that registers the class.
class QUARRY_EXPORT EntityInfo
{
public:
    using Factory = std::function<QObject *()>;

    const QMetaObject *metaObject() const { return m_metaObject; }
    // The C++ class name, or for a reflected table (Database::reflect()) the table name.
    const QString &className() const { return m_className; }
    // True for a table reflected from the live schema: its objects are Quarry::Record.
    bool isReflected() const { return m_reflected; }
    const QString &tableName() const { return m_tableName; }
    const QList<PropertyInfo> &properties() const { return m_properties; }
    const PropertyInfo &primaryKey() const { return m_properties.at(m_primaryKeyIndex); }
    int primaryKeyIndex() const { return m_primaryKeyIndex; }
    // -1 when the class has no property of that name.
    int indexOf(const QString &propertyName) const;
    const PropertyInfo *property(const QString &propertyName) const;
    const PropertyInfo *propertyForColumn(const QString &column) const;
    // Relation properties (pointers and lists of pointers to entities); not columns.
    const QList<RelationInfo> &relations() const { return m_relations; }
    const RelationInfo *relation(const QString &name) const;
    // True when some mapped property has no NOTIFY signal: dirty checks then compare
    // snapshots for every object of the class.
    bool needsSnapshotComparison() const { return m_needsSnapshotComparison; }
    // The distinct NOTIFY signals of the mapped properties (signal indexes for
    // QMetaObject::connect()), usually one `changed`: a session connects each once per
    // object it tracks. For a reflected table, Record's `changed`.
    const QList<int> &notifySignals() const { return m_notifySignals; }

    QObject *create() const { return m_factory(); }

private:
    friend class Private::EntityBuilder;
    friend class Database;

    const QMetaObject *m_metaObject = nullptr;
    QString m_className;
    bool m_reflected = false;
    QList<RelationInfo> m_relations;
    QString m_tableName;
    QList<PropertyInfo> m_properties;
    int m_primaryKeyIndex = -1;
    bool m_needsSnapshotComparison = false;
    QList<int> m_notifySignals;
    Factory m_factory;
};

} // namespace Quarry
