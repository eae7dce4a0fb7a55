#pragma once

// The example plugin's entities, changed as an application changes them: authors lose
// `born` and gain `email`; books' `pages` is renamed `page_count` (default 1), `year` is
// new, and `title` loses its index.

#include <quarry/entityplugin.h>

#include <QObject>
#include <optional>

class ChangedAuthor : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "authors")
    Q_CLASSINFO("name", "unique max_length=80")
    Q_CLASSINFO("email", "max_length=120 null")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QString name MEMBER m_name)
    Q_PROPERTY(QString email MEMBER m_email)
public:
    Q_INVOKABLE explicit ChangedAuthor(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_name, m_email;
};

class ChangedBook : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "books")
    Q_CLASSINFO("title", "max_length=200")
    Q_CLASSINFO("authorId", "column=author_id references=ChangedAuthor on_delete=cascade")
    Q_CLASSINFO("pageCount", "column=page_count default=1")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QString title MEMBER m_title)
    Q_PROPERTY(qint64 authorId MEMBER m_authorId)
    Q_PROPERTY(int pageCount MEMBER m_pageCount)
    Q_PROPERTY(std::optional<int> year MEMBER m_year)
public:
    Q_INVOKABLE explicit ChangedBook(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_title;
    qint64 m_authorId = 0;
    int m_pageCount = 1;
    std::optional<int> m_year;
};

class ChangedPlugin : public QObject, public Quarry::EntityPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID QuarryEntityPlugin_iid)
    Q_INTERFACES(Quarry::EntityPlugin)
public:
    QString name() const override { return QStringLiteral("library-changed"); }
    bool registerEntities(Quarry::Database &db) override
    {
        return db.registerEntities<ChangedAuthor, ChangedBook>();
    }
};
