// Queries across relations: "author.name" paths in filters and ordering, has() for each
// relation kind (nested too), aggregates over relations, explicit join<T>(), and bulk
// statements whose filter crosses a relation.

#include "library.h"
#include "sqlcapture.h"

#include <QtTest>

using Quarry::Field;
using Quarry::has;
using QuarryTest::SqlCapture;

class tst_RelationQueries : public QObject {
    Q_OBJECT

    // The library, seeded; null when that failed (the test then fails with the warning).
    static std::unique_ptr<Quarry::Session> seededSession(const QString &url, Quarry::Database *db)
    {
        *db = Library::open(url);
        if (!db->isValid() || !Library::seed(*db))
            return nullptr;
        return std::make_unique<Quarry::Session>(*db);
    }
    // "name=count name=count ..." for values() rows.
    static QString describe(const QList<QVariantList> &rows)
    {
        QStringList parts;
        for (const QVariantList &row : rows) {
            QStringList cells;
            for (const QVariant &cell : row)
                cells << (cell.isNull() ? QStringLiteral("NULL") : cell.toString());
            parts << cells.join(QLatin1Char('='));
        }
        return parts.join(QLatin1Char(' '));
    }

private Q_SLOTS:
    void filtersAcrossToOneRelations_data() { Library::backends(); }
    void filtersAcrossToOneRelations();
    void ordersAcrossRelationsWithNullsFirst_data() { Library::backends(); }
    void ordersAcrossRelationsWithNullsFirst();
    void refusesPathsThroughLists_data() { Library::backends(); }
    void refusesPathsThroughLists();
    void hasFiltersThroughEachKind_data() { Library::backends(); }
    void hasFiltersThroughEachKind();
    void hasNestsAndCombines_data() { Library::backends(); }
    void hasNestsAndCombines();
    void aggregatesOverRelations_data() { Library::backends(); }
    void aggregatesOverRelations();
    void explicitJoinFiltersByTheJoinedEntity_data() { Library::backends(); }
    void explicitJoinFiltersByTheJoinedEntity();
    void bulkStatementsFilterAcrossRelations_data() { Library::backends(); }
    void bulkStatementsFilterAcrossRelations();
};

void tst_RelationQueries::filtersAcrossToOneRelations()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db;
    auto session = seededSession(freshUrl, &db);
    QVERIFY(session);

    // A many-to-one path: books by Tolkien
    const QList<Book *> tolkien =
        session->query<Book>()
            .where(Field(QStringLiteral("author.name")) == QStringLiteral("Tolkien"))
            .orderBy(QStringLiteral("year"))
            .all();
    QUARRY_VERIFY(!session->lastError(), *session);
    QCOMPARE(Library::titles(tolkien),
             (QStringList{QStringLiteral("The Hobbit"), QStringLiteral("The Lord of the Rings")}));
    // The same path in count(), exists(), with a limit (counted over a subquery)
    const auto byTolkien = session->query<Book>().where(Field(QStringLiteral("author.name")) ==
                                                        QStringLiteral("Tolkien"));
    QCOMPARE(byTolkien.count(), 2);
    QVERIFY(byTolkien.exists());
    QCOMPARE(byTolkien.limit(1).count(), 1);
    QCOMPARE(byTolkien.where(Field(QStringLiteral("year")) > 1950).one(), tolkien.last());

    // A nested path through two many-to-one relations: the reviews of Pratchett's books
    const QList<Review *> reviews =
        session->query<Review>()
            .where(Field(QStringLiteral("book.author.name")) == QStringLiteral("Pratchett"))
            .all();
    QUARRY_VERIFY(!session->lastError(), *session);
    QCOMPARE(reviews.size(), 1);
    QCOMPARE(reviews.first()->m_stars, 4);

    // A one-to-one path from the side without the key
    const QList<Author *> oxford =
        session->query<Author>()
            .where(Field(QStringLiteral("profile.bio")) == QStringLiteral("Oxford"))
            .all();
    QCOMPARE(Library::names(oxford), QStringList{QStringLiteral("Tolkien")});

    // Two paths through the same relation join it once, and one path may meet a column
    // of the entity itself
    const QList<Book *> both =
        session->query<Book>()
            .where(Field(QStringLiteral("author.name")).startsWith(QStringLiteral("Le")) &&
                   Field(QStringLiteral("author.id")) == Field(QStringLiteral("authorId")))
            .all();
    QUARRY_VERIFY(!session->lastError(), *session);
    QCOMPARE(both.size(), 2);

    // A nullable many-to-one (LEFT JOIN): books without a publisher are still matched by
    // conditions about themselves, and a NULL comparison finds them
    QCOMPARE(session->query<Book>().where(Field(QStringLiteral("publisher.name")).isNull()).count(),
             4);
}

