// Transaction: RAII, nesting as savepoints, failures inside a savepoint.

#include "entities.h"
#include "quarrytest.h"
#include "session_p.h"

#include <quarry/session.h>
#include <quarry/transaction.h>

#include <QtTest>

// The objects a transaction level saved an image of, in the order it saved them.
static QList<QObject *> savedObjects(const Quarry::TransactionLevel &level)
{
    QList<QObject *> objects;
    Quarry::forEachCurrent(level.saved, [&](const Quarry::SavedImage &saved) {
        objects.append(saved.object.object);
    });
    return objects;
}

// What the level saved of the object; a default (whole, empty) image when nothing.
static Quarry::SavedImage savedImageOf(const Quarry::TransactionLevel &level, QObject *object)
{
    Quarry::SavedImage found;
    Quarry::forEachCurrent(level.saved, [&](const Quarry::SavedImage &saved) {
        if (saved.object.object == object)
            found = saved;
    });
    return found;
}

class tst_Transaction : public QObject
{
    Q_OBJECT

private:
    Quarry::Database openDatabase(const QString &url)
    {
        Quarry::Database db = Quarry::Database::open(url);
        if (!db.registerEntities<Account>() || !db.createAll())
            qWarning() << db.lastError();
        return db;
    }
    QStringList storedNames(const Quarry::Database &db)
    {
        Quarry::Session reader(db);
        QStringList names;
        const auto rows = reader.query<Account>().orderBy(QStringLiteral("name")).values(QStringList{QStringLiteral("name")});
        for (const QVariantList &row : rows)
            names << row.first().toString();
        return names;
    }
    void backends()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }

private Q_SLOTS:
    void commitWritesEverything_data() { backends(); }
    void commitWritesEverything();
    void destructorRollsBack_data() { backends(); }
    void destructorRollsBack();
    void nestedRollbackKeepsOuterWork_data() { backends(); }
    void nestedRollbackKeepsOuterWork();
    void failureInsideSavepointIsContained_data() { backends(); }
    void failureInsideSavepointIsContained();
    void failedOuterCommitCanBeRetried_data() { backends(); }
    void failedOuterCommitCanBeRetried();
    void savesOnlyChangedImages_data() { backends(); }
    void savesOnlyChangedImages();
    void objectLoadedInsideIsNewToIt_data() { backends(); }
    void objectLoadedInsideIsNewToIt();
    void insertsSaveNoImage_data() { backends(); }
    void insertsSaveNoImage();
    void reinsertedObjectComesBackAsItWas_data() { backends(); }
    void reinsertedObjectComesBackAsItWas();
    void levelsGiveBackTheirStartColumnByColumn_data();
    void levelsGiveBackTheirStartColumnByColumn();
    void wholeImageChangeAfterAnUpdateIsUndone_data();
    void wholeImageChangeAfterAnUpdateIsUndone();
    void destroyedObjectsLeaveTheirImagesBehind_data();
    void destroyedObjectsLeaveTheirImagesBehind();
    void endedSavepointsLeaveOuterImagesReachable_data();
    void endedSavepointsLeaveOuterImagesReachable();
    void largeUpdatesRollBackEveryValue_data() { backends(); }
    void largeUpdatesRollBackEveryValue();
};

void tst_Transaction::commitWritesEverything()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    {
        Quarry::Transaction transaction(session);
        QVERIFY(transaction.isActive());
        QVERIFY(!transaction.isNested());
        session.add(new Account(QStringLiteral("a"), 1));
        session.add(new Account(QStringLiteral("b"), 2));
        QUARRY_VERIFY(transaction.commit(), transaction);
        QVERIFY(!transaction.isActive());
    }
    QCOMPARE(storedNames(db), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
}

void tst_Transaction::destructorRollsBack()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *account = new Account(QStringLiteral("a"), 1);
    {
        Quarry::Transaction transaction(session);
        session.add(account);
        QUARRY_VERIFY(session.flush(), session);
        QVERIFY(account->m_id > 0);
    } // no commit: rolled back
    QVERIFY(!session.inTransaction());
    QVERIFY(!session.contains(account));
    QCOMPARE(account->m_id, qint64(0)); // the generated key is given back
    QVERIFY(storedNames(db).isEmpty());
}

