#include "modelvalues_p.h"

#include "nullvalue_p.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QMetaEnum>
#include <QTime>
#include <QUuid>

#include <cmath>
#include <limits>

namespace Quarry::Private::ModelValues {

using Storage = PropertyInfo::Storage;

namespace {

QString jsonText(const QJsonDocument &document)
{
    return QString::fromUtf8(document.toJson(QJsonDocument::Compact));
}

QJsonDocument jsonOf(const QVariant &plain)
{
    switch (plain.metaType().id()) {
    case QMetaType::QJsonObject:
        return QJsonDocument(plain.toJsonObject());
    case QMetaType::QJsonArray:
        return QJsonDocument(plain.toJsonArray());
    default:
        return plain.toJsonDocument();
    }
}

bool isIntegerType(int type)
{
    switch (type) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::SChar:
    case QMetaType::UChar:
        return true;
    default:
        return false;
    }
}

bool isFloatType(int type)
{
    return type == QMetaType::Double || type == QMetaType::Float;
}

// Text that is entirely a number: C locale first ("1234.5"), then the user's ("1.234,5").
bool parseInteger(const QString &text, qlonglong *number)
{
    bool ok = false;
    *number = QLocale::c().toLongLong(text.trimmed(), &ok);
    if (!ok)
        *number = QLocale::system().toLongLong(text.trimmed(), &ok);
    return ok;
}

bool parseDouble(const QString &text, double *number)
{
    bool ok = false;
    *number = QLocale::c().toDouble(text.trimmed(), &ok);
    if (!ok)
        *number = QLocale::system().toDouble(text.trimmed(), &ok);
    return ok;
}

struct Taker {
    const PropertyInfo &property;
    const QVariant &input;
    QVariant *plain;
    QString *why;

    bool refuse(const QString &reason) const
    {
        QString shown = QStringLiteral("NULL");
        if (input.isValid() && !input.isNull()) {
            const QString text = input.toString();
            shown = text.size() > 40 ? text.left(37) + QStringLiteral("...") : text;
            shown = QLatin1Char('\'') + shown + QStringLiteral("' (") +
                    QString::fromLatin1(input.metaType().name()) + QLatin1Char(')');
        }
        *why =
            QStringLiteral("%1: cannot store %2 in a %3 column: %4")
                .arg(property.name(), shown, PropertyInfo::storageName(property.storage()), reason);
        return false;
    }
    bool accept(const QVariant &value) const
    {
        *plain = value;
        return true;
    }
    int type() const { return input.metaType().id(); }
    bool isText() const { return type() == QMetaType::QString; }

    bool integer(qlonglong low, qlonglong high)
    {
        qlonglong number = 0;
        if (isIntegerType(type()) || type() == QMetaType::QChar) {
            if (type() == QMetaType::ULongLong || type() == QMetaType::ULong) {
                const qulonglong unsignedNumber = input.toULongLong();
                if (unsignedNumber > qulonglong(std::numeric_limits<qlonglong>::max()))
                    return refuse(QStringLiteral("out of range"));
                number = qlonglong(unsignedNumber);
            } else {
                number = input.toLongLong();
            }
        } else if (input.metaType().flags().testFlag(QMetaType::IsEnumeration)) {
            return refuse(QStringLiteral("an enum value is not a number"));
        } else if (isFloatType(type())) {
            const double value = input.toDouble();
            if (!std::isfinite(value) || std::trunc(value) != value)
                return refuse(QStringLiteral("not a whole number"));
            if (value < double(low) || value > double(high))
                return refuse(QStringLiteral("out of range"));
            number = qlonglong(value);
        } else if (isText()) {
            if (!parseInteger(input.toString(), &number))
                return refuse(QStringLiteral("not a whole number"));
        } else {
            return refuse(QStringLiteral("a whole number is expected"));
        }
        if (number < low || number > high)
            return refuse(QStringLiteral("out of range"));
        switch (property.storage()) {
        case Storage::Int32:
            return accept(int(number));
        case Storage::UInt32:
            return accept(uint(number));
        default:
            return accept(number);
        }
    }

