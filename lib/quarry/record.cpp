#include "record.h"

#include "entityinfo.h"

namespace Quarry {

Record::Record(const EntityInfo *entity, QObject *parent) : QObject(parent), m_entity(entity)
{
    for (int i = 0; i < entity->properties().size(); ++i)
        m_values.append(QVariant());
}

void Record::setValue(int index, const QVariant &value)
{
    if (index < 0 || index >= m_values.size())
        return;
    const QVariant &current = m_values.at(index);
    // Like a MEMBER setter, but '' and NULL stay different.
    if (current == value && current.isNull() == value.isNull()
        && current.metaType() == value.metaType())
        return;
    m_values[index] = value;
    emit changed();
}

QVariant Record::value(const QString &property) const
{
    return m_values.value(m_entity->indexOf(property));
}

bool Record::setValue(const QString &property, const QVariant &value)
{
    const int index = m_entity->indexOf(property);
    if (index < 0)
        return false;
    setValue(index, value);
    return true;
}

} // namespace Quarry
