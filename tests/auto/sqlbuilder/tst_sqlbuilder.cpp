// The SQL builder as golden text, without a database: for every dialect, the exact SQL a
// query becomes and the exact values it binds. The same statements run against real
// servers in tst_query and tst_conditions; this file documents what they look like.
// Metadata comes from an in-memory SQLite Database (it does not depend on the backend).

#include "database.h"
#include "dialect_p.h"
#include "sqlbuilder_p.h"

#include <QTest>
#include <functional>
#include <optional>

using namespace Quarry;
using Quarry::Private::Dialect;
using Quarry::Private::SqlBuilder;
using Quarry::Private::Statement;
using Backend = Database::Backend;
using namespace Qt::StringLiterals;

// --- entities --------------------------------------------------------------------------

class Person : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "people")
    Q_CLASSINFO("name", "max_length=50 index")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QString name MEMBER m_name)
    Q_PROPERTY(std::optional<int> age MEMBER m_age)
    Q_PROPERTY(double score MEMBER m_score)
public:
    Q_INVOKABLE explicit Person(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_name;
    std::optional<int> m_age;
    double m_score = 0;
};

// Reserved words and a space as identifiers.
class Order : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "order")
    Q_CLASSINFO("code", "column=key")
    Q_CLASSINFO("quantity", "column='my col'")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QString code MEMBER m_code)
    Q_PROPERTY(int quantity MEMBER m_quantity)
public:
    Q_INVOKABLE explicit Order(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_code;
    int m_quantity = 0;
};

// Bytes cannot travel in a JSON array.
class File : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "files")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QByteArray data MEMBER m_data)
public:
    Q_INVOKABLE explicit File(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QByteArray m_data;
};

Q_DECLARE_METATYPE(Quarry::Condition)
Q_DECLARE_METATYPE(Quarry::Database::Backend)

namespace {

const QList<Backend> allBackends = {Backend::SQLite, Backend::PostgreSQL, Backend::MySQL};

QByteArray rowName(Backend backend, const char *name)
{
    const QByteArray backendName = Dialect::forBackend(backend)->name().toLatin1();
    return *name ? backendName + '/' + name : backendName;
}

// Conditions render the same on every backend except for the identifier quotes, so their
// expected text is written once with "double quotes" and MySQL's is derived from it.
QString inDialect(Backend backend, QString sql)
{
    return backend == Backend::MySQL ? sql.replace(QLatin1Char('"'), QLatin1Char('`')) : sql;
}

const QString selectPeople =
    QStringLiteral(R"(SELECT "people"."id", "people"."name", "people"."age", "people"."score" )"
                   R"(FROM "people")");

// "people"."id" IN (?, ?, ...)
QString placeholderList(int size, const QString &column = uR"("people"."id")"_s)
{
    QStringList marks;
    for (int i = 0; i < size; ++i)
        marks << u"?"_s;
    return column + u" IN ("_s + marks.join(u", ") + u')';
}

QueryData queryWhere(const Condition &where)
{
    QueryData query;
    query.where = where;
    return query;
}

} // namespace

class tst_SqlBuilder : public QObject {
    Q_OBJECT

private:
    static void addBackends()
    {
        QTest::addColumn<Backend>("backend");
        for (Backend backend : allBackends)
            QTest::newRow(rowName(backend, "")) << backend;
    }
    SqlBuilder builder(Backend backend, const EntityInfo *entity) const
    {
        return SqlBuilder(Dialect::forBackend(backend), entity);
    }
    SqlBuilder people(Backend backend) const { return builder(backend, m_people); }

    Database m_db;
    const EntityInfo *m_people = nullptr;
    const EntityInfo *m_orders = nullptr;
    const EntityInfo *m_files = nullptr;

private slots:
    void initTestCase()
    {
        m_db = Database::open(u"sqlite://"_s);
        QVERIFY2(m_db.isValid(), qPrintable(m_db.lastError().toString()));
        const bool registered = m_db.registerEntities<Person, Order, File>();
        QVERIFY2(registered, qPrintable(m_db.lastError().toString()));
        m_people = m_db.entity<Person>();
        m_orders = m_db.entity<Order>();
        m_files = m_db.entity<File>();
        QVERIFY(m_people && m_orders && m_files);
    }

