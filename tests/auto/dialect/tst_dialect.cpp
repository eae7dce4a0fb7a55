// The dialects as text and values, without a server: the SQL each backend gets for a
// schema, quoting and generated names, the small clauses, literals, the value conversions
// in both directions (including the shapes drivers really hand back), and error mapping.
// Metadata comes from an in-memory SQLite Database, as an application would get it.

#include "database.h"
#include "dialect_p.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QTest>
#include <QScopeGuard>
#include <QUuid>
#include <ctime>
#include <optional>

using Quarry::Database;
using Quarry::EntityInfo;
using Quarry::Error;
using Quarry::PropertyInfo;
using Quarry::Private::Dialect;
using Backend = Database::Backend;

// --- entities --------------------------------------------------------------------------

class Author : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "authors")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QString name MEMBER m_name)
public:
    Q_INVOKABLE explicit Author(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_name;
};

// Every column option once.
class Book : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "books")
    Q_CLASSINFO("isbn", "unique max_length=20")
    Q_CLASSINFO("title", "index")
    Q_CLASSINFO("subtitle", "null max_length=200")
    Q_CLASSINFO("pages", "default=100")
    Q_CLASSINFO("note", "default=\"it's a\\b\"")
    Q_CLASSINFO("published", "default=true")
    Q_CLASSINFO("authorId", "column=author_id references=Author on_delete=cascade")
    Q_CLASSINFO("editorId", "references=Author on_delete=set_null")
    Q_CLASSINFO("publisherId", "references=Author on_delete=restrict")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QString isbn MEMBER m_isbn)
    Q_PROPERTY(QString title MEMBER m_title)
    Q_PROPERTY(QString subtitle MEMBER m_subtitle)
    Q_PROPERTY(int pages MEMBER m_pages)
    Q_PROPERTY(QString note MEMBER m_note)
    Q_PROPERTY(bool published MEMBER m_published)
    Q_PROPERTY(qint64 authorId MEMBER m_authorId)
    Q_PROPERTY(std::optional<qint64> editorId MEMBER m_editorId)
    Q_PROPERTY(qint64 publisherId MEMBER m_publisherId)
public:
    Q_INVOKABLE explicit Book(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_isbn, m_title, m_subtitle, m_note;
    int m_pages = 0;
    bool m_published = false;
    qint64 m_authorId = 0;
    std::optional<qint64> m_editorId;
    qint64 m_publisherId = 0;
};

// Reserved words as names, a non-integer primary key, a reference without on_delete.
class Order : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "order")
    Q_CLASSINFO("key", "primary_key")
    Q_CLASSINFO("group", "index")
    Q_CLASSINFO("bookId", "references=Book")
    Q_CLASSINFO("created", "default=2024-01-02T08:34:05.678+05:30")
    Q_PROPERTY(QUuid key MEMBER m_key)
    Q_PROPERTY(QString group MEMBER m_group)
    Q_PROPERTY(qint64 bookId MEMBER m_bookId)
    Q_PROPERTY(QDateTime created MEMBER m_created)
public:
    Q_INVOKABLE explicit Order(QObject *parent = nullptr) : QObject(parent) {}
    QUuid m_key;
    QString m_group;
    qint64 m_bookId = 0;
    QDateTime m_created;
};

// One property per storage kind.
class AllTypes : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "all_types")
    Q_CLASSINFO("text", "null")
    Q_CLASSINFO("shortText", "max_length=10")
    Q_CLASSINFO("uniqueText", "unique")
    Q_CLASSINFO("bytes", "null")
    Q_CLASSINFO("indexedBytes", "index")
    Q_CLASSINFO("colorInt", "enum=int")
public:
    enum class Color { Red, Green, Blue };
    Q_ENUM(Color)
private:
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(bool flag MEMBER m_flag)
    Q_PROPERTY(int int32 MEMBER m_int32)
    Q_PROPERTY(qint64 int64 MEMBER m_int64)
    Q_PROPERTY(quint32 uint32 MEMBER m_uint32)
    Q_PROPERTY(double real MEMBER m_real)
    Q_PROPERTY(QString text MEMBER m_text)
    Q_PROPERTY(QString shortText MEMBER m_shortText)
    Q_PROPERTY(QString uniqueText MEMBER m_uniqueText)
    Q_PROPERTY(QByteArray bytes MEMBER m_bytes)
    Q_PROPERTY(QByteArray indexedBytes MEMBER m_indexedBytes)
    Q_PROPERTY(QDate date MEMBER m_date)
    Q_PROPERTY(QTime time MEMBER m_time)
    Q_PROPERTY(QDateTime dateTime MEMBER m_dateTime)
    Q_PROPERTY(QUuid uuid MEMBER m_uuid)
    Q_PROPERTY(QJsonObject object MEMBER m_object)
    Q_PROPERTY(QJsonArray array MEMBER m_array)
    Q_PROPERTY(QJsonDocument document MEMBER m_document)
    Q_PROPERTY(Color colorName MEMBER m_colorName)
    Q_PROPERTY(Color colorInt MEMBER m_colorInt)
public:
    Q_INVOKABLE explicit AllTypes(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    bool m_flag = false;
    int m_int32 = 0;
    qint64 m_int64 = 0;
    quint32 m_uint32 = 0;
    double m_real = 0;
    QString m_text, m_shortText, m_uniqueText;
    QByteArray m_bytes, m_indexedBytes;
    QDate m_date;
    QTime m_time;
    QDateTime m_dateTime;
    QUuid m_uuid;
    QJsonObject m_object;
    QJsonArray m_array;
    QJsonDocument m_document;
    Color m_colorName = Color::Red;
    Color m_colorInt = Color::Red;
};

// --- helpers ---------------------------------------------------------------------------

