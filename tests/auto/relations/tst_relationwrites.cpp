// Writing through relations: pointers and lists decide foreign keys, objects new in the
// same session are inserted parents first, many-to-many lists become association rows,
// and the relation decisions (pointer over key, one-to-many removals, read-only entity
// lists) hold on every backend.

#include "library.h"
#include "sqlcapture.h"

#include <QtTest>

using Quarry::Field;
using QuarryTest::SqlCapture;

class tst_RelationWrites : public QObject {
    Q_OBJECT

    static qint64 authorIdOf(const Quarry::Database &db, const QString &title)
    {
        return Library::rows(db, QStringLiteral("SELECT author_id FROM books WHERE title = ?"),
                             {title})
            .value(0)
            .value(0)
            .toLongLong();
    }
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
    void pointerToANewParentInsertsItFirst_data() { Library::backends(); }
    void pointerToANewParentInsertsItFirst();
    void newGraphFromOneAddIsInsertedInKeyOrder_data() { Library::backends(); }
    void newGraphFromOneAddIsInsertedInKeyOrder();
    void appendingToALoadedListSetsTheKey_data() { Library::backends(); }
    void appendingToALoadedListSetsTheKey();
    void oneToOneSetsTheKeyOnTheOtherSide_data() { Library::backends(); }
    void oneToOneSetsTheKeyOnTheOtherSide();
    void pointerWinsOverKey_data() { Library::backends(); }
    void pointerWinsOverKey();
    void movingAChildWithBothSidesLoaded_data() { Library::backends(); }
    void movingAChildWithBothSidesLoaded();
    void clearingAPointerClearsTheKey_data() { Library::backends(); }
    void clearingAPointerClearsTheKey();
    void oneToManyRemovalsAreNotWritten_data() { Library::backends(); }
    void oneToManyRemovalsAreNotWritten();
    void manyToManyAddsAndRemovesLinkRows_data() { Library::backends(); }
    void manyToManyAddsAndRemovesLinkRows();
    void manyToManyFromBothSidesWritesOneRow_data() { Library::backends(); }
    void manyToManyFromBothSidesWritesOneRow();
    void appendingToAnUnloadedManyToManyKeepsExistingLinks_data() { Library::backends(); }
    void appendingToAnUnloadedManyToManyKeepsExistingLinks();
    void associationEntityListIsReadOnly_data() { Library::backends(); }
    void associationEntityListIsReadOnly();
    void unchangedRelationsWriteNothing_data() { Library::backends(); }
    void unchangedRelationsWriteNothing();
};

void tst_RelationWrites::pointerToANewParentInsertsItFirst()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QUARRY_VERIFY(db.isValid(), db);
    Quarry::Session session(db);

    // Given a new book pointing at a new author, and only the book added
    auto *author = new Author(QStringLiteral("Jemisin"));
    auto *book = new Book(QStringLiteral("The Fifth Season"), 2015);
    book->m_author = author;
    QUARRY_VERIFY(session.add(book), session);

    // When the session commits
    QUARRY_VERIFY(session.commit(), session);

    // Then the author joined the session, was inserted first, and the key followed
    QVERIFY(session.contains(author));
    QVERIFY(author->m_id > 0);
    QCOMPARE(book->m_authorId, author->m_id);
    QCOMPARE(authorIdOf(db, QStringLiteral("The Fifth Season")), author->m_id);
    QVERIFY(!session.isDirty(book));
    QVERIFY(!session.hasPendingChanges());
}

