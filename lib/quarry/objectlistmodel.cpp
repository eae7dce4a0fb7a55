#include "objectlistmodel.h"

#include "objectlistmodel_p.h"
#include "optionalcodec_p.h"

#include <QMetaMethod>

namespace Quarry {

// --- ObjectListModelPrivate -------------------------------------------------------------

ObjectListModelPrivate::ObjectListModelPrivate(ObjectListModel *q, const QMetaObject *metaObject)
    : q(q), objectClass(metaObject ? metaObject : &QObject::staticMetaObject)
{
    // Every property of the class and its bases except QObject's own (objectName).
    for (int i = QObject::staticMetaObject.propertyCount(); i < objectClass->propertyCount(); ++i) {
        const QMetaProperty property = objectClass->property(i);
        const int role = ObjectListModel::FirstPropertyRole + int(properties.size());
        properties.append(property);
        if (property.hasNotifySignal())
            rolesBySignal[property.notifySignalIndex()].append(role);
        if (displayProperty < 0 && property.metaType().id() == QMetaType::QString)
            displayProperty = int(properties.size()) - 1;
    }
}

bool ObjectListModelPrivate::accepts(const QObject *object) const
{
    return object && object->metaObject()->inherits(objectClass) && rowOf(object) < 0;
}

int ObjectListModelPrivate::rowOf(const QObject *object) const
{
    if (!rowsIndexed) {
        rows.clear();
        for (int row = 0; row < objects.size(); ++row)
            rows.insert(objects.at(row), row);
        rowsIndexed = true;
    }
    return rows.value(object, -1);
}

bool ObjectListModelPrivate::add(QObject *object)
{
    if (!accepts(object))
        return false;
    objects.append(object);
    rows.insert(object, int(objects.size()) - 1); // accepts() left the index built
    watch(object);
    return true;
}

void ObjectListModelPrivate::watch(QObject *object)
{
    static const QMetaMethod notified =
        staticMetaObject.method(staticMetaObject.indexOfSlot("propertyNotified()"));
    for (auto it = rolesBySignal.cbegin(); it != rolesBySignal.cend(); ++it)
        connect(object, objectClass->method(it.key()), this, notified);
    connect(object, &QObject::destroyed, this, &ObjectListModelPrivate::objectDestroyed);
}

void ObjectListModelPrivate::unwatch(QObject *object)
{
    disconnect(object, nullptr, this, nullptr);
}

QVariant ObjectListModelPrivate::read(const QObject *object, int property) const
{
    const QMetaProperty &meta = properties.at(property);
    const QVariant value = meta.read(object);
    if (const Private::OptionalCodec *codec = Private::optionalCodec(meta.metaType()))
        return codec->unwrap(value);
    return value;
}

void ObjectListModelPrivate::propertyNotified()
{
    const int row = rowOf(sender());
    if (row < 0)
        return;
    QList<int> roles = rolesBySignal.value(senderSignalIndex());
    if (displayProperty >= 0 &&
        roles.contains(ObjectListModel::FirstPropertyRole + displayProperty))
        roles << Qt::DisplayRole << Qt::EditRole;
    const QModelIndex index = q->index(row);
    emit q->dataChanged(index, index, roles);
}

void ObjectListModelPrivate::objectDestroyed(QObject *object)
{
    // Half destroyed: only its address is used.
    const int row = rowOf(object);
    if (row < 0)
        return;
    q->beginRemoveRows(QModelIndex(), row, row);
    objects.removeAt(row);
    rowsMoved();
    q->endRemoveRows();
    emit q->countChanged(int(objects.size()));
}

// --- ObjectListModel --------------------------------------------------------------------

ObjectListModel::ObjectListModel(const QMetaObject *metaObject, const QList<QObject *> &objects,
                                 QObject *parent)
    : QAbstractListModel(parent), d(std::make_unique<ObjectListModelPrivate>(this, metaObject))
{
    for (QObject *object : objects)
        d->add(object);
}

ObjectListModel::~ObjectListModel()
{
    for (QObject *object : std::as_const(d->objects))
        d->unwatch(object);
}

const QMetaObject *ObjectListModel::objectClass() const
{
    return d->objectClass;
}
QList<QObject *> ObjectListModel::objects() const
{
    return d->objects;
}
int ObjectListModel::count() const
{
    return int(d->objects.size());
}

void ObjectListModel::setObjects(const QList<QObject *> &objects)
{
    beginResetModel();
    for (QObject *object : std::as_const(d->objects))
        d->unwatch(object);
    d->objects.clear();
    d->rowsMoved();
    for (QObject *object : objects)
        d->add(object);
    endResetModel();
    emit countChanged(count());
}

QObject *ObjectListModel::at(int row) const
{
    return row >= 0 && row < d->objects.size() ? d->objects.at(row) : nullptr;
}

int ObjectListModel::indexOf(const QObject *object) const
{
    return d->rowOf(object);
}

bool ObjectListModel::append(QObject *object)
{
    return insert(count(), object);
}

bool ObjectListModel::insert(int row, QObject *object)
{
    if (row < 0 || row > count() || !d->accepts(object))
        return false;
    beginInsertRows(QModelIndex(), row, row);
    d->objects.insert(row, object);
    d->rowsMoved();
    d->watch(object);
    endInsertRows();
    emit countChanged(count());
    return true;
}

bool ObjectListModel::remove(QObject *object)
{
    return removeAt(indexOf(object));
}

bool ObjectListModel::removeAt(int row)
{
    return removeRows(row, 1);
}

bool ObjectListModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > this->count())
        return false;
    beginRemoveRows(QModelIndex(), row, row + count - 1);
    for (int i = 0; i < count; ++i)
        d->unwatch(d->objects.takeAt(row));
    d->rowsMoved();
    endRemoveRows();
    emit countChanged(this->count());
    return true;
}

