// SchemaDiff on every backend: createAll() leaves no difference (every storage, default,
// unique, index and foreign key compared in the backend's own spelling); each kind of
// change is found, renames only when declared; and autogenerate writes a migration that
// makes the database match changed entities exactly, and back.

#include "quarrytest.h"
#include "schemaentities.h"

#include <quarry/migrator.h>
#include <quarry/schemadiff.h>

#include <QTemporaryDir>
#include <QtTest>

namespace {

QString describe(const Quarry::SchemaDiff &diff)
{
    if (diff.error().isValid())
        return diff.error().toString();
    return diff.descriptions().join(QLatin1String("\n  "));
}

QVariant scalar(Quarry::Database &db, const QString &sql)
{
    QSqlQuery query(db.connection());
    if (!query.exec(sql) || !query.next())
        return QStringLiteral("<%1>").arg(query.lastError().text());
    return query.value(0);
}

} // namespace

#define VERIFY_NO_DIFFERENCE(db)                                                              \
    do {                                                                                      \
        const Quarry::SchemaDiff diff = Quarry::SchemaDiff::compare(db);                      \
        QVERIFY2(!diff.error().isValid() && diff.isEmpty(),                                   \
                 qPrintable(QStringLiteral("differences:\n  ") + describe(diff)));            \
    } while (false)

class tst_SchemaDiff : public QObject
{
    Q_OBJECT

    static void backends()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }

private Q_SLOTS:
    void createAllLeavesNoDifference_data() { backends(); }
    void createAllLeavesNoDifference();
    void findsEveryKindOfChange_data() { backends(); }
    void findsEveryKindOfChange();
    void proposesRenamesOnlyWhenDeclared_data() { backends(); }
    void proposesRenamesOnlyWhenDeclared();
    void autogenerateMakesTheDatabaseMatchChangedEntities_data() { backends(); }
    void autogenerateMakesTheDatabaseMatchChangedEntities();
    void leavesReflectedTablesAlone_data() { backends(); }
    void leavesReflectedTablesAlone();
    void reportsAnInvalidDatabase();
};

void tst_SchemaDiff::createAllLeavesNoDifference()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(db.isValid(), db);
    QUARRY_VERIFY((db.registerEntities<Everything, Parent>()), db);
    QUARRY_VERIFY(db.createAll(), db);
    VERIFY_NO_DIFFERENCE(db);

    // The expected schema is what introspection reads, table by table.
    const Quarry::Schema expected = Quarry::SchemaDiff::expectedSchema(db, db.backend());
    QCOMPARE(expected.tableNames(), db.schema().tableNames());
    QCOMPARE(expected.table(QStringLiteral("everything"))->indexes,
             db.schema().table(QStringLiteral("everything"))->indexes);
}

