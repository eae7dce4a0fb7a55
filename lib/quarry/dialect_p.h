#pragma once

// Private: every per-database quirk lives behind this interface. Pure: no connection,
// no state; one instance per backend (Dialect::forBackend).

#include "database.h"
#include "error.h"
#include "propertyinfo.h"
#include "schema.h"

#include <QSqlError>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace Quarry {
class EntityInfo;
}

namespace Quarry::Private {

// Milliseconds since the epoch of a UTC civil date and a time of day (a valid date; no
// time zone, no QDate on the way): how the native statements and the dialects turn the
// fields a database hands back into a QDateTime.
qint64 utcMilliseconds(int year, int month, int day, qint64 millisecondsOfDay);

// Resolves a `references=<Entity>` name to the referenced entity's metadata.
using EntityResolver = std::function<const EntityInfo *(const QString &entityName)>;

// A column of a table to create (an entity's, or a migration's createTable): the column's
// metadata, whether it gets an index of its own (the property says isIndexed() also for a
// part of a composite key, whose type must be indexable), plus the table and column it
// references when it is a foreign key (the property's onDelete() gives the rule).
struct ColumnDdl {
    PropertyInfo property;
    bool indexed = false;
    QString referencedTable;
    QString referencedColumn;
};

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

    // --- schema changes (migrations; dialect_alter.cpp) -----------------------------
    // What a backend's ALTER TABLE cannot do. For these the statement functions below
    // return no statements and the caller rebuilds the table (SQLite's documented
    // procedure, sqliterebuild.cpp).
    enum class TableChange {
        AddColumn,      // `column` says which: SQLite cannot add a key, a foreign key, or
                        // a NOT NULL column without a default
        DropColumn,
        AlterColumn,
        AddForeignKey,
        DropForeignKey,
        DropUniqueIndex, // SQLite cannot drop the index of a UNIQUE constraint
    };
    virtual bool needsRebuild(TableChange change, const PropertyInfo *column = nullptr) const;
    // One column of CREATE TABLE / ADD COLUMN: quoted name, type, NOT NULL, DEFAULT,
    // PRIMARY KEY. Null when the default has no literal.
    virtual QString columnDefinition(const PropertyInfo &property) const = 0;
    // CREATE TABLE with the layout of createTable(entity): columns, the composite key,
    // named UNIQUE and FOREIGN KEY constraints per column in column order, then the extra
    // foreign keys; CREATE INDEX for `index` columns. Empty when a default has no literal.
    virtual QStringList createTable(const QString &table, const QList<ColumnDdl> &columns,
                                    const QStringList &compositeKey,
                                    const QList<ForeignKeySchema> &extraForeignKeys,
                                    bool ifNotExists) const = 0;
    virtual QStringList addColumn(const QString &table, const PropertyInfo &column) const = 0;
    virtual QStringList dropColumn(const QString &table, const QString &column) const = 0;
    virtual QStringList renameColumn(const QString &table, const QString &from,
                                     const QString &to) const = 0;
    // Type, nullability and default from `from` to `to` (same column name).
    virtual QStringList alterColumn(const QString &table, const PropertyInfo &from,
                                    const PropertyInfo &to) const = 0;
    virtual QStringList renameTable(const QString &from, const QString &to) const = 0;
    virtual QStringList createIndex(const QString &table, const IndexSchema &index) const = 0;
    // Drops an index, or the UNIQUE constraint of that name.
    virtual QStringList dropIndex(const QString &table, const QString &name) const = 0;
    virtual QStringList addForeignKey(const QString &table,
                                      const ForeignKeySchema &foreignKey) const = 0;
    virtual QStringList dropForeignKey(const QString &table, const QString &name) const = 0;

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
    // The same for a value the caller gives up: handed back as it is when it already is
    // the plain value (an integer for a qint64, a double, a non-null text), which is most
    // of what a native statement decodes. Every loaded value goes through here.
    QVariant fromDatabase(const PropertyInfo &property, QVariant &&value) const;

    // --- errors --------------------------------------------------------------------
    // Maps the driver's native code (SQLite result code, PostgreSQL SQLSTATE, MySQL
    // errno) and message to a portable kind.
    virtual Error::Kind classify(const QSqlError &error) const = 0;
};

} // namespace Quarry::Private
