#pragma once

#include "quarry_export.h"

#include <QAbstractListModel>
#include <QList>

#include <memory>
#include <type_traits>

namespace Quarry {

class ObjectListModelPrivate;

// A list model over QObjects of one class (a query's results, say): one row per object,
// one role per property, named after it (QML: model.title). A property's NOTIFY signal
// becomes dataChanged for exactly that row and the roles of the properties sharing the
// signal. The model does not own the objects; one that is destroyed leaves the list.
//
//   Quarry::ObjectListModel model(session.query<Book>().orderBy("title").all());
class QUARRY_EXPORT ObjectListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    // Property i of the class (its own and its base classes', not QObject's) has role
    // FirstPropertyRole + i; ObjectRole ("object") gives the object itself.
    enum Role { ObjectRole = Qt::UserRole, FirstPropertyRole = Qt::UserRole + 1 };
    Q_ENUM(Role)

    // Objects must be of class `metaObject` (or derived from it).
    explicit ObjectListModel(const QMetaObject *metaObject, const QList<QObject *> &objects = {},
                             QObject *parent = nullptr);
    template <typename T, typename = std::enable_if_t<std::is_base_of_v<QObject, T>>>
    explicit ObjectListModel(const QList<T *> &objects, QObject *parent = nullptr)
        : ObjectListModel(&T::staticMetaObject, toObjects(objects), parent)
    {
    }
    ~ObjectListModel() override;

    // --- API --------------------------------------------------------------------------
    const QMetaObject *objectClass() const;
    QList<QObject *> objects() const;
    // Replaces every object (a model reset).
    void setObjects(const QList<QObject *> &objects);
    int count() const;
    Q_INVOKABLE QObject *at(int row) const;
    template <typename T> T *at(int row) const { return qobject_cast<T *>(at(row)); }
    int indexOf(const QObject *object) const;

    // False for nullptr, an object of another class, one already in the list, or a row
    // out of range.
    bool append(QObject *object);
    bool insert(int row, QObject *object);
    bool remove(QObject *object);
    bool removeAt(int row);
    void clear();

    // The property Qt::DisplayRole shows (default: the first QString property, else
    // objectName). False for an unknown property.
    bool setDisplayProperty(const QString &name);
    QString displayProperty() const;
    // FirstPropertyRole + the property's index; -1 for an unknown property.
    int roleOf(const QString &property) const;

Q_SIGNALS:
    void countChanged(int count);

public:
    // --- reimplemented ----------------------------------------------------------------
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    // Writes the property (Qt::EditRole writes the display property); false when it is
    // read-only or the value does not convert to its type.
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

private:
    template <typename T> static QList<QObject *> toObjects(const QList<T *> &objects)
    {
        QList<QObject *> result;
        result.reserve(objects.size());
        for (T *object : objects)
            result.append(object);
        return result;
    }

    friend class ObjectListModelPrivate;
    std::unique_ptr<ObjectListModelPrivate> const d;
};

} // namespace Quarry
