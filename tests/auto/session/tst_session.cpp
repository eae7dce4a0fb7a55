// Session: identity map, dirty tracking, CRUD, failed commits and rollback.

#include "entities.h"
#include "quarrytest.h"
#include "sqlcapture.h"

#include <quarry/changenotifier.h>
#include <quarry/session.h>

#include <QtTest>

using QuarryTest::SqlCapture;

class tst_Session : public QObject
{
    Q_OBJECT

private:
    Quarry::Database openDatabase(const QString &url)
    {
        Quarry::Database db = Quarry::Database::open(url);
        if (!db.isValid())
            qWarning() << db.lastError();
        if (!db.registerEntities<Account, Counter, Document>() || !db.createAll())
            qWarning() << db.lastError();
        return db;
    }
    // The balances in the database, read by a session of its own.
    QList<QVariantList> storedAccounts(const Quarry::Database &db)
    {
        Quarry::Session reader(db);
        return reader.query<Account>()
            .orderBy(QStringLiteral("name"))
            .values(QStringList{QStringLiteral("name"), QStringLiteral("balance")});
    }

private Q_SLOTS:
    void addAndCommitAssignsKeysInOrder_data() { backends(); }
    void addAndCommitAssignsKeysInOrder();
    void identityMapReturnsTheSameObject_data() { backends(); }
    void identityMapReturnsTheSameObject();
    void updateWritesOnlyChangedColumns_data() { backends(); }
    void updateWritesOnlyChangedColumns();
    void snapshotFindsChangesWithoutNotify_data() { backends(); }
    void snapshotFindsChangesWithoutNotify();
    void unchangedObjectsWriteNothing_data() { backends(); }
    void unchangedObjectsWriteNothing();
    void removeDeletesTheRow_data() { backends(); }
    void removeDeletesTheRow();
    void failedCommitKeepsPendingChanges_data() { backends(); }
    void failedCommitKeepsPendingChanges();
    void rollbackDiscardsChanges_data() { backends(); }
    void rollbackDiscardsChanges();
    void staleObjectIsReported_data() { backends(); }
    void staleObjectIsReported();
    void uuidKeysAreGenerated_data() { backends(); }
    void uuidKeysAreGenerated();
    void expungeHandsTheObjectBack_data() { backends(); }
    void expungeHandsTheObjectBack();
    void refreshReloadsFromTheDatabase_data() { backends(); }
    void refreshReloadsFromTheDatabase();
    void sessionsDoNotShareATransaction_data() { backends(); }
    void sessionsDoNotShareATransaction();
    void deletedObjectsDoNotDangle_data() { backends(); }
    void deletedObjectsDoNotDangle();
    void reparentedObjectLeavesTheSession_data() { backends(); }
    void reparentedObjectLeavesTheSession();
    void objectDeletedAfterItsRowIsForgotten_data() { backends(); }
    void objectDeletedAfterItsRowIsForgotten();
    void unregisteredClassIsRefused();
    void commitsAreAnnounced_data() { backends(); }
    void commitsAreAnnounced();
    void changesFlushedBeforeAListenerAreUnknownRows_data() { backends(); }
    void changesFlushedBeforeAListenerAreUnknownRows();

private:
    void backends()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }
};

void tst_Session::addAndCommitAssignsKeysInOrder()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    QList<Account *> accounts;
    for (int i = 0; i < 5; ++i) {
        accounts << new Account(QStringLiteral("a%1").arg(i), i * 10);
        QVERIFY(session.add(accounts.last()));
    }
    QVERIFY(session.isDirty(accounts.first()));
    QUARRY_VERIFY(session.commit(), session);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(accounts.at(i)->m_id, qint64(i + 1));
        QCOMPARE(accounts.at(i)->parent(), &session);
        QVERIFY(!session.isDirty(accounts.at(i)));
    }
    QCOMPARE(storedAccounts(db).size(), 5);
}

