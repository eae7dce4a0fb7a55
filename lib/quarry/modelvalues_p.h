#pragma once

// Private: how the item models present a property's plain value (PropertyInfo::read) to
// views, and how they take values back from editors and QML. Taking is strict: a value is
// converted only when nothing is lost or guessed, anything else is refused with a reason.

#include "propertyinfo.h"

#include <QString>
#include <QVariant>

namespace Quarry::Private::ModelValues {

// Qt::DisplayRole: dates, numbers and text as they are (views format them); an enum by
// its key; a UUID and JSON as text; bytes as "12 bytes"; booleans show only a check box.
QVariant display(const PropertyInfo &property, const QVariant &plain);
// Qt::EditRole: what an editor starts from; the types setData() takes back.
QVariant edit(const PropertyInfo &property, const QVariant &plain);
// Integers and doubles: right-aligned.
bool isNumeric(const PropertyInfo &property);
bool isBool(const PropertyInfo &property);

// `input` (from an editor, QML or code) as the property's plain value. Accepted:
// - a null QVariant for a nullable column (NULL);
// - the property's own type, or another type that converts without loss (an int for a
//   qint64 or double column, 42.0 for an int column, an enum value or its key, a
//   QVariantMap for a JSON object);
// - text that *entirely* spells a value of the column's type: "42" or " 42 " for an int
//   (C locale, else the system locale), "true"/"false"/"1"/"0" for a bool, ISO 8601 for
//   dates and times, a UUID, JSON of the right kind, an enum key.
// Refused (false, *why says what and why): "abc" or "4.5" for an int, an int for a text
// column, NULL for a NOT NULL column, text longer than max_length, an unknown enum key.
bool toPlain(const PropertyInfo &property, const QVariant &input, QVariant *plain, QString *why);

} // namespace Quarry::Private::ModelValues