    // Every condition shape, inside a plain SELECT.
    void where_data()
    {
        QTest::addColumn<Backend>("backend");
        QTest::addColumn<Condition>("condition");
        QTest::addColumn<QString>("expectedWhere"); // "" for no WHERE clause
        QTest::addColumn<QVariantList>("expectedValues");

        const Field id(u"id"_s);
        const Field name(u"name"_s);
        const Field age(u"age"_s);
        const Field score(u"score"_s);
        auto add = [](const char *tag, const Condition &condition, const QString &where,
                      const QVariantList &values) {
            for (Backend backend : allBackends)
                QTest::newRow(rowName(backend, tag))
                    << backend << condition << inDialect(backend, where) << values;
        };
        add("empty", Condition(), QString(), {});
        add("equal", name == u"john"_s, R"("people"."name" = ?)", {u"john"_s});
        add("notEqual", age != 30, R"("people"."age" <> ?)", {30});
        add("less", age < 30, R"("people"."age" < ?)", {30});
        add("lessOrEqual", age <= 30, R"("people"."age" <= ?)", {30});
        add("greater", score > 1.5, R"("people"."score" > ?)", {1.5});
        add("greaterOrEqual", score >= 1.5, R"("people"."score" >= ?)", {1.5});
        add("fields", age < score, R"("people"."age" < "people"."score")", {});
        add("between", age.between(20, 30), R"("people"."age" BETWEEN ? AND ?)", {20, 30});
        add("and", age > 30 && name == u"x"_s, R"(("people"."age" > ? AND "people"."name" = ?))",
            {30, u"x"_s});
        add("andFlattened", age > 1 && age < 9 && id != 5,
            R"(("people"."age" > ? AND "people"."age" < ? AND "people"."id" <> ?))", {1, 9, 5});
        add("orOfAnd", (age > 1 && age < 9) || id == 5,
            R"((("people"."age" > ? AND "people"."age" < ?) OR "people"."id" = ?))", {1, 9, 5});
        add("not", !(age > 30), R"(NOT ("people"."age" > ?))", {30});
        add("notNot", !!(age > 30), R"("people"."age" > ?)", {30});
        add("andNot", age > 30 && !name.startsWith(u"A"_s),
            R"(("people"."age" > ? AND NOT ("people"."name" LIKE ? ESCAPE '!')))", {30, u"A%"_s});
        add("isNull", age.isNull(), R"("people"."age" IS NULL)", {});
        add("equalNull", age == QVariant(), R"("people"."age" IS NULL)", {});
        add("isNotNull", age.isNotNull(), R"("people"."age" IS NOT NULL)", {});
        add("notEqualNull", age != QVariant(), R"("people"."age" IS NOT NULL)", {});
        add("in", id.in({1, 2}), R"("people"."id" IN (?, ?))", {1, 2});
        add("emptyIn", id.in({}), "1 = 0", {});
        add("notEmptyIn", !id.in({}), QString(), {});
        add("notIn", !id.in({1, 2}), R"(NOT ("people"."id" IN (?, ?)))", {1, 2});
        add("emptyInAndMore", id.in({}) && age > 3, "1 = 0", {});
        add("emptyInOrMore", id.in({}) || age > 3, R"("people"."age" > ?)", {3});
        add("like", name.like(u"J_n%"_s), R"("people"."name" LIKE ? ESCAPE '!')", {u"J_n%"_s});
        add("likeEscapesItsEscape", name.like(u"a!b%"_s), R"("people"."name" LIKE ? ESCAPE '!')",
            {u"a!!b%"_s});
        add("startsWith", name.startsWith(u"50%"_s), R"("people"."name" LIKE ? ESCAPE '!')",
            {u"50!%%"_s});
        add("endsWith", name.endsWith(u"a_b"_s), R"("people"."name" LIKE ? ESCAPE '!')",
            {u"%a!_b"_s});
        add("contains", name.contains(u"!x%_"_s), R"("people"."name" LIKE ? ESCAPE '!')",
            {u"%!!x!%!_%"_s});
        add("likeInsensitive", name.like(u"j%"_s, Qt::CaseInsensitive),
            R"(LOWER("people"."name") LIKE LOWER(?) ESCAPE '!')", {u"j%"_s});
        add("containsInsensitive", name.contains(u"5%"_s, Qt::CaseInsensitive),
            R"(LOWER("people"."name") LIKE LOWER(?) ESCAPE '!')", {u"%5!%%"_s});
    }

