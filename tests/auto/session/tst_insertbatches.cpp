// Multi-row INSERTs of the unit of work: the generated keys handed back belong to the rows
// they name, in add() order, on every backend; a refused batch leaves nothing half-done.
// On MariaDB the keys are worked out from LAST_INSERT_ID() (insertkeys_p.h), which is only
// safe for some settings: the rule is tested as a table, the fallback on a real table.

#include "entities.h"
#include "insertkeys_p.h"
#include "quarrytest.h"
#include "sqlcapture.h"

#include <quarry/session.h>

#include <QtTest>

using QuarryTest::SqlCapture;

class tst_InsertBatches : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keysMatchTheRowsInOrder_data() { backends(); }
    void keysMatchTheRowsInOrder();
    void textsArriveWhole_data() { backends(); }
    void textsArriveWhole();
    void refusedBatchLeavesNothingHalfDone_data() { backends(); }
    void refusedBatchLeavesNothingHalfDone();
    void mariadbBatchesOnlyWhenKeysAreConsecutive_data();
    void mariadbBatchesOnlyWhenKeysAreConsecutive();
    void mariadbInsertsRowByRowIntoOtherEngines_data() { backends(); }
    void mariadbInsertsRowByRowIntoOtherEngines();

private:
    void backends()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }
    static Quarry::Database openDatabase(const QString &url)
    {
        Quarry::Database db = Quarry::Database::open(url);
        if (!db.registerEntities<Account>() || !db.createAll())
            qWarning() << db.lastError();
        return db;
    }
    static QList<Account *> addAccounts(Quarry::Session &session, const QString &prefix, int count)
    {
        QList<Account *> accounts;
        for (int i = 0; i < count; ++i) {
            accounts << new Account(
                QStringLiteral("%1%2").arg(prefix).arg(i, 3, 10, QLatin1Char('0')), i);
            session.add(accounts.last());
        }
        return accounts;
    }
    // "id name" of every stored row, by id, read by a session of its own.
    static QStringList storedRows(const Quarry::Database &db)
    {
        Quarry::Session reader(db);
        QStringList rows;
        const auto values = reader.query<Account>()
                                .orderBy(QStringLiteral("id"))
                                .values(QStringList{QStringLiteral("id"), QStringLiteral("name")});
        for (const QVariantList &row : values)
            rows << row.at(0).toString() + u' ' + row.at(1).toString();
        return rows;
    }
    // The same for objects: what their keys say the table holds.
    static QStringList rowsOf(const QList<Account *> &accounts)
    {
        QStringList rows;
        for (const Account *account : accounts)
            rows << QString::number(account->m_id) + u' ' + account->m_name;
        return rows;
    }
    static QList<qint64> keySteps(const QList<Account *> &accounts)
    {
        QList<qint64> steps;
        for (int i = 1; i < accounts.size(); ++i)
            steps << accounts.at(i)->m_id - accounts.at(i - 1)->m_id;
        return steps;
    }
};

void tst_InsertBatches::keysMatchTheRowsInOrder()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    const bool mariadb = db.backend() == Quarry::Database::Backend::MySQL;
    Quarry::Session session(db);

    // Given 70 new accounts (batches of 64, 4 and 2 rows)...
    QList<Account *> first = addAccounts(session, QStringLiteral("a"), 70);
    SqlCapture capture;
    QUARRY_VERIFY(session.commit(), session);

    // ...every object holds the key of its own row, in add() order, one key apart.
    QCOMPARE(capture.matching(QStringLiteral("INSERT")).size(), 3);
    QCOMPARE(storedRows(db), rowsOf(first));
    QCOMPARE(keySteps(first), QList<qint64>(69, 1));
    for (Account *account : std::as_const(first)) {
        QCOMPARE(session.get<Account>(account->m_id), account); // the identity map knows it
        QVERIFY(!session.isDirty(account));
    }

    // And each object's image is its own row: a new balance for every one of them
    // updates that column alone, in the row of each object's key.
    capture.clear();
    for (Account *account : std::as_const(first))
        QVERIFY(account->setProperty("balance", account->m_balance + 1000));
    QUARRY_VERIFY(session.commit(), session);
    const QStringList updates = capture.matching(QStringLiteral("UPDATE"));
    QCOMPARE(updates.size(), first.size());
    for (const QString &update : updates) {
        QVERIFY2(update.contains(QLatin1String("balance")), qPrintable(update));
        QVERIFY2(!update.contains(QLatin1String("name")), qPrintable(update));
    }
    QCOMPARE(storedRows(db), rowsOf(first));
    if (!mariadb)
        return;

    // When the connection's keys step by 2 (MariaDB sets it per session)...
    bool ok = false;
    session.execute(QStringLiteral("SET SESSION auto_increment_increment = 2"), {}, &ok);
    QUARRY_VERIFY(ok, session);
    QUARRY_VERIFY(session.commit(), session);
    capture.clear();
    QList<Account *> second = addAccounts(session, QStringLiteral("b"), 70);
    QUARRY_VERIFY(session.commit(), session);

    // ...the batches hand out keys two apart, still matching the rows.
    QCOMPARE(capture.matching(QStringLiteral("INSERT")).size(), 3);
    QCOMPARE(storedRows(db), rowsOf(first) + rowsOf(second));
    QCOMPARE(keySteps(second), QList<qint64>(69, 2));
}

