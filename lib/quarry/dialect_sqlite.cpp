// SQLite (3.40, QSQLITE). Decisions (docs/dialects.md has the table for all backends):
// - Identifiers in "double quotes", embedded " doubled. Generated names are kept to 63
//   bytes like PostgreSQL's, so that every backend gets the same names.
// - Types follow SQLite's affinities: INTEGER for bool, every integer and Q_ENUM stored as
//   int; REAL for double; TEXT for strings, dates ('yyyy-MM-dd'), times ('HH:mm:ss.zzz'),
//   date-times (UTC, 'yyyy-MM-ddTHH:mm:ss.zzzZ'), UUIDs, JSON and enum names; BLOB for
//   bytes. Text formats sort in time order, so comparisons and ORDER BY work on them.
//   max_length is not enforced (SQLite ignores VARCHAR(n) anyway).
// - auto_increment is INTEGER PRIMARY KEY AUTOINCREMENT: the rowid alias, and AUTOINCREMENT
//   so that a deleted id is never handed out again, as on the servers.
// - Every connection turns foreign keys on (off by default in SQLite) and makes LIKE
//   case-sensitive, as it is on PostgreSQL and on MariaDB with utf8mb4_bin.
// - RETURNING exists since 3.35. NULLs sort first ascending and last descending already.
// - OFFSET needs a LIMIT: "LIMIT -1" means none. At most 32766 bound values (the
//   SQLITE_MAX_VARIABLE_NUMBER default since 3.32).
// - Errors: QSQLITE reports the extended result code (2067 for UNIQUE, ...), or the primary
//   one; a primary 19, or an extended code not listed, is told apart by the message. The
//   QSqlError type is ignored when there is a code: QSQLITE reports every failed step
//   ("Unable to fetch row") as a ConnectionError.

#include "dialects_p.h"

namespace Quarry::Private {

namespace {

// Result codes (https://sqlite.org/rescode.html).
enum SqliteCode {
    SqliteError = 1,
    SqliteBusy = 5,
    SqliteLocked = 6,
    SqliteCantOpen = 14,
    SqliteConstraint = 19,
    SqliteRange = 25,
    SqliteNotADatabase = 26,
    SqliteConstraintCheck = 275,
    SqliteConstraintForeignKey = 787,
    SqliteConstraintNotNull = 1299,
    SqliteConstraintPrimaryKey = 1555,
    SqliteConstraintUnique = 2067,
};

Error::Kind constraintKind(int code, const QString &message)
{
    switch (code) {
    case SqliteConstraintUnique:
    case SqliteConstraintPrimaryKey:
        return Error::UniqueViolation;
    case SqliteConstraintNotNull:
        return Error::NotNullViolation;
    case SqliteConstraintForeignKey:
        return Error::ForeignKeyViolation;
    case SqliteConstraintCheck:
        return Error::CheckViolation;
    default:
        break;
    }
    // The primary code 19 covers every kind; the message names it.
    if (message.contains(QLatin1String("UNIQUE constraint failed")) ||
        message.contains(QLatin1String("PRIMARY KEY must be unique")) ||
        message.contains(QLatin1String("is not unique")))
        return Error::UniqueViolation;
    if (message.contains(QLatin1String("NOT NULL constraint failed")) ||
        message.contains(QLatin1String("may not be NULL")))
        return Error::NotNullViolation;
    if (message.contains(QLatin1String("FOREIGN KEY constraint failed")))
        return Error::ForeignKeyViolation;
    if (message.contains(QLatin1String("CHECK constraint failed")))
        return Error::CheckViolation;
    return Error::DatabaseError;
}

bool isQueryMistake(const QString &message)
{
    static const char *const patterns[] = {
        "no such table",         "no such column",     "no such function",
        "no such index",         "syntax error",       "has no column named",
        "ambiguous column name", "already exists",     "wrong number of arguments",
        "incomplete input",      "unrecognized token",
    };
    for (const char *pattern : patterns) {
        if (message.contains(QLatin1String(pattern)))
            return true;
    }
    return false;
}

} // namespace

QString SqliteDialect::quote(const QString &identifier) const
{
    return quoteWith(identifier, QLatin1Char('"'));
}

QString SqliteDialect::columnType(const PropertyInfo &property) const
{
    switch (property.storage()) {
    case PropertyInfo::Storage::Bool:
    case PropertyInfo::Storage::Int32:
    case PropertyInfo::Storage::Int64:
    case PropertyInfo::Storage::UInt32:
    case PropertyInfo::Storage::EnumInt:
        return QStringLiteral("INTEGER");
    case PropertyInfo::Storage::Double:
        return QStringLiteral("REAL");
    case PropertyInfo::Storage::Bytes:
        return QStringLiteral("BLOB");
    case PropertyInfo::Storage::String:
    case PropertyInfo::Storage::Date:
    case PropertyInfo::Storage::Time:
    case PropertyInfo::Storage::DateTime:
    case PropertyInfo::Storage::Uuid:
    case PropertyInfo::Storage::JsonObject:
    case PropertyInfo::Storage::JsonArray:
    case PropertyInfo::Storage::JsonDocument:
    case PropertyInfo::Storage::EnumName:
        return QStringLiteral("TEXT");
    }
    return QStringLiteral("TEXT");
}

QStringList SqliteDialect::connectionSetup() const
{
    return {QStringLiteral("PRAGMA foreign_keys = ON"),
            QStringLiteral("PRAGMA case_sensitive_like = ON")};
}

Error::Kind SqliteDialect::classify(const QSqlError &error) const
{
    bool numeric = false;
    const int code = error.nativeErrorCode().toInt(&numeric);
    const QString message = error.text();
    if (!numeric)
        return isQueryMistake(message) ? Error::InvalidQuery : classifyWithoutCode(error);
    // The code decides alone: QSQLITE labels every failed step a ConnectionError.
    switch (code & 0xff) { // the primary code of an extended one
    case SqliteConstraint:
        return constraintKind(code, message);
    case SqliteBusy:
    case SqliteLocked:
        return Error::Busy;
    case SqliteCantOpen:
    case SqliteNotADatabase:
        return Error::ConnectionError;
    case SqliteRange:
        return Error::InvalidQuery;
    case SqliteError:
        return isQueryMistake(message) ? Error::InvalidQuery : Error::DatabaseError;
    default:
        return Error::DatabaseError;
    }
}

QString SqliteDialect::autoIncrementKey(const PropertyInfo &) const
{
    // Exactly this spelling: only "INTEGER PRIMARY KEY" aliases the rowid.
    return QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT");
}

QString SqliteDialect::offsetOnlyClause(qint64 offset) const
{
    return QLatin1String(" LIMIT -1 OFFSET ") + QString::number(offset);
}

QString SqliteDialect::jsonArrayElements(const PropertyInfo &property) const
{
    if (!travelsInJson(property.storage()))
        return {};
    return QStringLiteral("SELECT value FROM json_each(?)");
}

} // namespace Quarry::Private