    void where()
    {
        QFETCH(Backend, backend);
        QFETCH(Condition, condition);
        QFETCH(QString, expectedWhere);
        QFETCH(QVariantList, expectedValues);

        Statement statement;
        Error error;
        QVERIFY2(people(backend).select(queryWhere(condition), &statement, &error),
                 qPrintable(error.toString()));
        const QString expected =
            inDialect(backend, selectPeople) +
            (expectedWhere.isEmpty() ? QString() : u" WHERE "_s + expectedWhere);
        QCOMPARE(statement.sql, expected);
        QCOMPARE(statement.values, expectedValues);
    }

    // Up to 1000 values are bound one by one; a longer list is bound as ONE JSON array
    // that the backend unpacks (so no backend's limit on bound values is reached); types
    // JSON cannot carry (bytes) fall back to ORed IN lists of at most 1000 values.
    void longInList_data()
    {
        QTest::addColumn<Backend>("backend");
        QTest::addColumn<QString>("expectedWhere");
        QTest::newRow("sqlite") << Backend::SQLite
                                << R"("people"."id" IN (SELECT value FROM json_each(?)))";
        QTest::newRow("postgresql") << Backend::PostgreSQL
                                    << R"("people"."id" IN (SELECT CAST(element AS BIGINT) FROM )"
                                       R"(jsonb_array_elements_text(CAST(? AS jsonb)) AS element))";
        QTest::newRow("mysql") << Backend::MySQL
                               << "`people`.`id` IN (SELECT element FROM JSON_TABLE(?, '$[*]' "
                                  "COLUMNS (element BIGINT PATH '$')) AS elements)";
    }

    void longInList()
    {
        QFETCH(Backend, backend);
        QFETCH(QString, expectedWhere);
        QVariantList ids;
        QStringList json;
        for (int i = 0; i < 1001; ++i) {
            ids << i;
            json << QString::number(i);
        }
        Statement statement;
        Error error;
        const Field id(u"id"_s);
        QVERIFY(people(backend).select(queryWhere(id.in(ids)), &statement, &error));
        QCOMPARE(statement.sql, inDialect(backend, selectPeople) + u" WHERE "_s + expectedWhere);
        QCOMPARE(statement.values, QVariantList{u'[' + json.join(u',') + u']'});

        // 1000 values are still bound one by one.
        ids.removeLast();
        QVERIFY(people(backend).select(queryWhere(id.in(ids)), &statement, &error));
        QCOMPARE(statement.sql,
                 inDialect(backend, selectPeople + u" WHERE "_s + placeholderList(1000)));
        QCOMPARE(statement.values, ids);
    }

    // MariaDB runs `IN (SELECT ... FROM JSON_TABLE(?))` in a single-table UPDATE or DELETE
    // as a dependent subquery, once per row of the table: bulk statements bind plain,
    // ORed IN lists there instead (SELECTs keep the JSON array).
    void longInListInMariadbBulkStatement()
    {
        QVariantList ids;
        for (int i = 0; i < 1500; ++i)
            ids << i;
        Statement statement;
        Error error;
        const QueryData query = queryWhere(Field(u"id"_s).in(ids));
        QVERIFY(people(Backend::MySQL).remove(query, &statement, &error));
        const QString column = u"`people`.`id`"_s;
        QCOMPARE(statement.sql, u"DELETE FROM `people` WHERE ("_s + placeholderList(1000, column)
                                    + u" OR "_s + placeholderList(500, column) + u')');
        QCOMPARE(statement.values, ids);
        QVERIFY(people(Backend::MySQL).update(query, {{u"age"_s, 1}}, &statement, &error));
        QVERIFY(statement.sql.endsWith(placeholderList(500, column) + u')'));
        QVERIFY(people(Backend::MySQL).select(query, &statement, &error));
        QVERIFY(statement.sql.contains(u"JSON_TABLE"_s));
    }

