#pragma once

// Private: the three concrete dialects and the standard-SQL base they share. Only the
// dialect*.cpp files include this; everything else goes through Dialect.

#include "dialect_p.h"

namespace Quarry::Private {

// What the dialects have in common: the layout of CREATE TABLE, quoting by doubling the
// quote character, literals built from the bound value. The subclasses fill in types and
// the few clauses that differ through the hooks below.
class StandardDialect : public Dialect {
public:
    // API
    // reimplemented
    // One column of CREATE TABLE (also what ALTER TABLE ADD COLUMN needs): quoted name,
    // type, NOT NULL, DEFAULT, PRIMARY KEY. Null when the default cannot be a literal.
    QString columnDefinition(const PropertyInfo &property) const override;
    // Empty when the entity cannot be created: a `references=` that `resolve` does not
    // know, or a default that has no literal.
    QStringList createTable(const EntityInfo &entity, const EntityResolver &resolve) const override;
    QString dropTable(const QString &table) const override;
    QStringList createAssociationTable(const QString &table, const QString &ownerColumn,
                                       const EntityInfo &owner, const QString &targetColumn,
                                       const EntityInfo &target) const override;
    // Null QString when the value has no literal of the property's type (not a number,
    // NaN, an invalid date, ...).
    QString literal(const PropertyInfo &property, const QVariant &plainValue) const override;
    QString orderTerm(const QString &expression, Qt::SortOrder order) const override;
    QString limitClause(qint64 limit, qint64 offset) const override;
    QString insertDefaultValues(const QString &quotedTable) const override;

    // reimplemented: schema changes (dialect_alter.cpp)
    QStringList createTable(const QString &table, const QList<ColumnDdl> &columns,
                            const QStringList &compositeKey,
                            const QList<ForeignKeySchema> &extraForeignKeys,
                            bool ifNotExists) const override;
    QStringList addColumn(const QString &table, const PropertyInfo &column) const override;
    QStringList dropColumn(const QString &table, const QString &column) const override;
    QStringList renameColumn(const QString &table, const QString &from,
                             const QString &to) const override;
    QStringList alterColumn(const QString &table, const PropertyInfo &from,
                            const PropertyInfo &to) const override;
    QStringList renameTable(const QString &from, const QString &to) const override;
    QStringList createIndex(const QString &table, const IndexSchema &index) const override;
    QStringList dropIndex(const QString &table, const QString &name) const override;
    QStringList addForeignKey(const QString &table,
                              const ForeignKeySchema &foreignKey) const override;
    QStringList dropForeignKey(const QString &table, const QString &name) const override;

protected:
    // "CONSTRAINT fk FOREIGN KEY (a) REFERENCES t (id) ON DELETE CASCADE"
    QString foreignKeyClause(const ForeignKeySchema &foreignKey) const;
    QString quotedList(const QStringList &identifiers) const;
    static QString quoteWith(const QString &identifier, QChar quote);
    static bool isInteger(PropertyInfo::Storage storage);
    // classify() when the native code decides nothing: ConnectionError for a connection
    // error type, InvalidQuery for QSqlResult's own complaints, else DatabaseError.
    static Error::Kind classifyWithoutCode(const QSqlError &error);
    // Whether values of the column can be bound inside a JSON array (jsonArrayElements).
    static bool travelsInJson(PropertyInfo::Storage storage);

