// createAll()/dropAll(): the registered entities' DDL, in foreign-key order, read back
// through introspection, and the on_delete rules enforced by each database.

#include "quarrytest.h"

#include <quarry/schema.h>
#include <quarry/session.h>

#include <QtTest>
#include <optional>

class Author : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "authors")
    Q_CLASSINFO("name", "unique max_length=80")
    Q_CLASSINFO("country", "max_length=2 default=NZ index")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
    Q_PROPERTY(QString country MEMBER m_country NOTIFY changed)
public:
    Q_INVOKABLE explicit Author(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_name;
    QString m_country;
Q_SIGNALS:
    void changed();
};

class Book : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "books")
    Q_CLASSINFO("authorId", "column=author_id references=Author on_delete=cascade")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString title MEMBER m_title NOTIFY changed)
    Q_PROPERTY(qint64 authorId MEMBER m_authorId NOTIFY changed)
public:
    Q_INVOKABLE explicit Book(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_title;
    qint64 m_authorId = 0;
Q_SIGNALS:
    void changed();
};

class Review : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "reviews")
    Q_CLASSINFO("bookId", "references=Book on_delete=set_null")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(std::optional<qint64> bookId MEMBER m_bookId NOTIFY changed)
public:
    Q_INVOKABLE explicit Review(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    std::optional<qint64> m_bookId;
Q_SIGNALS:
    void changed();
};

class Loan : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "loans")
    Q_CLASSINFO("bookId", "references=Book on_delete=restrict")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(qint64 bookId MEMBER m_bookId NOTIFY changed)
public:
    Q_INVOKABLE explicit Loan(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    qint64 m_bookId = 0;
Q_SIGNALS:
    void changed();
};

class tst_CreateAll : public QObject
{
    Q_OBJECT

    static void backends()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }
    // Registered children first: createAll() must still create parents first.
    static bool registerAll(Quarry::Database &db)
    {
        return db.registerEntities<Loan, Review, Book, Author>();
    }
    static qint64 rows(Quarry::Database &db, const QString &table)
    {
        QSqlQuery query(db.connection());
        if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM ") + table) || !query.next())
            return -1;
        return query.value(0).toLongLong();
    }

private Q_SLOTS:
    void createsTheDeclaredSchema_data() { backends(); }
    void createsTheDeclaredSchema();
    void enforcesOnDeleteRules_data() { backends(); }
    void enforcesOnDeleteRules();
    void dropAllRemovesEveryTable_data() { backends(); }
    void dropAllRemovesEveryTable();
};

void tst_CreateAll::createsTheDeclaredSchema()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(db.isValid(), db);
    QUARRY_VERIFY(registerAll(db), db);
    QUARRY_VERIFY(db.createAll(), db);
    QUARRY_VERIFY(db.createAll(), db); // existing tables are left alone

    const Quarry::Schema schema = db.schema();
    QVERIFY2(!schema.error(), qPrintable(schema.error().toString()));
    QCOMPARE(schema.tableNames(), (QStringList{QStringLiteral("authors"), QStringLiteral("books"),
                                              QStringLiteral("loans"), QStringLiteral("reviews")}));

    const Quarry::TableSchema *authors = schema.table(QStringLiteral("authors"));
    QCOMPARE(authors->primaryKey, QStringList{QStringLiteral("id")});
    QVERIFY(authors->column(QStringLiteral("id"))->autoIncrement);
    QVERIFY(!authors->column(QStringLiteral("name"))->nullable);
    QVERIFY(authors->column(QStringLiteral("country"))->defaultValue.contains(QLatin1String("NZ")));
    const Quarry::IndexSchema *unique = authors->index(QStringLiteral("uq_authors_name"));
    QVERIFY(unique);
    QVERIFY(unique->unique);
    QCOMPARE(unique->columns, QStringList{QStringLiteral("name")});
    const Quarry::IndexSchema *index = authors->index(QStringLiteral("ix_authors_country"));
    QVERIFY(index);
    QVERIFY(!index->unique);

    const Quarry::TableSchema *books = schema.table(QStringLiteral("books"));
    QVERIFY(books->column(QStringLiteral("author_id"))); // column= renames
    QCOMPARE(books->foreignKeys.size(), 1);
    QCOMPARE(books->foreignKeys.first().columns, QStringList{QStringLiteral("author_id")});
    QCOMPARE(books->foreignKeys.first().referencedTable, QStringLiteral("authors"));
    QCOMPARE(books->foreignKeys.first().referencedColumns, QStringList{QStringLiteral("id")});
    QCOMPARE(books->foreignKeys.first().onDelete, QStringLiteral("CASCADE"));
    QCOMPARE(schema.table(QStringLiteral("reviews"))->foreignKeys.first().onDelete,
             QStringLiteral("SET NULL"));
    QVERIFY(schema.table(QStringLiteral("reviews"))->column(QStringLiteral("bookId"))->nullable);
    QCOMPARE(schema.table(QStringLiteral("loans"))->foreignKeys.first().onDelete,
             QStringLiteral("RESTRICT"));
}

