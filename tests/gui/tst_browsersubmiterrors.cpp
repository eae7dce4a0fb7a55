// SubmitErrors: a submit the database refuses, mapped back to the cell that caused it, with
// the real errors of SQLite, PostgreSQL and MariaDB (tests/servers/with-servers.sh).

#include "submiterrors.h"

#include "customer.h"
#include "demodatabase.h"
#include "order.h"
#include "quarrytest.h"

#include <quarry/querymodel.h>
#include <quarry/session.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using QuarryBrowser::SubmitErrors;
using Quarry::QueryModel;

class tst_BrowserSubmitErrors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void locatesTheColumnInMessages_data();
    void locatesTheColumnInMessages();
    void placesRealRefusalsOnTheirCell_data();
    void placesRealRefusalsOnTheirCell();
};

// Messages as the three drivers word them (QSqlError::databaseText()).
void tst_BrowserSubmitErrors::locatesTheColumnInMessages_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");

    QTest::newRow("sqlite unique") << "UNIQUE constraint failed: customers.email" << "email" << "";
    QTest::newRow("sqlite not null") << "NOT NULL constraint failed: t.c" << "c" << "";
    QTest::newRow("sqlite foreign key") << "FOREIGN KEY constraint failed" << "" << "";
    QTest::newRow("postgresql unique")
        << "ERROR:  duplicate key value violates unique constraint \"customers_email_key\"\n"
           "DETAIL:  Key (email)=(a@example.com) already exists.\n(23505)"
        << "email" << "a@example.com";
    QTest::newRow("postgresql not null")
        << "ERROR:  null value in column \"joined\" of relation \"customers\" violates not-null "
           "constraint\nDETAIL:  Failing row contains (3, x, y, z, f, null, null).\n(23502)"
        << "joined" << "";
    QTest::newRow("postgresql foreign key")
        << "ERROR:  insert or update on table \"orders\" violates foreign key constraint "
           "\"fk_orders_customerId\"\nDETAIL:  Key (\"customerId\")=(999) is not present in "
           "table \"customers\".\n(23503)"
        << "customerId" << "999";
    QTest::newRow("mariadb unique") << "Duplicate entry 'a@example.com' for key 'uq_customers_email'"
                                    << "uq_customers_email" << "a@example.com";
    QTest::newRow("mariadb unique, table-qualified key")
        << "Duplicate entry 'it''s' for key 'customers.email'" << "email" << "it''s";
    QTest::newRow("mariadb not null") << "Column 'joined' cannot be null" << "joined" << "";
    QTest::newRow("mariadb foreign key")
        << "Cannot add or update a child row: a foreign key constraint fails (`db`.`orders`, "
           "CONSTRAINT `fk` FOREIGN KEY (`customerId`) REFERENCES `customers` (`id`))"
        << "customerId" << "";
}

void tst_BrowserSubmitErrors::locatesTheColumnInMessages()
{
    QFETCH(QString, text);
    QFETCH(QString, name);
    QFETCH(QString, value);
    const Quarry::Error error(Quarry::Error::DatabaseError, text, {},
                              QSqlError(text, text, QSqlError::StatementError));
    const SubmitErrors::Culprit culprit = SubmitErrors::locate(error);
    QCOMPARE(culprit.name, name);
    QCOMPARE(culprit.value, value);
    QVERIFY(!SubmitErrors::reason(error).startsWith(QStringLiteral("ERROR")));
}

void tst_BrowserSubmitErrors::placesRealRefusalsOnTheirCell_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("refusal");
    QTest::addColumn<QString>("property"); // the cell to blame; empty: the error names none
    QTest::addColumn<int>("row");
    for (const QuarryTest::Backend &backend : QuarryTest::backends()) {
        const auto add = [&](const char *refusal, const char *property, int row) {
            QTest::newRow(qPrintable(backend.name + QLatin1Char('/') + QLatin1String(refusal)))
                << backend.url << QString::fromLatin1(refusal) << QString::fromLatin1(property) << row;
        };
        add("unique, edited row", "email", 2);
        add("unique, new row", "email", 0);
        add("not null, new row", "joined", 0);
        // SQLite says only "FOREIGN KEY constraint failed": no column to blame.
        add("foreign key, new row", backend.name == QLatin1String("sqlite") ? "" : "customerId", 0);
    }
}

