// The SQL of schema changes as text, without a server, for every backend: a migration's
// createTable is createAll()'s DDL; each operation's statements (ALTER TABLE per backend,
// SQLite's table rebuild); the operations of migration files read, written and inverted.

#include "quarrytest.h"
#include "schemaentities.h"

#include <quarry/database.h>
#include <quarry/migration.h>

#include "dialect_p.h"
#include "migrationoperation_p.h"
#include "migrationplanner_p.h"
#include "relations_p.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QtTest>

using Quarry::Database;
using namespace Quarry::Private;

namespace {

const Database::Backend allBackends[] = {Database::Backend::SQLite, Database::Backend::PostgreSQL,
                                         Database::Backend::MySQL};

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

// A schema of two tables, t (id, a INTEGER indexed, b string NULL DEFAULT 'x') and p (id).
SchemaModel twoTables(const Dialect &dialect)
{
    TableDefinition t;
    QString problem;
    TableDefinition::fromJson(json(R"json({"table": "t", "columns": [
        {"name": "id", "type": "int64", "primary_key": true, "auto_increment": true},
        {"name": "a", "type": "int32", "index": true},
        {"name": "b", "type": "string", "max_length": 20, "null": true, "default": "x"}]})json"),
                              &t, &problem);
    TableDefinition p;
    TableDefinition::fromJson(json(R"json({"table": "p", "columns": [
        {"name": "id", "type": "int64", "primary_key": true, "auto_increment": true}]})json"),
                              &p, &problem);
    return SchemaModel({t.expectedSchema(dialect), p.expectedSchema(dialect)});
}

QStringList planned(Database::Backend backend, const char *operationJson)
{
    const Dialect &dialect = *Dialect::forBackend(backend);
    Operation operation;
    QString problem;
    if (!Operation::fromJson(json(operationJson), dialect, &operation, &problem))
        return {QStringLiteral("error: ") + problem};
    MigrationPlanner planner(dialect, twoTables(dialect));
    QList<PlannedStep> steps;
    if (!planner.plan(operation, &steps, &problem))
        return {QStringLiteral("error: ") + problem};
    QStringList sql;
    for (const PlannedStep &step : steps)
        sql << step.sql;
    return sql;
}

} // namespace

class tst_MigrationSql : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createTableOfAMigrationIsCreateAllsDdl();
    void rendersEachOperation_data();
    void rendersEachOperation();
    void rebuildsSqliteTablesKeepingRows();
    void writesAndReadsOperations_data();
    void writesAndReadsOperations();
    void invertsOperations();
    void recordsTheChecksumOfTheBytes();
};

void tst_MigrationSql::createTableOfAMigrationIsCreateAllsDdl()
{
    Database db = Database::open(QStringLiteral("sqlite://"));
    QVERIFY((db.registerEntities<Everything, Parent, AuthorV2, BookV2, TagV2, ReviewV2>()));
    const EntityResolver resolve = [&db](const QString &name) { return db.entity(name); };
    for (Database::Backend backend : allBackends) {
        const Dialect &dialect = *Dialect::forBackend(backend);
        for (const Quarry::EntityInfo *entity : db.entities()) {
            const TableDefinition table = TableDefinition::fromEntity(*entity, db);
            QCOMPARE(table.createStatements(dialect, true), dialect.createTable(*entity, resolve));
            // And the definition survives its JSON.
            QJsonObject written{{QStringLiteral("table"), table.name}};
            table.writeJson(&written);
            TableDefinition read;
            QString problem;
            QVERIFY2(TableDefinition::fromJson(written, &read, &problem), qPrintable(problem));
            QCOMPARE(read.createStatements(dialect, true), dialect.createTable(*entity, resolve));
        }
        const Quarry::RelationInfo *tags = db.entity<BookV2>()->relation(QStringLiteral("tags"));
        QVERIFY(tags);
        const AssociationTable association{tags->through(), tags->ownerColumn(),
                                           db.entity<BookV2>(), tags->targetColumn(),
                                           db.entity<TagV2>()};
        QCOMPARE(TableDefinition::fromAssociation(association).createStatements(dialect, true),
                 dialect.createAssociationTable(association.name, association.ownerColumn,
                                                *association.owner, association.targetColumn,
                                                *association.target));
    }
}

