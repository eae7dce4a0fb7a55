// The README's tutorial, compiled and run: the eight core ideas of Quarry, in order.
//
//   tutorial [URL]      (default: an in-memory SQLite database)

#include "book.h"

#include <quarry/schema.h>
#include <quarry/session.h>
#include <quarry/transaction.h>

#include <QCoreApplication>
#include <QDebug>

using Quarry::Field;

static int fail(const Quarry::Error &error)
{
    qCritical().noquote() << error.toString();
    return 1;
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QString url = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("sqlite://");

    //! [connection]
    Quarry::Database db = Quarry::Database::open(url); // sqlite:///app.db, postgresql://...
    if (!db.isValid())
        return fail(db.lastError()); // ConnectionError, Unsupported, InvalidQuery
    //! [connection]

    //! [schema]
    if (!db.registerEntity<Book>())
        return fail(db.lastError()); // a bad Q_CLASSINFO option names class and property
    db.dropAll();                    // the tutorial starts from an empty database
    if (!db.createAll())             // CREATE TABLE + indexes, in foreign-key order
        return fail(db.lastError());
    const Quarry::TableSchema *table = db.schema().table(QStringLiteral("books"));
    qInfo() << "columns:" << table->columns.size() << "indexes:" << table->indexes.size();
    //! [schema]

    //! [session]
    Quarry::Session session(db);
    auto *dune = new Book(QStringLiteral("Dune"), QStringLiteral("9780441013593"),
                          Book::Genre::Fiction, QDate(1965, 8, 1));
    session.add(dune);   // the session owns it from now on
    session.add(new Book(QStringLiteral("Leaves of Grass"), QStringLiteral("9780486456768"),
                         Book::Genre::Poetry, QDate(1855, 7, 4)));
    if (!session.commit())
        return fail(session.lastError());
    qInfo() << "Dune has id" << dune->m_id; // generated keys are read back
    //! [session]

    //! [crud]
    Book *book = session.get<Book>(dune->m_id);   // the same object: identity map
    Q_ASSERT(book == dune);
    book->setProperty("rating", 4.5);             // NOTIFY marks it dirty
    if (!session.commit())                        // UPDATE books SET rating = ? WHERE id = ?
        return fail(session.lastError());
    session.remove(book);
    if (!session.commit())                        // DELETE FROM books WHERE id = ?
        return fail(session.lastError());
    //! [crud]

    //! [transactions]
    {
        Quarry::Transaction transaction(session);  // BEGIN
        session.add(new Book(QStringLiteral("Cosmos"), QStringLiteral("9780345539434"),
                             Book::Genre::Science, QDate(1980, 1, 1)));
        {
            Quarry::Transaction nested(session);   // SAVEPOINT
            session.add(new Book(QStringLiteral("Duplicate"), QStringLiteral("9780345539434"),
                                 Book::Genre::Science, QDate(1980, 1, 1)));
            if (!nested.commit())                  // UniqueViolation: only the savepoint
                qInfo() << "refused:" << nested.lastError().kind(); // is rolled back
        }                                          // ROLLBACK TO SAVEPOINT
        if (!transaction.commit())                 // COMMIT: Cosmos is stored
            return fail(transaction.lastError());
    }
    //! [transactions]

    //! [queries]
    const QList<Book *> older = session.query<Book>()
                                    .where(Field(QStringLiteral("published")) < QDate(1950, 1, 1)
                                           || Field(QStringLiteral("genre")) == QVariant::fromValue(Book::Genre::Science))
                                    .orderBy(QStringLiteral("published"), Qt::DescendingOrder)
                                    .limit(10)
                                    .all();
    const qint64 poems = session.query<Book>().filterBy(QStringLiteral("genre"), QStringLiteral("Poetry")).count();
    const auto perGenre = session.query<Book>()
                              .groupBy(QStringLiteral("genre"))
                              .values(QList<Field>{Field(QStringLiteral("genre")), Quarry::count()});
    const qint64 renamed = session.query<Book>()
                               .where(Field(QStringLiteral("title")).startsWith(QStringLiteral("Leaves")))
                               .update({{QStringLiteral("rating"), 5.0}});
    qInfo() << older.size() << "books," << poems << "poetry," << perGenre << renamed << "updated";
    //! [queries]

    //! [independence]
    // The same code runs on SQLite, PostgreSQL and MariaDB: identifiers are quoted and
    // values bound by the dialect, NULLs sort first ascending everywhere, LIKE is
    // case-sensitive everywhere, and errors come back as portable kinds.
    session.add(new Book(QStringLiteral("Cosmos again"), QStringLiteral("9780345539434"),
                         Book::Genre::Science, QDate(2013, 1, 1)));
    if (!session.commit() && session.lastError().kind() == Quarry::Error::UniqueViolation)
        qInfo() << "the ISBN is taken on" << db.backendName() << "too";
    //! [independence]

    return older.size() == 2 && poems == 1 && renamed == 1 ? 0 : 1;
}
