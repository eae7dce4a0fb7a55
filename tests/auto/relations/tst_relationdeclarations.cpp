// Relation declarations: every kind resolved from Q_CLASSINFO, each registration error
// naming class and relation, and the association tables createAll() makes (and the
// naming of their columns, self-referential relations included).

#include "library.h"

#include <quarry/schema.h>

#include <QtTest>

using Kind = Quarry::RelationInfo::Kind;

// --- classes with bad (and one good) relation declarations ---------------------------

class Stranger : public QObject {
    Q_OBJECT
    Q_PROPERTY(qint64 id MEMBER m_id)
public:
    Q_INVOKABLE explicit Stranger(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
};

// Points at Stranger, which is never registered.
class Lonely : public QObject {
    Q_OBJECT
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(Stranger *stranger MEMBER m_stranger)
public:
    Q_INVOKABLE explicit Lonely(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    Stranger *m_stranger = nullptr;
};

class Box : public QObject {
    Q_OBJECT
    Q_PROPERTY(qint64 id MEMBER m_id)
public:
    Q_INVOKABLE explicit Box(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
};

// A list of boxes, but no Box property references Shelf.
class Shelf : public QObject {
    Q_OBJECT
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QList<Box *> boxes MEMBER m_boxes)
public:
    Q_INVOKABLE explicit Shelf(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QList<Box *> m_boxes;
};

class Person : public QObject {
    Q_OBJECT
    Q_PROPERTY(qint64 id MEMBER m_id)
public:
    Q_INVOKABLE explicit Person(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
};

// Two keys reference Person: `sender` alone cannot tell which one is its own.
class Letter : public QObject {
    Q_OBJECT
    Q_CLASSINFO("senderId", "references=Person")
    Q_CLASSINFO("recipientId", "references=Person")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(qint64 senderId MEMBER m_senderId)
    Q_PROPERTY(qint64 recipientId MEMBER m_recipientId)
    Q_PROPERTY(Person *sender MEMBER m_sender)
public:
    Q_INVOKABLE explicit Letter(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0, m_senderId = 0, m_recipientId = 0;
    Person *m_sender = nullptr;
};

// The same, disambiguated with foreign_key=.
class Parcel : public QObject {
    Q_OBJECT
    Q_CLASSINFO("senderId", "references=Person")
    Q_CLASSINFO("recipientId", "references=Person")
    Q_CLASSINFO("sender", "foreign_key=senderId")
    Q_CLASSINFO("recipient", "foreign_key=recipientId")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(qint64 senderId MEMBER m_senderId)
    Q_PROPERTY(qint64 recipientId MEMBER m_recipientId)
    Q_PROPERTY(Person *sender MEMBER m_sender)
    Q_PROPERTY(Person *recipient MEMBER m_recipient)
public:
    Q_INVOKABLE explicit Parcel(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0, m_senderId = 0, m_recipientId = 0;
    Person *m_sender = nullptr;
    Person *m_recipient = nullptr;
};

// foreign_key= names a property that does not reference Person.
class Postcard : public QObject {
    Q_OBJECT
    Q_CLASSINFO("sender", "foreign_key=stamp")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(qint64 stamp MEMBER m_stamp)
    Q_PROPERTY(Person *sender MEMBER m_sender)
public:
    Q_INVOKABLE explicit Postcard(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0, m_stamp = 0;
    Person *m_sender = nullptr;
};

class Owner : public QObject {
    Q_OBJECT
    Q_PROPERTY(qint64 id MEMBER m_id)
public:
    Q_INVOKABLE explicit Owner(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
};

// An int key for a qint64 primary key.
class Pet : public QObject {
    Q_OBJECT
    Q_CLASSINFO("ownerId", "references=Owner")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(int ownerId MEMBER m_ownerId)
    Q_PROPERTY(Owner *owner MEMBER m_owner)
public:
    Q_INVOKABLE explicit Pet(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    int m_ownerId = 0;
    Owner *m_owner = nullptr;
};

// A relation the session could not fill.
class Ghost : public QObject {
    Q_OBJECT
    Q_CLASSINFO("ownerId", "references=Owner")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(qint64 ownerId MEMBER m_ownerId)
    Q_PROPERTY(Owner *owner READ owner)
public:
    Q_INVOKABLE explicit Ghost(QObject *parent = nullptr) : QObject(parent) {}
    Owner *owner() const { return nullptr; }
    qint64 m_id = 0, m_ownerId = 0;
};

using Registrar = bool (*)(Quarry::Database &);
Q_DECLARE_METATYPE(Registrar)

// A self-referential many-to-many: the association table's columns cannot both be
// member_id.
class Member : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "members")
    Q_CLASSINFO("friends", "through=friendships")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
    Q_PROPERTY(QList<Member *> friends MEMBER m_friends NOTIFY changed)
public:
    Q_INVOKABLE explicit Member(QObject *parent = nullptr) : QObject(parent) {}
    explicit Member(const QString &name) : m_name(name) {}
    qint64 m_id = 0;
    QString m_name;
    QList<Member *> m_friends;
Q_SIGNALS:
    void changed();
};

class tst_RelationDeclarations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void declarationsResolveEveryKind();
    void registrationErrorsNameClassAndRelation_data();
    void registrationErrorsNameClassAndRelation();
    void foreignKeyOptionChoosesTheKey();
    void createAllMakesTheAssociationTable_data() { Library::backends(); }
    void createAllMakesTheAssociationTable();
    void selfReferentialManyToManyNamesItsColumns_data() { Library::backends(); }
    void selfReferentialManyToManyNamesItsColumns();
};

void tst_RelationDeclarations::declarationsResolveEveryKind()
{
    // Given the library entities registered together (the order does not matter)
    Quarry::Database db = Quarry::Database::open(QStringLiteral("sqlite://"));
    QUARRY_VERIFY(db.isValid(), db);
    QUARRY_VERIFY(
        (db.registerEntities<Reading, Reader, Review, Tag, Book, Publisher, Profile, Author>()),
        db);

    // Then each relation has its kind, its key and, for many-to-many, its link columns
    const Quarry::RelationInfo *author = db.entity<Book>()->relation(QStringLiteral("author"));
    QVERIFY(author);
    QCOMPARE(author->kind(), Kind::ManyToOne);
    QCOMPARE(author->foreignKey(), QStringLiteral("authorId"));
    QCOMPARE(author->targetName(), QStringLiteral("Author"));
    const Quarry::RelationInfo *books = db.entity<Author>()->relation(QStringLiteral("books"));
    QCOMPARE(books->kind(), Kind::OneToMany);
    QCOMPARE(books->foreignKey(), QStringLiteral("authorId"));
    QVERIFY(books->isToMany());
    const Quarry::RelationInfo *profile = db.entity<Author>()->relation(QStringLiteral("profile"));
    QCOMPARE(profile->kind(), Kind::OneToOne);
    QCOMPARE(profile->foreignKey(), QStringLiteral("authorId"));
    const Quarry::RelationInfo *tags = db.entity<Book>()->relation(QStringLiteral("tags"));
    QCOMPARE(tags->kind(), Kind::ManyToMany);
    QCOMPARE(tags->through(), QStringLiteral("book_tags"));
    QCOMPARE(tags->ownerColumn(), QStringLiteral("book_id"));
    QCOMPARE(tags->targetColumn(), QStringLiteral("tag_id"));
    const Quarry::RelationInfo *tagBooks = db.entity<Tag>()->relation(QStringLiteral("books"));
    QCOMPARE(tagBooks->through(), QStringLiteral("book_tags"));
    QCOMPARE(tagBooks->ownerColumn(), QStringLiteral("tag_id"));
    QCOMPARE(tagBooks->targetColumn(), QStringLiteral("book_id"));
    const Quarry::RelationInfo *read = db.entity<Reader>()->relation(QStringLiteral("books"));
    QCOMPARE(read->kind(), Kind::ManyToMany);
    QCOMPARE(read->through(), QStringLiteral("readings"));
    QCOMPARE(read->ownerColumn(), QStringLiteral("readerId"));
    QCOMPARE(read->targetColumn(), QStringLiteral("bookId"));

    // And relation properties are not columns
    QVERIFY(!db.entity<Book>()->property(QStringLiteral("author")));
    QVERIFY(!db.entity<Book>()->property(QStringLiteral("tags")));
    QCOMPARE(db.entity<Author>()->properties().size(), 2);
}

void tst_RelationDeclarations::registrationErrorsNameClassAndRelation_data()
{
    QTest::addColumn<Registrar>("registrar");
    QTest::addColumn<QStringList>("expected"); // every part must be in the message
    // Relation errors leave the class registered but unresolved; a bad property keeps
    // the class out of the registry altogether.
    QTest::addColumn<bool>("registered");

    QTest::newRow("unknown entity")
        << Registrar([](Quarry::Database &db) { return db.registerEntities<Lonely>(); })
        << QStringList{QStringLiteral("Lonely"), QStringLiteral("'stranger'"),
                       QStringLiteral("Stranger is not a registered entity")}
        << true;
    QTest::newRow("missing back-reference")
        << Registrar([](Quarry::Database &db) { return db.registerEntities<Box, Shelf>(); })
        << QStringList{QStringLiteral("Shelf"), QStringLiteral("'boxes'"),
                       QStringLiteral("missing back-reference")}
        << true;
    QTest::newRow("ambiguous foreign key")
        << Registrar([](Quarry::Database &db) { return db.registerEntities<Person, Letter>(); })
        << QStringList{QStringLiteral("Letter"), QStringLiteral("'sender'"),
                       QStringLiteral("foreign_key=")}
        << true;
    QTest::newRow("foreign_key names no key")
        << Registrar([](Quarry::Database &db) { return db.registerEntities<Person, Postcard>(); })
        << QStringList{QStringLiteral("Postcard"), QStringLiteral("'sender'"),
                       QStringLiteral("foreign_key=stamp")}
        << true;
    QTest::newRow("key and primary key types differ")
        << Registrar([](Quarry::Database &db) { return db.registerEntities<Owner, Pet>(); })
        << QStringList{QStringLiteral("Pet"), QStringLiteral("'ownerId'"),
                       QStringLiteral("Owner.id")}
        << true;
    QTest::newRow("read-only relation property")
        << Registrar([](Quarry::Database &db) { return db.registerEntities<Owner, Ghost>(); })
        << QStringList{QStringLiteral("Ghost"), QStringLiteral("'owner'"),
                       QStringLiteral("writable")}
        << false;
}

void tst_RelationDeclarations::registrationErrorsNameClassAndRelation()
{
    QFETCH(Registrar, registrar);
    QFETCH(QStringList, expected);
    QFETCH(bool, registered);
    // Given a database
    Quarry::Database db = Quarry::Database::open(QStringLiteral("sqlite://"));
    QUARRY_VERIFY(db.isValid(), db);

    // When the bad declaration is registered
    QVERIFY(!registrar(db));

    // Then it is a RegistrationError that names the class and the relation (or key)
    QCOMPARE(db.lastError().kind(), Quarry::Error::RegistrationError);
    for (const QString &part : expected)
        QVERIFY2(db.lastError().message().contains(part),
                 qPrintable(db.lastError().message() + QStringLiteral(" lacks ") + part));
    // And createAll() refuses too while the relation is unresolved
    if (registered)
        QVERIFY(!db.createAll());
}

void tst_RelationDeclarations::foreignKeyOptionChoosesTheKey()
{
    Quarry::Database db = Quarry::Database::open(QStringLiteral("sqlite://"));
    QUARRY_VERIFY((db.registerEntities<Person, Parcel>()), db);
    const Quarry::EntityInfo *parcel = db.entity<Parcel>();
    QCOMPARE(parcel->relation(QStringLiteral("sender"))->foreignKey(), QStringLiteral("senderId"));
    QCOMPARE(parcel->relation(QStringLiteral("recipient"))->foreignKey(),
             QStringLiteral("recipientId"));
    QCOMPARE(parcel->relation(QStringLiteral("recipient"))->kind(), Kind::ManyToOne);
}

void tst_RelationDeclarations::createAllMakesTheAssociationTable()
{
    QUARRY_FRESH_URL(freshUrl);
    // Given the library registered and created
    Quarry::Database db = Library::open(freshUrl);
    QUARRY_VERIFY(db.isValid(), db);

    // Then book_tags exists once (both sides declare it), keyed by both columns, whose
    // types are those of the keys and which cascade with either side
    const Quarry::Schema schema = db.schema();
    QVERIFY2(!schema.error(), qPrintable(schema.error().toString()));
    QVERIFY(schema.tableNames().contains(QStringLiteral("book_tags")));
    QVERIFY(!schema.tableNames().contains(QStringLiteral("Reading"))); // an entity, not a table
    const Quarry::TableSchema *links = schema.table(QStringLiteral("book_tags"));
    QCOMPARE(links->columns.size(), 2);
    QCOMPARE(links->primaryKey, (QStringList{QStringLiteral("book_id"), QStringLiteral("tag_id")}));
    for (const Quarry::ColumnSchema &column : links->columns) {
        QVERIFY2(!column.nullable, qPrintable(column.name));
        QVERIFY2(!column.autoIncrement, qPrintable(column.name + QLatin1Char(' ') + column.type));
        QCOMPARE(column.type,
                 schema.table(QStringLiteral("books"))->column(QStringLiteral("id"))->type);
    }
    QCOMPARE(links->foreignKeys.size(), 2);
    for (const Quarry::ForeignKeySchema &key : links->foreignKeys) {
        QCOMPARE(key.onDelete, QStringLiteral("CASCADE"));
        QVERIFY(key.referencedTable == QLatin1String("books") ||
                key.referencedTable == QLatin1String("tags"));
    }
    // And dropAll() removes it with the rest
    QUARRY_VERIFY(db.dropAll(), db);
    QCOMPARE(db.schema().tableNames(), QStringList());
}

void tst_RelationDeclarations::selfReferentialManyToManyNamesItsColumns()
{
    QUARRY_FRESH_URL(freshUrl);
    // Given members who befriend each other through one table
    Quarry::Database db = Quarry::Database::open(freshUrl);
    QUARRY_VERIFY(db.isValid(), db);
    QUARRY_VERIFY(db.registerEntities<Member>(), db);
    QUARRY_VERIFY(db.createAll(), db);
    const Quarry::RelationInfo *friends = db.entity<Member>()->relation(QStringLiteral("friends"));
    QCOMPARE(friends->ownerColumn(), QStringLiteral("member_id"));
    QCOMPARE(friends->targetColumn(), QStringLiteral("related_member_id"));

    // When Ann befriends Bob and Cy
    {
        Quarry::Session session(db);
        auto *ann = new Member(QStringLiteral("Ann"));
        ann->m_friends = {new Member(QStringLiteral("Bob")), new Member(QStringLiteral("Cy"))};
        session.add(ann);
        QUARRY_VERIFY(session.commit(), session);
    }

    // Then the links are rows of friendships, read one way: Bob lists no friends
    QCOMPARE(Library::count(db, QStringLiteral("friendships")), 2);
    Quarry::Session session(db);
    const QList<Member *> members =
        session.query<Member>().with("friends").orderBy(QStringLiteral("name")).all();
    QUARRY_VERIFY(!session.lastError(), session);
    QCOMPARE(Library::names(members.first()->m_friends),
             (QStringList{QStringLiteral("Bob"), QStringLiteral("Cy")}));
    QCOMPARE(members.at(1)->m_friends, QList<Member *>());
    QCOMPARE(session.query<Member>().where(Quarry::has(QStringLiteral("friends"))).count(), 1);
}

QTEST_GUILESS_MAIN(tst_RelationDeclarations)
#include "tst_relationdeclarations.moc"
