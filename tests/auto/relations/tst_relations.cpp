// Loading relations: lazily through Session::related()/relatedList() for each relation
// kind, and eagerly through Query::with() (select-in), with its statement counts.

#include "library.h"
#include "sqlcapture.h"

#include <QtTest>

using Quarry::Field;
using QuarryTest::SqlCapture;

class tst_Relations : public QObject {
    Q_OBJECT

    static Book *bookTitled(Quarry::Session &session, const QString &title)
    {
        return session.query<Book>().filterBy(QStringLiteral("title"), title).one();
    }
    static Author *authorNamed(Quarry::Session &session, const QString &name)
    {
        return session.query<Author>().filterBy(QStringLiteral("name"), name).one();
    }

private Q_SLOTS:
    void lazyManyToOneLoadsTheParentOnce_data() { Library::backends(); }
    void lazyManyToOneLoadsTheParentOnce();
    void lazyOneToOneLoadsTheReverseSide_data() { Library::backends(); }
    void lazyOneToOneLoadsTheReverseSide();
    void lazyOneToManyLoadsTheChildren_data() { Library::backends(); }
    void lazyOneToManyLoadsTheChildren();
    void lazyManyToManyLoadsThroughTheTable_data() { Library::backends(); }
    void lazyManyToManyLoadsThroughTheTable();
    void lazyManyToManyLoadsThroughTheEntity_data() { Library::backends(); }
    void lazyManyToManyLoadsThroughTheEntity();
    void relatedRefusesWhatItCannotLoad_data() { Library::backends(); }
    void relatedRefusesWhatItCannotLoad();

    void eagerLoadingFillsEachKind_data() { Library::backends(); }
    void eagerLoadingFillsEachKind();
    void eagerLoadingOfNestedPaths_data() { Library::backends(); }
    void eagerLoadingOfNestedPaths();
    void eagerLoadingRejectsUnknownPaths_data() { Library::backends(); }
    void eagerLoadingRejectsUnknownPaths();
    void hundredBooksWithAuthorsTakeTwoStatements_data() { Library::backends(); }
    void hundredBooksWithAuthorsTakeTwoStatements();
    void hundredAuthorsWithBooksAndTagsTakeThreeStatements_data() { Library::backends(); }
    void hundredAuthorsWithBooksAndTagsTakeThreeStatements();
};

void tst_Relations::lazyManyToOneLoadsTheParentOnce()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    // Given a book loaded on its own
    Book *hobbit = bookTitled(session, QStringLiteral("The Hobbit"));
    QUARRY_VERIFY(hobbit, session);
    QVERIFY(!hobbit->m_author);

    // When its author is asked for
    SqlCapture capture;
    Author *author = session.related<Author>(hobbit);

    // Then one statement loads it into the property
    QUARRY_VERIFY(author, session);
    QCOMPARE(author->m_name, QStringLiteral("Tolkien"));
    QCOMPARE(hobbit->m_author, author);
    QVERIFY2(capture.statements().size() == 1, qPrintable(capture.statements().join(u'\n')));
    // And asking again, by name or for the same row through another book, runs nothing
    capture.clear();
    QCOMPARE(session.related<Author>(hobbit, QStringLiteral("author")), author);
    Book *rings = bookTitled(session, QStringLiteral("The Lord of the Rings"));
    capture.clear();
    QCOMPARE(session.related<Author>(rings), author); // the identity map has it
    QCOMPARE(session.get<Author>(author->m_id), author);
    QCOMPARE(capture.statements(), QStringList());

    // And a null key is no parent, without error
    Book *mort = bookTitled(session, QStringLiteral("Mort"));
    QVERIFY(!session.related<Publisher>(mort));
    QVERIFY(!session.lastError());
    QCOMPARE(session.related<Publisher>(hobbit)->m_name, QStringLiteral("Allen & Unwin"));
}

