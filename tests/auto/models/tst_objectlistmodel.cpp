// ObjectListModel: a role per property, NOTIFY signals as dataChanged of exactly that row
// and those roles, append/insert/remove, and no dangling rows when objects die.

#include "modelfixture.h"

#include <quarry/objectlistmodel.h>

#include <QtTest>

using namespace ModelTest;
using Quarry::ObjectListModel;

// Not an entity: one NOTIFY signal per property, except `pages`, which shares `body`'s.
class Note : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString title MEMBER m_title NOTIFY titleChanged)
    Q_PROPERTY(QString body MEMBER m_body NOTIFY bodyChanged)
    Q_PROPERTY(int pages MEMBER m_pages NOTIFY bodyChanged)
    Q_PROPERTY(int words READ words CONSTANT)
public:
    explicit Note(const QString &title, QObject *parent = nullptr) : QObject(parent), m_title(title)
    {
    }
    int words() const { return 7; }
    QString m_title;
    QString m_body;
    int m_pages = 1;
Q_SIGNALS:
    void titleChanged();
    void bodyChanged();
};

namespace {

// dataChanged as "row:role,role" with role names.
QString describe(const QAbstractItemModel &model, const QList<QVariant> &arguments)
{
    const QHash<int, QByteArray> names = model.roleNames();
    QStringList roles;
    for (int role : arguments.at(2).value<QList<int>>())
        roles << QString::fromLatin1(names.value(role, QByteArray::number(role)));
    roles.sort();
    return QStringLiteral("%1:%2")
        .arg(arguments.at(0).toModelIndex().row())
        .arg(roles.join(QLatin1Char(',')));
}

QString titles(const ObjectListModel &model)
{
    return column(model, 0);
}

} // namespace

class tst_ObjectListModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldShowQueryResultsWithARolePerProperty_data() { backends(); }
    void shouldShowQueryResultsWithARolePerProperty();
    void shouldWriteThroughTheSession_data() { backends(); }
    void shouldWriteThroughTheSession();
    void shouldSignalExactlyTheChangedRowAndRoles();
    void shouldAppendInsertAndRemove();
    void shouldNotDangleWhenAnObjectIsDestroyed();
    void shouldRefuseObjectsOfAnotherClass();

private:
    void backends()
    {
        QuarryTest::addBackendColumn();
        QuarryTest::addBackendRows();
    }
};

void tst_ObjectListModel::shouldShowQueryResultsWithARolePerProperty()
{
    // Given the results of a query
    QUARRY_FRESH_URL(freshUrl);
    const Quarry::Database db = openDatabase(freshUrl);
    QVERIFY(seed(db, 6));
    Quarry::Session session(db);
    const QList<Contact *> contacts = session.query<Contact>()
                                          .where(Quarry::Field(QStringLiteral("age")) > 30)
                                          .orderBy(QStringLiteral("name"))
                                          .all();

    // When a list model is made of them
    ObjectListModel model(contacts);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    // Then there is a row per object, shown by its first text property
    QCOMPARE(model.count(), 4);
    QCOMPARE(model.displayProperty(), QStringLiteral("name"));
    QCOMPARE(titles(model), QStringLiteral("c002,c003,c004,c005"));

    // and a role per property, named for QML, optionals unwrapped
    const QHash<int, QByteArray> roles = model.roleNames();
    QCOMPARE(roles.value(model.roleOf(QStringLiteral("city"))), QByteArray("city"));
    QCOMPARE(roles.value(ObjectListModel::ObjectRole), QByteArray("object"));
    QCOMPARE(model.index(1).data(model.roleOf(QStringLiteral("city"))).toString(),
             QStringLiteral("Lima"));
    QCOMPARE(model.index(1).data(model.roleOf(QStringLiteral("age"))), QVariant(41));
    QCOMPARE(model.index(3).data(model.roleOf(QStringLiteral("team"))).toLongLong(), 1);
    QVERIFY(model.index(2).data(model.roleOf(QStringLiteral("team"))).isNull());
    QCOMPARE(model.index(0).data(ObjectListModel::ObjectRole).value<QObject *>(),
             contacts.constFirst());
    QCOMPARE(model.at<Contact>(2), contacts.at(2));
    QCOMPARE(model.indexOf(contacts.at(3)), 3);
}