void tst_Session::identityMapReturnsTheSameObject()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *account = new Account(QStringLiteral("alice"), 5);
    session.add(account);
    QUARRY_VERIFY(session.commit(), session);

    // Given an object the session already holds, when it is fetched by key or by query,
    // then the very same object comes back.
    QCOMPARE(session.get<Account>(account->m_id), account);
    QCOMPARE(session.query<Account>().filterBy(QStringLiteral("name"), QStringLiteral("alice")).one(),
             account);

    // A second session has its own object for the same row.
    Quarry::Session other(db);
    Account *copy = other.get<Account>(account->m_id);
    QVERIFY(copy);
    QVERIFY(copy != account);
    QCOMPARE(copy->m_name, QStringLiteral("alice"));
    QCOMPARE(other.get<Account>(account->m_id), copy);

    QVERIFY(!other.get<Account>(4242));
    QCOMPARE(other.lastError().kind(), Quarry::Error::NotFound);
}

void tst_Session::updateWritesOnlyChangedColumns()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *account = new Account(QStringLiteral("bob"), 10);
    session.add(account);
    QUARRY_VERIFY(session.commit(), session);

    SqlCapture sql;
    QVERIFY(account->setProperty("balance", 25)); // MEMBER properties emit NOTIFY
    QVERIFY(session.isDirty(account));
    QUARRY_VERIFY(session.commit(), session);

    const QStringList updates = sql.matching(QStringLiteral("UPDATE"));
    QCOMPARE(updates.size(), 1);
    QVERIFY2(updates.first().contains(QLatin1String("balance")), qPrintable(updates.first()));
    QVERIFY2(!updates.first().contains(QLatin1String("name")), qPrintable(updates.first()));
    QCOMPARE(storedAccounts(db), (QList<QVariantList>{{QStringLiteral("bob"), 25}}));
}

void tst_Session::snapshotFindsChangesWithoutNotify()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *counter = new Counter;
    session.add(counter);
    QUARRY_VERIFY(session.commit(), session);

    counter->m_value = 7; // no signal at all
    QVERIFY(session.isDirty(counter));
    QUARRY_VERIFY(session.commit(), session);

    Quarry::Session reader(db);
    QCOMPARE(reader.get<Counter>(counter->m_id)->m_value, 7);
}

void tst_Session::unchangedObjectsWriteNothing()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *account = new Account(QStringLiteral("carol"), 1);
    session.add(account);
    QUARRY_VERIFY(session.commit(), session);

    // A NOTIFY without a real change, and a change that is undone, write nothing.
    SqlCapture sql;
    emit account->changed();
    account->setProperty("balance", 2);
    account->setProperty("balance", 1);
    QUARRY_VERIFY(session.commit(), session);
    QVERIFY2(sql.matching(QStringLiteral("UPDATE")).isEmpty(), qPrintable(sql.statements().join('\n')));
    QVERIFY2(sql.matching(QStringLiteral("BEGIN")).isEmpty(), qPrintable(sql.statements().join('\n')));
}

void tst_Session::removeDeletesTheRow()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *account = new Account(QStringLiteral("dave"), 1);
    session.add(account);
    QUARRY_VERIFY(session.commit(), session);
    const qint64 id = account->m_id;

    QVERIFY(session.remove(account));
    QVERIFY(session.isDirty(account));
    QVERIFY(!session.get<Account>(id)); // removed objects are not handed out
    QUARRY_VERIFY(session.commit(), session);
    QVERIFY(!session.contains(account));
    QCOMPARE(account->parent(), &session); // still owned, still valid
    QVERIFY(storedAccounts(db).isEmpty());

    // Removing a never-flushed object just forgets it.
    auto *draft = new Account(QStringLiteral("draft"), 0);
    session.add(draft);
    QVERIFY(session.remove(draft));
    QVERIFY(!session.contains(draft));
    QUARRY_VERIFY(session.commit(), session);
    QVERIFY(storedAccounts(db).isEmpty());
}