void tst_RelationWrites::newGraphFromOneAddIsInsertedInKeyOrder()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QUARRY_VERIFY(db.isValid(), db);
    Quarry::Session session(db);

    // Given a whole new graph reachable from one author: profile, books, their reviews,
    // tags and publisher; none of their keys exist yet
    auto *author = new Author(QStringLiteral("Herbert"));
    author->m_profile = new Profile(QStringLiteral("Tacoma"));
    auto *dune = new Book(QStringLiteral("Dune"), 1965);
    auto *messiah = new Book(QStringLiteral("Dune Messiah"), 1969);
    auto *sf = new Tag(QStringLiteral("sf"));
    dune->m_tags = {sf, new Tag(QStringLiteral("desert"))};
    messiah->m_tags = {sf};
    dune->m_reviews = {new Review(5), new Review(4)};
    dune->m_publisher = new Publisher(QStringLiteral("Chilton"));
    author->m_books = {dune, messiah};
    session.add(author);

    // When the session commits
    SqlCapture capture;
    QUARRY_VERIFY(session.commit(), session);

    // Then every object was inserted once, parents before children, with the keys set
    // author, profile, two books, two tags, publisher, two reviews, three links
    QCOMPARE(capture.matching(QStringLiteral("INSERT")).size(), 12);
    QCOMPARE(author->m_profile->m_authorId, author->m_id);
    QCOMPARE(dune->m_authorId, author->m_id);
    QCOMPARE(messiah->m_authorId, author->m_id);
    QCOMPARE(dune->m_publisherId, std::optional<qint64>(dune->m_publisher->m_id));
    QCOMPARE(dune->m_reviews.last()->m_bookId, dune->m_id);
    QCOMPARE(Library::tagIdsOf(db, dune->m_id),
             Library::sorted({sf->m_id, dune->m_tags.last()->m_id}));
    QCOMPARE(Library::tagIdsOf(db, messiah->m_id), QList<qint64>{sf->m_id});
    QCOMPARE(Library::count(db, QStringLiteral("reviews")), 2);
    QVERIFY(!session.hasPendingChanges());

    // And a second session reads the same graph back
    Quarry::Session reader(db);
    Author *loaded =
        reader.query<Author>().with("books.tags").with("books.reviews").with("profile").one();
    QUARRY_VERIFY(loaded, reader);
    QCOMPARE(Library::titles(loaded->m_books),
             (QStringList{QStringLiteral("Dune"), QStringLiteral("Dune Messiah")}));
    QCOMPARE(Library::names(loaded->m_books.first()->m_tags),
             (QStringList{QStringLiteral("sf"), QStringLiteral("desert")}));
    QCOMPARE(loaded->m_books.first()->m_reviews.size(), 2);
    QCOMPARE(loaded->m_profile->m_bio, QStringLiteral("Tacoma"));
}

void tst_RelationWrites::appendingToALoadedListSetsTheKey()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    // Given Borges, with his (empty) list of books loaded
    Author *borges = named<Author>(session, QStringLiteral("Borges"));
    QVERIFY(session.relatedList<Book>(borges).isEmpty());

    // When a new book and an existing one (Mort, Pratchett's) are appended
    auto *ficciones = new Book(QStringLiteral("Ficciones"), 1944);
    Book *mort = titled(session, QStringLiteral("Mort"));
    borges->m_books.append(ficciones);
    borges->m_books.append(mort);
    QUARRY_VERIFY(session.commit(), session);

    // Then both now belong to Borges, in memory and in the database
    QVERIFY(session.contains(ficciones));
    QCOMPARE(ficciones->m_authorId, borges->m_id);
    QCOMPARE(mort->m_authorId, borges->m_id);
    QCOMPARE(authorIdOf(db, QStringLiteral("Ficciones")), borges->m_id);
    QCOMPARE(authorIdOf(db, QStringLiteral("Mort")), borges->m_id);
}