// A batch binds many texts, short and long, in several scripts: each arrives whole (the
// SQLite statement writes them one after another into blocks it keeps), and so do the
// texts of the UPDATEs that reuse those blocks after it.
void tst_InsertBatches::textsArriveWhole()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    const QString pieces = QStringLiteral("a\u00e4\u20ac\U0001d11e ");
    auto noteFor = [&](int i, const QString &tag) { return tag + pieces.repeated(i * 40); };
    QList<Account *> accounts = addAccounts(session, QStringLiteral("t"), 70);
    for (int i = 0; i < accounts.size(); ++i)
        accounts.at(i)->m_note = noteFor(i, QStringLiteral("first "));
    QUARRY_VERIFY(session.commit(), session);
    for (int i = 0; i < accounts.size(); ++i)
        accounts.at(i)->setProperty("note", noteFor(accounts.size() - i, QStringLiteral("then ")));
    QUARRY_VERIFY(session.commit(), session);

    Quarry::Session reader(db);
    const auto notes = reader.query<Account>()
                           .orderBy(QStringLiteral("id"))
                           .values(QStringList{QStringLiteral("note")});
    QCOMPARE(notes.size(), accounts.size());
    for (int i = 0; i < accounts.size(); ++i)
        QCOMPARE(notes.at(i).constFirst().toString(),
                 noteFor(accounts.size() - i, QStringLiteral("then ")));
}

void tst_InsertBatches::refusedBatchLeavesNothingHalfDone()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *taken = new Account(QStringLiteral("taken"), 0);
    session.add(taken);
    QUARRY_VERIFY(session.commit(), session);

    // Given 70 new accounts, the 40th of them breaking UNIQUE inside the first batch...
    QList<Account *> accounts = addAccounts(session, QStringLiteral("n"), 70);
    accounts.at(39)->setProperty("name", QStringLiteral("taken"));

    // ...the commit fails, nothing of it reaches the table, and every key is given back.
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().kind(), Quarry::Error::UniqueViolation);
    QVERIFY(!session.inTransaction());
    QCOMPARE(storedRows(db), rowsOf({taken}));
    for (const Account *account : std::as_const(accounts)) {
        QCOMPARE(account->m_id, qint64(0));
        QVERIFY(session.isDirty(account));
    }

    // When the cause is fixed, the same commit goes through with keys matching the rows.
    accounts.at(39)->setProperty("name", QStringLiteral("fixed"));
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(storedRows(db), rowsOf(QList<Account *>{taken} + accounts));
}

void tst_InsertBatches::mariadbBatchesOnlyWhenKeysAreConsecutive_data()
{
    QTest::addColumn<QVariant>("lockMode");
    QTest::addColumn<QVariant>("increment");
    QTest::addColumn<QVariant>("engine");
    QTest::addColumn<qint64>("stride");
    const QVariant innodb = QByteArray("InnoDB"); // QMYSQL hands text out as bytes
    QTest::newRow("traditional") << QVariant(0LL) << QVariant(1ULL) << innodb << qint64(1);
    QTest::newRow("consecutive") << QVariant(1LL) << QVariant(1ULL) << innodb << qint64(1);
    QTest::newRow("step 2") << QVariant(1LL) << QVariant(2ULL) << innodb << qint64(2);
    QTest::newRow("engine as text")
        << QVariant(1LL) << QVariant(1ULL) << QVariant(QStringLiteral("InnoDB")) << qint64(1);
    QTest::newRow("interleaved") << QVariant(2LL) << QVariant(1ULL) << innodb << qint64(0);
    QTest::newRow("no InnoDB") << QVariant() << QVariant(1ULL) << innodb << qint64(0);
    QTest::newRow("MyISAM") << QVariant(1LL) << QVariant(1ULL) << QVariant(QByteArray("MyISAM"))
                            << qint64(0);
    QTest::newRow("no such table") << QVariant(1LL) << QVariant(1ULL)
                                   << QVariant(QMetaType::fromType<QByteArray>()) << qint64(0);
    QTest::newRow("step 0") << QVariant(1LL) << QVariant(0ULL) << innodb << qint64(0);
}

void tst_InsertBatches::mariadbBatchesOnlyWhenKeysAreConsecutive()
{
    QFETCH(QVariant, lockMode);
    QFETCH(QVariant, increment);
    QFETCH(QVariant, engine);
    QFETCH(qint64, stride);
    QCOMPARE(Quarry::Private::multiRowKeyStride(lockMode, increment, engine), stride);
}

void tst_InsertBatches::mariadbInsertsRowByRowIntoOtherEngines()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    if (db.backend() != Quarry::Database::Backend::MySQL)
        QSKIP("MariaDB only: the other backends return the keys with RETURNING");
    // Given a table whose engine promises nothing about the keys of one statement...
    QUARRY_VERIFY(db.execute(QStringLiteral("ALTER TABLE accounts ENGINE = MyISAM")), db);
    Quarry::Session session(db);
    QList<Account *> accounts = addAccounts(session, QStringLiteral("m"), 70);
    SqlCapture capture;
    QUARRY_VERIFY(session.commit(), session);

    // ...each object is inserted on its own and still gets the key of its row.
    QCOMPARE(capture.matching(QStringLiteral("INSERT")).size(), 70);
    QCOMPARE(storedRows(db), rowsOf(accounts));
}

QTEST_GUILESS_MAIN(tst_InsertBatches)
#include "tst_insertbatches.moc"
