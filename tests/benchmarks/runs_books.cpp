// W7: load min(N, 10,000) books with their authors eagerly. Quarry: with("author") (one
// statement, LEFT JOIN). Hand-written: the same LEFT JOIN, authors deduplicated by id,
// once into structs and once into QObjects filled via resolved QMetaProperty handles.

#include "bench.h"
#include "benchbooks.h"

#include <QHash>
#include <QMetaProperty>
#include <QSqlError>
#include <quarry/session.h>
#include <unordered_map>

namespace Bench {

namespace {

int authorCount(const Env &env) { return qMax(1, env.sample() / 10); }

// Untimed, the same for every variant: authors, then books spread over them.
bool seedBooks(Env &env)
{
    QSqlDatabase raw = env.raw();
    raw.transaction();
    QSqlQuery author(raw);
    author.prepare(QStringLiteral("INSERT INTO bench_authors (name) VALUES (?)"));
    for (int i = 0; i < authorCount(env); ++i) {
        author.bindValue(0, QStringLiteral("author %1").arg(i));
        if (!exec(env, author, "seed authors"))
            return false;
    }
    QSqlQuery ids(raw);
    ids.setForwardOnly(true);
    ids.prepare(QStringLiteral("SELECT id FROM bench_authors ORDER BY id"));
    if (!exec(env, ids, "author ids"))
        return false;
    QList<qint64> authorIds;
    while (ids.next())
        authorIds.append(ids.value(0).toLongLong());
    ids.finish();
    QSqlQuery book(raw);
    book.prepare(QStringLiteral("INSERT INTO bench_books (title, author_id) VALUES (?, ?)"));
    for (int i = 0; i < env.sample(); ++i) {
        book.bindValue(0, QStringLiteral("book %1").arg(i));
        book.bindValue(1, authorIds.at(i % authorIds.size()));
        if (!exec(env, book, "seed books"))
            return false;
    }
    return raw.commit() || env.fail(QStringLiteral("seed commit: ") + raw.lastError().text());
}

// The check: every book once, each with the author its key names.
bool checkBooks(Env &env, qint64 books, qint64 authorIdSum, qint64 mismatches)
{
    if (books != env.sample() || mismatches != 0)
        return env.fail(QStringLiteral("W7: %1 books (want %2), %3 without their author")
                            .arg(books).arg(env.sample()).arg(mismatches));
    const QVariantList expected =
        env.queryRow(QStringLiteral("SELECT SUM(author_id) FROM bench_books"));
    if (expected.value(0).toLongLong() != authorIdSum)
        return env.fail(QStringLiteral("W7: author id sum %1, want %2")
                            .arg(authorIdSum).arg(expected.value(0).toLongLong()));
    return true;
}

const QString joinSql = QStringLiteral(
    "SELECT b.id, b.title, b.author_id, a.id, a.name FROM bench_books b "
    "LEFT JOIN bench_authors a ON a.id = b.author_id");

class BooksRun : public Run
{
public:
    bool setup(Env &env) override { return seedBooks(env); }
    bool verify(Env &env) override { return checkBooks(env, m_books, m_authorIdSum, m_mismatches); }

protected:
    qint64 m_books = 0;
    qint64 m_authorIdSum = 0;
    qint64 m_mismatches = 0;
};

class QuarryBooks : public BooksRun
{
public:
    // A session's first statement opens its connection (on a server: connect, log in, set
    // up). The hand-written variants connect before the clock starts, so this does too: a
    // warm-up session's connection waits in the pool for the session of run().
    bool setup(Env &env) override
    {
        if (!BooksRun::setup(env))
            return false;
        Quarry::Session warmUp(env.db);
        if (warmUp.query<BenchBook>().count() < 0)
            return env.fail(QStringLiteral("quarry: W7 warm-up: ") + warmUp.lastError().toString());
        return env.releasePageCache(warmUp); // as every variant: an empty SQLite page cache
    }
    bool run(Env &env) override
    {
        m_session = std::make_unique<Quarry::Session>(env.db);
        const QList<BenchBook *> books = m_session->query<BenchBook>().with(QStringLiteral("author")).all();
        if (m_session->lastError())
            return env.fail(m_session->lastError().toString());
        for (const BenchBook *book : books) {
            ++m_books;
            if (!book->m_author || book->m_author->m_id != book->m_authorId)
                ++m_mismatches;
            else
                m_authorIdSum += book->m_author->m_id;
        }
        return true;
    }

private:
    std::unique_ptr<Quarry::Session> m_session; // owns the objects until verify()
};

struct AuthorRow {
    qint64 id = 0;
    QString name;
};
struct BookRow {
    qint64 id = 0;
    QString title;
    qint64 authorId = 0;
    const AuthorRow *author = nullptr;
};

class StructBooks : public BooksRun
{
public:
    bool run(Env &env) override
    {
        QSqlQuery query(env.raw());
        query.setForwardOnly(true);
        query.prepare(joinSql);
        if (!exec(env, query, "W7 join"))
            return false;
        while (query.next()) {
            const qint64 authorId = query.value(3).toLongLong();
            auto author = m_authors.find(authorId);
            if (author == m_authors.end())
                author = m_authors.emplace(authorId, AuthorRow{authorId, query.value(4).toString()}).first;
            m_rows.append(BookRow{query.value(0).toLongLong(), query.value(1).toString(),
                                  query.value(2).toLongLong(), &author->second});
        }
        for (const BookRow &row : std::as_const(m_rows)) {
            ++m_books;
            if (row.author->id != row.authorId)
                ++m_mismatches;
            else
                m_authorIdSum += row.author->id;
        }
        return true;
    }

private:
    std::unordered_map<qint64, AuthorRow> m_authors; // node-based: row pointers stay valid
    QList<BookRow> m_rows;
};

class QObjectBooks : public BooksRun
{
public:
    bool run(Env &env) override
    {
        const QMetaObject &bookMeta = BenchBook::staticMetaObject;
        const QMetaObject &authorMeta = BenchAuthor::staticMetaObject;
        const QMetaProperty bookId = bookMeta.property(bookMeta.indexOfProperty("id"));
        const QMetaProperty title = bookMeta.property(bookMeta.indexOfProperty("title"));
        const QMetaProperty bookAuthorId = bookMeta.property(bookMeta.indexOfProperty("authorId"));
        const QMetaProperty bookAuthor = bookMeta.property(bookMeta.indexOfProperty("author"));
        const QMetaProperty authorId = authorMeta.property(authorMeta.indexOfProperty("id"));
        const QMetaProperty name = authorMeta.property(authorMeta.indexOfProperty("name"));
        QSqlQuery query(env.raw());
        query.setForwardOnly(true);
        query.prepare(joinSql);
        if (!exec(env, query, "W7 join"))
            return false;
        while (query.next()) {
            const qint64 key = query.value(3).toLongLong();
            BenchAuthor *author = m_authors.value(key);
            if (!author) {
                author = new BenchAuthor(&m_owner);
                authorId.write(author, key);
                name.write(author, query.value(4));
                m_authors.insert(key, author);
            }
            auto *book = new BenchBook(&m_owner);
            bookId.write(book, query.value(0));
            title.write(book, query.value(1));
            bookAuthorId.write(book, query.value(2));
            bookAuthor.write(book, QVariant::fromValue(author));
            m_books_.append(book);
        }
        for (const BenchBook *book : std::as_const(m_books_)) {
            ++m_books;
            if (!book->m_author || book->m_author->m_id != book->m_authorId)
                ++m_mismatches;
            else
                m_authorIdSum += book->m_author->m_id;
        }
        return true;
    }

private:
    QObject m_owner;
    QHash<qint64, BenchAuthor *> m_authors;
    QList<BenchBook *> m_books_;
};

} // namespace

void addRelationWorkloads(Registry &registry)
{
    Workload workload;
    workload.id = QStringLiteral("W7");
    workload.title = QStringLiteral("load min(N, 10,000) books with their authors eagerly");
    workload.variants[QuarryOrm] = [] { return std::make_unique<QuarryBooks>(); };
    workload.variants[HandStructs] = [] { return std::make_unique<StructBooks>(); };
    workload.variants[HandQObjects] = [] { return std::make_unique<QObjectBooks>(); };
    workload.registerEntities = [](Quarry::Database &db) {
        return db.registerEntities<BenchAuthor, BenchBook>();
    };
    registry.add(workload);
}

} // namespace Bench