void tst_ObjectListModel::shouldWriteThroughTheSession()
{
    // Given a list model over the session's objects
    QUARRY_FRESH_URL(freshUrl);
    const Quarry::Database db = openDatabase(freshUrl);
    QVERIFY(seed(db, 3));
    Quarry::Session session(db);
    ObjectListModel model(session.query<Contact>().all());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // When a delegate writes a property
    QVERIFY(model.setData(model.index(1), 64, model.roleOf(QStringLiteral("age"))));
    QVERIFY(model.setData(model.index(2), QStringLiteral("renamed")));
    QVERIFY(model.setData(model.index(0), 5, model.roleOf(QStringLiteral("team"))));

    // Then the objects have it (the NOTIFY signal told the view), and the session commits it
    QCOMPARE(changed.size(), 3);
    QCOMPARE(model.at<Contact>(1)->m_age, 64);
    QCOMPARE(titles(model), QStringLiteral("c000,c001,renamed"));
    QVERIFY(model.setData(model.index(0), QVariant(), model.roleOf(QStringLiteral("team"))));
    QUARRY_VERIFY(session.commit(), session);
    Quarry::Session reader(db);
    QCOMPARE(reader.query<Contact>()
                 .filterBy(QStringLiteral("name"), QStringLiteral("c001"))
                 .one()
                 ->m_age,
             64);
    QCOMPARE(
        reader.query<Contact>().filterBy(QStringLiteral("name"), QStringLiteral("renamed")).count(),
        1);

    // and a value that does not convert is refused
    QVERIFY(
        !model.setData(model.index(1), QStringLiteral("old"), model.roleOf(QStringLiteral("age"))));
}

void tst_ObjectListModel::shouldSignalExactlyTheChangedRowAndRoles()
{
    // Given three notes
    Note a(QStringLiteral("a")), b(QStringLiteral("b")), c(QStringLiteral("c"));
    ObjectListModel model(QList<Note *>{&a, &b, &c});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // When one note's title changes
    b.setProperty("title", QStringLiteral("bee"));

    // Then only its row, and the title (the display) roles, changed
    QCOMPARE(changed.size(), 1);
    QCOMPARE(describe(model, changed.takeFirst()), QStringLiteral("1:display,edit,title"));
    QCOMPARE(titles(model), QStringLiteral("a,bee,c"));

    // When a signal shared by two properties fires, both roles are named
    c.setProperty("pages", 3);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(describe(model, changed.takeFirst()), QStringLiteral("2:body,pages"));
    QCOMPARE(model.index(2).data(model.roleOf(QStringLiteral("pages"))), QVariant(3));

    // and a constant property is a role too, but not editable
    QCOMPARE(model.index(0).data(model.roleOf(QStringLiteral("words"))), QVariant(7));
    QVERIFY(!model.setData(model.index(0), 9, model.roleOf(QStringLiteral("words"))));

    // When the display property is changed, views repaint every row
    QVERIFY(model.setDisplayProperty(QStringLiteral("body")));
    QVERIFY(!model.setDisplayProperty(QStringLiteral("colour")));
    QCOMPARE(changed.size(), 1);
}

void tst_ObjectListModel::shouldAppendInsertAndRemove()
{
    // Given a list model of two notes
    Note a(QStringLiteral("a")), b(QStringLiteral("b")), c(QStringLiteral("c")),
        d(QStringLiteral("d"));
    ObjectListModel model(QList<Note *>{&a, &b});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy countChanged(&model, &ObjectListModel::countChanged);
    SignalLog log(&model);

    // When notes are appended, inserted and removed
    QVERIFY(model.append(&c));
    QVERIFY(model.insert(0, &d));
    QCOMPARE(titles(model), QStringLiteral("d,a,b,c"));
    QVERIFY(model.remove(&a));
    QVERIFY(model.removeAt(2));
    QVERIFY(!model.removeAt(2));

    // Then the views were told each step
    QCOMPARE(log.take(), QStringLiteral("inserted(2) inserted(0) removed(1) removed(2)"));
    QCOMPARE(titles(model), QStringLiteral("d,b"));
    QCOMPARE(countChanged.size(), 4);

    // and a removed note no longer signals
    a.setProperty("title", QStringLiteral("gone"));
    QCOMPARE(log.take(), QString());

    // When everything is replaced
    model.setObjects({&c, &a});
    QCOMPARE(log.take(), QStringLiteral("reset"));
    QCOMPARE(titles(model), QStringLiteral("c,gone"));
    model.clear();
    QCOMPARE(model.count(), 0);
}

void tst_ObjectListModel::shouldNotDangleWhenAnObjectIsDestroyed()
{
    // Given a list model of three notes
    auto *a = new Note(QStringLiteral("a"));
    auto *b = new Note(QStringLiteral("b"));
    auto *c = new Note(QStringLiteral("c"));
    ObjectListModel model(QList<Note *>{a, b, c});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    SignalLog log(&model);

    // When one is destroyed
    delete b;

    // Then its row is gone, and the rest still work
    QCOMPARE(log.take(), QStringLiteral("removed(1)"));
    QCOMPARE(titles(model), QStringLiteral("a,c"));
    c->setProperty("title", QStringLiteral("cee"));
    QCOMPARE(log.take(), QStringLiteral("changed(1)"));
    delete a;
    delete c;
    QCOMPARE(model.count(), 0);
}

void tst_ObjectListModel::shouldRefuseObjectsOfAnotherClass()
{
    Note a(QStringLiteral("a"));
    QObject other;
    ObjectListModel model(&Note::staticMetaObject);
    QVERIFY(!model.append(&other));
    QVERIFY(!model.append(nullptr));
    QVERIFY(model.append(&a));
    QVERIFY(!model.append(&a)); // once only
    QCOMPARE(model.count(), 1);
}

QTEST_MAIN(tst_ObjectListModel)
#include "tst_objectlistmodel.moc"
