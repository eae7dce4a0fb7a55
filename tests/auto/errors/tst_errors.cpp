// Errors are typed the same way on every backend: each constraint violation, bad SQL,
// bad URL and refused connection is provoked for real and its Error::Kind asserted, with
// a message and the driver's native code (SQLite extended result code, PostgreSQL
// SQLSTATE, MariaDB errno) kept in sqlError(). And a commit the database refuses leaves
// every object pending, so that fixing the cause and committing again works.

#include "quarrytest.h"

#include <quarry/database.h>
#include <quarry/session.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

#include <algorithm>

using namespace Quarry;

class Account : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "accounts")
    Q_CLASSINFO("username", "unique max_length=50")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString username MEMBER m_username NOTIFY changed)
public:
    Q_INVOKABLE explicit Account(QObject *parent = nullptr) : QObject(parent) {}
    explicit Account(const QString &username) : m_username(username) {}
    qint64 m_id = 0;
    QString m_username;
signals:
    void changed();
};

class Parent : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "parents")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
public:
    Q_INVOKABLE explicit Parent(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_name = QStringLiteral("parent");
signals:
    void changed();
};

class Child : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "children")
    Q_CLASSINFO("parentId", "references=Parent on_delete=restrict")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(qint64 parentId MEMBER m_parentId NOTIFY changed)
public:
    Q_INVOKABLE explicit Child(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    qint64 m_parentId = 0;
signals:
    void changed();
};

namespace {

// The native codes a backend reports for a kind. SQLite: QSQLITE gives extended result
// codes (2067 SQLITE_CONSTRAINT_UNIQUE, ...); PostgreSQL: SQLSTATE; MariaDB: errno.
QStringList nativeCodes(Database::Backend backend, Error::Kind kind)
{
    const bool sqlite = backend == Database::Backend::SQLite;
    const bool postgres = backend == Database::Backend::PostgreSQL;
    switch (kind) {
    case Error::UniqueViolation:
        return sqlite     ? QStringList{"2067"}
               : postgres ? QStringList{"23505"}
                          : QStringList{"1062"};
    case Error::NotNullViolation:
        return sqlite     ? QStringList{"1299"}
               : postgres ? QStringList{"23502"}
                          : QStringList{"1048"};
    case Error::ForeignKeyViolation:
        // 1811 SQLITE_CONSTRAINT_TRIGGER: what SQLite reports for ON DELETE RESTRICT
        return sqlite     ? QStringList{"787", "1811"}
               : postgres ? QStringList{"23503", "23001"}
                          : QStringList{"1451", "1452"};
    case Error::CheckViolation:
        return sqlite     ? QStringList{"275"}
               : postgres ? QStringList{"23514"}
                          : QStringList{"4025", "3819"};
    case Error::InvalidQuery:
        return sqlite     ? QStringList{"1"}
               : postgres ? QStringList{"42601", "42P01", "42703"}
                          : QStringList{"1064", "1146", "1054"};
    default:
        return {};
    }
}

// Empty when `error` is of `kind`, has a message and carries one of the backend's native
// codes for that kind; else what is wrong, for QVERIFY2.
QString checkError(const Error &error, Error::Kind kind, Database::Backend backend)
{
    QStringList problems;
    if (error.kind() != kind)
        problems << QStringLiteral("kind %1, expected %2")
                        .arg(Error::kindName(error.kind()), Error::kindName(kind));
    if (error.message().trimmed().isEmpty())
        problems << QStringLiteral("empty message");
    const QString code = error.sqlError().nativeErrorCode();
    const QStringList expected = nativeCodes(backend, kind);
    if (!expected.isEmpty() && !expected.contains(code))
        problems << QStringLiteral("native code '%1', expected one of %2")
                        .arg(code, expected.join(QLatin1String(", ")));
    if (problems.isEmpty())
        return {};
    return problems.join(QLatin1String("; ")) + QStringLiteral(" (") + error.toString() +
           QLatin1Char(')');
}

#define VERIFY_ERROR(error, kind, backend)                                                         \
    do {                                                                                           \
        const QString problem = checkError((error), (kind), (backend));                            \
        QVERIFY2(problem.isEmpty(), qPrintable(problem));                                          \
    } while (false)

// The number of rows in `table`, read by a session of its own; -1 on error.
qint64 countRows(const Database &db, const QString &table)
{
    Session reader(db);
    bool ok = false;
    const QList<QVariantList> rows =
        reader.execute(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table), {}, &ok);
    return ok && rows.size() == 1 ? rows.at(0).at(0).toLongLong() : -1;
}