void tst_MigrationSql::rendersEachOperation_data()
{
    QTest::addColumn<int>("backend");
    QTest::addColumn<QByteArray>("operation");
    QTest::addColumn<QStringList>("sql");
    auto row = [](const char *name, Database::Backend backend, const char *operation,
                  const QStringList &sql) {
        QTest::newRow(name) << int(backend) << QByteArray(operation) << sql;
    };
    using B = Database::Backend;
    const char *addColumn = R"json({"op": "addColumn", "table": "t",
        "column": {"name": "c", "type": "string", "max_length": 10, "null": true, "unique": true}})json";
    row("addColumn/sqlite", B::SQLite, addColumn,
        {R"(ALTER TABLE "t" ADD COLUMN "c" TEXT)", R"(CREATE UNIQUE INDEX "uq_t_c" ON "t" ("c"))"});
    row("addColumn/postgresql", B::PostgreSQL, addColumn,
        {R"(ALTER TABLE "t" ADD COLUMN "c" VARCHAR(10))", R"(CREATE UNIQUE INDEX "uq_t_c" ON "t" ("c"))"});
    row("addColumn/mysql", B::MySQL, addColumn,
        {"ALTER TABLE `t` ADD COLUMN `c` VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
         "CREATE UNIQUE INDEX `uq_t_c` ON `t` (`c`)"});

    const char *addDefault = R"json({"op": "addColumn", "table": "t",
        "column": {"name": "n", "type": "bool", "default": true}})json";
    row("addColumn default/sqlite", B::SQLite, addDefault,
        {R"(ALTER TABLE "t" ADD COLUMN "n" INTEGER NOT NULL DEFAULT 1)"});
    row("addColumn default/postgresql", B::PostgreSQL, addDefault,
        {R"(ALTER TABLE "t" ADD COLUMN "n" BOOLEAN NOT NULL DEFAULT TRUE)"});

    const char *addKey = R"json({"op": "addColumn", "table": "t", "column": {"name": "p_id",
        "type": "int64", "null": true, "references": {"table": "p", "column": "id", "on_delete": "set_null"}}})json";
    row("addColumn key/postgresql", B::PostgreSQL, addKey,
        {R"(ALTER TABLE "t" ADD COLUMN "p_id" BIGINT)",
         R"(ALTER TABLE "t" ADD CONSTRAINT "fk_t_p_id" FOREIGN KEY ("p_id") REFERENCES "p" ("id") ON DELETE SET NULL)"});

    const char *rename = R"json({"op": "renameColumn", "table": "t", "from": "a", "to": "z"})json";
    row("renameColumn/sqlite", B::SQLite, rename, {R"(ALTER TABLE "t" RENAME COLUMN "a" TO "z")"});
    row("renameColumn/mysql", B::MySQL, rename, {"ALTER TABLE `t` RENAME COLUMN `a` TO `z`"});

    const char *toText = R"json({"op": "alterColumn", "table": "t", "column": "a",
        "from": {"type": "int32"}, "to": {"type": "string", "max_length": 20}})json";
    row("alterColumn type/postgresql", B::PostgreSQL, toText,
        {R"(ALTER TABLE "t" ALTER COLUMN "a" TYPE VARCHAR(20) USING CAST("a" AS VARCHAR(20)))"});
    row("alterColumn type/mysql", B::MySQL, toText,
        {"ALTER TABLE `t` MODIFY COLUMN `a` VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL"});

    const char *notNull = R"json({"op": "alterColumn", "table": "t", "column": "b",
        "from": {"type": "string", "max_length": 20, "null": true, "default": "x"},
        "to": {"type": "string", "max_length": 20, "default": "y"}})json";
    row("alterColumn not null/postgresql", B::PostgreSQL, notNull,
        {R"(UPDATE "t" SET "b" = 'y' WHERE "b" IS NULL)",
         R"(ALTER TABLE "t" ALTER COLUMN "b" DROP DEFAULT)",
         R"(ALTER TABLE "t" ALTER COLUMN "b" SET DEFAULT 'y')",
         R"(ALTER TABLE "t" ALTER COLUMN "b" SET NOT NULL)"});
    row("alterColumn not null/mysql", B::MySQL, notNull,
        {"UPDATE `t` SET `b` = 'y' WHERE `b` IS NULL",
         "ALTER TABLE `t` MODIFY COLUMN `b` VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT 'y'"});

    const char *dropColumn = R"json({"op": "dropColumn", "table": "t", "column": "b"})json";
    row("dropColumn/postgresql", B::PostgreSQL, dropColumn, {R"(ALTER TABLE "t" DROP COLUMN "b")"});
    row("dropColumn/mysql", B::MySQL, dropColumn, {"ALTER TABLE `t` DROP COLUMN `b`"});

    const char *createIndex = R"json({"op": "createIndex", "table": "t", "columns": ["a", "b"]})json";
    row("createIndex/sqlite", B::SQLite, createIndex, {R"(CREATE INDEX "ix_t_a_b" ON "t" ("a", "b"))"});
    const char *dropIndex = R"json({"op": "dropIndex", "table": "t", "name": "ix_t_a"})json";
    row("dropIndex/sqlite", B::SQLite, dropIndex, {R"(DROP INDEX "ix_t_a")"});
    row("dropIndex/postgresql", B::PostgreSQL, dropIndex,
        {R"(DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'ix_t_a' AND conrelid = '"t"'::regclass) THEN ALTER TABLE "t" DROP CONSTRAINT "ix_t_a"; ELSE DROP INDEX "ix_t_a"; END IF; END $$)"});
    row("dropIndex/mysql", B::MySQL, dropIndex, {"DROP INDEX `ix_t_a` ON `t`"});
    const char *dropMissing = R"json({"op": "dropIndex", "table": "t", "name": "uq_t_b"})json";
    row("dropIndex missing/postgresql", B::PostgreSQL, dropMissing,
        {"error: table t has no index uq_t_b"});
    const char *dropForeignKey = R"json({"op": "dropForeignKey", "table": "t", "name": "fk_t_a"})json";
    row("dropForeignKey missing/mysql", B::MySQL, dropForeignKey,
        {"error: table t has no foreign key fk_t_a"});

    const char *addForeignKey = R"json({"op": "addForeignKey", "table": "t", "columns": ["a"],
        "references": {"table": "p", "columns": ["id"]}, "on_delete": "cascade"})json";
    row("addForeignKey/mysql", B::MySQL, addForeignKey,
        {"ALTER TABLE `t` ADD CONSTRAINT `fk_t_a` FOREIGN KEY (`a`) REFERENCES `p` (`id`) ON DELETE CASCADE"});

    const char *renameTable = R"json({"op": "renameTable", "from": "t", "to": "u"})json";
    row("renameTable/postgresql", B::PostgreSQL, renameTable, {R"(ALTER TABLE "t" RENAME TO "u")"});
    row("renameTable/mysql", B::MySQL, renameTable, {"RENAME TABLE `t` TO `u`"});

    const char *dropTable = R"json({"op": "dropTable", "table": "p"})json";
    row("dropTable/sqlite", B::SQLite, dropTable, {R"(DROP TABLE "p")"});

    const char *sql = R"json({"op": "sql", "sql": "UPDATE t SET a = 1",
        "postgresql": ["UPDATE t SET a = 2", "UPDATE t SET a = 3"], "reverse": {}})json";
    row("sql/sqlite", B::SQLite, sql, {"UPDATE t SET a = 1"});
    row("sql/postgresql", B::PostgreSQL, sql, {"UPDATE t SET a = 2", "UPDATE t SET a = 3"});

    const char *key = R"json({"op": "alterColumn", "table": "t", "column": "id",
        "from": {"type": "int64"}, "to": {"type": "int32"}})json";
    row("alterColumn key/mysql", B::MySQL, key,
        {"error: t.id is a primary key column, which alterColumn does not change; use an sql step"});
}

