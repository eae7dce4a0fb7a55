#include "postgresstatement_p.h"

#include "dialect_p.h"
#include "driverplugin_p.h"
#include "logging_p.h"
#include "nullvalue_p.h"

#include <QDate>
#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVarLengthArray>

#include <atomic>
#include <charconv>
#include <cstdlib>

#ifdef QUARRY_HAVE_LIBPQ
#include <libpq-fe.h>
#endif

namespace Quarry::Private {

QByteArray numberedPlaceholders(const QString &sql, int *count)
{
    QString numbered;
    numbered.reserve(sql.size() + 16);
    QChar quote; // inside '...' or "..." (a doubled quote closes and reopens: same result)
    *count = 0;
    for (const QChar c : sql) {
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
        } else if (c == QLatin1Char('?')) {
            numbered += QLatin1Char('$') + QString::number(++*count);
            continue;
        }
        numbered += c;
    }
    return numbered.toUtf8();
}

#ifdef QUARRY_HAVE_LIBPQ

namespace {

// Type OIDs of PostgreSQL's built-in types (pg_type.dat): fixed since PostgreSQL 7.
enum TypeOid : unsigned int {
    BoolOid = 16,
    ByteaOid = 17,
    Int8Oid = 20,
    Int2Oid = 21,
    Int4Oid = 23,
    Float4Oid = 700,
    Float8Oid = 701,
    TimestampOid = 1114,
    TimestampTzOid = 1184,
    NumericOid = 1700,
};

QSqlError postgresError(PGconn *connection, const PGresult *result, const QString &driverText)
{
    // Without a result (a lost connection) the connection has the message, and no SQLSTATE.
    const char *message = result ? PQresultErrorMessage(result) : nullptr;
    if (!message || !*message)
        message = PQerrorMessage(connection);
    const char *state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    return QSqlError(driverText, QString::fromUtf8(message).trimmed(), QSqlError::StatementError,
                     state ? QString::fromLatin1(state) : QString());
}

// A forward-only QSqlQuery of QPSQL's may still be receiving rows (single-row mode): the
// server takes no other command until they are read. QPSQL discards them in this case
// too, before it runs its next statement.
void discardPendingResults(PGconn *connection)
{
    if (PQtransactionStatus(connection) != PQTRANS_ACTIVE)
        return;
    while (PGresult *result = PQgetResult(connection))
        PQclear(result);
}

// Reads `count` digits at `at`; -1 if one is not a digit.
int readDigits(const char *at, int count)
{
    int value = 0;
    for (int i = 0; i < count; ++i) {
        if (at[i] < '0' || at[i] > '9')
            return -1;
        value = value * 10 + (at[i] - '0');
    }
    return value;
}

// PostgreSQL's ISO output "YYYY-MM-DD HH:MM:SS[.f{1,6}][±HH[:MM[:SS]]]" as a UTC
// QDateTime (a value without offset is UTC: Quarry sets the session's time zone to UTC
// and stores UTC). Digits past the millisecond round half up, as QPSQL's
// QDateTime::fromString() and PostgreSQL's own cast to TIMESTAMP(3) do (into the next
// second or day when they must). Invalid for anything else (BC dates, infinity, other
// DateStyles): the caller hands those on as text.
QDateTime parseTimestamp(const char *text, int length)
{
    if (length < 19 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':'
        || text[16] != ':')
        return {};
    const int year = readDigits(text, 4), month = readDigits(text + 5, 2),
              day = readDigits(text + 8, 2), hour = readDigits(text + 11, 2),
              minute = readDigits(text + 14, 2), second = readDigits(text + 17, 2);
    if (year < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
        || second > 59 || !QDate::isValid(year, month, day))
        return {};
    int at = 19;
    int milliseconds = 0;
    if (at < length && text[at] == '.') {
        int digits = 0;
        bool roundUp = false;
        for (++at; at < length && text[at] >= '0' && text[at] <= '9'; ++at, ++digits) {
            if (digits < 3)
                milliseconds = milliseconds * 10 + (text[at] - '0');
            else if (digits == 3)
                roundUp = text[at] >= '5';
        }
        if (digits == 0)
            return {};
        for (; digits < 3; ++digits)
            milliseconds *= 10;
        milliseconds += roundUp; // 1000 carries on through the sum below
    }
    int offsetSeconds = 0;
    if (at < length && (text[at] == '+' || text[at] == '-')) {
        const int sign = text[at] == '-' ? -1 : 1;
        const int parts[3] = {3600, 60, 1};
        for (int part = 0; part < 3 && at < length; ++part) {
            if (part > 0 && text[at] != ':')
                break;
            const int value = at + 3 <= length ? readDigits(text + at + 1, 2) : -1;
            if (value < 0)
                return {};
            offsetSeconds += value * parts[part];
            at += 3;
        }
        offsetSeconds *= sign;
    }
    if (at != length)
        return {};
    const qint64 secondsOfDay = qint64(hour * 60 + minute) * 60 + second - offsetSeconds;
    return QDateTime::fromMSecsSinceEpoch(
        utcMilliseconds(year, month, day, secondsOfDay * 1000 + milliseconds), Qt::UTC);
}

double parseDouble(const char *text, int length)
{
    double value = 0;
    const auto [end, error] = std::from_chars(text, text + length, value);
    if (error == std::errc() && end == text + length)
        return value;
    return std::strtod(text, nullptr); // out of range (a huge NUMERIC): strtod gives ±inf
}

} // namespace

