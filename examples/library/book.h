#pragma once

#include <QList>
#include <QObject>

class Author;
class Tag;
Q_MOC_INCLUDE("author.h")
Q_MOC_INCLUDE("tag.h")

//! [book]
class Book : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "library_books")
    Q_CLASSINFO("authorId", "references=Author on_delete=cascade")
    Q_CLASSINFO("tags", "through=book_tags") // many-to-many: createAll() makes book_tags
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString title MEMBER m_title NOTIFY changed)
    Q_PROPERTY(int year MEMBER m_year NOTIFY changed)
    Q_PROPERTY(qint64 authorId MEMBER m_authorId NOTIFY changed) // the foreign key column
    Q_PROPERTY(Author *author MEMBER m_author NOTIFY changed)    // many-to-one, on authorId
    Q_PROPERTY(QList<Tag *> tags MEMBER m_tags NOTIFY changed)

public:
    Q_INVOKABLE explicit Book(QObject *parent = nullptr) : QObject(parent) {}
    Book(const QString &title, int year) : m_title(title), m_year(year) {}

    qint64 m_id = 0;
    QString m_title;
    int m_year = 0;
    qint64 m_authorId = 0;
    Author *m_author = nullptr;
    QList<Tag *> m_tags;

Q_SIGNALS:
    void changed();
};
//! [book]