void tst_RelationQueries::ordersAcrossRelationsWithNullsFirst()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db;
    auto session = seededSession(freshUrl, &db);
    QVERIFY(session);

    // When books are ordered by their author's name, then by year descending
    const QList<Book *> books = session->query<Book>()
                                    .orderBy(QStringLiteral("author.name"))
                                    .orderBy(QStringLiteral("year"), Qt::DescendingOrder)
                                    .all();
    QUARRY_VERIFY(!session->lastError(), *session);
    QCOMPARE(Library::titles(books),
             (QStringList{QStringLiteral("The Dispossessed"),
                          QStringLiteral("A Wizard of Earthsea"), QStringLiteral("Mort"),
                          QStringLiteral("The Lord of the Rings"), QStringLiteral("The Hobbit")}));

    // When ordered by a nullable relation's column: every book is there, NULLs first
    // ascending and last descending, on every backend
    const QList<Book *> ascending = session->query<Book>()
                                        .orderBy(QStringLiteral("publisher.name"))
                                        .orderBy(QStringLiteral("year"))
                                        .all();
    QCOMPARE(ascending.size(), 5);
    QCOMPARE(ascending.last()->m_title, QStringLiteral("The Hobbit"));
    const QList<Book *> descending =
        session->query<Book>().orderBy(QStringLiteral("publisher.name"), Qt::DescendingOrder).all();
    QCOMPARE(descending.first()->m_title, QStringLiteral("The Hobbit"));
}

void tst_RelationQueries::refusesPathsThroughLists()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db;
    auto session = seededSession(freshUrl, &db);
    QVERIFY(session);
    SqlCapture capture;

    // A path through a list would multiply rows: has() is the way
    QVERIFY(session->query<Author>()
                .where(Field(QStringLiteral("books.title")) == QStringLiteral("Mort"))
                .all()
                .isEmpty());
    QCOMPARE(session->lastError().kind(), Quarry::Error::InvalidQuery);
    QVERIFY2(session->lastError().message().contains(QLatin1String("has(")),
             qPrintable(session->lastError().message()));
    QVERIFY(session->query<Author>().orderBy(QStringLiteral("books.title")).all().isEmpty());
    QCOMPARE(session->lastError().kind(), Quarry::Error::InvalidQuery);
    // Unknown relations and properties are named
    QVERIFY(
        session->query<Book>().where(Field(QStringLiteral("writer.name")) == 1).all().isEmpty());
    QVERIFY(session->lastError().message().contains(QLatin1String("writer")));
    QVERIFY(
        session->query<Book>().where(Field(QStringLiteral("author.surname")) == 1).all().isEmpty());
    QVERIFY(session->lastError().message().contains(QLatin1String("surname")));
    QVERIFY(session->query<Author>().where(has(QStringLiteral("novels"))).all().isEmpty());
    QCOMPARE(session->lastError().kind(), Quarry::Error::InvalidQuery);
    // And nothing reached the database
    QCOMPARE(capture.statements(), QStringList());
}

