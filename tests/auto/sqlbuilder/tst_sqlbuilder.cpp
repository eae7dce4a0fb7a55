// The SQL builder as golden text, without a database: for every dialect, the exact SQL a
// query becomes and the exact values it binds. The same statements run against real
// servers in tst_query and tst_conditions; this file documents what they look like.
// Metadata comes from an in-memory SQLite Database (it does not depend on the backend).

#include "database.h"
#include "dialect_p.h"
#include "sqlbuilder_p.h"

#include <QTest>
#include <optional>

using namespace Quarry;
using Quarry::Private::Dialect;
using Quarry::Private::SqlBuilder;
using Quarry::Private::Statement;
using Backend = Database::Backend;
using namespace Qt::StringLiterals;

// --- entities --------------------------------------------------------------------------

class Person : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "people")
    Q_CLASSINFO("name", "max_length=50 index")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
    Q_PROPERTY(std::optional<int> age MEMBER m_age NOTIFY changed)
    Q_PROPERTY(double score MEMBER m_score NOTIFY changed)
public:
    Q_INVOKABLE explicit Person(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_name;
    std::optional<int> m_age;
    double m_score = 0;
signals:
    void changed();
};

// Reserved words and a space as identifiers.
class Order : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "order")
    Q_CLASSINFO("code", "column=key")
    Q_CLASSINFO("quantity", "column='my col'")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString code MEMBER m_code NOTIFY changed)
    Q_PROPERTY(int quantity MEMBER m_quantity NOTIFY changed)
public:
    Q_INVOKABLE explicit Order(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_code;
    int m_quantity = 0;
signals:
    void changed();
};

Q_DECLARE_METATYPE(Quarry::Condition)
Q_DECLARE_METATYPE(Quarry::Database::Backend)

namespace {

const QList<Backend> allBackends = {Backend::SQLite, Backend::PostgreSQL, Backend::MySQL};

QByteArray rowName(Backend backend, const char *name)
{
    return Dialect::forBackend(backend)->name().toLatin1() + '/' + name;
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

QueryData queryWhere(const Condition &where)
{
    QueryData query;
    query.where = where;
    return query;
}

} // namespace

class tst_SqlBuilder : public QObject
{
    Q_OBJECT

private:
    SqlBuilder builder(Backend backend, const EntityInfo *entity) const
    {
        return SqlBuilder(Dialect::forBackend(backend), entity);
    }
    SqlBuilder people(Backend backend) const { return builder(backend, m_people); }

    Database m_db;
    const EntityInfo *m_people = nullptr;
    const EntityInfo *m_orders = nullptr;

private slots:
    void initTestCase()
    {
        m_db = Database::open(QStringLiteral("sqlite://"));
        QVERIFY2(m_db.isValid(), qPrintable(m_db.lastError().toString()));
        const bool registered = m_db.registerEntities<Person, Order>();
        QVERIFY2(registered, qPrintable(m_db.lastError().toString()));
        m_people = m_db.entity<Person>();
        m_orders = m_db.entity<Order>();
        QVERIFY(m_people && m_orders);
    }

