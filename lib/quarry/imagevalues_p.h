#pragma once

// Private: the values of a session's image of one row, kept compact.

#include "quarry_export.h"

#include <QList>
#include <QVariant>
#include <QVariantList>

#include <atomic>
#include <utility>

QT_FORWARD_DECLARE_CLASS(QObject)

namespace Quarry {

class PropertyInfo;

// The plain values of one row, in property order, each stored as its own type in one
// block: 8 bytes for a number, a bool or a date-time, 24 for a string, nothing for NULL,
// where a QVariantList spends a 32-byte QVariant on each. A session keeps one per tracked
// object, the largest part of what tracking costs per loaded object (docs/benchmarks.md,
// "Where W2's memory goes"). Any other value, and a typed null QVariant, is kept as the
// QVariant it is: a value comes back exactly as it went in, its type and null flag too.
// Copies share the block until one of them changes (a transaction level's saved image
// shares the object's).
class QUARRY_EXPORT ImageValues
{
public:
    ImageValues() = default;
    ImageValues(const QVariant *values, qsizetype count);
    explicit ImageValues(const QVariantList &values)
        : ImageValues(values.constData(), values.size())
    {
    }
    ImageValues(const ImageValues &other) : d(other.d)
    {
        if (d)
            d->ref.fetch_add(1, std::memory_order_relaxed);
    }
    ImageValues(ImageValues &&other) noexcept : d(std::exchange(other.d, nullptr)) {}
    ImageValues &operator=(const ImageValues &other)
    {
        ImageValues copy(other);
        std::swap(d, copy.d);
        return *this;
    }
    ImageValues &operator=(ImageValues &&other) noexcept
    {
        std::swap(d, other.d);
        return *this;
    }
    ~ImageValues()
    {
        if (d)
            release();
    }

    qsizetype size() const { return d ? d->count : 0; }
    bool isEmpty() const { return size() == 0; }
    QVariant at(qsizetype index) const;
    // at(index), or a null QVariant past the end.
    QVariant value(qsizetype index) const;
    void set(qsizetype index, const QVariant &value);
    QVariantList toList() const;
    bool operator==(const QVariantList &values) const;
    bool operator!=(const QVariantList &values) const { return !(*this == values); }

    // The first value from `from` on that the object's property no longer holds
    // (PropertyInfo::holds(), compared where the value is, without a QVariant of it), -1 if
    // none; *current (if given) gets the property's value then.
    qsizetype firstDifference(const QList<PropertyInfo> &properties, const QObject *object,
                              qsizetype from, QVariant *current) const;

    // The block's size in bytes (0 when empty): for the tests and the benchmarks' notes.
    qsizetype blockSize() const { return d ? d->units * SlotUnit : 0; }

    // Slots are 8-byte aligned; sizes and offsets are counted in units of 8 bytes.
    static constexpr qsizetype SlotUnit = 8;

private:
    // The block starts with this header; the rest of it is laid out in the .cpp.
    struct Header {
        std::atomic<int> ref{1};
        quint16 count = 0;
        quint16 units = 0; // the block's size, in slot units
    };
    struct Block;
    void release(); // drops d's reference

    Header *d = nullptr;
};

} // namespace Quarry