void tst_RelationQueries::hasFiltersThroughEachKind()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db;
    auto session = seededSession(freshUrl, &db);
    QVERIFY(session);
    auto authors = [&](const Quarry::Condition &condition) {
        return Library::names(
            session->query<Author>().where(condition).orderBy(QStringLiteral("name")).all());
    };
    auto books = [&](const Quarry::Condition &condition) {
        return Library::titles(
            session->query<Book>().where(condition).orderBy(QStringLiteral("year")).all());
    };

    // One-to-many: authors with a book after 1960; with any book; with none
    QCOMPARE(authors(has(QStringLiteral("books"), Field(QStringLiteral("year")) > 1960)),
             (QStringList{QStringLiteral("Le Guin"), QStringLiteral("Pratchett")}));
    QCOMPARE(authors(has(QStringLiteral("books"))),
             (QStringList{QStringLiteral("Le Guin"), QStringLiteral("Pratchett"),
                          QStringLiteral("Tolkien")}));
    QCOMPARE(authors(!has(QStringLiteral("books"))), QStringList{QStringLiteral("Borges")});
    // Many-to-one
    QCOMPARE(
        books(has(QStringLiteral("author"),
                  Field(QStringLiteral("name")).startsWith(QStringLiteral("Le")))),
        (QStringList{QStringLiteral("A Wizard of Earthsea"), QStringLiteral("The Dispossessed")}));
    QCOMPARE(books(has(QStringLiteral("publisher"))), QStringList{QStringLiteral("The Hobbit")});
    // One-to-one
    QCOMPARE(authors(has(QStringLiteral("profile"))), QStringList{QStringLiteral("Tolkien")});
    QCOMPARE(authors(has(QStringLiteral("profile"),
                         Field(QStringLiteral("bio")) == QStringLiteral("Paris"))),
             QStringList());
    // Many-to-many through the table, from both sides
    QCOMPARE(books(has(QStringLiteral("tags"),
                       Field(QStringLiteral("name")) == QStringLiteral("classic"))),
             (QStringList{QStringLiteral("The Hobbit"), QStringLiteral("The Lord of the Rings")}));
    QCOMPARE(Library::names(
                 session->query<Tag>()
                     .where(has(QStringLiteral("books"), Field(QStringLiteral("year")) > 1970))
                     .orderBy(QStringLiteral("name"))
                     .all()),
             (QStringList{QStringLiteral("fantasy"), QStringLiteral("scifi")}));
    // Many-to-many through the entity
    QCOMPARE(Library::names(
                 session->query<Reader>()
                     .where(has(QStringLiteral("books"), Field(QStringLiteral("title")) ==
                                                             QStringLiteral("The Dispossessed")))
                     .all()),
             QStringList{QStringLiteral("Ann")});
    QCOMPARE(session->query<Reader>()
                 .where(has(QStringLiteral("books"),
                            Field(QStringLiteral("title")) == QStringLiteral("Mort")))
                 .count(),
             0);
    // One-to-many to reviews: books with a five-star review
    QCOMPARE(books(has(QStringLiteral("reviews"), Field(QStringLiteral("stars")) == 5)),
             QStringList{QStringLiteral("The Hobbit")});
    QUARRY_VERIFY(!session->lastError(), *session);
}

void tst_RelationQueries::hasNestsAndCombines()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db;
    auto session = seededSession(freshUrl, &db);
    QVERIFY(session);

    // Authors with a book tagged scifi (has() in has())
    const QList<Author *> scifi =
        session->query<Author>()
            .where(has(QStringLiteral("books"),
                       has(QStringLiteral("tags"),
                           Field(QStringLiteral("name")) == QStringLiteral("scifi"))))
            .all();
    QUARRY_VERIFY(!session->lastError(), *session);
    QCOMPARE(Library::names(scifi), QStringList{QStringLiteral("Le Guin")});

    // Three levels: tags of books whose author has a profile
    const QList<Tag *> tags =
        session->query<Tag>()
            .where(has(QStringLiteral("books"),
                       has(QStringLiteral("author"), has(QStringLiteral("profile")))))
            .orderBy(QStringLiteral("name"))
            .all();
    QUARRY_VERIFY(!session->lastError(), *session);
    QCOMPARE(Library::names(tags),
             (QStringList{QStringLiteral("classic"), QStringLiteral("fantasy")}));

    // A path inside has(): tags of Le Guin's books
    const QList<Tag *> leGuin =
        session->query<Tag>()
            .where(has(QStringLiteral("books"),
                       Field(QStringLiteral("author.name")) == QStringLiteral("Le Guin")))
            .orderBy(QStringLiteral("name"))
            .all();
    QUARRY_VERIFY(!session->lastError(), *session);
    QCOMPARE(Library::names(leGuin),
             (QStringList{QStringLiteral("fantasy"), QStringLiteral("scifi")}));

    // Two has() on the same relation mean two different books may match, combined with a
    // plain condition and a path, with values bound in order
    const QList<Author *> both =
        session->query<Author>()
            .where(Field(QStringLiteral("name")) != QStringLiteral("Pratchett") &&
                   has(QStringLiteral("books"), Field(QStringLiteral("year")) < 1940) &&
                   has(QStringLiteral("books"), Field(QStringLiteral("year")) > 1950) &&
                   Field(QStringLiteral("profile.bio")) == QStringLiteral("Oxford"))
            .all();
    QUARRY_VERIFY(!session->lastError(), *session);
    QCOMPARE(Library::names(both), QStringList{QStringLiteral("Tolkien")});
    QCOMPARE(session->query<Author>()
                 .where(has(QStringLiteral("books"), Field(QStringLiteral("year")) < 1940) ||
                        has(QStringLiteral("books"), Field(QStringLiteral("year")) > 1980))
                 .count(),
             2);
}

