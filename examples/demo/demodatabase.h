#pragma once

#include <quarry/database.h>

#include <QString>

// The demo shop the browser opens in the README's first command: customers, products,
// orders and order items, related by foreign keys, with deterministic data (a fixed
// seed), so screenshots and tests see the same rows every time.
namespace ShopDemo {

struct Size {
    int customers = 2'000;
    int products = 500;
    int orders = 50'000;
    int orderItems = 200'000;
};

// Registers Customer, Product, Order and OrderItem.
bool registerEntities(Quarry::Database &db);

// Creates the tables and fills them, unless the database already has the customers
// table (then it is left alone and this returns true). `error` says why on failure.
bool create(const QString &url, const Size &size, QString *error);

} // namespace ShopDemo
