// quarry-browser: opens a database (URL argument or the connection dialog) in a main
// window; with --screenshot, saves a PNG of the window once the first rows show and exits.

#include "connectiondialog.h"
#include "databasecontext.h"
#include "entitytree.h"
#include "mainwindow.h"
#include "recentconnections.h"
#include "tablepage.h"

#include <quarry/querymodel.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTableView>
#include <QTimer>

#include <cstdio>


using namespace QuarryBrowser;

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "quarry-browser: %s\n", qPrintable(message));
    return 1;
}

// Ready when the page's first rows are in the view (and, for a nicer picture, the tree's
// counts are in, unless they take long). Written for a model that loads in the
// background too: with QueryModel's planned LoadingRole, also wait until row 0 is not
// loading.
bool firstRowsShown(TablePage *page)
{
    // Background loading: the count must be known and the first row read, not "loading…".
    Quarry::QueryModel *model = page->model();
    if (!model->isRowCountKnown())
        return false;
    if (model->rowCount() == 0)
        return true;
    const QModelIndex first = model->index(0, 0);
    return model->columnCount() > 0 && page->view()->rowAt(0) == 0
           && !first.data(Quarry::QueryModel::LoadingRole).toBool();
}

int takeScreenshot(MainWindow *window, const QString &table, const QString &file)
{
    QString name = table;
    if (name.isEmpty()) {
        const QStringList names = window->context()->entityNames();
        if (names.isEmpty())
            return fail(QStringLiteral("the database has no table to show"));
        name = names.first();
    }
    window->resize(1280, 800);
    window->show();
    TablePage *page = window->openTable(name);
    if (!page)
        return fail(QStringLiteral("no table or entity '%1' (there are: %2)")
                        .arg(name, window->context()->entityNames().join(QStringLiteral(", "))));
    QElapsedTimer elapsed;
    elapsed.start();
    int result = -1;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        const bool rows = firstRowsShown(page);
        const bool counts = window->entityTree()->allCountsArrived() || elapsed.elapsed() > 10'000;
        if (rows && counts) {
            poll.stop();
            if (!window->grab().save(file))
                result = fail(QStringLiteral("cannot write the screenshot %1").arg(file));
            else
                result = 0;
            QCoreApplication::exit(result);
        } else if (elapsed.elapsed() > 60'000) {
            poll.stop();
            result =
                fail(QStringLiteral("the first rows of %1 did not show within 60 s").arg(name));
            QCoreApplication::exit(result);
        }
    });
    poll.start(50);
    QCoreApplication::exec();
    return result < 0 ? 1 : result;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Quarry"));
    QApplication::setApplicationName(QStringLiteral("quarry-browser"));
    QApplication::setApplicationVersion(QStringLiteral(QUARRY_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Inspect and edit the records of a SQLite, PostgreSQL or MariaDB database."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("url"),
        QStringLiteral("sqlite:///file.db, postgresql://user@host:5432/db or mysql://user@host/db "
                       "(none: the connection dialog)"),
        QStringLiteral("[url]"));
    const QCommandLineOption entities(QStringLiteral("entities"),
                                      QStringLiteral("The application's entity plugin."),
                                      QStringLiteral("plugin"));
    const QCommandLineOption readOnly(QStringLiteral("read-only"),
                                      QStringLiteral("Make every edit impossible."));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Save a PNG of the window once the first rows show, then exit."),
        QStringLiteral("file"));
    const QCommandLineOption table(QStringLiteral("table"),
                                   QStringLiteral("The table to open (default: the first)."),
                                   QStringLiteral("name"));
    parser.addOptions({entities, readOnly, screenshot, table});
    parser.process(app);

    const QStringList arguments = parser.positionalArguments();
    if (arguments.size() > 1)
        return fail(QStringLiteral("one database URL at most (see --help)"));
    const bool screenshotMode = parser.isSet(screenshot);
    if (screenshotMode && arguments.isEmpty())
        return fail(QStringLiteral("--screenshot needs a database URL"));

    ConnectionProfile profile;
    profile.entitiesPlugin = parser.value(entities);
    QString error;
    std::unique_ptr<DatabaseContext> context;
    if (!arguments.isEmpty()) {
        if (ConnectionProfile::fromUrl(arguments.first(), &profile, &error)) {
            QApplication::setOverrideCursor(Qt::WaitCursor);
            context = DatabaseContext::open(profile, &error);
            QApplication::restoreOverrideCursor();
        } else {
            profile.url = arguments.first();
        }
        if (!context && screenshotMode)
            return fail(error);
        if (context)
            RecentConnections::add(profile);
    }
    if (!context) {
        // No URL, or one that failed: the dialog, with what was given and why it failed.
        ConnectionDialog dialog;
        if (!profile.url.isEmpty() || !profile.entitiesPlugin.isEmpty())
            dialog.setProfile(profile);
        if (!error.isEmpty())
            dialog.showError(error);
        if (dialog.exec() != QDialog::Accepted)
            return 0;
        context = dialog.takeContext();
    }
    if (parser.isSet(readOnly))
        context->lockReadOnly();

    MainWindow window(std::move(context));
    if (screenshotMode)
        return takeScreenshot(&window, parser.value(table), parser.value(screenshot));
    window.restoreSession();
    if (parser.isSet(table))
        window.openTable(parser.value(table));
    window.show();
    return QApplication::exec();
}