void tst_RelationQueries::aggregatesOverRelations()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db;
    auto session = seededSession(freshUrl, &db);
    QVERIFY(session);

    // Authors with their book counts (authors without books count 0)
    const QList<QVariantList> counts =
        session->query<Author>()
            .groupBy(QStringLiteral("id"))
            .groupBy(QStringLiteral("name"))
            .orderBy(QStringLiteral("name"))
            .values({Field(QStringLiteral("name")), Quarry::count(QStringLiteral("books.id"))});
    QUARRY_VERIFY(!session->lastError(), *session);
    QCOMPARE(describe(counts), QStringLiteral("Borges=0 Le Guin=2 Pratchett=1 Tolkien=2"));
    QCOMPARE(counts.first().at(1).metaType(), QMetaType::fromType<qlonglong>());

    // The latest year per author, and only authors with two books or more (HAVING)
    const QList<QVariantList> prolific =
        session->query<Author>()
            .groupBy(QStringLiteral("id"))
            .groupBy(QStringLiteral("name"))
            .having(Quarry::count(QStringLiteral("books.id")) >= 2)
            .orderBy(QStringLiteral("name"))
            .values({Field(QStringLiteral("name")), Quarry::max(QStringLiteral("books.year"))});
    QUARRY_VERIFY(!session->lastError(), *session);
    QCOMPARE(describe(prolific), QStringLiteral("Le Guin=1974 Tolkien=1954"));

    // Tags with their book counts, through the association table
    const QList<QVariantList> tags =
        session->query<Tag>()
            .groupBy(QStringLiteral("id"))
            .groupBy(QStringLiteral("name"))
            .orderBy(QStringLiteral("name"))
            .values({Field(QStringLiteral("name")), Quarry::count(QStringLiteral("books.id"))});
    QCOMPARE(describe(tags), QStringLiteral("classic=2 fantasy=4 scifi=1"));

    // One aggregate over books filtered through their author; values of a joined column
    QCOMPARE(session->query<Book>()
                 .where(Field(QStringLiteral("author.name")) == QStringLiteral("Le Guin"))
                 .aggregate(Quarry::max(QStringLiteral("year")))
                 .toInt(),
             1974);
    const QList<QVariantList> pairs =
        session->query<Book>()
            .where(Field(QStringLiteral("year")) > 1970)
            .orderBy(QStringLiteral("year"))
            .values({Field(QStringLiteral("title")), Field(QStringLiteral("author.name"))});
    QCOMPARE(describe(pairs), QStringLiteral("The Dispossessed=Le Guin Mort=Pratchett"));
    // Grouping by a column of a related entity: books per author name
    const QList<QVariantList> perAuthor =
        session->query<Book>()
            .groupBy(QStringLiteral("author.name"))
            .orderBy(QStringLiteral("author.name"))
            .values({Field(QStringLiteral("author.name")), Quarry::count()});
    QUARRY_VERIFY(!session->lastError(), *session);
    QCOMPARE(describe(perAuthor), QStringLiteral("Le Guin=2 Pratchett=1 Tolkien=2"));
}

