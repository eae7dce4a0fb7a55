#include "exporter.h"

#include "backgroundworker.h"

#include <quarry/entityinfo.h>
#include <quarry/propertyinfo.h>
#include <quarry/querymodel.h>
#include <quarry/session.h>

#include <QDateTime>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonDocument>
#include <QSaveFile>
#include <QUuid>

#include <cmath>

namespace QuarryBrowser {

using Quarry::PropertyInfo;

ExportRequest ExportRequest::fromModel(const Quarry::QueryModel &model, const QHeaderView *header)
{
    ExportRequest request;
    if (model.entity())
        request.entity = model.entity()->className();
    request.condition = model.filter();
    request.search = model.search();
    request.columns = model.columns();
    request.searchColumns = request.columns;
    if (model.sortColumn() >= 0 && model.sortColumn() < request.columns.size())
        request.order.append({request.columns.at(model.sortColumn()), model.sortOrder()});
    if (header) {
        QStringList shown;
        for (int visual = 0; visual < header->count(); ++visual) {
            const int logical = header->logicalIndex(visual);
            if (!header->isSectionHidden(logical) && logical < model.columns().size())
                shown.append(model.columns().at(logical));
        }
        request.columns = shown;
    }
    return request;
}

namespace {

struct ExportResult {
    bool ok = false;
    bool cancelled = false;
    QString message;
    qint64 rows = 0;
};

// The text of a value, shared by both formats where they agree (dates, bytes, JSON).
QString plainText(const PropertyInfo &property, const QVariant &value)
{
    switch (property.storage()) {
    case PropertyInfo::Storage::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case PropertyInfo::Storage::Double:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case PropertyInfo::Storage::Date:
        return value.toDate().toString(Qt::ISODate);
    case PropertyInfo::Storage::Time:
        return value.toTime().toString(Qt::ISODateWithMs);
    case PropertyInfo::Storage::DateTime:
        return value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
    case PropertyInfo::Storage::Bytes:
        return QString::fromLatin1(value.toByteArray().toBase64());
    case PropertyInfo::Storage::Uuid:
        return value.toUuid().toString(QUuid::WithoutBraces);
    case PropertyInfo::Storage::JsonObject:
    case PropertyInfo::Storage::JsonArray:
    case PropertyInfo::Storage::JsonDocument:
        return QString::fromUtf8(QJsonDocument::fromVariant(value).toJson(QJsonDocument::Compact));
    default:
        return value.toString();
    }
}

QString csvField(const PropertyInfo &property, const QVariant &value)
{
    if (value.isNull())
        return {};
    const QString text = plainText(property, value);
    if (text.isEmpty() || text.contains(u',') || text.contains(u'"') || text.contains(u'\n') ||
        text.contains(u'\r'))
        return u'"' + QString(text).replace(QStringLiteral("\""), QStringLiteral("\"\"")) + u'"';
    return text;
}

QString jsonString(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += u'"';
    for (QChar c : text) {
        switch (c.unicode()) {
        case '"':
            out += QStringLiteral("\\\"");
            break;
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += u'"';
    return out;
}

QString jsonValue(const PropertyInfo &property, const QVariant &value)
{
    if (value.isNull())
        return QStringLiteral("null");
    switch (property.storage()) {
    case PropertyInfo::Storage::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case PropertyInfo::Storage::Int32:
    case PropertyInfo::Storage::Int64:
    case PropertyInfo::Storage::UInt32:
    case PropertyInfo::Storage::EnumInt:
        return QString::number(value.toLongLong()); // exact, unlike a JSON double
    case PropertyInfo::Storage::Double: {
        const double number = value.toDouble();
        return std::isfinite(number) ? plainText(property, value) : QStringLiteral("null");
    }
    case PropertyInfo::Storage::JsonObject:
    case PropertyInfo::Storage::JsonArray:
    case PropertyInfo::Storage::JsonDocument:
        return plainText(property, value);
    default:
        return jsonString(plainText(property, value));
    }
}

// Rows after `last` in this order (NULLs first ascending, last descending, as everywhere
// in Quarry): (a > va) OR (a = va AND b > vb) OR ...
Quarry::Condition keysetAfter(const QList<QPair<QString, Qt::SortOrder>> &order,
                              const QVariantList &last)
{
    using Quarry::Condition;
    using Quarry::Field;
    Condition result = Condition::none();
    Condition equalSoFar;
    for (int i = 0; i < order.size(); ++i) {
        const Field field(order.at(i).first);
        const QVariant value = last.at(i);
        Condition after;
        if (order.at(i).second == Qt::AscendingOrder)
            after = value.isNull() ? field.isNotNull() : field > value;
        else
            after = value.isNull() ? Condition::none() : (field < value || field.isNull());
        result = result || (equalSoFar && after);
        equalSoFar = equalSoFar && (value.isNull() ? field.isNull() : field == value);
    }
    return result;
}

ExportResult writeExport(const Quarry::Database &database, ExportRequest request, int batchSize,
                         const std::shared_ptr<std::atomic_bool> &cancel,
                         const std::function<void(qint64, qint64)> &progress)
{
    ExportResult result;
    Quarry::Session session(database);
    session.setAutoflush(false);
    const Quarry::EntityInfo *entity = database.entity(request.entity);
    if (!entity) {
        result.message = Exporter::tr("There is no table or entity named %1.").arg(request.entity);
        return result;
    }
    if (request.columns.isEmpty())
        for (const PropertyInfo &property : entity->properties())
            request.columns.append(property.name());
    QList<const PropertyInfo *> properties;
    for (const QString &column : std::as_const(request.columns)) {
        properties.append(entity->property(column));
        if (!properties.back()) {
            result.message =
                Exporter::tr("%1 has no property %2.").arg(entity->className(), column);
            return result;
        }
    }
    // The key ends the order, so it is total and the keyset never skips or repeats a row.
    // It follows the last term's direction, as in QueryModel (RowSource::setOrder), so ties
    // come out in the order the view shows them.
    const QString key = entity->primaryKey().name();
    auto hasKey = [&](const QPair<QString, Qt::SortOrder> &term) { return term.first == key; };
    if (std::none_of(request.order.cbegin(), request.order.cend(), hasKey))
        request.order.append(
            {key, request.order.isEmpty() ? Qt::AscendingOrder : request.order.constLast().second});
    QStringList fetched = request.columns; // the shown columns, then the order's
    for (const auto &term : std::as_const(request.order))
        fetched.append(term.first);

    const QStringList searched =
        request.searchColumns.isEmpty() ? request.columns : request.searchColumns;
    const auto query = session.query(request.entity)
                           .where(request.condition
                                  && Quarry::QueryModel::searchCondition(entity, searched,
                                                                         request.search));
    const qint64 total = query.count();
    if (total < 0) {
        result.message = session.lastError().message();
        return result;
    }
    progress(0, total);

    QSaveFile file(request.fileName);
    file.setDirectWriteFallback(false);
    if (!file.open(QIODevice::WriteOnly)) {
        result.message =
            Exporter::tr("Cannot write %1: %2").arg(request.fileName, file.errorString());
        return result;
    }
    const bool json = request.format == ExportRequest::Format::Json;
    QString text;
    if (json) {
        text = QStringLiteral("[");
    } else {
        text = request.columns.join(u',') + QStringLiteral("\r\n");
    }
    Quarry::Condition after;
    for (;;) {
        if (*cancel) {
            file.cancelWriting();
            result.cancelled = true;
            result.message = Exporter::tr("Cancelled: no file was written.");
            return result;
        }
        auto batch = query.where(after);
        for (const auto &term : std::as_const(request.order))
            batch = batch.orderBy(term.first, term.second);
        const QList<QVariantList> rows = batch.limit(batchSize).values(fetched);
        if (rows.isEmpty() && session.lastError().isValid()) {
            file.cancelWriting();
            result.message = session.lastError().message();
            return result;
        }
        for (const QVariantList &row : rows) {
            if (json) {
                text += result.rows == 0 ? QStringLiteral("\n  {") : QStringLiteral(",\n  {");
                for (int i = 0; i < properties.size(); ++i) {
                    if (i > 0)
                        text += QStringLiteral(", ");
                    text += jsonString(request.columns.at(i)) + QStringLiteral(": ") +
                            jsonValue(*properties.at(i), row.at(i));
                }
                text += u'}';
            } else {
                for (int i = 0; i < properties.size(); ++i) {
                    if (i > 0)
                        text += u',';
                    text += csvField(*properties.at(i), row.at(i));
                }
                text += QStringLiteral("\r\n");
            }
            ++result.rows;
        }
        file.write(text.toUtf8());
        text.clear();
        progress(result.rows, total);
        if (rows.size() < batchSize)
            break;
        after = keysetAfter(request.order, rows.back().mid(request.columns.size()));
    }
    if (json)
        file.write(result.rows == 0 ? "]\n" : "\n]\n");
    if (!file.commit()) {
        result.message =
            Exporter::tr("Cannot write %1: %2").arg(request.fileName, file.errorString());
        return result;
    }
    result.ok = true;
    const QString fileName = QFileInfo(request.fileName).fileName();
    result.message = result.rows == 1
                         ? Exporter::tr("1 row written to %1.").arg(fileName)
                         : Exporter::tr("%1 rows written to %2.").arg(result.rows).arg(fileName);
    return result;
}

} // namespace

Exporter::Exporter(const Quarry::Database &database, QObject *parent)
    : QObject(parent), m_worker(std::make_unique<BackgroundWorker>()), m_database(database)
{
}

Exporter::~Exporter()
{
    if (m_cancel)
        *m_cancel = true;
}

void Exporter::start(const ExportRequest &request)
{
    if (m_running)
        return;
    m_running = true;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    auto progress = [this](qint64 done, qint64 total) {
        QMetaObject::invokeMethod(this,
                                  [this, done, total] { Q_EMIT this->progress(done, total); });
    };
    m_worker->run([database = m_database, request, batch = m_batchSize, cancel = m_cancel,
                   progress] { return writeExport(database, request, batch, cancel, progress); },
                  [this](const ExportResult &result) {
                      m_running = false;
                      Q_EMIT finished(result.ok, result.message, result.rows);
                  });
}

void Exporter::cancel()
{
    if (m_cancel)
        *m_cancel = true;
}

} // namespace QuarryBrowser
