#include "transaction.h"

#include "session.h"
#include "session_p.h"

namespace Quarry {

Transaction::Transaction(Session &session) : m_session(&session)
{
    SessionPrivate *d = session.d_func();
    if (d->levels.isEmpty()) {
        m_active = d->ensureTransaction();
        m_level = 0;
    } else {
        m_level = int(d->levels.size());
        m_active = d->beginSavepoint();
    }
    if (!m_active)
        m_error = d->lastError;
}

Transaction::~Transaction()
{
    if (m_active)
        rollback();
}

bool Transaction::commit()
{
    if (!m_session)
        return false;
    SessionPrivate *d = m_session->d_func();
    if (!m_active) {
        m_error = Error(Error::InvalidQuery, QStringLiteral("the transaction is not active"));
        return false;
    }
    const bool ok = m_level == 0 ? d->commit() : d->releaseSavepoint(m_level);
    if (!ok) {
        m_error = d->lastError;
        // A nested transaction whose savepoint is gone, or the outermost one, cannot be
        // retried as such; the session keeps the pending changes either way.
        if (m_level > 0 && m_level >= d->levels.size())
            m_active = false;
        return false;
    }
    m_active = false;
    return true;
}

bool Transaction::rollback()
{
    if (!m_session || !m_active)
        return false;
    m_active = false;
    SessionPrivate *d = m_session->d_func();
    const bool ok = m_level == 0 ? d->rollback() : d->rollbackToSavepoint(m_level);
    if (!ok)
        m_error = d->lastError;
    return ok;
}

} // namespace Quarry