// The server rows only (wrong credentials need a server); "url" holds the server URL.
void addServerRows(const char *suffix, const QString &user, const QString &password,
                   const QString &database)
{
    for (const QuarryTest::Backend &backend : QuarryTest::backends()) {
        if (backend.name == QLatin1String("sqlite"))
            continue;
        QTest::addRow("%s%s", qPrintable(backend.name), suffix)
            << backend.url << user << password << database;
    }
}

} // namespace

class tst_Errors : public QObject {
    Q_OBJECT

private:
    static void addBackends()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }
    static Database openDatabase(const QString &url)
    {
        Database db = Database::open(url);
        if (!db.isValid() || !db.registerEntities<Account, Parent, Child>() || !db.createAll())
            qWarning() << db.lastError();
        return db;
    }

private slots:
    void shouldReportUniqueViolation_data() { addBackends(); }
    void shouldReportUniqueViolation();
    void shouldReportNotNullViolation_data() { addBackends(); }
    void shouldReportNotNullViolation();
    void shouldReportForeignKeyViolationForAMissingParent_data() { addBackends(); }
    void shouldReportForeignKeyViolationForAMissingParent();
    void shouldReportForeignKeyViolationForARestrictedDelete_data() { addBackends(); }
    void shouldReportForeignKeyViolationForARestrictedDelete();
    void shouldReportCheckViolation_data() { addBackends(); }
    void shouldReportCheckViolation();
    void shouldReportInvalidQuery_data();
    void shouldReportInvalidQuery();

    void shouldRefuseMalformedUrls_data();
    void shouldRefuseMalformedUrls();
    void shouldReportAnUnreachableServerFast_data();
    void shouldReportAnUnreachableServerFast();
    void shouldReportRefusedCredentials_data();
    void shouldReportRefusedCredentials();

    void shouldKeepEveryObjectPendingAfterAFailedCommit_data() { addBackends(); }
    void shouldKeepEveryObjectPendingAfterAFailedCommit();
};

void tst_Errors::shouldReportUniqueViolation()
{
    // Given a committed account
    QUARRY_FRESH_URL(databaseUrl);
    Database db = openDatabase(databaseUrl);
    QUARRY_VERIFY(db.isValid(), db);
    Session session(db);
    QUARRY_VERIFY(session.add(new Account(QStringLiteral("john_doe"))), session);
    QUARRY_VERIFY(session.commit(), session);

    // When another one with the same unique username is committed
    QSignalSpy errors(&session, &Session::errorOccurred);
    QUARRY_VERIFY(session.add(new Account(QStringLiteral("john_doe"))), session);
    QVERIFY(!session.commit());

    // Then it is a unique violation, with the failing statement, also signalled
    VERIFY_ERROR(session.lastError(), Error::UniqueViolation, db.backend());
    QVERIFY2(session.lastError().sql().contains(QLatin1String("INSERT")),
             qPrintable(session.lastError().sql()));
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.at(0).at(0).value<Error>().kind(), Error::UniqueViolation);
    QCOMPARE(countRows(db, QStringLiteral("accounts")), qint64(1));
}

void tst_Errors::shouldReportNotNullViolation()
{
    // Given an account without a username (a null QString is NULL)
    QUARRY_FRESH_URL(databaseUrl);
    Database db = openDatabase(databaseUrl);
    QUARRY_VERIFY(db.isValid(), db);
    Session session(db);
    QUARRY_VERIFY(session.add(new Account(QString())), session);

    // When it is committed, then the NOT NULL column refuses it
    QVERIFY(!session.commit());
    VERIFY_ERROR(session.lastError(), Error::NotNullViolation, db.backend());

    // And the same through raw SQL
    bool ok = true;
    session.execute(QStringLiteral("INSERT INTO accounts (username) VALUES (?)"),
                    {QVariant(QMetaType::fromType<QString>())}, &ok);
    QVERIFY(!ok);
    VERIFY_ERROR(session.lastError(), Error::NotNullViolation, db.backend());
}

