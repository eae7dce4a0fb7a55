#pragma once

#include <QDateTime>
#include <QObject>

class Customer;
Q_MOC_INCLUDE("customer.h")

// An order: many-to-one to its customer; the items point at it (OrderItem.orderId).
class Order : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "orders")
    Q_CLASSINFO("customerId", "label=Customer references=Customer on_delete=cascade index")
    Q_CLASSINFO("placed", "label=Placed index")
    Q_CLASSINFO("status", "label=Status enum=name")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(qint64 customerId MEMBER m_customerId NOTIFY changed)
    Q_PROPERTY(QDateTime placed MEMBER m_placed NOTIFY changed)
    Q_PROPERTY(Status status MEMBER m_status NOTIFY changed)
    Q_PROPERTY(Customer *customer MEMBER m_customer NOTIFY changed)

public:
    enum Status { Pending, Paid, Shipped, Delivered, Cancelled };
    Q_ENUM(Status)

    Q_INVOKABLE explicit Order(QObject *parent = nullptr) : QObject(parent) {}

    qint64 m_id = 0;
    qint64 m_customerId = 0;
    QDateTime m_placed;
    Status m_status = Pending;
    Customer *m_customer = nullptr;

Q_SIGNALS:
    void changed();
};
