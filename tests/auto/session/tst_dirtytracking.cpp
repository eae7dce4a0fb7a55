// When the session watches a loaded object's NOTIFY signals, and what it finds before.
// A loaded object is compared with its image at the flushes that see it while it is not
// watched, and connected at the second one (docs/decisions.md, "Dirty tracking").

#include "entities.h"
#include "quarrytest.h"
#include "sqlcapture.h"

#include <quarry/session.h>
#include <quarry/transaction.h>

#include <QtTest>

using QuarryTest::SqlCapture;

class tst_DirtyTracking : public QObject
{
    Q_OBJECT

private:
    // A fresh database with three committed accounts: anne 10, ben 20, cleo 30 (each test
    // checks that it loads three).
    Quarry::Database openSeeded(const QString &url)
    {
        Quarry::Database db = Quarry::Database::open(url);
        if (!db.isValid() || !db.registerEntities<Account>() || !db.createAll())
            qWarning() << db.lastError();
        Quarry::Session writer(db);
        writer.add(new Account(QStringLiteral("anne"), 10));
        writer.add(new Account(QStringLiteral("ben"), 20));
        writer.add(new Account(QStringLiteral("cleo"), 30));
        if (!writer.commit())
            qWarning() << writer.lastError();
        return db;
    }
    QList<Account *> loadAccounts(Quarry::Session &session)
    {
        return session.query<Account>().orderBy(QStringLiteral("name")).all();
    }
    // The balances in the database, in name order, read by a session of its own.
    QList<int> storedBalances(const Quarry::Database &db)
    {
        Quarry::Session reader(db);
        QList<int> balances;
        for (const Account *account : loadAccounts(reader))
            balances.append(account->m_balance);
        return balances;
    }

private Q_SLOTS:
    void readingConnectsNothing_data() { backends(); }
    void readingConnectsNothing();
    void loadedObjectsAreWatchedAtTheirSecondFlush_data() { backends(); }
    void loadedObjectsAreWatchedAtTheirSecondFlush();
    void memberAssignedBehindTheSignalIsSeenUntilWatched_data() { backends(); }
    void memberAssignedBehindTheSignalIsSeenUntilWatched();
    void unchangedUnwatchedObjectsWriteNothing_data() { backends(); }
    void unchangedUnwatchedObjectsWriteNothing();
    void rollbackRestoresUnwatchedObjects_data() { backends(); }
    void rollbackRestoresUnwatchedObjects();
    void deletedUnwatchedObjectIsWatchedAfterRollback_data() { backends(); }
    void deletedUnwatchedObjectIsWatchedAfterRollback();
    void destroyedObjectsLeaveNothingForTheFlush_data() { backends(); }
    void destroyedObjectsLeaveNothingForTheFlush();
    void destroyedCandidateIsNotTakenForANewObject_data() { backends(); }
    void destroyedCandidateIsNotTakenForANewObject();

private:
    void backends()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }
};

void tst_DirtyTracking::readingConnectsNothing()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openSeeded(freshUrl);
    Quarry::Session session(db);

    // When objects are loaded by a query and by key, then none of them is connected yet.
    const QList<Account *> accounts = loadAccounts(session);
    QCOMPARE(accounts.size(), 3);
    for (const Account *account : accounts)
        QCOMPARE(account->listeners(), 0);
    session.expunge(accounts.at(0));
    Account *again = session.get<Account>(accounts.at(0)->m_id);
    QVERIFY(again && again != accounts.at(0));
    QCOMPARE(again->listeners(), 0);
    delete accounts.at(0);

    // And they are still tracked: a change through a setter is dirty.
    QVERIFY(!session.isDirty(again));
    again->setProperty("balance", 11);
    QVERIFY(session.isDirty(again));
    QVERIFY(session.hasPendingChanges());
}

