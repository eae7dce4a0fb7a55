#pragma once

// Private: every per-database quirk lives behind this interface. Pure: no connection,
// no state; one instance per backend (Dialect::forBackend).

#include "database.h"
#include "error.h"
#include "propertyinfo.h"

#include <QSqlError>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace Quarry {
class EntityInfo;
}

namespace Quarry::Private {

// Resolves a `references=<Entity>` name to the referenced entity's metadata.
using EntityResolver = std::function<const EntityInfo *(const QString &entityName)>;

class QUARRY_EXPORT Dialect
{
public:
    virtual ~Dialect();

    static const Dialect *forBackend(Database::Backend backend);
    static const Dialect *forDriverName(const QString &qtDriverName);

    virtual Database::Backend backend() const = 0;
    virtual QString name() const = 0;            // "sqlite", "postgresql", "mysql"
    virtual QString qtDriverName() const = 0;    // "QSQLITE", "QPSQL", "QMYSQL"

    // --- identifiers --------------------------------------------------------------
    // Quotes an identifier, doubling embedded quote characters.
    virtual QString quote(const QString &identifier) const = 0;
    // Longest identifier the backend keeps; generated names are shortened to fit.
    virtual int maxIdentifierLength() const = 0;
    // Deterministic constraint/index name ("uq_users_username"); names that are too long
    // become a prefix plus an 8-hex-digit hash of the full name, the same on every backend.
    QString constraintName(const QString &prefix, const QString &table,
                           const QStringList &columns) const;

    // --- DDL -----------------------------------------------------------------------
    // The SQL type of a column for a property, e.g. "VARCHAR(50)", "TIMESTAMP(3)".
    virtual QString columnType(const PropertyInfo &property) const = 0;
    // CREATE TABLE (with primary key, NOT NULL, UNIQUE, DEFAULT and FOREIGN KEY clauses)
    // followed by CREATE INDEX statements for `index` properties.
    virtual QStringList createTable(const EntityInfo &entity,
                                    const EntityResolver &resolve) const = 0;
    virtual QString dropTable(const QString &table) const = 0;
    // CREATE TABLE for a many-to-many association table: two NOT NULL key columns typed
    // like the keys they reference, both the primary key, each a foreign key ON DELETE
    // CASCADE, plus an index on the second.
    virtual QStringList createAssociationTable(const QString &table, const QString &ownerColumn,
                                               const EntityInfo &owner,
                                               const QString &targetColumn,
                                               const EntityInfo &target) const = 0;
    // A SQL literal for a DDL DEFAULT (DDL cannot bind values).
    virtual QString literal(const PropertyInfo &property, const QVariant &plainValue) const = 0;
    // Statements run once on every new connection (foreign keys on, time zone, modes).
    virtual QStringList connectionSetup() const = 0;

    // --- DML -----------------------------------------------------------------------
    // True when INSERT ... RETURNING reads generated keys back.
    virtual bool supportsReturning() const = 0;
    // One ORDER BY term; NULLs come first ascending and last descending on every backend.
    virtual QString orderTerm(const QString &expression, Qt::SortOrder order) const = 0;
    // " LIMIT n OFFSET m" (either may be < 0 for none); empty when both are < 0.
    virtual QString limitClause(qint64 limit, qint64 offset) const = 0;
    // The INSERT prefix for a row of defaults only, e.g. "INSERT INTO t DEFAULT VALUES".
    virtual QString insertDefaultValues(const QString &quotedTable) const = 0;
    // Largest number of bound values in one statement.
    virtual int maxBoundValues() const = 0;
    // A subquery yielding the elements of a JSON array bound as its only parameter, typed
    // like the property's column. Long in() lists are bound this way: one value, so no
    // bound-value limit, and one statement shape whatever the length. Empty when the
    // column's type cannot travel in JSON (bytes, JSON itself).
    virtual QString jsonArrayElements(const PropertyInfo &property) const = 0;

    // --- values --------------------------------------------------------------------
    // A property's plain value (PropertyInfo::read) as it is bound for this backend. A
    // null QVariant (NULL) stays null.
    virtual QVariant toDatabase(const PropertyInfo &property, const QVariant &plainValue) const;
    // A value as the driver returns it, converted back to the property's plain value
    // type (what PropertyInfo::write takes). Converts by the property's type, never by
    // what the driver happens to hand back.
    virtual QVariant fromDatabase(const PropertyInfo &property, const QVariant &value) const;

    // --- errors --------------------------------------------------------------------
    // Maps the driver's native code (SQLite result code, PostgreSQL SQLSTATE, MySQL
    // errno) and message to a portable kind.
    virtual Error::Kind classify(const QSqlError &error) const = 0;
};

} // namespace Quarry::Private
