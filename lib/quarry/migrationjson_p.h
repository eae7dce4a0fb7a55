#pragma once

// Private: the small JSON shapes that migration files share (index, foreign key, lists of
// names), read strictly: a mistake in a file is reported with what was expected.

#include "schema.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace Quarry::Private {

// ["a", "b"] or "a"; empty for anything else.
QStringList stringList(const QJsonValue &value);

//   {"name": "ix_books_title", "columns": ["title"], "unique": false}
bool indexFromJson(const QJsonObject &json, IndexSchema *index, QString *problem);
QJsonObject indexToJson(const IndexSchema &index);

//   {"name": "fk_books_author_id", "columns": ["author_id"],
//    "references": {"table": "authors", "columns": ["id"]}, "on_delete": "cascade"}
bool foreignKeyFromJson(const QJsonObject &json, ForeignKeySchema *foreignKey, QString *problem);
QJsonObject foreignKeyToJson(const ForeignKeySchema &foreignKey);

} // namespace Quarry::Private
