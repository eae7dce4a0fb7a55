// The Proof of issue 6, on every backend: a table of 10,000 rows evolves through eight
// migrations (loaded from a Qt resource) — a column added with a default, a column made
// NOT NULL, a column renamed, its type changed from integer to text and back, a unique
// index, a column dropped — with every row checked after each step; a step that fails
// (a duplicate under the new unique index) leaves the database and quarry_migrations
// consistent, and on MariaDB the next upgrade resumes at the failed step; then every
// migration is reverted, one at a time, checking every row again.
// (Autogenerate on a changed entity is proven in tst_schemadiff.)

#include "quarrytest.h"

#include <quarry/migrator.h>
#include <quarry/schema.h>

#include <QtTest>

namespace {

constexpr int rowCount = 10000;

// What the table holds after the migrations applied so far.
struct Expected {
    QString numberColumn = QStringLiteral("code");
    bool status = false;      // 0002
    bool namesFilled = false; // 0003 ran once: NULL names became 'unnamed' (and stay so)
    bool nameNotNull = false; // 0003
    bool numberText = false;  // 0005
    bool flag = false;        // 0007
    bool legacy = true;       // until 0008
    bool legacyZero = false;  // 0008 reverted: legacy came back with its default
};

QString expectedName(int id, const Expected &expected)
{
    if (id % 10 == 0)
        return expected.namesFilled ? QStringLiteral("unnamed") : QString();
    return QStringLiteral("item-%1").arg(id);
}

// Every row of items, and the columns' shape; empty when all is as expected.
QString checkTable(Quarry::Database &db, const Expected &expected)
{
    const Quarry::Schema schema = db.schema();
    const Quarry::TableSchema *table = schema.table(QStringLiteral("items"));
    if (!table)
        return QStringLiteral("no table items");
    QStringList columns{QStringLiteral("id"), expected.numberColumn, QStringLiteral("name")};
    if (expected.status)
        columns << QStringLiteral("status");
    if (expected.flag)
        columns << QStringLiteral("flag");
    if (expected.legacy)
        columns << QStringLiteral("legacy");
    QStringList actual;
    for (const Quarry::ColumnSchema &column : table->columns)
        actual << column.name;
    if (QSet<QString>(actual.begin(), actual.end()) != QSet<QString>(columns.begin(), columns.end()))
        return QStringLiteral("columns %1, expected %2").arg(actual.join(QLatin1Char(',')),
                                                             columns.join(QLatin1Char(',')));
    if (table->column(QStringLiteral("name"))->nullable == expected.nameNotNull)
        return QStringLiteral("name is %1").arg(expected.nameNotNull ? "nullable" : "NOT NULL");
    const QString numberType = table->column(expected.numberColumn)->type;
    if (numberType.contains(QLatin1String("INT")) == expected.numberText)
        return QStringLiteral("number has type %1").arg(numberType);

    QSqlQuery query(db.connection());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT %1 FROM items WHERE id <= %2 ORDER BY id")
                        .arg(columns.join(QLatin1String(", ")))
                        .arg(rowCount)))
        return query.lastError().text();
    int id = 0;
    while (query.next()) {
        ++id;
        auto fail = [&](const QString &what) {
            return QStringLiteral("row %1: %2 (row: %3, %4, %5)")
                .arg(id)
                .arg(what, query.value(0).toString(), query.value(1).toString(),
                     query.value(2).toString());
        };
        if (query.value(0).toInt() != id)
            return fail(QStringLiteral("id"));
        if (query.value(1).toString() != QString::number(id))
            return fail(QStringLiteral("number"));
        const QString name = expectedName(id, expected);
        if (query.value(2).isNull() != name.isNull() ||
            (!name.isNull() && query.value(2).toString() != name))
            return fail(QStringLiteral("name"));
        int column = 3;
        if (expected.status && query.value(column++).toString() != QLatin1String("new"))
            return fail(QStringLiteral("status"));
        if (expected.flag && query.value(column++).toInt() != 0)
            return fail(QStringLiteral("flag"));
        if (expected.legacy &&
            query.value(column++).toInt() != (expected.legacyZero ? 0 : 2 * id))
            return fail(QStringLiteral("legacy"));
    }
    if (id != rowCount)
        return QStringLiteral("%1 rows, expected %2").arg(id).arg(rowCount);
    return {};
}

