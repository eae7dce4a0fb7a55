// What each open transaction level keeps of the images it changes (session_p.h).

#include "session_p.h"

namespace Quarry {

ObjectImage TransactionLevel::completed(const SavedImage &image, const ObjectImage &now) const
{
    ObjectImage result = image.image;
    result.values = now.values;
    for (int i = image.firstValue; i >= 0; i = savedValues.at(i).next)
        result.values[savedValues.at(i).index] = savedValues.at(i).value;
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
        for (int slot = 0; slot < level.saved.size(); ++slot) {
            const SavedImage &saved = level.saved.at(slot);
            if (!saved.object.isCurrent())
                continue; // forgotten since
            TrackedObject &entry = *saved.object.entry;
            Q_ASSERT(entry.savedDepth == innermost && entry.savedSlot == slot);
            entry.savedDepth = saved.outer >= 0 ? innermost - 1 : -1;
            entry.savedSlot = saved.outer;
        }
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

} // namespace Quarry
