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
    if (!value.isValid() || value.isNull())
        return true;
    switch (value.metaType().id()) {
    case QMetaType::QString:
        return value.toString().isNull();
    case QMetaType::QByteArray:
        return value.toByteArray().isNull();
    case QMetaType::QDate:
        return !value.toDate().isValid();
    case QMetaType::QTime:
        return !value.toTime().isValid();
    case QMetaType::QDateTime:
        return !value.toDateTime().isValid();
    case QMetaType::QUuid:
        return value.toUuid().isNull();
    case QMetaType::QJsonDocument:
        return value.toJsonDocument().isNull();
    default:
        return false;
    }
}

} // namespace Quarry::Private