std::unique_ptr<PostgresStatement> PostgresStatement::prepare(PGconn *connection,
                                                              const QString &sql,
                                                              QSqlError *error)
{
    // Unique in the process, so never the name of a statement a reopened connection (or
    // QPSQL, which says qpsqlpstmt_N) already has.
    static std::atomic<quint64> lastNumber{0};
    const QByteArray name = "quarry_" + QByteArray::number(++lastNumber);
    int count = 0;
    const QByteArray text = numberedPlaceholders(sql, &count);
    discardPendingResults(connection);
    PGresult *result = PQprepare(connection, name.constData(), text.constData(), 0, nullptr);
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    if (!ok)
        *error = postgresError(connection, result, QStringLiteral("Unable to prepare statement"));
    PQclear(result);
    if (!ok)
        return nullptr;
    return std::unique_ptr<PostgresStatement>(new PostgresStatement(connection, sql, name));
}

PostgresStatement::PostgresStatement(PGconn *connection, const QString &sql,
                                     const QByteArray &name)
    : NativeStatement(sql), m_connection(connection), m_name(name)
{
}

PostgresStatement::~PostgresStatement()
{
    finish();
    if (!m_connection)
        return; // abandoned
    // Not inside a failed transaction (the server refuses every command there) nor on a
    // lost connection: the server forgets the statement when the session ends anyway.
    if (PQstatus(m_connection) != CONNECTION_OK)
        return;
    discardPendingResults(m_connection);
    const PGTransactionStatusType status = PQtransactionStatus(m_connection);
    if (status != PQTRANS_IDLE && status != PQTRANS_INTRANS)
        return;
    PQclear(PQexec(m_connection, ("DEALLOCATE " + m_name).constData()));
}

void PostgresStatement::abandon()
{
    finish();
    m_connection = nullptr;
}

bool PostgresStatement::exec(const QVariantList &values)
{
    finish();
    if (m_error.type() != QSqlError::NoError)
        m_error = QSqlError();
    const int count = int(values.size());
    // Text parameters (bytes in binary), converted into per-parameter buffers: numbers
    // need no allocation, text is the QString's UTF-8.
    struct Number { char digits[32]; };
    QVarLengthArray<Number, 16> numbers(count);
    QVarLengthArray<QByteArray, 16> texts(count);
    QVarLengthArray<const char *, 16> pointers(count);
    QVarLengthArray<int, 16> lengths(count);
    QVarLengthArray<int, 16> formats(count);
    for (int i = 0; i < count; ++i) {
        const QVariant &value = values.at(i);
        lengths[i] = 0;
        formats[i] = 0;
        pointers[i] = nullptr;
        if (isNullValue(value))
            continue;
        char *digits = numbers[i].digits;
        auto putNumber = [&](auto number) {
            const auto end = std::to_chars(digits, digits + sizeof(Number) - 1, number).ptr;
            *end = '\0';
            pointers[i] = digits;
        };
        switch (value.typeId()) {
        case QMetaType::Bool:
            pointers[i] = *static_cast<const bool *>(value.constData()) ? "t" : "f";
            break;
        case QMetaType::Int:
            putNumber(*static_cast<const int *>(value.constData()));
            break;
        case QMetaType::UInt:
            putNumber(*static_cast<const uint *>(value.constData()));
            break;
        case QMetaType::LongLong:
            putNumber(*static_cast<const qlonglong *>(value.constData()));
            break;
        case QMetaType::ULongLong:
            putNumber(*static_cast<const qulonglong *>(value.constData()));
            break;
        case QMetaType::Double: {
            const double number = *static_cast<const double *>(value.constData());
            if (qIsNaN(number))
                pointers[i] = "NaN";
            else if (qIsInf(number))
                pointers[i] = number > 0 ? "Infinity" : "-Infinity";
            else
                putNumber(number); // shortest text that reads back as the same double
            break;
        }
        case QMetaType::QByteArray: {
            const auto *bytes = static_cast<const QByteArray *>(value.constData());
            pointers[i] = bytes->constData();
            lengths[i] = int(bytes->size());
            formats[i] = 1; // binary: bytea takes the bytes as they are
            break;
        }
        case QMetaType::QString:
            texts[i] = static_cast<const QString *>(value.constData())->toUtf8();
            pointers[i] = texts[i].constData();
            break;
        default:
            texts[i] = value.toString().toUtf8();
            pointers[i] = texts[i].constData();
            break;
        }
    }
    discardPendingResults(m_connection);
    m_result = PQexecPrepared(m_connection, m_name.constData(), count, pointers.constData(),
                              lengths.constData(), formats.constData(), 0);
    switch (PQresultStatus(m_result)) {
    case PGRES_TUPLES_OK:
        m_rows = PQntuples(m_result);
        if (m_types.isEmpty()) {
            const int columns = PQnfields(m_result);
            m_types.reserve(columns);
            for (int column = 0; column < columns; ++column)
                m_types.append(PQftype(m_result, column));
        }
        return true;
    case PGRES_COMMAND_OK:
        return true;
    default:
        m_error = postgresError(m_connection, m_result, QStringLiteral("Unable to execute statement"));
        finish();
        return false;
    }
}

