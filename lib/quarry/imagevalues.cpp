#include "imagevalues_p.h"

#include "propertyinfo.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QVarLengthArray>

#include <cstdlib>
#include <new>

namespace Quarry {

namespace {

// How one value is stored. The kind is chosen from the value's own type, so that at()
// gives back a QVariant of that type.
enum class Kind : quint8 { Null, Bool, Int, LongLong, Double, DateTime, String, Bytes, Variant };

template<typename T>
struct Tag {
    using Type = T;
};

// Calls f(Tag<T>()) with the type a kind stores (nothing for Null).
template<typename F>
void visit(Kind kind, F &&f)
{
    switch (kind) {
    case Kind::Null: break;
    case Kind::Bool: f(Tag<bool>()); break;
    case Kind::Int: f(Tag<int>()); break;
    case Kind::LongLong: f(Tag<qlonglong>()); break;
    case Kind::Double: f(Tag<double>()); break;
    case Kind::DateTime: f(Tag<QDateTime>()); break;
    case Kind::String: f(Tag<QString>()); break;
    case Kind::Bytes: f(Tag<QByteArray>()); break;
    case Kind::Variant: f(Tag<QVariant>()); break;
    }
}

inline Kind kindOf(const QVariant &value)
{
    // Through the variant's own data: QVariant::isNull() and metaType() are calls, and
    // this runs for every value loaded.
    const QVariant::Private &data = value.data_ptr();
    const QtPrivate::QMetaTypeInterface *type = data.typeInterface();
    if (!type)
        return Kind::Null;
    if (data.is_null)
        return Kind::Variant; // a typed null keeps its flag
    switch (type->typeId.loadRelaxed()) {
    case QMetaType::Bool: return Kind::Bool;
    case QMetaType::Int: return Kind::Int;
    case QMetaType::LongLong: return Kind::LongLong;
    case QMetaType::Double: return Kind::Double;
    case QMetaType::QDateTime: return Kind::DateTime;
    case QMetaType::QString: return Kind::String;
    case QMetaType::QByteArray: return Kind::Bytes;
    default: return Kind::Variant;
    }
}

// Each kind's type, looked up (a switch per compared value cost more).
constexpr QMetaType kindTypes[] = {
    QMetaType(),
    QMetaType::fromType<bool>(),
    QMetaType::fromType<int>(),
    QMetaType::fromType<qlonglong>(),
    QMetaType::fromType<double>(),
    QMetaType::fromType<QDateTime>(),
    QMetaType::fromType<QString>(),
    QMetaType::fromType<QByteArray>(),
    QMetaType::fromType<QVariant>(),
};

template<typename T>
const T &valueIn(const QVariant &value)
{
    if constexpr (std::is_same_v<T, QVariant>)
        return value;
    else
        return *static_cast<const T *>(value.constData());
}

constexpr qsizetype SlotUnit = ImageValues::SlotUnit;

// Each kind's slot size, in units.
constexpr quint8 slotUnits[] = {
    0, // Null
    1, 1, 1, 1, 1, // Bool, Int, LongLong, Double, DateTime
    sizeof(QString) / SlotUnit, sizeof(QByteArray) / SlotUnit, sizeof(QVariant) / SlotUnit,
};
static_assert(sizeof(QDateTime) == SlotUnit && sizeof(qlonglong) == SlotUnit);
static_assert(sizeof(QString) % SlotUnit == 0 && sizeof(QVariant) % SlotUnit == 0);

constexpr qsizetype roundUp(qsizetype size, qsizetype unit)
{
    return (size + unit - 1) / unit * unit;
}

void construct(Kind kind, void *place, const QVariant &value)
{
    visit(kind, [&](auto tag) {
        using T = typename decltype(tag)::Type;
        new (place) T(valueIn<T>(value));
    });
}

} // namespace

// After the header: the offsets (a quint16 each: where each slot begins, in slot units
// from the block's start), the kinds (a byte each), then the slots.
struct ImageValues::Block : Header {
    static Block *of(Header *header) { return static_cast<Block *>(header); }
    static const Block *of(const Header *header) { return static_cast<const Block *>(header); }

    const quint16 *offsets() const { return reinterpret_cast<const quint16 *>(this + 1); }
    quint16 *offsets() { return reinterpret_cast<quint16 *>(this + 1); }
    const Kind *kinds() const { return reinterpret_cast<const Kind *>(offsets() + count); }
    Kind *kinds() { return reinterpret_cast<Kind *>(offsets() + count); }
    void *slot(qsizetype index) const
    {
        return const_cast<char *>(reinterpret_cast<const char *>(this))
            + offsets()[index] * SlotUnit;
    }

    static qsizetype firstSlot(qsizetype count)
    {
        return roundUp(qsizetype(sizeof(Block)) + 3 * count, SlotUnit) / SlotUnit;
    }

