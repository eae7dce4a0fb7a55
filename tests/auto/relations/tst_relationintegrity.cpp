// Integrity across relations: ON DELETE cascade and set_null mirrored in memory as in the
// database, restrict and unknown keys as ForeignKeyViolation naming the relation, failed
// commits that keep the whole graph pending, and deleted objects that stay deleted.

#include "library.h"
#include "sqlcapture.h"

#include <QtTest>

using Quarry::Field;
using QuarryTest::SqlCapture;

class tst_RelationIntegrity : public QObject {
    Q_OBJECT

    template <typename T>
    static T *named(Quarry::Session &session, const QString &name, const char *property = "name")
    {
        return session.query<T>().filterBy(QString::fromLatin1(property), name).one();
    }
    static Book *titled(Quarry::Session &session, const QString &title)
    {
        return named<Book>(session, title, "title");
    }

private Q_SLOTS:
    void cascadeRemovesChildrenFromTheSession_data() { Library::backends(); }
    void cascadeRemovesChildrenFromTheSession();
    void setNullClearsKeysInMemory_data() { Library::backends(); }
    void setNullClearsKeysInMemory();
    void restrictIsAForeignKeyViolationNamingTheRelation_data() { Library::backends(); }
    void restrictIsAForeignKeyViolationNamingTheRelation();
    void restrictBehindACascadeNamesTheRelation_data() { Library::backends(); }
    void restrictBehindACascadeNamesTheRelation();
    void unknownParentKeyIsAForeignKeyViolation_data() { Library::backends(); }
    void unknownParentKeyIsAForeignKeyViolation();
    void failedCommitKeepsTheNewGraphPending_data() { Library::backends(); }
    void failedCommitKeepsTheNewGraphPending();
    void failedLinkRowKeepsChangesPending_data() { Library::backends(); }
    void failedLinkRowKeepsChangesPending();
    void removedChildInALoadedListStaysDeleted_data() { Library::backends(); }
    void removedChildInALoadedListStaysDeleted();
    void removedTagInALoadedListStaysDeleted_data() { Library::backends(); }
    void removedTagInALoadedListStaysDeleted();
    void removedParentBehindAPointerStaysDeleted_data() { Library::backends(); }
    void removedParentBehindAPointerStaysDeleted();
};

void tst_RelationIntegrity::cascadeRemovesChildrenFromTheSession()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    // Given Tolkien with his books, their reviews and tags, his profile, and every reading
    Author *tolkien = session.query<Author>()
                          .filterBy(QStringLiteral("name"), QStringLiteral("Tolkien"))
                          .with("books.reviews")
                          .with("books.tags")
                          .with("profile")
                          .one();
    QUARRY_VERIFY(tolkien, session);
    const QList<Reading *> readings = session.query<Reading>().orderBy(QStringLiteral("id")).all();
    Book *hobbit = tolkien->m_books.first();
    Book *rings = tolkien->m_books.last();
    Profile *profile = tolkien->m_profile;
    const qint64 hobbitId = hobbit->m_id;

    // When he is removed, with the review that would block his Hobbit (restrict)
    QUARRY_VERIFY(session.remove(hobbit->m_reviews.first()), session);
    QUARRY_VERIFY(session.remove(tolkien), session);
    QUARRY_VERIFY(session.commit(), session);

    // Then his books, his profile and the reading of the Hobbit left the session as the
    // database deleted them; the objects are still alive, the others untouched
    QVERIFY(!session.contains(tolkien));
    QVERIFY(!session.contains(hobbit));
    QVERIFY(!session.contains(rings));
    QVERIFY(!session.contains(profile));
    QVERIFY(!session.contains(readings.first()));
    QVERIFY(session.contains(readings.last()));
    QCOMPARE(hobbit->m_title, QStringLiteral("The Hobbit"));
    QVERIFY(!session.get<Book>(hobbitId));
    QCOMPARE(session.lastError().kind(), Quarry::Error::NotFound);
    QVERIFY(!session.hasPendingChanges());
    // And the database agrees, link rows included
    QCOMPARE(Library::count(db, QStringLiteral("books")), 3);
    QCOMPARE(Library::count(db, QStringLiteral("profiles")), 0);
    QCOMPARE(Library::count(db, QStringLiteral("readings")), 1);
    QCOMPARE(Library::count(db, QStringLiteral("book_tags")), 3);
    QCOMPARE(Library::count(db, QStringLiteral("tags")), 3);
    QCOMPARE(session.query<Book>().count(), 3);
}

