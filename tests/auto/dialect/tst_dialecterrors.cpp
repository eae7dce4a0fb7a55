// How each dialect maps a driver's native error (SQLite result code, PostgreSQL SQLSTATE,
// MySQL errno) and message to a portable Error kind. The rows use the codes, types and
// messages QSQLITE, QPSQL and QMYSQL (Qt 6.4) really report.

#include "dialecttest.h"

#include <QSqlError>

using namespace DialectTest;
using Quarry::Error;
using Quarry::Private::Dialect;

class tst_DialectErrors : public QObject {
    Q_OBJECT

private slots:
    void shouldClassifyErrors_data();
    void shouldClassifyErrors();
};

void tst_DialectErrors::shouldClassifyErrors_data()
{
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("type"); // QSqlError::ErrorType
    QTest::addColumn<Error::Kind>("expected");

    const int statement = QSqlError::StatementError;
    const auto row = [](Backend backend, const char *code, const char *message, int type,
                        Error::Kind expected) {
        QTest::addRow("%s %s: %s", backendName(backend), code, message)
            << backend << QString::fromLatin1(code) << QString::fromLatin1(message) << type
            << expected;
    };
    const Backend sqlite = Backend::SQLite;
    row(sqlite, "19", "UNIQUE constraint failed: users.username", statement,
        Error::UniqueViolation);
    row(sqlite, "19", "UNIQUE constraint failed: users.id", statement, Error::UniqueViolation);
    row(sqlite, "19", "NOT NULL constraint failed: users.email", statement,
        Error::NotNullViolation);
    row(sqlite, "19", "FOREIGN KEY constraint failed", statement, Error::ForeignKeyViolation);
    row(sqlite, "19", "CHECK constraint failed: positive", statement, Error::CheckViolation);
    row(sqlite, "2067", "UNIQUE constraint failed: t.x", statement, Error::UniqueViolation);
    row(sqlite, "1555", "UNIQUE constraint failed: t.id", statement, Error::UniqueViolation);
    row(sqlite, "1299", "NOT NULL constraint failed: t.x", statement, Error::NotNullViolation);
    row(sqlite, "787", "FOREIGN KEY constraint failed", statement, Error::ForeignKeyViolation);
    row(sqlite, "275", "CHECK constraint failed: c", statement, Error::CheckViolation);
    // QSQLITE reports a failed step as a ConnectionError ("Unable to fetch row"): the code
    // decides.
    const int fetch = QSqlError::ConnectionError;
    row(sqlite, "2067", "UNIQUE constraint failed: books.isbn Unable to fetch row", fetch,
        Error::UniqueViolation);
    row(sqlite, "1811", "FOREIGN KEY constraint failed Unable to fetch row", fetch,
        Error::ForeignKeyViolation);
    row(sqlite, "8", "attempt to write a readonly database", fetch, Error::DatabaseError);
    row(sqlite, "5", "database is locked", statement, Error::Busy);
    row(sqlite, "6", "database table is locked", statement, Error::Busy);
    row(sqlite, "517", "database is locked", statement, Error::Busy); // BUSY_SNAPSHOT
    row(sqlite, "1", "no such table: nowhere", statement, Error::InvalidQuery);
    row(sqlite, "1", "no such column: nothing", statement, Error::InvalidQuery);
    row(sqlite, "1", "near \"SELEC\": syntax error", statement, Error::InvalidQuery);
    row(sqlite, "14", "unable to open database file", statement, Error::ConnectionError);
    row(sqlite, "", "Error opening database", QSqlError::ConnectionError, Error::ConnectionError);
    row(sqlite, "", "Parameter count mismatch", statement, Error::InvalidQuery);
    row(sqlite, "8", "attempt to write a readonly database", statement, Error::DatabaseError);

    const Backend pg = Backend::PostgreSQL;
    row(pg, "23505", "duplicate key value violates unique constraint", statement,
        Error::UniqueViolation);
    row(pg, "23502", "null value in column violates not-null constraint", statement,
        Error::NotNullViolation);
    row(pg, "23503", "insert or update violates foreign key constraint", statement,
        Error::ForeignKeyViolation);
    row(pg, "23514", "new row violates check constraint", statement, Error::CheckViolation);
    row(pg, "40P01", "deadlock detected", statement, Error::Busy);
    row(pg, "40001", "could not serialize access", statement, Error::Busy);
    row(pg, "55P03", "could not obtain lock", statement, Error::Busy);
    row(pg, "08006", "connection failure", statement, Error::ConnectionError);
    row(pg, "57P01", "terminating connection due to administrator command", statement,
        Error::ConnectionError);
    row(pg, "28P01", "password authentication failed", statement, Error::ConnectionError);
    row(pg, "42P01", "relation \"nowhere\" does not exist", statement, Error::InvalidQuery);
    row(pg, "42601", "syntax error at or near", statement, Error::InvalidQuery);
    row(pg, "22P02", "invalid input syntax for type integer", statement, Error::InvalidQuery);
    row(pg, "22001", "value too long for type character varying(5)", statement,
        Error::InvalidQuery);
    row(pg, "", "server closed the connection unexpectedly", statement, Error::ConnectionError);
    row(pg, "", "no connection to the server", QSqlError::TransactionError, Error::ConnectionError);
    row(pg, "", "could not connect to server: Connection refused", QSqlError::ConnectionError,
        Error::ConnectionError);
    row(pg, "25P02", "current transaction is aborted", statement, Error::DatabaseError);

    const Backend my = Backend::MySQL;
    row(my, "1062", "Duplicate entry 'x' for key 'uq_users_username'", statement,
        Error::UniqueViolation);
    row(my, "1586", "Duplicate entry 'x' for key", statement, Error::UniqueViolation);
    row(my, "1048", "Column 'email' cannot be null", statement, Error::NotNullViolation);
    row(my, "1364", "Field 'email' doesn't have a default value", statement,
        Error::NotNullViolation);
    row(my, "1451", "Cannot delete or update a parent row", statement, Error::ForeignKeyViolation);
    row(my, "1452", "Cannot add or update a child row", statement, Error::ForeignKeyViolation);
    row(my, "4025", "CONSTRAINT `positive` failed", statement, Error::CheckViolation);
    row(my, "3819", "Check constraint 'positive' is violated", statement, Error::CheckViolation);
    row(my, "1205", "Lock wait timeout exceeded", statement, Error::Busy);
    row(my, "1213", "Deadlock found when trying to get lock", statement, Error::Busy);
    row(my, "2006", "MySQL server has gone away", statement, Error::ConnectionError);
    row(my, "2013", "Lost connection to MySQL server during query", statement,
        Error::ConnectionError);
    row(my, "1927", "Connection was killed", statement, Error::ConnectionError);
    row(my, "1045", "Access denied for user", QSqlError::ConnectionError, Error::ConnectionError);
    row(my, "1049", "Unknown database 'nowhere'", statement, Error::ConnectionError);
    row(my, "1064", "You have an error in your SQL syntax", statement, Error::InvalidQuery);
    row(my, "1146", "Table 'db.nowhere' doesn't exist", statement, Error::InvalidQuery);
    row(my, "1054", "Unknown column 'nothing' in 'field list'", statement, Error::InvalidQuery);
    row(my, "1406", "Data too long for column 'name'", statement, Error::InvalidQuery);
    row(my, "1292", "Incorrect datetime value", statement, Error::InvalidQuery);
    row(my, "1030", "Got error from storage engine", statement, Error::DatabaseError);
}

void tst_DialectErrors::shouldClassifyErrors()
{
    QFETCH(Backend, backend);
    QFETCH(QString, code);
    QFETCH(QString, message);
    QFETCH(int, type);
    QFETCH(Error::Kind, expected);
    const QSqlError error(QStringLiteral("driver text"), message,
                          static_cast<QSqlError::ErrorType>(type), code);
    QCOMPARE(Error::kindName(Dialect::forBackend(backend)->classify(error)),
             Error::kindName(expected));
}

QTEST_GUILESS_MAIN(tst_DialectErrors)
#include "tst_dialecterrors.moc"
