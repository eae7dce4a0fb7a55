#include "changenotifier.h"

#include <QMetaMethod>

namespace Quarry {

ChangeNotifier::ChangeNotifier(QObject *parent) : QObject(parent)
{
    // Queued delivery to receivers in other threads copies the arguments.
    qRegisterMetaType<QList<Quarry::EntityChanges>>();
    qRegisterMetaType<const QObject *>();
}

bool ChangeNotifier::hasListeners() const
{
    return isSignalConnected(QMetaMethod::fromSignal(&ChangeNotifier::committed));
}

void ChangeNotifier::notifyCommitted(const QList<EntityChanges> &changes, const QObject *origin)
{
    if (!changes.isEmpty())
        emit committed(changes, origin);
}

} // namespace Quarry
