#include "filterparser.h"

#include <QDateTime>
#include <QLocale>
#include <QUuid>

#include <limits>

namespace QuarryBrowser {

using Quarry::Condition;
using Quarry::Field;
using Quarry::PropertyInfo;
using Storage = Quarry::PropertyInfo::Storage;

namespace {

bool isText(Storage storage)
{
    return storage == Storage::String || storage == Storage::EnumName;
}

bool isFilterable(Storage storage)
{
    switch (storage) {
    case Storage::Bytes:
    case Storage::JsonObject:
    case Storage::JsonArray:
    case Storage::JsonDocument:
        return false;
    default:
        return true;
    }
}

QString kindName(Storage storage)
{
    switch (storage) {
    case Storage::Bool:
        return QStringLiteral("a boolean (true, false, 1 or 0)");
    case Storage::Int32:
    case Storage::Int64:
    case Storage::UInt32:
    case Storage::EnumInt:
        return QStringLiteral("a whole number");
    case Storage::Double:
        return QStringLiteral("a number");
    case Storage::Date:
        return QStringLiteral("a date (yyyy-MM-dd)");
    case Storage::Time:
        return QStringLiteral("a time (HH:mm or HH:mm:ss)");
    case Storage::DateTime:
        return QStringLiteral("a date (yyyy-MM-dd) or a date and time (yyyy-MM-dd HH:mm[:ss])");
    case Storage::Uuid:
        return QStringLiteral("a UUID");
    default:
        return QStringLiteral("text");
    }
}

QString unquoted(const QString &value)
{
    if (value.size() >= 2 && value.startsWith(QLatin1Char('"')) && value.endsWith(QLatin1Char('"')))
        return value.mid(1, value.size() - 2);
    return value;
}

bool isDateOnly(const QString &text)
{
    return text.size() == 10 && QDate::fromString(text, Qt::ISODate).isValid();
}

QDateTime dayStart(const QString &text)
{
    return QDate::fromString(text, Qt::ISODate).startOfDay();
}

// A comparison with one value. On a date-time column a date alone stands for its whole
// day, so "=2024-03-01" means [00:00, next day 00:00), not the instant at midnight.
bool compare(const QString &op, const QString &text, const PropertyInfo &property,
             Condition *condition, QString *error)
{
    const Field field(property.name());
    if (property.storage() == Storage::DateTime && isDateOnly(text)) {
        const QDateTime start = dayStart(text);
        const QDateTime next = start.addDays(1);
        if (op == QLatin1String("="))
            *condition = field >= start && field < next;
        else if (op == QLatin1String("<>"))
            *condition = field < start || field >= next;
        else if (op == QLatin1String(">"))
            *condition = field >= next;
        else if (op == QLatin1String(">="))
            *condition = field >= start;
        else if (op == QLatin1String("<"))
            *condition = field < start;
        else
            *condition = field < next;
        return true;
    }
    const QVariant value = FilterParser::convert(text, property, error);
    if (!value.isValid())
        return false;
    if (op == QLatin1String("="))
        *condition = field == value;
    else if (op == QLatin1String("<>"))
        *condition = field != value;
    else if (op == QLatin1String(">"))
        *condition = field > value;
    else if (op == QLatin1String(">="))
        *condition = field >= value;
    else if (op == QLatin1String("<"))
        *condition = field < value;
    else
        *condition = field <= value;
    return true;
}

bool range(const QString &low, const QString &high, const PropertyInfo &property,
           Condition *condition, QString *error)
{
    Condition from;
    Condition to;
    if (!compare(QStringLiteral(">="), low, property, &from, error) ||
        !compare(QStringLiteral("<="), high, property, &to, error))
        return false;
    *condition = from && to;
    return true;
}

} // namespace

QVariant FilterParser::convert(const QString &text, const PropertyInfo &property, QString *error)
{
    const QString value = unquoted(text.trimmed());
    bool ok = false;
    QVariant result;
    const Storage storage = property.storage();
    switch (storage) {
    case Storage::String:
    case Storage::EnumName:
        return value;
    case Storage::Bool: {
        const QString lower = value.toLower();
        if (lower == QLatin1String("true") || lower == QLatin1String("1"))
            return true;
        if (lower == QLatin1String("false") || lower == QLatin1String("0"))
            return false;
        break;
    }
    case Storage::Int32:
    case Storage::Int64:
    case Storage::UInt32:
    case Storage::EnumInt: {
        qlonglong number = QLocale::c().toLongLong(value, &ok);
        if (!ok)
            number = QLocale().toLongLong(value, &ok);
        if (ok && storage == Storage::Int32 &&
            (number < std::numeric_limits<qint32>::min() ||
             number > std::numeric_limits<qint32>::max()))
            ok = false;
        if (ok && storage == Storage::UInt32 &&
            (number < 0 || number > std::numeric_limits<quint32>::max()))
            ok = false;
        if (ok)
            result = number;
        break;
    }
    case Storage::Double: {
        double number = QLocale::c().toDouble(value, &ok);
        if (!ok)
            number = QLocale().toDouble(value, &ok);
        if (ok)
            result = number;
        break;
    }
    case Storage::Date: {
        const QDate date = QDate::fromString(value, Qt::ISODate);
        if (value.size() == 10 && date.isValid())
            result = date;
        break;
    }
    case Storage::Time: {
        const QTime time = QTime::fromString(value, Qt::ISODate);
        if (time.isValid())
            result = time;
        break;
    }
    case Storage::DateTime: {
        QString iso = value;
        if (iso.size() > 10 && iso.at(10) == QLatin1Char(' '))
            iso[10] = QLatin1Char('T');
        const QDateTime dateTime =
            isDateOnly(value) ? dayStart(value) : QDateTime::fromString(iso, Qt::ISODate);
        if (dateTime.isValid())
            result = dateTime;
        break;
    }
    case Storage::Uuid: {
        const QUuid uuid(value);
        if (!uuid.isNull() || value == QUuid().toString(QUuid::WithoutBraces))
            result = uuid;
        break;
    }
    default:
        *error = QStringLiteral("%1 holds binary or JSON data: only NULL and !NULL filter it")
                     .arg(property.label());
        return {};
    }
    if (!result.isValid())
        *error = QStringLiteral("'%1' is not %2 (column %3)")
                     .arg(value, kindName(storage), property.label());
    return result;
}

bool FilterParser::parse(const QString &text, const PropertyInfo &property, Condition *condition,
                         QString *error)
{
    const QString filter = text.trimmed();
    const Field field(property.name());
    if (filter.isEmpty()) {
        *condition = Condition();
        return true;
    }
    const QString upper = filter.toUpper().simplified();
    if (upper == QLatin1String("NULL")) {
        *condition = field.isNull();
        return true;
    }
    if (upper == QLatin1String("!NULL") || upper == QLatin1String("NOT NULL")) {
        *condition = field.isNotNull();
        return true;
    }
    if (!isFilterable(property.storage())) {
        convert(filter, property, error); // sets the message
        return false;
    }
    // Longest operators first, so that ">=" is not read as ">" and "=5".
    static const QStringList operators = {
        QStringLiteral(">="), QStringLiteral("<="), QStringLiteral("<>"), QStringLiteral("!="),
        QStringLiteral(">"),  QStringLiteral("<"),  QStringLiteral("=")};
    for (const QString &op : operators) {
        if (!filter.startsWith(op))
            continue;
        const QString value = filter.mid(op.size()).trimmed();
        if (value.isEmpty()) {
            *error = QStringLiteral("'%1' needs a value after it (e.g. %1 10)").arg(op);
            return false;
        }
        return compare(op == QLatin1String("!=") ? QStringLiteral("<>") : op, unquoted(value),
                       property, condition, error);
    }
    const bool quoted = unquoted(filter) != filter;
    const int dots = quoted ? -1 : filter.indexOf(QLatin1String(".."));
    if (dots >= 0) {
        const QString low = filter.left(dots).trimmed();
        const QString high = filter.mid(dots + 2).trimmed();
        if (!low.isEmpty() && !high.isEmpty())
            return range(unquoted(low), unquoted(high), property, condition, error);
        if (!isText(property.storage())) {
            *error = QStringLiteral("a range needs a value on both sides of '..' (e.g. 1..10)");
            return false;
        }
    }
    if (isText(property.storage())) {
        *condition = field.contains(unquoted(filter), Qt::CaseInsensitive);
        return true;
    }
    return compare(QStringLiteral("="), unquoted(filter), property, condition, error);
}

} // namespace QuarryBrowser
