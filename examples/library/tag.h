#pragma once

#include <QList>
#include <QObject>

class Book;
Q_MOC_INCLUDE("book.h")

//! [tag]
class Tag : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "tags")
    Q_CLASSINFO("name", "unique max_length=40")
    Q_CLASSINFO("books", "through=book_tags") // the other side of Book.tags
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
    Q_PROPERTY(QList<Book *> books MEMBER m_books NOTIFY changed)

public:
    Q_INVOKABLE explicit Tag(QObject *parent = nullptr) : QObject(parent) {}
    explicit Tag(const QString &name) : m_name(name) {}

    qint64 m_id = 0;
    QString m_name;
    QList<Book *> m_books;

Q_SIGNALS:
    void changed();
};
//! [tag]