    void longInListOfBytes()
    {
        QVariantList values;
        for (int i = 0; i < 2500; ++i)
            values << QByteArray::number(i);
        Statement statement;
        Error error;
        QVERIFY(builder(Backend::SQLite, m_files)
                    .select(queryWhere(Field(u"data"_s).in(values)), &statement, &error));
        const QString column = uR"("files"."data")"_s;
        QCOMPARE(statement.sql, uR"(SELECT "files"."id", "files"."data" FROM "files" WHERE ()"_s +
                                    placeholderList(1000, column) + u" OR "_s +
                                    placeholderList(1000, column) + u" OR "_s +
                                    placeholderList(500, column) + u')');
        QCOMPARE(statement.values, values);
    }

    // ORDER BY (NULLs first ascending, last descending: spelled out on PostgreSQL only,
    // SQLite and MariaDB sort NULL lowest already), LIMIT / OFFSET and DISTINCT.
    void selectTail_data()
    {
        QTest::addColumn<Backend>("backend");
        QTest::addColumn<QString>("expected");
        const QString tail = QStringLiteral(R"( FROM "people" WHERE "people"."age" > ? ORDER BY )");
        const QString distinct = u"SELECT DISTINCT "_s;
        const QString columns = selectPeople.mid(7, selectPeople.indexOf(u" FROM") - 7);
        QTest::newRow("sqlite") << Backend::SQLite
                                << distinct + columns + tail +
                                       R"("people"."age" DESC, "people"."name" ASC )"
                                       R"(LIMIT 10 OFFSET 20)";
        QTest::newRow("postgresql")
            << Backend::PostgreSQL
            << distinct + columns + tail +
                   R"("people"."age" DESC NULLS LAST, "people"."name" ASC NULLS FIRST )"
                   R"(LIMIT 10 OFFSET 20)";
        QTest::newRow("mysql") << Backend::MySQL
                               << inDialect(Backend::MySQL,
                                            distinct + columns + tail +
                                                R"("people"."age" DESC, "people"."name" ASC )"
                                                R"(LIMIT 10 OFFSET 20)");
    }

    void selectTail()
    {
        QFETCH(Backend, backend);
        QFETCH(QString, expected);
        QueryData query = queryWhere(Field(u"age"_s) > 3);
        query.distinct = true;
        query.orderBy = {{Field(u"age"_s), Qt::DescendingOrder},
                         {Field(u"name"_s), Qt::AscendingOrder}};
        query.limit = 10;
        query.offset = 20;
        Statement statement;
        Error error;
        QVERIFY2(people(backend).select(query, &statement, &error), qPrintable(error.toString()));
        QCOMPARE(statement.sql, expected);
        QCOMPARE(statement.values, QVariantList{3});
    }

    // LIMIT alone, OFFSET alone (each backend spells "no limit" its own way), neither.
    void limitOffset_data()
    {
        QTest::addColumn<Backend>("backend");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<QString>("expectedTail");

        for (Backend backend : allBackends) {
            QTest::newRow(rowName(backend, "none")) << backend << qint64(-1) << qint64(-1) << "";
            QTest::newRow(rowName(backend, "limit"))
                << backend << qint64(5) << qint64(-1) << " LIMIT 5";
            QTest::newRow(rowName(backend, "limit0"))
                << backend << qint64(0) << qint64(-1) << " LIMIT 0";
            QTest::newRow(rowName(backend, "offset0"))
                << backend << qint64(5) << qint64(0) << " LIMIT 5";
        }
        QTest::newRow("sqlite/offsetOnly")
            << Backend::SQLite << qint64(-1) << qint64(7) << " LIMIT -1 OFFSET 7";
        QTest::newRow("postgresql/offsetOnly")
            << Backend::PostgreSQL << qint64(-1) << qint64(7) << " OFFSET 7";
        QTest::newRow("mysql/offsetOnly")
            << Backend::MySQL << qint64(-1) << qint64(7) << " LIMIT 18446744073709551615 OFFSET 7";
    }

