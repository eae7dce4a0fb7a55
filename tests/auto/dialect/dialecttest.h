#pragma once

// Shared by the dialect tests: entity classes that use every option and every storage
// kind, and small helpers. Metadata comes from an in-memory SQLite Database, as an
// application gets it.

#include "database.h"
#include "dialect_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUuid>
#include <optional>

// --- entities --------------------------------------------------------------------------

class Author : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "authors")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QString name MEMBER m_name)
public:
    Q_INVOKABLE explicit Author(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_name;
};

// Every column option once.
class Book : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "books")
    Q_CLASSINFO("isbn", "unique max_length=20")
    Q_CLASSINFO("title", "index")
    Q_CLASSINFO("subtitle", "null max_length=200")
    Q_CLASSINFO("pages", "default=100")
    Q_CLASSINFO("note", "default=\"it's a\\b\"")
    Q_CLASSINFO("published", "default=true")
    Q_CLASSINFO("authorId", "column=author_id references=Author on_delete=cascade")
    Q_CLASSINFO("editorId", "references=Author on_delete=set_null")
    Q_CLASSINFO("publisherId", "references=Author on_delete=restrict")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QString isbn MEMBER m_isbn)
    Q_PROPERTY(QString title MEMBER m_title)
    Q_PROPERTY(QString subtitle MEMBER m_subtitle)
    Q_PROPERTY(int pages MEMBER m_pages)
    Q_PROPERTY(QString note MEMBER m_note)
    Q_PROPERTY(bool published MEMBER m_published)
    Q_PROPERTY(qint64 authorId MEMBER m_authorId)
    Q_PROPERTY(std::optional<qint64> editorId MEMBER m_editorId)
    Q_PROPERTY(qint64 publisherId MEMBER m_publisherId)
public:
    Q_INVOKABLE explicit Book(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_isbn, m_title, m_subtitle, m_note;
    int m_pages = 0;
    bool m_published = false;
    qint64 m_authorId = 0;
    std::optional<qint64> m_editorId;
    qint64 m_publisherId = 0;
};

// Reserved words as names, a non-integer primary key, a reference without on_delete.
class Order : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "order")
    Q_CLASSINFO("key", "primary_key")
    Q_CLASSINFO("group", "index")
    Q_CLASSINFO("bookId", "references=Book")
    Q_CLASSINFO("created", "default=2024-01-02T08:34:05.678+05:30")
    Q_PROPERTY(QUuid key MEMBER m_key)
    Q_PROPERTY(QString group MEMBER m_group)
    Q_PROPERTY(qint64 bookId MEMBER m_bookId)
    Q_PROPERTY(QDateTime created MEMBER m_created)
public:
    Q_INVOKABLE explicit Order(QObject *parent = nullptr) : QObject(parent) {}
    QUuid m_key;
    QString m_group;
    qint64 m_bookId = 0;
    QDateTime m_created;
};

// One property per storage kind.
class AllTypes : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "all_types")
    Q_CLASSINFO("text", "null")
    Q_CLASSINFO("shortText", "max_length=10")
    Q_CLASSINFO("uniqueText", "unique")
    Q_CLASSINFO("bytes", "null")
    Q_CLASSINFO("indexedBytes", "index")
    Q_CLASSINFO("colorInt", "enum=int")
public:
    enum class Color { Red, Green, Blue };
    Q_ENUM(Color)
private:
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(bool flag MEMBER m_flag)
    Q_PROPERTY(int int32 MEMBER m_int32)
    Q_PROPERTY(qint64 int64 MEMBER m_int64)
    Q_PROPERTY(quint32 uint32 MEMBER m_uint32)
    Q_PROPERTY(double real MEMBER m_real)
    Q_PROPERTY(QString text MEMBER m_text)
    Q_PROPERTY(QString shortText MEMBER m_shortText)
    Q_PROPERTY(QString uniqueText MEMBER m_uniqueText)
    Q_PROPERTY(QByteArray bytes MEMBER m_bytes)
    Q_PROPERTY(QByteArray indexedBytes MEMBER m_indexedBytes)
    Q_PROPERTY(QDate date MEMBER m_date)
    Q_PROPERTY(QTime time MEMBER m_time)
    Q_PROPERTY(QDateTime dateTime MEMBER m_dateTime)
    Q_PROPERTY(QUuid uuid MEMBER m_uuid)
    Q_PROPERTY(QJsonObject object MEMBER m_object)
    Q_PROPERTY(QJsonArray array MEMBER m_array)
    Q_PROPERTY(QJsonDocument document MEMBER m_document)
    Q_PROPERTY(Color colorName MEMBER m_colorName)
    Q_PROPERTY(Color colorInt MEMBER m_colorInt)
