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
    image->firstValue = savedValues.append({index, image->firstValue, value});
}

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
    if (!levels.isEmpty())
        savedWholeImages = true;
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
            // The whole image may change now: what the level saw becomes whole (its saved
            // values stay unused in the list until the level ends).
            slot.image = level->completed(slot, entry.image);
            slot.firstValue = -1;
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
        if (level->saved.size() != before)
            slot.image = entry.image.withoutValues();
        else if (!slot.isPartial())
            break;
        for (int index : indexes) {
            if (!level->holdsValue(slot, index))
                level->saveValue(&slot, index, entry.image.values.at(index));
        }
    }
}

} // namespace Quarry