void tst_MigrationSql::rendersEachOperation()
{
    QFETCH(int, backend);
    QFETCH(QByteArray, operation);
    QFETCH(QStringList, sql);
    QCOMPARE(planned(Database::Backend(backend), operation.constData()), sql);
}

void tst_MigrationSql::rebuildsSqliteTablesKeepingRows()
{
    // Changing the type of t.a: SQLite's ALTER TABLE cannot, so the table is rebuilt.
    const QStringList sql = planned(Database::Backend::SQLite, R"json({"op": "alterColumn",
        "table": "t", "column": "a", "from": {"type": "int32"}, "to": {"type": "string"}})json");
    QCOMPARE(sql, (QStringList{
        R"(CREATE TABLE "quarry_new_t" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "a" TEXT NOT NULL, "b" TEXT DEFAULT 'x'))",
        R"(INSERT INTO "quarry_new_t" ("id", "a", "b") SELECT "id", CAST("a" AS TEXT), "b" FROM "t")",
        R"(DELETE FROM sqlite_sequence WHERE name = 'quarry_new_t')",
        R"(INSERT INTO sqlite_sequence (name, seq) SELECT 'quarry_new_t', seq FROM sqlite_sequence WHERE name = 't')",
        R"(DROP TABLE "t")",
        R"(PRAGMA legacy_alter_table = ON)",
        R"(ALTER TABLE "quarry_new_t" RENAME TO "t")",
        R"(PRAGMA legacy_alter_table = OFF)",
        R"(CREATE INDEX "ix_t_a" ON "t" ("a"))",
    }));

    // A foreign key added to t: rebuilt with the key, indexes recreated after.
    const QStringList withKey = planned(Database::Backend::SQLite, R"json({"op": "addColumn",
        "table": "t", "column": {"name": "p_id", "type": "int64", "index": true,
        "references": {"table": "p", "column": "id", "on_delete": "cascade"}, "default": 0}})json");
    QCOMPARE(withKey.first(),
             QStringLiteral(R"(CREATE TABLE "quarry_new_t" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "a" INTEGER NOT NULL, "b" TEXT DEFAULT 'x', "p_id" INTEGER NOT NULL DEFAULT 0, CONSTRAINT "fk_t_p_id" FOREIGN KEY ("p_id") REFERENCES "p" ("id") ON DELETE CASCADE))"));
    QCOMPARE(withKey.at(1), QStringLiteral(R"(INSERT INTO "quarry_new_t" ("id", "a", "b") SELECT "id", "a", "b" FROM "t")"));
    QCOMPARE(withKey.last(), QStringLiteral(R"(CREATE INDEX "ix_t_p_id" ON "t" ("p_id"))"));
}

