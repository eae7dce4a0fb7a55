#pragma once

// Private: the native SQLite fast path. QSQLITE hands out its sqlite3* (QSqlDriver::handle());
// Quarry's hot statements (the unit of work's INSERT/UPDATE/DELETE/SELECT by key and the
// SELECT of Query::all()) run on it directly through the sqlite3 C API: no QtSql
// placeholder renaming per bound value, no per-exec column set-up, UTF-8 text read
// without SQLite's UTF-16 conversion. The same connection and transaction as QtSql's
// statements; values come out as QSQLITE's would (qlonglong, double, QString,
// QByteArray, null), errors as QSqlErrors with the extended result code, so the dialect
// classifies them alike. Used only when the handle is proven to come from the very
// libsqlite3 Quarry links (see nativeSqliteHandle()); else everything goes through QtSql.

#include "nativestatement_p.h"

#include <QByteArray>
#include <QList>
#include <QStringEncoder>

#include <memory>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;
class QSqlDatabase;

namespace Quarry::Private {

class QUARRY_EXPORT SqliteStatement final : public NativeStatement
{
public:
    // Prepares `sql` on `db` (kept until the statement is destroyed). nullptr and *error
    // when SQLite refuses it.
    static std::unique_ptr<SqliteStatement> prepare(sqlite3 *db, const QString &sql,
                                                    QSqlError *error);
    ~SqliteStatement() override;

    // Binds `values` positionally (as QSQLITE binds them) and steps to the first row.
    bool exec(const QVariantList &values) override;
    bool next() override;
    QVariant value(int column) const override;
    bool isNull(int column) const override;
    // Ends the statement's use of the database (its read lock in autocommit mode).
    void finish() override;
    int numRowsAffected() const override;
    QVariant lastInsertId() const override;

private:
    SqliteStatement(sqlite3 *db, sqlite3_stmt *statement, const QString &sql);
    bool bind(const QVariant &value, int position);
    bool bindText(int position, const QString &text);

    enum class State : quint8 { Idle, FirstRowPending, OnRow, Done };
    sqlite3 *m_db;
    sqlite3_stmt *m_statement;
    // The bound values, kept alive while SQLite reads text and blobs from them in place.
    QVariantList m_bound;
    // The bound texts as UTF-8, written one after another into blocks that never move
    // until the next exec() (SQLite reads them in place): once the first rows have grown
    // them, binding a text costs no allocation.
    struct TextBlock {
        std::unique_ptr<char[]> bytes;
        qsizetype capacity = 0;
        qsizetype used = 0;
    };
    std::vector<TextBlock> m_textBlocks;
    size_t m_textBlock = 0; // the block texts go to now
    QStringEncoder m_utf8{QStringEncoder::Utf8, QStringEncoder::Flag::Stateless};
    State m_state = State::Idle;
};

// The sqlite3* of an open QSQLITE connection when the fast path is safe: the driver's
// handle, the QSQLITE plugin resolving the sqlite3 API to the same library Quarry links,
// and QUARRY_SQLITE_NATIVE not set to 0. Else nullptr (QtSql is used).
QUARRY_EXPORT sqlite3 *nativeSqliteHandle(const QSqlDatabase &database);

} // namespace Quarry::Private
