// QueryModel: editing through the session, inserting and removing rows, submit and revert.

#include "querymodel.h"

#include "modelvalues_p.h"
#include "querymodel_p.h"
#include "session.h"
#include "session_p.h"

namespace Quarry {

namespace Values = Private::ModelValues;

// --- QueryModelPrivate ------------------------------------------------------------------

QObject *QueryModelPrivate::materialise(const RowRef &ref)
{
    if (ref.inserted)
        return ref.inserted;
    SessionPrivate *sessionData = sessionPrivate();
    const Private::ModelRow *row = ref.stored >= 0 ? storedRowNow(ref.stored) : nullptr;
    if (!row || !sessionData) {
        if (!lastError.isValid())
            fail(Error(Error::NotFound, QStringLiteral("the row could not be loaded")));
        return nullptr;
    }
    const Private::ModelRow values = *row; // the cache may move under what follows
    const QString identity = identityOf(values);
    if (QObject *object = objects.value(identity))
        return object;
    const QVariant key = values.at(entity->primaryKeyIndex());
    QObject *object = sessionData->identityLookup(entity, key);
    if (object) {
        // The session's object may be older than the row just read (another session
        // committed since): bring an unchanged one up to date.
        if (!session->isDirty(object) && sessionData->readValues(object, entity) != values)
            session->refresh(object);
    } else {
        // Built from the row already read: no query, and no autoflush of other edits.
        object = entity->create();
        if (!object) {
            fail(Error(Error::InvalidQuery,
                       QStringLiteral("%1 cannot be constructed").arg(entity->className())));
            return nullptr;
        }
        const QList<PropertyInfo> &properties = entity->properties();
        for (int i = 0; i < properties.size(); ++i)
            properties.at(i).write(object, values.at(i));
        object->setParent(session);
        ObjectImage image;
        image.inDatabase = true;
        image.values = ImageValues(sessionData->readValues(object, entity));
        sessionData->track(object, entity, image);
    }
    objects.insert(identity, object);
    return object;
}

bool QueryModelPrivate::hasPendingChanges() const
{
    if (!inserted.isEmpty() || !removed.isEmpty())
        return true;
    for (const QPointer<QObject> &object : objects) {
        if (object && session && session->isDirty(object))
            return true;
    }
    return false;
}

void QueryModelPrivate::updateDirty()
{
    const bool now = hasPendingChanges();
    if (now == dirty)
        return;
    dirty = now;
    emit q->dirtyChanged(now);
}

bool QueryModelPrivate::writeValue(int row, int property, const QVariant &plain)
{
    const RowRef ref = rowAt(row);
    QObject *object = materialise(ref);
    if (!object)
        return false;
    if (strategy == QueryModel::OnRowChange && editedRowObject && editedRowObject != object &&
        hasPendingChanges() && !q->submitAll()) {
        return false; // the other row stays pending; lastError() says why
    }
    const PropertyInfo &info = entity->properties().at(property);
    if (!info.write(object, plain))
        return fail(Error(Error::ValidationError,
                          QStringLiteral("%1: the value was not taken").arg(info.name())));
    editedRowObject = object;
    // After a submit above, rows may have moved: find the object's row again.
    int shown = -1;
    for (const InsertedRow &pending : std::as_const(inserted)) {
        if (pending.object == object)
            shown = pending.row;
    }
    if (shown < 0) {
        const QVariant key = entity->primaryKey().read(object);
        objects.insert(SessionPrivate::identityKey(key), object);
        const qint64 stored = cache.positionsByKey(entity->primaryKeyIndex())
                                  .value(SessionPrivate::identityKey(key), -1);
        if (stored >= 0)
            shown = modelRowOf(stored);
    }
    if (shown >= 0)
        emitRowChanged(shown);
    updateDirty();
    if (strategy == QueryModel::OnFieldChange)
        return q->submitAll();
    return true;
}

void QueryModelPrivate::emitRowChanged(int row)
{
    if (row < 0 || row >= rowCount() || columns.isEmpty())
        return;
    emit q->dataChanged(q->index(row, 0), q->index(row, int(columns.size()) - 1));
}

// --- QueryModel -------------------------------------------------------------------------

bool QueryModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!d->isCell(index))
        return false;
    if (d->readOnly)
        return d->refuseReadOnly();
    d->lastError = Error();
    const int propertyCount = int(d->entity->properties().size());
    int property = -1;
    QVariant input = value;
    if (role >= FirstPropertyRole && role < FirstPropertyRole + propertyCount) {
        property = role - FirstPropertyRole;
    } else if (role == Qt::EditRole || role == Qt::DisplayRole) {
        property = d->columns.at(index.column());
    } else if (role == Qt::CheckStateRole) {
        property = d->columns.at(index.column());
        if (!Values::isBool(d->entity->properties().at(property)))
            return false;
        input = value.toInt() == Qt::Checked;
    } else {
        return false;
    }
    const PropertyInfo &info = d->entity->properties().at(property);
    if (!d->isEditable(d->rowAt(index.row()), property))
        return d->fail(Error(
            Error::ValidationError,
            QStringLiteral("%1 is not editable in row %2").arg(info.name()).arg(index.row())));
    QVariant plain;
    QString why;
    if (!Values::toPlain(info, input, &plain, &why))
        return d->fail(Error(Error::ValidationError, why));
    return d->writeValue(index.row(), property, plain);
}