    // After the quoted name, for an auto-increment integer primary key.
    virtual QString autoIncrementKey(const PropertyInfo &property) const = 0;
    // After the column type (MySQL: character set and collation of text columns).
    virtual QString columnTypeSuffix(const PropertyInfo &) const { return {}; }
    // After the closing parenthesis of CREATE TABLE (MySQL: engine and character set).
    virtual QString tableOptions() const { return {}; }
    // LIMIT clause when only an offset is given.
    virtual QString offsetOnlyClause(qint64 offset) const = 0;
    virtual QString stringLiteral(const QString &text) const;
    virtual QString bytesLiteral(const QByteArray &bytes) const;
    virtual QString boolLiteral(bool value) const;
};

class SqliteDialect final : public StandardDialect {
public:
    Database::Backend backend() const override { return Database::Backend::SQLite; }
    QString name() const override { return QStringLiteral("sqlite"); }
    QString qtDriverName() const override { return QStringLiteral("QSQLITE"); }
    QString quote(const QString &identifier) const override;
    int maxIdentifierLength() const override { return 63; }
    QString columnType(const PropertyInfo &property) const override;
    QStringList connectionSetup() const override;
    bool supportsReturning() const override { return true; }
    int maxBoundValues() const override { return 32766; }
    QString jsonArrayElements(const PropertyInfo &property) const override;
    Error::Kind classify(const QSqlError &error) const override;
    bool needsRebuild(TableChange change, const PropertyInfo *column) const override;
    QStringList dropColumn(const QString &table, const QString &column) const override;
    QStringList alterColumn(const QString &table, const PropertyInfo &from,
                            const PropertyInfo &to) const override;
    QStringList addForeignKey(const QString &table,
                              const ForeignKeySchema &foreignKey) const override;
    QStringList dropForeignKey(const QString &table, const QString &name) const override;

protected:
    QString autoIncrementKey(const PropertyInfo &property) const override;
    QString offsetOnlyClause(qint64 offset) const override;
};

class PostgresqlDialect final : public StandardDialect {
public:
    Database::Backend backend() const override { return Database::Backend::PostgreSQL; }
    QString name() const override { return QStringLiteral("postgresql"); }
    QString qtDriverName() const override { return QStringLiteral("QPSQL"); }
    QString quote(const QString &identifier) const override;
    int maxIdentifierLength() const override { return 63; }
    QString columnType(const PropertyInfo &property) const override;
    QStringList connectionSetup() const override;
    bool supportsReturning() const override { return true; }
    QString orderTerm(const QString &expression, Qt::SortOrder order) const override;
    int maxBoundValues() const override { return 65535; }
    QString jsonArrayElements(const PropertyInfo &property) const override;
    Error::Kind classify(const QSqlError &error) const override;
    QStringList alterColumn(const QString &table, const PropertyInfo &from,
                            const PropertyInfo &to) const override;
    QStringList dropIndex(const QString &table, const QString &name) const override;

protected:
    QString autoIncrementKey(const PropertyInfo &property) const override;
    QString offsetOnlyClause(qint64 offset) const override;
    QString bytesLiteral(const QByteArray &bytes) const override;
    QString boolLiteral(bool value) const override;
};

class MysqlDialect final : public StandardDialect {
public:
    Database::Backend backend() const override { return Database::Backend::MySQL; }
    QString name() const override { return QStringLiteral("mysql"); }
    QString qtDriverName() const override { return QStringLiteral("QMYSQL"); }
    QString quote(const QString &identifier) const override;
    int maxIdentifierLength() const override { return 64; }
    QString columnType(const PropertyInfo &property) const override;
    QStringList connectionSetup() const override;
    bool supportsReturning() const override { return false; }
    QString insertDefaultValues(const QString &quotedTable) const override;
    int maxBoundValues() const override { return 65535; }
    QString jsonArrayElements(const PropertyInfo &property) const override;
    Error::Kind classify(const QSqlError &error) const override;
    QStringList alterColumn(const QString &table, const PropertyInfo &from,
                            const PropertyInfo &to) const override;
    QStringList renameTable(const QString &from, const QString &to) const override;
    QStringList dropIndex(const QString &table, const QString &name) const override;
    QStringList dropForeignKey(const QString &table, const QString &name) const override;

protected:
    QString autoIncrementKey(const PropertyInfo &property) const override;
    QString columnTypeSuffix(const PropertyInfo &property) const override;
    QString tableOptions() const override;
    QString offsetOnlyClause(qint64 offset) const override;
    QString stringLiteral(const QString &text) const override;
};

} // namespace Quarry::Private
