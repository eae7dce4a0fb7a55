// The child side: one model, its figures printed as "figure <name> <value>" lines.

#include "modelbench.h"

#include <quarry/querymodel.h>
#include <quarry/session.h>

#include <QElapsedTimer>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlTableModel>
#include <QTextStream>

#include <functional>

namespace ModelBench {

namespace {

constexpr int columns = 5;

double statusMb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

void report(const QString &name, double value)
{
    QTextStream(stdout) << "figure " << name << ' ' << QString::number(value, 'f', 2) << Qt::endl;
}

double millisecondsOf(const std::function<void()> &work)
{
    QElapsedTimer timer;
    timer.start();
    work();
    return double(timer.nsecsElapsed()) / 1e6;
}

// What a view does for the rows it shows: every column's DisplayRole.
int readRows(const QAbstractItemModel &model, int first, int count)
{
    int valid = 0;
    for (int row = first; row < first + count; ++row) {
        for (int column = 0; column < columns; ++column)
            valid += model.index(row, column).data().isValid() ? 1 : 0;
    }
    return valid;
}

int measureQueryModel(const QString &path, qint64 rows)
{
    Quarry::Database db = Quarry::Database::open(QStringLiteral("sqlite:///") + path);
    if (!db.isValid() || !db.registerEntity<BenchPerson>()) {
        qCritical() << db.lastError();
        return 1;
    }
    Quarry::Session session(db);
    // Open the session's connection first: the figures are about the model.
    session.query<BenchPerson>().where(Quarry::Field(QStringLiteral("id")) == 0).exists();
    report(QStringLiteral("rss-before"), residentMb());
    const int last = int(rows) - 10;
    {
        std::unique_ptr<Quarry::QueryModel> model;
        report(QStringLiteral("first50"), millisecondsOf([&] {
                   model = std::make_unique<Quarry::QueryModel>(session.query<BenchPerson>());
                   readRows(*model, 0, 50);
               }));
        report(QStringLiteral("near-end"), millisecondsOf([&] { readRows(*model, last, 1); }));
        report(QStringLiteral("middle"),
               millisecondsOf([&] { readRows(*model, int(rows / 2), 1); }));
        // By a column with an index, then by one without (the database must sort).
        for (const auto &[column, prefix] : {std::pair{1, "indexed"}, std::pair{3, "sorted"}}) {
            const QString name = QLatin1String(prefix);
            report(name + QStringLiteral("-first50"), millisecondsOf([&, column = column] {
                       model->sort(column, Qt::DescendingOrder);
                       readRows(*model, 0, 50);
                   }));
            report(name + QStringLiteral("-near-end"),
                   millisecondsOf([&] { readRows(*model, last, 1); }));
            report(name + QStringLiteral("-middle"),
                   millisecondsOf([&] { readRows(*model, int(rows / 2), 1); }));
            // A scroll bar dragged back by a screen from there: the window before.
            report(name + QStringLiteral("-back-a-screen"),
                   millisecondsOf([&] { readRows(*model, int(rows / 2) - 300, 1); }));
        }
        if (model->lastError().isValid())
            qCritical() << model->lastError();
    }
    Quarry::QueryModel model(session.query<BenchPerson>());
    report(QStringLiteral("scroll"), millisecondsOf([&] {
               for (int row = 0; row < rows; row += 50)
                   readRows(model, row, int(std::min<qint64>(50, rows - row)));
           }));
    report(QStringLiteral("rss-after"), residentMb());
    report(QStringLiteral("rss-peak"), peakResidentMb());
    return model.lastError().isValid() ? 1 : 0;
}

// Fetches until `row` exists, as a view scrolled (or jumped) that far must.
void fetchUpTo(QSqlTableModel &model, int row)
{
    while (model.rowCount() <= row && model.canFetchMore())
        model.fetchMore();
}

int measureTableModel(const QString &path, qint64 rows)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench"));
    db.setDatabaseName(path);
    if (!db.open()) {
        qCritical() << db.lastError().text();
        return 1;
    }
    report(QStringLiteral("rss-before"), residentMb());
    const int last = int(rows) - 10;
    auto newModel = [&db] {
        auto model = std::make_unique<QSqlTableModel>(nullptr, db);
        model->setTable(QStringLiteral("people"));
        return model;
    };
    {
        std::unique_ptr<QSqlTableModel> model;
        report(QStringLiteral("first50"), millisecondsOf([&] {
                   model = newModel();
                   model->select();
                   readRows(*model, 0, 50);
               }));
        report(QStringLiteral("near-end"), millisecondsOf([&] {
                   fetchUpTo(*model, last);
                   readRows(*model, last, 1);
               }));
    }
    {
        auto model = newModel();
        model->select();
        report(QStringLiteral("middle"), millisecondsOf([&] {
                   fetchUpTo(*model, int(rows / 2));
                   readRows(*model, int(rows / 2), 1);
               }));
    }
    for (const auto &[column, prefix] : {std::pair{1, "indexed"}, std::pair{3, "sorted"}}) {
        const QString name = QLatin1String(prefix);
        std::unique_ptr<QSqlTableModel> model = newModel();
        report(name + QStringLiteral("-first50"), millisecondsOf([&, column = column] {
                   model->setSort(column, Qt::DescendingOrder);
                   model->select();
                   readRows(*model, 0, 50);
               }));
        report(name + QStringLiteral("-near-end"), millisecondsOf([&] {
                   fetchUpTo(*model, last);
                   readRows(*model, last, 1);
               }));
    }
    {
        auto model = newModel();
        model->select();
        report(QStringLiteral("scroll"), millisecondsOf([&] {
                   for (int row = 0; row < rows; row += 50) {
                       const int count = int(std::min<qint64>(50, rows - row));
                       fetchUpTo(*model, row + count - 1);
                       readRows(*model, row, count);
                   }
               }));
        report(QStringLiteral("rss-after"), residentMb());
    }
    report(QStringLiteral("rss-peak"), peakResidentMb());
    return 0;
}

} // namespace

double residentMb()
{
    return statusMb("VmRSS");
}
double peakResidentMb()
{
    return statusMb("VmHWM");
}

int measure(const QString &which, const QString &path, qint64 rows)
{
    if (which == QLatin1String("quarry"))
        return measureQueryModel(path, rows);
    if (which == QLatin1String("qsqltablemodel"))
        return measureTableModel(path, rows);
    if (which == QLatin1String("quarry-background"))
        return measureBackground(path, rows);
    qCritical() << "unknown model" << which;
    return 2;
}

} // namespace ModelBench
