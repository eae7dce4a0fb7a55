#pragma once

// Private: a statement Quarry runs on a driver's native handle instead of through QtSql
// (sqlitestatement_p.h, postgresstatement_p.h). The connection caches one per SQL text and
// owns it; a Cursor reads its rows. Values come out as the Qt driver's would (a type
// Dialect::fromDatabase() takes), errors as QSqlErrors the dialect classifies alike.

#include "quarry_export.h"

#include <QSqlError>
#include <QString>
#include <QVariant>
#include <QVariantList>

namespace Quarry::Private {

class QUARRY_EXPORT NativeStatement
{
public:
    virtual ~NativeStatement() = default;
    NativeStatement(const NativeStatement &) = delete;
    NativeStatement &operator=(const NativeStatement &) = delete;

    const QString &sql() const { return m_sql; }

    // Binds `values` positionally and runs the statement. False when the database refuses;
    // lastError() says why.
    virtual bool exec(const QVariantList &values) = 0;
    // Moves to the next row (the first after exec()). False at the end, and after an error
    // (then lastError() says which).
    virtual bool next() = 0;
    virtual QVariant value(int column) const = 0;
    virtual bool isNull(int column) const = 0;
    // Ends this run: releases its rows and whatever it holds of the database.
    virtual void finish() = 0;
    virtual int numRowsAffected() const = 0;
    virtual QVariant lastInsertId() const = 0;
    QSqlError lastError() const { return m_error; }
    // The connection was closed behind Quarry's back: the statement must not touch it
    // again, only free what is its own (when it is destroyed).
    virtual void abandon() {}

protected:
    explicit NativeStatement(const QString &sql) : m_sql(sql) {}

    QString m_sql;
    QSqlError m_error;
};

} // namespace Quarry::Private
