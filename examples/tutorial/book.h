#pragma once

#include <QDate>
#include <QObject>
#include <optional>

//! [mapping]
class Book : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "books")
    Q_CLASSINFO("title", "max_length=200 index label='Title'")
    Q_CLASSINFO("isbn", "unique max_length=13")
    Q_CLASSINFO("genre", "default=Fiction")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString title MEMBER m_title NOTIFY changed)
    Q_PROPERTY(QString isbn MEMBER m_isbn NOTIFY changed)
    Q_PROPERTY(Genre genre MEMBER m_genre NOTIFY changed)
    Q_PROPERTY(QDate published MEMBER m_published NOTIFY changed)
    Q_PROPERTY(std::optional<double> rating MEMBER m_rating NOTIFY changed) // nullable
    Q_PROPERTY(int wordCount READ wordCount STORED false)                   // not mapped

public:
    enum class Genre { Fiction, Poetry, Science };
    Q_ENUM(Genre)

    Q_INVOKABLE explicit Book(QObject *parent = nullptr) : QObject(parent) {}
    Book(const QString &title, const QString &isbn, Genre genre, QDate published)
        : m_title(title), m_isbn(isbn), m_genre(genre), m_published(published) {}

    int wordCount() const { return 0; }

    qint64 m_id = 0;
    QString m_title;
    QString m_isbn;
    Genre m_genre = Genre::Fiction;
    QDate m_published;
    std::optional<double> m_rating;

Q_SIGNALS:
    void changed();
};
//! [mapping]
