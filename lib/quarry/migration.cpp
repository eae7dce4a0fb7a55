// Migration: one file, read and checked on load so that a mistake stops everything before
// any SQL runs. Decisions (docs/migrations.md):
// - The checksum is the SHA-256 of the file's bytes, not of its parsed content: any edit,
//   even of whitespace, counts as a change, which is what a reviewer expects.
// - Files are *.json of a directory or a resource path, ordered by id (so a four-digit
//   prefix orders them); ids are unique.
// - Operations are checked against every dialect's rules for names only (generated index
//   and key names are the same on every backend); what fits the database is known when
//   the migration is planned.

#include "migration.h"

#include "dialect_p.h"
#include "migrationoperation_p.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <algorithm>

namespace Quarry {

class MigrationData : public QSharedData
{
public:
    QString id;
    QString message;
    QString fileName;
    QJsonArray operations;
    QByteArray bytes;
    QString checksum;
    Error error;
};

Migration::Migration() : d(new MigrationData) {}
Migration::Migration(const Migration &other) = default;
Migration &Migration::operator=(const Migration &other) = default;
Migration::~Migration() = default;

Migration Migration::fromJson(const QByteArray &bytes, const QString &fileName)
{
    Migration migration;
    MigrationData *d = migration.d.data();
    d->fileName = fileName;
    d->bytes = bytes;
    d->checksum =
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    const QString where = fileName.isEmpty() ? QStringLiteral("migration") : fileName;
    auto fail = [&](const QString &message) {
        d->error = Error(Error::InvalidQuery, where + QStringLiteral(": ") + message);
        return migration;
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(QStringLiteral("not valid JSON at offset %1: %2")
                        .arg(parseError.offset)
                        .arg(parseError.errorString()));
    const QJsonObject json = document.object();
    for (auto it = json.begin(); it != json.end(); ++it) {
        static const QSet<QString> keys = {QStringLiteral("id"), QStringLiteral("message"),
                                           QStringLiteral("operations")};
        if (!keys.contains(it.key()))
            return fail(QStringLiteral("unknown key '%1' (expected id, message, operations)")
                            .arg(it.key()));
    }
    const QString stem = QFileInfo(fileName).completeBaseName();
    d->id = json.value(QLatin1String("id")).toString(stem);
    d->message = json.value(QLatin1String("message")).toString();
    if (d->id.isEmpty())
        return fail(QStringLiteral("no \"id\""));
    if (!stem.isEmpty() && d->id != stem)
        return fail(QStringLiteral("\"id\": \"%1\" differs from the file name").arg(d->id));
    if (!json.value(QLatin1String("operations")).isArray())
        return fail(QStringLiteral("\"operations\" must be a list"));
    d->operations = json.value(QLatin1String("operations")).toArray();
    const Private::Dialect *dialect = Private::Dialect::forBackend(Database::Backend::SQLite);
    for (qsizetype i = 0; i < d->operations.size(); ++i) {
        Private::Operation operation;
        QString problem;
        if (!Private::Operation::fromJson(d->operations.at(i).toObject(), *dialect, &operation,
                                          &problem))
            return fail(QStringLiteral("operation %1: %2").arg(i + 1).arg(problem));
    }
    return migration;
}

Migration Migration::create(const QString &id, const QString &message,
                            const QJsonArray &operations)
{
    const QJsonObject json{{QStringLiteral("id"), id},
                           {QStringLiteral("message"), message},
                           {QStringLiteral("operations"), operations}};
    return fromJson(QJsonDocument(json).toJson(QJsonDocument::Indented), id + QLatin1String(".json"));
}

QList<Migration> Migration::load(const QString &path, Error *error)
{
    QList<Migration> migrations;
    const QDir directory(path);
    if (!directory.exists()) {
        *error = Error(Error::InvalidQuery,
                       QStringLiteral("%1: no such migrations directory or resource").arg(path));
        return migrations;
    }
    const QStringList files =
        directory.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QSet<QString> ids;
    for (const QString &name : files) {
        QFile file(directory.filePath(name));
        if (!file.open(QIODevice::ReadOnly)) {
            *error = Error(Error::InvalidQuery,
                           QStringLiteral("%1: %2").arg(file.fileName(), file.errorString()));
            return migrations;
        }
        Migration migration = fromJson(file.readAll(), file.fileName());
        if (!migration.isValid()) {
            *error = migration.error();
            return migrations;
        }
        if (ids.contains(migration.id())) {
            *error = Error(Error::InvalidQuery,
                           QStringLiteral("%1: id %2 is used twice").arg(file.fileName(),
                                                                         migration.id()));
            return migrations;
        }
        ids.insert(migration.id());
        migrations << migration;
    }
    std::sort(migrations.begin(), migrations.end(),
              [](const Migration &a, const Migration &b) { return a.id() < b.id(); });
    return migrations;
}

bool Migration::isValid() const
{
    return !d->id.isEmpty() && !d->error.isValid();
}

Error Migration::error() const
{
    return d->error;
}

QString Migration::id() const
{
    return d->id;
}

QString Migration::message() const
{
    return d->message;
}

QString Migration::fileName() const
{
    return d->fileName;
}

QJsonArray Migration::operations() const
{
    return d->operations;
}

QByteArray Migration::bytes() const
{
    return d->bytes;
}

QString Migration::checksum() const
{
    return d->checksum;
}

bool Migration::isReversible(QString *reason) const
{
    const Private::Dialect *dialect = Private::Dialect::forBackend(Database::Backend::SQLite);
    for (const QJsonValue &value : d->operations) {
        Private::Operation operation;
        Private::Operation inverse;
        QString problem;
        if (!Private::Operation::fromJson(value.toObject(), *dialect, &operation, &problem) ||
            !operation.inverse(&inverse, &problem)) {
            if (reason)
                *reason = problem;
            return false;
        }
    }
    return true;
}

} // namespace Quarry
