#pragma once

// W7's entities: books with their authors (a many-to-one relation).

#include <QObject>
#include <QString>

class BenchAuthor : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "bench_authors")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
public:
    Q_INVOKABLE explicit BenchAuthor(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_name;
Q_SIGNALS:
    void changed();
};

class BenchBook : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "bench_books")
    Q_CLASSINFO("authorId", "column=author_id references=BenchAuthor") // lower case: raw SQL needs no quoting
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString title MEMBER m_title NOTIFY changed)
    Q_PROPERTY(qint64 authorId MEMBER m_authorId NOTIFY changed)
    Q_PROPERTY(BenchAuthor *author MEMBER m_author NOTIFY changed)
public:
    Q_INVOKABLE explicit BenchBook(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_title;
    qint64 m_authorId = 0;
    BenchAuthor *m_author = nullptr;
Q_SIGNALS:
    void changed();
};
