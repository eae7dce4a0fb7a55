#pragma once

#include "quarry_export.h"

#include <QMetaProperty>
#include <QMetaType>
#include <QString>
#include <QVariant>

namespace Quarry {

namespace Private {
class EntityBuilder;
}
class ImageValues;

// Metadata of one mapped Q_PROPERTY: its column, storage and options. Read once per class
// from the QMetaObject and Q_CLASSINFO; immutable afterwards.
class QUARRY_EXPORT PropertyInfo
{
public:
    // How the value is stored; decides the SQL type and the conversions.
    enum class Storage {
        Bool,
        Int32,
        Int64,
        UInt32,
        Double,
        String,
        Bytes,
        Date,
        Time,
        DateTime,
        Uuid,
        JsonObject,
        JsonArray,
        JsonDocument,
        EnumName,
        EnumInt,
    };
    enum class OnDelete { NoAction, Cascade, Restrict, SetNull };

    const QString &name() const { return m_name; }
    const QString &column() const { return m_column; }
    QString label() const { return m_label.isEmpty() ? m_name : m_label; }
    // Invalid for a column of a reflected table (see Record).
    QMetaProperty metaProperty() const { return m_property; }
    // The property's own type (std::optional<int> for an optional) and the scalar inside.
    QMetaType type() const { return isReflected() ? m_valueType : m_property.metaType(); }
    bool isReflected() const { return m_recordIndex >= 0; }
    QMetaType valueType() const { return m_valueType; }
    Storage storage() const { return m_storage; }

    bool isPrimaryKey() const { return m_primaryKey; }
    bool isAutoIncrement() const { return m_autoIncrement; }
    bool isUnique() const { return m_unique; }
    bool isIndexed() const { return m_indexed; }
    bool isNullable() const { return m_nullable; }
    bool isOptional() const { return m_optional; }
    bool hasNotifySignal() const { return isReflected() || m_property.hasNotifySignal(); }
    int maxLength() const { return m_maxLength; }
    // The default as written in Q_CLASSINFO, and converted to the property's value type.
    const QString &defaultText() const { return m_defaultText; }
    QVariant defaultValue() const { return m_defaultValue; }
    bool hasDefault() const { return !m_defaultText.isNull(); }
    const QString &references() const { return m_references; }
    OnDelete onDelete() const { return m_onDelete; }

    // Reads the property as a plain value: the scalar inside an optional, an invalid
    // (null) QVariant for NULL, a string or int for an enum depending on storage.
    QVariant read(const QObject *object) const;
    // Writes a plain value (as read() returns it) back; a null QVariant writes an empty
    // optional or the type's null value.
    bool write(QObject *object, const QVariant &value) const;
    // read(object) == plainValue, for dirty checks: most types are compared in place,
    // without building a QVariant of the current value. When they differ, *current (if
    // given) gets what read() returns.
    bool holds(const QObject *object, const QVariant &plainValue, QVariant *current = nullptr) const;

    static QString storageName(Storage storage);

private:
    friend class Private::EntityBuilder;
    friend class ImageValues;
    // Looks up the direct access path below (once, when the entity is built).
    void resolveDirectAccess();
    QVariant readDirect(const QObject *object) const; // m_staticMetacall must be set
    bool writeDirect(QObject *object, const QVariant &value) const;
    // How holds() compares, chosen once the property is built: holds() runs for every
    // property of every object a flush compares, and choosing there cost as much as a
    // comparison.
    enum class Comparison : quint8 { Read, Int, LongLong, Double, Bool, String, DateTime, Buffer };
    void chooseComparison();
    // holds() with the plain value given as its type (invalid: NULL) and data: an image
    // compares its values where they are (ImageValues::firstDifference()).
    bool holdsValue(const QObject *object, QMetaType plainType, const void *plainData,
                    QVariant *current) const;
    bool holdsRead(const QObject *object, QMetaType plainType, const void *plainData,
                   QVariant *current) const;
    bool holdsInBuffer(const QObject *object, QMetaType plainType, const void *plainData,
                       QVariant *current) const;

    QMetaProperty m_property;
    // The declaring class's moc-generated static metacall and the property's index in that
    // class: what QMetaProperty::read()/write() end in, without QMetaObject::metacall()'s
    // walk through qt_metacall() and a QVariant copy per call (a third of their cost, on
    // every loaded and every compared value). Null when the class has none.
    QMetaObject::Data::StaticMetacallFunction m_staticMetacall = nullptr;
    int m_localIndex = -1;
    QMetaType m_directType; // the property's type, when m_staticMetacall is set
    QString m_name;
    QString m_column;
    QString m_label;
    QString m_defaultText;
    QVariant m_defaultValue;
    QString m_references;
    QMetaType m_valueType;
    Storage m_storage = Storage::String;
    OnDelete m_onDelete = OnDelete::NoAction;
    int m_maxLength = -1;
    bool m_primaryKey = false;
    bool m_autoIncrement = false;
    bool m_unique = false;
    bool m_indexed = false;
    bool m_nullable = false;
    bool m_optional = false;
    Comparison m_comparison = Comparison::Read; // through read(): right for any property
    int m_recordIndex = -1; // a reflected table's column: the index in Record
};

} // namespace Quarry
