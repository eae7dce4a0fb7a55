#pragma once

#include "quarry_export.h"

#include <QObject>
#include <QVariantList>

namespace Quarry {

class EntityInfo;

// The object of a reflected table (Database::reflect()): a row of a table no C++ class
// maps, its values kept in property order. Sessions, queries and item models treat it
// like any entity object; a browser uses it for databases it knows nothing about.
class QUARRY_EXPORT Record : public QObject
{
    Q_OBJECT
public:
    explicit Record(const EntityInfo *entity, QObject *parent = nullptr);

    const EntityInfo *entity() const { return m_entity; }
    // Plain values (as PropertyInfo::read() returns them), by property index.
    QVariant value(int index) const { return m_values.value(index); }
    void setValue(int index, const QVariant &value);
    QVariant value(const QString &property) const;
    bool setValue(const QString &property, const QVariant &value);

Q_SIGNALS:
    void changed();

private:
    const EntityInfo *m_entity;
    QVariantList m_values;
};

} // namespace Quarry
