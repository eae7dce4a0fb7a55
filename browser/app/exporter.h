#pragma once

#include <quarry/condition.h>
#include <quarry/database.h>

#include <QList>
#include <QObject>
#include <QPair>
#include <QStringList>

#include <memory>

class QHeaderView;

namespace Quarry {
class EntityInfo;
class QueryModel;
} // namespace Quarry

namespace QuarryBrowser {

class BackgroundWorker;

// What to export: "the current view" of a table page, as its QueryModel shows it.
struct ExportRequest {
    enum class Format { Csv, Json };

    QString entity;                             // class or table name
    Quarry::Condition condition;                // the model's filter()
    QString search;                             // the model's search()
    QList<QPair<QString, Qt::SortOrder>> order; // properties; the key is added last
    QStringList columns;                        // properties; empty: all mapped ones
    // The columns the search looks at: the model's columns(), hidden ones included, as
    // QueryModel searches them. Empty: `columns`.
    QStringList searchColumns;
    QString fileName;
    Format format = Format::Csv;

    // The view of a table page's model: its entity, filter(), search(), sort column and
    // order, columns(). With the view's header, only the shown columns, in the order the
    // header shows them. (The model's own query condition is not readable from outside;
    // the browser's pages have none, only filters.)
    static ExportRequest fromModel(const Quarry::QueryModel &model,
                                   const QHeaderView *header = nullptr);
};

// Writes a view to CSV or JSON on a thread of its own, with a Session of its own, reading
// it in keyset batches (never the whole table in memory): progress(rowsDone, total) after
// each batch, the total counted first. The file is written beside its target and renamed
// at the end (QSaveFile): a cancel or an error leaves nothing behind, and an existing file
// of that name untouched.
//
// CSV (RFC 4180): a header of property names (stable identifiers, and what the importer
// matches), CRLF line ends, a field quoted when it holds the delimiter, a quote, CR or LF,
// or is empty text — so an empty string ("") and NULL (nothing) stay distinct.
// JSON: an array of objects, keys in column order; integers, doubles and booleans as JSON
// numbers and booleans, NULL as null, dates and times ISO 8601 (date-times in UTC with
// milliseconds), bytes base64, JSON columns as JSON.
class Exporter : public QObject {
    Q_OBJECT
public:
    explicit Exporter(const Quarry::Database &database, QObject *parent = nullptr);
    ~Exporter() override;

    void start(const ExportRequest &request);
    void cancel();
    bool isRunning() const { return m_running; }
    // Rows read per statement (default 2,000).
    void setBatchSize(int rows) { m_batchSize = qMax(1, rows); }

Q_SIGNALS:
    void progress(qint64 rowsDone, qint64 total);
    // ok: the file is complete; else why not (cancelled, or the error).
    void finished(bool ok, const QString &message, qint64 rows);

private:
    std::unique_ptr<BackgroundWorker> m_worker;
    Quarry::Database m_database;
    std::shared_ptr<std::atomic_bool> m_cancel;
    int m_batchSize = 2000;
    bool m_running = false;
};

} // namespace QuarryBrowser
