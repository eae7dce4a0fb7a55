#pragma once

#include <QList>
#include <QObject>

class Book;
Q_MOC_INCLUDE("book.h")

//! [author]
class Author : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "authors")
    Q_CLASSINFO("name", "unique max_length=100")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
    Q_PROPERTY(QList<Book *> books MEMBER m_books NOTIFY changed) // one-to-many: Book.authorId

public:
    Q_INVOKABLE explicit Author(QObject *parent = nullptr) : QObject(parent) {}
    explicit Author(const QString &name) : m_name(name) {}

    qint64 m_id = 0;
    QString m_name;
    QList<Book *> m_books;

Q_SIGNALS:
    void changed();
};
//! [author]