void tst_Session::failedCommitKeepsPendingChanges()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *existing = new Account(QStringLiteral("erin"), 1);
    session.add(existing);
    QUARRY_VERIFY(session.commit(), session);

    // Given an update, two inserts and a delete, where the last insert breaks UNIQUE...
    existing->setProperty("balance", 99);
    auto *first = new Account(QStringLiteral("frank"), 2);
    auto *second = new Account(QStringLiteral("gina"), 3);
    auto *clash = new Account(QStringLiteral("erin"), 4);
    session.add(first);
    session.add(second);
    session.add(clash);
    QSignalSpy errors(&session, &Quarry::Session::errorOccurred);

    // ...the commit fails and nothing reaches the database...
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().kind(), Quarry::Error::UniqueViolation);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(storedAccounts(db), (QList<QVariantList>{{QStringLiteral("erin"), 1}}));
    QVERIFY(!session.inTransaction());

    // ...and every object keeps its pending state: keys given back, changes kept.
    QCOMPARE(first->m_id, qint64(0));
    QCOMPARE(second->m_id, qint64(0));
    QCOMPARE(existing->m_balance, 99);
    QVERIFY(session.isDirty(existing));
    QVERIFY(session.isDirty(first));

    // When the cause is fixed, the same commit goes through.
    clash->setProperty("name", QStringLiteral("hank"));
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(storedAccounts(db), (QList<QVariantList>{{QStringLiteral("erin"), 99},
                                                       {QStringLiteral("frank"), 2},
                                                       {QStringLiteral("gina"), 3},
                                                       {QStringLiteral("hank"), 4}}));
    QVERIFY(first->m_id > existing->m_id);
    QVERIFY(second->m_id > first->m_id);
    QVERIFY(clash->m_id > second->m_id);
}

void tst_Session::rollbackDiscardsChanges()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *kept = new Account(QStringLiteral("ivan"), 1);
    auto *doomed = new Account(QStringLiteral("jane"), 2);
    session.add(kept);
    session.add(doomed);
    QUARRY_VERIFY(session.commit(), session);

    auto *added = new Account(QStringLiteral("karl"), 3);
    session.add(added);
    kept->setProperty("balance", 50);
    session.remove(doomed);
    QUARRY_VERIFY(session.flush(), session); // written, not committed
    QVERIFY(session.inTransaction());
    QSignalSpy rolledBack(&session, &Quarry::Session::rolledBack);

    QUARRY_VERIFY(session.rollback(), session);
    QCOMPARE(rolledBack.size(), 1);
    QVERIFY(!session.contains(added));          // new objects leave the session
    QCOMPARE(kept->m_balance, 1);               // modified ones return to committed values
    QVERIFY(!session.isDirty(kept));
    QVERIFY(session.contains(doomed));          // removed ones come back
    QCOMPARE(session.get<Account>(doomed->m_id), doomed);
    QCOMPARE(storedAccounts(db), (QList<QVariantList>{{QStringLiteral("ivan"), 1},
                                                       {QStringLiteral("jane"), 2}}));
    QUARRY_VERIFY(session.commit(), session);   // nothing left to do
    QCOMPARE(storedAccounts(db).size(), 2);
}

void tst_Session::staleObjectIsReported()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *account = new Account(QStringLiteral("lena"), 1);
    session.add(account);
    QUARRY_VERIFY(session.commit(), session);

    // Given the row is deleted behind the session's back...
    Quarry::Session other(db);
    QVERIFY(other.remove(other.get<Account>(account->m_id)));
    QUARRY_VERIFY(other.commit(), other);

    // ...an update of it is not silently lost.
    account->setProperty("balance", 2);
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().kind(), Quarry::Error::StaleObject);
    QVERIFY(session.isDirty(account));
}

void tst_Session::uuidKeysAreGenerated()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *document = new Document;
    document->m_title = QStringLiteral("spec");
    session.add(document);
    QUARRY_VERIFY(session.commit(), session);
    QVERIFY(!document->m_id.isNull());

    Quarry::Session reader(db);
    Document *loaded = reader.get<Document>(document->m_id);
    QVERIFY2(loaded, qPrintable(reader.lastError().toString()));
    QCOMPARE(loaded->m_id, document->m_id);
    QCOMPARE(loaded->m_title, QStringLiteral("spec"));
}