void tst_Relations::lazyOneToOneLoadsTheReverseSide()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    Author *tolkien = authorNamed(session, QStringLiteral("Tolkien"));
    Author *leGuin = authorNamed(session, QStringLiteral("Le Guin"));
    QVERIFY(tolkien && leGuin);

    // When the profiles are asked for
    SqlCapture capture;
    Profile *profile = session.related<Profile>(tolkien);

    // Then the one row whose unique key points back is loaded, by one statement
    QUARRY_VERIFY(profile, session);
    QCOMPARE(profile->m_bio, QStringLiteral("Oxford"));
    QCOMPARE(tolkien->m_profile, profile);
    QVERIFY2(capture.statements().size() == 1, qPrintable(capture.statements().join(u'\n')));
    // And an author without one has none, and no error
    QVERIFY(!session.related<Profile>(leGuin));
    QVERIFY(!session.lastError());
    QCOMPARE(session.relatedList<Profile>(tolkien), QList<Profile *>{profile});
}

void tst_Relations::lazyOneToManyLoadsTheChildren()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    Author *tolkien = authorNamed(session, QStringLiteral("Tolkien"));
    Author *borges = authorNamed(session, QStringLiteral("Borges"));
    Book *hobbit = bookTitled(session, QStringLiteral("The Hobbit"));

    // When Tolkien's books are asked for
    SqlCapture capture;
    const QList<Book *> books = session.relatedList<Book>(tolkien);

    // Then one statement fills the list, in key order, with objects of the identity map
    QCOMPARE(Library::titles(books),
             (QStringList{QStringLiteral("The Hobbit"), QStringLiteral("The Lord of the Rings")}));
    QCOMPARE(books.first(), hobbit);
    QCOMPARE(tolkien->m_books, books);
    QVERIFY2(capture.statements().size() == 1, qPrintable(capture.statements().join(u'\n')));
    capture.clear();
    QCOMPARE(session.relatedList<Book>(tolkien, QStringLiteral("books")), books);
    QCOMPARE(capture.statements(), QStringList());
    // And an author without books has an empty list, and no error
    QCOMPARE(session.relatedList<Book>(borges), QList<Book *>());
    QVERIFY(!session.lastError());
}

void tst_Relations::lazyManyToManyLoadsThroughTheTable()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    Book *hobbit = bookTitled(session, QStringLiteral("The Hobbit"));
    Tag *fantasy =
        session.query<Tag>().filterBy(QStringLiteral("name"), QStringLiteral("fantasy")).one();
    QVERIFY(hobbit && fantasy);

    // When the tags of a book are asked for
    SqlCapture capture;
    const QList<Tag *> tags = session.relatedList<Tag>(hobbit);

    // Then one statement through book_tags finds them
    QCOMPARE(Library::names(tags),
             (QStringList{QStringLiteral("fantasy"), QStringLiteral("classic")}));
    QCOMPARE(tags.first(), fantasy);
    QCOMPARE(hobbit->m_tags, tags);
    QVERIFY2(capture.statements().size() == 1, qPrintable(capture.statements().join(u'\n')));
    // And the other side reads the same table the other way
    QCOMPARE(Library::titles(session.relatedList<Book>(fantasy)),
             (QStringList{QStringLiteral("The Hobbit"), QStringLiteral("The Lord of the Rings"),
                          QStringLiteral("A Wizard of Earthsea"), QStringLiteral("Mort")}));
    QCOMPARE(fantasy->m_books.first(), hobbit);
}

void tst_Relations::lazyManyToManyLoadsThroughTheEntity()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    Reader *ann = session.query<Reader>().one();
    QUARRY_VERIFY(ann, session);

    // When the books of a reader are asked for
    const QList<Book *> books = session.relatedList<Book>(ann);

    // Then they come through the Reading rows
    QUARRY_VERIFY(!session.lastError(), session);
    QCOMPARE(Library::titles(books),
             (QStringList{QStringLiteral("The Hobbit"), QStringLiteral("The Dispossessed")}));
}