namespace {

const QList<Backend> allBackends = {Backend::SQLite, Backend::PostgreSQL, Backend::MySQL};

const char *backendName(Backend backend)
{
    switch (backend) {
    case Backend::SQLite: return "sqlite";
    case Backend::PostgreSQL: return "postgresql";
    case Backend::MySQL: return "mysql";
    case Backend::Invalid: break;
    }
    return "invalid";
}

const QDateTime sampleInstant(QDate(2024, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
const QDateTime sampleWithOffset(QDate(2024, 1, 2), QTime(8, 34, 5, 678), Qt::OffsetFromUTC,
                                 5 * 3600 + 30 * 60);
const QUuid sampleUuid(QStringLiteral("{12345678-1234-5678-9abc-def012345678}"));

QJsonObject sampleObject()
{
    return QJsonObject{{QStringLiteral("a"), 1},
                       {QStringLiteral("b"), QJsonArray{true, QJsonValue(), QStringLiteral("x")}}};
}

QJsonArray sampleArray()
{
    return QJsonArray{1, QStringLiteral("two"), QJsonObject{{QStringLiteral("three"), 3}}};
}

// A QVariant that says what it holds, so that a failed comparison reads well.
QString describe(const QVariant &value)
{
    if (!value.isValid())
        return QStringLiteral("<invalid>");
    QString text;
    if (value.metaType().id() == QMetaType::QByteArray)
        text = QString::fromLatin1(value.toByteArray().toHex());
    else if (value.metaType().id() == QMetaType::QJsonObject)
        text = QString::fromUtf8(QJsonDocument(value.toJsonObject()).toJson(QJsonDocument::Compact));
    else if (value.metaType().id() == QMetaType::QJsonArray)
        text = QString::fromUtf8(QJsonDocument(value.toJsonArray()).toJson(QJsonDocument::Compact));
    else if (value.metaType().id() == QMetaType::QJsonDocument)
        text = QString::fromUtf8(value.toJsonDocument().toJson(QJsonDocument::Compact));
    else if (value.metaType().id() == QMetaType::QDateTime) // the instant, in UTC
        text = value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
    else
        text = value.toString();
    if (value.isNull())
        text = QStringLiteral("NULL");
    return QStringLiteral("%1(%2)").arg(QString::fromLatin1(value.typeName()), text);
}

} // namespace

class tst_Dialect : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void shouldFindDialectByBackendAndDriverName();
    void shouldCreateTableWithEveryOption_data();
    void shouldCreateTableWithEveryOption();
    void shouldNotCreateTableWhenReferenceIsUnknown();
    void shouldMapEveryStorageToAColumnType_data();
    void shouldMapEveryStorageToAColumnType();
    void shouldQuoteIdentifiers_data();
    void shouldQuoteIdentifiers();
    void shouldShortenConstraintNamesAlikeEverywhere_data();
    void shouldShortenConstraintNamesAlikeEverywhere();
    void shouldSortNullsFirstAscendingAndLastDescending_data();
    void shouldSortNullsFirstAscendingAndLastDescending();
    void shouldRenderLimitAndOffset_data();
    void shouldRenderLimitAndOffset();
    void shouldRenderBackendSpecifics();
    void shouldWriteLiterals_data();
    void shouldWriteLiterals();
    void shouldBindValuesInTheColumnsFormat_data();
    void shouldBindValuesInTheColumnsFormat();
    void shouldRoundTripEveryStorage_data();
    void shouldRoundTripEveryStorage();
    void shouldReadWhatDriversReturn_data();
    void shouldReadWhatDriversReturn();
    void shouldReadUtcFieldsThatAreALocalTimeGap();
    void shouldClassifyErrors_data();
    void shouldClassifyErrors();

private:
    const PropertyInfo &property(const EntityInfo *entity, const char *name) const;
    const PropertyInfo &allTypes(const char *name) const
    {
        return property(m_database.entity<AllTypes>(), name);
    }
    void addPerBackend(const char *tag, const QString &property, const QVariant &value,
                       const QVariant &expected);

    Database m_database;
};

void tst_Dialect::initTestCase()
{
    m_database = Database::open(QStringLiteral("sqlite://"));
    QVERIFY2(m_database.isValid(), qPrintable(m_database.lastError().toString()));
    QVERIFY2((m_database.registerEntities<Author, Book, Order, AllTypes>()),
             qPrintable(m_database.lastError().toString()));
}

const PropertyInfo &tst_Dialect::property(const EntityInfo *entity, const char *name) const
{
    const PropertyInfo *found = entity->property(QString::fromLatin1(name));
    if (!found)
        qFatal("no property %s in %s", name, qPrintable(entity->className()));
    return *found;
}

void tst_Dialect::shouldFindDialectByBackendAndDriverName()
{
    for (Backend backend : allBackends) {
        const Dialect *dialect = Dialect::forBackend(backend);
        QVERIFY(dialect);
        QCOMPARE(dialect->backend(), backend);
        QCOMPARE(dialect->name(), QString::fromLatin1(backendName(backend)));
        QCOMPARE(Dialect::forDriverName(dialect->qtDriverName()), dialect);
    }
    QCOMPARE(Dialect::forDriverName(QStringLiteral("QMARIADB")),
             Dialect::forBackend(Backend::MySQL));
    QCOMPARE(Dialect::forBackend(Backend::Invalid), nullptr);
    QCOMPARE(Dialect::forDriverName(QStringLiteral("QODBC")), nullptr);
}

// --- DDL -------------------------------------------------------------------------------

void tst_Dialect::shouldCreateTableWithEveryOption_data()
{
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<QString>("entity");
    QTest::addColumn<QStringList>("expected");

    QTest::addRow("sqlite: books") << Backend::SQLite << "Book" << QStringList{
        R"(CREATE TABLE IF NOT EXISTS "books" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, )"
        R"("isbn" TEXT NOT NULL, "title" TEXT NOT NULL, "subtitle" TEXT, )"
        R"("pages" INTEGER NOT NULL DEFAULT 100, "note" TEXT NOT NULL DEFAULT 'it''s a\b', )"
        R"("published" INTEGER NOT NULL DEFAULT 1, "author_id" INTEGER NOT NULL, )"
        R"("editorId" INTEGER, "publisherId" INTEGER NOT NULL, )"
        R"(CONSTRAINT "uq_books_isbn" UNIQUE ("isbn"), )"
        R"(CONSTRAINT "fk_books_author_id" FOREIGN KEY ("author_id") REFERENCES "authors" ("id") ON DELETE CASCADE, )"
        R"(CONSTRAINT "fk_books_editorId" FOREIGN KEY ("editorId") REFERENCES "authors" ("id") ON DELETE SET NULL, )"
        R"(CONSTRAINT "fk_books_publisherId" FOREIGN KEY ("publisherId") REFERENCES "authors" ("id") ON DELETE RESTRICT))",
        R"(CREATE INDEX IF NOT EXISTS "ix_books_title" ON "books" ("title"))"};
    QTest::addRow("postgresql: books") << Backend::PostgreSQL << "Book" << QStringList{
        R"(CREATE TABLE IF NOT EXISTS "books" ("id" BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, )"
        R"("isbn" VARCHAR(20) NOT NULL, "title" TEXT NOT NULL, "subtitle" VARCHAR(200), )"
        R"("pages" INTEGER NOT NULL DEFAULT 100, "note" TEXT NOT NULL DEFAULT 'it''s a\b', )"
        R"("published" BOOLEAN NOT NULL DEFAULT TRUE, "author_id" BIGINT NOT NULL, )"
        R"("editorId" BIGINT, "publisherId" BIGINT NOT NULL, )"
        R"(CONSTRAINT "uq_books_isbn" UNIQUE ("isbn"), )"
        R"(CONSTRAINT "fk_books_author_id" FOREIGN KEY ("author_id") REFERENCES "authors" ("id") ON DELETE CASCADE, )"
        R"(CONSTRAINT "fk_books_editorId" FOREIGN KEY ("editorId") REFERENCES "authors" ("id") ON DELETE SET NULL, )"
        R"(CONSTRAINT "fk_books_publisherId" FOREIGN KEY ("publisherId") REFERENCES "authors" ("id") ON DELETE RESTRICT))",
        R"(CREATE INDEX IF NOT EXISTS "ix_books_title" ON "books" ("title"))"};
    QTest::addRow("mysql: books") << Backend::MySQL << "Book" << QStringList{
        R"(CREATE TABLE IF NOT EXISTS `books` (`id` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, )"
        R"(`isbn` VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, )"
        R"(`title` VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, )"
        R"(`subtitle` VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, )"
        R"(`pages` INT NOT NULL DEFAULT 100, )"
        R"(`note` LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT 'it''s a\\b', )"
        R"(`published` TINYINT(1) NOT NULL DEFAULT 1, `author_id` BIGINT NOT NULL, )"
        R"(`editorId` BIGINT, `publisherId` BIGINT NOT NULL, )"
        R"(CONSTRAINT `uq_books_isbn` UNIQUE (`isbn`), )"
        R"(CONSTRAINT `fk_books_author_id` FOREIGN KEY (`author_id`) REFERENCES `authors` (`id`) ON DELETE CASCADE, )"
        R"(CONSTRAINT `fk_books_editorId` FOREIGN KEY (`editorId`) REFERENCES `authors` (`id`) ON DELETE SET NULL, )"
        R"(CONSTRAINT `fk_books_publisherId` FOREIGN KEY (`publisherId`) REFERENCES `authors` (`id`) ON DELETE RESTRICT))"
        R"( ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)",
        R"(CREATE INDEX IF NOT EXISTS `ix_books_title` ON `books` (`title`))"};

    // The default was written with a +05:30 offset: the column holds UTC.
    QTest::addRow("sqlite: order") << Backend::SQLite << "Order" << QStringList{
        R"(CREATE TABLE IF NOT EXISTS "order" ("key" TEXT NOT NULL PRIMARY KEY, )"
        R"("group" TEXT NOT NULL, "bookId" INTEGER NOT NULL, )"
        R"("created" TEXT NOT NULL DEFAULT '2024-01-02T03:04:05.678Z', )"
        R"(CONSTRAINT "fk_order_bookId" FOREIGN KEY ("bookId") REFERENCES "books" ("id")))",
        R"(CREATE INDEX IF NOT EXISTS "ix_order_group" ON "order" ("group"))"};
    QTest::addRow("postgresql: order") << Backend::PostgreSQL << "Order" << QStringList{
        R"(CREATE TABLE IF NOT EXISTS "order" ("key" UUID NOT NULL PRIMARY KEY, )"
        R"("group" TEXT NOT NULL, "bookId" BIGINT NOT NULL, )"
        R"("created" TIMESTAMP(3) NOT NULL DEFAULT '2024-01-02 03:04:05.678', )"
        R"(CONSTRAINT "fk_order_bookId" FOREIGN KEY ("bookId") REFERENCES "books" ("id")))",
        R"(CREATE INDEX IF NOT EXISTS "ix_order_group" ON "order" ("group"))"};
    QTest::addRow("mysql: order") << Backend::MySQL << "Order" << QStringList{
        R"(CREATE TABLE IF NOT EXISTS `order` ()"
        R"(`key` CHAR(36) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY, )"
        R"(`group` VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, )"
        R"(`bookId` BIGINT NOT NULL, )"
        R"(`created` DATETIME(3) NOT NULL DEFAULT '2024-01-02 03:04:05.678', )"
        R"(CONSTRAINT `fk_order_bookId` FOREIGN KEY (`bookId`) REFERENCES `books` (`id`)))"
        R"( ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)",
        R"(CREATE INDEX IF NOT EXISTS `ix_order_group` ON `order` (`group`))"};
}

void tst_Dialect::shouldCreateTableWithEveryOption()
{
    QFETCH(Backend, backend);
    QFETCH(QString, entity);
    QFETCH(QStringList, expected);

    // Given the entity's metadata and a resolver for `references=`
    const EntityInfo *info = m_database.entity(entity);
    QVERIFY(info);
    const auto resolve = [this](const QString &name) { return m_database.entity(name); };

    // When the dialect writes its DDL
    const QStringList statements = Dialect::forBackend(backend)->createTable(*info, resolve);

    // Then it is exactly the documented SQL, statement by statement
    QCOMPARE(statements.size(), expected.size());
    for (int i = 0; i < expected.size(); ++i)
        QCOMPARE(statements.at(i), expected.at(i));
}

void tst_Dialect::shouldNotCreateTableWhenReferenceIsUnknown()
{
    const auto resolveNothing = [](const QString &) -> const EntityInfo * { return nullptr; };
    for (Backend backend : allBackends) {
        const Dialect *dialect = Dialect::forBackend(backend);
        QVERIFY(dialect->createTable(*m_database.entity<Book>(), resolveNothing).isEmpty());
        QVERIFY(dialect->createTable(*m_database.entity<Book>(), {}).isEmpty());
        // No reference: no resolver needed.
        QCOMPARE(dialect->createTable(*m_database.entity<Author>(), {}).size(), 1);
    }
    QCOMPARE(Dialect::forBackend(Backend::PostgreSQL)->dropTable(QStringLiteral("order")),
             QStringLiteral(R"(DROP TABLE IF EXISTS "order")"));
    QCOMPARE(Dialect::forBackend(Backend::MySQL)->dropTable(QStringLiteral("order")),
             QStringLiteral("DROP TABLE IF EXISTS `order`"));
}

void tst_Dialect::shouldMapEveryStorageToAColumnType_data()
{
    QTest::addColumn<QString>("property");
    QTest::addColumn<QString>("sqlite");
    QTest::addColumn<QString>("postgresql");
    QTest::addColumn<QString>("mysql");

    const auto row = [](const char *property, const char *sqlite, const char *postgresql,
                        const char *mysql) {
        QTest::newRow(property) << QString::fromLatin1(property) << QString::fromLatin1(sqlite)
                                << QString::fromLatin1(postgresql) << QString::fromLatin1(mysql);
    };
    row("flag", "INTEGER", "BOOLEAN", "TINYINT(1)");
    row("int32", "INTEGER", "INTEGER", "INT");
    row("int64", "INTEGER", "BIGINT", "BIGINT");
    row("uint32", "INTEGER", "BIGINT", "BIGINT");
    row("real", "REAL", "DOUBLE PRECISION", "DOUBLE");
    row("text", "TEXT", "TEXT", "LONGTEXT");
    row("shortText", "TEXT", "VARCHAR(10)", "VARCHAR(10)");
    row("uniqueText", "TEXT", "TEXT", "VARCHAR(255)"); // MySQL cannot index TEXT
    row("bytes", "BLOB", "BYTEA", "LONGBLOB");
    row("indexedBytes", "BLOB", "BYTEA", "VARBINARY(255)");
    row("date", "TEXT", "DATE", "DATE");
    row("time", "TEXT", "TIME(3)", "TIME(3)");
    row("dateTime", "TEXT", "TIMESTAMP(3)", "DATETIME(3)");
    row("uuid", "TEXT", "UUID", "CHAR(36)");
    row("object", "TEXT", "JSONB", "LONGTEXT");
    row("array", "TEXT", "JSONB", "LONGTEXT");
    row("document", "TEXT", "JSONB", "LONGTEXT");
    row("colorName", "TEXT", "VARCHAR(64)", "VARCHAR(64)");
    row("colorInt", "INTEGER", "INTEGER", "INT");
}

void tst_Dialect::shouldMapEveryStorageToAColumnType()
{
    QFETCH(QString, property);
    const PropertyInfo &info = allTypes(qPrintable(property));
    QFETCH(QString, sqlite);
    QFETCH(QString, postgresql);
    QFETCH(QString, mysql);
    QCOMPARE(Dialect::forBackend(Backend::SQLite)->columnType(info), sqlite);
    QCOMPARE(Dialect::forBackend(Backend::PostgreSQL)->columnType(info), postgresql);
    QCOMPARE(Dialect::forBackend(Backend::MySQL)->columnType(info), mysql);
}

// --- identifiers -----------------------------------------------------------------------

void tst_Dialect::shouldQuoteIdentifiers_data()
{
    QTest::addColumn<QString>("identifier");
    QTest::addColumn<QString>("doubleQuoted"); // SQLite and PostgreSQL
    QTest::addColumn<QString>("backticked");   // MySQL

    QTest::newRow("plain") << "users" << R"("users")" << "`users`";
    QTest::newRow("reserved word") << "order" << R"("order")" << "`order`";
    QTest::newRow("double quote") << R"(say "hi")" << R"("say ""hi""")" << R"(`say "hi"`)";
    QTest::newRow("backtick") << "a`b" << R"("a`b")" << "`a``b`";
    QTest::newRow("space, dot, colon, question mark")
        << "my table.x:y?" << R"("my table.x:y?")" << "`my table.x:y?`";
    QTest::newRow("non-ASCII") << QString::fromUtf8("naïve") << QString::fromUtf8("\"naïve\"")
                               << QString::fromUtf8("`naïve`");
}

void tst_Dialect::shouldQuoteIdentifiers()
{
    QFETCH(QString, identifier);
    QFETCH(QString, doubleQuoted);
    QFETCH(QString, backticked);
    QCOMPARE(Dialect::forBackend(Backend::SQLite)->quote(identifier), doubleQuoted);
    QCOMPARE(Dialect::forBackend(Backend::PostgreSQL)->quote(identifier), doubleQuoted);
    QCOMPARE(Dialect::forBackend(Backend::MySQL)->quote(identifier), backticked);
}

void tst_Dialect::shouldShortenConstraintNamesAlikeEverywhere_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("table");
    QTest::addColumn<QStringList>("columns");
    QTest::addColumn<QString>("expected");

    QTest::newRow("short") << "uq" << "users" << QStringList{QStringLiteral("username")}
                           << "uq_users_username";
    QTest::newRow("two columns") << "ix" << "users"
                                 << QStringList{QStringLiteral("a"), QStringLiteral("b")}
                                 << "ix_users_a_b";
    QTest::newRow("63 bytes stay") << "fk" << QString(56, QLatin1Char('t'))
                                   << QStringList{QStringLiteral("col")}
                                   << QStringLiteral("fk_") + QString(56, QLatin1Char('t'))
            + QStringLiteral("_col");
    // Golden values: 54 bytes, "_", and the SHA-1 of the full name (4 bytes in hex).
    QTest::newRow("64 bytes shortened") << "fk" << QString(57, QLatin1Char('t'))
                                        << QStringList{QStringLiteral("col")}
                                        << QStringLiteral("fk_") + QString(51, QLatin1Char('t'))
            + QStringLiteral("_a1e0e2ec");
    QTest::newRow("too long")
        << "ix" << "a_rather_long_table_name_for_testing_purposes"
        << QStringList{QStringLiteral("and_a_long_column_name")}
        << "ix_a_rather_long_table_name_for_testing_purposes_and_a_4114f742";
    // 85 UTF-8 bytes in 45 characters: counted in bytes, cut between characters.
    QTest::newRow("multi-byte") << "uq" << QString(40, QChar(0xE9))
                                << QStringList{QStringLiteral("x")}
                                << QStringLiteral("uq_") + QString(25, QChar(0xE9))
            + QStringLiteral("_58a2ec47");
}

void tst_Dialect::shouldShortenConstraintNamesAlikeEverywhere()
{
    QFETCH(QString, prefix);
    QFETCH(QString, table);
    QFETCH(QStringList, columns);
    QFETCH(QString, expected);
    for (Backend backend : allBackends) {
        const QString name = Dialect::forBackend(backend)->constraintName(prefix, table, columns);
        QCOMPARE(name, expected);
        QVERIFY(name.toUtf8().size() <= 63);
    }
    QVERIFY(expected.size() <= Dialect::forBackend(Backend::PostgreSQL)->maxIdentifierLength());
}

// --- DML clauses -----------------------------------------------------------------------

void tst_Dialect::shouldSortNullsFirstAscendingAndLastDescending_data()
{
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QString>("expected");
    QTest::addRow("sqlite asc") << Backend::SQLite << Qt::AscendingOrder << R"("name" ASC)";
    QTest::addRow("sqlite desc") << Backend::SQLite << Qt::DescendingOrder << R"("name" DESC)";
    QTest::addRow("postgresql asc")
        << Backend::PostgreSQL << Qt::AscendingOrder << R"("name" ASC NULLS FIRST)";
    QTest::addRow("postgresql desc")
        << Backend::PostgreSQL << Qt::DescendingOrder << R"("name" DESC NULLS LAST)";
    QTest::addRow("mysql asc") << Backend::MySQL << Qt::AscendingOrder << R"("name" ASC)";
    QTest::addRow("mysql desc") << Backend::MySQL << Qt::DescendingOrder << R"("name" DESC)";
}

void tst_Dialect::shouldSortNullsFirstAscendingAndLastDescending()
{
    QFETCH(Backend, backend);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QString, expected);
    QCOMPARE(Dialect::forBackend(backend)->orderTerm(QStringLiteral(R"("name")"), order),
             expected);
}

void tst_Dialect::shouldRenderLimitAndOffset_data()
{
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<QString>("expected");
    for (Backend backend : allBackends) {
        const char *name = backendName(backend);
        QTest::addRow("%s: none", name) << backend << qint64(-1) << qint64(-1) << "";
        QTest::addRow("%s: limit", name) << backend << qint64(10) << qint64(-1) << " LIMIT 10";
        QTest::addRow("%s: limit 0", name) << backend << qint64(0) << qint64(-1) << " LIMIT 0";
        QTest::addRow("%s: limit offset 0", name)
            << backend << qint64(10) << qint64(0) << " LIMIT 10";
        QTest::addRow("%s: both", name)
            << backend << qint64(10) << qint64(20) << " LIMIT 10 OFFSET 20";
        QTest::addRow("%s: offset 0 alone", name) << backend << qint64(-1) << qint64(0) << "";
    }
    QTest::addRow("sqlite: offset alone")
        << Backend::SQLite << qint64(-1) << qint64(20) << " LIMIT -1 OFFSET 20";
    QTest::addRow("postgresql: offset alone")
        << Backend::PostgreSQL << qint64(-1) << qint64(20) << " OFFSET 20";
    QTest::addRow("mysql: offset alone")
        << Backend::MySQL << qint64(-1) << qint64(20) << " LIMIT 18446744073709551615 OFFSET 20";
}

void tst_Dialect::shouldRenderLimitAndOffset()
{
    QFETCH(Backend, backend);
    QFETCH(qint64, limit);
    QFETCH(qint64, offset);
    QFETCH(QString, expected);
    QCOMPARE(Dialect::forBackend(backend)->limitClause(limit, offset), expected);
}

void tst_Dialect::shouldRenderBackendSpecifics()
{
    const Dialect *sqlite = Dialect::forBackend(Backend::SQLite);
    const Dialect *postgresql = Dialect::forBackend(Backend::PostgreSQL);
    const Dialect *mysql = Dialect::forBackend(Backend::MySQL);

    QCOMPARE(sqlite->insertDefaultValues(QStringLiteral(R"("t")")),
             QStringLiteral(R"(INSERT INTO "t" DEFAULT VALUES)"));
    QCOMPARE(postgresql->insertDefaultValues(QStringLiteral(R"("t")")),
             QStringLiteral(R"(INSERT INTO "t" DEFAULT VALUES)"));
    QCOMPARE(mysql->insertDefaultValues(QStringLiteral("`t`")),
             QStringLiteral("INSERT INTO `t` () VALUES ()"));

    QVERIFY(sqlite->supportsReturning());
    QVERIFY(postgresql->supportsReturning());
    QVERIFY(!mysql->supportsReturning());
    QCOMPARE(sqlite->maxBoundValues(), 32766);
    QCOMPARE(postgresql->maxBoundValues(), 65535);
    QCOMPARE(mysql->maxBoundValues(), 65535);
    QCOMPARE(sqlite->maxIdentifierLength(), 63);
    QCOMPARE(postgresql->maxIdentifierLength(), 63);
    QCOMPARE(mysql->maxIdentifierLength(), 64);

    QVERIFY(sqlite->connectionSetup().contains(QStringLiteral("PRAGMA foreign_keys = ON")));
    QVERIFY(sqlite->connectionSetup().contains(QStringLiteral("PRAGMA case_sensitive_like = ON")));
    QVERIFY(postgresql->connectionSetup().contains(QStringLiteral("SET TIME ZONE 'UTC'")));
    QVERIFY(mysql->connectionSetup().contains(QStringLiteral("SET time_zone = '+00:00'")));
    QVERIFY(mysql->connectionSetup().join(QLatin1Char(';')).contains(QLatin1String("STRICT_ALL_TABLES")));
}

// --- values ----------------------------------------------------------------------------

void tst_Dialect::shouldWriteLiterals_data()
{
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<QString>("property");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("expected"); // a null QString: no literal exists

    const auto rows = [](const char *tag, const char *property, const QVariant &value,
                         const QString &sqlite, const QString &postgresql, const QString &mysql) {
        const QString name = QString::fromLatin1(property);
        QTest::addRow("sqlite: %s", tag) << Backend::SQLite << name << value << sqlite;
        QTest::addRow("postgresql: %s", tag) << Backend::PostgreSQL << name << value << postgresql;
        QTest::addRow("mysql: %s", tag) << Backend::MySQL << name << value << mysql;
    };
    const auto same = [&](const char *tag, const char *property, const QVariant &value,
                          const QString &expected) {
        rows(tag, property, value, expected, expected, expected);
    };
    const QString none;

    same("null", "text", QVariant(), QStringLiteral("NULL"));
    same("null string", "text", QVariant(QString()), QStringLiteral("NULL"));
    same("empty string", "text", QVariant(QStringLiteral("")), QStringLiteral("''"));
    rows("quote and backslash", "text", QStringLiteral(R"(it's a\b)"),
         QStringLiteral(R"('it''s a\b')"), QStringLiteral(R"('it''s a\b')"),
         QStringLiteral(R"('it''s a\\b')"));
    rows("true", "flag", true, QStringLiteral("1"), QStringLiteral("TRUE"), QStringLiteral("1"));
    rows("false", "flag", false, QStringLiteral("0"), QStringLiteral("FALSE"), QStringLiteral("0"));
    same("int", "int32", -42, QStringLiteral("-42"));
    same("int64", "int64", Q_INT64_C(9223372036854775807), QStringLiteral("9223372036854775807"));
    same("uint32", "uint32", 4294967295U, QStringLiteral("4294967295"));
    same("not a number", "int32", QStringLiteral("12abc"), none);
    same("double", "real", 0.1, QStringLiteral("0.1"));
    same("NaN", "real", qQNaN(), none);
    rows("bytes", "bytes", QByteArray("\x01\xff", 2), QStringLiteral("X'01ff'"),
         QStringLiteral(R"('\x01ff')"), QStringLiteral("X'01ff'"));
    same("date before 1000", "date", QDate(999, 1, 1), QStringLiteral("'0999-01-01'"));
    same("not a date", "date", QStringLiteral("soon"), none);
    same("time", "time", QTime(23, 59, 59, 999), QStringLiteral("'23:59:59.999'"));
    rows("date-time", "dateTime", sampleWithOffset,
         QStringLiteral("'2024-01-02T03:04:05.678Z'"), QStringLiteral("'2024-01-02 03:04:05.678'"),
         QStringLiteral("'2024-01-02 03:04:05.678'"));
    same("uuid", "uuid", sampleUuid, QStringLiteral("'12345678-1234-5678-9abc-def012345678'"));
    same("json", "object", QJsonObject{{QStringLiteral("a"), QStringLiteral("it's")}},
         QStringLiteral(R"('{"a":"it''s"}')"));
    same("enum name", "colorName", QStringLiteral("Green"), QStringLiteral("'Green'"));
    same("enum int", "colorInt", 2, QStringLiteral("2"));
}

void tst_Dialect::shouldWriteLiterals()
{
    QFETCH(Backend, backend);
    QFETCH(QString, property);
    QFETCH(QVariant, value);
    QFETCH(QString, expected);
    const QString literal = Dialect::forBackend(backend)->literal(allTypes(qPrintable(property)), value);
    QCOMPARE(literal, expected);
    QCOMPARE(literal.isNull(), expected.isNull());
}

void tst_Dialect::shouldBindValuesInTheColumnsFormat_data()
{
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<QString>("property");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QVariant>("expected");

    const auto rows = [](const char *tag, const char *property, const QVariant &value,
                         const QVariant &sqlite, const QVariant &postgresql,
                         const QVariant &mysql) {
        const QString name = QString::fromLatin1(property);
        QTest::addRow("sqlite: %s", tag) << Backend::SQLite << name << value << sqlite;
        QTest::addRow("postgresql: %s", tag) << Backend::PostgreSQL << name << value << postgresql;
        QTest::addRow("mysql: %s", tag) << Backend::MySQL << name << value << mysql;
    };
    const auto same = [&](const char *tag, const char *property, const QVariant &value,
                          const QVariant &expected) {
        rows(tag, property, value, expected, expected, expected);
    };

    same("null", "int32", QVariant(), QVariant());
    same("null string", "text", QVariant(QString()), QVariant());
    same("empty string", "text", QStringLiteral(""), QStringLiteral(""));
    rows("bool", "flag", true, 1, true, 1);
    same("int32", "int32", 7, qlonglong(7));
    same("uint32", "uint32", 4294967295U, qlonglong(4294967295LL));
    same("double", "real", 2.5, 2.5);
    same("empty bytes", "bytes", QByteArray("", 0), QByteArray("", 0));
    same("date", "date", QDate(1850, 7, 4), QStringLiteral("1850-07-04"));
    same("date before 1000", "date", QDate(33, 1, 1), QStringLiteral("0033-01-01"));
    same("time", "time", QTime(1, 2, 3, 4), QStringLiteral("01:02:03.004"));
    rows("date-time", "dateTime", sampleWithOffset, QStringLiteral("2024-01-02T03:04:05.678Z"),
         QStringLiteral("2024-01-02 03:04:05.678"), QStringLiteral("2024-01-02 03:04:05.678"));
    same("uuid", "uuid", sampleUuid, QStringLiteral("12345678-1234-5678-9abc-def012345678"));
    same("json object", "object", sampleObject(), QStringLiteral(R"({"a":1,"b":[true,null,"x"]})"));
    same("json array", "array", sampleArray(), QStringLiteral(R"([1,"two",{"three":3}])"));
    same("enum name", "colorName", QStringLiteral("Blue"), QStringLiteral("Blue"));
    same("enum name from int", "colorName", 1, QStringLiteral("Green"));
    same("enum int", "colorInt", 2, 2);
}

void tst_Dialect::shouldBindValuesInTheColumnsFormat()
{
    QFETCH(Backend, backend);
    QFETCH(QString, property);
    QFETCH(QVariant, value);
    QFETCH(QVariant, expected);
    const QVariant bound = Dialect::forBackend(backend)->toDatabase(allTypes(qPrintable(property)), value);
    QCOMPARE(describe(bound), describe(expected));
    QCOMPARE(bound.isNull(), expected.isNull());
    if (bound.metaType().id() == QMetaType::QString)
        QCOMPARE(bound.toString().isNull(), expected.toString().isNull());
}

void tst_Dialect::addPerBackend(const char *tag, const QString &property, const QVariant &value,
                                const QVariant &expected)
{
    for (Backend backend : allBackends)
        QTest::addRow("%s: %s", backendName(backend), tag) << backend << property << value << expected;
}

void tst_Dialect::shouldRoundTripEveryStorage_data()
{
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<QString>("property");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QVariant>("expected");

    const auto add = [this](const char *tag, const char *property, const QVariant &value) {
        addPerBackend(tag, QString::fromLatin1(property), value, value);
    };
    add("true", "flag", true);
    add("false", "flag", false);
    add("int32 min", "int32", std::numeric_limits<int>::min());
    add("int32 max", "int32", std::numeric_limits<int>::max());
    add("int64 max", "int64", std::numeric_limits<qint64>::max());
    add("int64 min", "int64", std::numeric_limits<qint64>::min());
    add("uint32 max", "uint32", std::numeric_limits<quint32>::max());
    add("double", "real", 0.1);
    add("double tiny", "real", 5e-324);
    add("null string", "text", QVariant());
    add("empty string", "text", QStringLiteral(""));
    add("unicode string", "text", QString::fromUtf8("h\xc3\xa9llo \xf0\x9f\x98\x80 \"q\" \\"));
    add("null bytes", "bytes", QVariant());
    add("empty bytes", "bytes", QByteArray("", 0));
    add("binary bytes", "bytes", QByteArray("\0\x01\xff", 3));
    add("date", "date", QDate(2024, 2, 29));
    add("date before 1900", "date", QDate(1899, 12, 31));
    add("date before 1000", "date", QDate(999, 1, 1));
    add("time", "time", QTime(0, 0));
    add("time with ms", "time", QTime(23, 59, 59, 999));
    add("date-time utc", "dateTime", sampleInstant);
    add("date-time +05:30", "dateTime", sampleWithOffset);
    add("date-time before 1900", "dateTime", QDateTime(QDate(1850, 6, 1), QTime(12, 0, 0, 1), Qt::UTC));
    add("date-time local", "dateTime", QDateTime(QDate(2023, 7, 1), QTime(12, 30, 0, 250)));
    add("uuid", "uuid", sampleUuid);
    add("json object", "object", sampleObject());
    add("empty json object", "object", QJsonObject());
    add("json array", "array", sampleArray());
    add("json document", "document", QJsonDocument(sampleObject()));
    add("json array document", "document", QJsonDocument(sampleArray()));
    add("enum name", "colorName", QStringLiteral("Green"));
    add("enum int", "colorInt", 2);
}

void tst_Dialect::shouldRoundTripEveryStorage()
{
    QFETCH(Backend, backend);
    QFETCH(QString, property);
    QFETCH(QVariant, value);
    QFETCH(QVariant, expected);
    const Dialect *dialect = Dialect::forBackend(backend);
    const PropertyInfo &info = allTypes(qPrintable(property));

    // When a plain value is bound and the bound value read back
    const QVariant back = dialect->fromDatabase(info, dialect->toDatabase(info, value));

    // Then it is the same value, of the same type
    QCOMPARE(describe(back), describe(expected));
    QCOMPARE(back, expected);
    if (expected.metaType().id() == QMetaType::QString)
        QVERIFY(!back.toString().isNull());
    if (expected.metaType().id() == QMetaType::QByteArray)
        QVERIFY(!back.toByteArray().isNull());
    if (expected.metaType().id() == QMetaType::QDateTime)
        QCOMPARE(back.toDateTime().timeSpec(), Qt::UTC); // same instant, told in UTC
}

void tst_Dialect::shouldReadWhatDriversReturn_data()
{
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<QString>("property");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QVariant>("expected");

    const auto row = [](Backend backend, const char *tag, const char *property,
                        const QVariant &value, const QVariant &expected) {
        QTest::addRow("%s: %s", backendName(backend), tag)
            << backend << QString::fromLatin1(property) << value << expected;
    };
    // NULL arrives as a typed null QVariant.
    for (Backend backend : allBackends) {
        row(backend, "NULL text", "text", QVariant(QMetaType::fromType<QString>()), QVariant());
        row(backend, "NULL int", "int32", QVariant(QMetaType::fromType<qlonglong>()), QVariant());
        // An empty TEXT or BLOB can arrive as a null QString / QByteArray inside a non-null
        // QVariant: it is still '' and not NULL.
        row(backend, "empty text as null QString", "text", QVariant(QString()),
            QStringLiteral(""));
        row(backend, "empty blob as null QByteArray", "bytes", QVariant(QByteArray()),
            QByteArray("", 0));
    }
    // QSQLITE: booleans and integers as qlonglong, everything dated as text.
    row(Backend::SQLite, "bool", "flag", qlonglong(1), true);
    row(Backend::SQLite, "uint32", "uint32", qlonglong(4294967295LL), 4294967295U);
    row(Backend::SQLite, "date", "date", QStringLiteral("0999-01-01"), QDate(999, 1, 1));
    row(Backend::SQLite, "date-time", "dateTime", QStringLiteral("2024-01-02T03:04:05.678Z"),
        sampleInstant);
    row(Backend::SQLite, "date-time without ms", "dateTime",
        QStringLiteral("2024-01-02T03:04:05Z"), QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), Qt::UTC));
    row(Backend::SQLite, "enum int", "colorInt", qlonglong(1), 1);
    // QPSQL: real booleans, dates and times; TIMESTAMP as a local-time QDateTime whose
    // fields are the UTC ones; JSONB reformatted; UUID as text.
    row(Backend::PostgreSQL, "bool", "flag", true, true);
    row(Backend::PostgreSQL, "bool as text", "flag", QStringLiteral("f"), false);
    row(Backend::PostgreSQL, "date", "date", QDate(999, 1, 1), QDate(999, 1, 1));
    row(Backend::PostgreSQL, "time", "time", QTime(1, 2, 3, 400), QTime(1, 2, 3, 400));
    row(Backend::PostgreSQL, "time as text", "time", QStringLiteral("01:02:03.4"), QTime(1, 2, 3, 400));
    row(Backend::PostgreSQL, "timestamp as local", "dateTime",
        QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5, 678), Qt::LocalTime), sampleInstant);
    row(Backend::PostgreSQL, "timestamp as utc", "dateTime", sampleInstant, sampleInstant);
    row(Backend::PostgreSQL, "timestamptz", "dateTime", sampleWithOffset, sampleInstant);
    row(Backend::PostgreSQL, "timestamp as text", "dateTime",
        QStringLiteral("2024-01-02 03:04:05.678"), sampleInstant);
    row(Backend::PostgreSQL, "timestamptz as text", "dateTime",
        QStringLiteral("2024-01-02 08:34:05.678+05:30"), sampleInstant);
    row(Backend::PostgreSQL, "timestamp in microseconds", "dateTime",
        QStringLiteral("2024-01-02 03:04:05.678123"), sampleInstant);
    row(Backend::PostgreSQL, "jsonb", "object",
        QStringLiteral(R"({"a": 1, "b": [true, null, "x"]})"), sampleObject());
    row(Backend::PostgreSQL, "uuid", "uuid",
        QStringLiteral("12345678-1234-5678-9abc-def012345678"), sampleUuid);
    row(Backend::PostgreSQL, "uint32 as bigint", "uint32", qulonglong(4294967295ULL), 4294967295U);
    row(Backend::PostgreSQL, "int64 as unsigned", "int64", qulonglong(9223372036854775807ULL),
        std::numeric_limits<qint64>::max());
    row(Backend::PostgreSQL, "int32", "int32", -5, -5);
    // QMYSQL: TINYINT(1) as an int, DATETIME as a local-time QDateTime with UTC fields,
    // binary-collated text possibly as bytes.
    row(Backend::MySQL, "bool", "flag", 1, true);
    row(Backend::MySQL, "bool false", "flag", 0, false);
    row(Backend::MySQL, "datetime", "dateTime",
        QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5, 678), Qt::LocalTime), sampleInstant);
    row(Backend::MySQL, "date", "date", QDate(1899, 12, 31), QDate(1899, 12, 31));
    row(Backend::MySQL, "time as text", "time", QStringLiteral("23:59:59.999"), QTime(23, 59, 59, 999));
    row(Backend::MySQL, "text as bytes", "text", QByteArray("h\xc3\xa9"), QString::fromUtf8("h\xc3\xa9"));
    row(Backend::MySQL, "json as bytes", "array", QByteArray(R"([1,"two",{"three":3}])"), sampleArray());
    row(Backend::MySQL, "uuid", "uuid", QByteArray("12345678-1234-5678-9abc-def012345678"), sampleUuid);
    // utf8mb4_bin columns carry the binary flag: QMYSQL returns their text as bytes.
    row(Backend::MySQL, "enum name as bytes", "colorName", QByteArray("Blue"), QStringLiteral("Blue"));
    row(Backend::MySQL, "empty text as bytes", "text", QByteArray(""), QStringLiteral(""));
    row(Backend::MySQL, "int64", "int64", QStringLiteral("-9223372036854775808"),
        std::numeric_limits<qint64>::min());
}

void tst_Dialect::shouldReadWhatDriversReturn()
{
    QFETCH(Backend, backend);
    QFETCH(QString, property);
    QFETCH(QVariant, value);
    QFETCH(QVariant, expected);
    const QVariant plain = Dialect::forBackend(backend)->fromDatabase(allTypes(qPrintable(property)), value);
    QCOMPARE(describe(plain), describe(expected));
    QCOMPARE(plain, expected);
    QCOMPARE(plain.isValid(), expected.isValid());
    if (expected.metaType().id() == QMetaType::QString)
        QVERIFY(!plain.toString().isNull());
    if (expected.metaType().id() == QMetaType::QByteArray)
        QVERIFY(!plain.toByteArray().isNull());
    if (expected.metaType().id() == QMetaType::QDateTime)
        QCOMPARE(plain.toDateTime().timeSpec(), Qt::UTC);
}

void tst_Dialect::shouldReadUtcFieldsThatAreALocalTimeGap()
{
    // Given a process in New York, where 2024-03-10 02:30 local time does not exist
    const QByteArray savedZone = qgetenv("TZ");
    qputenv("TZ", "America/New_York");
    tzset();
    const auto restore = qScopeGuard([&] {
        if (savedZone.isNull())
            qunsetenv("TZ");
        else
            qputenv("TZ", savedZone);
        tzset();
    });
    // When QPSQL / QMYSQL label the stored UTC fields 02:30 as local time (an invalid
    // QDateTime that still holds its fields)
    const QDateTime labelledLocal(QDate(2024, 3, 10), QTime(2, 30, 0, 5), Qt::LocalTime);
    const QDateTime expected(QDate(2024, 3, 10), QTime(2, 30, 0, 5), Qt::UTC);
    // Then the value read is still the UTC instant that was written
    for (Backend backend : {Backend::PostgreSQL, Backend::MySQL}) {
        const QVariant plain = Dialect::forBackend(backend)->fromDatabase(allTypes("dateTime"),
                                                                          labelledLocal);
        QCOMPARE(plain.toDateTime(), expected);
        QCOMPARE(plain.toDateTime().timeSpec(), Qt::UTC);
    }
}

// --- errors ----------------------------------------------------------------------------

void tst_Dialect::shouldClassifyErrors_data()
{
    QTest::addColumn<Backend>("backend");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("type"); // QSqlError::ErrorType
    QTest::addColumn<Error::Kind>("expected");

    const int statement = QSqlError::StatementError;
    const auto row = [](Backend backend, const char *code, const char *message, int type,
                        Error::Kind expected) {
        QTest::addRow("%s %s: %s", backendName(backend), code, message)
            << backend << QString::fromLatin1(code) << QString::fromLatin1(message) << type
            << expected;
    };
    const Backend sqlite = Backend::SQLite;
    row(sqlite, "19", "UNIQUE constraint failed: users.username", statement, Error::UniqueViolation);
    row(sqlite, "19", "UNIQUE constraint failed: users.id", statement, Error::UniqueViolation);
    row(sqlite, "19", "NOT NULL constraint failed: users.email", statement, Error::NotNullViolation);
    row(sqlite, "19", "FOREIGN KEY constraint failed", statement, Error::ForeignKeyViolation);
    row(sqlite, "19", "CHECK constraint failed: positive", statement, Error::CheckViolation);
    row(sqlite, "2067", "UNIQUE constraint failed: t.x", statement, Error::UniqueViolation);
    row(sqlite, "1555", "UNIQUE constraint failed: t.id", statement, Error::UniqueViolation);
    row(sqlite, "1299", "NOT NULL constraint failed: t.x", statement, Error::NotNullViolation);
    row(sqlite, "787", "FOREIGN KEY constraint failed", statement, Error::ForeignKeyViolation);
    row(sqlite, "275", "CHECK constraint failed: c", statement, Error::CheckViolation);
    // QSQLITE reports a failed step as a ConnectionError ("Unable to fetch row"): the code
    // decides.
    const int fetch = QSqlError::ConnectionError;
    row(sqlite, "2067", "UNIQUE constraint failed: books.isbn Unable to fetch row", fetch, Error::UniqueViolation);
    row(sqlite, "1811", "FOREIGN KEY constraint failed Unable to fetch row", fetch, Error::ForeignKeyViolation);
    row(sqlite, "8", "attempt to write a readonly database", fetch, Error::DatabaseError);
    row(sqlite, "5", "database is locked", statement, Error::Busy);
    row(sqlite, "6", "database table is locked", statement, Error::Busy);
    row(sqlite, "517", "database is locked", statement, Error::Busy); // BUSY_SNAPSHOT
    row(sqlite, "1", "no such table: nowhere", statement, Error::InvalidQuery);
    row(sqlite, "1", "no such column: nothing", statement, Error::InvalidQuery);
    row(sqlite, "1", "near \"SELEC\": syntax error", statement, Error::InvalidQuery);
    row(sqlite, "14", "unable to open database file", statement, Error::ConnectionError);
    row(sqlite, "", "Error opening database", QSqlError::ConnectionError, Error::ConnectionError);
    row(sqlite, "", "Parameter count mismatch", statement, Error::InvalidQuery);
    row(sqlite, "8", "attempt to write a readonly database", statement, Error::DatabaseError);

    const Backend pg = Backend::PostgreSQL;
    row(pg, "23505", "duplicate key value violates unique constraint", statement, Error::UniqueViolation);
    row(pg, "23502", "null value in column violates not-null constraint", statement, Error::NotNullViolation);
    row(pg, "23503", "insert or update violates foreign key constraint", statement, Error::ForeignKeyViolation);
    row(pg, "23514", "new row violates check constraint", statement, Error::CheckViolation);
    row(pg, "40P01", "deadlock detected", statement, Error::Busy);
    row(pg, "40001", "could not serialize access", statement, Error::Busy);
    row(pg, "55P03", "could not obtain lock", statement, Error::Busy);
    row(pg, "08006", "connection failure", statement, Error::ConnectionError);
    row(pg, "57P01", "terminating connection due to administrator command", statement, Error::ConnectionError);
    row(pg, "28P01", "password authentication failed", statement, Error::ConnectionError);
    row(pg, "42P01", "relation \"nowhere\" does not exist", statement, Error::InvalidQuery);
    row(pg, "42601", "syntax error at or near", statement, Error::InvalidQuery);
    row(pg, "22P02", "invalid input syntax for type integer", statement, Error::InvalidQuery);
    row(pg, "22001", "value too long for type character varying(5)", statement, Error::InvalidQuery);
    row(pg, "", "server closed the connection unexpectedly", statement, Error::ConnectionError);
    row(pg, "", "no connection to the server", QSqlError::TransactionError, Error::ConnectionError);
    row(pg, "", "could not connect to server: Connection refused", QSqlError::ConnectionError, Error::ConnectionError);
    row(pg, "25P02", "current transaction is aborted", statement, Error::DatabaseError);

    const Backend my = Backend::MySQL;
    row(my, "1062", "Duplicate entry 'x' for key 'uq_users_username'", statement, Error::UniqueViolation);
    row(my, "1586", "Duplicate entry 'x' for key", statement, Error::UniqueViolation);
    row(my, "1048", "Column 'email' cannot be null", statement, Error::NotNullViolation);
    row(my, "1364", "Field 'email' doesn't have a default value", statement, Error::NotNullViolation);
    row(my, "1451", "Cannot delete or update a parent row", statement, Error::ForeignKeyViolation);
    row(my, "1452", "Cannot add or update a child row", statement, Error::ForeignKeyViolation);
    row(my, "4025", "CONSTRAINT `positive` failed", statement, Error::CheckViolation);
    row(my, "3819", "Check constraint 'positive' is violated", statement, Error::CheckViolation);
    row(my, "1205", "Lock wait timeout exceeded", statement, Error::Busy);
    row(my, "1213", "Deadlock found when trying to get lock", statement, Error::Busy);
    row(my, "2006", "MySQL server has gone away", statement, Error::ConnectionError);
    row(my, "2013", "Lost connection to MySQL server during query", statement, Error::ConnectionError);
    row(my, "1927", "Connection was killed", statement, Error::ConnectionError);
    row(my, "1045", "Access denied for user", QSqlError::ConnectionError, Error::ConnectionError);
    row(my, "1049", "Unknown database 'nowhere'", statement, Error::ConnectionError);
    row(my, "1064", "You have an error in your SQL syntax", statement, Error::InvalidQuery);
    row(my, "1146", "Table 'db.nowhere' doesn't exist", statement, Error::InvalidQuery);
    row(my, "1054", "Unknown column 'nothing' in 'field list'", statement, Error::InvalidQuery);
    row(my, "1406", "Data too long for column 'name'", statement, Error::InvalidQuery);
    row(my, "1292", "Incorrect datetime value", statement, Error::InvalidQuery);
    row(my, "1030", "Got error from storage engine", statement, Error::DatabaseError);
}

void tst_Dialect::shouldClassifyErrors()
{
    QFETCH(Backend, backend);
    QFETCH(QString, code);
    QFETCH(QString, message);
    QFETCH(int, type);
    QFETCH(Error::Kind, expected);
    const QSqlError error(QStringLiteral("driver text"), message,
                          static_cast<QSqlError::ErrorType>(type), code);
    QCOMPARE(Error::kindName(Dialect::forBackend(backend)->classify(error)),
             Error::kindName(expected));
}

QTEST_GUILESS_MAIN(tst_Dialect)
#include "tst_dialect.moc"
