#pragma once

// Private: ObjectListModel's state, and the receiver of the objects' NOTIFY and
// destroyed() signals (connected by QMetaMethod, so it needs a slot of its own).

#include "objectlistmodel.h"

#include <QHash>
#include <QList>
#include <QMetaProperty>
#include <QObject>

namespace Quarry {

class ObjectListModelPrivate : public QObject {
    Q_OBJECT
public:
    ObjectListModelPrivate(ObjectListModel *q, const QMetaObject *metaObject);

    // Not null, of the class, not in the list yet.
    bool accepts(const QObject *object) const;
    // Appends without signals (construction, reset); false when not accepted.
    bool add(QObject *object);
    void watch(QObject *object);
    void unwatch(QObject *object);
    int rowOf(const QObject *object) const;
    void rowsMoved() { rowsIndexed = false; }
    // A property's value as views and QML want it (a std::optional unwrapped).
    QVariant read(const QObject *object, int property) const;

    ObjectListModel *q;
    const QMetaObject *objectClass;
    QList<QMetaProperty> properties;
    QHash<int, QList<int>> rolesBySignal; // NOTIFY signal method index -> roles
    int displayProperty = -1;             // -1: objectName
    QList<QObject *> objects;
    mutable QHash<const QObject *, int> rows;
    mutable bool rowsIndexed = true; // rows is empty, as objects is

public Q_SLOTS:
    void propertyNotified();
    void objectDestroyed(QObject *object);
};

} // namespace Quarry
