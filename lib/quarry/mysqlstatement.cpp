#include "mysqlstatement_p.h"

#include "dialect_p.h"
#include "driverplugin_p.h"
#include "logging_p.h"
#include "nullvalue_p.h"

#include <QDate>
#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QTime>
#include <QVarLengthArray>

#include <algorithm>
#include <cstring>

#ifdef QUARRY_HAVE_MARIADB
#include <mysql.h>
#endif

namespace Quarry::Private {

#ifdef QUARRY_HAVE_MARIADB

namespace {

// Text and bytes up to this size are fetched with the row; longer values are fetched
// whole, column by column, when the row arrives.
constexpr size_t inlineTextBytes = 256;
constexpr unsigned int binaryCharset = 63;

QSqlError statementError(MYSQL_STMT *statement, const QString &driverText)
{
    return QSqlError(driverText, QString::fromUtf8(mysql_stmt_error(statement)),
                     QSqlError::StatementError, QString::number(mysql_stmt_errno(statement)));
}

// One bound parameter's value, kept alive until mysql_stmt_execute() has sent it.
struct Parameter {
    union {
        long long integer;
        double real;
        char flag;
    } number;
    QByteArray text;
};

void bindParameter(const QVariant &value, Parameter *parameter, MYSQL_BIND *bind)
{
    std::memset(bind, 0, sizeof(MYSQL_BIND));
    if (isNullValue(value)) {
        bind->buffer_type = MYSQL_TYPE_NULL;
        return;
    }
    auto bindInteger = [&](long long integer, bool isUnsigned) {
        parameter->number.integer = integer;
        bind->buffer_type = MYSQL_TYPE_LONGLONG;
        bind->buffer = &parameter->number.integer;
        bind->is_unsigned = isUnsigned;
    };
    auto bindText = [&](QByteArray text, enum_field_types type) {
        parameter->text = std::move(text);
        bind->buffer_type = type;
        bind->buffer = const_cast<char *>(parameter->text.constData());
        bind->buffer_length = static_cast<unsigned long>(parameter->text.size());
    };
    switch (value.typeId()) {
    case QMetaType::Bool:
        parameter->number.flag = *static_cast<const bool *>(value.constData()) ? 1 : 0;
        bind->buffer_type = MYSQL_TYPE_TINY;
        bind->buffer = &parameter->number.flag;
        break;
    case QMetaType::Int:
        bindInteger(*static_cast<const int *>(value.constData()), false);
        break;
    case QMetaType::UInt:
        bindInteger(*static_cast<const uint *>(value.constData()), false);
        break;
    case QMetaType::LongLong:
        bindInteger(*static_cast<const qlonglong *>(value.constData()), false);
        break;
    case QMetaType::ULongLong:
        bindInteger(static_cast<long long>(*static_cast<const qulonglong *>(value.constData())),
                    true);
        break;
    case QMetaType::Double:
        parameter->number.real = *static_cast<const double *>(value.constData());
        bind->buffer_type = MYSQL_TYPE_DOUBLE;
        bind->buffer = &parameter->number.real;
        break;
    case QMetaType::QByteArray:
        bindText(*static_cast<const QByteArray *>(value.constData()), MYSQL_TYPE_BLOB);
        break;
    case QMetaType::QString:
        bindText(static_cast<const QString *>(value.constData())->toUtf8(), MYSQL_TYPE_STRING);
        break;
    default:
        bindText(value.toString().toUtf8(), MYSQL_TYPE_STRING);
        break;
    }
}

bool isInteger(enum_field_types type)
{
    switch (type) {
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_LONGLONG:
    case MYSQL_TYPE_YEAR:
        return true;
    default:
        return false;
    }
}

bool isReal(enum_field_types type)
{
    return type == MYSQL_TYPE_FLOAT || type == MYSQL_TYPE_DOUBLE
        || type == MYSQL_TYPE_DECIMAL || type == MYSQL_TYPE_NEWDECIMAL;
}

bool isTemporal(enum_field_types type)
{
    return type == MYSQL_TYPE_DATE || type == MYSQL_TYPE_TIME || type == MYSQL_TYPE_DATETIME
        || type == MYSQL_TYPE_TIMESTAMP;
}

QVariant temporalValue(enum_field_types type, const MYSQL_TIME &time)
{
    const int milliseconds = int(time.second_part / 1000);
    switch (type) {
    case MYSQL_TYPE_DATE:
        return QDate(int(time.year), int(time.month), int(time.day));
    case MYSQL_TYPE_TIME: {
        // QMYSQL fetches TIME as text, which QTime::fromString() reads: digits past the
        // millisecond round half up and carry, but never past the day's last millisecond;
        // a negative or 24-hour-plus TIME is no QTime at all.
        if (time.neg || time.hour > 23)
            return QTime();
        const qint64 rounded =
            ((qint64(time.hour) * 60 + time.minute) * 60 + time.second) * 1000
            + qint64(time.second_part + 500) / 1000;
        return QTime::fromMSecsSinceStartOfDay(int(std::min<qint64>(rounded, 86399999)));
    }
    default: {
        // DATETIME holds UTC (Quarry's session time zone is UTC; TIMESTAMP is shown in it).
        if (!QDate::isValid(int(time.year), int(time.month), int(time.day)))
            return QDateTime();
        const qint64 secondsOfDay = (qint64(time.hour) * 60 + time.minute) * 60 + time.second;
        return QDateTime::fromMSecsSinceEpoch(
            utcMilliseconds(int(time.year), int(time.month), int(time.day),
                            secondsOfDay * 1000 + milliseconds),
            Qt::UTC);
    }
    }
}

} // namespace

std::unique_ptr<MysqlStatement> MysqlStatement::prepare(MYSQL *connection, const QString &sql,
                                                        QSqlError *error)
{
    MYSQL_STMT *statement = mysql_stmt_init(connection);
    if (!statement) {
        *error = QSqlError(QStringLiteral("Unable to prepare statement"),
                           QString::fromUtf8(mysql_error(connection)), QSqlError::StatementError,
                           QString::number(mysql_errno(connection)));
        return nullptr;
    }
    const QByteArray text = sql.toUtf8();
    if (mysql_stmt_prepare(statement, text.constData(), static_cast<unsigned long>(text.size()))) {
        *error = statementError(statement, QStringLiteral("Unable to prepare statement"));
        mysql_stmt_close(statement);
        return nullptr;
    }
    return std::unique_ptr<MysqlStatement>(new MysqlStatement(statement, sql));
}

MysqlStatement::MysqlStatement(MYSQL_STMT *statement, const QString &sql)
    : NativeStatement(sql), m_statement(statement)
{
}

MysqlStatement::~MysqlStatement()
{
    finish();
    // After the connection closed, the client library has detached the statement from it:
    // this only frees memory then.
    mysql_stmt_close(m_statement);
}

void MysqlStatement::setError(const QString &driverText)
{
    m_error = statementError(m_statement, driverText);
}

bool MysqlStatement::exec(const QVariantList &values)
{
    finish();
    if (m_error.type() != QSqlError::NoError)
        m_error = QSqlError();
    const qsizetype count = values.size();
    if (count != qsizetype(mysql_stmt_param_count(m_statement))) {
        m_error = QSqlError(QStringLiteral("Parameter count mismatch"), QString(),
                            QSqlError::StatementError);
        return false;
    }
    QVarLengthArray<Parameter, 16> parameters(count);
    QVarLengthArray<MYSQL_BIND, 16> binds(count);
    for (qsizetype i = 0; i < count; ++i)
        bindParameter(values.at(i), &parameters[i], &binds[i]);
    if (count > 0 && mysql_stmt_bind_param(m_statement, binds.data())) {
        setError(QStringLiteral("Unable to bind parameters"));
        return false;
    }
    if (mysql_stmt_execute(m_statement)) {
        setError(QStringLiteral("Unable to execute statement"));
        return false;
    }
    if (mysql_stmt_field_count(m_statement) == 0)
        return true;
    if (mysql_stmt_store_result(m_statement)) {
        setError(QStringLiteral("Unable to store statement results"));
        return false;
    }
    m_hasResult = true;
    if (m_columns.empty() && !bindResult())
        return false;
    if (mysql_stmt_bind_result(m_statement, m_resultBinds.data())) {
        setError(QStringLiteral("Unable to bind outvalues"));
        finish();
        return false;
    }
    return true;
}

bool MysqlStatement::bindResult()
{
    MYSQL_RES *metadata = mysql_stmt_result_metadata(m_statement);
    if (!metadata) {
        setError(QStringLiteral("Unable to read the result's columns"));
        finish();
        return false;
    }
    const unsigned int count = mysql_num_fields(metadata);
    const MYSQL_FIELD *fields = mysql_fetch_fields(metadata);
    // Sized once: the binds point into the columns.
    m_columns.resize(count);
    m_resultBinds.resize(count);
    for (unsigned int i = 0; i < count; ++i) {
        Column &column = m_columns[i];
        const enum_field_types type = fields[i].type;
        column.type = type;
        column.isUnsigned = fields[i].flags & UNSIGNED_FLAG;
        column.isBinary = fields[i].charsetnr == binaryCharset;
        if (isInteger(type)) {
            column.bufferType = MYSQL_TYPE_LONGLONG;
            column.buffer.resize(sizeof(long long));
        } else if (isReal(type)) {
            column.bufferType = MYSQL_TYPE_DOUBLE;
            column.buffer.resize(sizeof(double));
        } else if (isTemporal(type)) {
            column.bufferType = type;
            column.buffer.resize(sizeof(MYSQL_TIME));
        } else {
            column.bufferType = column.isBinary ? MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING;
            column.buffer.resize(inlineTextBytes);
        }
        MYSQL_BIND &bind = m_resultBinds[i];
        std::memset(&bind, 0, sizeof(MYSQL_BIND));
        bind.buffer_type = static_cast<enum_field_types>(column.bufferType);
        bind.buffer = column.buffer.data();
        bind.buffer_length = static_cast<unsigned long>(column.buffer.size());
        bind.length = &column.length;
        bind.is_null = &column.isNull;
        bind.error = &column.truncated;
        bind.is_unsigned = column.isUnsigned;
    }
    mysql_free_result(metadata);
    return true;
}

bool MysqlStatement::next()
{
    m_onRow = false;
    if (!m_longValues.isEmpty())
        m_longValues.clear();
    if (!m_hasResult)
        return false;
    const int result = mysql_stmt_fetch(m_statement);
    if (result == MYSQL_NO_DATA)
        return false;
    if (result != 0 && result != MYSQL_DATA_TRUNCATED) {
        setError(QStringLiteral("Unable to fetch data"));
        qCWarning(lcQuarrySql).noquote() << "reading rows failed:" << m_error.text();
        return false;
    }
    for (int i = 0; i < int(m_columns.size()); ++i) {
        const Column &column = m_columns[size_t(i)];
        if (column.isNull || column.length <= column.buffer.size()
            || (column.bufferType != MYSQL_TYPE_STRING && column.bufferType != MYSQL_TYPE_BLOB))
            continue;
        QByteArray whole(qsizetype(column.length), Qt::Uninitialized);
        MYSQL_BIND bind;
        std::memset(&bind, 0, sizeof(MYSQL_BIND));
        unsigned long length = 0;
        bind.buffer_type = static_cast<enum_field_types>(column.bufferType);
        bind.buffer = whole.data();
        bind.buffer_length = column.length;
        bind.length = &length;
        if (mysql_stmt_fetch_column(m_statement, &bind, unsigned(i), 0)) {
            setError(QStringLiteral("Unable to fetch data"));
            qCWarning(lcQuarrySql).noquote() << "reading a long value failed:" << m_error.text();
            return false;
        }
        m_longValues.insert(i, whole);
    }
    m_onRow = true;
    return true;
}

QVariant MysqlStatement::value(int column) const
{
    if (!m_onRow || column < 0 || column >= int(m_columns.size()))
        return {};
    const Column &field = m_columns[size_t(column)];
    if (field.isNull)
        return {};
    const char *data = field.buffer.data();
    switch (field.bufferType) {
    case MYSQL_TYPE_LONGLONG: {
        long long integer = 0;
        std::memcpy(&integer, data, sizeof integer);
        if (field.isUnsigned && field.type == MYSQL_TYPE_LONGLONG)
            return qulonglong(integer);
        return qlonglong(integer);
    }
    case MYSQL_TYPE_DOUBLE: {
        double real = 0;
        std::memcpy(&real, data, sizeof real);
        return real;
    }
    case MYSQL_TYPE_STRING:
    case MYSQL_TYPE_BLOB: {
        const auto found = m_longValues.constFind(column);
        const QByteArray bytes = found != m_longValues.constEnd()
            ? *found
            : QByteArray(data, qsizetype(field.length));
        if (field.isBinary)
            return bytes;
        return QString::fromUtf8(bytes);
    }
    default: {
        MYSQL_TIME time;
        std::memcpy(&time, data, sizeof time);
        return temporalValue(static_cast<enum_field_types>(field.bufferType), time);
    }
    }
}

bool MysqlStatement::isNull(int column) const
{
    return !m_onRow || column < 0 || column >= int(m_columns.size())
        || m_columns[size_t(column)].isNull;
}

void MysqlStatement::finish()
{
    if (m_hasResult)
        mysql_stmt_free_result(m_statement);
    m_hasResult = false;
    m_onRow = false;
    if (!m_longValues.isEmpty())
        m_longValues.clear();
}

int MysqlStatement::numRowsAffected() const
{
    return int(mysql_stmt_affected_rows(m_statement));
}

QVariant MysqlStatement::lastInsertId() const
{
    const my_ulonglong id = mysql_stmt_insert_id(m_statement);
    return id ? QVariant(qlonglong(id)) : QVariant();
}

namespace {

bool nativePathAllowed()
{
    static const bool allowed = [] {
        if (qEnvironmentVariableIsSet("QUARRY_MYSQL_NATIVE")
            && qEnvironmentVariableIntValue("QUARRY_MYSQL_NATIVE") == 0) {
            qCDebug(lcQuarrySql) << "native MariaDB path off (QUARRY_MYSQL_NATIVE=0)";
            return false;
        }
        const bool same = driverPluginResolvesTo(
            "libqsqlmysql", "mysql_stmt_execute", reinterpret_cast<const void *>(&mysql_stmt_execute));
        if (!same)
            qCDebug(lcQuarrySql) << "native MariaDB path off: the QMYSQL plugin does not call"
                                    " the client library Quarry links";
        return same;
    }();
    return allowed;
}

} // namespace

MYSQL *nativeMysqlHandle(const QSqlDatabase &database)
{
    const QSqlDriver *driver = database.driver();
    if (!driver || !database.isOpen()
        || (database.driverName() != QLatin1String("QMYSQL")
            && database.driverName() != QLatin1String("QMARIADB")))
        return nullptr;
    const QVariant handle = driver->handle();
    // QMYSQL names it after the struct (Qt 6.4: "st_mysql*").
    if (!handle.isValid()
        || (qstrcmp(handle.typeName(), "st_mysql*") != 0 && qstrcmp(handle.typeName(), "MYSQL*") != 0))
        return nullptr;
    if (!nativePathAllowed())
        return nullptr;
    return *static_cast<MYSQL *const *>(handle.constData());
}

#else // without the client library's headers at build time: QtSql only

struct st_mysql_bind {}; // complete, for m_resultBinds

std::unique_ptr<MysqlStatement> MysqlStatement::prepare(st_mysql *, const QString &, QSqlError *)
{
    return nullptr;
}
MysqlStatement::~MysqlStatement() = default;
bool MysqlStatement::exec(const QVariantList &) { return false; }
bool MysqlStatement::next() { return false; }
QVariant MysqlStatement::value(int) const { return {}; }
bool MysqlStatement::isNull(int) const { return true; }
void MysqlStatement::finish() {}
int MysqlStatement::numRowsAffected() const { return -1; }
QVariant MysqlStatement::lastInsertId() const { return {}; }
st_mysql *nativeMysqlHandle(const QSqlDatabase &) { return nullptr; }

#endif

} // namespace Quarry::Private
