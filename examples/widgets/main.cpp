// A QTableView over a QueryModel: a contact list you can search, filter, sort and edit.
//
//   widgets [--background] [FILE]
//                      (default: quarry-widgets-example.db in the temp dir; 5,000 made-up
//                       contacts are added when the table is empty; --background loads
//                       in a worker thread, see docs/models.md)

#include "demodata.h"
#include "mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QStringList arguments = app.arguments().mid(1);
    const bool background = arguments.removeAll(QStringLiteral("--background")) > 0;
    const QString file = !arguments.isEmpty()
                             ? arguments.constFirst()
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
    window.setBackgroundLoading(background);
    window.resize(1000, 640);
    window.show();
    return app.exec();
}