bool insertRows(Quarry::Database &db, QString *error)
{
    QSqlDatabase connection = db.connection();
    if (!connection.transaction()) {
        *error = connection.lastError().text();
        return false;
    }
    constexpr int batch = 500;
    QStringList placeholders;
    for (int i = 0; i < batch; ++i)
        placeholders << QStringLiteral("(?, ?, ?, ?)");
    QSqlQuery query(connection);
    if (!query.prepare(QStringLiteral("INSERT INTO items (id, code, name, legacy) VALUES ") +
                       placeholders.join(QLatin1String(", ")))) {
        *error = query.lastError().text();
        return false;
    }
    for (int first = 1; first <= rowCount; first += batch) {
        int index = 0;
        for (int id = first; id < first + batch; ++id) {
            query.bindValue(index++, id);
            query.bindValue(index++, id);
            query.bindValue(index++, id % 10 == 0 ? QVariant(QMetaType::fromType<QString>())
                                                  : QVariant(QStringLiteral("item-%1").arg(id)));
            query.bindValue(index++, 2 * id);
        }
        if (!query.exec()) {
            *error = query.lastError().text();
            connection.rollback();
            return false;
        }
    }
    if (!connection.commit()) {
        *error = connection.lastError().text();
        return false;
    }
    return true;
}

Quarry::MigrationStatus statusOf(Quarry::Migrator &migrator, const QString &id)
{
    for (const Quarry::MigrationStatus &status : migrator.status()) {
        if (status.id == id)
            return status;
    }
    return {};
}

qint64 recordCount(Quarry::Database &db)
{
    QSqlQuery query(db.connection());
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM quarry_migrations")) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

} // namespace

#define CHECK_TABLE(db, expected)                                                             \
    do {                                                                                      \
        const QString problem = checkTable(db, expected);                                     \
        QVERIFY2(problem.isEmpty(), qPrintable(problem));                                     \
    } while (false)

class tst_MigrationProof : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void evolvesTenThousandRowsThroughEightMigrationsAndBack_data()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }
    void evolvesTenThousandRowsThroughEightMigrationsAndBack();
};