void tst_RelationIntegrity::setNullClearsKeysInMemory()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    // Given every book loaded; the Hobbit has a publisher
    const QList<Book *> books = session.query<Book>().all();
    Book *hobbit = titled(session, QStringLiteral("The Hobbit"));
    Publisher *publisher = session.query<Publisher>().one();
    QCOMPARE(hobbit->m_publisherId, std::optional<qint64>(publisher->m_id));

    // When the publisher is removed
    session.remove(publisher);
    SqlCapture capture;
    QUARRY_VERIFY(session.commit(), session);

    // Then the database set the key NULL, and so did the session, without an UPDATE
    QCOMPARE(hobbit->m_publisherId, std::optional<qint64>());
    QVERIFY(session.contains(hobbit));
    QVERIFY(!session.isDirty(hobbit));
    QCOMPARE(capture.matching(QStringLiteral("UPDATE")), QStringList());
    QVERIFY(Library::rows(db, QStringLiteral("SELECT publisher_id FROM books WHERE title = ?"),
                          {QStringLiteral("The Hobbit")})
                .value(0)
                .value(0)
                .isNull());
    QCOMPARE(books.size(), 5);
}

void tst_RelationIntegrity::restrictIsAForeignKeyViolationNamingTheRelation()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    Book *mort = titled(session, QStringLiteral("Mort"));

    // When a book with a review (on_delete=restrict) is removed
    session.remove(mort);
    QVERIFY(!session.commit());

    // Then it is a ForeignKeyViolation that names the relation that refused
    QCOMPARE(session.lastError().kind(), Quarry::Error::ForeignKeyViolation);
    QVERIFY2(session.lastError().message().contains(QLatin1String("Review.bookId")),
             qPrintable(session.lastError().message()));
    // And the removal is still pending: removing the review too makes it work
    QVERIFY(session.isDirty(mort));
    QCOMPARE(Library::count(db, QStringLiteral("books")), 5);
    session.setAutoflush(false); // the next read would retry the DELETE first
    Review *review = session.relatedList<Review>(mort).value(0);
    QUARRY_VERIFY(review, session);
    session.remove(review);
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(Library::count(db, QStringLiteral("books")), 4);
    QCOMPARE(Library::count(db, QStringLiteral("reviews")), 1);
}

void tst_RelationIntegrity::restrictBehindACascadeNamesTheRelation()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);

    // When Pratchett is removed: his books cascade, but Mort's review restricts
    session.remove(named<Author>(session, QStringLiteral("Pratchett")));
    QVERIFY(!session.commit());

    // Then the error names the relation that refused, not only the author's own
    QCOMPARE(session.lastError().kind(), Quarry::Error::ForeignKeyViolation);
    QVERIFY2(session.lastError().message().contains(QLatin1String("Review.bookId")),
             qPrintable(session.lastError().message()));
}

void tst_RelationIntegrity::unknownParentKeyIsAForeignKeyViolation()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    Author *borges = named<Author>(session, QStringLiteral("Borges"));

    // When a book names an author key that does not exist
    auto *book = new Book(QStringLiteral("Orphan"), 2000);
    book->m_authorId = 999999;
    session.add(book);
    QVERIFY(!session.commit());

    // Then it is a ForeignKeyViolation naming the relation
    QCOMPARE(session.lastError().kind(), Quarry::Error::ForeignKeyViolation);
    QVERIFY2(
        session.lastError().message().contains(QLatin1String("Book.authorId references Author")),
        qPrintable(session.lastError().message()));
    QCOMPARE(book->m_id, 0);
    // And pointing it at a real author (the pointer wins) makes the retry work
    book->m_author = borges;
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(book->m_authorId, book->m_author->m_id);
}

void tst_RelationIntegrity::failedCommitKeepsTheNewGraphPending()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    Tag *fantasy = named<Tag>(session, QStringLiteral("fantasy"));

    // Given a new author with new books, an existing tag and a new tag whose name is taken
    auto *author = new Author(QStringLiteral("Jemisin"));
    auto *season = new Book(QStringLiteral("The Fifth Season"), 2015);
    auto *gate = new Book(QStringLiteral("The Obelisk Gate"), 2016);
    auto *duplicate = new Tag(QStringLiteral("fantasy"));
    season->m_tags = {fantasy, duplicate};
    gate->m_tags = {fantasy};
    author->m_books = {season, gate};
    session.add(author);

    // When the commit fails (UniqueViolation on the tag)
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().kind(), Quarry::Error::UniqueViolation);

    // Then nothing was stored, the generated keys were given back, and the whole graph
    // is still pending in the session
    QCOMPARE(Library::count(db, QStringLiteral("authors")), 4);
    QCOMPARE(Library::count(db, QStringLiteral("book_tags")), 7);
    QCOMPARE(author->m_id, 0);
    QCOMPARE(season->m_id, 0);
    for (QObject *object : QList<QObject *>{author, season, gate, duplicate}) {
        QVERIFY(session.contains(object));
        QVERIFY(session.isDirty(object));
    }

    // When the cause is fixed and the session commits again
    duplicate->setProperty("name", QStringLiteral("geology"));
    QUARRY_VERIFY(session.commit(), session);

    // Then everything is stored once, with its links
    QCOMPARE(Library::count(db, QStringLiteral("authors")), 5);
    QCOMPARE(season->m_authorId, author->m_id);
    QCOMPARE(gate->m_authorId, author->m_id);
    QCOMPARE(Library::tagIdsOf(db, season->m_id),
             Library::sorted({fantasy->m_id, duplicate->m_id}));
    QCOMPARE(Library::tagIdsOf(db, gate->m_id), QList<qint64>{fantasy->m_id});
    QCOMPARE(Library::count(db, QStringLiteral("book_tags")), 10);
    QVERIFY(!session.hasPendingChanges());
}

