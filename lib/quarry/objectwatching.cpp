// Dirty tracking's watching: the watchers that receive tracked objects' NOTIFY signals,
// and the comparison that stands in for them until a loaded object is watched
// (SessionPrivate::unwatched; docs/decisions.md, "Dirty tracking").

#include "session_p.h"

namespace Quarry {

void ObjectWatcher::propertyChanged()
{
    QObject *object = sender();
    auto it = m_session->tracked.find(object);
    if (it != m_session->tracked.end()) {
        it->notified = true;
        m_session->markCandidate(object, *it);
    } else {
        // It left the session by getting another parent (Session::childEvent()), which
        // could not disconnect it: it is alive now, so do it here, once.
        disconnect(object, nullptr, this, nullptr);
    }
}

ObjectWatcher *SessionPrivate::nextWatcher()
{
    if (watcherLoad >= watcherCapacity) {
        watchers.push_back(std::make_unique<ObjectWatcher>(this));
        watcherLoad = 0;
    }
    ++watcherLoad;
    return watchers.back().get();
}

void SessionPrivate::considerUnwatched()
{
    // Kept in place, by index, so that a flush allocates nothing: user code that a getter
    // or connectNotify() runs may load more objects, which land behind `count`.
    const qsizetype count = unwatched.size();
    qsizetype kept = 0;
    bool flushHasWork = !candidates.isEmpty() || !alwaysChecked.isEmpty();
    for (qsizetype i = 0; i < count; ++i) {
        const EntryRef ref = unwatched.at(i);
        if (!ref.isCurrent() || ref.entry->watched)
            continue; // forgotten, or watched since (an object deleted and inserted again)
        TrackedObject &entry = *ref.entry;
        if (!entry.image.inDatabase) {
            unwatched[kept++] = ref; // deleted in this transaction: back if it rolls back
            continue;
        }
        // Its setters' signals reached no one: compare it. Most objects are unchanged, and
        // a flush that finds no candidate returns at once (the autoflush before a query).
        // Once the flush has work, it compares the rest itself (pendingUpdate()), once.
        if (flushHasWork || differsFromImage(ref.object, entry)) {
            entry.notified = true;
            markCandidate(ref.object, entry);
            flushHasWork = true;
        }
        if (++entry.unwatchedFlushes < flushesBeforeWatching)
            unwatched[kept++] = ref;
        else
            watch(ref.object, entry);
    }
    unwatched.remove(kept, count - kept);
}

bool SessionPrivate::differsFromImage(const QObject *object, const TrackedObject &entry) const
{
    return entry.image.values.firstDifference(entry.entity->properties(), object, 0, nullptr) >= 0;
}

void SessionPrivate::watch(QObject *object, TrackedObject &entry)
{
    if (entry.watched)
        return; // already (an object deleted and inserted again)
    entry.watched = true;
    entry.watcher = nextWatcher(); // only now: most loaded objects are never watched
    // Connected by method index, without Qt::UniqueConnection: `watched` says whether it
    // is (untrack() disconnects), and the signature checks and the walk over existing
    // connections that the other overloads do cost more than the rest of track(). There
    // is no destroyed() connection: the session owns the object, so its deletion arrives
    // as a ChildRemoved event (Session::childEvent()), at no cost per object.
    static const int changedSlot = ObjectWatcher::staticMetaObject.indexOfSlot("propertyChanged()");
    for (int signal : entry.entity->notifySignals())
        QMetaObject::connect(object, signal, entry.watcher, changedSlot);
}

} // namespace Quarry
