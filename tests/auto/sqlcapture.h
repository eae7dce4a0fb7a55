#pragma once

// Captures the statements Quarry logs to the "quarry.sql" category while it lives, so a
// test can assert what SQL ran (and that none did).

#include <QtCore/QLoggingCategory>
#include <QtCore/QStringList>

namespace QuarryTest {

class SqlCapture
{
public:
    SqlCapture()
    {
        s_current = this;
        QLoggingCategory::setFilterRules(QStringLiteral("quarry.sql.debug=true"));
        m_previous = qInstallMessageHandler(&SqlCapture::handle);
    }
    ~SqlCapture()
    {
        qInstallMessageHandler(m_previous);
        QLoggingCategory::setFilterRules(QStringLiteral("quarry.sql.debug=false"));
        s_current = nullptr;
    }

    const QStringList &statements() const { return m_statements; }
    // Statements that start with `prefix` ("UPDATE", "SELECT"...).
    QStringList matching(const QString &prefix) const
    {
        QStringList result;
        for (const QString &statement : m_statements) {
            if (statement.startsWith(prefix))
                result << statement;
        }
        return result;
    }
    void clear() { m_statements.clear(); }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (s_current && context.category && qstrcmp(context.category, "quarry.sql") == 0) {
            s_current->m_statements << message;
            return;
        }
        if (s_current && s_current->m_previous)
            s_current->m_previous(type, context, message);
    }

    inline static SqlCapture *s_current = nullptr;
    QtMessageHandler m_previous = nullptr;
    QStringList m_statements;
};

} // namespace QuarryTest
