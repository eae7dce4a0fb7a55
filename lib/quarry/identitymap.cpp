// The session's identity map: one object per row, found by its primary key.

#include "session_p.h"

#include <QUuid>

namespace Quarry {

QString SessionPrivate::identityKey(const QVariant &plainKey)
{
    if (plainKey.metaType().id() == QMetaType::QUuid)
        return plainKey.toUuid().toString(QUuid::WithoutBraces);
    return plainKey.toString();
}

IdentityKey SessionPrivate::mapKey(const QVariant &plainKey)
{
    switch (plainKey.metaType().id()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Long:
    case QMetaType::ULong:
        return {plainKey.toLongLong(), QString()};
    default:
        return {0, identityKey(plainKey)};
    }
}

QObject *SessionPrivate::identityLookup(const EntityInfo *entity, const QVariant &plainKey) const
{
    const auto objects = identityMap.constFind(entity);
    if (objects == identityMap.cend())
        return nullptr;
    return objects->value(mapKey(plainKey));
}

void SessionPrivate::rebuildIdentityMap()
{
    identityMap.clear();
    for (auto it = tracked.cbegin(); it != tracked.cend(); ++it) {
        const TrackedObject &object = it.value();
        if (object.image.inDatabase || object.image.removed) {
            const QVariant key = object.image.inDatabase
                                     ? object.image.values.at(object.entity->primaryKeyIndex())
                                     : object.entity->primaryKey().read(it.key());
            identityMap[object.entity].insert(mapKey(key), it.key());
        }
    }
}

} // namespace Quarry
