// QueryModel: what is pending in a row (inserted, removed), taking removals back, and the
// read-only switch.

#include "querymodel.h"

#include "querymodel_p.h"
#include "session.h"
#include "session_p.h"

namespace Quarry {

// --- QueryModelPrivate ------------------------------------------------------------------

QString QueryModelPrivate::removedIdentity(int row, bool readNow)
{
    const RowRef ref = rowAt(row);
    if (removed.isEmpty() || ref.stored < 0)
        return {};
    // Views ask while painting: loading in the background they must not wait for the
    // database, so a row not cached reads as not removed until its window arrives (as its
    // "!" does). restoreRows() must see the truth, and reads the row now if need be.
    const Private::ModelRow *values = readNow ? storedRowNow(ref.stored) : storedRow(ref.stored);
    if (!values)
        return {};
    const QString identity = identityOf(*values);
    return removed.contains(identity) ? identity : QString();
}

bool QueryModelPrivate::refuseReadOnly()
{
    return fail(Error(Error::ValidationError, QStringLiteral("the model is read-only")));
}

// --- QueryModel -------------------------------------------------------------------------

bool QueryModel::isInserted(int row) const
{
    return d->rowAt(row).inserted != nullptr;
}

bool QueryModel::isRemoved(int row) const
{
    return !d->removedIdentity(row, false).isEmpty();
}

bool QueryModel::restoreRows(int row, int count)
{
    if (row < 0 || count <= 0 || row + count > rowCount() || !d->session)
        return false;
    d->lastError = Error();
    int first = -1;
    int last = -1;
    for (int current = row; current < row + count; ++current) {
        const QString identity = d->removedIdentity(current, true);
        if (identity.isEmpty())
            continue;
        // The model removed this very object (materialise() recorded it); add() after
        // remove() takes the removal back, the object keeps its image and its place in
        // the identity map.
        QObject *object = d->objects.value(identity);
        if (object && !d->session->add(object))
            return d->fail(d->session->lastError());
        d->removed.remove(identity);
        if (first < 0)
            first = current;
        last = current;
    }
    if (first >= 0) {
        emit headerDataChanged(Qt::Vertical, first, last);
        if (columnCount() > 0)
            emit dataChanged(index(first, 0), index(last, columnCount() - 1));
    }
    d->updateDirty();
    return true;
}

void QueryModel::setReadOnly(bool readOnly)
{
    if (readOnly == d->readOnly)
        return;
    d->readOnly = readOnly;
    // Views ask for flags() again on dataChanged (editors, check boxes, record forms).
    if (rowCount() > 0 && columnCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    emit readOnlyChanged(readOnly);
}

bool QueryModel::isReadOnly() const
{
    return d->readOnly;
}

} // namespace Quarry
