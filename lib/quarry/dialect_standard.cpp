// StandardDialect: the CREATE TABLE layout, literals and clauses the three dialects share.
// Decisions (docs/dialects.md has the whole table):
// - CREATE TABLE IF NOT EXISTS t (columns..., named UNIQUE constraints..., named FOREIGN KEY
//   constraints...) then CREATE INDEX IF NOT EXISTS for `index` columns that are neither
//   unique nor the primary key (a unique constraint already has an index). One line per
//   statement, so that logs and golden tests read them whole.
// - Names: uq_<table>_<column>, fk_<table>_<column>, ix_<table>_<column>, shortened by
//   Dialect::constraintName() the same way everywhere.
// - DEFAULT is a literal of the value the column would be bound with (toDatabase()), so a
//   default reads back exactly like a bound value. DDL cannot bind, hence literals at all.
// - A reference that cannot be resolved, or a default without a literal, makes
//   createTable() return no statements rather than a table missing a constraint.

#include "dialects_p.h"

#include "entityinfo.h"
#include "nullvalue_p.h"

namespace Quarry::Private {

using Storage = PropertyInfo::Storage;

QString StandardDialect::quoteWith(const QString &identifier, QChar quote)
{
    QString doubled = identifier;
    doubled.replace(quote, QString(2, quote));
    return quote + doubled + quote;
}

bool StandardDialect::isInteger(Storage storage)
{
    return storage == Storage::Int32 || storage == Storage::Int64 || storage == Storage::UInt32;
}

QString StandardDialect::columnDefinition(const PropertyInfo &property) const
{
    QString sql = quote(property.column()) + QLatin1Char(' ');
    if (property.isPrimaryKey() && property.isAutoIncrement() && isInteger(property.storage()))
        return sql + autoIncrementKey(property);
    sql += columnType(property) + columnTypeSuffix(property);
    if (!property.isNullable() || property.isPrimaryKey())
        sql += QLatin1String(" NOT NULL");
    if (property.hasDefault()) {
        const QString value = literal(property, property.defaultValue());
        if (value.isNull())
            return {};
        sql += QLatin1String(" DEFAULT ") + value;
    }
    if (property.isPrimaryKey())
        sql += QLatin1String(" PRIMARY KEY");
    return sql;
}

QStringList StandardDialect::createTable(const EntityInfo &entity,
                                         const EntityResolver &resolve) const
{
    // The same layout as a migration's table (dialect_alter.cpp), with the references
    // resolved to the referenced entities' tables and keys.
    QList<ColumnDdl> columns;
    for (const PropertyInfo &property : entity.properties()) {
        ColumnDdl column{property, property.isIndexed(), {}, {}};
        if (!property.references().isEmpty()) {
            const EntityInfo *referenced = resolve ? resolve(property.references()) : nullptr;
            if (!referenced || referenced->primaryKeyIndex() < 0)
                return {};
            column.referencedTable = referenced->tableName();
            column.referencedColumn = referenced->primaryKey().column();
        }
        columns << column;
    }
    return createTable(entity.tableName(), columns, {}, {}, true);
}

QStringList StandardDialect::createAssociationTable(const QString &table,
                                                    const QString &ownerColumn,
                                                    const EntityInfo &owner,
                                                    const QString &targetColumn,
                                                    const EntityInfo &target) const
{
    auto column = [&](const QString &name, const EntityInfo &referenced) {
        const PropertyInfo &key = referenced.primaryKey();
        return quote(name) + QLatin1Char(' ') + columnType(key) + columnTypeSuffix(key)
            + QLatin1String(" NOT NULL");
    };
    auto foreignKey = [&](const QString &name, const EntityInfo &referenced) {
        return QLatin1String("CONSTRAINT ") + quote(constraintName(QStringLiteral("fk"), table, {name}))
            + QLatin1String(" FOREIGN KEY (") + quote(name) + QLatin1String(") REFERENCES ")
            + quote(referenced.tableName()) + QLatin1String(" (")
            + quote(referenced.primaryKey().column()) + QLatin1String(") ON DELETE CASCADE");
    };
    const QStringList parts{
        column(ownerColumn, owner),
        column(targetColumn, target),
        QLatin1String("PRIMARY KEY (") + quote(ownerColumn) + QLatin1String(", ")
            + quote(targetColumn) + QLatin1Char(')'),
        foreignKey(ownerColumn, owner),
        foreignKey(targetColumn, target),
    };
    return {QLatin1String("CREATE TABLE IF NOT EXISTS ") + quote(table) + QLatin1String(" (")
                + parts.join(QLatin1String(", ")) + QLatin1Char(')') + tableOptions(),
            QLatin1String("CREATE INDEX IF NOT EXISTS ")
                + quote(constraintName(QStringLiteral("ix"), table, {targetColumn}))
                + QLatin1String(" ON ") + quote(table) + QLatin1String(" (") + quote(targetColumn)
                + QLatin1Char(')')};
}

QString StandardDialect::dropTable(const QString &table) const
{
    return QLatin1String("DROP TABLE IF EXISTS ") + quote(table);
}

QString StandardDialect::literal(const PropertyInfo &property, const QVariant &plainValue) const
{
    const Storage storage = property.storage();
    const bool number =
        isInteger(storage) || storage == Storage::Double || storage == Storage::EnumInt;
    if (number && !isNullValue(plainValue)) {
        bool ok = false;
        plainValue.toDouble(&ok); // "12abc" or a date is not a number
        if (!ok)
            return {};
    }
    const QVariant bound = toDatabase(property, plainValue);
    if (bound.isNull()) // a value that did not convert (an invalid date) has no literal
        return isNullValue(plainValue) ? QStringLiteral("NULL") : QString();
    switch (bound.metaType().id()) {
    case QMetaType::Bool:
        return boolLiteral(bound.toBool());
    case QMetaType::Double: {
        const double value = bound.toDouble();
        if (!qIsFinite(value))
            return {};
        return QString::number(value, 'g', QLocale::FloatingPointShortest);
    }
    case QMetaType::QByteArray:
        return bytesLiteral(bound.toByteArray());
    case QMetaType::QString:
        return stringLiteral(bound.toString());
    default:
        if (storage == Storage::Bool)
            return boolLiteral(bound.toBool());
        return QString::number(bound.toLongLong());
    }
}

QString StandardDialect::orderTerm(const QString &expression, Qt::SortOrder order) const
{
    // SQLite and MariaDB sort NULL as the smallest value already.
    return expression +
           (order == Qt::AscendingOrder ? QLatin1String(" ASC") : QLatin1String(" DESC"));
}

QString StandardDialect::limitClause(qint64 limit, qint64 offset) const
{
    if (limit < 0)
        return offset > 0 ? offsetOnlyClause(offset) : QString();
    QString clause = QLatin1String(" LIMIT ") + QString::number(limit);
    if (offset > 0)
        clause += QLatin1String(" OFFSET ") + QString::number(offset);
    return clause;
}

QString StandardDialect::insertDefaultValues(const QString &quotedTable) const
{
    return QLatin1String("INSERT INTO ") + quotedTable + QLatin1String(" DEFAULT VALUES");
}

QString StandardDialect::stringLiteral(const QString &text) const
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

QString StandardDialect::bytesLiteral(const QByteArray &bytes) const
{
    return QLatin1String("X'") + QString::fromLatin1(bytes.toHex()) + QLatin1Char('\'');
}

QString StandardDialect::boolLiteral(bool value) const
{
    return value ? QStringLiteral("1") : QStringLiteral("0");
}

Error::Kind StandardDialect::classifyWithoutCode(const QSqlError &error)
{
    if (error.type() == QSqlError::ConnectionError)
        return Error::ConnectionError;
    // QSqlResult's own complaint about the bound values comes without a native code.
    if (error.text().contains(QLatin1String("Parameter count mismatch")))
        return Error::InvalidQuery;
    return Error::DatabaseError;
}

bool StandardDialect::travelsInJson(PropertyInfo::Storage storage)
{
    using S = PropertyInfo::Storage;
    return storage != S::Bytes && storage != S::JsonObject && storage != S::JsonArray
        && storage != S::JsonDocument;
}

} // namespace Quarry::Private