void tst_DirtyTracking::loadedObjectsAreWatchedAtTheirSecondFlush()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openSeeded(freshUrl);
    Quarry::Session session(db);
    const QList<Account *> accounts = loadAccounts(session);
    QCOMPARE(accounts.size(), 3);

    // When one is changed through its setter before any flush, then the first flush
    // writes it, and connects none of them.
    accounts.at(1)->setProperty("balance", 21);
    QUARRY_VERIFY(session.flush(), session);
    for (const Account *account : accounts)
        QCOMPARE(account->listeners(), 0);
    QVERIFY(!session.isDirty(accounts.at(1)));

    // The second flush connects them all.
    QUARRY_VERIFY(session.flush(), session);
    for (const Account *account : accounts)
        QCOMPARE(account->listeners(), 1);

    // From then on their signals mark them.
    accounts.at(2)->setProperty("balance", 31);
    QVERIFY(session.isDirty(accounts.at(2)));
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(storedBalances(db), (QList<int>{10, 21, 31}));
    for (const Account *account : accounts)
        QCOMPARE(account->listeners(), 1); // connected once
}

void tst_DirtyTracking::memberAssignedBehindTheSignalIsSeenUntilWatched()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openSeeded(freshUrl);
    Quarry::Session session(db);
    Account *anne = loadAccounts(session).value(0);
    QVERIFY(anne);

    // Given a member assigned without its NOTIFY signal before the object is watched,
    // then the comparison finds it.
    anne->m_balance = 12;
    QVERIFY(session.isDirty(anne));
    QUARRY_VERIFY(session.commit(), session); // its first flush
    QCOMPARE(storedBalances(db).value(0), 12);

    // Once watched (its second flush), only its signal makes it a candidate: a flush
    // does not compare every object.
    QUARRY_VERIFY(session.flush(), session);
    QCOMPARE(anne->listeners(), 1);
    anne->m_balance = 13;
    QVERIFY(!session.isDirty(anne));
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(storedBalances(db).value(0), 12);

    // The next signal brings the assigned value along with the rest.
    anne->setProperty("note", QStringLiteral("signalled"));
    QVERIFY(session.isDirty(anne));
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(storedBalances(db).value(0), 13);
}

void tst_DirtyTracking::unchangedUnwatchedObjectsWriteNothing()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openSeeded(freshUrl);
    Quarry::Session session(db);
    const QList<Account *> accounts = loadAccounts(session);
    QCOMPARE(accounts.size(), 3);

    // When the objects are compared (queries autoflush, then a commit) and nothing changed,
    // then no statement is written and no transaction opened.
    SqlCapture sql;
    QCOMPARE(loadAccounts(session), accounts);
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(sql.matching(QStringLiteral("UPDATE")), QStringList());
    QVERIFY(!session.inTransaction());

    // A value set back to what the row holds is no change either.
    accounts.at(0)->setProperty("balance", 99);
    accounts.at(0)->setProperty("balance", 10);
    QVERIFY(!session.isDirty(accounts.at(0)));
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(sql.matching(QStringLiteral("UPDATE")), QStringList());
}

void tst_DirtyTracking::rollbackRestoresUnwatchedObjects()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openSeeded(freshUrl);
    Quarry::Session session(db);
    const QList<Account *> accounts = loadAccounts(session);
    QCOMPARE(accounts.size(), 3);

    // Given changes no signal reported, when the transaction rolls back, then the objects
    // return to their committed state (objects loaded inside it would leave the session).
    {
        Quarry::Transaction transaction(session);
        accounts.at(0)->setProperty("balance", 50);
        accounts.at(1)->m_note = QStringLiteral("behind the signal");
        QCOMPARE(accounts.at(0)->listeners(), 0);
        QUARRY_VERIFY(transaction.rollback(), transaction);
    }
    QCOMPARE(accounts.at(0)->m_balance, 10);
    QCOMPARE(accounts.at(1)->m_note, QString());
    QVERIFY(!session.hasPendingChanges());

    // And a savepoint gives back the state it began with.
    Quarry::Transaction outer(session);
    accounts.at(2)->setProperty("balance", 31); // kept: before the savepoint
    {
        Quarry::Transaction inner(session); // flushes: the 31 is written
        accounts.at(2)->setProperty("balance", 70);
        QUARRY_VERIFY(inner.rollback(), inner);
    }
    QCOMPARE(accounts.at(2)->m_balance, 31);
    QVERIFY(!session.isDirty(accounts.at(2)));
    QUARRY_VERIFY(outer.commit(), outer);
    QCOMPARE(storedBalances(db), (QList<int>{10, 20, 31}));
}

