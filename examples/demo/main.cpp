// quarry-demo-db URL [--items N]: creates the demo shop database the browser opens in the
// README's first command (nothing happens when it already exists).
#include "demodatabase.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Creates the demo shop database."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("e.g. sqlite:///shop.db"));
    const QCommandLineOption items(QStringLiteral("items"),
                                   QStringLiteral("Rows of order_items (default 200000)."),
                                   QStringLiteral("n"));
    parser.addOption(items);
    parser.process(app);
    if (parser.positionalArguments().size() != 1)
        parser.showHelp(2);

    ShopDemo::Size size;
    if (parser.isSet(items)) {
        size.orderItems = parser.value(items).toInt();
        size.orders = qMax(1, qMin(size.orders, size.orderItems / 4));
    }
    QElapsedTimer timer;
    timer.start();
    QString error;
    QTextStream out(stdout);
    if (!ShopDemo::create(parser.positionalArguments().constFirst(), size, &error)) {
        QTextStream(stderr) << "quarry-demo-db: " << error << '\n';
        return 1;
    }
    out << "demo database ready in " << timer.elapsed() << " ms\n";
    return 0;
}
