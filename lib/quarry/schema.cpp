#include "schema.h"

#include "database_p.h"
#include "logging_p.h"
#include "schemainspector_p.h"

#include <QSqlError>
#include <algorithm>
#include <utility>

namespace Quarry {

bool ColumnSchema::operator==(const ColumnSchema &other) const
{
    return name == other.name && type == other.type && nullable == other.nullable &&
           defaultValue == other.defaultValue &&
           defaultValue.isNull() == other.defaultValue.isNull() && primaryKey == other.primaryKey &&
           autoIncrement == other.autoIncrement;
}

bool IndexSchema::operator==(const IndexSchema &other) const
{
    return name == other.name && columns == other.columns && unique == other.unique;
}

bool ForeignKeySchema::operator==(const ForeignKeySchema &other) const
{
    return name == other.name && columns == other.columns &&
           referencedTable == other.referencedTable &&
           referencedColumns == other.referencedColumns && onDelete == other.onDelete;
}

bool TableSchema::operator==(const TableSchema &other) const
{
    return name == other.name && columns == other.columns && primaryKey == other.primaryKey &&
           indexes == other.indexes && foreignKeys == other.foreignKeys;
}

const ColumnSchema *TableSchema::column(const QString &name) const
{
    for (const ColumnSchema &column : columns) {
        if (column.name == name)
            return &column;
    }
    return nullptr;
}

const IndexSchema *TableSchema::index(const QString &name) const
{
    for (const IndexSchema &index : indexes) {
        if (index.name == name)
            return &index;
    }
    return nullptr;
}

QStringList Schema::tableNames() const
{
    QStringList names;
    names.reserve(m_tables.size());
    for (const TableSchema &table : m_tables)
        names.append(table.name);
    return names;
}

const TableSchema *Schema::table(const QString &name) const
{
    for (const TableSchema &table : m_tables) {
        if (table.name == name)
            return &table;
    }
    return nullptr;
}

Schema Schema::inspect(const Database &database)
{
    Schema schema;
    DatabasePrivate *d = database.d_func();
    if (!d || !database.isValid()) {
        // An invalid Database usually carries the reason it could not open; pass it on.
        Error reason = database.lastError();
        if (!reason.isValid())
            reason = Error(Error::InvalidQuery,
                           QStringLiteral("cannot inspect the schema of an invalid database"));
        schema.setError(reason);
        return schema;
    }

    Private::Connection *connection = d->defaultConnection();
    if (!connection) {
        Error reason = d->lastError();
        if (!reason.isValid())
            reason = Error(Error::ConnectionError,
                           QStringLiteral("no connection to %1").arg(database.url()));
        schema.setError(reason);
        return schema;
    }

    Private::SchemaReader reader(connection);
    bool ok = false;
    switch (database.backend()) {
    case Database::Backend::SQLite:
        ok = Private::readSqliteSchema(reader);
        break;
    case Database::Backend::PostgreSQL:
        ok = Private::readPostgresqlSchema(reader);
        break;
    case Database::Backend::MySQL:
        ok = Private::readMysqlSchema(reader);
        break;
    case Database::Backend::Invalid:
        break;
    }
    if (!ok) {
        Error reason = reader.error();
        if (!reason.isValid())
            reason = Error(Error::Unsupported,
                           QStringLiteral("schema inspection is not available for %1")
                               .arg(database.backendName()));
        schema.setError(reason);
        d->setLastError(reason); // like every other call that fails on this database
        return schema;
    }

    for (TableSchema &table : reader.takeTables())
        schema.addTable(table);
    return schema;
}

} // namespace Quarry

namespace Quarry::Private {

bool SchemaReader::run(QSqlQuery &query, const QString &sql)
{
    qCDebug(lcQuarrySql).noquote() << sql;
    query.setForwardOnly(true);
    if (query.exec(sql))
        return true;
    m_error = m_connection->makeError(query.lastError(), sql);
    return false;
}

TableSchema &SchemaReader::addTable(const QString &name)
{
    m_tableIndex.insert(name, m_tables.size());
    TableSchema &table = m_tables.emplace_back();
    table.name = name;
    return table;
}

TableSchema *SchemaReader::table(const QString &name)
{
    const auto found = m_tableIndex.constFind(name);
    return found == m_tableIndex.constEnd() ? nullptr : &m_tables[*found];
}

QList<TableSchema> SchemaReader::takeTables()
{
    // Catalogues sort by their own collation (case-insensitive on MariaDB); sorting here
    // gives one order on every backend.
    auto byName = [](const auto &a, const auto &b) { return a.name < b.name; };
    for (TableSchema &table : m_tables) {
        // Readers fill the key's column list; the per-column flag follows from it.
        for (ColumnSchema &column : table.columns)
            column.primaryKey = table.primaryKey.contains(column.name);
        std::sort(table.indexes.begin(), table.indexes.end(), byName);
        // SQLite leaves most foreign keys unnamed: their columns break the tie.
        std::sort(table.foreignKeys.begin(), table.foreignKeys.end(),
                  [](const ForeignKeySchema &a, const ForeignKeySchema &b) {
                      if (a.name != b.name)
                          return a.name < b.name;
                      return a.columns < b.columns;
                  });
    }
    std::sort(m_tables.begin(), m_tables.end(), byName);
    m_tableIndex.clear();
    return std::exchange(m_tables, {});
}

QString SchemaReader::text(const QSqlQuery &query, int column)
{
    if (query.isNull(column))
        return QString();
    const QString value = query.value(column).toString();
    return value.isNull() ? QStringLiteral("") : value;
}

} // namespace Quarry::Private