void tst_MigrationSql::writesAndReadsOperations_data()
{
    QTest::addColumn<QByteArray>("operation");
    QTest::newRow("createTable") << QByteArray(R"json({"op": "createTable", "table": "t",
        "columns": [{"name": "a", "type": "int32"}, {"name": "b", "type": "int32"}],
        "primary_key": ["a", "b"], "indexes": [{"name": "ix", "columns": ["b"], "unique": false}],
        "foreign_keys": [{"name": "fk", "columns": ["b"], "references": {"table": "p", "columns": ["id"]}, "on_delete": "restrict"}]})json");
    QTest::newRow("addColumn every option") << QByteArray(R"json({"op": "addColumn", "table": "t",
        "column": {"name": "c", "type": "datetime", "null": true, "default": "2020-01-02T03:04:05.006Z",
        "index": true, "references": {"table": "p", "column": "id", "on_delete": "set_null"}}})json");
    QTest::newRow("addColumn json default") << QByteArray(R"json({"op": "addColumn", "table": "t",
        "column": {"name": "c", "type": "json-object", "default": {"a": [1, 2]}}})json");
    QTest::newRow("addColumn bytes default") << QByteArray(R"json({"op": "addColumn", "table": "t",
        "column": {"name": "c", "type": "bytes", "default": "00ff"}})json");
    QTest::newRow("addColumn big default") << QByteArray(R"json({"op": "addColumn", "table": "t",
        "column": {"name": "c", "type": "int64", "default": "9007199254740993"}})json");
    QTest::newRow("alterColumn") << QByteArray(R"json({"op": "alterColumn", "table": "t",
        "column": "c", "from": {"type": "int32"}, "to": {"type": "string", "max_length": 5}})json");
    QTest::newRow("dropIndex") << QByteArray(R"json({"op": "dropIndex", "table": "t",
        "name": "uq", "columns": ["a"], "unique": true})json");
    QTest::newRow("sql") << QByteArray(R"json({"op": "sql", "sql": "A", "mysql": ["B", "C"],
        "reverse": {"sql": "D"}})json");
    QTest::newRow("renameTable") << QByteArray(R"json({"op": "renameTable", "from": "a", "to": "b"})json");
}

