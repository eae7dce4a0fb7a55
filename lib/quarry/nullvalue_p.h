#pragma once

#include <QVariant>

namespace Quarry::Private {

// A null Qt value (an invalid QVariant, a null QString or QByteArray, an invalid QDate,
// QTime or QDateTime, a null QUuid or QJsonDocument) stands for SQL NULL.
bool isNullValue(const QVariant &value);
// The same test on a value of `type` at `data` (not a QVariant).
bool isNullValue(QMetaType type, const void *data);

} // namespace Quarry::Private
