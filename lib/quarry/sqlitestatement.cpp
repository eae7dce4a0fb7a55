#include "sqlitestatement_p.h"

#include "driverplugin_p.h"
#include "logging_p.h"
#include "nullvalue_p.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QTime>

#include <algorithm>
#include <cstring>

#ifdef QUARRY_HAVE_SQLITE3
#include <sqlite3.h>
#endif

namespace Quarry::Private {

#ifdef QUARRY_HAVE_SQLITE3

namespace {

QSqlError sqliteError(sqlite3 *db, const QString &driverText, QSqlError::ErrorType type)
{
    return QSqlError(driverText, QString::fromUtf8(sqlite3_errmsg(db)), type,
                     QString::number(sqlite3_extended_errcode(db)));
}

bool nativePathAllowed()
{
    static const bool allowed = [] {
        if (qEnvironmentVariableIsSet("QUARRY_SQLITE_NATIVE")
            && qEnvironmentVariableIntValue("QUARRY_SQLITE_NATIVE") == 0) {
            qCDebug(lcQuarrySql) << "native SQLite path off (QUARRY_SQLITE_NATIVE=0)";
            return false;
        }
        // The plugin's sqlite3_step must be ours: one with SQLite compiled in would not be.
        const bool same = driverPluginResolvesTo("libqsqlite", "sqlite3_step",
                                                 reinterpret_cast<const void *>(&sqlite3_step));
        if (!same)
            qCDebug(lcQuarrySql).noquote()
                << "native SQLite path off: the QSQLITE plugin does not call the libsqlite3"
                << sqlite3_libversion() << "Quarry links";
        return same;
    }();
    return allowed;
}

} // namespace

std::unique_ptr<SqliteStatement> SqliteStatement::prepare(sqlite3 *db, const QString &sql,
                                                          QSqlError *error)
{
    sqlite3_stmt *statement = nullptr;
    const QByteArray text = sql.toUtf8();
    const int result = sqlite3_prepare_v3(db, text.constData(), int(text.size()),
                                          SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (result != SQLITE_OK) {
        *error = sqliteError(db, QStringLiteral("Unable to execute statement"),
                             QSqlError::StatementError);
        sqlite3_finalize(statement);
        return nullptr;
    }
    return std::unique_ptr<SqliteStatement>(new SqliteStatement(db, statement, sql));
}

SqliteStatement::SqliteStatement(sqlite3 *db, sqlite3_stmt *statement, const QString &sql)
    : NativeStatement(sql), m_db(db), m_statement(statement)
{
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

bool SqliteStatement::bind(const QVariant &value, int position)
{
    // As QSQLITE: a null QString/QByteArray, an invalid date or time... is NULL (Qt 6's
    // QVariant::isNull() alone does not look inside).
    if (isNullValue(value))
        return sqlite3_bind_null(m_statement, position) == SQLITE_OK;
    switch (value.typeId()) {
    case QMetaType::QByteArray: {
        const auto *bytes = static_cast<const QByteArray *>(value.constData());
        return sqlite3_bind_blob(m_statement, position, bytes->constData(), int(bytes->size()),
                                 SQLITE_STATIC) == SQLITE_OK;
    }
    // Numbers read in place: a QVariant conversion call per bound value costs more than
    // the bind.
    case QMetaType::Int:
        return sqlite3_bind_int(m_statement, position, *static_cast<const int *>(value.constData()))
            == SQLITE_OK;
    case QMetaType::Bool:
        return sqlite3_bind_int(m_statement, position, *static_cast<const bool *>(value.constData()))
            == SQLITE_OK;
    case QMetaType::Double:
        return sqlite3_bind_double(m_statement, position,
                                   *static_cast<const double *>(value.constData()))
            == SQLITE_OK;
    case QMetaType::UInt:
        return sqlite3_bind_int64(m_statement, position,
                                  *static_cast<const uint *>(value.constData()))
            == SQLITE_OK;
    case QMetaType::LongLong:
        return sqlite3_bind_int64(m_statement, position,
                                  *static_cast<const qlonglong *>(value.constData()))
            == SQLITE_OK;
    case QMetaType::QDateTime:
        return bindText(position, value.toDateTime().toString(Qt::ISODateWithMs));
    case QMetaType::QTime:
        return bindText(position, value.toTime().toString(QStringLiteral("hh:mm:ss.zzz")));
    case QMetaType::QString:
        return bindText(position, *static_cast<const QString *>(value.constData()));
    default:
        return bindText(position, value.toString());
    }
}

bool SqliteStatement::bindText(int position, const QString &text)
{
    // As UTF-8, the encoding SQLite stores: bound as UTF-16 (as QSQLITE does), SQLite
    // converts every string itself while stepping, at about three times the cost of Qt's
    // conversion (W1: ~850 instructions per string).
    constexpr qsizetype minimumBlock = 4096;
    const qsizetype needed = m_utf8.requiredSpace(text.size());
    while (m_textBlock < m_textBlocks.size()
           && m_textBlocks[m_textBlock].capacity - m_textBlocks[m_textBlock].used < needed)
        ++m_textBlock;
    if (m_textBlock == m_textBlocks.size()) {
        const qsizetype capacity = std::max(needed, minimumBlock);
        m_textBlocks.push_back({std::make_unique<char[]>(size_t(capacity)), capacity, 0});
    }
    TextBlock &block = m_textBlocks[m_textBlock];
    char *start = block.bytes.get() + block.used;
    char *end = m_utf8.appendToBuffer(start, text);
    block.used = end - block.bytes.get();
    return sqlite3_bind_text(m_statement, position, start, int(end - start), SQLITE_STATIC)
        == SQLITE_OK;
}

bool SqliteStatement::exec(const QVariantList &values)
{
    sqlite3_reset(m_statement); // reports the previous run's error again: not ours
    if (m_error.type() != QSqlError::NoError)
        m_error = QSqlError(); // only then: a QSqlError allocates, and this runs per row
    m_state = State::Idle;
    if (values.size() != sqlite3_bind_parameter_count(m_statement)) {
        m_error = QSqlError(QStringLiteral("Parameter count mismatch"), QString(),
                            QSqlError::StatementError);
        return false;
    }
    m_bound = values;
    for (TextBlock &block : m_textBlocks) // kept for the next row
        block.used = 0;
    m_textBlock = 0;
    for (int i = 0; i < m_bound.size(); ++i) {
        if (!bind(m_bound.at(i), i + 1)) {
            m_error = sqliteError(m_db, QStringLiteral("Unable to bind parameters"),
                                  QSqlError::StatementError);
            return false;
        }
    }
    switch (sqlite3_step(m_statement)) {
    case SQLITE_ROW:
        m_state = State::FirstRowPending;
        return true;
    case SQLITE_DONE:
        m_state = State::Done;
        return true;
    default:
        sqlite3_reset(m_statement);
        m_error = sqliteError(m_db, QStringLiteral("Unable to fetch row"),
                              QSqlError::ConnectionError);
        return false;
    }
}

bool SqliteStatement::next()
{
    switch (m_state) {
    case State::FirstRowPending:
        m_state = State::OnRow;
        return true;
    case State::OnRow:
        break;
    case State::Idle:
    case State::Done:
        return false;
    }
    const int result = sqlite3_step(m_statement);
    if (result == SQLITE_ROW)
        return true;
    m_state = State::Done;
    if (result != SQLITE_DONE) {
        sqlite3_reset(m_statement);
        m_error = sqliteError(m_db, QStringLiteral("Unable to fetch row"),
                              QSqlError::ConnectionError);
        qCWarning(lcQuarrySql).noquote() << "reading rows failed:" << m_error.text();
    }
    return false;
}

QVariant SqliteStatement::value(int column) const
{
    if (m_state != State::OnRow || column < 0 || column >= sqlite3_column_count(m_statement))
        return {};
    switch (sqlite3_column_type(m_statement, column)) {
    case SQLITE_INTEGER:
        return QVariant(qlonglong(sqlite3_column_int64(m_statement, column)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(m_statement, column));
    case SQLITE_NULL:
        return {};
    case SQLITE_BLOB: {
        const void *data = sqlite3_column_blob(m_statement, column);
        return QByteArray(static_cast<const char *>(data), sqlite3_column_bytes(m_statement, column));
    }
    default: {
        // UTF-8 as stored (the database's encoding): Qt's decoder is faster than SQLite's
        // conversion to UTF-16, which also allocates.
        const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
        return QString::fromUtf8(text, sqlite3_column_bytes(m_statement, column));
    }
    }
}

bool SqliteStatement::isNull(int column) const
{
    return m_state != State::OnRow || column < 0 || column >= sqlite3_column_count(m_statement)
        || sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

void SqliteStatement::finish()
{
    if (m_state != State::Idle)
        sqlite3_reset(m_statement);
    m_state = State::Idle;
}

int SqliteStatement::numRowsAffected() const
{
    return sqlite3_changes(m_db);
}

QVariant SqliteStatement::lastInsertId() const
{
    const qint64 id = sqlite3_last_insert_rowid(m_db);
    return id ? QVariant(id) : QVariant();
}

sqlite3 *nativeSqliteHandle(const QSqlDatabase &database)
{
    const QSqlDriver *driver = database.driver();
    if (!driver || !database.isOpen() || database.driverName() != QLatin1String("QSQLITE"))
        return nullptr;
    const QVariant handle = driver->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    if (!nativePathAllowed())
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

#else // without the sqlite3 headers at build time: QtSql only

std::unique_ptr<SqliteStatement> SqliteStatement::prepare(sqlite3 *, const QString &, QSqlError *)
{
    return nullptr;
}
SqliteStatement::~SqliteStatement() = default;
bool SqliteStatement::exec(const QVariantList &) { return false; }
bool SqliteStatement::next() { return false; }
QVariant SqliteStatement::value(int) const { return {}; }
bool SqliteStatement::isNull(int) const { return true; }
void SqliteStatement::finish() {}
int SqliteStatement::numRowsAffected() const { return -1; }
QVariant SqliteStatement::lastInsertId() const { return {}; }
sqlite3 *nativeSqliteHandle(const QSqlDatabase &) { return nullptr; }

#endif

} // namespace Quarry::Private
