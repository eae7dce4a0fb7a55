#pragma once

#include "error.h"
#include "quarry_export.h"

#include <QPointer>

namespace Quarry {

class Session;

// RAII transaction on a session: rolls back unless committed. The outermost one is the
// session's database transaction; nested ones are SAVEPOINTs, so an inner failure can be
// undone without losing the outer work.
//
//   Quarry::Transaction transaction(session);
//   ... changes ...
//   if (!transaction.commit()) qWarning() << transaction.lastError();
class QUARRY_EXPORT Transaction
{
public:
    explicit Transaction(Session &session);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    // Outermost: Session::commit(). Nested: flush and RELEASE SAVEPOINT. On failure the
    // work since this transaction began is rolled back in the database, the objects keep
    // their pending changes, and commit() may be called again after fixing the cause.
    bool commit();
    // Outermost: Session::rollback(). Nested: ROLLBACK TO SAVEPOINT, and the objects
    // return to their state when the savepoint began.
    bool rollback();
    // Began and neither committed nor rolled back.
    bool isActive() const { return m_active; }
    bool isNested() const { return m_level > 0; }
    Error lastError() const { return m_error; }

private:
    QPointer<Session> m_session;
    int m_level = -1;
    bool m_active = false;
    Error m_error;
};

} // namespace Quarry
