#pragma once

// The entities the relation suites share: a small library with every relation kind.
//
//   Author  1 ── n  Book      Book.authorId, references=Author on_delete=cascade
//   Author  1 ── 1  Profile   Profile.authorId, unique (one-to-one, reverse side on Author)
//   Publisher 1 ─ n Book      Book.publisherId, nullable, on_delete=set_null
//   Book    n ── m  Tag       association table book_tags, both sides declare it
//   Book    1 ── n  Review    Review.bookId, on_delete=restrict
//   Reader  n ── m  Book      through the association entity Reading (which carries data)

#include "quarrytest.h"

#include <quarry/session.h>

#include <QObject>
#include <algorithm>
#include <optional>

class Book;
class Tag;
class Profile;
class Review;

class Author : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "authors")
    Q_CLASSINFO("name", "unique max_length=80")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
    Q_PROPERTY(QList<Book *> books MEMBER m_books NOTIFY changed)
    Q_PROPERTY(Profile *profile MEMBER m_profile NOTIFY changed)
public:
    Q_INVOKABLE explicit Author(QObject *parent = nullptr) : QObject(parent) {}
    explicit Author(const QString &name) : m_name(name) {}
    qint64 m_id = 0;
    QString m_name;
    QList<Book *> m_books;
    Profile *m_profile = nullptr;
Q_SIGNALS:
    void changed();
};

class Profile : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "profiles")
    Q_CLASSINFO("authorId", "unique references=Author on_delete=cascade")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(qint64 authorId MEMBER m_authorId NOTIFY changed)
    Q_PROPERTY(QString bio MEMBER m_bio NOTIFY changed)
public:
    Q_INVOKABLE explicit Profile(QObject *parent = nullptr) : QObject(parent) {}
    explicit Profile(const QString &bio) : m_bio(bio) {}
    qint64 m_id = 0;
    qint64 m_authorId = 0;
    QString m_bio;
Q_SIGNALS:
    void changed();
};

class Publisher : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "publishers")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
public:
    Q_INVOKABLE explicit Publisher(QObject *parent = nullptr) : QObject(parent) {}
    explicit Publisher(const QString &name) : m_name(name) {}
    qint64 m_id = 0;
    QString m_name;
Q_SIGNALS:
    void changed();
};

class Book : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "books")
    Q_CLASSINFO("authorId", "column=author_id references=Author on_delete=cascade")
    Q_CLASSINFO("publisherId", "column=publisher_id references=Publisher on_delete=set_null")
    Q_CLASSINFO("tags", "through=book_tags")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString title MEMBER m_title NOTIFY changed)
    Q_PROPERTY(int year MEMBER m_year NOTIFY changed)
    Q_PROPERTY(qint64 authorId MEMBER m_authorId NOTIFY changed)
    Q_PROPERTY(std::optional<qint64> publisherId MEMBER m_publisherId NOTIFY changed)
    Q_PROPERTY(Author *author MEMBER m_author NOTIFY changed)
    Q_PROPERTY(Publisher *publisher MEMBER m_publisher NOTIFY changed)
    Q_PROPERTY(QList<Tag *> tags MEMBER m_tags NOTIFY changed)
    Q_PROPERTY(QList<Review *> reviews MEMBER m_reviews NOTIFY changed)
public:
    Q_INVOKABLE explicit Book(QObject *parent = nullptr) : QObject(parent) {}
    Book(const QString &title, int year) : m_title(title), m_year(year) {}
    qint64 m_id = 0;
    QString m_title;
    int m_year = 0;
    qint64 m_authorId = 0;
    std::optional<qint64> m_publisherId;
    Author *m_author = nullptr;
    Publisher *m_publisher = nullptr;
    QList<Tag *> m_tags;
    QList<Review *> m_reviews;
Q_SIGNALS:
    void changed();
};

class Tag : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "tags")
    Q_CLASSINFO("name", "unique max_length=40")
    Q_CLASSINFO("books", "through=book_tags")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
    Q_PROPERTY(QList<Book *> books MEMBER m_books NOTIFY changed)
public:
    Q_INVOKABLE explicit Tag(QObject *parent = nullptr) : QObject(parent) {}
    explicit Tag(const QString &name) : m_name(name) {}
    qint64 m_id = 0;
    QString m_name;
    QList<Book *> m_books;