void tst_Session::expungeHandsTheObjectBack()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *account = new Account(QStringLiteral("mia"), 1);
    session.add(account);
    QUARRY_VERIFY(session.commit(), session);

    session.expunge(account);
    QVERIFY(!session.contains(account));
    QCOMPARE(account->parent(), nullptr);
    std::unique_ptr<Account> owned(account);
    account->setProperty("balance", 5);
    QUARRY_VERIFY(session.commit(), session); // the change is not the session's business
    Account *reloaded = session.get<Account>(account->m_id);
    QVERIFY(reloaded && reloaded != account);
    QCOMPARE(reloaded->m_balance, 1);
}

void tst_Session::refreshReloadsFromTheDatabase()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *account = new Account(QStringLiteral("nina"), 1);
    session.add(account);
    QUARRY_VERIFY(session.commit(), session);

    Quarry::Session other(db);
    other.get<Account>(account->m_id)->setProperty("balance", 77);
    QUARRY_VERIFY(other.commit(), other);

    QCOMPARE(session.get<Account>(account->m_id)->m_balance, 1); // identity map: no reload
    QUARRY_VERIFY(session.refresh(account), session);
    QCOMPARE(account->m_balance, 77);
    QVERIFY(!session.isDirty(account));
}

void tst_Session::sessionsDoNotShareATransaction()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session writer(db);
    Quarry::Session reader(db);
    writer.add(new Account(QStringLiteral("olga"), 1));
    QUARRY_VERIFY(writer.flush(), writer);

    // Flushed but not committed: invisible to another session, on every backend.
    QCOMPARE(reader.query<Account>().count(), qint64(0));
    QUARRY_VERIFY(writer.rollback(), writer);
    QCOMPARE(reader.query<Account>().count(), qint64(0));
}

void tst_Session::deletedObjectsDoNotDangle()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *account = new Account(QStringLiteral("paul"), 1);
    session.add(account);
    QUARRY_VERIFY(session.commit(), session);
    const qint64 id = account->m_id;
    delete account;
    QVERIFY(!session.hasPendingChanges());
    Account *again = session.get<Account>(id);
    QVERIFY(again);
    QCOMPARE(again->m_name, QStringLiteral("paul"));
}

void tst_Session::reparentedObjectLeavesTheSession()
{
    // Given a committed object
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *account = new Account(QStringLiteral("olga"), 1);
    session.add(account);
    QUARRY_VERIFY(session.commit(), session);
    const qint64 id = account->m_id;

    // When the application gives it another parent
    QObject holder;
    account->setParent(&holder);

    // Then the session lets it go, as expunge() would: its changes are not written and
    // the row is loaded into a new object
    QVERIFY(!session.contains(account));
    account->setProperty("balance", 2);
    QVERIFY(!session.hasPendingChanges());
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(storedAccounts(db), (QList<QVariantList>{{QStringLiteral("olga"), 1}}));
    Account *reloaded = session.get<Account>(id);
    QVERIFY(reloaded && reloaded != account);
    session.expunge(reloaded);
    delete reloaded;

    // And what happens to it from now on is the application's business
    account->setProperty("balance", 3);
    delete account;
    QVERIFY(!session.hasPendingChanges());
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(storedAccounts(db), (QList<QVariantList>{{QStringLiteral("olga"), 1}}));
}

void tst_Session::objectDeletedAfterItsRowIsForgotten()
{
    // Given two rows, one of them deleted in the open transaction
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *kept = new Account(QStringLiteral("pia"), 1);
    auto *gone = new Account(QStringLiteral("quinn"), 2);
    session.add(kept);
    session.add(gone);
    QUARRY_VERIFY(session.commit(), session);
    QVERIFY(session.remove(gone));
    QUARRY_VERIFY(session.flush(), session);

    // When the application deletes both objects before the commit
    const qint64 keptId = kept->m_id;
    delete gone;
    delete kept;

    // Then the session holds neither, commits the DELETE, and loads the other row anew
    QVERIFY(!session.hasPendingChanges());
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(storedAccounts(db), (QList<QVariantList>{{QStringLiteral("pia"), 1}}));
    Account *again = session.get<Account>(keptId);
    QVERIFY(again);
    QCOMPARE(again->m_name, QStringLiteral("pia"));
}