void tst_Errors::shouldReportForeignKeyViolationForAMissingParent()
{
    // Given a child that references a parent that does not exist
    QUARRY_FRESH_URL(databaseUrl);
    Database db = openDatabase(databaseUrl);
    QUARRY_VERIFY(db.isValid(), db);
    Session session(db);
    auto *child = new Child;
    child->m_parentId = 999;
    QUARRY_VERIFY(session.add(child), session);

    // When it is committed, then the foreign key refuses it
    QVERIFY(!session.commit());
    VERIFY_ERROR(session.lastError(), Error::ForeignKeyViolation, db.backend());
    QCOMPARE(countRows(db, QStringLiteral("children")), qint64(0));
}

void tst_Errors::shouldReportForeignKeyViolationForARestrictedDelete()
{
    // Given a parent with a child whose key says ON DELETE RESTRICT
    QUARRY_FRESH_URL(databaseUrl);
    Database db = openDatabase(databaseUrl);
    QUARRY_VERIFY(db.isValid(), db);
    Session session(db);
    auto *parent = new Parent;
    QUARRY_VERIFY(session.add(parent), session);
    QUARRY_VERIFY(session.commit(), session);
    auto *child = new Child;
    child->m_parentId = parent->m_id;
    QUARRY_VERIFY(session.add(child), session);
    QUARRY_VERIFY(session.commit(), session);

    // When the parent is deleted
    QUARRY_VERIFY(session.remove(parent), session);
    QVERIFY(!session.commit());

    // Then the foreign key refuses it and the parent is still there
    VERIFY_ERROR(session.lastError(), Error::ForeignKeyViolation, db.backend());
    QCOMPARE(countRows(db, QStringLiteral("parents")), qint64(1));
    QVERIFY(session.isDirty(parent)); // still scheduled for deletion
}

void tst_Errors::shouldReportCheckViolation()
{
    // Given a table with a CHECK constraint, created with raw SQL
    QUARRY_FRESH_URL(databaseUrl);
    Database db = Database::open(databaseUrl);
    QUARRY_VERIFY(db.isValid(), db);
    QUARRY_VERIFY(db.execute(QStringLiteral("CREATE TABLE payments (id INTEGER PRIMARY KEY, "
                                            "amount INTEGER NOT NULL CHECK (amount > 0))")),
                  db);

    // When a row breaking it is inserted through a session
    Session session(db);
    bool ok = true;
    session.execute(QStringLiteral("INSERT INTO payments (id, amount) VALUES (?, ?)"), {1, -5},
                    &ok);

    // Then it is a check violation
    QVERIFY(!ok);
    VERIFY_ERROR(session.lastError(), Error::CheckViolation, db.backend());

    // And through the database's own connection too
    QVERIFY(!db.execute(QStringLiteral("INSERT INTO payments (id, amount) VALUES (?, ?)"), {2, 0}));
    VERIFY_ERROR(db.lastError(), Error::CheckViolation, db.backend());
}

void tst_Errors::shouldReportInvalidQuery_data()
{
    QuarryTest::addBackendColumn();
    QTest::addColumn<QString>("sql");
    QuarryTest::addBackendRows("/syntax error", QStringLiteral("SELEC id FROM accounts"));
    QuarryTest::addBackendRows("/unknown table", QStringLiteral("SELECT * FROM no_such_table"));
    QuarryTest::addBackendRows("/unknown column",
                               QStringLiteral("SELECT no_such_column FROM accounts"));
}