void tst_RelationWrites::oneToOneSetsTheKeyOnTheOtherSide()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    Author *leGuin = named<Author>(session, QStringLiteral("Le Guin"));

    // When a new profile is set on an author that has none
    QVERIFY(!session.related<Profile>(leGuin));
    leGuin->m_profile = new Profile(QStringLiteral("Berkeley"));
    QUARRY_VERIFY(session.commit(), session);

    // Then the profile row carries the author's key
    QCOMPARE(leGuin->m_profile->m_authorId, leGuin->m_id);
    Quarry::Session reader(db);
    Author *loaded = reader.query<Author>()
                         .where(Field(QStringLiteral("profile.bio")) == QStringLiteral("Berkeley"))
                         .one();
    QUARRY_VERIFY(loaded, reader);
    QCOMPARE(loaded->m_name, QStringLiteral("Le Guin"));

    // And a second profile for the same author breaks the unique key: UniqueViolation
    Author *tolkien = named<Author>(session, QStringLiteral("Tolkien"));
    auto *second = new Profile(QStringLiteral("Leeds"));
    second->m_authorId = tolkien->m_id;
    session.add(second);
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().kind(), Quarry::Error::UniqueViolation);
}

void tst_RelationWrites::pointerWinsOverKey()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    Author *tolkien = named<Author>(session, QStringLiteral("Tolkien"));
    Author *leGuin = named<Author>(session, QStringLiteral("Le Guin"));

    // Given a new book whose pointer and key disagree
    auto *book = new Book(QStringLiteral("Silmarillion"), 1977);
    book->m_author = tolkien;
    book->m_authorId = leGuin->m_id;
    session.add(book);
    QUARRY_VERIFY(session.commit(), session);
    // Then the pointer decided
    QCOMPARE(book->m_authorId, tolkien->m_id);

    // Given a loaded book whose pointer is moved to another author
    Book *mort = session.query<Book>()
                     .filterBy(QStringLiteral("title"), QStringLiteral("Mort"))
                     .with("author")
                     .one();
    QCOMPARE(mort->m_author->m_name, QStringLiteral("Pratchett"));
    mort->m_author = leGuin;
    QUARRY_VERIFY(session.commit(), session);
    // Then the key follows, in memory and in the database
    QCOMPARE(mort->m_authorId, leGuin->m_id);
    QCOMPARE(authorIdOf(db, QStringLiteral("Mort")), leGuin->m_id);

    // And a key set on a book whose pointer was never set is the user's to decide
    Book *earthsea = titled(session, QStringLiteral("A Wizard of Earthsea"));
    earthsea->setProperty("authorId", tolkien->m_id);
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(authorIdOf(db, QStringLiteral("A Wizard of Earthsea")), tolkien->m_id);
}

void tst_RelationWrites::movingAChildWithBothSidesLoaded()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    // Given every author with their books, and every book with its author, loaded
    const QList<Author *> authors =
        session.query<Author>().with("books").orderBy(QStringLiteral("name")).all();
    const QList<Book *> books =
        session.query<Book>().with("author").orderBy(QStringLiteral("year")).all();
    QCOMPARE(authors.size(), 4);
    QCOMPARE(books.size(), 5);
    Author *borges = authors.first();

    // When every book's pointer moves to Borges (the old authors' lists left as they were)
    for (Book *book : books)
        book->m_author = borges;
    QUARRY_VERIFY(session.commit(), session);

    // Then the pointer the user changed decides every key, whatever the order the session
    // meets the objects in
    for (const Book *book : books)
        QCOMPARE(book->m_authorId, borges->m_id);
    QCOMPARE(Library::rows(db, QStringLiteral("SELECT COUNT(*) FROM books WHERE author_id = ?"),
                           {borges->m_id})
                 .value(0)
                 .value(0)
                 .toInt(),
             5);
}

void tst_RelationWrites::clearingAPointerClearsTheKey()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    // Given the Hobbit with its publisher loaded
    Book *hobbit = session.query<Book>()
                       .filterBy(QStringLiteral("title"), QStringLiteral("The Hobbit"))
                       .with("publisher")
                       .one();
    QVERIFY(hobbit && hobbit->m_publisher);

    // When the pointer is cleared
    hobbit->m_publisher = nullptr;
    QUARRY_VERIFY(session.commit(), session);

    // Then the key is NULL in memory and in the database
    QCOMPARE(hobbit->m_publisherId, std::optional<qint64>());
    QVERIFY(Library::rows(db, QStringLiteral("SELECT publisher_id FROM books WHERE title = ?"),
                          {QStringLiteral("The Hobbit")})
                .value(0)
                .value(0)
                .isNull());
    QVERIFY(!session.isDirty(hobbit));
}