void tst_RelationQueries::explicitJoinFiltersByTheJoinedEntity()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db;
    auto session = seededSession(freshUrl, &db);
    QVERIFY(session);

    // Authors joined with their books after 1960 (DISTINCT: one row per matching book)
    const auto joined =
        session->query<Author>()
            .join<Book>(Field(QStringLiteral("Book.authorId")) == Field(QStringLiteral("id")))
            .where(Field(QStringLiteral("Book.year")) > 1960);
    const QList<Author *> authors = joined.distinct().orderBy(QStringLiteral("name")).all();
    QUARRY_VERIFY(!session->lastError(), *session);
    QCOMPARE(Library::names(authors),
             (QStringList{QStringLiteral("Le Guin"), QStringLiteral("Pratchett")}));
    // Without DISTINCT it is the inner join's rows, the same object twice
    const QList<Author *> rows = joined.orderBy(QStringLiteral("name")).all();
    QCOMPARE(Library::names(rows),
             (QStringList{QStringLiteral("Le Guin"), QStringLiteral("Le Guin"),
                          QStringLiteral("Pratchett")}));
    QCOMPARE(rows[0], rows[1]);
    QCOMPARE(joined.count(), 3);

    // A value inside ON is bound before the WHERE's, and the joined columns can be selected
    const QList<QVariantList> values =
        session->query<Author>()
            .join<Book>(Field(QStringLiteral("Book.authorId")) == Field(QStringLiteral("id")) &&
                        Field(QStringLiteral("Book.year")) < 1960)
            .where(Field(QStringLiteral("name")) != QStringLiteral("Nobody"))
            .orderBy(QStringLiteral("Book.year"))
            .values({Field(QStringLiteral("name")), Field(QStringLiteral("Book.title"))});
    QUARRY_VERIFY(!session->lastError(), *session);
    QCOMPARE(describe(values), QStringLiteral("Tolkien=The Hobbit Tolkien=The Lord of the Rings"));

    // A join to an entity with no declared relation to this one: reviews by their book's title
    Review *review =
        session->query<Review>()
            .join<Book>(Field(QStringLiteral("Book.id")) == Field(QStringLiteral("bookId")))
            .where(Field(QStringLiteral("Book.title")) == QStringLiteral("Mort"))
            .one();
    QUARRY_VERIFY(review, *session);
    QCOMPARE(review->m_stars, 4);

    // A class that is not registered is an InvalidQuery
    QVERIFY(session->query<Author>()
                .join<QObject>(Field(QStringLiteral("QObject.id")) == 1)
                .all()
                .isEmpty());
    QCOMPARE(session->lastError().kind(), Quarry::Error::InvalidQuery);
}

void tst_RelationQueries::bulkStatementsFilterAcrossRelations()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db;
    auto session = seededSession(freshUrl, &db);
    QVERIFY(session);
    Book *mort =
        session->query<Book>().filterBy(QStringLiteral("title"), QStringLiteral("Mort")).one();
    QVERIFY(mort);

    // When Pratchett's books are updated through a path
    const qint64 updated =
        session->query<Book>()
            .where(Field(QStringLiteral("author.name")) == QStringLiteral("Pratchett"))
            .update({{QStringLiteral("year"), 1988}});

    // Then the row and the object in memory changed
    QCOMPARE(updated, 1);
    QCOMPARE(mort->m_year, 1988);

    // When reviews of classic-tagged books are deleted through has() and a path
    const qint64 removed =
        session->query<Review>()
            .where(Field(QStringLiteral("book.title")) == QStringLiteral("The Hobbit") &&
                   has(QStringLiteral("book"),
                       has(QStringLiteral("tags"),
                           Field(QStringLiteral("name")) == QStringLiteral("classic"))))
            .remove();
    QCOMPARE(removed, 1);
    // And authors without books are deleted through !has()
    QCOMPARE(session->query<Author>().where(!has(QStringLiteral("books"))).remove(), 1);
    QUARRY_VERIFY(session->commit(), *session);

    // Then the database agrees
    QCOMPARE(Library::count(db, QStringLiteral("reviews")), 1);
    QCOMPARE(Library::count(db, QStringLiteral("authors")), 3);
    QCOMPARE(Library::rows(db, QStringLiteral("SELECT year FROM books WHERE title = ?"),
                           {QStringLiteral("Mort")})
                 .value(0)
                 .value(0)
                 .toInt(),
             1988);
}

QTEST_GUILESS_MAIN(tst_RelationQueries)
#include "tst_relationqueries.moc"
