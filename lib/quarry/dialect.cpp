// Decisions shared by every dialect (docs/dialects.md has the whole table):
// - Generated constraint and index names are prefix_table_col1_col2; longer than 63 UTF-8
//   bytes (PostgreSQL's limit, the smallest) they become 54 bytes + "_" + 8 hex digits of
//   the SHA-1 of the full name, on every backend, so that a schema diff sees the same names.
// - Values are converted by the property's storage, never by the QVariant type a driver
//   returns (measured with Qt 6.4): QSQLITE hands back dates as strings and booleans as
//   qlonglong; QPSQL BIGINT as qulonglong and JSONB reformatted; QMYSQL the text of
//   utf8mb4_bin columns as QByteArray (binary flag) and TIME as a string; QPSQL and QMYSQL
//   label the UTC fields of TIMESTAMP / DATETIME as local time (an invalid QDateTime when
//   they fall in a daylight-saving gap, which still holds the fields we need).
// - An empty QString / QByteArray stays empty and a null one is NULL: a driver can hand
//   back an empty TEXT or BLOB as a null QString / QByteArray (SQLite's zero-length blob
//   is a null pointer), so fromDatabase() makes it empty and non-null again.
// - DATE, TIME and DATETIME are bound as text in one fixed format per backend (years are
//   zero-padded to four digits so that dates before 1000 work; DATETIME is UTC).

#include "dialects_p.h"

#include "entityinfo.h"
#include "nullvalue_p.h"

#include <QCryptographicHash>
#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>
#include <QTime>
#include <QUuid>