    void limitOffset()
    {
        QFETCH(Backend, backend);
        QFETCH(qint64, limit);
        QFETCH(qint64, offset);
        QFETCH(QString, expectedTail);
        QueryData query;
        query.limit = limit;
        query.offset = offset;
        Statement statement;
        Error error;
        QVERIFY(people(backend).select(query, &statement, &error));
        QCOMPARE(statement.sql, inDialect(backend, selectPeople) + expectedTail);
    }

    // values(), aggregates, GROUP BY and HAVING.
    void selectValues_data() { addBackends(); }

    void selectValues()
    {
        QFETCH(Backend, backend);
        QueryData query = queryWhere(Field(u"score"_s) > 0.5);
        query.groupBy = {Field(u"name"_s)};
        query.having = Quarry::count() > 1 && Quarry::sum(u"age"_s) < 100;
        query.orderBy = {{Field(u"name"_s), Qt::AscendingOrder}};
        const QList<Field> fields{Field(u"name"_s),      Quarry::count(),
                                  Quarry::sum(u"age"_s), Quarry::avg(u"score"_s),
                                  Quarry::min(u"age"_s), Quarry::max(u"age"_s)};
        Statement statement;
        Error error;
        QVERIFY2(people(backend).selectValues(query, fields, &statement, &error),
                 qPrintable(error.toString()));
        const QString order = backend == Backend::PostgreSQL ? u" ASC NULLS FIRST"_s : u" ASC"_s;
        QCOMPARE(statement.sql,
                 inDialect(backend,
                           R"(SELECT "people"."name", COUNT(*), SUM("people"."age"), )"
                           R"(AVG("people"."score"), MIN("people"."age"), MAX("people"."age") )"
                           R"(FROM "people" WHERE "people"."score" > ? GROUP BY "people"."name" )"
                           R"(HAVING (COUNT(*) > ? AND SUM("people"."age") < ?) )"
                           R"(ORDER BY "people"."name")") +
                     order);
        QCOMPARE(statement.values, (QVariantList{0.5, 1, 100}));
    }

    // count() counts in SQL; with DISTINCT, LIMIT, OFFSET or GROUP BY it counts the rows of
    // the whole query as a subquery. exists() asks for one row without ordering.
    void countAndExists_data() { addBackends(); }

    void countAndExists()
    {
        QFETCH(Backend, backend);
        QueryData query = queryWhere(Field(u"age"_s) > 3);
        query.orderBy = {{Field(u"age"_s), Qt::AscendingOrder}};
        Statement statement;
        Error error;

        QVERIFY(people(backend).count(query, &statement, &error));
        QCOMPARE(statement.sql,
                 inDialect(backend, R"(SELECT COUNT(*) FROM "people" WHERE "people"."age" > ?)"));
        QCOMPARE(statement.values, QVariantList{3});

        QVERIFY(people(backend).exists(query, &statement, &error));
        QCOMPARE(statement.sql, inDialect(backend, R"(SELECT 1 FROM "people" )"
                                                   R"(WHERE "people"."age" > ? LIMIT 1)"));
        QCOMPARE(statement.values, QVariantList{3});

        query.orderBy.clear();
        query.limit = 2;
        query.distinct = true;
        QVERIFY(people(backend).count(query, &statement, &error));
        QCOMPARE(statement.sql,
                 u"SELECT COUNT(*) FROM (SELECT DISTINCT "_s +
                     inDialect(backend, selectPeople).mid(u"SELECT "_s.size()) +
                     inDialect(backend, R"( WHERE "people"."age" > ? LIMIT 2) AS q)"));
        QCOMPARE(statement.values, QVariantList{3});

        // A grouped query counts its groups; the subquery selects the grouping columns.
        QueryData grouped = queryWhere(Field(u"age"_s) > 3);
        grouped.groupBy = {Field(u"name"_s)};
        grouped.having = Quarry::count() > 1;
        QVERIFY(people(backend).count(grouped, &statement, &error));
        QCOMPARE(statement.sql,
                 inDialect(backend, R"(SELECT COUNT(*) FROM (SELECT "people"."name" )"
                                    R"(FROM "people" WHERE "people"."age" > ? )"
                                    R"(GROUP BY "people"."name" HAVING COUNT(*) > ?) AS q)"));
        QCOMPARE(statement.values, (QVariantList{3, 1}));
    }

