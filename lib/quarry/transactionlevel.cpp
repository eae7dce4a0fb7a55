// What each open transaction level keeps of the images it changes (session_p.h), and how
// the session is put back to a level's start.

#include "session_p.h"

#include <QSet>

namespace Quarry {

ObjectImage TransactionLevel::completed(const SavedImage &image, const ObjectImage &now) const
{
    ObjectImage result = image.image;
    result.values = now.values;
    for (int i = image.firstValue; i >= 0; i = savedValues.at(i).next)
        result.values.set(savedValues.at(i).index, savedValues.at(i).value);
    return result;
}

bool TransactionLevel::holdsValue(const SavedImage &image, int index) const
{
    for (int i = image.firstValue; i >= 0; i = savedValues.at(i).next) {
        if (savedValues.at(i).index == index)
            return true;
    }
    return false;
}

void TransactionLevel::saveValue(SavedImage *image, int index, const QVariant &value)
{
    // In front of the chain: the order of an image's values does not matter.
    image->firstValue = savedValues.emplace(SavedValue{index, image->firstValue, value});
}

ObjectImage TransactionLevel::imageAtStart(const TrackedObject &entry,
                                           const SavedImage *saved) const
{
    if (entry.sequence >= firstSequence)
        return ObjectImage(); // not tracked yet then
    // A saved image comes first: an object deleted and then inserted again by the level
    // carries the stamp of that INSERT, yet had a row when the level began.
    if (saved)
        return saved->isPartial() ? completed(*saved, entry.image) : saved->image;
    return isNewSince(entry) ? ObjectImage() : entry.image;
}

void SessionPrivate::beginLevel(const QString &savepoint)
{
    TransactionLevel level;
    level.savepoint = savepoint;
    level.firstSequence = nextSequence;
    level.insertsBefore = insertsInTransaction;
    levels.append(std::move(level));
}

void SessionPrivate::endLevelsFrom(int depth)
{
    while (levels.size() > depth) {
        const TransactionLevel &level = levels.constLast();
        const int innermost = int(levels.size()) - 1;
        forEachCurrent(level.saved, [&](const SavedImage &saved) {
            TrackedObject &entry = *saved.object.entry;
            Q_ASSERT(entry.savedDepth == innermost
                     && &level.saved.at(entry.savedSlot) == &saved);
            entry.savedDepth = saved.outer >= 0 ? innermost - 1 : -1;
            entry.savedSlot = saved.outer;
        });
        levels.removeLast();
    }
}

std::pair<int, int> SessionPrivate::innermostSaved(const TrackedObject &entry) const
{
    const int depth = entry.savedDepth;
    const int slot = entry.savedSlot;
    if (depth < 0 || depth >= levels.size() || slot >= levels.at(depth).saved.size())
        return {-1, -1};
    // The place may be stale, from a transaction that has ended since: then it holds
    // another object's image, or nothing.
    const EntryRef &owner = levels.at(depth).saved.at(slot).object;
    if (owner.entry != &entry || owner.sequence != entry.sequence)
        return {-1, -1};
    return {depth, slot};
}

// Calls save(level, image, added) with the object's image in each level that must save
// it, from the innermost out, adding the images missing: a level to which the object is
// new has outer levels to which it is new too, and where save() returns false (it holds
// the whole image already) the outer levels hold it too. Each level's image is reached
// from the one inside it (SavedImage::outer), no lookup.
template<typename Save>
void SessionPrivate::saveInEachLevel(QObject *object, TrackedObject &entry, Save save)
{
    auto [held, heldSlot] = innermostSaved(entry); // the levels from `held` out hold one
    SavedImage *inner = nullptr;
    for (int depth = int(levels.size()) - 1; depth >= 0; --depth) {
        TransactionLevel &level = levels[depth];
        if (level.isNewSince(entry))
            break;
        const bool added = depth > held;
        int slot = heldSlot;
        if (added) {
            slot = level.saved.emplace(SavedImage{{object, &entry, entry.sequence}, {}, -1, -1});
            if (!inner) {
                entry.savedDepth = depth;
                entry.savedSlot = slot;
            }
        } else {
            heldSlot = level.saved.at(slot).outer;
            held = heldSlot >= 0 ? depth - 1 : -1;
        }
        if (inner)
            inner->outer = slot;
        inner = &level.saved[slot];
        if (!save(level, *inner, added))
            break;
    }
}

void SessionPrivate::saveImage(QObject *object, TrackedObject &entry)
{
    if (!levels.isEmpty())
        savedWholeImages = true;
    saveInEachLevel(object, entry, [&](TransactionLevel &level, SavedImage &saved, bool added) {
        if (added) {
            saved.image = entry.image;
            return true;
        }
        if (!saved.isPartial())
            return false;
        // The whole image may change now: what the level saw becomes whole (its saved
        // values stay unused in the list until the level ends).
        saved.image = level.completed(saved, entry.image);
        saved.firstValue = -1;
        return true;
    });
}

void SessionPrivate::saveValues(QObject *object, TrackedObject &entry, const QList<int> &indexes)
{
    if (indexes.isEmpty())
        return; // nothing changes (and a slot without values would read as a whole image)
    saveInEachLevel(object, entry, [&](TransactionLevel &level, SavedImage &saved, bool added) {
        if (added)
            saved.image = entry.image.withoutValues();
        else if (!saved.isPartial())
            return false;
        for (int index : indexes) {
            if (!level.holdsValue(saved, index))
                level.saveValue(&saved, index, entry.image.values.at(index));
        }
        return true;
    });
}

void SessionPrivate::restore(const TransactionLevel &level, bool discard)
{
    // Only objects that can differ from that point are visited: the ones the transaction
    // changed or tracked (an inner level's are among the outermost level's; together they
    // hold every object with bulk values: any restore forgets those), and the ones with
    // unflushed changes, always compared or not watched yet. Any other object's values are
    // its image, as flush() assumes too.
    QSet<QObject *> objects = alwaysChecked;
    for (const EntryRef &ref : std::as_const(unwatched)) {
        if (ref.isCurrent())
            objects.insert(ref.object); // changed or not: nothing signalled
    }
    for (const EntryRef &ref : std::as_const(candidates)) {
        if (ref.isCurrent())
            objects.insert(ref.object);
    }
    for (QObject *object : std::as_const(trackedInTransaction))
        objects.insert(object);
    // What the level saved, by object (a rollback is rare: a hash here costs nothing to
    // the flushes).
    QHash<QObject *, const SavedImage *> savedAtStart;
    forEachCurrent(level.saved, [&](const SavedImage &saved) {
        savedAtStart.insert(saved.object.object, &saved);
        objects.insert(saved.object.object);
    });
    if (!levels.isEmpty()) {
        forEachCurrent(levels.constFirst().saved,
                       [&](const SavedImage &saved) { objects.insert(saved.object.object); });
    }
    for (QObject *object : std::as_const(objects)) {
        if (!tracked.contains(object))
            continue;
        unmapIdentity(object);
        TrackedObject &entry = tracked[object];
        const PropertyInfo &key = entry.entity->primaryKey();
        const ObjectImage then = level.imageAtStart(entry, savedAtStart.value(object));
        // A key the database generated after that point is given back.
        if (!then.keyGenerated) {
            const QVariant keyBefore = keysBeforeInsert.take(object);
            if (entry.image.keyGenerated && !then.inDatabase)
                key.write(object, keyBefore);
        }
        const bool removedNow = entry.image.removed && !entry.bulkRemoved;
        entry.image = then; // with its insert stamp of then
        QHash<int, QVariant> bulkValues;
        if (entry.findExtras()) {
            TrackedExtras &extras = entry.extras();
            // Association rows written since then are undone too: forget what was seen, so
            // the next flush reads the links again and writes the difference. Lists through
            // an association entity are never written (their rows are entities): what was
            // seen stays, or the re-read would meet entity rows inserted by that same flush.
            for (const RelationInfo &relation : entry.entity->relations()) {
                if (relation.kind() == RelationInfo::Kind::ManyToMany &&
                    !database.entity(relation.through())) {
                    extras.linksSeen.remove(&relation);
                    extras.loadedRelations.remove(&relation);
                }
            }
            bulkValues = std::exchange(extras.bulkValues, {});
        }
        entry.notified = true;
        entry.bulkRemoved = false;
        if (!discard) {
            entry.image.removed = removedNow; // pending intent survives a failure
            // Values a bulk update set (and the user has not changed since) go back.
            const QList<PropertyInfo> &properties = entry.entity->properties();
            for (auto bulk = bulkValues.cbegin(); bulk != bulkValues.cend(); ++bulk) {
                const PropertyInfo &property = properties.at(bulk.key());
                if (then.inDatabase && property.read(object) == bulk.value())
                    property.write(object, then.values.at(bulk.key()));
            }
            continue;
        }
        if (!then.inDatabase && !then.removed) {
            untrack(object); // new since then: leaves the session
            continue;
        }
        if (then.inDatabase) {
            entry.image.removed = false; // removed ones come back
            const QList<PropertyInfo> &properties = entry.entity->properties();
            for (int i = 0; i < properties.size(); ++i)
                properties.at(i).write(object, then.values.at(i));
            tracked[object].notified = false;
        }
    }
    // Any of them may differ from its restored image now.
    for (QObject *object : std::as_const(objects)) {
        if (const auto it = tracked.find(object); it != tracked.end()) {
            mapIdentity(object);
            markCandidate(object, *it);
        }
    }
}

} // namespace Quarry