void tst_Errors::shouldReportInvalidQuery()
{
    // Given a database
    QUARRY_FRESH_URL(databaseUrl);
    QFETCH(QString, sql);
    Database db = openDatabase(databaseUrl);
    QUARRY_VERIFY(db.isValid(), db);

    // When bad SQL runs on the database's connection, then it is an invalid query
    QVERIFY(!db.execute(sql));
    VERIFY_ERROR(db.lastError(), Error::InvalidQuery, db.backend());
    QCOMPARE(db.lastError().sql(), sql);

    // And in a session
    Session session(db);
    bool ok = true;
    session.execute(sql, {}, &ok);
    QVERIFY(!ok);
    VERIFY_ERROR(session.lastError(), Error::InvalidQuery, db.backend());

    // And both still work afterwards
    QUARRY_VERIFY(db.execute(QStringLiteral("SELECT 1")), db);
    session.execute(QStringLiteral("SELECT 1"), {}, &ok);
    QUARRY_VERIFY(ok, session);
}

void tst_Errors::shouldRefuseMalformedUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<Error::Kind>("kind");
    QTest::newRow("sqlite with one slash") << QStringLiteral("sqlite:/x") << Error::InvalidQuery;
    QTest::newRow("sqlite with a host")
        << QStringLiteral("sqlite://host/x.db") << Error::InvalidQuery;
    QTest::newRow("postgresql without host")
        << QStringLiteral("postgresql://") << Error::InvalidQuery;
    QTest::newRow("postgresql without database")
        << QStringLiteral("postgresql://u:s3cret@localhost") << Error::InvalidQuery;
    QTest::newRow("mysql with a bad port")
        << QStringLiteral("mysql://u:s3cret@localhost:notaport/db") << Error::InvalidQuery;
    QTest::newRow("no scheme") << QStringLiteral("just-a-file.db") << Error::InvalidQuery;
    QTest::newRow("empty") << QString() << Error::InvalidQuery;
    QTest::newRow("unknown scheme") << QStringLiteral("foo://x") << Error::Unsupported;
    QTest::newRow("oracle") << QStringLiteral("oracle://u:s3cret@host/db") << Error::Unsupported;
}

void tst_Errors::shouldRefuseMalformedUrls()
{
    // Given a malformed URL
    QFETCH(QString, url);
    QFETCH(Error::Kind, kind);

    // When it is opened, then the database is not valid and says why
    Database db = Database::open(url);
    QVERIFY(!db.isValid());
    QCOMPARE(db.lastError().kind(), kind);
    QVERIFY(!db.lastError().message().isEmpty());
    // without the password, which messages must never show
    QVERIFY2(!db.lastError().toString().contains(QLatin1String("s3cret")),
             qPrintable(db.lastError().toString()));

    // And using it fails without a crash
    QVERIFY(!db.execute(QStringLiteral("SELECT 1")));
    QVERIFY(!db.createAll());
    Session session(db);
    bool ok = true;
    session.execute(QStringLiteral("SELECT 1"), {}, &ok);
    QVERIFY(!ok);
    QVERIFY(session.lastError().isValid());
}

void tst_Errors::shouldReportAnUnreachableServerFast_data()
{
    QTest::addColumn<QString>("url");
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    QTest::newRow("postgresql") << QStringLiteral("postgresql://u:p@127.0.0.1:1/x");
    QTest::newRow("mariadb") << QStringLiteral("mysql://u:p@127.0.0.1:1/x");
    // A non-routable address: nothing answers (or the network is unreachable), so Quarry's
    // default connect timeout must end the wait.
    QTest::newRow("postgresql, no answer") << QStringLiteral("postgresql://u:p@10.255.255.1/x");
    QTest::newRow("mariadb, no answer") << QStringLiteral("mysql://u:p@10.255.255.1/x");
}