void tst_Transaction::nestedRollbackKeepsOuterWork()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    Quarry::Transaction outer(session);
    auto *kept = new Account(QStringLiteral("kept"), 1);
    session.add(kept);
    {
        Quarry::Transaction inner(session);
        QVERIFY(inner.isNested());
        QUARRY_VERIFY(inner.isActive(), inner);
        session.add(new Account(QStringLiteral("dropped"), 2));
        kept->setProperty("balance", 100);
        QUARRY_VERIFY(session.flush(), session);
        QUARRY_VERIFY(inner.rollback(), inner);
    }
    // The savepoint's work is undone, in the database and in memory.
    QCOMPARE(kept->m_balance, 1);
    QUARRY_VERIFY(outer.commit(), outer);
    QCOMPARE(storedNames(db), QStringList{QStringLiteral("kept")});
}

void tst_Transaction::failureInsideSavepointIsContained()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    Quarry::Transaction outer(session);
    session.add(new Account(QStringLiteral("first"), 1));
    auto *clash = new Account(QStringLiteral("first"), 2);
    {
        Quarry::Transaction inner(session);
        session.add(clash);
        QVERIFY(!inner.commit());
        QCOMPARE(inner.lastError().kind(), Quarry::Error::UniqueViolation);
        // The outer transaction survives (PostgreSQL too: rolled back to the savepoint).
        QVERIFY(session.inTransaction());
        QVERIFY(session.isDirty(clash)); // still pending
        session.remove(clash);           // give up on it
        QUARRY_VERIFY(inner.commit(), inner);
    }
    session.add(new Account(QStringLiteral("second"), 3));
    QUARRY_VERIFY(outer.commit(), outer);
    QCOMPARE(storedNames(db), (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
}

void tst_Transaction::failedOuterCommitCanBeRetried()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    session.add(new Account(QStringLiteral("taken"), 1));
    QUARRY_VERIFY(session.commit(), session);

    Quarry::Transaction transaction(session);
    auto *fresh = new Account(QStringLiteral("fresh"), 1);
    auto *clash = new Account(QStringLiteral("taken"), 2);
    session.add(fresh);
    session.add(clash);
    QVERIFY(!transaction.commit());
    QCOMPARE(transaction.lastError().kind(), Quarry::Error::UniqueViolation);
    QVERIFY(transaction.isActive());
    QCOMPARE(storedNames(db), QStringList{QStringLiteral("taken")});

    clash->setProperty("name", QStringLiteral("other"));
    QUARRY_VERIFY(transaction.commit(), transaction);
    QCOMPARE(storedNames(db), (QStringList{QStringLiteral("fresh"), QStringLiteral("other"),
                                           QStringLiteral("taken")}));
}

// A transaction level costs what it changes, not what the session holds: of many loaded
// objects, only the changed ones have their images saved, and a savepoint holds what it
// changed itself.
void tst_Transaction::savesOnlyChangedImages()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    {
        Quarry::Session writer(db);
        for (int i = 0; i < 50; ++i)
            writer.add(new Account(QStringLiteral("a%1").arg(i, 2, 10, QLatin1Char('0')), i));
        QUARRY_VERIFY(writer.commit(), writer);
    }
    Quarry::Session session(db);
    const QList<Account *> accounts =
        session.query<Account>().orderBy(QStringLiteral("name")).all();
    QCOMPARE(accounts.size(), 50);
    const Quarry::SessionPrivate *d = session.d_func();

    // Given a transaction that changed one account
    Quarry::Transaction outer(session);
    accounts.at(0)->setProperty("balance", 100);
    QUARRY_VERIFY(session.flush(), session);
    QCOMPARE(savedObjects(d->levels.constFirst()), QList<QObject *>{accounts.at(0)});
    {
        // When a savepoint changes another one
        Quarry::Transaction inner(session);
        accounts.at(1)->setProperty("balance", 200);
        QUARRY_VERIFY(session.flush(), session);
        // Then the savepoint saved that one, the transaction both
        QCOMPARE(savedObjects(d->levels.constLast()), QList<QObject *>{accounts.at(1)});
        QCOMPARE(d->levels.constFirst().saved.size(), 2);
        QUARRY_VERIFY(inner.rollback(), inner);
    }
    // And rolling the savepoint back returns to its start, not to BEGIN
    QCOMPARE(accounts.at(1)->m_balance, 1);
    QCOMPARE(accounts.at(0)->m_balance, 100);
    QUARRY_VERIFY(outer.commit(), outer);
    QVERIFY(d->levels.isEmpty());
}

