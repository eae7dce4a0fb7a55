// Relationships end to end, the README's "Relationships" section compiled and run: authors,
// books and tags written through their relations, loaded lazily and eagerly, queried
// across relations, changed and deleted. Prints a small report; exits 1 on any error.
//
//   library [URL]      (default: an in-memory SQLite database)

#include "author.h"
#include "book.h"
#include "tag.h"

#include <quarry/session.h>

#include <QCoreApplication>
#include <QStringList>
#include <QTextStream>

using namespace Qt::StringLiterals;
using Quarry::Field;

static int fail(const Quarry::Error &error)
{
    QTextStream(stderr) << error.toString() << Qt::endl;
    return 1;
}

static int failCheck(const QString &what)
{
    QTextStream(stderr) << "unexpected: " << what << Qt::endl;
    return 1;
}

static QString names(const QList<Tag *> &tags)
{
    QStringList result;
    for (const Tag *tag : tags)
        result << tag->m_name;
    return result.join(u", "_s);
}

static QString describeCounts(const QList<QVariantList> &rows)
{
    QStringList result;
    for (const QVariantList &row : rows)
        result << row.value(0).toString() + QLatin1Char(' ') + row.value(1).toString();
    return result.join(u", "_s);
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QString url = argc > 1 ? QString::fromLocal8Bit(argv[1]) : u"sqlite://"_s;
    Quarry::Database db = Quarry::Database::open(url);
    if (!db.isValid())
        return fail(db.lastError());

    //! [relations-register]
    if (!db.registerEntities<Author, Book, Tag>()) // resolves every relation, or names the
        return fail(db.lastError());               // class and relation it cannot resolve
    db.dropAll();                                  // the example starts from an empty database
    if (!db.createAll())                           // authors, library_books, tags, book_tags
        return fail(db.lastError());
    //! [relations-register]

    {
        //! [relations-write]
        Quarry::Session session(db);
        auto *tolkien = new Author(u"J. R. R. Tolkien"_s);
        auto *fantasy = new Tag(u"fantasy"_s);
        auto *hobbit = new Book(u"The Hobbit"_s, 1937);
        hobbit->m_tags = {fantasy, new Tag(u"classic"_s)}; // many-to-many
        tolkien->m_books = {hobbit, new Book(u"The Lord of the Rings"_s, 1954)};
        auto *earthsea = new Book(u"A Wizard of Earthsea"_s, 1968);
        earthsea->m_author = new Author(u"Ursula K. Le Guin"_s); // many-to-one
        earthsea->m_tags = {fantasy};
        session.add(tolkien); // what they point at joins the session with them
        session.add(earthsea);
        if (!session.commit()) // authors first, then books (keys filled in), then book_tags
            return fail(session.lastError());
        //! [relations-write]

        // A few more, the same ways.
        tolkien->m_books.last()->m_tags = {fantasy};
        auto *dispossessed = new Book(u"The Dispossessed"_s, 1974);
        dispossessed->m_author = earthsea->m_author;
        dispossessed->m_tags = {new Tag(u"science fiction"_s)};
        auto *pratchett = new Author(u"Terry Pratchett"_s);
        auto *mort = new Book(u"Mort"_s, 1987);
        mort->m_tags = {fantasy, new Tag(u"humour"_s)};
        pratchett->m_books = {mort};
        session.add(dispossessed);
        session.add(pratchett);
        if (!session.commit())
            return fail(session.lastError());
        if (hobbit->m_authorId != tolkien->m_id || earthsea->m_authorId != earthsea->m_author->m_id)
            return failCheck(u"foreign keys were not set from the relations"_s);
    }

    //! [relations-load]
    Quarry::Session reader(db);
    Book *book = reader.query<Book>().filterBy(u"title"_s, u"The Hobbit"_s).one();
    Author *author = reader.related<Author>(book);           // lazily: one SELECT, then kept
    const QList<Tag *> tags = reader.relatedList<Tag>(book); // through book_tags
    // Eagerly: three SELECTs in all (authors, books, tags), however many rows.
    const QList<Author *> authors =
        reader.query<Author>().with("books.tags").orderBy(u"name"_s).all();
    //! [relations-load]
    if (!book || !author || tags.size() != 2 || authors.size() != 3)
        return fail(reader.lastError());

    out << "The Hobbit is by " << author->m_name << ", tagged " << names(tags) << Qt::endl;
    for (const Author *writer : authors) {
        out << writer->m_name << Qt::endl;
        for (const Book *written : writer->m_books)
            out << "  " << written->m_year << ' ' << written->m_title << " ["
                << names(written->m_tags) << ']' << Qt::endl;
    }

    //! [relations-query]
    const QList<Book *> byTolkien = reader.query<Book>()
                                        .where(Field(u"author.name"_s) == u"J. R. R. Tolkien"_s)
                                        .orderBy(u"year"_s)
                                        .all(); // a JOIN on authors
    const QList<Author *> sciFi =
        reader.query<Author>()
            .where(Quarry::has(u"books"_s,
                               Quarry::has(u"tags"_s, Field(u"name"_s) == u"science fiction"_s)))
            .all(); // EXISTS (...) for each has()
    const auto perAuthor = reader.query<Author>().groupBy(u"id"_s).groupBy(u"name"_s);
    const QList<QVariantList> bookCounts = // a LEFT JOIN through the list, then GROUP BY
        perAuthor.orderBy(u"name"_s).values({Field(u"name"_s), Quarry::count(u"books.id"_s)});
    const qint64 laterAuthors = reader.query<Author>()
                                    .join<Book>(Field(u"Book.authorId"_s) == Field(u"id"_s))
                                    .where(Field(u"Book.year"_s) > 1960)
                                    .distinct()
                                    .count();
    //! [relations-query]
    if (byTolkien.size() != 2 || sciFi.size() != 1 || bookCounts.size() != 3 || laterAuthors != 2)
        return failCheck(u"query results: %1 %2 %3 %4"_s.arg(byTolkien.size())
                             .arg(sciFi.size())
                             .arg(bookCounts.size())
                             .arg(laterAuthors));
    out << "Books by Tolkien: " << byTolkien.size() << Qt::endl;
    out << "Authors of science fiction: " << sciFi.first()->m_name << Qt::endl;
    out << "Authors publishing after 1960: " << laterAuthors << Qt::endl;
    out << "Book counts: " << describeCounts(bookCounts) << Qt::endl;

    //! [relations-change]
    Tag *classic = reader.query<Tag>().filterBy(u"name"_s, u"classic"_s).one();
    book->m_tags.removeOne(classic); // the list was loaded: its book_tags row is deleted
    Author *leGuin = reader.query<Author>().filterBy(u"name"_s, u"Ursula K. Le Guin"_s).one();
    Book *earthsea = leGuin->m_books.first();
    reader.remove(leGuin); // on_delete=cascade: her books go too, in memory as well
    if (!reader.commit())
        return fail(reader.lastError());
    Q_ASSERT(!reader.contains(earthsea));
    //! [relations-change]
    if (reader.contains(earthsea) || !reader.contains(classic))
        return failCheck(u"the cascade was not mirrored in the session"_s);

    Quarry::Session checker(db);
    Book *hobbit = checker.query<Book>().filterBy(u"title"_s, u"The Hobbit"_s).with("tags").one();
    if (!hobbit || names(hobbit->m_tags) != QLatin1String("fantasy"))
        return failCheck(u"The Hobbit's tags after the change"_s);
    const QList<QVariantList> after =
        checker.query<Author>().groupBy(u"id"_s).groupBy(u"name"_s).orderBy(u"name"_s).values(
            {Field(u"name"_s), Quarry::count(u"books.id"_s)});
    out << "After the changes: " << describeCounts(after) << Qt::endl;
    return 0;
}