    // A block laid out for values of these kinds, its slots not constructed yet.
    static Block *allocate(const Kind *kinds, qsizetype count)
    {
        qsizetype units = firstSlot(count);
        for (qsizetype i = 0; i < count; ++i)
            units += slotUnits[int(kinds[i])];
        Q_ASSERT(count <= 0xffff && units <= 0xffff);
        void *memory = std::malloc(size_t(units * SlotUnit));
        if (!memory)
            qBadAlloc();
        Block *block = new (memory) Block;
        block->count = quint16(count);
        block->units = quint16(units);
        quint16 offset = quint16(firstSlot(count));
        for (qsizetype i = 0; i < count; ++i) {
            block->offsets()[i] = offset;
            block->kinds()[i] = kinds[i];
            offset += slotUnits[int(kinds[i])];
        }
        return block;
    }

    QVariant read(qsizetype index) const
    {
        const void *place = slot(index);
        QVariant result;
        // QVariant's constructor of each type, not the generic one through QMetaType: at()
        // runs for keys and saved values on every flush.
        visit(kinds()[index], [&](auto tag) {
            result = QVariant(*static_cast<const typename decltype(tag)::Type *>(place));
        });
        return result;
    }

    void assign(qsizetype index, const QVariant &value)
    {
        void *place = slot(index);
        visit(kinds()[index], [&](auto tag) {
            using T = typename decltype(tag)::Type;
            *static_cast<T *>(place) = valueIn<T>(value);
        });
    }

    Block *copy() const
    {
        Block *block = allocate(kinds(), count);
        for (qsizetype i = 0; i < count; ++i) {
            const void *from = slot(i);
            void *place = block->slot(i);
            visit(kinds()[i], [&](auto tag) {
                using T = typename decltype(tag)::Type;
                new (place) T(*static_cast<const T *>(from));
            });
        }
        return block;
    }

    void destroy()
    {
        for (qsizetype i = 0; i < count; ++i) {
            void *place = slot(i);
            visit(kinds()[i], [&](auto tag) {
                using T = typename decltype(tag)::Type;
                static_cast<T *>(place)->~T();
            });
        }
        this->~Block();
        std::free(this);
    }
};

ImageValues::ImageValues(const QVariant *values, qsizetype count)
{
    if (count == 0)
        return;
    // The kinds decide the size: a first pass over the values, then one allocation.
    QVarLengthArray<Kind, 64> kinds(count);
    for (qsizetype i = 0; i < count; ++i)
        kinds[i] = kindOf(values[i]);
    Block *block = Block::allocate(kinds.constData(), count);
    for (qsizetype i = 0; i < count; ++i)
        construct(kinds[i], block->slot(i), values[i]);
    d = block;
}

void ImageValues::release()
{
    if (d->ref.fetch_sub(1, std::memory_order_acq_rel) == 1)
        Block::of(d)->destroy();
}

QVariant ImageValues::at(qsizetype index) const
{
    Q_ASSERT(index >= 0 && index < size());
    return Block::of(d)->read(index);
}

QVariant ImageValues::value(qsizetype index) const
{
    return index >= 0 && index < size() ? Block::of(d)->read(index) : QVariant();
}

void ImageValues::set(qsizetype index, const QVariant &value)
{
    Q_ASSERT(index >= 0 && index < size());
    if (kindOf(value) != Block::of(d)->kinds()[index]) {
        // Another type, or NULL: the layout changes (rare: a value of an image keeps its
        // property's type, and NULL comes and goes only with the user's changes).
        QVariantList values = toList();
        values[index] = value;
        *this = ImageValues(values);
        return;
    }
    if (d->ref.load(std::memory_order_acquire) != 1) {
        Header *copy = Block::of(d)->copy();
        release();
        d = copy;
    }
    Block::of(d)->assign(index, value);
}

QVariantList ImageValues::toList() const
{
    QVariantList values;
    values.reserve(size());
    for (qsizetype i = 0; i < size(); ++i)
        values.append(Block::of(d)->read(i));
    return values;
}

bool ImageValues::operator==(const QVariantList &values) const
{
    if (values.size() != size())
        return false;
    for (qsizetype i = 0; i < size(); ++i) {
        if (Block::of(d)->read(i) != values.at(i))
            return false;
    }
    return true;
}

qsizetype ImageValues::firstDifference(const QList<PropertyInfo> &properties,
                                       const QObject *object, qsizetype from,
                                       QVariant *current) const
{
    Q_ASSERT(properties.size() == size());
    const Block *block = Block::of(d);
    const qsizetype count = size();
    for (qsizetype i = from; i < count; ++i) {
        const Kind kind = block->kinds()[i];
        const void *place = block->slot(i);
        bool held;
        if (kind == Kind::Variant) {
            const QVariant &value = *static_cast<const QVariant *>(place);
            held = properties.at(i).holdsValue(object, value.metaType(), value.constData(),
                                               current);
        } else {
            held = properties.at(i).holdsValue(object, kindTypes[int(kind)], place, current);
        }
        if (!held)
            return i;
    }
    return -1;
}

} // namespace Quarry
