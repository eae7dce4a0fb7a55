#pragma once

// Private: the rows of a statement that ran, whichever way it ran: a QSqlQuery (every
// backend) or a native statement (nativestatement_p.h: SQLite, PostgreSQL). Both stay
// owned by the connection's statement cache; a Cursor only points at one. The
// materialising code reads through this so that one copy of it serves both.

#include "nativestatement_p.h"

#include <QSqlQuery>

namespace Quarry::Private {

class Cursor
{
public:
    Cursor() = default;
    Cursor(QSqlQuery *query) : m_query(query) {}
    Cursor(NativeStatement *statement) : m_native(statement) {}

    explicit operator bool() const { return m_query || m_native; }
    bool next() { return m_native ? m_native->next() : m_query->next(); }
    QVariant value(int column) const
    {
        return m_native ? m_native->value(column) : m_query->value(column);
    }
    bool isNull(int column) const
    {
        return m_native ? m_native->isNull(column) : m_query->isNull(column);
    }
    void finish() { m_native ? m_native->finish() : m_query->finish(); }
    int numRowsAffected() const
    {
        return m_native ? m_native->numRowsAffected() : m_query->numRowsAffected();
    }
    QVariant lastInsertId() const
    {
        return m_native ? m_native->lastInsertId() : m_query->lastInsertId();
    }

private:
    QSqlQuery *m_query = nullptr;
    NativeStatement *m_native = nullptr;
};

} // namespace Quarry::Private