void tst_BrowserSubmitErrors::placesRealRefusalsOnTheirCell()
{
    QFETCH(QString, refusal);
    QFETCH(QString, property);
    QFETCH(int, row);
    QUARRY_FRESH_URL(freshUrl);

    // Given three customers in a fresh database of the backend
    Quarry::Database db = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(db.isValid(), db);
    QUARRY_VERIFY(ShopDemo::registerEntities(db), db);
    QUARRY_VERIFY(db.createAll(), db);
    Quarry::Session session(db);
    for (int i = 1; i <= 3; ++i) {
        auto *customer = new Customer;
        customer->m_name = QStringLiteral("Customer %1").arg(i);
        customer->m_email = QStringLiteral("c%1@example.com").arg(i);
        customer->m_city = QStringLiteral("Porto");
        customer->m_joined = QDate(2024, 1, i);
        session.add(customer);
    }
    QUARRY_VERIFY(session.commit(), session);

    const bool orders = refusal.startsWith(QLatin1String("foreign key"));
    QueryModel model(&session, orders ? QStringLiteral("Order") : QStringLiteral("Customer"));
    model.setEditStrategy(QueryModel::OnManualSubmit);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(false);
    const auto set = [&model](int row, const char *name, const QVariant &value) {
        return model.setData(model.index(row, model.columnOf(QString::fromLatin1(name))), value);
    };

    // When the model's edits break a constraint
    if (refusal == QLatin1String("unique, edited row")) {
        QVERIFY(set(0, "city", QStringLiteral("Lisbon")));
        QVERIFY(set(2, "email", QStringLiteral("c1@example.com")));
    } else if (refusal == QLatin1String("unique, new row")) {
        QVERIFY(model.insertRows(0, 1));
        QVERIFY(set(0, "name", QStringLiteral("Copy")));
        QVERIFY(set(0, "email", QStringLiteral("c2@example.com")));
        QVERIFY(set(0, "joined", QDate(2024, 2, 1)));
    } else if (refusal == QLatin1String("not null, new row")) {
        QVERIFY(model.insertRows(0, 1));
        QVERIFY(set(0, "name", QStringLiteral("No date")));
        QVERIFY(set(0, "email", QStringLiteral("new@example.com"))); // joined stays NULL
    } else {
        QVERIFY(model.insertRows(0, 1));
        QVERIFY(set(0, "customerId", 999999));
        QVERIFY(set(0, "placed", QDateTime(QDate(2024, 5, 1), QTime(12, 0), QTimeZone::utc())));
    }
    QSignalSpy failed(&model, &QueryModel::submitFailed);
    QVERIFY(!model.submitAll());
    QCOMPARE(failed.size(), 1);
    const Quarry::Error error = model.lastError();
    qInfo().noquote() << QTest::currentDataTag() << "->" << error.sqlError().databaseText();

    // Then SubmitErrors finds the cell, among the rows with pending changes
    QList<int> candidates;
    for (int i = 0; i < model.rowCount(); ++i)
        candidates.append(i);
    const QModelIndex cell = SubmitErrors::place(&model, error, candidates);
    if (property.isEmpty()) {
        QVERIFY2(!cell.isValid(), qPrintable(error.toString()));
    } else {
        QVERIFY2(cell.isValid(), qPrintable(error.toString()));
        QCOMPARE(model.propertyAt(cell.column())->name(), property);
        QCOMPARE(cell.row(), row);
    }
    QVERIFY(!SubmitErrors::reason(error).isEmpty());
    QVERIFY(model.isDirty()); // and the edits wait to be fixed
}

QTEST_MAIN(tst_BrowserSubmitErrors)
#include "tst_browsersubmiterrors.moc"
