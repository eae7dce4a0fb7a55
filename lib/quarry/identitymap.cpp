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

// The key the identity map finds an object by (invalid: none): a row's object by its
// image's key, a removed one (its row deleted in this transaction) by the key it has.
QVariant SessionPrivate::identityOf(QObject *object, const TrackedObject &entry)
{
    if (entry.image.inDatabase)
        return entry.image.values.at(entry.entity->primaryKeyIndex());
    if (entry.image.removed)
        return entry.entity->primaryKey().read(object);
    return QVariant();
}

void SessionPrivate::unmapIdentity(QObject *object)
{
    const TrackedObject &entry = *tracked.constFind(object);
    const QVariant key = identityOf(object, entry);
    if (!key.isValid())
        return;
    EntityObjects &objects = identityMap[entry.entity];
    if (objects.value(mapKey(key)) == object)
        objects.remove(mapKey(key));
}

void SessionPrivate::mapIdentity(QObject *object)
{
    const TrackedObject &entry = *tracked.constFind(object);
    const QVariant key = identityOf(object, entry);
    if (key.isValid())
        identityMap[entry.entity].insert(mapKey(key), object);
}

} // namespace Quarry
