#pragma once

#include <quarry/database.h>

#include <QObject>
#include <QStringConverter>
#include <QStringList>

#include <atomic>
#include <memory>

namespace Quarry {
class EntityInfo;
class PropertyInfo;
} // namespace Quarry

namespace QuarryBrowser {

class BackgroundWorker;

struct ImportRequest {
    QString entity; // class or table name
    QString fileName;
    QChar delimiter = u',';
    bool hasHeader = true; // the first record names the columns (and is not imported)
    QStringConverter::Encoding encoding = QStringConverter::Utf8;
    QStringList mapping; // per CSV column: the target property, or empty to skip it
};

// Imports a CSV file into an entity's table on a thread of its own, with a Session of its
// own, in ONE transaction: every value is converted to its property's type first (a bad
// one stops the import with its line and column named), and any error — a bad value, a
// constraint the database refuses, a cancel — rolls the whole import back: nothing is
// imported. Lines are the file's own (1-based, the header being line 1), as an editor
// shows them.
//
// Values: as the exporter writes them — numbers in C locale, true/false/1/0, ISO 8601
// dates and times, base64 bytes, JSON text, enum keys (or numbers). An unquoted empty
// field is NULL (a nullable column), the column's default, or '' for NOT NULL text; a
// quoted empty field ("") is the empty string.
class Importer : public QObject {
    Q_OBJECT
public:
    explicit Importer(const Quarry::Database &database, QObject *parent = nullptr);
    ~Importer() override;

    void start(const ImportRequest &request);
    void cancel();
    bool isRunning() const { return m_running; }

    // For each header, the property whose name or label matches it (ignoring case,
    // spaces and underscores), else an empty string (skip).
    static QStringList guessMapping(const Quarry::EntityInfo *entity, const QStringList &header);
    // CSV text to the property's plain value; false with the reason in *why.
    static bool convert(const Quarry::PropertyInfo &property, const QString &text, QVariant *value,
                        QString *why);

Q_SIGNALS:
    // Records read so far and how far through the file (0-100).
    void progress(qint64 rows, int percent);
    void finished(bool ok, const QString &message, qint64 rows);

private:
    std::unique_ptr<BackgroundWorker> m_worker;
    Quarry::Database m_database;
    std::shared_ptr<std::atomic_bool> m_cancel;
    bool m_running = false;
};

} // namespace QuarryBrowser