    // Bulk UPDATE / DELETE: a filter only; SET names unqualified columns.
    void bulk_data() { addBackends(); }

    void bulk()
    {
        QFETCH(Backend, backend);
        const QueryData query = queryWhere(Field(u"age"_s).isNull() || Field(u"name"_s) == u"x"_s);
        const QVariantMap values{{u"score"_s, 2.5}, {u"age"_s, 7}};
        Statement statement;
        Error error;

        QVERIFY(people(backend).update(query, values, &statement, &error));
        QCOMPARE(statement.sql, inDialect(backend, R"(UPDATE "people" SET "age" = ?, "score" = ? )"
                                                   R"(WHERE ("people"."age" IS NULL OR )"
                                                   R"("people"."name" = ?))"));
        QCOMPARE(statement.values, (QVariantList{7, 2.5, u"x"_s}));

        QVERIFY(people(backend).remove(query, &statement, &error));
        QCOMPARE(statement.sql, inDialect(backend, R"(DELETE FROM "people" WHERE )"
                                                   R"(("people"."age" IS NULL OR )"
                                                   R"("people"."name" = ?))"));
        QCOMPARE(statement.values, QVariantList{u"x"_s});

        QVERIFY(people(backend).selectPrimaryKeys(query, &statement, &error));
        QCOMPARE(statement.sql, inDialect(backend, R"(SELECT "people"."id" FROM "people" WHERE )"
                                                   R"(("people"."age" IS NULL OR )"
                                                   R"("people"."name" = ?))"));

        // No condition: every row.
        QVERIFY(people(backend).remove(QueryData(), &statement, &error));
        QCOMPARE(statement.sql, inDialect(backend, R"(DELETE FROM "people")"));
        QVERIFY(statement.values.isEmpty());
    }

    // A LIMIT, OFFSET, ORDER BY, GROUP BY or DISTINCT would be silently ignored or mean
    // different things per backend; bulk statements refuse them.
    void bulkRefusesShapedQueries()
    {
        const std::function<void(QueryData &)> shapes[] = {
            [](QueryData &query) { query.limit = 1; },
            [](QueryData &query) { query.offset = 1; },
            [](QueryData &query) {
                query.orderBy = {{Field(u"age"_s), Qt::AscendingOrder}};
            },
            [](QueryData &query) { query.groupBy = {Field(u"age"_s)}; },
            [](QueryData &query) { query.distinct = true; },
        };
        for (Backend backend : allBackends) {
            for (const auto &shape : shapes) {
                QueryData query;
                shape(query);
                Statement statement;
                Error error;
                QVERIFY(!people(backend).update(query, {{u"age"_s, 1}}, &statement, &error));
                QCOMPARE(error.kind(), Error::InvalidQuery);
                error = Error();
                QVERIFY(!people(backend).remove(query, &statement, &error));
                QCOMPARE(error.kind(), Error::InvalidQuery);
            }
        }
    }

    // The session's own statements: INSERT (RETURNING where the backend has it),
    // UPDATE / DELETE / SELECT by primary key.
    void unitOfWork_data()
    {
        QTest::addColumn<Backend>("backend");
        QTest::addColumn<QString>("insert");
        QTest::addColumn<QString>("insertDefaults");
        QTest::addColumn<QString>("update");
        QTest::addColumn<QString>("remove");
        QTest::addColumn<QString>("select");

        for (Backend backend : {Backend::SQLite, Backend::PostgreSQL})
            QTest::newRow(rowName(backend, ""))
                << backend
                << R"(INSERT INTO "people" ("name", "age", "score") VALUES (?, ?, ?) RETURNING "id")"
                << R"(INSERT INTO "people" DEFAULT VALUES RETURNING "id")"
                << R"(UPDATE "people" SET "name" = ?, "score" = ? WHERE "id" = ?)"
                << R"(DELETE FROM "people" WHERE "id" = ?)"
                << selectPeople + R"( WHERE "people"."id" = ?)";
        QTest::newRow("mysql") << Backend::MySQL
                               << "INSERT INTO `people` (`name`, `age`, `score`) VALUES (?, ?, ?)"
                               << "INSERT INTO `people` () VALUES ()"
                               << "UPDATE `people` SET `name` = ?, `score` = ? WHERE `id` = ?"
                               << "DELETE FROM `people` WHERE `id` = ?"
                               << inDialect(Backend::MySQL, selectPeople) +
                                      " WHERE `people`.`id` = ?";
    }

