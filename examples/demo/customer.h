#pragma once

#include <QDate>
#include <QList>
#include <QObject>
#include <QString>

class Order;
Q_MOC_INCLUDE("order.h")

// A customer of the demo shop. The options show what the browser picks up from entity
// classes: labels for headers and forms, lengths and uniqueness as validation rules.
class Customer : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "customers")
    Q_CLASSINFO("name", "label=Name max_length=100 index")
    Q_CLASSINFO("email", "label=E-mail unique max_length=200")
    Q_CLASSINFO("city", "label=City max_length=80 index")
    Q_CLASSINFO("vip", "label=VIP default=false")
    Q_CLASSINFO("joined", "label='Customer since'")
    Q_CLASSINFO("notes", "label=Notes null")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
    Q_PROPERTY(QString email MEMBER m_email NOTIFY changed)
    Q_PROPERTY(QString city MEMBER m_city NOTIFY changed)
    Q_PROPERTY(bool vip MEMBER m_vip NOTIFY changed)
    Q_PROPERTY(QDate joined MEMBER m_joined NOTIFY changed)
    Q_PROPERTY(QString notes MEMBER m_notes NOTIFY changed)
    Q_PROPERTY(QList<Order *> orders MEMBER m_orders NOTIFY changed)

public:
    Q_INVOKABLE explicit Customer(QObject *parent = nullptr) : QObject(parent) {}

    qint64 m_id = 0;
    QString m_name;
    QString m_email;
    QString m_city;
    bool m_vip = false;
    QDate m_joined;
    QString m_notes;
    QList<Order *> m_orders;

Q_SIGNALS:
    void changed();
};