QObject *QueryModel::object(int row)
{
    return d->materialise(d->rowAt(row));
}

bool QueryModel::insertRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || row > rowCount() || count <= 0 || !d->entity || !d->session)
        return false;
    if (d->readOnly)
        return d->refuseReadOnly();
    d->lastError = Error();
    if (d->strategy == OnRowChange && d->hasPendingChanges() && !submitAll())
        return false;
    QList<QObject *> created;
    for (int i = 0; i < count; ++i) {
        QObject *object = d->entity->create();
        if (!object)
            return d->fail(
                Error(Error::InvalidQuery,
                      QStringLiteral("%1 cannot be constructed").arg(d->entity->className())));
        for (const PropertyInfo &property : d->entity->properties()) {
            if (property.hasDefault())
                property.write(object, property.defaultValue());
            else if (property.storage() == PropertyInfo::Storage::String &&
                     !property.isNullable() && !property.isOptional() &&
                     property.read(object).isNull())
                property.write(object, QString(QLatin1String(""))); // an empty cell, not NULL
        }
        if (!d->session->add(object)) {
            delete object;
            for (QObject *added : std::as_const(created))
                d->session->remove(added); // never written: forgotten
            return d->fail(d->session->lastError());
        }
        created.append(object);
    }
    beginInsertRows(QModelIndex(), row, row + count - 1);
    qsizetype at = 0;
    while (at < d->inserted.size() && d->inserted.at(at).row < row)
        ++at;
    for (qsizetype i = at; i < d->inserted.size(); ++i)
        d->inserted[i].row += count;
    for (int i = 0; i < count; ++i)
        d->inserted.insert(at + i, QueryModelPrivate::InsertedRow{row + i, created.at(i)});
    endInsertRows();
    d->editedRowObject = created.constFirst();
    d->updateDirty();
    return true;
}