bool PostgresStatement::next()
{
    if (!m_result || m_row + 1 >= m_rows)
        return false;
    ++m_row;
    return true;
}

bool PostgresStatement::onRow(int column) const
{
    return m_result && m_row >= 0 && m_row < m_rows && column >= 0 && column < m_types.size();
}

QVariant PostgresStatement::value(int column) const
{
    if (!onRow(column) || PQgetisnull(m_result, m_row, column))
        return {};
    const char *text = PQgetvalue(m_result, m_row, column);
    const int length = PQgetlength(m_result, m_row, column);
    switch (m_types.at(column)) {
    case BoolOid:
        return text[0] == 't';
    case Int2Oid:
    case Int4Oid: {
        int number = 0;
        std::from_chars(text, text + length, number);
        return number;
    }
    case Int8Oid: {
        qlonglong number = 0;
        std::from_chars(text, text + length, number);
        return number;
    }
    case Float4Oid:
    case Float8Oid:
    case NumericOid: // a double, as QPSQL gives it (QSql::LowPrecisionDouble)
        return parseDouble(text, length);
    case ByteaOid: {
        size_t size = 0;
        unsigned char *bytes =
            PQunescapeBytea(reinterpret_cast<const unsigned char *>(text), &size);
        QByteArray result(reinterpret_cast<const char *>(bytes), qsizetype(size));
        PQfreemem(bytes);
        return result;
    }
    case TimestampOid:
    case TimestampTzOid:
        if (QDateTime parsed = parseTimestamp(text, length); parsed.isValid())
            return parsed;
        break; // as text: Dialect::fromDatabase() parses the rest
    default:
        break;
    }
    // Text, dates, times, UUIDs, JSON...: as QPSQL, the text (Dialect::fromDatabase()
    // converts it by the property's type).
    return QString::fromUtf8(text, length);
}

bool PostgresStatement::isNull(int column) const
{
    return !onRow(column) || PQgetisnull(m_result, m_row, column);
}

void PostgresStatement::finish()
{
    PQclear(m_result); // accepts nullptr
    m_result = nullptr;
    m_row = -1;
    m_rows = 0;
}

int PostgresStatement::numRowsAffected() const
{
    const char *rows = m_result ? PQcmdTuples(m_result) : "";
    return *rows ? std::atoi(rows) : -1;
}

namespace {

bool nativePathAllowed()
{
    static const bool allowed = [] {
        if (qEnvironmentVariableIsSet("QUARRY_POSTGRESQL_NATIVE")
            && qEnvironmentVariableIntValue("QUARRY_POSTGRESQL_NATIVE") == 0) {
            qCDebug(lcQuarrySql) << "native PostgreSQL path off (QUARRY_POSTGRESQL_NATIVE=0)";
            return false;
        }
        const bool same = driverPluginResolvesTo("libqsqlpsql", "PQexec",
                                                 reinterpret_cast<const void *>(&PQexec));
        if (!same)
            qCDebug(lcQuarrySql) << "native PostgreSQL path off: the QPSQL plugin does not"
                                    " call the libpq Quarry links";
        return same;
    }();
    return allowed;
}

} // namespace

PGconn *nativePostgresHandle(const QSqlDatabase &database)
{
    const QSqlDriver *driver = database.driver();
    if (!driver || !database.isOpen() || database.driverName() != QLatin1String("QPSQL"))
        return nullptr;
    const QVariant handle = driver->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "pg_conn*") != 0)
        return nullptr;
    if (!nativePathAllowed())
        return nullptr;
    return *static_cast<PGconn *const *>(handle.constData());
}

#else // without libpq at build time: QtSql only

std::unique_ptr<PostgresStatement> PostgresStatement::prepare(pg_conn *, const QString &,
                                                              QSqlError *)
{
    return nullptr;
}
PostgresStatement::~PostgresStatement() = default;
bool PostgresStatement::exec(const QVariantList &) { return false; }
bool PostgresStatement::next() { return false; }
QVariant PostgresStatement::value(int) const { return {}; }
bool PostgresStatement::isNull(int) const { return true; }
void PostgresStatement::finish() {}
int PostgresStatement::numRowsAffected() const { return -1; }
void PostgresStatement::abandon() {}
pg_conn *nativePostgresHandle(const QSqlDatabase &) { return nullptr; }

#endif

} // namespace Quarry::Private