    bool floating()
    {
        double number = 0;
        if (isIntegerType(type()) || isFloatType(type()))
            number = input.toDouble();
        else if (isText() && parseDouble(input.toString(), &number))
            ;
        else
            return refuse(isText() ? QStringLiteral("not a number")
                                   : QStringLiteral("a number is expected"));
        return accept(number);
    }

    bool boolean()
    {
        if (type() == QMetaType::Bool)
            return accept(input.toBool());
        if (isIntegerType(type()) && (input.toLongLong() == 0 || input.toLongLong() == 1))
            return accept(input.toLongLong() == 1);
        if (isText()) {
            const QString text = input.toString().trimmed().toLower();
            if (text == QLatin1String("true") || text == QLatin1String("1"))
                return accept(true);
            if (text == QLatin1String("false") || text == QLatin1String("0"))
                return accept(false);
        }
        return refuse(QStringLiteral("true or false is expected"));
    }

    bool text()
    {
        if (!isText())
            return refuse(QStringLiteral("text is expected"));
        const QString value = input.toString();
        if (property.maxLength() >= 0 && value.size() > property.maxLength())
            return refuse(QStringLiteral("longer than %1 characters").arg(property.maxLength()));
        return accept(value.isNull() ? QString(QLatin1String("")) : value);
    }

    bool enumeration()
    {
        const QMetaEnum enumerator = property.metaProperty().enumerator();
        int number = 0;
        if (isText()) {
            bool ok = false;
            number = enumerator.keyToValue(input.toString().trimmed().toLatin1(), &ok);
            if (!ok)
                return refuse(QStringLiteral("not one of its keys"));
        } else if (isIntegerType(type()) ||
                   input.metaType().flags().testFlag(QMetaType::IsEnumeration) ||
                   input.metaType() == property.type()) {
            QVariant number32 = input;
            if (!number32.convert(QMetaType::fromType<int>()))
                return refuse(QStringLiteral("not one of its values"));
            number = number32.toInt();
            if (!enumerator.valueToKey(number))
                return refuse(QStringLiteral("not one of its values"));
        } else {
            return refuse(QStringLiteral("an enum key or value is expected"));
        }
        if (property.storage() == Storage::EnumInt)
            return accept(number);
        return accept(QString::fromLatin1(enumerator.valueToKey(number)));
    }

    bool json()
    {
        QJsonDocument document;
        switch (type()) {
        case QMetaType::QJsonObject:
        case QMetaType::QJsonArray:
        case QMetaType::QJsonDocument:
            document = jsonOf(input);
            break;
        case QMetaType::QVariantMap:
            document = QJsonDocument(QJsonObject::fromVariantMap(input.toMap()));
            break;
        case QMetaType::QVariantList:
            document = QJsonDocument(QJsonArray::fromVariantList(input.toList()));
            break;
        case QMetaType::QString: {
            QJsonParseError error;
            document = QJsonDocument::fromJson(input.toString().toUtf8(), &error);
            if (error.error != QJsonParseError::NoError)
                return refuse(QStringLiteral("not JSON (%1)").arg(error.errorString()));
            break;
        }
        default:
            return refuse(QStringLiteral("JSON is expected"));
        }
        switch (property.storage()) {
        case Storage::JsonObject:
            if (!document.isObject())
                return refuse(QStringLiteral("a JSON object is expected"));
            return accept(document.object());
        case Storage::JsonArray:
            if (!document.isArray())
                return refuse(QStringLiteral("a JSON array is expected"));
            return accept(document.array());
        default:
            return accept(document);
        }
    }

