#pragma once

#include <QObject>

// One line of an order. The biggest demo table (200,000 rows by default): the one to
// scroll, sort and filter in the browser.
class OrderItem : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "order_items")
    Q_CLASSINFO("orderId", "label=Order references=Order on_delete=cascade index")
    Q_CLASSINFO("productId", "label=Product references=Product on_delete=restrict index")
    Q_CLASSINFO("quantity", "label=Quantity default=1")
    Q_CLASSINFO("unitPrice", "label='Unit price'")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(qint64 orderId MEMBER m_orderId NOTIFY changed)
    Q_PROPERTY(qint64 productId MEMBER m_productId NOTIFY changed)
    Q_PROPERTY(int quantity MEMBER m_quantity NOTIFY changed)
    Q_PROPERTY(double unitPrice MEMBER m_unitPrice NOTIFY changed)

public:
    Q_INVOKABLE explicit OrderItem(QObject *parent = nullptr) : QObject(parent) {}

    qint64 m_id = 0;
    qint64 m_orderId = 0;
    qint64 m_productId = 0;
    int m_quantity = 1;
    double m_unitPrice = 0;

Q_SIGNALS:
    void changed();
};