void tst_Session::unregisteredClassIsRefused()
{
    Quarry::Database db = Quarry::Database::open(QStringLiteral("sqlite://"));
    QVERIFY(db.isValid());
    Quarry::Session session(db);
    QObject stranger;
    QVERIFY(!session.add(&stranger));
    QCOMPARE(session.lastError().kind(), Quarry::Error::ValidationError);
    QVERIFY(session.lastError().message().contains(QLatin1String("QObject")));
}

void tst_Session::commitsAreAnnounced()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    QSignalSpy spy(db.changeNotifier(), &Quarry::ChangeNotifier::committed);
    auto changes = [&](int call) {
        return spy.at(call).at(0).value<QList<Quarry::EntityChanges>>();
    };

    // Inserts, then an update and a delete, each commit announced once with its keys.
    auto *first = new Account(QStringLiteral("a"), 1);
    auto *second = new Account(QStringLiteral("b"), 2);
    session.add(first);
    session.add(second);
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(spy.size(), 1);
    QCOMPARE(changes(0).size(), 1);
    QCOMPARE(changes(0).first().entity, db.entity<Account>());
    QCOMPARE(changes(0).first().inserted, (QVariantList{first->m_id, second->m_id}));
    QCOMPARE(spy.at(0).at(1).value<const QObject *>(), &session);

    first->setProperty("balance", 10);
    session.remove(second);
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(spy.size(), 2);
    QCOMPARE(changes(1).first().updated, QVariantList{first->m_id});
    QCOMPARE(changes(1).first().removed, QVariantList{second->m_id});

    // Nothing is announced for what never committed.
    first->setProperty("balance", 11);
    QUARRY_VERIFY(session.flush(), session);
    QUARRY_VERIFY(session.rollback(), session);
    session.add(new Account(QStringLiteral("a"), 3)); // UNIQUE violation
    QVERIFY(!session.commit());
    QCOMPARE(spy.size(), 2);
    session.rollback();

    // A bulk update names its rows; raw SQL cannot, so it says "unknown rows".
    QCOMPARE(session.query<Account>().update({{QStringLiteral("balance"), 5}}), qint64(1));
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(spy.size(), 3);
    QCOMPARE(changes(2).first().updated, QVariantList{first->m_id});
    bool ok = false;
    session.execute(QStringLiteral("UPDATE accounts SET balance = 6"), {}, &ok);
    QVERIFY(ok);
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(spy.size(), 4);
    QCOMPARE(changes(3).first().entity, nullptr);
    QVERIFY(changes(3).first().unknownRows);
}

void tst_Session::changesFlushedBeforeAListenerAreUnknownRows()
{
    // Given rows inserted, updated and deleted by flushes while nobody listened (the
    // session then keeps no keys)
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *kept = new Account(QStringLiteral("a"), 1);
    auto *gone = new Account(QStringLiteral("b"), 2);
    session.add(kept);
    session.add(gone);
    QUARRY_VERIFY(session.commit(), session);
    session.add(new Account(QStringLiteral("c"), 3));
    kept->setProperty("balance", 10);
    session.remove(gone);
    QUARRY_VERIFY(session.flush(), session);

    // When a listener connects before the commit
    QSignalSpy spy(db.changeNotifier(), &Quarry::ChangeNotifier::committed);
    QUARRY_VERIFY(session.commit(), session);

    // Then the commit tells it that rows of the entity changed, without naming them
    QCOMPARE(spy.size(), 1);
    const auto changes = spy.at(0).at(0).value<QList<Quarry::EntityChanges>>();
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.first().entity, db.entity<Account>());
    QVERIFY(changes.first().unknownRows);
    QVERIFY(changes.first().inserted.isEmpty() && changes.first().updated.isEmpty());
}

QTEST_GUILESS_MAIN(tst_Session)
#include "tst_session.moc"