void tst_Relations::relatedRefusesWhatItCannotLoad()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    Author *tolkien = authorNamed(session, QStringLiteral("Tolkien"));

    // A list asked for as one object
    QVERIFY(!session.relatedObject(tolkien, QStringLiteral("books")));
    QCOMPARE(session.lastError().kind(), Quarry::Error::InvalidQuery);
    // A relation the class does not have
    QVERIFY(session.relatedList<Book>(tolkien, QStringLiteral("novels")).isEmpty());
    QCOMPARE(session.lastError().kind(), Quarry::Error::InvalidQuery);
    QVERIFY(session.lastError().message().contains(QLatin1String("novels")));
    // An object of another session
    Author stranger(QStringLiteral("Nobody"));
    QVERIFY(!session.related<Profile>(&stranger));
    QCOMPARE(session.lastError().kind(), Quarry::Error::ValidationError);
    // A new object is not looked up: it has what it was given
    auto *draft = new Book(QStringLiteral("Draft"), 2024);
    draft->m_author = tolkien;
    session.add(draft);
    session.setAutoflush(false);
    SqlCapture capture;
    QCOMPARE(session.related<Author>(draft), tolkien);
    QCOMPARE(capture.statements(), QStringList());
}

void tst_Relations::eagerLoadingFillsEachKind()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    session.query<Tag>().count(); // opens the connection before counting statements

    // When authors are loaded with their books and profile
    SqlCapture capture;
    const QList<Author *> authors =
        session.query<Author>().with("books").with("profile").orderBy(QStringLiteral("name")).all();

    // Then at most one statement per relation filled every author, the empty ones too (the
    // to-one profile may come in the authors' own statement, by JOIN)
    QUARRY_VERIFY(!session.lastError(), session);
    QVERIFY2(capture.statements().size() <= 3, qPrintable(capture.statements().join(u'\n')));
    QCOMPARE(Library::names(authors),
             (QStringList{QStringLiteral("Borges"), QStringLiteral("Le Guin"),
                          QStringLiteral("Pratchett"), QStringLiteral("Tolkien")}));
    QCOMPARE(authors[0]->m_books, QList<Book *>());
    QCOMPARE(
        Library::titles(authors[1]->m_books),
        (QStringList{QStringLiteral("A Wizard of Earthsea"), QStringLiteral("The Dispossessed")}));
    QVERIFY(!authors[1]->m_profile);
    QCOMPARE(authors[3]->m_profile->m_bio, QStringLiteral("Oxford"));

    // And the loaded relations are not loaded again lazily
    capture.clear();
    QCOMPARE(session.relatedList<Book>(authors[3]).size(), 2);
    QCOMPARE(session.related<Profile>(authors[1]), nullptr);
    QCOMPARE(capture.statements(), QStringList());

    // When books are loaded with their author, publisher, tags and reviews
    capture.clear();
    const QList<Book *> books = session.query<Book>()
                                    .where(Field(QStringLiteral("year")) < 1970)
                                    .with("author")
                                    .with("publisher")
                                    .with("tags")
                                    .with("reviews")
                                    .orderBy(QStringLiteral("year"))
                                    .all();
    QUARRY_VERIFY(!session.lastError(), session);
    QCOMPARE(Library::titles(books),
             (QStringList{QStringLiteral("The Hobbit"), QStringLiteral("The Lord of the Rings"),
                          QStringLiteral("A Wizard of Earthsea")}));
    // Then the authors were already in the identity map: no statement for them
    QCOMPARE(books[0]->m_author, authors[3]);
    QCOMPARE(books[2]->m_author, authors[1]);
    QVERIFY(capture.statements().size() <= 5);
    QCOMPARE(books[0]->m_publisher->m_name, QStringLiteral("Allen & Unwin"));
    QVERIFY(!books[1]->m_publisher);
    QCOMPARE(Library::names(books[1]->m_tags),
             (QStringList{QStringLiteral("fantasy"), QStringLiteral("classic")}));
    QCOMPARE(books[0]->m_reviews.size(), 1);
    QCOMPARE(books[0]->m_reviews.first()->m_stars, 5);
    QCOMPARE(books[2]->m_reviews, QList<Review *>());
}