bool QueryModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > rowCount() || !d->session)
        return false;
    if (d->readOnly)
        return d->refuseReadOnly();
    d->lastError = Error();
    bool removedStored = false;
    for (int current = row + count - 1; current >= row; --current) {
        const QueryModelPrivate::RowRef ref = d->rowAt(current);
        if (ref.stored < 0) {
            // A pending row: it was never written, so it just goes (the session keeps
            // owning the object, so pointers to it stay valid).
            const auto pending =
                std::find_if(d->inserted.begin(), d->inserted.end(),
                             [current](const auto &entry) { return entry.row == current; });
            beginRemoveRows(QModelIndex(), current, current);
            QPointer<QObject> object = pending->object;
            for (auto it = d->inserted.erase(pending); it != d->inserted.end(); ++it)
                --it->row;
            if (object)
                d->session->remove(object);
            endRemoveRows();
            continue;
        }
        QObject *object = d->materialise(ref);
        if (!object || !d->session->remove(object))
            return d->fail(d->session->lastError().isValid() ? d->session->lastError()
                                                             : d->lastError);
        d->removed.insert(SessionPrivate::identityKey(d->entity->primaryKey().read(object)));
        removedStored = true;
    }
    if (removedStored && d->strategy != OnManualSubmit)
        return submitAll(); // on success the rows leave through the commit's announcement
    if (removedStored) {
        const int last = std::min(row + count - 1, rowCount() - 1);
        if (row <= last) {
            emit headerDataChanged(Qt::Vertical, row, last);
            emit dataChanged(index(row, 0), index(last, columnCount() - 1));
        }
    }
    d->updateDirty();
    return true;
}

void QueryModel::setEditStrategy(EditStrategy strategy)
{
    d->strategy = strategy;
}
QueryModel::EditStrategy QueryModel::editStrategy() const
{
    return d->strategy;
}
bool QueryModel::isDirty() const
{
    return d->hasPendingChanges();
}

bool QueryModel::isDirty(const QModelIndex &index) const
{
    if (!d->isCell(index))
        return false;
    const QueryModelPrivate::RowRef ref = d->rowAt(index.row());
    if (ref.inserted)
        return true;
    const Private::ModelRow *row = ref.stored >= 0 ? d->storedRow(ref.stored) : nullptr;
    if (!row)
        return false;
    const QString identity = d->identityOf(*row);
    if (d->removed.contains(identity))
        return true;
    QObject *object = d->objects.value(identity);
    SessionPrivate *sessionData = d->sessionPrivate();
    if (!object || !sessionData)
        return false;
    const auto tracked = sessionData->tracked.constFind(object);
    if (tracked == sessionData->tracked.cend())
        return false;
    const int property = d->columns.at(index.column());
    return d->entity->properties().at(property).read(object) !=
           tracked->image.values.value(property);
}

bool QueryModel::submitAll()
{
    if (!d->session)
        return d->fail(Error(Error::InvalidQuery, QStringLiteral("the model has no session")));
    // Not submitFailed(): that one says the database refused, and nothing was sent.
    if (d->readOnly)
        return d->refuseReadOnly();
    d->lastError = Error();
    if (!d->session->commit()) {
        // The session keeps every pending change after a refused commit; so does the model.
        d->fail(d->session->lastError());
        emit submitFailed(d->lastError);
        d->updateDirty();
        return false;
    }
    d->editedRowObject = nullptr;
    d->updateDirty();
    return true;
}

void QueryModel::revertAll()
{
    if (!d->session)
        return;
    for (qsizetype i = d->inserted.size() - 1; i >= 0; --i) {
        const int row = d->inserted.at(i).row;
        beginRemoveRows(QModelIndex(), row, row);
        const QPointer<QObject> object = d->inserted.takeAt(i).object;
        for (qsizetype j = i; j < d->inserted.size(); ++j)
            --d->inserted[j].row;
        if (object)
            d->session->remove(object);
        endRemoveRows();
    }
    for (const QString &identity : std::as_const(d->removed)) {
        if (QObject *object = d->objects.value(identity))
            d->session->add(object); // add() after remove() takes the removal back
    }
    for (const QPointer<QObject> &object : std::as_const(d->objects)) {
        if (object && d->session->isDirty(object))
            d->session->refresh(object);
    }
    d->objects.clear();
    d->removed.clear();
    d->editedRowObject = nullptr;
    if (rowCount() > 0 && columnCount() > 0) {
        emit headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    }
    d->updateDirty();
}

bool QueryModel::submit()
{
    if (d->strategy == OnManualSubmit || !d->hasPendingChanges())
        return true;
    return submitAll();
}

void QueryModel::revert()
{
    if (d->strategy == OnRowChange)
        revertAll();
}

} // namespace Quarry