// An object loaded inside a transaction costs it no saved image, and was not in the
// session when the transaction began: rolling back lets it leave, as before.
void tst_Transaction::objectLoadedInsideIsNewToIt()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *first = new Account(QStringLiteral("first"), 1);
    auto *second = new Account(QStringLiteral("second"), 2);
    session.add(first);
    session.add(second);
    QUARRY_VERIFY(session.commit(), session);
    const QVariant secondId = second->m_id;
    session.expunge(second);
    delete second;
    const Quarry::SessionPrivate *d = session.d_func();

    // Given a transaction that changed one account and loaded another
    Quarry::Transaction transaction(session);
    first->setProperty("balance", 10);
    QUARRY_VERIFY(session.flush(), session);
    auto *loaded = session.get<Account>(secondId);
    QVERIFY(loaded);
    QCOMPARE(savedObjects(d->levels.constFirst()), QList<QObject *>{first});

    // When it is rolled back
    QUARRY_VERIFY(transaction.rollback(), transaction);

    // Then the changed one is back, the loaded one left the session
    QCOMPARE(first->m_balance, 1);
    QVERIFY(session.contains(first));
    QVERIFY(!session.contains(loaded));
    QCOMPARE(session.get<Account>(secondId)->m_balance, 2);
}

// Objects added before the transaction and inserted by its flush cost it no saved image:
// their insert stamp tells it they were new, and rolling it back still makes them so.
void tst_Transaction::insertsSaveNoImage()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *first = new Account(QStringLiteral("a"), 1);
    auto *second = new Account(QStringLiteral("b"), 2);
    session.add(first);
    session.add(second);
    const Quarry::SessionPrivate *d = session.d_func();

    // Given a flush that began the transaction and inserted both
    QUARRY_VERIFY(session.flush(), session);
    QVERIFY(session.inTransaction());
    QVERIFY(first->m_id > 0 && second->m_id > first->m_id);
    QVERIFY(savedObjects(d->levels.constFirst()).isEmpty());

    // When it is rolled back
    QUARRY_VERIFY(session.rollback(), session);

    // Then both are new again: keys given back, out of the session, no row
    QCOMPARE(first->m_id, qint64(0));
    QCOMPARE(second->m_id, qint64(0));
    QVERIFY(!session.contains(first) && !session.contains(second));
    QVERIFY(storedNames(db).isEmpty());
}

// An object deleted and then inserted again by one transaction had a row when it began:
// the image its DELETE saved wins over the stamp of the later INSERT.
void tst_Transaction::reinsertedObjectComesBackAsItWas()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *account = new Account(QStringLiteral("a"), 1);
    session.add(account);
    QUARRY_VERIFY(session.commit(), session);
    const qint64 id = account->m_id;

    // Given a transaction that deleted its row, then inserted it again
    QVERIFY(session.remove(account));
    QUARRY_VERIFY(session.flush(), session);
    QVERIFY(session.add(account));
    account->setProperty("balance", 5);
    QUARRY_VERIFY(session.flush(), session);
    QCOMPARE(account->m_id, id);

    // When it is rolled back
    QUARRY_VERIFY(session.rollback(), session);

    // Then the account is the row's object again, as the transaction found it
    QVERIFY(session.contains(account));
    QCOMPARE(account->m_balance, 1);
    QVERIFY(!session.isDirty(account));
    QCOMPARE(session.get<Account>(id), account);
    QCOMPARE(storedNames(db), QStringList{QStringLiteral("a")});

    // And the next transaction knows it had a row too (the stamp went with the rollback)
    account->setProperty("balance", 7);
    QUARRY_VERIFY(session.flush(), session);
    QUARRY_VERIFY(session.rollback(), session);
    QVERIFY(session.contains(account));
    QCOMPARE(account->m_balance, 1);
}