void tst_MigrationProof::evolvesTenThousandRowsThroughEightMigrationsAndBack()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(db.isValid(), db);
    const bool stepwise = db.backend() == Quarry::Database::Backend::MySQL;

    // Given the migrations of a Qt resource and a table of 10,000 rows
    Quarry::Migrator migrator(db, QStringLiteral(":/proof"));
    QUARRY_VERIFY(migrator.lastError().kind() == Quarry::Error::NoError, migrator);
    QCOMPARE(migrator.migrations().size(), 8);
    QUARRY_VERIFY(migrator.upgrade(QStringLiteral("0001_create_items")), migrator);
    QString error;
    QVERIFY2(insertRows(db, &error), qPrintable(error));
    Expected expected;
    CHECK_TABLE(db, expected);

    // When each migration runs, then every row is as the migrations say
    QUARRY_VERIFY(migrator.upgrade(QStringLiteral("0002_add_status")), migrator);
    expected.status = true;
    CHECK_TABLE(db, expected);

    QUARRY_VERIFY(migrator.upgrade(QStringLiteral("0003_name_not_null")), migrator);
    expected.namesFilled = expected.nameNotNull = true;
    CHECK_TABLE(db, expected);
    QVERIFY(!db.execute(QStringLiteral("INSERT INTO items (id, code, name) VALUES (?, ?, ?)"),
                        {20000, 20000, QVariant(QMetaType::fromType<QString>())}));
    QCOMPARE(db.lastError().kind(), Quarry::Error::NotNullViolation);

    QUARRY_VERIFY(migrator.upgrade(QStringLiteral("0004_rename_code")), migrator);
    expected.numberColumn = QStringLiteral("number");
    CHECK_TABLE(db, expected);

    QUARRY_VERIFY(migrator.upgrade(QStringLiteral("0005_number_as_text")), migrator);
    expected.numberText = true;
    CHECK_TABLE(db, expected);

    QUARRY_VERIFY(migrator.upgrade(QStringLiteral("0006_number_as_integer")), migrator);
    expected.numberText = false;
    CHECK_TABLE(db, expected);

    // Given a duplicate number, when the unique index is added, then the step fails and
    // the database and quarry_migrations agree about what happened
    QUARRY_VERIFY(db.execute(QStringLiteral("INSERT INTO items (id, number, name) VALUES (?, ?, ?)"),
                             {rowCount + 1, 5, QStringLiteral("duplicate")}),
                  db);
    QVERIFY(!migrator.upgrade(QStringLiteral("0007_unique_number")));
    QCOMPARE(migrator.lastError().kind(), Quarry::Error::UniqueViolation);
    QVERIFY2(migrator.lastError().message().contains(QLatin1String("step 2 of 2")),
             qPrintable(migrator.lastError().message()));
    const Quarry::MigrationStatus failed = statusOf(migrator, QStringLiteral("0007_unique_number"));
    if (stepwise) {
        // MariaDB committed the first step: recorded as partial, naming the failed step
        QCOMPARE(failed.state, Quarry::MigrationStatus::Partial);
        QCOMPARE(failed.stepsDone, 1);
        QCOMPARE(failed.stepCount, 2);
        QVERIFY2(failed.failedStep.startsWith(QLatin1String("createIndex uq_items_number")),
                 qPrintable(failed.failedStep));
        QVERIFY(failed.error.contains(QLatin1String("Duplicate")));
        QCOMPARE(recordCount(db), 7);
        expected.flag = true;
    } else {
        // SQLite and PostgreSQL rolled all of it back
        QCOMPARE(failed.state, Quarry::MigrationStatus::Pending);
        QCOMPARE(recordCount(db), 6);
    }
    CHECK_TABLE(db, expected);
    QCOMPARE(migrator.pending().size(), 2);

    // When the cause is removed, then the next upgrade finishes (MariaDB: from step 2)
    QStringList progress;
    migrator.setProgressHandler([&](const QString &line) { progress << line; });
    QUARRY_VERIFY(db.execute(QStringLiteral("DELETE FROM items WHERE id = ?"), {rowCount + 1}), db);
    QUARRY_VERIFY(migrator.upgrade(QStringLiteral("0007_unique_number")), migrator);
    QCOMPARE(progress.first().contains(QLatin1String("resuming")), stepwise);
    expected.flag = true;
    CHECK_TABLE(db, expected);
    QCOMPARE(statusOf(migrator, QStringLiteral("0007_unique_number")).state,
             Quarry::MigrationStatus::Applied);
    QVERIFY(!db.execute(QStringLiteral("INSERT INTO items (id, number, name) VALUES (?, ?, ?)"),
                        {rowCount + 1, 5, QStringLiteral("duplicate")}));
    QCOMPARE(db.lastError().kind(), Quarry::Error::UniqueViolation);

    QUARRY_VERIFY(migrator.upgrade(), migrator);
    expected.legacy = false;
    CHECK_TABLE(db, expected);
    QVERIFY(migrator.pending().isEmpty());
    QCOMPARE(recordCount(db), 8);

    // When every migration is reverted, newest first, then the rows follow back
    QUARRY_VERIFY(migrator.downgrade(), migrator); // 0008
    expected.legacy = expected.legacyZero = true;
    CHECK_TABLE(db, expected);
    QUARRY_VERIFY(migrator.downgrade(), migrator); // 0007
    expected.flag = false;
    CHECK_TABLE(db, expected);
    QUARRY_VERIFY(db.execute(QStringLiteral("INSERT INTO items (id, number, name) VALUES (?, ?, ?)"),
                             {rowCount + 1, 5, QStringLiteral("duplicate")}),
                  db); // the unique index is gone
    QUARRY_VERIFY(db.execute(QStringLiteral("DELETE FROM items WHERE id = ?"), {rowCount + 1}), db);
    QUARRY_VERIFY(migrator.downgrade(), migrator); // 0006
    expected.numberText = true;
    CHECK_TABLE(db, expected);
    QUARRY_VERIFY(migrator.downgrade(), migrator); // 0005
    expected.numberText = false;
    CHECK_TABLE(db, expected);
    QUARRY_VERIFY(migrator.downgrade(), migrator); // 0004
    expected.numberColumn = QStringLiteral("code");
    CHECK_TABLE(db, expected);
    QUARRY_VERIFY(migrator.downgrade(), migrator); // 0003
    expected.nameNotNull = false;
    CHECK_TABLE(db, expected);
    QUARRY_VERIFY(migrator.downgrade(), migrator); // 0002
    expected.status = false;
    CHECK_TABLE(db, expected);
    QUARRY_VERIFY(migrator.downgrade(), migrator); // 0001
    QVERIFY(!db.schema().table(QStringLiteral("items")));
    QCOMPARE(recordCount(db), 0);
    QCOMPARE(migrator.pending().size(), 8);
}

QTEST_GUILESS_MAIN(tst_MigrationProof)
#include "tst_migrationproof.moc"
