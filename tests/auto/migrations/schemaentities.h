#pragma once

// Entities for the schema diff and migration SQL suites.
//
//   Parent / Everything   every storage, with defaults, unique, index, null and a foreign
//                         key: createAll() must leave no difference on any backend
//   Version 1: AuthorV1, BookV1, Obsolete
//   Version 2: AuthorV2, BookV2, ReviewV2, TagV2 (+ association table book_tags)
//     authors: name renamed to full_name (declared), email and active added, country's
//              default changed and its index dropped
//     books:   pages integer -> text, title nullable and indexed, legacy dropped, isbn
//              added (unique), author_id ON DELETE cascade -> restrict
//     reviews, tags, book_tags created; obsolete dropped

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QTime>
#include <QUuid>
#include <optional>

class Parent : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "parents")
    Q_PROPERTY(qint64 id MEMBER m_id)
public:
    Q_INVOKABLE explicit Parent(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
};

class Everything : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "everything")
    Q_CLASSINFO("flag", "default=true")
    Q_CLASSINFO("count", "default=-5")
    Q_CLASSINFO("big", "default=9000000000")
    Q_CLASSINFO("small", "default=7")
    Q_CLASSINFO("ratio", "default=1.5")
    Q_CLASSINFO("text", "max_length=30 default=\"it's\"")
    Q_CLASSINFO("longText", "null")
    Q_CLASSINFO("blob", "null")
    Q_CLASSINFO("day", "default=2020-02-29")
    Q_CLASSINFO("time", "default=12:34:56.789")
    Q_CLASSINFO("stamp", "default=2021-03-04T05:06:07.089Z")
    Q_CLASSINFO("uid", "default=6ba7b810-9dad-11d1-80b4-00c04fd430c8")
    Q_CLASSINFO("meta", "default='{\"a\": 1}'")
    Q_CLASSINFO("genre", "default=Poetry")
    Q_CLASSINFO("priority", "enum=int default=2")
    Q_CLASSINFO("code", "unique max_length=10")
    Q_CLASSINFO("tagged", "index")
    Q_CLASSINFO("parentId", "column=parent_id references=Parent on_delete=set_null")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(bool flag MEMBER m_flag)
    Q_PROPERTY(int count MEMBER m_count)
    Q_PROPERTY(qint64 big MEMBER m_big)
    Q_PROPERTY(uint small MEMBER m_small)
    Q_PROPERTY(double ratio MEMBER m_ratio)
    Q_PROPERTY(QString text MEMBER m_text)
    Q_PROPERTY(QString longText MEMBER m_longText)
    Q_PROPERTY(QByteArray blob MEMBER m_blob)
    Q_PROPERTY(QDate day MEMBER m_day)
    Q_PROPERTY(QTime time MEMBER m_time)
    Q_PROPERTY(QDateTime stamp MEMBER m_stamp)
    Q_PROPERTY(QUuid uid MEMBER m_uid)
    Q_PROPERTY(QJsonObject meta MEMBER m_meta)
    Q_PROPERTY(Genre genre MEMBER m_genre)
    Q_PROPERTY(Genre priority MEMBER m_priority)
    Q_PROPERTY(std::optional<int> maybe MEMBER m_maybe)
    Q_PROPERTY(QString code MEMBER m_code)
    Q_PROPERTY(QString tagged MEMBER m_tagged)
    Q_PROPERTY(std::optional<qint64> parentId MEMBER m_parentId)
public:
    enum class Genre { Fiction, Poetry, Science };
    Q_ENUM(Genre)
    Q_INVOKABLE explicit Everything(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    bool m_flag = true;
    int m_count = 0;
    qint64 m_big = 0;
    uint m_small = 0;
    double m_ratio = 0;
    QString m_text, m_longText, m_code, m_tagged;
    QByteArray m_blob;
    QDate m_day;
    QTime m_time;
    QDateTime m_stamp;
    QUuid m_uid;
    QJsonObject m_meta;
    Genre m_genre = Genre::Fiction;
    Genre m_priority = Genre::Fiction;
    std::optional<int> m_maybe;
    std::optional<qint64> m_parentId;
};

// --- version 1 -------------------------------------------------------------------------

class AuthorV1 : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "authors")
    Q_CLASSINFO("name", "unique max_length=80")
    Q_CLASSINFO("country", "max_length=2 default=NZ index")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QString name MEMBER m_name)
    Q_PROPERTY(QString country MEMBER m_country)
public:
    Q_INVOKABLE explicit AuthorV1(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_name, m_country;
};

class BookV1 : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "books")
    Q_CLASSINFO("title", "max_length=200")
    Q_CLASSINFO("authorId", "column=author_id references=AuthorV1 on_delete=cascade")
    Q_CLASSINFO("pages", "default=100")
    Q_CLASSINFO("legacy", "null")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QString title MEMBER m_title)
    Q_PROPERTY(qint64 authorId MEMBER m_authorId)
    Q_PROPERTY(int pages MEMBER m_pages)
    Q_PROPERTY(QString legacy MEMBER m_legacy)
public:
    Q_INVOKABLE explicit BookV1(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_title;
    qint64 m_authorId = 0;
    int m_pages = 100;
    QString m_legacy;
};

class Obsolete : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "obsolete")
    Q_CLASSINFO("authorId", "column=author_id references=AuthorV1")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QString note MEMBER m_note)
    Q_PROPERTY(qint64 authorId MEMBER m_authorId)
public:
    Q_INVOKABLE explicit Obsolete(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_note;
    qint64 m_authorId = 0;
};

// --- version 2 -------------------------------------------------------------------------

class TagV2;

class AuthorV2 : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "authors")
    Q_CLASSINFO("fullName", "column=full_name unique max_length=80")
    Q_CLASSINFO("country", "max_length=2 default=AU")
    Q_CLASSINFO("email", "max_length=100 null")
    Q_CLASSINFO("active", "default=true")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QString fullName MEMBER m_fullName)
    Q_PROPERTY(QString country MEMBER m_country)
    Q_PROPERTY(QString email MEMBER m_email)
    Q_PROPERTY(bool active MEMBER m_active)
public:
    Q_INVOKABLE explicit AuthorV2(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_fullName, m_country, m_email;
    bool m_active = true;
};

class BookV2 : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "books")
    Q_CLASSINFO("title", "max_length=200 null index")
    Q_CLASSINFO("authorId", "column=author_id references=AuthorV2 on_delete=restrict")
    Q_CLASSINFO("isbn", "unique max_length=13 null")
    Q_CLASSINFO("tags", "through=book_tags")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QString title MEMBER m_title)
    Q_PROPERTY(qint64 authorId MEMBER m_authorId)
    Q_PROPERTY(QString pages MEMBER m_pages)
    Q_PROPERTY(QString isbn MEMBER m_isbn)
    Q_PROPERTY(QList<TagV2 *> tags MEMBER m_tags)
public:
    Q_INVOKABLE explicit BookV2(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_title;
    qint64 m_authorId = 0;
    QString m_pages;
    QString m_isbn;
    QList<TagV2 *> m_tags;
};

class TagV2 : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "tags")
    Q_CLASSINFO("label", "unique max_length=40")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QString label MEMBER m_label)
public:
    Q_INVOKABLE explicit TagV2(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_label;
};

class ReviewV2 : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "reviews")
    Q_CLASSINFO("bookId", "column=book_id references=BookV2 on_delete=cascade")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(qint64 bookId MEMBER m_bookId)
    Q_PROPERTY(QString text MEMBER m_text)
public:
    Q_INVOKABLE explicit ReviewV2(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    qint64 m_bookId = 0;
    QString m_text;
};
