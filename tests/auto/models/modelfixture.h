#pragma once

// Entities and helpers shared by the model suites: a seeded contacts table, rows and
// signals rendered as short strings so that a failure reads like a sentence.

#include "quarrytest.h"

#include <quarry/database.h>
#include <quarry/querymodel.h>
#include <quarry/session.h>

#include <QAbstractItemModel>
#include <QAbstractItemModelTester>
#include <QDate>
#include <QObject>
#include <QStringList>

#include <optional>

class Team : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "teams")
    Q_CLASSINFO("name", "max_length=40")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
public:
    Q_INVOKABLE explicit Team(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_name = QStringLiteral("");
Q_SIGNALS:
    void changed();
};

class Contact : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "contacts")
    Q_CLASSINFO("name", "unique max_length=40 label='Name'")
    Q_CLASSINFO("city", "null max_length=40 label='City'")
    Q_CLASSINFO("team", "references=Team")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
    Q_PROPERTY(QString city MEMBER m_city NOTIFY changed)
    Q_PROPERTY(int age MEMBER m_age NOTIFY changed)
    Q_PROPERTY(bool active MEMBER m_active NOTIFY changed)
    Q_PROPERTY(std::optional<qint64> team MEMBER m_team NOTIFY changed)
    Q_PROPERTY(QDate since MEMBER m_since NOTIFY changed) // NOT NULL, and null until set
public:
    Q_INVOKABLE explicit Contact(QObject *parent = nullptr) : QObject(parent) {}
    Contact(const QString &name, const QString &city, int age, bool active = false)
        : m_name(name), m_city(city), m_age(age), m_active(active), m_since(2020, 1, 1)
    {
    }
    qint64 m_id = 0;
    QString m_name = QStringLiteral("");
    QString m_city;
    int m_age = 0;
    bool m_active = false;
    std::optional<qint64> m_team;
    QDate m_since;
Q_SIGNALS:
    void changed();
};

namespace ModelTest {

inline Quarry::Database openDatabase(const QString &url)
{
    Quarry::Database db = Quarry::Database::open(url);
    if (!db.isValid())
        qWarning() << db.lastError();
    if (!db.registerEntities<Team, Contact>() || !db.createAll())
        qWarning() << db.lastError();
    return db;
}

// Contacts c000, c001, ...: cities cycle through NULL, Oslo, Berlin, Lima (duplicates and
// NULLs for the sort tests), ages repeat, every third is active, every fifth in a team.
inline bool seed(const Quarry::Database &db, int count)
{
    Quarry::Session session(db);
    auto *team = new Team;
    team->m_name = QStringLiteral("red");
    session.add(team);
    if (!session.commit()) {
        qWarning() << session.lastError();
        return false;
    }
    static const QStringList cities{QString(), QStringLiteral("Oslo"), QStringLiteral("Berlin"),
                                    QStringLiteral("Lima")};
    for (int i = 0; i < count; ++i) {
        auto *contact = new Contact(QStringLiteral("c%1").arg(i, 3, 10, QLatin1Char('0')),
                                    cities.at(i % 4), 20 + (i * 7) % 50, i % 3 == 0);
        if (i % 5 == 0)
            contact->m_team = team->m_id;
        contact->m_since = QDate(2020, 1, 1).addDays(i);
        session.add(contact);
    }
    if (!session.commit()) {
        qWarning() << session.lastError();
        return false;
    }
    return true;
}

// The values of one column, joined: "c000,c001,c002". `count` < 0: every row.
inline QString column(const QAbstractItemModel &model, int column, int first = 0, int count = -1,
                      int role = Qt::DisplayRole)
{
    QStringList values;
    const int last = count < 0 ? model.rowCount() : std::min(model.rowCount(), first + count);
    for (int row = first; row < last; ++row) {
        const QVariant value = model.index(row, column).data(role);
        values << (value.isValid() ? value.toString() : QStringLiteral("-"));
    }
    return values.join(QLatin1Char(','));
}

// What the model told its views, in order: "changed(3) inserted(5) removed(2) reset".
class SignalLog : public QObject {
public:
    explicit SignalLog(QAbstractItemModel *model)
    {
        connect(model, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex &from, const QModelIndex &to) {
                    add(from.row() == to.row()
                            ? QStringLiteral("changed(%1)").arg(from.row())
                            : QStringLiteral("changed(%1-%2)").arg(from.row()).arg(to.row()));
                });
        connect(
            model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int from, int to) { add(range("inserted", from, to)); });
        connect(model, &QAbstractItemModel::rowsRemoved, this,
                [this](const QModelIndex &, int from, int to) { add(range("removed", from, to)); });
        connect(model, &QAbstractItemModel::rowsMoved, this,
                [this](const QModelIndex &, int from, int to, const QModelIndex &, int row) {
                    add(range("moved", from, to) + QStringLiteral("->%1").arg(row));
                });
        connect(model, &QAbstractItemModel::modelReset, this,
                [this] { add(QStringLiteral("reset")); });
        connect(model, &QAbstractItemModel::headerDataChanged, this,
                [this](Qt::Orientation orientation, int, int) {
                    if (orientation == Qt::Vertical)
                        add(QStringLiteral("header"));
                });
    }
    // Everything logged since the last take(), and forgets it.
    QString take() { return std::exchange(m_entries, {}).join(QLatin1Char(' ')); }

private:
    static QString range(const char *what, int from, int to)
    {
        return from == to ? QStringLiteral("%1(%2)").arg(QLatin1String(what)).arg(from)
                          : QStringLiteral("%1(%2-%3)").arg(QLatin1String(what)).arg(from).arg(to);
    }
    void add(const QString &entry) { m_entries << entry; }
    QStringList m_entries;
};

// A seeded database, a session and a QueryModel over every contact (in key order), watched
// by a QAbstractItemModelTester that reports through QtTest. The tester does not call
// fetchMore(): the model knows its row count up front (PITFALLS.md).
struct Fixture {
    Fixture(const QString &url, int rows)
        : db(openDatabase(url)), seeded(seed(db, rows)), session(db),
          model(session.query<Contact>()),
          tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest)
    {
        tester.setUseFetchMore(false);
    }
    Quarry::Database db;
    bool seeded;
    Quarry::Session session;
    Quarry::QueryModel model;
    QAbstractItemModelTester tester;
};

// Contact columns, in property order.
enum Column { Id, Name, City, Age, Active, TeamColumn, Since };

} // namespace ModelTest
