#include "relationvalue_p.h"

#include <QSequentialIterable>
#include <QVariant>

namespace Quarry::Private {

QObject *readToOne(const QObject *owner, const RelationInfo &relation)
{
    return relation.metaProperty().read(owner).value<QObject *>();
}

bool writeToOne(QObject *owner, const RelationInfo &relation, QObject *target)
{
    const QMetaProperty property = relation.metaProperty();
    const QMetaType type = property.metaType();
    // A target of the property's class is stored as the property's own `Author *`
    // (moc puts QObject first, so the pointer is the same): QMetaType's conversion from
    // QObject * costs more than the write. Anything else goes through that conversion.
    if (target && (type.flags() & QMetaType::PointerToQObject) && type.metaObject()
        && target->metaObject()->inherits(type.metaObject())) {
        // Straight into the declaring class's generated setter call, as PropertyInfo does:
        // QMetaProperty::write() walks qt_metacall() and copies the QVariant first.
        const QMetaObject *declaring = property.enclosingMetaObject();
        if (declaring && declaring->d.static_metacall && property.isWritable()) {
            QVariant value(type, &target);
            int status = -1;
            int flags = 0;
            void *argv[] = {&target, &value, &status, &flags};
            declaring->d.static_metacall(owner, QMetaObject::WriteProperty,
                                         property.propertyIndex() - declaring->propertyOffset(),
                                         argv);
            return true;
        }
        return property.write(owner, QVariant(type, &target));
    }
    return property.write(owner, QVariant::fromValue(target));
}

QList<QObject *> readToMany(const QObject *owner, const RelationInfo &relation)
{
    QList<QObject *> targets;
    const QVariant list = relation.metaProperty().read(owner);
    const QSequentialIterable iterable = list.value<QSequentialIterable>();
    for (const QVariant &element : iterable) {
        if (QObject *target = element.value<QObject *>())
            targets.append(target);
    }
    return targets;
}

bool writeToMany(QObject *owner, const RelationInfo &relation, const QList<QObject *> &targets)
{
    QVariant list(relation.metaProperty().metaType());
    QSequentialIterable iterable = list.view<QSequentialIterable>();
    for (QObject *target : targets)
        iterable.addValue(QVariant::fromValue(target));
    return relation.metaProperty().write(owner, list);
}

} // namespace Quarry::Private
