#pragma once

// The example's entity: a contact list. Labels become the column headers; name and city
// are indexed because the window sorts and searches by them (a QueryModel sorted by an
// indexed column pages through a large table by index seeks).

#include <QDate>
#include <QObject>
#include <QString>

class Contact : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "contacts")
    Q_CLASSINFO("id", "label='#'")
    Q_CLASSINFO("name", "unique max_length=60 index label='Name'")
    Q_CLASSINFO("email", "max_length=100 label='E-mail'")
    Q_CLASSINFO("city", "null max_length=60 index label='City'")
    Q_CLASSINFO("joined", "label='Joined'")
    Q_CLASSINFO("rating", "label='Rating'")
    Q_CLASSINFO("active", "label='Active'")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
    Q_PROPERTY(QString email MEMBER m_email NOTIFY changed)
    Q_PROPERTY(QString city MEMBER m_city NOTIFY changed)
    Q_PROPERTY(QDate joined MEMBER m_joined NOTIFY changed)
    Q_PROPERTY(double rating MEMBER m_rating NOTIFY changed)
    Q_PROPERTY(bool active MEMBER m_active NOTIFY changed)

public:
    Q_INVOKABLE explicit Contact(QObject *parent = nullptr) : QObject(parent) {}

    qint64 m_id = 0;
    QString m_name = QStringLiteral("");
    QString m_email = QStringLiteral("");
    QString m_city;
    QDate m_joined = QDate(2024, 1, 1);
    double m_rating = 0;
    bool m_active = true;

Q_SIGNALS:
    void changed();
};
