// Registration errors: every bad declaration is refused by registerEntity() with
// Error::RegistrationError and a message that names the class and the property, before
// any SQL runs. One class per mistake; no server is needed. Also the good declarations:
// every option accepted, and the constructors Quarry can use.

#include "quarrytest.h"

#include <quarry/database.h>

#include <QDate>
#include <QPoint>
#include <QtTest>

#include <functional>
#include <memory>

using namespace Quarry;

class UnknownOption : public QObject {
    Q_OBJECT
    Q_CLASSINFO("name", "uniqe")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QString name MEMBER m_name)
public:
    qint64 m_id = 0;
    QString m_name;
};

class NullPlainInt : public QObject {
    Q_OBJECT
    Q_CLASSINFO("count", "null")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(int count MEMBER m_count)
public:
    qint64 m_id = 0;
    int m_count = 0;
};

class MaxLengthInt : public QObject {
    Q_OBJECT
    Q_CLASSINFO("count", "max_length=5")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(int count MEMBER m_count)
public:
    qint64 m_id = 0;
    int m_count = 0;
};

class PointProperty : public QObject {
    Q_OBJECT
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QPoint position MEMBER m_position)
public:
    qint64 m_id = 0;
    QPoint m_position;
};

class UnsignedLongProperty : public QObject {
    Q_OBJECT
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(quint64 size MEMBER m_size)
public:
    qint64 m_id = 0;
    quint64 m_size = 0;
};

class BadIntDefault : public QObject {
    Q_OBJECT
    Q_CLASSINFO("count", "default=abc")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(int count MEMBER m_count)
public:
    qint64 m_id = 0;
    int m_count = 0;
};

class BadDateDefault : public QObject {
    Q_OBJECT
    Q_CLASSINFO("day", "default=2024-13-45")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QDate day MEMBER m_day)
public:
    qint64 m_id = 0;
    QDate m_day;
};

class NoPrimaryKey : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString name MEMBER m_name)
public:
    QString m_name;
};

class OnDeleteWithoutReferences : public QObject {
    Q_OBJECT
    Q_CLASSINFO("ownerId", "on_delete=cascade")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(qint64 ownerId MEMBER m_ownerId)
public:
    qint64 m_id = 0;
    qint64 m_ownerId = 0;
};

class DanglingReference : public QObject {
    Q_OBJECT
    Q_CLASSINFO("ownerId", "references=Nobody")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(qint64 ownerId MEMBER m_ownerId)
public:
    qint64 m_id = 0;
    qint64 m_ownerId = 0;
};

// Neither default-constructible nor with a Q_INVOKABLE constructor.
class NoUsableConstructor : public QObject {
    Q_OBJECT
    Q_PROPERTY(qint64 id MEMBER m_id)
public:
    explicit NoUsableConstructor(int seed, QObject *parent = nullptr) : QObject(parent), m_id(seed)
    {
    }
    qint64 m_id = 0;
};

class ClassInfoWithoutProperty : public QObject {
    Q_OBJECT
    Q_CLASSINFO("nmae", "unique")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QString name MEMBER m_name)
public:
    qint64 m_id = 0;
    QString m_name;
};
// --- Declarations that must be accepted ---------------------------------------------

class Owner : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "owners")
    Q_PROPERTY(qint64 id MEMBER m_id)
public:
    qint64 m_id = 0;
};

class Pet : public QObject {
    Q_OBJECT
    Q_CLASSINFO("ownerId", "references=Owner on_delete=cascade index")
    Q_CLASSINFO("name", "max_length=20 default='Rex the dog' unique label=Name")
    Q_CLASSINFO("born", "null column=born_on")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(qint64 ownerId MEMBER m_ownerId)
    Q_PROPERTY(QString name MEMBER m_name)
    Q_PROPERTY(QDate born MEMBER m_born)
    Q_PROPERTY(QString nickname MEMBER m_nickname STORED false)
public:
    qint64 m_id = 0;
    qint64 m_ownerId = 0;
    QString m_name;
    QDate m_born;
    QString m_nickname;
};

// Not default-constructible, but with the Q_INVOKABLE (QObject *parent) constructor that
// Database::registerEntity(const QMetaObject *) documents as enough.
class InvokableParentOnly : public QObject {
    Q_OBJECT
    Q_PROPERTY(qint64 id MEMBER m_id)
public:
    Q_INVOKABLE explicit InvokableParentOnly(QObject *parent) : QObject(parent) {}
    qint64 m_id = 0;
};