void tst_SchemaDiff::findsEveryKindOfChange()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database before = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(before.isValid(), before);
    QUARRY_VERIFY((before.registerEntities<AuthorV1, BookV1, Obsolete>()), before);
    QUARRY_VERIFY(before.createAll(), before);

    Quarry::Database after = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY((after.registerEntities<AuthorV2, BookV2, TagV2, ReviewV2>()), after);
    const Quarry::SchemaDiff diff =
        Quarry::SchemaDiff::compare(after, {QStringLiteral("authors.name=full_name")});
    QVERIFY2(!diff.error().isValid(), qPrintable(diff.error().toString()));
    const QStringList found = diff.descriptions();
    const QStringList wanted = {
        QStringLiteral("rename column authors.name to full_name"),
        QStringLiteral("drop foreign key fk_books_author_id on books"),
        QStringLiteral("drop index ix_authors_country on authors"),
        QStringLiteral("drop unique index uq_authors_name on authors"),
        QStringLiteral("create table tags"),
        QStringLiteral("create table reviews"),
        QStringLiteral("create table book_tags"),
        QStringLiteral("add column authors.email (string, null)"),
        QStringLiteral("add column authors.active (bool)"),
        QStringLiteral("add column books.isbn (string, null)"),
        QStringLiteral("alter column authors.country: default"),
        QStringLiteral("alter column books.title: NOT NULL -> NULL"),
        QStringLiteral("alter column books.pages: type"),
        QStringLiteral("drop column books.legacy"),
        QStringLiteral("create unique index uq_authors_full_name on authors (full_name)"),
        QStringLiteral("create index ix_books_title on books (title)"),
        QStringLiteral("add foreign key fk_books_author_id on books (author_id) -> authors"),
        QStringLiteral("drop table obsolete"),
    };
    for (const QString &change : wanted) {
        const auto match = std::find_if(found.cbegin(), found.cend(), [&](const QString &line) {
            return line.startsWith(change);
        });
        QVERIFY2(match != found.cend(), qPrintable(change + QStringLiteral(" not in:\n  ") +
                                                   found.join(QLatin1String("\n  "))));
    }
    QCOMPARE(found.size(), wanted.size());
    QVERIFY(diff.unsupported().isEmpty());
    // Keys go before the columns they use, tables come before what references them.
    auto position = [&](const QString &prefix) {
        return std::find_if(found.cbegin(), found.cend(),
                            [&](const QString &line) { return line.startsWith(prefix); }) -
               found.cbegin();
    };
    QVERIFY(position(QStringLiteral("drop foreign key")) < position(QStringLiteral("add foreign key")));
    QVERIFY(position(QStringLiteral("create table tags")) <
            position(QStringLiteral("create table book_tags")));
    QVERIFY(position(QStringLiteral("alter column")) < position(QStringLiteral("create index")));
}

void tst_SchemaDiff::proposesRenamesOnlyWhenDeclared()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database before = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(before.isValid(), before);
    QUARRY_VERIFY((before.registerEntities<AuthorV1, BookV1, Obsolete>()), before);
    QUARRY_VERIFY(before.createAll(), before);
    Quarry::Database after = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY((after.registerEntities<AuthorV2, BookV2, TagV2, ReviewV2>()), after);

    const QStringList guessed = Quarry::SchemaDiff::compare(after).descriptions();
    QVERIFY(guessed.contains(QStringLiteral("drop column authors.name")));
    QVERIFY(guessed.contains(QStringLiteral("add column authors.full_name (string)")));
    QVERIFY(!guessed.join(QLatin1Char('\n')).contains(QLatin1String("rename")));

    // A declared table rename: "obsolete" lives on as "reviews"? No: its columns differ,
    // so the table is renamed and then altered, which the operations show.
    const QStringList renamed =
        Quarry::SchemaDiff::compare(after, {QStringLiteral("obsolete=reviews")}).descriptions();
    QVERIFY(renamed.contains(QStringLiteral("rename table obsolete to reviews")));
    QVERIFY(!renamed.contains(QStringLiteral("drop table obsolete")));
    QVERIFY(!renamed.contains(QStringLiteral("create table reviews")));
}

