#include "demodatabase.h"

#include "customer.h"
#include "order.h"
#include "orderitem.h"
#include "product.h"

#include <quarry/schema.h>
#include <quarry/session.h>

#include <QRandomGenerator>
#include <QStringList>
#include <QTimeZone>

#include <functional>

namespace ShopDemo {
namespace {

const QStringList firstNames = {
    QStringLiteral("Ada"),    QStringLiteral("Alan"),  QStringLiteral("Grace"),
    QStringLiteral("Linus"),  QStringLiteral("Barbara"), QStringLiteral("Ken"),
    QStringLiteral("Margaret"), QStringLiteral("Dennis"), QStringLiteral("Frances"),
    QStringLiteral("Niklaus"), QStringLiteral("Radia"), QStringLiteral("Edsger"),
    QStringLiteral("Hedy"),   QStringLiteral("Bjarne"), QStringLiteral("Karen"),
    QStringLiteral("Tim"),    QStringLiteral("Jean"),  QStringLiteral("Guido"),
    QStringLiteral("Éva"),    QStringLiteral("Søren"),
};
const QStringList lastNames = {
    QStringLiteral("Lovelace"), QStringLiteral("Turing"),  QStringLiteral("Hopper"),
    QStringLiteral("Torvalds"), QStringLiteral("Liskov"),  QStringLiteral("Thompson"),
    QStringLiteral("Hamilton"), QStringLiteral("Ritchie"), QStringLiteral("Allen"),
    QStringLiteral("Wirth"),    QStringLiteral("Perlman"), QStringLiteral("Dijkstra"),
    QStringLiteral("Lamarr"),   QStringLiteral("Stroustrup"), QStringLiteral("Jones"),
    QStringLiteral("Berners-Lee"), QStringLiteral("Bartik"), QStringLiteral("van Rossum"),
};
const QStringList cities = {
    QStringLiteral("Berlin"), QStringLiteral("Oslo"),    QStringLiteral("Lisbon"),
    QStringLiteral("Kraków"), QStringLiteral("Lyon"),    QStringLiteral("Turin"),
    QStringLiteral("Ghent"),  QStringLiteral("Tampere"), QStringLiteral("Seville"),
    QStringLiteral("Graz"),   QStringLiteral("Aarhus"),  QStringLiteral("Brno"),
};
const QStringList productWords = {
    QStringLiteral("Compact"), QStringLiteral("Deluxe"), QStringLiteral("Classic"),
    QStringLiteral("Smart"),   QStringLiteral("Travel"), QStringLiteral("Garden"),
    QStringLiteral("Vintage"), QStringLiteral("Solar"),  QStringLiteral("Wooden"),
    QStringLiteral("Folding"),
};
const QStringList productNouns = {
    QStringLiteral("lamp"),   QStringLiteral("kettle"), QStringLiteral("chair"),
    QStringLiteral("record"), QStringLiteral("novel"),  QStringLiteral("trowel"),
    QStringLiteral("puzzle"), QStringLiteral("drill"),  QStringLiteral("teapot"),
    QStringLiteral("kite"),
};

// Adds `count` objects made by `make` and commits every 5,000, expunging what is
// committed, so memory stays flat however big the table is.
bool addInBatches(Quarry::Session &session, int count, const std::function<QObject *(int)> &make,
                  QString *error)
{
    constexpr int batch = 5'000;
    QList<QObject *> pending;
    for (int i = 0; i < count; ++i) {
        QObject *object = make(i);
        session.add(object);
        pending.append(object);
        if (pending.size() == batch || i + 1 == count) {
            if (!session.commit()) {
                *error = session.lastError().toString();
                return false;
            }
            for (QObject *done : std::as_const(pending)) {
                session.expunge(done);
                delete done;
            }
            pending.clear();
        }
    }
    return true;
}

} // namespace

bool registerEntities(Quarry::Database &db)
{
    return db.registerEntities<Customer, Product, Order, OrderItem>();
}

bool create(const QString &url, const Size &size, QString *error)
{
    Quarry::Database db = Quarry::Database::open(url);
    if (!db.isValid() || !registerEntities(db)) {
        *error = db.lastError().toString();
        return false;
    }
    if (db.schema().tableNames().contains(QStringLiteral("customers")))
        return true;
    if (!db.createAll()) {
        *error = db.lastError().toString();
        return false;
    }

    QRandomGenerator random(20261125);
    const auto pick = [&random](const QStringList &list) {
        return list.at(int(random.bounded(qsizetype(list.size()))));
    };
    const QDateTime start(QDate(2024, 1, 1), QTime(8, 0), QTimeZone::utc());
    Quarry::Session session(db);

    bool ok = addInBatches(session, size.customers, [&](int i) {
        auto *customer = new Customer;
        customer->m_name = pick(firstNames) + QLatin1Char(' ') + pick(lastNames);
        customer->m_email = QStringLiteral("customer%1@example.com").arg(i + 1);
        customer->m_city = pick(cities);
        customer->m_vip = random.bounded(10) == 0;
        customer->m_joined = start.date().addDays(-qint64(random.bounded(2000)));
        if (random.bounded(4) == 0)
            customer->m_notes = QStringLiteral("Prefers delivery after %1 pm").arg(random.bounded(2, 7));
        return customer;
    }, error);
    ok = ok && addInBatches(session, size.products, [&](int i) {
        auto *product = new Product;
        product->m_name = QStringLiteral("%1 %2 #%3").arg(pick(productWords), pick(productNouns)).arg(i + 1);
        product->m_category = Product::Category(random.bounded(6));
        product->m_price = double(random.bounded(100, 20'000)) / 100.0;
        product->m_stock = int(random.bounded(0, 500));
        product->m_added = start.addSecs(qint64(random.bounded(0, 600 * 86'400)));
        return product;
    }, error);
    ok = ok && addInBatches(session, size.orders, [&](int) {
        auto *order = new Order;
        order->m_customerId = 1 + random.bounded(size.customers);
        order->m_placed = start.addSecs(qint64(random.bounded(0, 700 * 86'400)));
        order->m_status = Order::Status(random.bounded(5));
        return order;
    }, error);
    ok = ok && addInBatches(session, size.orderItems, [&](int i) {
        auto *item = new OrderItem;
        // Every order gets at least one item, the rest land at random.
        item->m_orderId = i < size.orders ? i + 1 : 1 + random.bounded(size.orders);
        item->m_productId = 1 + random.bounded(size.products);
        item->m_quantity = 1 + int(random.bounded(5));
        item->m_unitPrice = double(random.bounded(100, 20'000)) / 100.0;
        return item;
    }, error);
    return ok;
}

} // namespace ShopDemo