void tst_RelationWrites::oneToManyRemovalsAreNotWritten()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    Author *tolkien = session.query<Author>()
                          .filterBy(QStringLiteral("name"), QStringLiteral("Tolkien"))
                          .with("books")
                          .one();
    QCOMPARE(tolkien->m_books.size(), 2);

    // When a book is taken out of the list (its key cannot be NULL: where would it go?)
    tolkien->m_books.removeLast();
    SqlCapture capture;
    QUARRY_VERIFY(session.commit(), session);

    // Then nothing is written: the book still belongs to Tolkien
    QCOMPARE(capture.matching(QStringLiteral("UPDATE")), QStringList());
    QCOMPARE(authorIdOf(db, QStringLiteral("The Lord of the Rings")), tolkien->m_id);
}

void tst_RelationWrites::manyToManyAddsAndRemovesLinkRows()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    // Given the Hobbit with its tags [fantasy, classic] loaded
    Book *hobbit = session.query<Book>()
                       .filterBy(QStringLiteral("title"), QStringLiteral("The Hobbit"))
                       .with("tags")
                       .one();
    QCOMPARE(Library::names(hobbit->m_tags),
             (QStringList{QStringLiteral("fantasy"), QStringLiteral("classic")}));
    Tag *fantasy = hobbit->m_tags.first();
    Tag *classic = hobbit->m_tags.last();
    Tag *scifi = named<Tag>(session, QStringLiteral("scifi"));
    const qint64 linksBefore = Library::count(db, QStringLiteral("book_tags"));

    // When classic is removed, scifi and a new tag are added
    auto *children = new Tag(QStringLiteral("children"));
    hobbit->m_tags = {fantasy, scifi, children};
    SqlCapture capture;
    QUARRY_VERIFY(session.commit(), session);

    // Then one link row was deleted and two inserted (after the new tag); tags stay
    QCOMPARE(capture.matching(QStringLiteral("DELETE")).size(), 1);
    QCOMPARE(capture.matching(QStringLiteral("INSERT")).size(), 3);
    QCOMPARE(Library::tagIdsOf(db, hobbit->m_id),
             Library::sorted({fantasy->m_id, scifi->m_id, children->m_id}));
    QCOMPARE(Library::count(db, QStringLiteral("book_tags")), linksBefore + 1);
    QCOMPARE(Library::count(db, QStringLiteral("tags")), 4);
    QVERIFY(session.contains(classic));

    // And another session sees the new list
    Quarry::Session reader(db);
    Book *loaded = reader.query<Book>()
                       .filterBy(QStringLiteral("title"), QStringLiteral("The Hobbit"))
                       .with("tags")
                       .one();
    QCOMPARE(Library::names(loaded->m_tags),
             (QStringList{QStringLiteral("fantasy"), QStringLiteral("scifi"),
                          QStringLiteral("children")}));

    // When every tag is removed, every link row goes
    hobbit->m_tags.clear();
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(Library::tagIdsOf(db, hobbit->m_id), QList<qint64>());
}

