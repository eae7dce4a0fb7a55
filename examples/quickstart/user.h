#pragma once

#include <QObject>
#include <QString>

// Step 2 of the tutorial: a plain QObject is the model. Q_PROPERTYs are columns, and
// Q_CLASSINFO carries the options next to the property they describe.
class User : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "users")
    Q_CLASSINFO("username", "unique max_length=50")
    Q_CLASSINFO("email", "max_length=100")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed) // "id": the primary key by convention
    Q_PROPERTY(QString username MEMBER m_username NOTIFY changed)
    Q_PROPERTY(QString email MEMBER m_email NOTIFY changed)

public:
    Q_INVOKABLE explicit User(QObject *parent = nullptr);
    User(const QString &username, const QString &email, QObject *parent = nullptr);

    qint64 id() const { return m_id; }
    QString username() const { return m_username; }
    QString email() const { return m_email; }

Q_SIGNALS:
    void changed();

private:
    qint64 m_id = 0;
    QString m_username;
    QString m_email;
};
