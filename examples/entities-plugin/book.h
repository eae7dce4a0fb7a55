#pragma once

#include <QObject>

class Book : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "books")
    Q_CLASSINFO("title", "max_length=200 index")
    Q_CLASSINFO("authorId", "column=author_id references=Author on_delete=cascade")
    Q_CLASSINFO("pages", "default=0")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString title MEMBER m_title NOTIFY changed)
    Q_PROPERTY(qint64 authorId MEMBER m_authorId NOTIFY changed)
    Q_PROPERTY(int pages MEMBER m_pages NOTIFY changed)
public:
    Q_INVOKABLE explicit Book(QObject *parent = nullptr) : QObject(parent) {}
    qint64 m_id = 0;
    QString m_title;
    qint64 m_authorId = 0;
    int m_pages = 0;
Q_SIGNALS:
    void changed();
};