namespace {

// A registration that must fail, and the words its message must contain.
struct RegistrationCase {
    const char *name;
    std::function<bool(Database &)> registerIt;
    QStringList fragments;
};

template <typename T> RegistrationCase refused(const char *name, QStringList fragments)
{
    return {name, [](Database &db) { return db.registerEntity<T>(); }, std::move(fragments)};
}

const QList<RegistrationCase> &registrationCases()
{
    static const QList<RegistrationCase> cases = {
        refused<UnknownOption>("unknown option", {"UnknownOption", "name", "uniqe"}),
        refused<NullPlainInt>("null on a plain int", {"NullPlainInt", "count", "null"}),
        refused<MaxLengthInt>("max_length on an int", {"MaxLengthInt", "count", "max_length"}),
        refused<PointProperty>("QPoint property", {"PointProperty", "position", "QPoint"}),
        refused<UnsignedLongProperty>("quint64 property", {"UnsignedLongProperty", "size"}),
        refused<BadIntDefault>("bad int default", {"BadIntDefault", "count", "abc"}),
        refused<BadDateDefault>("bad date default", {"BadDateDefault", "day", "2024-13-45"}),
        refused<NoPrimaryKey>("no primary key", {"NoPrimaryKey", "primary"}),
        refused<OnDeleteWithoutReferences>("on_delete without references",
                                           {"OnDeleteWithoutReferences", "ownerId", "on_delete"}),
        {"references an unregistered entity",
         [](Database &db) { return db.registerEntities<DanglingReference>(); },
         {"DanglingReference", "ownerId", "Nobody"}},
        {"no usable constructor",
         [](Database &db) { return db.registerEntity(&NoUsableConstructor::staticMetaObject); },
         {"NoUsableConstructor", "constructor"}},
        refused<ClassInfoWithoutProperty>("Q_CLASSINFO naming no property",
                                          {"ClassInfoWithoutProperty", "nmae"}),
    };
    return cases;
}

} // namespace

class tst_Registration : public QObject {
    Q_OBJECT

private slots:
    void shouldReportBadDeclarationsAtRegistration_data();
    void shouldReportBadDeclarationsAtRegistration();
    void shouldRegisterAGoodDeclaration();
    void shouldRegisterByMetaObjectWithAnInvokableParentConstructor();
};

void tst_Registration::shouldReportBadDeclarationsAtRegistration_data()
{
    QTest::addColumn<int>("index");
    for (int i = 0; i < registrationCases().size(); ++i)
        QTest::newRow(registrationCases().at(i).name) << i;
}

void tst_Registration::shouldReportBadDeclarationsAtRegistration()
{
    // Given a database (no server needed: registration checks declarations only)
    QFETCH(int, index);
    const RegistrationCase &registration = registrationCases().at(index);
    Database db = Database::open(QStringLiteral("sqlite://"));
    QUARRY_VERIFY(db.isValid(), db);

    // When the class is registered
    const bool registered = registration.registerIt(db);

    // Then registration fails with a message naming the class and the property
    QVERIFY(!registered);
    const Error error = db.lastError();
    QCOMPARE(error.kind(), Error::RegistrationError);
    for (const QString &fragment : registration.fragments)
        QVERIFY2(error.message().contains(fragment),
                 qPrintable(QStringLiteral("'%1' not in: %2").arg(fragment, error.message())));

    // And nothing half-registered is left behind
    if (registration.fragments.constFirst() != QLatin1String("DanglingReference"))
        QVERIFY(db.entities().isEmpty());
}

void tst_Registration::shouldRegisterAGoodDeclaration()
{
    // Given classes using every kind of option
    Database db = Database::open(QStringLiteral("sqlite://"));
    QUARRY_VERIFY(db.isValid(), db);

    // When they are registered together
    QUARRY_VERIFY((db.registerEntities<Owner, Pet>()), db);

    // Then the metadata says what the declarations say
    const EntityInfo *pet = db.entity<Pet>();
    QVERIFY(pet);
    QCOMPARE(pet->tableName(), QStringLiteral("pet"));
    QCOMPARE(pet->primaryKey().name(), QStringLiteral("id"));
    QVERIFY(pet->primaryKey().isAutoIncrement());
    QVERIFY(!pet->property(QStringLiteral("nickname"))); // STORED false: not mapped
    const PropertyInfo *owner = pet->property(QStringLiteral("ownerId"));
    QVERIFY(owner);
    QCOMPARE(owner->references(), QStringLiteral("Owner"));
    QCOMPARE(owner->onDelete(), PropertyInfo::OnDelete::Cascade);
    QVERIFY(owner->isIndexed());
    QVERIFY(!owner->isNullable());
    const PropertyInfo *name = pet->property(QStringLiteral("name"));
    QVERIFY(name);
    QCOMPARE(name->maxLength(), 20);
    QCOMPARE(name->defaultValue(), QVariant(QStringLiteral("Rex the dog")));
    QVERIFY(name->isUnique());
    QCOMPARE(name->label(), QStringLiteral("Name"));
    const PropertyInfo *born = pet->property(QStringLiteral("born"));
    QVERIFY(born);
    QCOMPARE(born->column(), QStringLiteral("born_on"));
    QVERIFY(born->isNullable());

    // And the tables can be created
    QUARRY_VERIFY(db.createAll(), db);
}

void tst_Registration::shouldRegisterByMetaObjectWithAnInvokableParentConstructor()
{
    // Given a class whose only constructor is Q_INVOKABLE and takes the parent
    Database db = Database::open(QStringLiteral("sqlite://"));
    QUARRY_VERIFY(db.isValid(), db);

    // When it is registered by its meta-object
    const bool registered = db.registerEntity(&InvokableParentOnly::staticMetaObject);

    QVERIFY2(registered, qPrintable(db.lastError().toString()));

    // Then Quarry can create instances of it
    const EntityInfo *entity = db.entity<InvokableParentOnly>();
    QVERIFY(entity);
    std::unique_ptr<QObject> created(entity->create());
    QVERIFY(qobject_cast<InvokableParentOnly *>(created.get()));
}

QTEST_GUILESS_MAIN(tst_Registration)
#include "tst_registration.moc"
