// A QTableView over a QueryModel: a contact list you can search, filter, sort and edit.
//
//   widgets [FILE]     (default: quarry-widgets-example.db in the temp dir; 5,000 made-up
//                       contacts are added when the table is empty)

#include "demodata.h"
#include "mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QString file = argc > 1
                             ? QString::fromLocal8Bit(argv[1])
                             : QDir::temp().filePath(QStringLiteral("quarry-widgets-example.db"));
    Quarry::Database db =
        Quarry::Database::open(QStringLiteral("sqlite:///") + QFileInfo(file).absoluteFilePath());
    QString error;
    if (!db.isValid() || !DemoData::prepare(db, 5000, &error)) {
        QMessageBox::critical(nullptr, QStringLiteral("Quarry"),
                              db.isValid() ? error : db.lastError().toString());
        return 1;
    }
    MainWindow window(db);
    window.resize(1000, 640);
    window.show();
    return app.exec();
}
