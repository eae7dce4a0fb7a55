#include "propertyinfo.h"

#include "record.h"

#include "nullvalue_p.h"
#include "optionalcodec_p.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QTime>
#include <QUuid>

#include <cstddef>

namespace Quarry {


void PropertyInfo::resolveDirectAccess()
{
    m_staticMetacall = nullptr;
    m_localIndex = -1;
    const QMetaObject *declaring = m_property.enclosingMetaObject();
    if (!declaring || !m_property.isReadable() || !m_property.metaType().isValid()
        || m_property.metaType() == QMetaType::fromType<QVariant>())
        return;
    m_staticMetacall = declaring->d.static_metacall;
    m_localIndex = m_property.propertyIndex() - declaring->propertyOffset();
    m_directType = m_property.metaType();
}

QVariant PropertyInfo::readDirect(const QObject *object) const
{
    QVariant value(m_directType);
    int status = -1;
    void *argv[] = {value.data(), &value, &status}; // data() also clears the null flag
    m_staticMetacall(const_cast<QObject *>(object), QMetaObject::ReadProperty, m_localIndex, argv);
    return value;
}

bool PropertyInfo::writeDirect(QObject *object, const QVariant &value) const
{
    if (!m_staticMetacall || !m_property.isWritable())
        return false;
    // The generated setter call only reads the value (setX(const T &) or a MEMBER compare
    // and assign).
    int status = -1;
    int flags = 0;
    void *argv[] = {const_cast<void *>(value.constData()), const_cast<QVariant *>(&value),
                    &status, &flags};
    m_staticMetacall(object, QMetaObject::WriteProperty, m_localIndex, argv);
    return true;
}

QVariant PropertyInfo::read(const QObject *object) const
{
    if (isReflected())
        return static_cast<const Record *>(object)->value(m_recordIndex);
    QVariant value = m_staticMetacall ? readDirect(object) : m_property.read(object);
    if (m_optional)
        return Private::optionalCodec(m_property.metaType())->unwrap(value);
    switch (m_storage) {
    case Storage::EnumName: {
        const QMetaEnum enumerator = m_property.enumerator();
        const char *key = enumerator.valueToKey(value.toInt());
        return key ? QVariant(QString::fromLatin1(key)) : QVariant(QString::number(value.toInt()));
    }
    case Storage::EnumInt:
        return value.toInt();
    default:
        break;
    }
    // A value read through the static metacall is never a null QVariant: only what it
    // holds is looked at (a call per value read).
    const bool null = m_staticMetacall ? Private::isNullValue(m_directType, value.constData())
                                       : Private::isNullValue(value);
    return null ? QVariant() : value;
}

namespace {

using StaticMetacall = QMetaObject::Data::StaticMetacallFunction;

void readInto(StaticMetacall metacall, int index, const QObject *object, void *value)
{
    int status = -1;
    void *argv[] = {value, nullptr, &status};
    metacall(const_cast<QObject *>(object), QMetaObject::ReadProperty, index, argv);
}

// A scalar is never NULL: equal when the plain value holds the same type and value.
template<typename T>
bool holdsScalar(StaticMetacall metacall, int index, const QObject *object, QMetaType plainType,
                 const void *plainData, QVariant *current)
{
    T value{};
    readInto(metacall, index, object, &value);
    if (plainType == QMetaType::fromType<T>() && value == *static_cast<const T *>(plainData))
        return true;
    if (current)
        *current = QVariant::fromValue(value);
    return false;
}

// A type with a null value of its own (Private::isNullValue()): NULL in the plain value
// when `isNull` says so of the property's value, else a value of the same type.
template<typename T, typename IsNull>
bool holdsNullable(StaticMetacall metacall, int index, const QObject *object,
                   QMetaType plainType, const void *plainData, QVariant *current, IsNull isNull)
{
    T value;
    readInto(metacall, index, object, &value);
    const bool null = isNull(value);
    const bool equal = null ? !plainType.isValid()
                            : plainType == QMetaType::fromType<T>()
                                && value == *static_cast<const T *>(plainData);
    if (!equal && current)
        *current = null ? QVariant() : QVariant::fromValue(value);
    return equal;
}

template<typename Text>
bool isEmptyNotNull(const Text &text)
{
    return text.isEmpty() && !text.isNull();
}

} // namespace

void PropertyInfo::chooseComparison()
{
    // The plain value of a plain property is the property's own value, or NULL for a null
    // one: read it into a variable of its type and compare there. Optionals, enums and
    // reflected columns go through read().
    m_comparison = Comparison::Read;
    if (!m_staticMetacall || m_optional || isReflected() || m_storage == Storage::EnumName
        || m_storage == Storage::EnumInt)
        return;
    switch (m_directType.id()) {
    case QMetaType::Int: m_comparison = Comparison::Int; break;
    case QMetaType::LongLong: m_comparison = Comparison::LongLong; break;
    case QMetaType::Double: m_comparison = Comparison::Double; break;
    case QMetaType::Bool: m_comparison = Comparison::Bool; break;
    case QMetaType::QString: m_comparison = Comparison::String; break;
    case QMetaType::QDateTime: m_comparison = Comparison::DateTime; break;
    default: m_comparison = Comparison::Buffer; break;
    }
}

bool PropertyInfo::holds(const QObject *object, const QVariant &plainValue, QVariant *current) const
{
    return holdsValue(object, plainValue.metaType(), plainValue.constData(), current);
}

bool PropertyInfo::holdsValue(const QObject *object, QMetaType plainType, const void *plainData,
                              QVariant *current) const
{
    // The common types without a call through QMetaType per step.
    switch (m_comparison) {
    case Comparison::Read:
        return holdsRead(object, plainType, plainData, current);
    case Comparison::Int:
        return holdsScalar<int>(m_staticMetacall, m_localIndex, object, plainType, plainData,
                                current);
    case Comparison::LongLong:
        return holdsScalar<qlonglong>(m_staticMetacall, m_localIndex, object, plainType,
                                      plainData, current);
    case Comparison::Double:
        return holdsScalar<double>(m_staticMetacall, m_localIndex, object, plainType, plainData,
                                   current);
    case Comparison::Bool:
        return holdsScalar<bool>(m_staticMetacall, m_localIndex, object, plainType, plainData,
                                 current);
    case Comparison::String:
        return holdsNullable<QString>(m_staticMetacall, m_localIndex, object, plainType,
                                      plainData, current,
                                      [](const QString &value) { return value.isNull(); });
    case Comparison::DateTime:
        if (plainType.isValid() && plainType != m_directType)
            return holdsRead(object, plainType, plainData, current);
        return holdsNullable<QDateTime>(m_staticMetacall, m_localIndex, object, plainType,
                                        plainData, current,
                                        [](const QDateTime &value) { return !value.isValid(); });
    case Comparison::Buffer:
        break;
    }
    return holdsInBuffer(object, plainType, plainData, current);
}

bool PropertyInfo::holdsRead(const QObject *object, QMetaType plainType, const void *plainData,
                             QVariant *current) const
{
    QVariant value = read(object);
    if (value == (plainType.isValid() ? QVariant(plainType, plainData) : QVariant()))
        return true;
    if (current)
        *current = std::move(value);
    return false;
}

bool PropertyInfo::holdsInBuffer(const QObject *object, QMetaType plainType,
                                 const void *plainData, QVariant *current) const
{
    alignas(std::max_align_t) char buffer[64];
    if ((plainType.isValid() && plainType != m_directType)
        || m_directType.sizeOf() > qsizetype(sizeof(buffer))
        || m_directType.alignOf() > qsizetype(alignof(std::max_align_t)))
        return holdsRead(object, plainType, plainData, current);
    m_directType.construct(buffer);
    readInto(m_staticMetacall, m_localIndex, object, buffer);
    const bool null = Private::isNullValue(m_directType, buffer);
    const bool equal = null ? !plainType.isValid()
                            : plainType.isValid() && m_directType.equals(buffer, plainData);
    if (!equal && current)
        *current = null ? QVariant() : QVariant(m_directType, buffer);
    m_directType.destruct(buffer);
    return equal;
}

bool PropertyInfo::write(QObject *object, const QVariant &value) const
{
    if (isReflected()) {
        QVariant plain = Private::isNullValue(value) ? QVariant() : value;
        if (!plain.isNull() && plain.metaType() != m_valueType && !plain.convert(m_valueType))
            return false;
        static_cast<Record *>(object)->setValue(m_recordIndex, plain);
        return true;
    }
    if (m_optional)
        return m_property.write(object,
                                Private::optionalCodec(m_property.metaType())->wrap(value));
    // m_valueType is the property's own type here (it differs for optionals only). Values
    // are looked at in place: this runs for every loaded value. A typed NULL of that type
    // holds the type's default value, which is what NULL writes: no test for it here.
    if (value.metaType() == m_valueType && m_storage != Storage::EnumName) {
        // A MEMBER setter only assigns a value that compares different, and an empty
        // QString/QByteArray compares equal to a null one: step over a placeholder so that
        // '' read from the database does not stay NULL in the object.
        if (m_storage == Storage::String
            && isEmptyNotNull(*static_cast<const QString *>(value.constData()))
            && m_property.read(object).toString().isNull())
            m_property.write(object, QStringLiteral(" "));
        else if (m_storage == Storage::Bytes
                 && isEmptyNotNull(*static_cast<const QByteArray *>(value.constData()))
                 && m_property.read(object).toByteArray().isNull())
            m_property.write(object, QByteArray(" "));
        return writeDirect(object, value) || m_property.write(object, value);
    }
    if (value.isNull())
        return m_property.write(object, QVariant(m_property.metaType()));
    if (m_storage == Storage::EnumName) {
        bool ok = false;
        const int number = m_property.enumerator().keyToValue(value.toString().toLatin1(), &ok);
        QVariant converted(number);
        return ok && converted.convert(m_property.metaType())
            && m_property.write(object, converted);
    }
    QVariant converted = value;
    return converted.convert(m_property.metaType()) && m_property.write(object, converted);
}

QString PropertyInfo::storageName(Storage storage)
{
    switch (storage) {
    case Storage::Bool: return QStringLiteral("bool");
    case Storage::Int32: return QStringLiteral("int32");
    case Storage::Int64: return QStringLiteral("int64");
    case Storage::UInt32: return QStringLiteral("uint32");
    case Storage::Double: return QStringLiteral("double");
    case Storage::String: return QStringLiteral("string");
    case Storage::Bytes: return QStringLiteral("bytes");
    case Storage::Date: return QStringLiteral("date");
    case Storage::Time: return QStringLiteral("time");
    case Storage::DateTime: return QStringLiteral("datetime");
    case Storage::Uuid: return QStringLiteral("uuid");
    case Storage::JsonObject: return QStringLiteral("json-object");
    case Storage::JsonArray: return QStringLiteral("json-array");
    case Storage::JsonDocument: return QStringLiteral("json");
    case Storage::EnumName: return QStringLiteral("enum-name");
    case Storage::EnumInt: return QStringLiteral("enum-int");
    }
    return {};
}

} // namespace Quarry
