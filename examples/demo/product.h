#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>

// A product of the demo shop; its category is an enum stored by name.
class Product : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "products")
    Q_CLASSINFO("name", "label=Product unique max_length=120")
    Q_CLASSINFO("category", "label=Category enum=name")
    Q_CLASSINFO("price", "label=Price")
    Q_CLASSINFO("stock", "label='In stock' default=0")
    Q_CLASSINFO("added", "label=Added")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
    Q_PROPERTY(Category category MEMBER m_category NOTIFY changed)
    Q_PROPERTY(double price MEMBER m_price NOTIFY changed)
    Q_PROPERTY(int stock MEMBER m_stock NOTIFY changed)
    Q_PROPERTY(QDateTime added MEMBER m_added NOTIFY changed)

public:
    enum Category { Books, Music, Garden, Toys, Tools, Kitchen };
    Q_ENUM(Category)

    Q_INVOKABLE explicit Product(QObject *parent = nullptr) : QObject(parent) {}

    qint64 m_id = 0;
    QString m_name;
    Category m_category = Books;
    double m_price = 0;
    int m_stock = 0;
    QDateTime m_added;

Q_SIGNALS:
    void changed();
};