    // Every condition shape, inside a plain SELECT.
    void where_data()
    {
        QTest::addColumn<Backend>("backend");
        QTest::addColumn<Condition>("condition");
        QTest::addColumn<QString>("expectedWhere"); // "" for no WHERE clause
        QTest::addColumn<QVariantList>("expectedValues");

        const Field id(QStringLiteral("id"));
        const Field name(QStringLiteral("name"));
        const Field age(QStringLiteral("age"));
        const Field score(QStringLiteral("score"));
        auto add = [](const char *tag, const Condition &condition, const QString &where,
                      const QVariantList &values) {
            for (Backend backend : allBackends)
                QTest::newRow(rowName(backend, tag))
                    << backend << condition << inDialect(backend, where) << values;
        };
        add("empty", Condition(), QString(), {});
        add("equal", name == QStringLiteral("john"), R"("people"."name" = ?)", {u"john"_s});
        add("notEqual", age != 30, R"("people"."age" <> ?)", {30});
        add("less", age < 30, R"("people"."age" < ?)", {30});
        add("lessOrEqual", age <= 30, R"("people"."age" <= ?)", {30});
        add("greater", score > 1.5, R"("people"."score" > ?)", {1.5});
        add("greaterOrEqual", score >= 1.5, R"("people"."score" >= ?)", {1.5});
        add("fields", age < score, R"("people"."age" < "people"."score")", {});
        add("between", age.between(20, 30), R"("people"."age" BETWEEN ? AND ?)", {20, 30});
        add("and", age > 30 && name == QStringLiteral("x"),
            R"(("people"."age" > ? AND "people"."name" = ?))", {30, u"x"_s});
        add("andFlattened", age > 1 && age < 9 && id != 5,
            R"(("people"."age" > ? AND "people"."age" < ? AND "people"."id" <> ?))", {1, 9, 5});
        add("orOfAnd", (age > 1 && age < 9) || id == 5,
            R"((("people"."age" > ? AND "people"."age" < ?) OR "people"."id" = ?))", {1, 9, 5});
        add("not", !(age > 30), R"(NOT ("people"."age" > ?))", {30});
        add("notNot", !!(age > 30), R"("people"."age" > ?)", {30});
        add("andNot", age > 30 && !name.startsWith(QStringLiteral("A")),
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
        add("like", name.like(QStringLiteral("J_n%")), R"("people"."name" LIKE ?)", {u"J_n%"_s});
        add("startsWith", name.startsWith(QStringLiteral("50%")),
            R"("people"."name" LIKE ? ESCAPE '!')", {u"50!%%"_s});
        add("endsWith", name.endsWith(QStringLiteral("a_b")), R"("people"."name" LIKE ? ESCAPE '!')",
            {u"%a!_b"_s});
        add("contains", name.contains(QStringLiteral("!x%_")),
            R"("people"."name" LIKE ? ESCAPE '!')", {u"%!!x!%!_%"_s});
        add("likeInsensitive", name.like(QStringLiteral("j%"), Qt::CaseInsensitive),
            R"(LOWER("people"."name") LIKE LOWER(?))", {u"j%"_s});
        add("containsInsensitive", name.contains(QStringLiteral("5%"), Qt::CaseInsensitive),
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
        const QString expected = inDialect(backend, selectPeople)
            + (expectedWhere.isEmpty() ? QString() : QStringLiteral(" WHERE ") + expectedWhere);
        QCOMPARE(statement.sql, expected);
        QCOMPARE(statement.values, expectedValues);
    }

    // More than 1000 values become ORed IN lists of at most 1000 values each.
    void longInList()
    {
        QVariantList ids;
        for (int i = 0; i < 2500; ++i)
            ids << i;
        Statement statement;
        Error error;
        QVERIFY(people(Backend::SQLite)
                    .select(queryWhere(Field(QStringLiteral("id")).in(ids)), &statement, &error));
        const auto list = [](int size) {
            QStringList marks;
            for (int i = 0; i < size; ++i)
                marks << QStringLiteral("?");
            return QStringLiteral(R"("people"."id" IN ()") + marks.join(u", ") + u')';
        };
        QCOMPARE(statement.sql, selectPeople + u" WHERE ("_s + list(1000) + u" OR "_s + list(1000)
                                    + u" OR "_s + list(500) + u')');
        QCOMPARE(statement.values, ids);
    }

    // ORDER BY (NULLs first ascending, last descending: spelled out on PostgreSQL only,
    // SQLite and MariaDB sort NULL lowest already), LIMIT / OFFSET and DISTINCT.
    void selectTail_data()
    {
        QTest::addColumn<Backend>("backend");
        QTest::addColumn<QString>("expected");

        const QString columns = QStringLiteral(
            R"("people"."id", "people"."name", "people"."age", "people"."score")");
        const QString mysqlColumns =
            QStringLiteral("`people`.`id`, `people`.`name`, `people`.`age`, `people`.`score`");
        QTest::newRow("sqlite") << Backend::SQLite
            << QStringLiteral(R"(SELECT DISTINCT %1 FROM "people" WHERE "people"."age" > ? )"
                              R"(ORDER BY "people"."age" DESC, "people"."name" ASC LIMIT 10 OFFSET 20)")
                   .arg(columns);
        QTest::newRow("postgresql") << Backend::PostgreSQL
            << QStringLiteral(R"(SELECT DISTINCT %1 FROM "people" WHERE "people"."age" > ? )"
                              R"(ORDER BY "people"."age" DESC NULLS LAST, "people"."name" ASC NULLS FIRST )"
                              R"(LIMIT 10 OFFSET 20)")
                   .arg(columns);
        QTest::newRow("mysql") << Backend::MySQL
            << QStringLiteral("SELECT DISTINCT %1 FROM `people` WHERE `people`.`age` > ? "
                              "ORDER BY `people`.`age` DESC, `people`.`name` ASC LIMIT 10 OFFSET 20")
                   .arg(mysqlColumns);
    }

    void selectTail()
    {
        QFETCH(Backend, backend);
        QFETCH(QString, expected);
        QueryData query = queryWhere(Field(QStringLiteral("age")) > 3);
        query.distinct = true;
        query.orderBy = {{Field(QStringLiteral("age")), Qt::DescendingOrder},
                         {Field(QStringLiteral("name")), Qt::AscendingOrder}};
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
            QTest::newRow(rowName(backend, "limit")) << backend << qint64(5) << qint64(-1)
                                                     << " LIMIT 5";
            QTest::newRow(rowName(backend, "limit0")) << backend << qint64(0) << qint64(-1)
                                                      << " LIMIT 0";
            QTest::newRow(rowName(backend, "offset0")) << backend << qint64(5) << qint64(0)
                                                       << " LIMIT 5";
        }
        QTest::newRow("sqlite/offsetOnly") << Backend::SQLite << qint64(-1) << qint64(7)
                                           << " LIMIT -1 OFFSET 7";
        QTest::newRow("postgresql/offsetOnly") << Backend::PostgreSQL << qint64(-1) << qint64(7)
                                               << " OFFSET 7";
        QTest::newRow("mysql/offsetOnly") << Backend::MySQL << qint64(-1) << qint64(7)
                                          << " LIMIT 18446744073709551615 OFFSET 7";
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
    void selectValues_data()
    {
        QTest::addColumn<Backend>("backend");
        for (Backend backend : allBackends)
            QTest::newRow(rowName(backend, "")) << backend;
    }

    void selectValues()
    {
        QFETCH(Backend, backend);
        QueryData query = queryWhere(Field(QStringLiteral("score")) > 0.5);
        query.groupBy = {Field(QStringLiteral("name"))};
        query.having = Quarry::count() > 1 && Quarry::sum(QStringLiteral("age")) < 100;
        query.orderBy = {{Field(QStringLiteral("name")), Qt::AscendingOrder}};
        const QList<Field> fields{Field(QStringLiteral("name")), Quarry::count(),
                                  Quarry::sum(QStringLiteral("age")),
                                  Quarry::avg(QStringLiteral("score")),
                                  Quarry::min(QStringLiteral("age")),
                                  Quarry::max(QStringLiteral("age"))};
        Statement statement;
        Error error;
        QVERIFY2(people(backend).selectValues(query, fields, &statement, &error),
                 qPrintable(error.toString()));
        const QString order = backend == Backend::PostgreSQL ? QStringLiteral(" ASC NULLS FIRST")
                                                             : QStringLiteral(" ASC");
        QCOMPARE(statement.sql,
                 inDialect(backend,
                           R"(SELECT "people"."name", COUNT(*), SUM("people"."age"), )"
                           R"(AVG("people"."score"), MIN("people"."age"), MAX("people"."age") )"
                           R"(FROM "people" WHERE "people"."score" > ? GROUP BY "people"."name" )"
                           R"(HAVING (COUNT(*) > ? AND SUM("people"."age") < ?) )"
                           R"(ORDER BY "people"."name")")
                     + order);
        QCOMPARE(statement.values, (QVariantList{0.5, 1, 100}));
    }

    // count() counts in SQL; with DISTINCT, LIMIT, OFFSET or GROUP BY it counts the rows of
    // the whole query as a subquery. exists() asks for one row without ordering.
    void countAndExists_data()
    {
        QTest::addColumn<Backend>("backend");
        for (Backend backend : allBackends)
            QTest::newRow(rowName(backend, "")) << backend;
    }

    void countAndExists()
    {
        QFETCH(Backend, backend);
        QueryData query = queryWhere(Field(QStringLiteral("age")) > 3);
        query.orderBy = {{Field(QStringLiteral("age")), Qt::AscendingOrder}};
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
                 QStringLiteral("SELECT COUNT(*) FROM (SELECT DISTINCT ")
                     + inDialect(backend, selectPeople).mid(QStringLiteral("SELECT ").size())
                     + inDialect(backend, R"( WHERE "people"."age" > ? LIMIT 2) AS q)"));
        QCOMPARE(statement.values, QVariantList{3});
    }

    // Bulk UPDATE / DELETE: a filter only; SET names unqualified columns.
    void bulk_data()
    {
        QTest::addColumn<Backend>("backend");
        for (Backend backend : allBackends)
            QTest::newRow(rowName(backend, "")) << backend;
    }

    void bulk()
    {
        QFETCH(Backend, backend);
        const QueryData query = queryWhere(Field(QStringLiteral("age")).isNull()
                                           || Field(QStringLiteral("name")) == QStringLiteral("x"));
        const QVariantMap values{{QStringLiteral("score"), 2.5}, {QStringLiteral("age"), 7}};
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
    void bulkRefusesShapedQueries_data()
    {
        QTest::addColumn<int>("shape");
        QTest::newRow("limit") << 0;
        QTest::newRow("offset") << 1;
        QTest::newRow("orderBy") << 2;
        QTest::newRow("groupBy") << 3;
        QTest::newRow("distinct") << 4;
    }

    void bulkRefusesShapedQueries()
    {
        QFETCH(int, shape);
        QueryData query;
        switch (shape) {
        case 0: query.limit = 1; break;
        case 1: query.offset = 1; break;
        case 2: query.orderBy = {{Field(QStringLiteral("age")), Qt::AscendingOrder}}; break;
        case 3: query.groupBy = {Field(QStringLiteral("age"))}; break;
        default: query.distinct = true; break;
        }
        for (Backend backend : allBackends) {
            Statement statement;
            Error error;
            QVERIFY(!people(backend).update(query, {{QStringLiteral("age"), 1}}, &statement, &error));
            QCOMPARE(error.kind(), Error::InvalidQuery);
            error = Error();
            QVERIFY(!people(backend).remove(query, &statement, &error));
            QCOMPARE(error.kind(), Error::InvalidQuery);
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

        QTest::newRow("sqlite") << Backend::SQLite
            << R"(INSERT INTO "people" ("name", "age", "score") VALUES (?, ?, ?) RETURNING "id")"
            << R"(INSERT INTO "people" DEFAULT VALUES RETURNING "id")"
            << R"(UPDATE "people" SET "name" = ?, "score" = ? WHERE "id" = ?)"
            << R"(DELETE FROM "people" WHERE "id" = ?)"
            << selectPeople + R"( WHERE "people"."id" = ?)";
        QTest::newRow("postgresql") << Backend::PostgreSQL
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
            << inDialect(Backend::MySQL, selectPeople) + " WHERE `people`.`id` = ?";
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
    void reservedWords_data()
    {
        QTest::addColumn<Backend>("backend");
        for (Backend backend : allBackends)
            QTest::newRow(rowName(backend, "")) << backend;
    }

    void reservedWords()
    {
        QFETCH(Backend, backend);
        const SqlBuilder orders = builder(backend, m_orders);
        QueryData query = queryWhere(Field(QStringLiteral("code")) == QStringLiteral("k"));
        query.orderBy = {{Field(QStringLiteral("quantity")), Qt::DescendingOrder}};
        const QString descending =
            backend == Backend::PostgreSQL ? QStringLiteral(" DESC NULLS LAST") : QStringLiteral(" DESC");
        Statement statement;
        Error error;

        QVERIFY(orders.select(query, &statement, &error));
        QCOMPARE(statement.sql, inDialect(backend, R"(SELECT "order"."id", "order"."key", )"
                                                   R"("order"."my col" FROM "order" )"
                                                   R"(WHERE "order"."key" = ? )"
                                                   R"(ORDER BY "order"."my col")") + descending);
        query.orderBy.clear();
        QVERIFY(orders.update(query, {{QStringLiteral("quantity"), 2}}, &statement, &error));
        QCOMPARE(statement.sql, inDialect(backend, R"(UPDATE "order" SET "my col" = ? )"
                                                   R"(WHERE "order"."key" = ?)"));
        QCOMPARE(orders.insert({1, 2}, false),
                 inDialect(backend, R"(INSERT INTO "order" ("key", "my col") VALUES (?, ?))"));
        QCOMPARE(orders.deleteByPrimaryKey(), inDialect(backend, R"(DELETE FROM "order" WHERE "id" = ?)"));
    }

    // A name that is not a mapped property is an error before any SQL exists.
    void unknownProperty()
    {
        const SqlBuilder people = this->people(Backend::SQLite);
        Statement statement;
        Error error;
        QVERIFY(!people.select(queryWhere(Field(QStringLiteral("nope")) == 1), &statement, &error));
        QCOMPARE(error.kind(), Error::InvalidQuery);
        QVERIFY2(error.message().contains(u"'nope'"), qPrintable(error.message()));

        QueryData ordered;
        ordered.orderBy = {{Field(QStringLiteral("nope")), Qt::AscendingOrder}};
        error = Error();
        QVERIFY(!people.select(ordered, &statement, &error));
        QCOMPARE(error.kind(), Error::InvalidQuery);

        error = Error();
        QVERIFY(!people.selectValues(QueryData(), {Quarry::sum(QStringLiteral("nope"))}, &statement,
                                     &error));
        QCOMPARE(error.kind(), Error::InvalidQuery);

        error = Error();
        QVERIFY(!people.update(QueryData(), {{QStringLiteral("nope"), 1}}, &statement, &error));
        QCOMPARE(error.kind(), Error::InvalidQuery);

        // HAVING without GROUP BY.
        QueryData having;
        having.having = Quarry::count() > 1;
        error = Error();
        QVERIFY(!people.select(having, &statement, &error));
        QCOMPARE(error.kind(), Error::InvalidQuery);
    }
};

QTEST_GUILESS_MAIN(tst_SqlBuilder)
#include "tst_sqlbuilder.moc"
