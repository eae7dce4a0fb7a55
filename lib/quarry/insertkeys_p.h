#pragma once

// Private: whether the keys of one multi-row INSERT on MySQL/MariaDB can be worked out
// from the first one. QMYSQL has no RETURNING; after a multi-row INSERT, LAST_INSERT_ID()
// (QSqlQuery::lastInsertId()) is the key of its FIRST row. The others follow it at steps
// of @@auto_increment_increment only when InnoDB gives the statement one consecutive range:
// with @@innodb_autoinc_lock_mode 0 ("traditional") or 1 ("consecutive", MariaDB's
// default) for a "simple insert", whose row count is known up front. Mode 2
// ("interleaved", MySQL 8's default, required by Galera) lets concurrent INSERTs take
// values in between, and other engines (Spider, CONNECT, ...) promise nothing known here:
// then every row gets its own INSERT.

#include "quarry_export.h"

#include <QVariant>

namespace Quarry::Private {

// The step between the keys of one multi-row INSERT, or 0 when they may not be
// consecutive. The arguments are what the server answered for @@innodb_autoinc_lock_mode,
// @@auto_increment_increment and the table's ENGINE (invalid or null: unknown).
QUARRY_EXPORT qint64 multiRowKeyStride(const QVariant &lockMode, const QVariant &increment,
                                       const QVariant &engine);

} // namespace Quarry::Private
