// Reflection: tables no class maps become entities whose objects are Quarry::Record, and
// sessions and queries work on them as on any entity (the browser's data layer).

#include "quarrytest.h"

#include <quarry/record.h>
#include <quarry/session.h>

#include <QtTest>

class tst_Reflection : public QObject
{
    Q_OBJECT

    static void backends()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }
    // Tables made by hand, as another application would have made them.
    static bool createTables(Quarry::Database &db)
    {
        const bool mysql = db.backend() == Quarry::Database::Backend::MySQL;
        const bool sqlite = db.backend() == Quarry::Database::Backend::SQLite;
        const QString key = sqlite ? QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT")
                            : mysql ? QStringLiteral("BIGINT AUTO_INCREMENT PRIMARY KEY")
                                    : QStringLiteral("BIGSERIAL PRIMARY KEY");
        const QString text = mysql ? QStringLiteral("VARCHAR(100)") : QStringLiteral("TEXT");
        return db.execute(QStringLiteral("CREATE TABLE customers (id %1, name %2 NOT NULL, "
                                         "vip BOOLEAN NOT NULL, balance DOUBLE PRECISION)")
                              .arg(key, text))
            && db.execute(QStringLiteral("CREATE TABLE orders (id %1, customer_id BIGINT NOT NULL "
                                         "REFERENCES customers (id) ON DELETE CASCADE, total "
                                         "INTEGER NOT NULL)")
                              .arg(key))
            && db.execute(QStringLiteral("CREATE TABLE keyless (a INTEGER, b INTEGER)"))
            && db.execute(QStringLiteral("INSERT INTO customers (name, vip, balance) VALUES "
                                         "('ann', TRUE, 10.5), ('bob', FALSE, NULL)"))
            && db.execute(QStringLiteral("INSERT INTO orders (customer_id, total) VALUES (1, 5), "
                                         "(1, 7), (2, 11)"));
    }

private Q_SLOTS:
    void reflectsTheLiveSchema_data() { backends(); }
    void reflectsTheLiveSchema();
    void sessionsWorkOnRecords_data() { backends(); }
    void sessionsWorkOnRecords();
};

void tst_Reflection::reflectsTheLiveSchema()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(db.isValid(), db);
    QUARRY_VERIFY(createTables(db), db);

    QStringList skipped;
    QUARRY_VERIFY(db.reflect(&skipped), db);
    QCOMPARE(skipped, QStringList{QStringLiteral("keyless")}); // no one-column key

    const Quarry::EntityInfo *customers = db.entity(QStringLiteral("customers"));
    QVERIFY(customers);
    QVERIFY(customers->isReflected());
    QCOMPARE(customers->className(), QStringLiteral("customers"));
    QCOMPARE(customers->primaryKey().name(), QStringLiteral("id"));
    QVERIFY(customers->primaryKey().isAutoIncrement());
    QCOMPARE(customers->property(QStringLiteral("name"))->storage(), Quarry::PropertyInfo::Storage::String);
    QVERIFY(!customers->property(QStringLiteral("name"))->isNullable());
    QCOMPARE(customers->property(QStringLiteral("vip"))->storage(), Quarry::PropertyInfo::Storage::Bool);
    QCOMPARE(customers->property(QStringLiteral("balance"))->storage(), Quarry::PropertyInfo::Storage::Double);
    QVERIFY(customers->property(QStringLiteral("balance"))->isNullable());
    const Quarry::EntityInfo *orders = db.entity(QStringLiteral("orders"));
    QCOMPARE(orders->property(QStringLiteral("customer_id"))->references(), QStringLiteral("customers"));
    QCOMPARE(orders->property(QStringLiteral("customer_id"))->onDelete(),
             Quarry::PropertyInfo::OnDelete::Cascade);
    QUARRY_VERIFY(db.reflect(), db); // again: nothing new, nothing doubled
    QCOMPARE(db.entities().size(), 2);
}

void tst_Reflection::sessionsWorkOnRecords()
{
    QUARRY_FRESH_URL(freshUrl);
    Quarry::Database db = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(createTables(db), db);
    QUARRY_VERIFY(db.reflect(), db);
    Quarry::Session session(db);

    // Given the reflected tables, queries return Records with typed values...
    const auto customers = session.query(QStringLiteral("customers"));
    QCOMPARE(customers.count(), qint64(2));
    auto *ann = qobject_cast<Quarry::Record *>(
        session.query(QStringLiteral("customers"))
            .where(Quarry::Field(QStringLiteral("name")) == QStringLiteral("ann"))
            .one());
    QVERIFY(ann);
    QCOMPARE(ann->value(QStringLiteral("name")), QVariant(QStringLiteral("ann")));
    QCOMPARE(ann->value(QStringLiteral("vip")), QVariant(true));
    QCOMPARE(ann->value(QStringLiteral("balance")).toDouble(), 10.5);
    const QList<QObject *> big = session.query(QStringLiteral("orders")).all();
    QCOMPARE(big.size(), 3);

    // ...edits go through the session, writing only what changed...
    QVERIFY(ann->setValue(QStringLiteral("balance"), 20.25));
    QVERIFY(session.isDirty(ann));
    auto *carol = new Quarry::Record(db.entity(QStringLiteral("customers")));
    carol->setValue(QStringLiteral("name"), QStringLiteral("carol"));
    carol->setValue(QStringLiteral("vip"), false);
    QVERIFY(session.add(carol));
    QUARRY_VERIFY(session.commit(), session);
    QVERIFY(carol->value(QStringLiteral("id")).toLongLong() > 2);

    Quarry::Session reader(db);
    auto *stored = qobject_cast<Quarry::Record *>(reader.get(db.entity(QStringLiteral("customers")), 1));
    QVERIFY2(stored, qPrintable(reader.lastError().toString()));
    QCOMPARE(stored->value(QStringLiteral("balance")).toDouble(), 20.25);
    const QList<QVariantList> balances =
        reader.query(QStringLiteral("customers"))
            .orderBy(QStringLiteral("id"))
            .values(QList<Quarry::Field>{Quarry::Field(QStringLiteral("name")),
                                         Quarry::Field(QStringLiteral("balance"))});
    QCOMPARE(balances.size(), 3);
    QCOMPARE(balances.at(0).at(1).toDouble(), 20.25);

    // ...and deleting a customer cascades in the database and in memory.
    QVERIFY(session.remove(ann));
    QUARRY_VERIFY(session.commit(), session);
    QCOMPARE(reader.query(QStringLiteral("orders")).count(), qint64(1));
    QCOMPARE(session.query(QStringLiteral("orders")).count(), qint64(1));
}

QTEST_GUILESS_MAIN(tst_Reflection)
#include "tst_reflection.moc"