void ObjectListModel::clear()
{
    if (d->objects.isEmpty())
        return;
    removeRows(0, count());
}

bool ObjectListModel::setDisplayProperty(const QString &name)
{
    if (name == QLatin1String("objectName")) {
        d->displayProperty = -1;
    } else {
        const int role = roleOf(name);
        if (role < 0)
            return false;
        d->displayProperty = role - FirstPropertyRole;
    }
    if (!d->objects.isEmpty())
        emit dataChanged(index(0), index(count() - 1), {Qt::DisplayRole, Qt::EditRole});
    return true;
}

QString ObjectListModel::displayProperty() const
{
    if (d->displayProperty < 0)
        return QStringLiteral("objectName");
    return QString::fromLatin1(d->properties.at(d->displayProperty).name());
}

int ObjectListModel::roleOf(const QString &property) const
{
    const QByteArray name = property.toLatin1();
    for (int i = 0; i < d->properties.size(); ++i) {
        if (name == d->properties.at(i).name())
            return FirstPropertyRole + i;
    }
    return -1;
}

int ObjectListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant ObjectListModel::data(const QModelIndex &index, int role) const
{
    QObject *object = index.isValid() && !index.parent().isValid() && index.column() == 0
                          ? at(index.row())
                          : nullptr;
    if (!object)
        return {};
    if (role == ObjectRole)
        return QVariant::fromValue(object);
    if (role >= FirstPropertyRole && role < FirstPropertyRole + d->properties.size())
        return d->read(object, role - FirstPropertyRole);
    if (role == Qt::DisplayRole || role == Qt::EditRole)
        return d->displayProperty < 0 ? QVariant(object->objectName())
                                      : d->read(object, d->displayProperty);
    return {};
}

bool ObjectListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    QObject *object = index.isValid() && !index.parent().isValid() ? at(index.row()) : nullptr;
    if (!object)
        return false;
    if (role == Qt::EditRole || role == Qt::DisplayRole) {
        if (d->displayProperty < 0) {
            object->setObjectName(value.toString());
            emit dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole});
            return true;
        }
        role = FirstPropertyRole + d->displayProperty;
    }
    if (role < FirstPropertyRole || role >= FirstPropertyRole + d->properties.size())
        return false;
    const QMetaProperty &property = d->properties.at(role - FirstPropertyRole);
    if (!property.isWritable())
        return false;
    QVariant converted = value;
    if (const Private::OptionalCodec *codec = Private::optionalCodec(property.metaType()))
        converted = codec->wrap(value);
    else if (value.metaType() != property.metaType() && !converted.convert(property.metaType()))
        return false;
    if (!property.write(object, converted))
        return false;
    if (!property.hasNotifySignal()) // else the signal says it
        emit dataChanged(index, index, {role});
    return true;
}

Qt::ItemFlags ObjectListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || index.parent().isValid() || !at(index.row()))
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
    if (d->displayProperty < 0 || d->properties.at(d->displayProperty).isWritable())
        flags |= Qt::ItemIsEditable;
    return flags;
}

QHash<int, QByteArray> ObjectListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(ObjectRole, QByteArrayLiteral("object"));
    for (int i = 0; i < d->properties.size(); ++i)
        names.insert(FirstPropertyRole + i, QByteArray(d->properties.at(i).name()));
    return names;
}

} // namespace Quarry
