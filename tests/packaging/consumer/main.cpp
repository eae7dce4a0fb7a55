// The smallest Quarry application: proves that the installed headers are complete and
// self-contained (<quarry/database.h>), and that the library and Qt link and run.
#include <quarry/database.h>

#include <QCoreApplication>
#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv); // Qt's SQL driver plugins are loaded through it
    Quarry::Database db = Quarry::Database::open(QStringLiteral("sqlite://"));
    if (!db.isValid()) {
        std::fprintf(stderr, "consumer: cannot open sqlite:// : %s\n",
                     qPrintable(db.lastError().toString()));
        return 1;
    }
    std::printf("consumer ok\n");
    return 0;
}