Q_SIGNALS:
    void changed();
};

class Review : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "reviews")
    Q_CLASSINFO("bookId", "references=Book on_delete=restrict")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(qint64 bookId MEMBER m_bookId NOTIFY changed)
    Q_PROPERTY(int stars MEMBER m_stars NOTIFY changed)
    Q_PROPERTY(Book *book MEMBER m_book NOTIFY changed)
public:
    Q_INVOKABLE explicit Review(QObject *parent = nullptr) : QObject(parent) {}
    explicit Review(int stars) : m_stars(stars) {}
    qint64 m_id = 0;
    qint64 m_bookId = 0;
    int m_stars = 0;
    Book *m_book = nullptr;
Q_SIGNALS:
    void changed();
};

class Reader : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "readers")
    Q_CLASSINFO("books", "through=Reading")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
    Q_PROPERTY(QList<Book *> books MEMBER m_books NOTIFY changed)
public:
    Q_INVOKABLE explicit Reader(QObject *parent = nullptr) : QObject(parent) {}
    explicit Reader(const QString &name) : m_name(name) {}
    qint64 m_id = 0;
    QString m_name;
    QList<Book *> m_books;
Q_SIGNALS:
    void changed();
};

// An association entity: the link between a reader and a book carries a rating.
class Reading : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "readings")
    Q_CLASSINFO("readerId", "references=Reader on_delete=cascade")
    Q_CLASSINFO("bookId", "references=Book on_delete=cascade")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(qint64 readerId MEMBER m_readerId NOTIFY changed)
    Q_PROPERTY(qint64 bookId MEMBER m_bookId NOTIFY changed)
    Q_PROPERTY(int rating MEMBER m_rating NOTIFY changed)
public:
    Q_INVOKABLE explicit Reading(QObject *parent = nullptr) : QObject(parent) {}
    Reading(qint64 readerId, qint64 bookId, int rating)
        : m_readerId(readerId), m_bookId(bookId), m_rating(rating)
    {
    }
    qint64 m_id = 0;
    qint64 m_readerId = 0;
    qint64 m_bookId = 0;
    int m_rating = 0;
Q_SIGNALS:
    void changed();
};