void tst_Transaction::levelsGiveBackTheirStartColumnByColumn_data()
{
    QuarryTest::addBackendColumn();
    QTest::addColumn<QString>("outerProperty");
    QTest::addColumn<QVariant>("outerValue");
    QTest::addColumn<QString>("innerProperty");
    QTest::addColumn<QVariant>("innerValue");
    const QString balance = QStringLiteral("balance");
    QuarryTest::addBackendRows(": another column", balance, QVariant(100), QStringLiteral("note"),
                               QVariant(QStringLiteral("inner")));
    QuarryTest::addBackendRows(": the same column", balance, QVariant(100), balance, QVariant(200));
}

// An UPDATE keeps only the values it overwrites in each level; rolling back a savepoint,
// then the transaction, still gives back each one's start.
void tst_Transaction::levelsGiveBackTheirStartColumnByColumn()
{
    QFETCH(QString, outerProperty);
    QFETCH(QVariant, outerValue);
    QFETCH(QString, innerProperty);
    QFETCH(QVariant, innerValue);
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *account = new Account(QStringLiteral("a"), 1);
    session.add(account);
    QUARRY_VERIFY(session.commit(), session);
    const QVariantMap start{{outerProperty, account->property(outerProperty.toUtf8())},
                            {innerProperty, account->property(innerProperty.toUtf8())}};
    const Quarry::SessionPrivate *d = session.d_func();

    // Given a transaction that updated one column: it kept that value only
    Quarry::Transaction outer(session);
    account->setProperty(outerProperty.toUtf8(), outerValue);
    QUARRY_VERIFY(session.flush(), session);
    const Quarry::SavedImage saved = savedImageOf(d->levels.constFirst(), account);
    QVERIFY(saved.isPartial());
    QCOMPARE(d->levels.constFirst().savedValues.size(), 1);

    // When a savepoint updates a column and is rolled back
    {
        Quarry::Transaction inner(session);
        account->setProperty(innerProperty.toUtf8(), innerValue);
        QUARRY_VERIFY(session.flush(), session);
        QUARRY_VERIFY(inner.rollback(), inner);
    }

    // Then the account is as the savepoint found it, and unchanged to the session
    QCOMPARE(account->property(outerProperty.toUtf8()), outerValue);
    if (innerProperty != outerProperty)
        QCOMPARE(account->property(innerProperty.toUtf8()), start.value(innerProperty));
    QVERIFY(!session.isDirty(account));

    // And rolling the transaction back gives back what it found
    QUARRY_VERIFY(outer.rollback(), outer);
    for (auto it = start.cbegin(); it != start.cend(); ++it)
        QCOMPARE(account->property(it.key().toUtf8()), it.value());
    QVERIFY(!session.isDirty(account));
    Quarry::Session reader(db);
    QCOMPARE(reader.get<Account>(account->m_id)->m_balance, 1);
}

void tst_Transaction::wholeImageChangeAfterAnUpdateIsUndone_data()
{
    QuarryTest::addBackendColumn();
    QTest::addColumn<bool>("removeIt"); // else refresh() it inside a savepoint
    QuarryTest::addBackendRows(": refresh in a savepoint", false);
    QuarryTest::addBackendRows(": remove", true);
}

// After an UPDATE kept one value, a change of the whole image (a refresh, a DELETE) makes
// the level keep the whole image it started with.
void tst_Transaction::wholeImageChangeAfterAnUpdateIsUndone()
{
    QFETCH(bool, removeIt);
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *account = new Account(QStringLiteral("a"), 1);
    session.add(account);
    QUARRY_VERIFY(session.commit(), session);
    const Quarry::SessionPrivate *d = session.d_func();

    // Given a transaction that updated the balance
    Quarry::Transaction outer(session);
    account->setProperty("balance", 100);
    QUARRY_VERIFY(session.flush(), session);

    // When the whole image changes
    if (removeIt) {
        QVERIFY(session.remove(account));
        QUARRY_VERIFY(session.flush(), session);
    } else {
        Quarry::Transaction inner(session);
        account->setProperty("note", QStringLiteral("unsaved"));
        QUARRY_VERIFY(session.refresh(account), session);
        QCOMPARE(account->m_balance, 100); // what the transaction wrote
        QCOMPARE(account->m_note, QString());
        QUARRY_VERIFY(inner.rollback(), inner);
    }
    QCOMPARE(savedObjects(d->levels.constFirst()), QList<QObject *>{account});
    QVERIFY(!savedImageOf(d->levels.constFirst(), account).isPartial());

    // Then rolling back gives back the account as the transaction found it, in the session
    QUARRY_VERIFY(outer.rollback(), outer);
    QVERIFY(session.contains(account));
    QCOMPARE(account->m_balance, 1);
    QVERIFY(!session.isDirty(account));
    QCOMPARE(session.get<Account>(account->m_id), account);
}

