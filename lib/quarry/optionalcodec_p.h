#pragma once

// Private: std::optional<T> properties. moc gives them a QMetaType of their own; the
// codec for that type unwraps to the scalar inside (or a null QVariant) and wraps back.

#include <QMetaType>
#include <QVariant>

namespace Quarry::Private {

struct OptionalCodec {
    QMetaType optionalType;
    QMetaType valueType;
    QVariant (*unwrap)(const QVariant &optional);
    QVariant (*wrap)(const QVariant &value);
};

// The codec for an optional's metatype, or nullptr when the type is not a supported
// std::optional.
const OptionalCodec *optionalCodec(QMetaType type);

} // namespace Quarry::Private
