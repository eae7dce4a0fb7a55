#pragma once

// Private: the native MariaDB/MySQL path. QMYSQL hands out its MYSQL* (QSqlDriver::handle());
// the statements Quarry runs most (the unit of work's and Query::all()'s, as on SQLite and
// PostgreSQL) run on it directly through the client library's prepared-statement API:
// values bound from the QVariants in place, results fetched in the binary protocol into
// buffers of the column's own type (integers, doubles and date-times are never text), and
// decoded into what QMYSQL would give (date-times as UTC, which is what Quarry stores).
//
// Same connection and transaction as QtSql's statements. Every result is stored on the
// client (mysql_stmt_store_result) before exec() returns, as QMYSQL does for prepared
// statements, so the connection is free for the next statement whatever is left unread.
// Used only when the handle comes from the client library Quarry links (see
// nativeMysqlHandle()).

#include "nativestatement_p.h"

#include <QByteArray>
#include <QHash>

#include <memory>
#include <vector>

struct st_mysql;
struct st_mysql_stmt;
struct st_mysql_bind;
class QSqlDatabase;

namespace Quarry::Private {

class QUARRY_EXPORT MysqlStatement final : public NativeStatement
{
public:
    // Prepares `sql` (with ? placeholders) on `connection`. nullptr and *error when the
    // server refuses it.
    static std::unique_ptr<MysqlStatement> prepare(st_mysql *connection, const QString &sql,
                                                   QSqlError *error);
    ~MysqlStatement() override;

    bool exec(const QVariantList &values) override;
    bool next() override;
    QVariant value(int column) const override;
    bool isNull(int column) const override;
    void finish() override;
    int numRowsAffected() const override;
    QVariant lastInsertId() const override;

private:
    MysqlStatement(st_mysql_stmt *statement, const QString &sql);
    bool bindResult();
    void setError(const QString &driverText);

    // One result column: where the binary protocol puts its value.
    struct Column {
        int type = 0;              // enum_field_types of the column
        int bufferType = 0;        // enum_field_types it is fetched as
        bool isUnsigned = false;
        bool isBinary = false;     // bytes (charset 63), not text
        std::vector<char> buffer;  // numbers, MYSQL_TIME, or the first bytes of text
        unsigned long length = 0;
        char isNull = 0;           // my_bool
        char truncated = 0;        // my_bool: text longer than the buffer
    };

    st_mysql_stmt *m_statement;
    std::vector<Column> m_columns;
    std::vector<st_mysql_bind> m_resultBinds;
    // Text longer than its column's buffer, fetched whole for the current row.
    QHash<int, QByteArray> m_longValues;
    bool m_hasResult = false;
    bool m_onRow = false;
};

// The MYSQL* of an open QMYSQL connection when the native path may use it: the client
// library linked at build time and QUARRY_MYSQL_NATIVE not set to 0. Else nullptr.
QUARRY_EXPORT st_mysql *nativeMysqlHandle(const QSqlDatabase &database);

} // namespace Quarry::Private