namespace Quarry::Private {

using Storage = PropertyInfo::Storage;

namespace {

// The same on every backend so that names match everywhere (PostgreSQL keeps 63 bytes).
constexpr int constraintNameLimit = 63;
constexpr int shortenedPrefixLength = 54;

QString formatDate(const QDate &date)
{
    return QString::asprintf("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

QString formatTime(const QTime &time)
{
    return QString::asprintf("%02d:%02d:%02d.%03d", time.hour(), time.minute(), time.second(),
                             time.msec());
}

// Date-time text in fixed positions. QDate/QTime formatting and parsing (and toUTC())
// cost more per value than the rest of binding a row, so the one format Quarry writes is
// done by hand from the milliseconds since the epoch; anything else takes the general
// path. Civil-date arithmetic after Howard Hinnant's days_from_civil / civil_from_days.
constexpr qint64 millisecondsPerDay = 86400000;

qint64 daysFromCivil(qint64 year, int month, int day)
{
    year -= month <= 2;
    const qint64 era = (year >= 0 ? year : year - 399) / 400;
    const qint64 yearOfEra = year - era * 400;
    const qint64 dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const qint64 dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

void civilFromDays(qint64 days, qint64 *year, int *month, int *day)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 dayOfEra = days - era * 146097;
    const qint64 yearOfEra =
        (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 monthIndex = (5 * dayOfYear + 2) / 153;
    *day = int(dayOfYear - (153 * monthIndex + 2) / 5 + 1);
    *month = int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
    *year = yearOfEra + era * 400 + (*month <= 2);
}

void putDigits(char *at, int value, int width)
{
    for (int i = width - 1; i >= 0; --i, value /= 10)
        at[i] = char('0' + value % 10);
}

// "yyyy-MM-dd<separator>HH:mm:ss.zzz" plus 'Z' when `zulu`, in UTC; a null QString when
// the year has not four digits (the general path handles those).
QString formatUtcFast(const QDateTime &dateTime, char separator, bool zulu)
{
    const qint64 milliseconds = dateTime.toMSecsSinceEpoch();
    qint64 days = milliseconds / millisecondsPerDay;
    qint64 rest = milliseconds % millisecondsPerDay;
    if (rest < 0) {
        rest += millisecondsPerDay;
        --days;
    }
    qint64 year = 0;
    int month = 0, day = 0;
    civilFromDays(days, &year, &month, &day);
    if (year < 1 || year > 9999)
        return {};
    char text[24] = {0, 0, 0, 0, '-', 0, 0, '-', 0, 0, separator, 0, 0, ':',
                     0, 0, ':', 0, 0, '.', 0, 0, 0, 'Z'};
    putDigits(text, int(year), 4);
    putDigits(text + 5, month, 2);
    putDigits(text + 8, day, 2);
    putDigits(text + 11, int(rest / 3600000), 2);
    putDigits(text + 14, int(rest / 60000 % 60), 2);
    putDigits(text + 17, int(rest / 1000 % 60), 2);
    putDigits(text + 20, int(rest % 1000), 3);
    return QString::fromLatin1(text, zulu ? 24 : 23);
}

// Reads `count` digits at `at`; -1 if one is not a digit.
int readDigits(QStringView text, int at, int count)
{
    int value = 0;
    for (int i = at; i < at + count; ++i) {
        const char16_t c = text[i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

// The exact text formatUtcFast() writes ('T' or ' ', with or without 'Z'); an invalid
// QDateTime for anything else.
QDateTime parseUtcFast(QStringView text)
{
    if ((text.size() != 23 && !(text.size() == 24 && text[23] == u'Z')) || text[4] != u'-'
        || text[7] != u'-' || (text[10] != u'T' && text[10] != u' ') || text[13] != u':'
        || text[16] != u':' || text[19] != u'.')
        return {};
    const int year = readDigits(text, 0, 4), month = readDigits(text, 5, 2),
              day = readDigits(text, 8, 2), hour = readDigits(text, 11, 2),
              minute = readDigits(text, 14, 2), second = readDigits(text, 17, 2),
              millisecond = readDigits(text, 20, 3);
    if (year < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
        || second > 59 || millisecond < 0 || !QDate::isValid(year, month, day))
        return {};
    return QDateTime::fromMSecsSinceEpoch(
        utcMilliseconds(year, month, day,
                        ((hour * 60 + minute) * 60 + second) * 1000 + millisecond),
        Qt::UTC);
}

// "yyyy-MM-dd[T ]HH:mm:ss[.fff][Z|±hh[:mm]]" -> a UTC QDateTime; a time without offset is
// UTC, which is what every column holds.
QDateTime parseDateTime(const QString &text)
{
    const QDate date = QDate::fromString(text.left(10), Qt::ISODate);
    QStringView rest = QStringView(text).mid(11);
    int offsetSeconds = 0;
    if (rest.endsWith(QLatin1Char('Z'))) {
        rest.chop(1);
    } else if (const qsizetype sign =
                   qMax(rest.lastIndexOf(QLatin1Char('+')), rest.lastIndexOf(QLatin1Char('-')));
               sign > 0) {
        const QStringView zone = rest.mid(sign + 1);
        const int hours = zone.left(2).toInt();
        const int minutes = zone.size() > 2 ? zone.right(2).toInt() : 0;
        offsetSeconds = (hours * 60 + minutes) * 60 * (rest.at(sign) == QLatin1Char('-') ? -1 : 1);
        rest = rest.left(sign);
    }
    const QTime time =
        rest.isEmpty() ? QTime(0, 0) : QTime::fromString(rest.toString(), Qt::ISODateWithMs);
    if (!date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, Qt::OffsetFromUTC, offsetSeconds).toUTC();
}

// JSON as a driver returns it: text, or bytes where the column has a binary collation.
QJsonDocument jsonFromText(const QVariant &value)
{
    return QJsonDocument::fromJson(value.metaType().id() == QMetaType::QByteArray
                                       ? value.toByteArray()
                                       : value.toString().toUtf8());
}

QJsonDocument jsonDocumentOf(const QVariant &value)
{
    switch (value.metaType().id()) {
    case QMetaType::QJsonObject:
        return QJsonDocument(value.toJsonObject());
    case QMetaType::QJsonArray:
        return QJsonDocument(value.toJsonArray());
    case QMetaType::QJsonDocument:
        return value.toJsonDocument();
    case QMetaType::QByteArray:
    case QMetaType::QString:
        return jsonFromText(value);
    default:
        return {};
    }
}

// A number or an enum value, not text that happens to convert to one.
bool isNumeric(const QVariant &value)
{
    switch (value.metaType().id()) {
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
    case QMetaType::Char:
    case QMetaType::Double:
    case QMetaType::Float:
        return true;
    default:
        return value.metaType().flags().testFlag(QMetaType::IsEnumeration);
    }
}

} // namespace

qint64 utcMilliseconds(int year, int month, int day, qint64 millisecondsOfDay)
{
    return daysFromCivil(year, month, day) * millisecondsPerDay + millisecondsOfDay;
}

// --- Dialect -----------------------------------------------------------------------

Dialect::~Dialect() = default;

const Dialect *Dialect::forBackend(Database::Backend backend)
{
    static const SqliteDialect sqlite;
    static const PostgresqlDialect postgresql;
    static const MysqlDialect mysql;
    switch (backend) {
    case Database::Backend::SQLite:
        return &sqlite;
    case Database::Backend::PostgreSQL:
        return &postgresql;
    case Database::Backend::MySQL:
        return &mysql;
    case Database::Backend::Invalid:
        break;
    }
    return nullptr;
}

const Dialect *Dialect::forDriverName(const QString &qtDriverName)
{
    const QString driver = qtDriverName.toUpper();
    if (driver.startsWith(QLatin1String("QSQLITE")))
        return forBackend(Database::Backend::SQLite);
    if (driver.startsWith(QLatin1String("QPSQL")))
        return forBackend(Database::Backend::PostgreSQL);
    if (driver.startsWith(QLatin1String("QMYSQL")) || driver == QLatin1String("QMARIADB"))
        return forBackend(Database::Backend::MySQL);
    return nullptr;
}

QString Dialect::constraintName(const QString &prefix, const QString &table,
                                const QStringList &columns) const
{
    const QString full =
        QStringList{prefix, table, columns.join(QLatin1Char('_'))}.join(QLatin1Char('_'));
    const QByteArray utf8 = full.toUtf8();
    if (utf8.size() <= constraintNameLimit)
        return full;
    // Cut at a character boundary: never inside a UTF-8 sequence.
    qsizetype cut = shortenedPrefixLength;
    while (cut > 0 && (static_cast<unsigned char>(utf8.at(cut)) & 0xC0) == 0x80)
        --cut;
    const QByteArray hash = QCryptographicHash::hash(utf8, QCryptographicHash::Sha1).left(4);
    return QString::fromUtf8(utf8.left(cut)) + QLatin1Char('_') + QString::fromLatin1(hash.toHex());
}

QVariant Dialect::toDatabase(const PropertyInfo &property, const QVariant &plainValue) const
{
    if (isNullValue(plainValue))
        return {};
    const Database::Backend backend = this->backend();
    switch (property.storage()) {
    case Storage::Bool:
        if (backend == Database::Backend::PostgreSQL)
            return plainValue.toBool();
        return plainValue.toBool() ? 1 : 0;
    case Storage::Int32:
    case Storage::Int64:
        // Every loaded key and changed number passes here: no conversion call when the
        // value is the usual type already.
        if (plainValue.metaType().id() == QMetaType::LongLong)
            return plainValue;
        if (plainValue.metaType().id() == QMetaType::Int)
            return qlonglong(*static_cast<const int *>(plainValue.constData()));
        return plainValue.toLongLong();
    case Storage::UInt32:
        return qlonglong(plainValue.toUInt());
    case Storage::Double:
        return plainValue.toDouble();
    case Storage::String:
        if (plainValue.metaType().id() == QMetaType::QString)
            return plainValue; // keeps an empty (not null) string empty
        return plainValue.toString();
    case Storage::Bytes:
        return plainValue.toByteArray();
    case Storage::Date: {
        const QDate date = plainValue.toDate();
        return date.isValid() ? QVariant(formatDate(date)) : QVariant();
    }
    case Storage::Time: {
        const QTime time = plainValue.toTime();
        return time.isValid() ? QVariant(formatTime(time)) : QVariant();
    }
    case Storage::DateTime: {
        const QDateTime dateTime = plainValue.toDateTime();
        if (!dateTime.isValid())
            return {};
        const bool sqlite = backend == Database::Backend::SQLite;
        if (QString text = formatUtcFast(dateTime, sqlite ? 'T' : ' ', sqlite); !text.isNull())
            return text;
        const QDateTime utc = dateTime.toUTC();
        if (backend == Database::Backend::SQLite)
            return formatDate(utc.date()) + QLatin1Char('T') + formatTime(utc.time()) +
                   QLatin1Char('Z');
        return formatDate(utc.date()) + QLatin1Char(' ') + formatTime(utc.time());
    }
    case Storage::Uuid:
        return plainValue.toUuid().toString(QUuid::WithoutBraces);
    case Storage::JsonObject:
    case Storage::JsonArray:
    case Storage::JsonDocument:
        return QString::fromUtf8(jsonDocumentOf(plainValue).toJson(QJsonDocument::Compact));
    case Storage::EnumName:
        if (isNumeric(plainValue)) {
            const char *key = property.metaProperty().enumerator().valueToKey(plainValue.toInt());
            if (key)
                return QString::fromLatin1(key);
        }
        return plainValue.toString();
    case Storage::EnumInt:
        if (plainValue.metaType().id() == QMetaType::QString) {
            bool ok = false;
            const int number = property.metaProperty().enumerator().keyToValue(
                plainValue.toString().toLatin1(), &ok);
            if (ok)
                return number;
        }
        return plainValue.toInt();
    }
    return plainValue;
}

QVariant Dialect::fromDatabase(const PropertyInfo &property, QVariant &&value) const
{
    if (value.isNull()) // also a typed NULL, as QtSql's drivers return them
        return {};
    const int type = value.metaType().id();
    switch (property.storage()) {
    case Storage::Int64:
        if (type == QMetaType::LongLong)
            return std::move(value);
        break;
    case Storage::Int32: // SQLite and the native paths hand out 64-bit integers
        if (type == QMetaType::LongLong)
            return int(*static_cast<const qlonglong *>(value.constData()));
        break;
    case Storage::Double:
        if (type == QMetaType::Double)
            return std::move(value);
        break;
    case Storage::String:
        if (type == QMetaType::QString
            && !static_cast<const QString *>(value.constData())->isNull())
            return std::move(value);
        break;
    default:
        break;
    }
    return fromDatabase(property, std::as_const(value));
}

QVariant Dialect::fromDatabase(const PropertyInfo &property, const QVariant &value) const
{
    if (value.isNull())
        return {};
    switch (property.storage()) {
    case Storage::Bool:
        if (value.metaType().id() == QMetaType::QString ||
            value.metaType().id() == QMetaType::QByteArray) {
            const QString text = value.toString().trimmed().toLower();
            return text == QLatin1String("t") || text == QLatin1String("true") ||
                   text == QLatin1String("1") || text == QLatin1String("y");
        }
        return value.toLongLong() != 0 || value.toBool();
    case Storage::Int32:
        return int(value.toLongLong());
    case Storage::Int64:
        return value.toLongLong();
    case Storage::UInt32:
        return uint(value.toLongLong());
    case Storage::Double:
        return value.toDouble();
    case Storage::String: {
        const QString text = value.toString();
        // Drivers return '' as a null QString; '' and NULL must stay distinct.
        return text.isNull() ? QString(QLatin1String("")) : text;
    }
    case Storage::Bytes: {
        const QByteArray bytes = value.toByteArray();
        return bytes.isNull() ? QByteArray("", 0) : bytes;
    }
    case Storage::Date:
        if (value.metaType().id() == QMetaType::QDate)
            return value.toDate();
        if (value.metaType().id() == QMetaType::QDateTime)
            return value.toDateTime().date();
        return QDate::fromString(value.toString().left(10), Qt::ISODate);
    case Storage::Time:
        if (value.metaType().id() == QMetaType::QTime)
            return value.toTime();
        return QTime::fromString(value.toString(), Qt::ISODateWithMs);
    case Storage::DateTime:
        if (value.metaType().id() == QMetaType::QDateTime) {
            const QDateTime stored = value.toDateTime();
            // A TIMESTAMP/DATETIME holds UTC fields, but drivers label them local time.
            // From the fields' milliseconds: QDateTime(date, time, Qt::UTC) validates and
            // splits them again, a cost per loaded row.
            if (stored.timeSpec() == Qt::LocalTime) {
                const QDate date = stored.date();
                // Fields that are no date and time at all (QPSQL's 'infinity'): no instant.
                if (!date.isValid() || !stored.time().isValid())
                    return QDateTime();
                return QDateTime::fromMSecsSinceEpoch(
                    utcMilliseconds(date.year(), date.month(), date.day(),
                                    stored.time().msecsSinceStartOfDay()),
                    Qt::UTC);
            }
            return stored.toUTC();
        }
        if (value.metaType().id() == QMetaType::QString) {
            const QString text = value.toString();
            if (const QDateTime fast = parseUtcFast(text); fast.isValid())
                return fast;
            return parseDateTime(text);
        }
        return parseDateTime(value.toString());
    case Storage::Uuid:
        if (value.metaType().id() == QMetaType::QUuid)
            return value.toUuid();
        if (value.metaType().id() == QMetaType::QByteArray && value.toByteArray().size() == 16)
            return QUuid::fromRfc4122(value.toByteArray());
        return QUuid::fromString(value.toString());
    case Storage::JsonObject:
        return jsonFromText(value).object();
    case Storage::JsonArray:
        return jsonFromText(value).array();
    case Storage::JsonDocument:
        return jsonFromText(value);
    case Storage::EnumName:
        if (isNumeric(value)) {
            const char *key = property.metaProperty().enumerator().valueToKey(value.toInt());
            if (key)
                return QString::fromLatin1(key);
        }
        return value.toString();
    case Storage::EnumInt:
        return int(value.toLongLong());
    }
    return value;
}

} // namespace Quarry::Private
