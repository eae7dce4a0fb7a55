#include "entityinfo.h"

namespace Quarry {

int EntityInfo::indexOf(const QString &propertyName) const
{
    for (int i = 0; i < m_properties.size(); ++i) {
        if (m_properties.at(i).name() == propertyName)
            return i;
    }
    return -1;
}

const PropertyInfo *EntityInfo::property(const QString &propertyName) const
{
    const int index = indexOf(propertyName);
    return index < 0 ? nullptr : &m_properties.at(index);
}

const PropertyInfo *EntityInfo::propertyForColumn(const QString &column) const
{
    for (const PropertyInfo &property : m_properties) {
        if (property.column().compare(column, Qt::CaseInsensitive) == 0)
            return &property;
    }
    return nullptr;
}

const RelationInfo *EntityInfo::relation(const QString &name) const
{
    for (const RelationInfo &relation : m_relations) {
        if (relation.name() == name)
            return &relation;
    }
    return nullptr;
}

} // namespace Quarry
