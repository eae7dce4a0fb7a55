// What each open transaction level keeps of the images it changes (session_p.h).

#include "session_p.h"

#include <algorithm>

namespace Quarry {

namespace {

// The saved values of a partial image put back into a copy of the image now.
ObjectImage completed(const SavedImage &saved, const ObjectImage &now)
{
    ObjectImage image = saved.image;
    image.values = now.values;
    for (const auto &[index, value] : saved.changedValues)
        image.values[index] = value;
    return image;
}

bool holdsIndex(const SavedImage &saved, int index)
{
    return std::any_of(saved.changedValues.cbegin(), saved.changedValues.cend(),
                       [index](const auto &entry) { return entry.first == index; });
}

} // namespace

ObjectImage TransactionLevel::imageAtStart(QObject *object, const TrackedObject &entry) const
{
    if (entry.sequence >= firstSequence)
        return ObjectImage(); // not tracked yet then
    // A saved image comes first: an object deleted and then inserted again by the level
    // carries the stamp of that INSERT, yet had a row when the level began.
    const auto it = saved.constFind(object);
    if (it != saved.cend())
        return it->isPartial() ? completed(*it, entry.image) : it->image;
    return isNewSince(entry) ? ObjectImage() : entry.image;
}

void SessionPrivate::saveImage(QObject *object, const TrackedObject &entry)
{
    // From the innermost level out: a level that already holds the whole image, or to
    // which the object is new, has outer levels that do too, so a second change costs one
    // lookup.
    for (auto level = levels.rbegin(); level != levels.rend(); ++level) {
        if (level->isNewSince(entry))
            break;
        // One probe: the slot is new when the hash grew.
        const qsizetype before = level->saved.size();
        SavedImage &slot = level->saved[object];
        if (level->saved.size() == before) {
            if (!slot.isPartial())
                break;
            // The whole image may change now: what the level saw becomes whole.
            slot.image = completed(slot, entry.image);
            slot.changedValues.clear();
            continue;
        }
        slot.image = entry.image;
    }
}

void SessionPrivate::saveValues(QObject *object, const TrackedObject &entry,
                                const QList<int> &indexes)
{
    if (indexes.isEmpty())
        return; // nothing changes (and a slot without values would read as a whole image)
    for (auto level = levels.rbegin(); level != levels.rend(); ++level) {
        if (level->isNewSince(entry))
            break;
        const qsizetype before = level->saved.size();
        SavedImage &slot = level->saved[object];
        if (level->saved.size() != before) {
            slot.image.inDatabase = entry.image.inDatabase;
            slot.image.removed = entry.image.removed;
            slot.image.keyGenerated = entry.image.keyGenerated;
            slot.image.insertStamp = entry.image.insertStamp;
        } else if (!slot.isPartial()) {
            break;
        }
        for (int index : indexes) {
            if (!holdsIndex(slot, index))
                slot.changedValues.append({index, entry.image.values.at(index)});
        }
    }
}

} // namespace Quarry