void tst_MigrationSql::writesAndReadsOperations()
{
    QFETCH(QByteArray, operation);
    const Dialect &dialect = *Dialect::forBackend(Database::Backend::PostgreSQL);
    const QJsonObject original = json(operation.constData());
    Operation read;
    QString problem;
    QVERIFY2(Operation::fromJson(original, dialect, &read, &problem), qPrintable(problem));
    QCOMPARE(read.toJson(), original);
}

void tst_MigrationSql::invertsOperations()
{
    const Dialect &dialect = *Dialect::forBackend(Database::Backend::SQLite);
    auto inverse = [&](const char *text) {
        Operation operation;
        Operation reverse;
        QString problem;
        if (!Operation::fromJson(json(text), dialect, &operation, &problem) ||
            !operation.inverse(&reverse, &problem))
            return QJsonObject{{QStringLiteral("problem"), problem}};
        return reverse.toJson();
    };
    QCOMPARE(inverse(R"json({"op": "addColumn", "table": "t", "column": {"name": "c", "type": "int32"}})json"),
             json(R"json({"op": "dropColumn", "table": "t", "column": {"name": "c", "type": "int32"}})json"));
    QCOMPARE(inverse(R"json({"op": "renameColumn", "table": "t", "from": "a", "to": "b"})json"),
             json(R"json({"op": "renameColumn", "table": "t", "from": "b", "to": "a"})json"));
    QCOMPARE(inverse(R"json({"op": "renameTable", "from": "a", "to": "b"})json"),
             json(R"json({"op": "renameTable", "from": "b", "to": "a"})json"));
    QCOMPARE(inverse(R"json({"op": "alterColumn", "table": "t", "column": "c",
                              "from": {"type": "int32"}, "to": {"type": "int64"}})json"),
             json(R"json({"op": "alterColumn", "table": "t", "column": "c",
                          "from": {"type": "int64"}, "to": {"type": "int32"}})json"));
    QCOMPARE(inverse(R"json({"op": "createIndex", "table": "t", "columns": ["c"], "unique": true})json"),
             json(R"json({"op": "dropIndex", "table": "t", "name": "uq_t_c", "columns": ["c"], "unique": true})json"));
    QCOMPARE(inverse(R"json({"op": "sql", "sql": "A", "reverse": {"sql": "B"}})json"),
             json(R"json({"op": "sql", "sql": "B", "reverse": {"sql": "A"}})json"));
    // What cannot be undone says why.
    QCOMPARE(inverse(R"json({"op": "dropColumn", "table": "t", "column": "c"})json")
                 .value(QLatin1String("problem")).toString(),
             QStringLiteral("dropColumn t.c cannot be reversed: it does not record the column's definition"));
    QCOMPARE(inverse(R"json({"op": "sql", "sql": "A"})json").value(QLatin1String("problem")).toString(),
             QStringLiteral("sql cannot be reversed: it has no \"reverse\""));
    QCOMPARE(inverse(R"json({"op": "dropTable", "table": "t"})json").value(QLatin1String("problem")).toString(),
             QStringLiteral("dropTable t cannot be reversed: it does not record the table's columns"));
}

void tst_MigrationSql::recordsTheChecksumOfTheBytes()
{
    const QByteArray bytes = R"json({"id": "0001_a", "operations": []})json";
    const Quarry::Migration migration = Quarry::Migration::fromJson(bytes, QStringLiteral("x/0001_a.json"));
    QVERIFY2(migration.isValid(), qPrintable(migration.error().toString()));
    QCOMPARE(migration.checksum(),
             QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
    QCOMPARE(Quarry::Migration::fromJson(bytes + ' ', QStringLiteral("0001_a.json")).checksum() ==
                 migration.checksum(),
             false);
    const Quarry::Migration created =
        Quarry::Migration::create(QStringLiteral("0002_b"), QStringLiteral("b"), {});
    QVERIFY(created.isValid());
    QCOMPARE(Quarry::Migration::fromJson(created.bytes(), QStringLiteral("0002_b.json")).checksum(),
             created.checksum());
}

QTEST_GUILESS_MAIN(tst_MigrationSql)
#include "tst_migrationsql.moc"
