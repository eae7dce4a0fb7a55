#include "optionalcodec_p.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QString>
#include <QTime>
#include <QUuid>
#include <array>
#include <optional>

namespace Quarry::Private {

namespace {

template<typename T>
OptionalCodec codecFor()
{
    return OptionalCodec{
        QMetaType::fromType<std::optional<T>>(),
        QMetaType::fromType<T>(),
        [](const QVariant &optional) -> QVariant {
            const auto value = optional.value<std::optional<T>>();
            return value ? QVariant::fromValue(*value) : QVariant();
        },
        [](const QVariant &value) -> QVariant {
            if (value.isNull())
                return QVariant::fromValue(std::optional<T>());
            return QVariant::fromValue(std::optional<T>(value.value<T>()));
        },
    };
}

} // namespace

const OptionalCodec *optionalCodec(QMetaType type)
{
    static const std::array codecs = {
        codecFor<bool>(),      codecFor<int>(),        codecFor<qint64>(),
        codecFor<uint>(),      codecFor<double>(),     codecFor<QString>(),
        codecFor<QByteArray>(), codecFor<QDate>(),     codecFor<QTime>(),
        codecFor<QDateTime>(), codecFor<QUuid>(),
    };
    for (const OptionalCodec &codec : codecs) {
        if (codec.optionalType == type)
            return &codec;
    }
    return nullptr;
}

} // namespace Quarry::Private