void tst_Relations::eagerLoadingOfNestedPaths()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);
    session.query<Tag>().count();

    // When authors are loaded with "books.tags" and readers with "books.author"
    SqlCapture capture;
    const QList<Author *> authors =
        session.query<Author>().with("books.tags").orderBy(QStringLiteral("name")).all();
    QUARRY_VERIFY(!session.lastError(), session);

    // Then three statements loaded three levels
    QVERIFY2(capture.statements().size() <= 3, qPrintable(capture.statements().join(u'\n')));
    const Author *tolkien = authors.last();
    QCOMPARE(Library::names(tolkien->m_books.last()->m_tags),
             (QStringList{QStringLiteral("fantasy"), QStringLiteral("classic")}));
    QCOMPARE(Library::names(authors[1]->m_books.last()->m_tags),
             QStringList{QStringLiteral("scifi")});
    // And one tag object stands for its row wherever it appears
    QCOMPARE(tolkien->m_books.first()->m_tags.first(), authors[2]->m_books.first()->m_tags.first());

    capture.clear();
    Reader *ann = session.query<Reader>().with("books.author").with("books.tags").one();
    QUARRY_VERIFY(ann, session);
    QCOMPARE(Library::titles(ann->m_books),
             (QStringList{QStringLiteral("The Hobbit"), QStringLiteral("The Dispossessed")}));
    QCOMPARE(ann->m_books.last()->m_author, authors[1]);
    QVERIFY2(capture.statements().size() <= 4,
             qPrintable(capture.statements().join(QLatin1Char('\n'))));

    // A path that goes on from a to-one relation: books, their author, the author's books
    // and profile, in a new session (nothing in the identity map)
    Quarry::Session other(db);
    other.query<Tag>().count();
    capture.clear();
    const QList<Book *> books = other.query<Book>()
                                    .where(Field(QStringLiteral("year")) > 1960)
                                    .with("author.books")
                                    .with("author.profile")
                                    .orderBy(QStringLiteral("year"))
                                    .all();
    QUARRY_VERIFY(!other.lastError(), other);
    QVERIFY2(capture.statements().size() <= 3,
             qPrintable(capture.statements().join(QLatin1Char('\n'))));
    QCOMPARE(Library::titles(books),
             (QStringList{QStringLiteral("A Wizard of Earthsea"),
                          QStringLiteral("The Dispossessed"), QStringLiteral("Mort")}));
    QCOMPARE(books[0]->m_author, books[1]->m_author);
    QCOMPARE(
        Library::titles(books[0]->m_author->m_books),
        (QStringList{QStringLiteral("A Wizard of Earthsea"), QStringLiteral("The Dispossessed")}));
    QCOMPARE(Library::titles(books[2]->m_author->m_books), QStringList{QStringLiteral("Mort")});
    QVERIFY(!books[2]->m_author->m_profile);
    capture.clear();
    QCOMPARE(other.related<Author>(books[2])->m_name, QStringLiteral("Pratchett"));
    QCOMPARE(capture.statements(), QStringList()); // already loaded
}

void tst_Relations::eagerLoadingRejectsUnknownPaths()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QVERIFY(db.isValid() && Library::seed(db));
    Quarry::Session session(db);

    const QList<Author *> authors = session.query<Author>().with("books.genres").all();

    QVERIFY(authors.isEmpty());
    QCOMPARE(session.lastError().kind(), Quarry::Error::InvalidQuery);
    QVERIFY2(session.lastError().message().contains(QLatin1String("genres")),
             qPrintable(session.lastError().message()));
    QVERIFY(session.query<Author>().with("name").all().isEmpty()); // a column, not a relation
    QCOMPARE(session.lastError().kind(), Quarry::Error::InvalidQuery);
}