void tst_Transaction::destroyedObjectsLeaveTheirImagesBehind_data()
{
    QuarryTest::addBackendColumn();
    QTest::addColumn<bool>("commitIt");
    QuarryTest::addBackendRows(": commit", true);
    QuarryTest::addBackendRows(": rollback", false);
}

// A level's saved images stay where they are when their objects are destroyed: the
// commit and the rollback skip them, and the entry the session gives the reloaded row
// (the destroyed object's, reused) is new to the level.
void tst_Transaction::destroyedObjectsLeaveTheirImagesBehind()
{
    QFETCH(bool, commitIt);
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *gone = new Account(QStringLiteral("gone"), 1);
    auto *kept = new Account(QStringLiteral("kept"), 2);
    session.add(gone);
    session.add(kept);
    QUARRY_VERIFY(session.commit(), session);
    const QVariant goneId = gone->m_id;
    const Quarry::SessionPrivate *d = session.d_func();

    // Given a transaction that changed two accounts, one of which was then destroyed and
    // its row loaded again
    Quarry::Transaction transaction(session);
    gone->setProperty("balance", 10);
    kept->setProperty("balance", 20);
    QUARRY_VERIFY(session.flush(), session);
    delete gone;
    auto *reloaded = session.get<Account>(goneId);
    QVERIFY(reloaded);
    QCOMPARE(reloaded->m_balance, 10);
    QCOMPARE(savedObjects(d->levels.constFirst()), QList<QObject *>{kept});

    // When the transaction ends
    QUARRY_VERIFY(commitIt ? transaction.commit() : transaction.rollback(), transaction);

    // Then the rows and the objects agree on what it left
    const int expectedGone = commitIt ? 10 : 1;
    const int expectedKept = commitIt ? 20 : 2;
    QCOMPARE(kept->m_balance, expectedKept);
    QVERIFY(!session.isDirty(kept));
    // A rollback lets the reloaded object leave: it was new to the transaction
    QCOMPARE(session.contains(reloaded), commitIt);
    Quarry::Session reader(db);
    QCOMPARE(reader.get<Account>(goneId)->m_balance, expectedGone);
    QCOMPARE(reader.get<Account>(kept->m_id)->m_balance, expectedKept);
}

void tst_Transaction::endedSavepointsLeaveOuterImagesReachable_data()
{
    QuarryTest::addBackendColumn();
    QTest::addColumn<bool>("releaseFirst");
    QTest::addColumn<bool>("removeIt");
    QuarryTest::addBackendRows(": released, update", true, false);
    QuarryTest::addBackendRows(": rolled back, update", false, false);
    QuarryTest::addBackendRows(": released, delete", true, true);
    QuarryTest::addBackendRows(": rolled back, delete", false, true);
}