public:
    Q_INVOKABLE explicit AllTypes(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    bool m_flag = false;
    int m_int32 = 0;
    qint64 m_int64 = 0;
    quint32 m_uint32 = 0;
    double m_real = 0;
    QString m_text, m_shortText, m_uniqueText;
    QByteArray m_bytes, m_indexedBytes;
    QDate m_date;
    QTime m_time;
    QDateTime m_dateTime;
    QUuid m_uuid;
    QJsonObject m_object;
    QJsonArray m_array;
    QJsonDocument m_document;
    Color m_colorName = Color::Red;
    Color m_colorInt = Color::Red;
};

// --- helpers ---------------------------------------------------------------------------

namespace DialectTest {

using Quarry::Database;
using Quarry::EntityInfo;
using Quarry::PropertyInfo;
using Backend = Database::Backend;

inline const QList<Backend> allBackends = {Backend::SQLite, Backend::PostgreSQL, Backend::MySQL};

inline const char *backendName(Backend backend)
{
    switch (backend) {
    case Backend::SQLite:
        return "sqlite";
    case Backend::PostgreSQL:
        return "postgresql";
    case Backend::MySQL:
        return "mysql";
    case Backend::Invalid:
        break;
    }
    return "invalid";
}

inline const QDateTime sampleInstant(QDate(2024, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
inline const QDateTime sampleWithOffset(QDate(2024, 1, 2), QTime(8, 34, 5, 678), Qt::OffsetFromUTC,
                                        5 * 3600 + 30 * 60);
inline const QUuid sampleUuid(QStringLiteral("{12345678-1234-5678-9abc-def012345678}"));

inline QJsonObject sampleObject()
{
    return QJsonObject{{QStringLiteral("a"), 1},
                       {QStringLiteral("b"), QJsonArray{true, QJsonValue(), QStringLiteral("x")}}};
}

inline QJsonArray sampleArray()
{
    return QJsonArray{1, QStringLiteral("two"), QJsonObject{{QStringLiteral("three"), 3}}};
}

// A QVariant that says what it holds, so that a failed comparison reads well.
inline QString describe(const QVariant &value)
{
    if (!value.isValid())
        return QStringLiteral("<invalid>");
    QString text;
    if (value.metaType().id() == QMetaType::QByteArray)
        text = QString::fromLatin1(value.toByteArray().toHex());
    else if (value.metaType().id() == QMetaType::QJsonObject)
        text =
            QString::fromUtf8(QJsonDocument(value.toJsonObject()).toJson(QJsonDocument::Compact));
    else if (value.metaType().id() == QMetaType::QJsonArray)
        text = QString::fromUtf8(QJsonDocument(value.toJsonArray()).toJson(QJsonDocument::Compact));
    else if (value.metaType().id() == QMetaType::QJsonDocument)
        text = QString::fromUtf8(value.toJsonDocument().toJson(QJsonDocument::Compact));
    else if (value.metaType().id() == QMetaType::QDateTime) // the instant, in UTC
        text = value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
    else
        text = value.toString();
    if (value.isNull())
        text = QStringLiteral("NULL");
    return QStringLiteral("%1(%2)").arg(QString::fromLatin1(value.typeName()), text);
}

// The metadata of every test entity, registered as an application would.
inline Database openDatabase()
{
    Database database = Database::open(QStringLiteral("sqlite://"));
    if (database.isValid())
        database.registerEntities<Author, Book, Order, AllTypes>();
    return database;
}

inline const PropertyInfo &propertyOf(const EntityInfo *entity, const char *name)
{
    const PropertyInfo *found = entity ? entity->property(QString::fromLatin1(name)) : nullptr;
    if (!found)
        qFatal("no property %s", name);
    return *found;
}

} // namespace DialectTest