void tst_Relations::hundredBooksWithAuthorsTakeTwoStatements()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QUARRY_VERIFY(db.isValid(), db);
    // Given 100 books by 10 authors
    {
        Quarry::Session writer(db);
        for (int a = 0; a < 10; ++a) {
            auto *author = new Author(QStringLiteral("Author %1").arg(a));
            for (int b = 0; b < 10; ++b) {
                auto *book = new Book(QStringLiteral("Book %1-%2").arg(a).arg(b), 1900 + b);
                book->m_author = author;
                writer.add(book);
            }
        }
        QUARRY_VERIFY(writer.commit(), writer);
    }
    Quarry::Session session(db);
    session.query<Tag>().count();

    // When they are loaded with their authors
    SqlCapture capture;
    const QList<Book *> books = session.query<Book>().with("author").all();

    // Then it took at most two statements, and every book has its author
    QVERIFY2(capture.statements().size() <= 2,
             qPrintable(capture.statements().join(QLatin1Char('\n'))));
    QCOMPARE(books.size(), 100);
    for (const Book *book : books) {
        QVERIFY(book->m_author);
        QCOMPARE(book->m_author->m_id, book->m_authorId);
        // "Book 3-7" is by "Author 3"
        QVERIFY(book->m_title.startsWith(QStringLiteral("Book ") + book->m_author->m_name.mid(7) +
                                         QLatin1Char('-')));
    }
}

void tst_Relations::hundredAuthorsWithBooksAndTagsTakeThreeStatements()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Library::open(freshUrl);
    QUARRY_VERIFY(db.isValid(), db);
    // Given 100 authors with two books each, and every book with two of five tags
    {
        Quarry::Session writer(db);
        QList<Tag *> tags;
        for (int t = 0; t < 5; ++t)
            tags.append(new Tag(QStringLiteral("tag %1").arg(t)));
        for (int a = 0; a < 100; ++a) {
            auto *author = new Author(QStringLiteral("Author %1").arg(a, 3, 10, QLatin1Char('0')));
            for (int b = 0; b < 2; ++b) {
                auto *book = new Book(QStringLiteral("Book %1").arg(a * 2 + b), 2000);
                book->m_tags = {tags.at((a + b) % 5), tags.at((a + b + 1) % 5)};
                author->m_books.append(book);
            }
            writer.add(author);
        }
        QUARRY_VERIFY(writer.commit(), writer);
    }
    QCOMPARE(Library::count(db, QStringLiteral("book_tags")), 400);
    Quarry::Session session(db);
    session.query<Tag>().count();

    // When the authors are loaded with their books and the books' tags
    SqlCapture capture;
    const QList<Author *> authors =
        session.query<Author>().with("books.tags").orderBy(QStringLiteral("name")).all();

    // Then three statements did it
    QVERIFY2(capture.statements().size() <= 3,
             qPrintable(capture.statements().join(QLatin1Char('\n'))));
    QCOMPARE(authors.size(), 100);
    for (int a = 0; a < authors.size(); ++a) {
        QCOMPARE(authors[a]->m_books.size(), 2);
        for (int b = 0; b < 2; ++b) {
            const Book *book = authors[a]->m_books[b];
            QCOMPARE(book->m_title, QStringLiteral("Book %1").arg(a * 2 + b));
            QCOMPARE(Library::names(book->m_tags).size(), 2);
            QVERIFY(
                Library::names(book->m_tags).contains(QStringLiteral("tag %1").arg((a + b) % 5)));
        }
    }
}

QTEST_GUILESS_MAIN(tst_Relations)
#include "tst_relations.moc"