void tst_CreateAll::enforcesOnDeleteRules()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(registerAll(db), db);
    QUARRY_VERIFY(db.createAll(), db);

    // Given an author with a book that has a review, and a second book that is on loan...
    QUARRY_VERIFY(db.execute(QStringLiteral("INSERT INTO authors (name, country) VALUES (?, ?)"),
                             {QStringLiteral("Le Guin"), QStringLiteral("US")}), db);
    Quarry::Session session(db);
    const qint64 authorId = session.query<Author>().first()->m_id;
    auto *reviewed = new Book;
    reviewed->m_title = QStringLiteral("Earthsea");
    reviewed->m_authorId = authorId;
    auto *lent = new Book;
    lent->m_title = QStringLiteral("The Dispossessed");
    lent->m_authorId = authorId;
    session.add(reviewed);
    session.add(lent);
    QUARRY_VERIFY(session.flush(), session);
    auto *review = new Review;
    review->m_bookId = reviewed->m_id;
    auto *loan = new Loan;
    loan->m_bookId = lent->m_id;
    session.add(review);
    session.add(loan);
    QUARRY_VERIFY(session.commit(), session);

    // ...restrict refuses to delete the lent book...
    QVERIFY(!db.execute(QStringLiteral("DELETE FROM books WHERE id = ?"), {lent->m_id}));
    QCOMPARE(db.lastError().kind(), Quarry::Error::ForeignKeyViolation);

    // ...set_null keeps the review without its book...
    QUARRY_VERIFY(db.execute(QStringLiteral("DELETE FROM books WHERE id = ?"), {reviewed->m_id}), db);
    Quarry::Session reader(db);
    Review *orphan = reader.get<Review>(review->m_id);
    QVERIFY(orphan);
    QVERIFY(!orphan->m_bookId.has_value());

    // ...and cascade takes the author's remaining books along once the loan is gone.
    QUARRY_VERIFY(db.execute(QStringLiteral("DELETE FROM loans")), db);
    QUARRY_VERIFY(db.execute(QStringLiteral("DELETE FROM authors")), db);
    QCOMPARE(rows(db, QStringLiteral("books")), qint64(0));
    QCOMPARE(rows(db, QStringLiteral("reviews")), qint64(1));
}

void tst_CreateAll::dropAllRemovesEveryTable()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(registerAll(db), db);
    QUARRY_VERIFY(db.createAll(), db);
    QUARRY_VERIFY(db.dropAll(), db); // children before parents, or the FKs would refuse
    QVERIFY(db.schema().tableNames().isEmpty());
    QUARRY_VERIFY(db.dropAll(), db); // nothing left to drop is fine
}

QTEST_GUILESS_MAIN(tst_CreateAll)
#include "tst_createall.moc"
