#include "importer.h"

#include "backgroundworker.h"
#include "csvreader.h"

#include <quarry/entityinfo.h>
#include <quarry/propertyinfo.h>
#include <quarry/session.h>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QMetaEnum>
#include <QUuid>

namespace QuarryBrowser {

using Quarry::PropertyInfo;

namespace {

struct ImportResult {
    bool ok = false;
    QString message;
    qint64 rows = 0;
};

QString normalized(QString name)
{
    return name.remove(u' ').remove(u'_').remove(u'-').toLower();
}

// Rows written per flush; the objects are then handed back and deleted, so memory stays
// flat however long the file.
constexpr int flushEvery = 200;

ImportResult runImport(const Quarry::Database &database, const ImportRequest &request,
                       const std::shared_ptr<std::atomic_bool> &cancel,
                       const std::function<void(qint64, int)> &progress)
{
    ImportResult result;
    const Quarry::EntityInfo *entity = database.entity(request.entity);
    if (!entity) {
        result.message = Importer::tr("There is no table or entity named %1.").arg(request.entity);
        return result;
    }
    QList<const PropertyInfo *> targets; // per CSV column; nullptr: skipped
    QSet<QString> used;
    for (const QString &name : request.mapping) {
        const PropertyInfo *property = name.isEmpty() ? nullptr : entity->property(name);
        if (!name.isEmpty() && !property) {
            result.message = Importer::tr("%1 has no property %2.").arg(entity->className(), name);
            return result;
        }
        if (property && used.contains(name)) {
            result.message = Importer::tr("Two CSV columns are mapped to %1.").arg(name);
            return result;
        }
        used.insert(name);
        targets.append(property);
    }
    if (used.isEmpty()) {
        result.message = Importer::tr("No CSV column is mapped to a property.");
        return result;
    }
    CsvReader reader;
    reader.setDelimiter(request.delimiter);
    if (!reader.open(request.fileName, request.encoding)) {
        result.message = reader.errorString();
        return result;
    }
    QStringList fields;
    if (request.hasHeader && !reader.readRecord(&fields)) {
        result.message = Importer::tr("The file is empty.");
        return result;
    }

    Quarry::Session session(database);
    session.setAutoflush(false);
    QList<QObject *> pending;
    int firstPendingLine = 0;
    auto fail = [&](const QString &message) {
        session.rollback();
        result.ok = false;
        result.message = message;
        result.rows = 0;
        return result;
    };
    auto flush = [&]() -> bool {
        if (!session.flush())
            return false;
        for (QObject *object : std::as_const(pending)) {
            session.expunge(object);
            delete object;
        }
        pending.clear();
        return true;
    };
    for (;;) {
        if (*cancel)
            return fail(Importer::tr("Cancelled: nothing was imported."));
        if (!reader.readRecord(&fields)) {
            if (!reader.errorString().isEmpty())
                return fail(Importer::tr("Nothing was imported: %1").arg(reader.errorString()));
            break;
        }
        const int line = reader.recordLine();
        if (fields.size() == 1 && fields.first().isEmpty() && targets.size() > 1)
            continue; // a blank line
        QObject *object = entity->create();
        for (const PropertyInfo &property : entity->properties())
            if (property.hasDefault() && !used.contains(property.name()))
                property.write(object, property.defaultValue());
        for (int column = 0; column < targets.size(); ++column) {
            const PropertyInfo *property = targets.at(column);
            if (!property)
                continue;
            QVariant value;
            QString why;
            const QString text = fields.value(column);
            if (!Importer::convert(*property, text, &value, &why) ||
                !property->write(object, value)) {
                delete object;
                if (why.isEmpty())
                    why = Importer::tr("cannot be stored");
                return fail(
                    Importer::tr("Line %1, column %2 (%3): \"%4\" %5. Nothing was imported.")
                        .arg(line)
                        .arg(column + 1)
                        .arg(property->name(), text.left(80), why));
            }
        }
        if (!session.add(object)) {
            delete object;
            return fail(Importer::tr("Line %1: %2. Nothing was imported.")
                            .arg(line)
                            .arg(session.lastError().message()));
        }
        if (pending.isEmpty())
            firstPendingLine = line;
        pending.append(object);
        ++result.rows;
        if (pending.size() >= flushEvery) {
            if (!flush())
                return fail(Importer::tr("Lines %1–%2: %3. Nothing was imported.")
                                .arg(firstPendingLine)
                                .arg(line)
                                .arg(session.lastError().message()));
            progress(result.rows, int(reader.progress() * 100));
        }
    }
    if (!pending.isEmpty() && !flush())
        return fail(Importer::tr("Lines %1–%2: %3. Nothing was imported.")
                        .arg(firstPendingLine)
                        .arg(reader.recordLine())
                        .arg(session.lastError().message()));
    if (*cancel)
        return fail(Importer::tr("Cancelled: nothing was imported."));
    if (!session.commit())
        return fail(Importer::tr("The database refused the import: %1. Nothing was imported.")
                        .arg(session.lastError().message()));
    progress(result.rows, 100);
    result.ok = true;
    result.message = result.rows == 1 ? Importer::tr("1 row imported.")
                                      : Importer::tr("%1 rows imported.").arg(result.rows);
    return result;
}

} // namespace

Importer::Importer(const Quarry::Database &database, QObject *parent)
    : QObject(parent), m_worker(std::make_unique<BackgroundWorker>()), m_database(database)
{
}

Importer::~Importer()
{
    if (m_cancel)
        *m_cancel = true;
}

void Importer::start(const ImportRequest &request)
{
    if (m_running)
        return;
    m_running = true;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    auto progress = [this](qint64 rows, int percent) {
        QMetaObject::invokeMethod(this,
                                  [this, rows, percent] { Q_EMIT this->progress(rows, percent); });
    };
    m_worker->run([database = m_database, request, cancel = m_cancel,
                   progress] { return runImport(database, request, cancel, progress); },
                  [this](const ImportResult &result) {
                      m_running = false;
                      Q_EMIT finished(result.ok, result.message, result.rows);
                  });
}

void Importer::cancel()
{
    if (m_cancel)
        *m_cancel = true;
}

QStringList Importer::guessMapping(const Quarry::EntityInfo *entity, const QStringList &header)
{
    QStringList mapping;
    QSet<QString> taken;
    for (const QString &name : header) {
        QString match;
        for (const PropertyInfo &property : entity->properties()) {
            if (taken.contains(property.name()))
                continue;
            if (normalized(name) == normalized(property.name()) ||
                normalized(name) == normalized(property.label()) ||
                normalized(name) == normalized(property.column())) {
                match = property.name();
                break;
            }
        }
        if (!match.isEmpty())
            taken.insert(match);
        mapping.append(match);
    }
    return mapping;
}

bool Importer::convert(const PropertyInfo &property, const QString &text, QVariant *value,
                       QString *why)
{
    *value = QVariant();
    if (text.isNull()) { // an unquoted empty field
        if (property.isNullable())
            return true;
        if (property.hasDefault()) {
            *value = property.defaultValue();
            return true;
        }
        if (property.storage() == PropertyInfo::Storage::String) {
            *value = QStringLiteral("");
            return true;
        }
        *why = tr("is empty, and the column may not be NULL");
        return false;
    }
    const QString trimmed = text.trimmed();
    bool ok = true;
    switch (property.storage()) {
    case PropertyInfo::Storage::Bool: {
        const QString lower = trimmed.toLower();
        ok = lower == u"true" || lower == u"false" || lower == u"1" || lower == u"0";
        *value = lower == u"true" || lower == u"1";
        if (!ok)
            *why = tr("is not a boolean (true, false, 1 or 0)");
        break;
    }
    case PropertyInfo::Storage::Int32:
        *value = trimmed.toInt(&ok);
        break;
    case PropertyInfo::Storage::Int64:
        *value = trimmed.toLongLong(&ok);
        break;
    case PropertyInfo::Storage::UInt32:
        *value = trimmed.toUInt(&ok);
        break;
    case PropertyInfo::Storage::Double:
        *value = QLocale::c().toDouble(trimmed, &ok);
        if (!ok)
            *why = tr("is not a number");
        break;
    case PropertyInfo::Storage::String:
        *value = text;
        if (property.maxLength() > 0 && text.size() > property.maxLength()) {
            ok = false;
            *why = tr("is longer than %1 characters").arg(property.maxLength());
        }
        break;
    case PropertyInfo::Storage::Date:
        *value = QDate::fromString(trimmed, Qt::ISODate);
        ok = value->toDate().isValid();
        break;
    case PropertyInfo::Storage::Time: {
        QTime time = QTime::fromString(trimmed, Qt::ISODateWithMs);
        *value = time.isValid() ? time : QTime::fromString(trimmed, Qt::ISODate);
        ok = value->toTime().isValid();
        break;
    }
    case PropertyInfo::Storage::DateTime:
        *value = QDateTime::fromString(trimmed, Qt::ISODateWithMs);
        ok = value->toDateTime().isValid();
        break;
    case PropertyInfo::Storage::Bytes: {
        const auto decoded = QByteArray::fromBase64Encoding(
            trimmed.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        ok = bool(decoded);
        *value = *decoded;
        if (!ok)
            *why = tr("is not base64");
        break;
    }
    case PropertyInfo::Storage::Uuid:
        *value = QUuid::fromString(trimmed);
        ok = !value->toUuid().isNull();
        break;
    case PropertyInfo::Storage::JsonObject:
    case PropertyInfo::Storage::JsonArray:
    case PropertyInfo::Storage::JsonDocument: {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
        ok = error.error == QJsonParseError::NoError;
        if (property.storage() == PropertyInfo::Storage::JsonObject) {
            ok = ok && document.isObject();
            *value = document.object();
        } else if (property.storage() == PropertyInfo::Storage::JsonArray) {
            ok = ok && document.isArray();
            *value = document.array();
        } else {
            *value = QVariant::fromValue(document);
        }
        if (!ok)
            *why = tr("is not JSON of the right kind");
        break;
    }
    case PropertyInfo::Storage::EnumName:
    case PropertyInfo::Storage::EnumInt: {
        const QMetaEnum enumerator = property.metaProperty().enumerator();
        int number = trimmed.toInt(&ok);
        if (!ok)
            number = enumerator.keyToValue(trimmed.toUtf8().constData(), &ok);
        const char *key = ok ? enumerator.valueToKey(number) : nullptr;
        ok = key != nullptr;
        if (property.storage() == PropertyInfo::Storage::EnumName)
            *value = QString::fromLatin1(key);
        else
            *value = number;
        if (!ok)
            *why = tr("is not one of %1").arg([&] {
                QStringList keys;
                for (int i = 0; i < enumerator.keyCount(); ++i)
                    keys.append(QString::fromLatin1(enumerator.key(i)));
                return keys.join(QStringLiteral(", "));
            }());
        break;
    }
    }
    if (!ok && why->isEmpty()) {
        static const QHash<PropertyInfo::Storage, const char *> expected = {
            {PropertyInfo::Storage::Int32, "is not a whole number"},
            {PropertyInfo::Storage::Int64, "is not a whole number"},
            {PropertyInfo::Storage::UInt32, "is not a whole number"},
            {PropertyInfo::Storage::Date, "is not a date (YYYY-MM-DD)"},
            {PropertyInfo::Storage::Time, "is not a time (HH:MM:SS)"},
            {PropertyInfo::Storage::DateTime, "is not a date and time (ISO 8601)"},
            {PropertyInfo::Storage::Uuid, "is not a UUID"},
        };
        *why = tr(expected.value(property.storage(), "is not valid here"));
    }
    return ok;
}

} // namespace QuarryBrowser