void tst_Errors::shouldReportAnUnreachableServerFast()
{
    // Given a URL of a server that is not there
    QFETCH(QString, url);

    // When it is opened
    QElapsedTimer timer;
    timer.start();
    Database db = Database::open(url);
    const qint64 elapsed = timer.elapsed();

    // Then it fails with a connection error, and without a long wait
    QVERIFY(!db.isValid());
    QCOMPARE(db.lastError().kind(), Error::ConnectionError);
    QVERIFY(!db.lastError().message().isEmpty());
    QVERIFY2(elapsed < 10000, qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
    QVERIFY(!db.url().contains(QLatin1String(":p@"))); // no password in what is shown
}

void tst_Errors::shouldReportRefusedCredentials_data()
{
    QuarryTest::addBackendColumn();
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("database");
    // The test PostgreSQL uses trust authentication (tests/servers/with-servers.sh), so a
    // wrong password is accepted there; an unknown role is refused on both.
    for (const QuarryTest::Backend &backend : QuarryTest::backends()) {
        if (backend.name == QLatin1String("mariadb"))
            QTest::addRow("mariadb/wrong password")
                << backend.url << QString() << QStringLiteral("wrong") << QString();
    }
    addServerRows("/unknown user", QStringLiteral("no_such_user"), QString(), QString());
    addServerRows("/unknown database", QString(), QString(), QStringLiteral("quarry_test_missing"));
    const QList<QuarryTest::Backend> backends = QuarryTest::backends();
    if (std::all_of(backends.cbegin(), backends.cend(), [](const QuarryTest::Backend &backend) {
            return backend.name == QLatin1String("sqlite");
        }))
        QTest::newRow("no server") << QString() << QString() << QString() << QString();
}

void tst_Errors::shouldReportRefusedCredentials()
{
    // Given the server's URL with one part of the login changed
    QFETCH(QString, url);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, database);
    if (qstrcmp(QTest::currentDataTag(), "no server") == 0)
        QSKIP("needs PostgreSQL or MariaDB: run through tests/servers/with-servers.sh");
    QUARRY_REQUIRE_URL(url);
    QUrl changed(url);
    if (!user.isEmpty())
        changed.setUserName(user);
    if (!password.isEmpty())
        changed.setPassword(password);
    if (!database.isEmpty())
        changed.setPath(QLatin1Char('/') + database);

    // When it is opened, then the server's refusal is a connection error
    QElapsedTimer timer;
    timer.start();
    Database db = Database::open(changed.toString());
    QVERIFY(!db.isValid());
    QCOMPARE(db.lastError().kind(), Error::ConnectionError);
    QVERIFY(!db.lastError().message().isEmpty());
    QVERIFY(timer.elapsed() < 10000);
}

void tst_Errors::shouldKeepEveryObjectPendingAfterAFailedCommit()
{
    // Given a committed account "taken"
    QUARRY_FRESH_URL(databaseUrl);
    Database db = openDatabase(databaseUrl);
    QUARRY_VERIFY(db.isValid(), db);
    Session session(db);
    QUARRY_VERIFY(session.add(new Account(QStringLiteral("taken"))), session);
    QUARRY_VERIFY(session.commit(), session);

    // And three new accounts, the third of which reuses the unique username
    QList<Account *> accounts{new Account(QStringLiteral("first")),
                              new Account(QStringLiteral("second")),
                              new Account(QStringLiteral("taken"))};
    for (Account *account : accounts)
        QUARRY_VERIFY(session.add(account), session);

    // When they are committed, then the commit fails as a unique violation
    QVERIFY(!session.commit());
    VERIFY_ERROR(session.lastError(), Error::UniqueViolation, db.backend());
    QVERIFY(!session.inTransaction());

    // And the database has none of the three
    QCOMPARE(countRows(db, QStringLiteral("accounts")), qint64(1));

    // And all three are still pending, without the keys the failed INSERTs generated
    for (Account *account : accounts) {
        QVERIFY(session.contains(account));
        QVERIFY(session.isDirty(account));
        QCOMPARE(account->m_id, qint64(0));
    }

    // When the third is fixed and the session commits again
    accounts.at(2)->setProperty("username", QStringLiteral("third"));
    QUARRY_VERIFY(session.commit(), session);

    // Then all three are in the database, with their ids
    QCOMPARE(countRows(db, QStringLiteral("accounts")), qint64(4));
    Session reader(db);
    for (Account *account : accounts) {
        QVERIFY(account->m_id > 0);
        QVERIFY(!session.isDirty(account));
        Account *stored = reader.get<Account>(account->m_id);
        QUARRY_VERIFY(stored, reader);
        QCOMPARE(stored->m_username, account->m_username);
    }
}

QTEST_GUILESS_MAIN(tst_Errors)
#include "tst_errors.moc"