void tst_RelationWrites::manyToManyFromBothSidesWritesOneRow()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QUARRY_VERIFY(db.isValid(), db);
    Quarry::Session session(db);

    // Given a new book and a new tag that list each other
    auto *book = new Book(QStringLiteral("Solaris"), 1961);
    book->m_author = new Author(QStringLiteral("Lem"));
    auto *tag = new Tag(QStringLiteral("ocean"));
    book->m_tags = {tag};
    tag->m_books = {book};
    session.add(tag);

    // When committed, one link row is written, not two (which the key would refuse)
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(Library::bookTagPairs(db), QStringLiteral("%1-%2").arg(book->m_id).arg(tag->m_id));

    // When the link is dropped from one side only, the row goes
    auto *other = new Book(QStringLiteral("The Cyberiad"), 1965);
    other->m_author = book->m_author;
    tag->m_books = {other};
    book->m_tags.clear();
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(Library::bookTagPairs(db), QStringLiteral("%1-%2").arg(other->m_id).arg(tag->m_id));
}

void tst_RelationWrites::appendingToAnUnloadedManyToManyKeepsExistingLinks()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    // Given the Hobbit loaded without its tags (they are fantasy and classic)
    Book *hobbit = titled(session, QStringLiteral("The Hobbit"));
    Tag *scifi = named<Tag>(session, QStringLiteral("scifi"));
    QVERIFY(hobbit->m_tags.isEmpty());

    // When a tag is appended to the list that was never loaded
    hobbit->m_tags.append(scifi);
    QUARRY_VERIFY(session.commit(), session);

    // Then the link is added and the existing ones stay: an unloaded list cannot say what
    // to remove (as with one-to-many lists, appending adds)
    Quarry::Session reader(db);
    Book *loaded = reader.query<Book>()
                       .filterBy(QStringLiteral("title"), QStringLiteral("The Hobbit"))
                       .with("tags")
                       .one();
    QCOMPARE(Library::names(loaded->m_tags),
             (QStringList{QStringLiteral("fantasy"), QStringLiteral("classic"),
                          QStringLiteral("scifi")}));
}

void tst_RelationWrites::associationEntityListIsReadOnly()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    Reader *ann = session.query<Reader>().with("books").one();
    QCOMPARE(ann->m_books.size(), 2);
    Book *mort = titled(session, QStringLiteral("Mort"));

    // When a book is appended to a list that goes through the Reading entity
    ann->m_books.append(mort);
    ann->m_name = QStringLiteral("Ann B.");
    emit ann->changed();

    // Then the commit is refused (ValidationError naming the entity), and nothing is written
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().kind(), Quarry::Error::ValidationError);
    QVERIFY2(session.lastError().message().contains(QLatin1String("Reading")),
             qPrintable(session.lastError().message()));
    QCOMPARE(
        Library::rows(db, QStringLiteral("SELECT name FROM readers")).value(0).value(0).toString(),
        QStringLiteral("Ann"));

    // When the link is made the supported way, with a Reading, and the list put back
    ann->m_books.removeLast();
    session.add(new Reading(ann->m_id, mort->m_id, 4));
    QUARRY_VERIFY(session.commit(), session);

    // Then the rename (kept pending) and the reading are stored
    QCOMPARE(
        Library::rows(db, QStringLiteral("SELECT name FROM readers")).value(0).value(0).toString(),
        QStringLiteral("Ann B."));
    Quarry::Session reader(db);
    QCOMPARE(reader.relatedList<Book>(reader.query<Reader>().one()).size(), 3);
}

void tst_RelationWrites::unchangedRelationsWriteNothing()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    // Given everything loaded with every relation
    session.query<Author>()
        .with("books.tags")
        .with("books.reviews")
        .with("books.publisher")
        .with("profile")
        .all();
    session.query<Tag>().with("books.author").all();
    session.query<Reader>().with("books").all();
    QUARRY_VERIFY(!session.lastError(), session);

    // When the session commits without changes
    SqlCapture capture;
    QUARRY_VERIFY(session.commit(), session);

    // Then no statement runs, and nothing is pending
    QCOMPARE(capture.statements(), QStringList());
    QVERIFY(!session.hasPendingChanges());
}

QTEST_GUILESS_MAIN(tst_RelationWrites)
#include "tst_relationwrites.moc"