// An object reaches its saved image in each level from its innermost one. When a
// savepoint ends, a later savepoint's change must still find the transaction's image: a
// second image of the object there would describe the later savepoint's start instead.
void tst_Transaction::endedSavepointsLeaveOuterImagesReachable()
{
    QFETCH(bool, releaseFirst);
    QFETCH(bool, removeIt);
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    auto *account = new Account(QStringLiteral("a"), 1);
    session.add(account);
    QUARRY_VERIFY(session.commit(), session);
    const Quarry::SessionPrivate *d = session.d_func();

    // Given a transaction that updated the balance, and a savepoint that updated the note
    // and ended
    Quarry::Transaction outer(session);
    account->setProperty("balance", 100);
    QUARRY_VERIFY(session.flush(), session);
    {
        Quarry::Transaction first(session);
        account->setProperty("note", QStringLiteral("first"));
        QUARRY_VERIFY(session.flush(), session);
        QUARRY_VERIFY(releaseFirst ? first.commit() : first.rollback(), first);
    }

    // When a second savepoint changes the balance again, or deletes the account
    {
        Quarry::Transaction second(session);
        if (removeIt)
            QVERIFY(session.remove(account));
        else
            account->setProperty("balance", 300);
        QUARRY_VERIFY(session.flush(), session);
        QUARRY_VERIFY(second.commit(), second);
    }

    // Then the transaction still holds one image of the account, and rolling it back gives
    // back what it found
    QCOMPARE(savedObjects(d->levels.constFirst()), QList<QObject *>{account});
    QUARRY_VERIFY(outer.rollback(), outer);
    QVERIFY(session.contains(account));
    QCOMPARE(account->m_balance, 1);
    QCOMPARE(account->m_note, QString());
    QVERIFY(!session.isDirty(account));
    Quarry::Session reader(db);
    QCOMPARE(reader.get<Account>(account->m_id)->m_balance, 1);
}

// Saved values sit in blocks of a level (TransactionLevel::savedValues): updates of many
// objects, two properties saved by different flushes, give back every value across the
// blocks.
void tst_Transaction::largeUpdatesRollBackEveryValue()
{
    const int count = 600; // more than two blocks of saved values
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = openDatabase(freshUrl);
    Quarry::Session session(db);
    for (int i = 0; i < count; ++i)
        session.add(new Account(QStringLiteral("a%1").arg(i, 3, 10, QLatin1Char('0')), i));
    QUARRY_VERIFY(session.commit(), session);
    const QList<Account *> accounts =
        session.query<Account>().orderBy(QStringLiteral("name")).all();
    QCOMPARE(accounts.size(), count);
    auto setAll = [&](const char *property, auto value) {
        for (Account *account : accounts)
            account->setProperty(property, value(account));
        return session.flush();
    };
    auto balancePlus = [](int delta) {
        return [delta](Account *account) { return account->m_balance + delta; };
    };
    auto noteOf = [](const QString &text) {
        return [text](Account *account) { return text + account->m_name; };
    };

    // Given a transaction that changed every balance
    Quarry::Transaction outer(session);
    QUARRY_VERIFY(setAll("balance", balancePlus(1000)), session);
    {
        // When a savepoint changes every note and then every balance again, and is
        // rolled back
        Quarry::Transaction inner(session);
        QUARRY_VERIFY(setAll("note", noteOf(QStringLiteral("inner "))), session);
        QUARRY_VERIFY(setAll("balance", balancePlus(1000)), session);
        QCOMPARE(session.d_func()->levels.constLast().savedValues.size(), 2 * count);
        QUARRY_VERIFY(inner.rollback(), inner);
    }
    // Then each account is as the savepoint found it
    for (int i = 0; i < count; ++i) {
        QCOMPARE(accounts.at(i)->m_balance, i + 1000);
        QCOMPARE(accounts.at(i)->m_note, QString());
    }

    // And when the transaction changes every note too and is rolled back, each account
    // is as it found it, in the object and in the database
    QUARRY_VERIFY(setAll("note", noteOf(QStringLiteral("outer "))), session);
    QUARRY_VERIFY(outer.rollback(), outer);
    for (int i = 0; i < count; ++i) {
        QCOMPARE(accounts.at(i)->m_balance, i);
        QCOMPARE(accounts.at(i)->m_note, QString());
        QVERIFY(!session.isDirty(accounts.at(i)));
    }
    Quarry::Session reader(db);
    const QList<QVariantList> rows = reader.query<Account>()
                                         .orderBy(QStringLiteral("name"))
                                         .values(QStringList{QStringLiteral("balance"),
                                                             QStringLiteral("note")});
    QCOMPARE(rows.size(), count);
    for (int i = 0; i < count; ++i)
        QCOMPARE(rows.at(i), (QVariantList{i, QString()}));
}

QTEST_GUILESS_MAIN(tst_Transaction)
#include "tst_transaction.moc"
