#include "nullvalue_p.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QJsonDocument>
#include <QTime>
#include <QUuid>

namespace Quarry::Private {

bool isNullValue(const QVariant &value)
{
    if (!value.isValid())
        return true;
    // A type with a null value of its own says so by what it holds, a typed NULL too: only
    // the others ask QVariant::isNull() (a call, for every value bound).
    switch (value.typeId()) {
    case QMetaType::QString:
    case QMetaType::QByteArray:
    case QMetaType::QDate:
    case QMetaType::QTime:
    case QMetaType::QDateTime:
    case QMetaType::QUuid:
    case QMetaType::QJsonDocument:
        return isNullValue(value.metaType(), value.constData());
    default:
        return value.isNull();
    }
}

bool isNullValue(QMetaType type, const void *data)
{
    // Looked at in place: this runs for every value read or bound, and the to*() copies
    // cost more than the test.
    switch (type.id()) {
    case QMetaType::QString:
        return static_cast<const QString *>(data)->isNull();
    case QMetaType::QByteArray:
        return static_cast<const QByteArray *>(data)->isNull();
    case QMetaType::QDate:
        return !static_cast<const QDate *>(data)->isValid();
    case QMetaType::QTime:
        return !static_cast<const QTime *>(data)->isValid();
    case QMetaType::QDateTime:
        return !static_cast<const QDateTime *>(data)->isValid();
    case QMetaType::QUuid:
        return static_cast<const QUuid *>(data)->isNull();
    case QMetaType::QJsonDocument:
        return static_cast<const QJsonDocument *>(data)->isNull();
    default:
        return false;
    }
}

} // namespace Quarry::Private