    void unitOfWork()
    {
        QFETCH(Backend, backend);
        QFETCH(QString, insert);
        QFETCH(QString, insertDefaults);
        QFETCH(QString, update);
        QFETCH(QString, remove);
        QFETCH(QString, select);
        const SqlBuilder people = this->people(backend);
        const bool returning = Dialect::forBackend(backend)->supportsReturning();
        QCOMPARE(people.insert({1, 2, 3}, returning), insert);
        QCOMPARE(people.insert({}, returning), insertDefaults);
        QCOMPARE(people.updateByPrimaryKey({1, 3}), update);
        QCOMPARE(people.deleteByPrimaryKey(), remove);
        QCOMPARE(people.selectByPrimaryKey(), select);
    }

    // Table `order` and columns `key` and `my col` are quoted everywhere.
    void reservedWords_data() { addBackends(); }

    void reservedWords()
    {
        QFETCH(Backend, backend);
        const SqlBuilder orders = builder(backend, m_orders);
        QueryData query = queryWhere(Field(u"code"_s) == u"k"_s);
        query.orderBy = {{Field(u"quantity"_s), Qt::DescendingOrder}};
        const QString descending =
            backend == Backend::PostgreSQL ? u" DESC NULLS LAST"_s : u" DESC"_s;
        Statement statement;
        Error error;

        QVERIFY(orders.select(query, &statement, &error));
        QCOMPARE(statement.sql, inDialect(backend, R"(SELECT "order"."id", "order"."key", )"
                                                   R"("order"."my col" FROM "order" )"
                                                   R"(WHERE "order"."key" = ? )"
                                                   R"(ORDER BY "order"."my col")") +
                                    descending);
        query.orderBy.clear();
        QVERIFY(orders.update(query, {{u"quantity"_s, 2}}, &statement, &error));
        QCOMPARE(statement.sql, inDialect(backend, R"(UPDATE "order" SET "my col" = ? )"
                                                   R"(WHERE "order"."key" = ?)"));
        QCOMPARE(orders.insert({1, 2}, false),
                 inDialect(backend, R"(INSERT INTO "order" ("key", "my col") VALUES (?, ?))"));
        QCOMPARE(orders.deleteByPrimaryKey(),
                 inDialect(backend, R"(DELETE FROM "order" WHERE "id" = ?)"));
    }

    // A name that is not a mapped property is an error before any SQL exists.
    void unknownProperty()
    {
        const SqlBuilder people = this->people(Backend::SQLite);
        const Field unknown(u"nope"_s);
        QueryData where = queryWhere(unknown == 1), ordered, grouped, having;
        ordered.orderBy = {{unknown, Qt::AscendingOrder}};
        grouped.groupBy = {unknown};
        having.having = Quarry::count() > 1; // HAVING without GROUP BY
        Statement statement;
        Error error;
        auto refused = [&](bool built) {
            const bool invalid = !built && error.kind() == Error::InvalidQuery;
            error = Error();
            return invalid;
        };
        QVERIFY(refused(people.select(where, &statement, &error)));
        QVERIFY(refused(people.select(ordered, &statement, &error)));
        QVERIFY(refused(people.selectValues(grouped, {Quarry::count()}, &statement, &error)));
        QVERIFY(refused(people.selectValues({}, {Quarry::sum(u"nope"_s)}, &statement, &error)));
        QVERIFY(refused(people.update({}, {{u"nope"_s, 1}}, &statement, &error)));
        QVERIFY(refused(people.select(having, &statement, &error)));
    }
};

QTEST_GUILESS_MAIN(tst_SqlBuilder)
#include "tst_sqlbuilder.moc"
