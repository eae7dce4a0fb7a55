#pragma once

#include "error.h"
#include "quarry_export.h"

#include <QByteArray>
#include <QJsonArray>
#include <QList>
#include <QSharedDataPointer>
#include <QString>

namespace Quarry {

class MigrationData;

// One migration file: a dialect-neutral JSON document with an id, a message and a list of
// operations, applied in id order (docs/migrations.md describes every operation).
//
//   {"id": "0002_add_email", "message": "add email",
//    "operations": [{"op": "addColumn", "table": "users",
//                    "column": {"name": "email", "type": "string", "null": true}}]}
//
// A value type, cheap to copy. A migration that failed to load is invalid and error()
// says why, naming the file and the operation.
class QUARRY_EXPORT Migration
{
public:
    Migration();
    Migration(const Migration &other);
    Migration &operator=(const Migration &other);
    ~Migration();

    // Reads a file's bytes. `fileName` names it in errors; the id defaults to the file's
    // name without ".json" and must match it when given.
    static Migration fromJson(const QByteArray &bytes, const QString &fileName = {});
    // A new migration (autogenerate), written as indented JSON.
    static Migration create(const QString &id, const QString &message,
                            const QJsonArray &operations);
    // Every *.json of a directory or a Qt resource path (":/migrations"), sorted by id.
    // On failure returns what loaded and sets *error (the first bad file).
    static QList<Migration> load(const QString &path, Error *error);

    bool isValid() const;
    Error error() const;
    QString id() const;
    QString message() const;
    QString fileName() const;
    QJsonArray operations() const;
    // The file's bytes, and their SHA-256 in hex: what quarry_migrations records.
    QByteArray bytes() const;
    QString checksum() const;
    // False (and *reason) when some operation cannot be undone (a dropColumn that does not
    // record the column, an sql step without "reverse").
    bool isReversible(QString *reason = nullptr) const;

private:
    QSharedDataPointer<MigrationData> d;
};

} // namespace Quarry