void tst_DirtyTracking::deletedUnwatchedObjectIsWatchedAfterRollback()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openSeeded(freshUrl);
    Quarry::Session session(db);
    Account *ben = loadAccounts(session).value(1);
    QVERIFY(ben);

    // Given an object deleted and flushed before it was watched, when the transaction
    // rolls back, then it is back and watched at its second flush like any other.
    QVERIFY(session.remove(ben));
    QUARRY_VERIFY(session.flush(), session);
    QUARRY_VERIFY(session.flush(), session); // a flush that meets it deleted
    QVERIFY(session.inTransaction());
    QUARRY_VERIFY(session.rollback(), session);
    QVERIFY(session.contains(ben));
    QUARRY_VERIFY(session.flush(), session);
    QCOMPARE(ben->listeners(), 1);

    ben->setProperty("balance", 22);
    QVERIFY(session.isDirty(ben));
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(storedBalances(db), (QList<int>{10, 22, 30}));
}

void tst_DirtyTracking::destroyedObjectsLeaveNothingForTheFlush()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openSeeded(freshUrl);
    Quarry::Session session(db);
    auto named = [&](const QString &name) {
        return session.query<Account>().where(Quarry::Field("name") == name).one();
    };

    // Given a watched object changed through its signal (a candidate of the next flush)
    // and an unwatched one changed too, both destroyed before any flush
    Account *anne = named(QStringLiteral("anne"));
    QVERIFY(anne);
    QUARRY_VERIFY(session.flush(), session);
    QUARRY_VERIFY(session.flush(), session);
    QCOMPARE(anne->listeners(), 1);
    Account *ben = named(QStringLiteral("ben"));
    QVERIFY(ben);
    QCOMPARE(ben->listeners(), 0);
    anne->setProperty("balance", 11);
    ben->setProperty("balance", 21);
    delete anne;
    delete ben;

    // When their rows are loaded again before a flush: new objects, whose entries take the
    // places theirs left
    session.setAutoflush(false);
    const QList<Account *> reloaded = loadAccounts(session);
    session.setAutoflush(true);
    QCOMPARE(reloaded.size(), 3);
    QCOMPARE(reloaded.at(0)->m_balance, 10);
    QCOMPARE(reloaded.at(1)->m_balance, 20);

    // Then the flush writes neither change: they left with their objects
    QVERIFY(!session.hasPendingChanges());
    SqlCapture capture;
    QUARRY_VERIFY(session.commit(), session);
    QVERIFY(capture.matching(QStringLiteral("UPDATE")).isEmpty());
    QCOMPARE(storedBalances(db), (QList<int>{10, 20, 30}));

    // And the new objects are tracked like any other: a change is written
    reloaded.at(1)->setProperty("balance", 22);
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(storedBalances(db), (QList<int>{10, 22, 30}));
}

// The flush takes its candidates as they were marked, without checking each one first:
// a destroyed candidate whose entry went to an object added since must not be read as
// that object (an INSERT of the destroyed one).
void tst_DirtyTracking::destroyedCandidateIsNotTakenForANewObject()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openSeeded(freshUrl);
    Quarry::Session session(db);

    // Given a watched object changed through its signal, then destroyed
    Account *anne = session.query<Account>().where(Quarry::Field("name") == "anne").one();
    QVERIFY(anne);
    QUARRY_VERIFY(session.flush(), session);
    QUARRY_VERIFY(session.flush(), session);
    QCOMPARE(anne->listeners(), 1);
    anne->setProperty("balance", 11);
    delete anne;

    // When a new object takes the place its entry left
    session.setAutoflush(false);
    auto *dora = new Account(QStringLiteral("dora"), 40);
    QVERIFY(session.add(dora));

    // Then the commit inserts the new one once and writes nothing of the destroyed one
    SqlCapture capture;
    QUARRY_VERIFY(session.commit(), session);
    QVERIFY(capture.matching(QStringLiteral("UPDATE")).isEmpty());
    QCOMPARE(storedBalances(db), (QList<int>{10, 20, 30, 40}));
    QVERIFY(dora->m_id > 0);
}

QTEST_GUILESS_MAIN(tst_DirtyTracking)
#include "tst_dirtytracking.moc"