void tst_SchemaDiff::autogenerateMakesTheDatabaseMatchChangedEntities()
{
    QUARRY_FRESH_URL(freshUrl);
    QTemporaryDir directory;
    QVERIFY(directory.isValid());

    // Given version 1 of the entities, created by an autogenerated first migration
    Quarry::Database v1 = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(v1.isValid(), v1);
    QUARRY_VERIFY((v1.registerEntities<AuthorV1, BookV1, Obsolete>()), v1);
    Quarry::Migrator first(v1, directory.path());
    const Quarry::Migration initial = first.autogenerate(QStringLiteral("Initial schema"));
    QUARRY_VERIFY(initial.isValid(), first);
    QCOMPARE(initial.id(), QStringLiteral("0001_initial_schema"));
    QUARRY_VERIFY(first.save(initial), first);
    QUARRY_VERIFY(first.upgrade(), first);
    VERIFY_NO_DIFFERENCE(v1);
    QUARRY_VERIFY(v1.execute(QStringLiteral("INSERT INTO authors (id, name) VALUES (1, 'Ann')")), v1);
    QUARRY_VERIFY(v1.execute(QStringLiteral("INSERT INTO books (id, title, author_id, pages, legacy) "
                                            "VALUES (1, 'Dune', 1, 321, 'x')")),
                  v1);

    // When version 2 is registered and autogenerate runs with the rename declared
    Quarry::Database v2 = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY((v2.registerEntities<AuthorV2, BookV2, TagV2, ReviewV2>()), v2);
    Quarry::Migrator second(v2, directory.path());
    const Quarry::Migration changes =
        second.autogenerate(QStringLiteral("Version 2"), {QStringLiteral("authors.name=full_name")});
    QUARRY_VERIFY(changes.isValid(), second);
    QCOMPARE(changes.id(), QStringLiteral("0002_version_2"));
    QVERIFY(changes.isReversible());
    QString fileName;
    QUARRY_VERIFY(second.save(changes, {}, &fileName), second);
    QVERIFY(QFile::exists(fileName));
    QCOMPARE(second.pending().size(), 1);

    // Then upgrading makes the database match exactly, and the data stays
    QUARRY_VERIFY(second.upgrade(), second);
    VERIFY_NO_DIFFERENCE(v2);
    QCOMPARE(second.autogenerate(QStringLiteral("nothing")).operations().size(), 0);
    QCOMPARE(scalar(v2, QStringLiteral("SELECT full_name FROM authors WHERE id = 1")).toString(),
             QStringLiteral("Ann"));
    QCOMPARE(scalar(v2, QStringLiteral("SELECT country FROM authors WHERE id = 1")).toString(),
             QStringLiteral("NZ"));
    QCOMPARE(scalar(v2, QStringLiteral("SELECT pages FROM books WHERE id = 1")).toString(),
             QStringLiteral("321"));
    QVERIFY(scalar(v2, QStringLiteral("SELECT active FROM authors WHERE id = 1")).toBool());

    // And downgrading brings version 1 back
    QUARRY_VERIFY(second.downgrade(), second);
    VERIFY_NO_DIFFERENCE(v1);
    QCOMPARE(scalar(v1, QStringLiteral("SELECT name FROM authors WHERE id = 1")).toString(),
             QStringLiteral("Ann"));
    QCOMPARE(scalar(v1, QStringLiteral("SELECT pages FROM books WHERE id = 1")).toInt(), 321);
}

void tst_SchemaDiff::leavesReflectedTablesAlone()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database created = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(created.isValid(), created);
    QUARRY_VERIFY((created.registerEntities<AuthorV1, BookV1, Obsolete>()), created);
    QUARRY_VERIFY(created.createAll(), created);

    // Reflected tables mirror the database: neither compared nor proposed for dropping
    Quarry::Database browsing = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(browsing.registerEntity<AuthorV1>(), browsing);
    QUARRY_VERIFY(browsing.reflect(), browsing);
    VERIFY_NO_DIFFERENCE(browsing);
    const QStringList statements =
        Quarry::SchemaDiff::createStatements(browsing, browsing.backend()); // authors only
    QCOMPARE(statements.size(), 2); // CREATE TABLE, CREATE INDEX ix_authors_country
    QVERIFY(statements.first().contains(QLatin1String("authors")));
}

void tst_SchemaDiff::reportsAnInvalidDatabase()
{
    const Quarry::SchemaDiff diff =
        Quarry::SchemaDiff::compare(Quarry::Database::open(QStringLiteral("nosuch://x")));
    QVERIFY(diff.error().isValid());
    QVERIFY(diff.isEmpty());
}

QTEST_GUILESS_MAIN(tst_SchemaDiff)
#include "tst_schemadiff.moc"
