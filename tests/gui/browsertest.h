#pragma once

// Shared by the browser's GUI tests (tst_browser*.cpp): the demo shop database and
// screenshots. Screenshots go to QUARRY_SCREENSHOT_DIR (the build's screenshots/ folder,
// kept as test artifacts); look at them.

#include "databasecontext.h"
#include "demodatabase.h"

#include <quarry/querymodel.h>

#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

namespace BrowserTest {

// A SQLite demo shop with `orderItems` order items, created once per test program in a
// temporary directory (copied per call, so every test may edit its own).
inline QString demoUrl(int orderItems = 20'000)
{
    static QTemporaryDir dir;
    static QHash<int, QString> templates;
    static int copies = 0;
    if (!templates.contains(orderItems)) {
        const QString file = dir.filePath(QStringLiteral("template-%1.db").arg(orderItems));
        ShopDemo::Size size;
        size.orderItems = orderItems;
        size.orders = qMax(1, qMin(size.orders, orderItems / 4));
        QString error;
        if (!ShopDemo::create(QStringLiteral("sqlite:///") + file, size, &error))
            qFatal("cannot create the demo database: %s", qPrintable(error));
        templates.insert(orderItems, file);
    }
    const QString copy = dir.filePath(QStringLiteral("demo-%1.db").arg(++copies));
    QFile::copy(templates.value(orderItems), copy);
    return QStringLiteral("sqlite:///") + copy;
}

// The browser's pages load in the background: waits until the model's row count is known
// and its first `rows` rows are read (not "loading…").
inline bool waitForRows(const Quarry::QueryModel *model, int rows = 30, int timeoutMs = 20'000)
{
    QElapsedTimer elapsed;
    elapsed.start();
    while (elapsed.elapsed() < timeoutMs) {
        if (model->isRowCountKnown()) {
            bool loaded = true;
            for (int row = 0; row < qMin(rows, model->rowCount()) && loaded; ++row)
                loaded = !model->index(row, 0).data(Quarry::QueryModel::LoadingRole).toBool();
            if (loaded)
                return true;
        }
        QTest::qWait(10);
    }
    return false;
}

// The browser's connection to `url`, opened as quarry-browser opens it, with the shop's
// entity plugin unless `withEntities` is false. nullptr, a warning and *error when it
// cannot be opened.
inline std::unique_ptr<QuarryBrowser::DatabaseContext> openContext(const QString &url,
                                                                   bool withEntities = true,
                                                                   QString *error = nullptr)
{
    QuarryBrowser::ConnectionProfile profile;
    profile.url = url;
    if (withEntities)
        profile.entitiesPlugin = QStringLiteral(QUARRY_SHOP_PLUGIN);
    QString reason;
    auto context = QuarryBrowser::DatabaseContext::open(profile, &reason);
    if (!context) {
        qWarning("cannot open %s: %s", qPrintable(url), qPrintable(reason));
        if (error)
            *error = reason;
    }
    return context;
}

// Saves the widget as <QUARRY_SCREENSHOT_DIR>/<name>.png and returns the path.
inline QString screenshot(QWidget *widget, const QString &name)
{
    QDir().mkpath(QStringLiteral(QUARRY_SCREENSHOT_DIR));
    const QString path = QStringLiteral(QUARRY_SCREENSHOT_DIR "/%1.png").arg(name);
    if (!widget->grab().save(path))
        qWarning("cannot save %s", qPrintable(path));
    return path;
}

} // namespace BrowserTest
