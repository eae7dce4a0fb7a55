#pragma once

// The benchmark's row type, twice: BenchUser is the Quarry entity (and the QObject the
// hand-written QObject variant fills), UserRow the plain struct of the hand-written
// QtSql variant. Both map the table
//
//   users(id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT UNIQUE NOT NULL, email TEXT,
//         age INTEGER, score REAL, created TEXT)
//
// which Quarry creates (createAll) for every variant, so the schema is identical. Plain
// int/double properties are NOT NULL in Quarry (nullable ones would be std::optional);
// email and created are nullable, as in the table above. QDateTime is stored the way
// Quarry stores it: TEXT 'yyyy-MM-ddTHH:mm:ss.zzzZ' on SQLite, TIMESTAMP(3) on
// PostgreSQL, DATETIME(3) on MariaDB, always UTC.

#include <QDateTime>
#include <QObject>
#include <QString>

class BenchUser : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "users")
    Q_CLASSINFO("username", "unique")
    Q_CLASSINFO("email", "null")
    Q_CLASSINFO("created", "null")
    Q_PROPERTY(qint64 id READ id WRITE setId NOTIFY changed)
    Q_PROPERTY(QString username READ username WRITE setUsername NOTIFY changed)
    Q_PROPERTY(QString email READ email WRITE setEmail NOTIFY changed)
    Q_PROPERTY(int age READ age WRITE setAge NOTIFY changed)
    Q_PROPERTY(double score READ score WRITE setScore NOTIFY changed)
    Q_PROPERTY(QDateTime created READ created WRITE setCreated NOTIFY changed)

public:
    Q_INVOKABLE explicit BenchUser(QObject *parent = nullptr) : QObject(parent) {}

    qint64 id() const { return m_id; }
    QString username() const { return m_username; }
    QString email() const { return m_email; }
    int age() const { return m_age; }
    double score() const { return m_score; }
    QDateTime created() const { return m_created; }

    void setId(qint64 id) { assign(m_id, id); }
    void setUsername(const QString &username) { assign(m_username, username); }
    void setEmail(const QString &email) { assign(m_email, email); }
    void setAge(int age) { assign(m_age, age); }
    void setScore(double score) { assign(m_score, score); }
    void setCreated(const QDateTime &created) { assign(m_created, created); }

Q_SIGNALS:
    void changed();

private:
    template<typename T>
    void assign(T &member, const T &value)
    {
        if (member == value)
            return;
        member = value;
        emit changed();
    }

    qint64 m_id = 0;
    QString m_username;
    QString m_email;
    int m_age = 0;
    double m_score = 0;
    QDateTime m_created;
};

struct UserRow
{
    qint64 id = 0;
    QString username;
    QString email;
    int age = 0;
    double score = 0;
    QDateTime created;
};
