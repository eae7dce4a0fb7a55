#pragma once

// Private: the native PostgreSQL path. QPSQL hands out its PGconn* (QSqlDriver::handle());
// the statements Quarry runs most (the unit of work's and Query::all()'s, as on SQLite)
// run on it directly through libpq: one server-side prepared statement per SQL text
// (PQprepare once, PQexecPrepared after), values bound as text parameters instead of being
// formatted into an EXECUTE statement, and the whole result read at once instead of one
// PGresult per row (QPSQL's single-row mode for forward-only queries). Values are decoded
// from libpq's text by column type straight into what QPSQL would give (timestamps come
// out as UTC, which is what Quarry stores); errors carry the SQLSTATE like QPSQL's.
//
// Same connection and transaction as QtSql's statements. A statement's rows are held until
// finish() or the next exec(), so the connection is never left busy for QPSQL. Used only
// when the handle comes from the libpq Quarry links (see nativePostgresHandle()).

#include "nativestatement_p.h"

#include <QByteArray>
#include <QList>

#include <memory>

struct pg_conn;
struct pg_result;
class QSqlDatabase;

namespace Quarry::Private {

class QUARRY_EXPORT PostgresStatement final : public NativeStatement
{
public:
    // Prepares `sql` (with ? placeholders) on `connection`. nullptr and *error when the
    // server refuses it.
    static std::unique_ptr<PostgresStatement> prepare(pg_conn *connection, const QString &sql,
                                                      QSqlError *error);
    // Deallocates the server-side statement while the connection can still take commands.
    ~PostgresStatement() override;

    bool exec(const QVariantList &values) override;
    bool next() override;
    QVariant value(int column) const override;
    bool isNull(int column) const override;
    void finish() override;
    int numRowsAffected() const override;
    // PostgreSQL reports keys through RETURNING only.
    QVariant lastInsertId() const override { return {}; }
    void abandon() override;

private:
    PostgresStatement(pg_conn *connection, const QString &sql, const QByteArray &name);
    bool onRow(int column) const;

    pg_conn *m_connection;
    QByteArray m_name;
    pg_result *m_result = nullptr;
    QList<unsigned int> m_types; // column type OIDs, known after the first exec()
    int m_row = -1;
    int m_rows = 0;
};

// "... = ? AND ... = ?" -> "... = $1 AND ... = $2", leaving quoted text and identifiers
// alone. Public for the tests.
QUARRY_EXPORT QByteArray numberedPlaceholders(const QString &sql, int *count);

// The PGconn* of an open QPSQL connection when the native path may use it: libpq linked
// at build time and QUARRY_POSTGRESQL_NATIVE not set to 0. Else nullptr (QtSql is used).
QUARRY_EXPORT pg_conn *nativePostgresHandle(const QSqlDatabase &database);

} // namespace Quarry::Private