void tst_RelationIntegrity::failedLinkRowKeepsChangesPending()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    // Given the Hobbit with its tags, and the scifi tag deleted by someone else meanwhile
    Book *hobbit = session.query<Book>()
                       .filterBy(QStringLiteral("title"), QStringLiteral("The Hobbit"))
                       .with("tags")
                       .one();
    Tag *scifi = named<Tag>(session, QStringLiteral("scifi"));
    QVERIFY(hobbit && scifi);
    {
        Quarry::Session other(db);
        QUARRY_VERIFY(other.remove(named<Tag>(other, QStringLiteral("scifi"))), other);
        QUARRY_VERIFY(other.commit(), other);
    }

    // When the book is renamed and linked to the vanished tag
    hobbit->setProperty("title", QStringLiteral("There and Back Again"));
    hobbit->m_tags.append(scifi);
    QVERIFY(!session.commit());

    // Then the link row is a ForeignKeyViolation that names the relation, and nothing is
    // stored
    QCOMPARE(session.lastError().kind(), Quarry::Error::ForeignKeyViolation);
    QVERIFY2(session.lastError().message().contains(QLatin1String("Book.tags")),
             qPrintable(session.lastError().message()));
    QCOMPARE(Library::rows(db, QStringLiteral("SELECT COUNT(*) FROM books WHERE title = ?"),
                           {QStringLiteral("The Hobbit")})
                 .value(0)
                 .value(0)
                 .toInt(),
             1);

    // When the link is dropped, the retry stores the rename and the old links
    hobbit->m_tags.removeLast();
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(Library::rows(db, QStringLiteral("SELECT COUNT(*) FROM books WHERE title = ?"),
                           {QStringLiteral("There and Back Again")})
                 .value(0)
                 .value(0)
                 .toInt(),
             1);
    QCOMPARE(Library::tagIdsOf(db, hobbit->m_id).size(), 2);
}

void tst_RelationIntegrity::removedChildInALoadedListStaysDeleted()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    // Given Tolkien with his books loaded, and The Lord of the Rings removed
    Author *tolkien = session.query<Author>()
                          .filterBy(QStringLiteral("name"), QStringLiteral("Tolkien"))
                          .with("books")
                          .one();
    QUARRY_VERIFY(session.remove(tolkien->m_books.last()), session);
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(Library::count(db, QStringLiteral("books")), 4);

    // When something else about Tolkien changes and is committed
    tolkien->setProperty("name", QStringLiteral("J. R. R. Tolkien"));
    QUARRY_VERIFY(session.commit(), session);

    // Then the removed book, still in his in-memory list, is not inserted again
    QCOMPARE(Library::count(db, QStringLiteral("books")), 4);
    QVERIFY(!session.contains(tolkien->m_books.last()));
}

void tst_RelationIntegrity::removedTagInALoadedListStaysDeleted()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    // Given the Hobbit with its tags loaded, and the classic tag removed
    Book *hobbit = session.query<Book>()
                       .filterBy(QStringLiteral("title"), QStringLiteral("The Hobbit"))
                       .with("tags")
                       .one();
    Tag *classic = hobbit->m_tags.last();
    QCOMPARE(classic->m_name, QStringLiteral("classic"));
    QUARRY_VERIFY(session.remove(classic), session);
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(Library::count(db, QStringLiteral("tags")), 2);

    // When the book changes and is committed
    hobbit->setProperty("year", 1938);
    QUARRY_VERIFY(session.commit(), session);

    // Then the tag is not inserted again, nor its link
    QCOMPARE(Library::count(db, QStringLiteral("tags")), 2);
    QCOMPARE(Library::tagIdsOf(db, hobbit->m_id).size(), 1);
}

void tst_RelationIntegrity::removedParentBehindAPointerStaysDeleted()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    // Given the Hobbit with its publisher loaded, and the publisher removed (set_null)
    Book *hobbit = session.query<Book>()
                       .filterBy(QStringLiteral("title"), QStringLiteral("The Hobbit"))
                       .with("publisher")
                       .one();
    QVERIFY(hobbit && hobbit->m_publisher);
    QUARRY_VERIFY(session.remove(hobbit->m_publisher), session);
    QUARRY_VERIFY(session.commit(), session);

    // When the book changes and is committed
    hobbit->setProperty("year", 1938);
    QUARRY_VERIFY(session.commit(), session);

    // Then the publisher is not inserted again, and the key stays NULL
    QCOMPARE(Library::count(db, QStringLiteral("publishers")), 0);
    QCOMPARE(hobbit->m_publisherId, std::optional<qint64>());
}

QTEST_GUILESS_MAIN(tst_RelationIntegrity)
#include "tst_relationintegrity.moc"