namespace Library {

// A database with every library entity registered and its tables created; invalid (with
// a warning saying why) when that fails.
inline Quarry::Database open(const QString &url)
{
    Quarry::Database db = Quarry::Database::open(url);
    if (!db.isValid()) {
        qWarning() << db.lastError();
        return db;
    }
    if (!db.registerEntities<Author, Profile, Publisher, Book, Tag, Review, Reader, Reading>() ||
        !db.createAll()) {
        qWarning() << db.lastError();
        return {};
    }
    return db;
}

// Rows of a raw statement, read by a session of its own (after the writers committed).
inline QList<QVariantList> rows(const Quarry::Database &db, const QString &sql,
                                const QVariantList &values = {})
{
    Quarry::Session reader(db);
    bool ok = false;
    const QList<QVariantList> result = reader.execute(sql, values, &ok);
    if (!ok)
        qWarning() << "raw SQL failed:" << sql << reader.lastError();
    return result;
}

inline qint64 count(const Quarry::Database &db, const QString &table)
{
    const QList<QVariantList> result = rows(db, QStringLiteral("SELECT COUNT(*) FROM ") + table);
    return result.isEmpty() ? -1 : result.first().value(0).toLongLong();
}

// The (book_id, tag_id) pairs of the association table, sorted: "1-2 1-3 2-3".
inline QString bookTagPairs(const Quarry::Database &db)
{
    QStringList pairs;
    const QList<QVariantList> result =
        rows(db, QStringLiteral("SELECT book_id, tag_id FROM book_tags ORDER BY book_id, tag_id"));
    for (const QVariantList &row : result)
        pairs << QStringLiteral("%1-%2")
                     .arg(row.value(0).toLongLong())
                     .arg(row.value(1).toLongLong());
    return pairs.join(QLatin1Char(' '));
}

// The tag keys linked to one book, ascending.
inline QList<qint64> tagIdsOf(const Quarry::Database &db, qint64 bookId)
{
    QList<qint64> ids;
    const QList<QVariantList> result =
        rows(db, QStringLiteral("SELECT tag_id FROM book_tags WHERE book_id = ? ORDER BY tag_id"),
             {bookId});
    for (const QVariantList &row : result)
        ids << row.value(0).toLongLong();
    return ids;
}

inline QList<qint64> sorted(QList<qint64> ids)
{
    std::sort(ids.begin(), ids.end());
    return ids;
}

template <typename T> QStringList names(const QList<T *> &objects, const char *property = "name")
{
    QStringList result;
    for (const T *object : objects)
        result << (object ? object->property(property).toString() : QStringLiteral("<null>"));
    return result;
}

template <typename T> QStringList titles(const QList<T *> &objects)
{
    return names(objects, "title");
}

// The catalogue the loading and query tests read, written through plain keys and raw
// association rows (not through relations), so that reading is tested on its own:
//
//   Tolkien (profile "Oxford")  The Hobbit 1937 [fantasy, classic] (Allen & Unwin, review 5)
//                               The Lord of the Rings 1954 [fantasy, classic]
//   Le Guin                     A Wizard of Earthsea 1968 [fantasy]
//                               The Dispossessed 1974 [scifi]
//   Pratchett                   Mort 1987 [fantasy] (review 4)
//   Borges                      (no books)
//   reader Ann: The Hobbit (rating 5), The Dispossessed (rating 3)
inline bool seed(const Quarry::Database &db)
{
    Quarry::Session session(db);
    auto *tolkien = new Author(QStringLiteral("Tolkien"));
    auto *leGuin = new Author(QStringLiteral("Le Guin"));
    auto *pratchett = new Author(QStringLiteral("Pratchett"));
    auto *borges = new Author(QStringLiteral("Borges"));
    auto *allenUnwin = new Publisher(QStringLiteral("Allen & Unwin"));
    auto *fantasy = new Tag(QStringLiteral("fantasy"));
    auto *classic = new Tag(QStringLiteral("classic"));
    auto *scifi = new Tag(QStringLiteral("scifi"));
    auto *ann = new Reader(QStringLiteral("Ann"));
    for (QObject *object : QList<QObject *>{tolkien, leGuin, pratchett, borges, allenUnwin, fantasy,
                                            classic, scifi, ann})
        session.add(object);
    if (!session.commit()) {
        qWarning() << "seed:" << session.lastError();
        return false;
    }
    struct Entry {
        const char *title;
        int year;
        Author *author;
    };
    const Entry entries[] = {{"The Hobbit", 1937, tolkien},
                             {"The Lord of the Rings", 1954, tolkien},
                             {"A Wizard of Earthsea", 1968, leGuin},
                             {"The Dispossessed", 1974, leGuin},
                             {"Mort", 1987, pratchett}};
    QList<Book *> books;
    for (const Entry &entry : entries) {
        auto *book = new Book(QString::fromUtf8(entry.title), entry.year);
        book->m_authorId = entry.author->m_id;
        books.append(book);
        session.add(book);
    }
    books[0]->m_publisherId = allenUnwin->m_id;
    auto *profile = new Profile(QStringLiteral("Oxford"));
    profile->m_authorId = tolkien->m_id;
    session.add(profile);
    if (!session.commit()) {
        qWarning() << "seed:" << session.lastError();
        return false;
    }
    const QList<QPair<Book *, Tag *>> links{
        {books[0], fantasy}, {books[0], classic}, {books[1], fantasy}, {books[1], classic},
        {books[2], fantasy}, {books[3], scifi},   {books[4], fantasy}};
    bool ok = true;
    for (const auto &[book, tag] : links) {
        bool inserted = false;
        session.execute(QStringLiteral("INSERT INTO book_tags (book_id, tag_id) VALUES (?, ?)"),
                        {book->m_id, tag->m_id}, &inserted);
        ok = ok && inserted;
    }
    auto *hobbitReview = new Review(5);
    hobbitReview->m_bookId = books[0]->m_id;
    auto *mortReview = new Review(4);
    mortReview->m_bookId = books[4]->m_id;
    session.add(hobbitReview);
    session.add(mortReview);
    session.add(new Reading(ann->m_id, books[0]->m_id, 5));
    session.add(new Reading(ann->m_id, books[3]->m_id, 3));
    if (!ok || !session.commit()) {
        qWarning() << "seed:" << session.lastError();
        return false;
    }
    return true;
}

inline void backends()
{
    QuarryTest::addBackendColumn();
    QuarryTest::addBackendRows();
}

} // namespace Library
