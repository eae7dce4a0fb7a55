#include "nullvalue_p.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QJsonDocument>
#include <QTime>
#include <QUuid>

namespace Quarry::Private {

namespace {

enum class NullState { Null, NotNull, NoOwnNull };

// What a value of `type` at `data` says of itself, looked at in place: this runs for every
// value read or bound, and the to*() copies cost more than the test. NoOwnNull: the type
// has no null value (a number), only a QVariant can say it is NULL.
NullState nullState(QMetaType type, const void *data)
{
    auto state = [](bool null) { return null ? NullState::Null : NullState::NotNull; };
    switch (type.id()) {
    case QMetaType::QString:
        return state(static_cast<const QString *>(data)->isNull());
    case QMetaType::QByteArray:
        return state(static_cast<const QByteArray *>(data)->isNull());
    case QMetaType::QDate:
        return state(!static_cast<const QDate *>(data)->isValid());
    case QMetaType::QTime:
        return state(!static_cast<const QTime *>(data)->isValid());
    case QMetaType::QDateTime:
        return state(!static_cast<const QDateTime *>(data)->isValid());
    case QMetaType::QUuid:
        return state(static_cast<const QUuid *>(data)->isNull());
    case QMetaType::QJsonDocument:
        return state(static_cast<const QJsonDocument *>(data)->isNull());
    default:
        return NullState::NoOwnNull;
    }
}

} // namespace

bool isNullValue(const QVariant &value)
{
    if (!value.isValid())
        return true;
    // A type with a null value of its own says so by what it holds, a typed NULL too: only
    // the others ask QVariant::isNull() (a call, for every value bound).
    switch (nullState(value.metaType(), value.constData())) {
    case NullState::Null:
        return true;
    case NullState::NotNull:
        return false;
    case NullState::NoOwnNull:
        break;
    }
    return value.isNull();
}

bool isNullValue(QMetaType type, const void *data)
{
    return nullState(type, data) == NullState::Null;
}

} // namespace Quarry::Private