    bool take()
    {
        const bool nullable = property.isNullable() || property.isOptional();
        if (property.storage() == Storage::String && type() == QMetaType::QString &&
            input.toString().isNull() && !nullable)
            return text(); // an emptied editor gives a null QString: '' in a NOT NULL column
        if (isNullValue(input)) {
            if (!nullable)
                return refuse(QStringLiteral("the column is NOT NULL"));
            return accept(QVariant());
        }
        switch (property.storage()) {
        case Storage::Bool:
            return boolean();
        case Storage::Int32:
            return integer(std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
        case Storage::Int64:
            return integer(std::numeric_limits<qlonglong>::min(),
                           std::numeric_limits<qlonglong>::max());
        case Storage::UInt32:
            return integer(0, std::numeric_limits<uint>::max());
        case Storage::Double:
            return floating();
        case Storage::String:
            return text();
        case Storage::Bytes:
            if (type() != QMetaType::QByteArray)
                return refuse(QStringLiteral("bytes (QByteArray) are expected"));
            return accept(input.toByteArray());
        case Storage::Date:
            if (type() == QMetaType::QDate)
                return accept(input.toDate());
            if (type() == QMetaType::QDateTime) // QML hands dates in as date-times
                return accept(input.toDateTime().toLocalTime().date());
            if (isText()) {
                const QDate date = QDate::fromString(input.toString().trimmed(), Qt::ISODate);
                if (date.isValid())
                    return accept(date);
            }
            return refuse(QStringLiteral("a date (yyyy-MM-dd) is expected"));
        case Storage::Time:
            if (type() == QMetaType::QTime)
                return accept(input.toTime());
            if (isText()) {
                const QTime time = QTime::fromString(input.toString().trimmed(), Qt::ISODateWithMs);
                if (time.isValid())
                    return accept(time);
            }
            return refuse(QStringLiteral("a time (HH:mm:ss) is expected"));
        case Storage::DateTime:
            if (type() == QMetaType::QDateTime)
                return accept(input.toDateTime().toUTC());
            if (isText()) {
                const QDateTime dateTime =
                    QDateTime::fromString(input.toString().trimmed(), Qt::ISODateWithMs);
                if (dateTime.isValid())
                    return accept(dateTime.toUTC());
            }
            return refuse(QStringLiteral("a date and time (ISO 8601) is expected"));
        case Storage::Uuid:
            if (type() == QMetaType::QUuid)
                return accept(input.toUuid());
            if (isText()) {
                const QUuid uuid = QUuid::fromString(input.toString().trimmed());
                if (!uuid.isNull())
                    return accept(uuid);
            }
            return refuse(QStringLiteral("a UUID is expected"));
        case Storage::JsonObject:
        case Storage::JsonArray:
        case Storage::JsonDocument:
            return json();
        case Storage::EnumName:
        case Storage::EnumInt:
            return enumeration();
        }
        return refuse(QStringLiteral("unsupported column type"));
    }
};

QString enumKey(const PropertyInfo &property, const QVariant &plain)
{
    if (property.storage() == Storage::EnumName)
        return plain.toString();
    const char *key = property.metaProperty().enumerator().valueToKey(plain.toInt());
    return key ? QString::fromLatin1(key) : plain.toString();
}

} // namespace

bool isNumeric(const PropertyInfo &property)
{
    switch (property.storage()) {
    case Storage::Int32:
    case Storage::Int64:
    case Storage::UInt32:
    case Storage::Double:
        return true;
    default:
        return false;
    }
}

bool isBool(const PropertyInfo &property)
{
    return property.storage() == Storage::Bool;
}

QVariant display(const PropertyInfo &property, const QVariant &plain)
{
    if (plain.isNull() || !plain.isValid())
        return {};
    switch (property.storage()) {
    case Storage::Bool:
        return {}; // the check box says it
    case Storage::DateTime:
        return plain.toDateTime().toLocalTime();
    case Storage::Bytes:
        return QStringLiteral("%1 bytes").arg(plain.toByteArray().size());
    default:
        return edit(property, plain);
    }
}

QVariant edit(const PropertyInfo &property, const QVariant &plain)
{
    if (plain.isNull() || !plain.isValid())
        return {};
    switch (property.storage()) {
    case Storage::DateTime:
        return plain.toDateTime().toLocalTime();
    case Storage::Uuid:
        return plain.toUuid().toString(QUuid::WithoutBraces);
    case Storage::JsonObject:
    case Storage::JsonArray:
    case Storage::JsonDocument:
        return jsonText(jsonOf(plain));
    case Storage::EnumName:
    case Storage::EnumInt:
        return enumKey(property, plain);
    default:
        return plain;
    }
}

bool toPlain(const PropertyInfo &property, const QVariant &input, QVariant *plain, QString *why)
{
    Taker taker{property, input, plain, why};
    return taker.take();
}

} // namespace Quarry::Private::ModelValues
