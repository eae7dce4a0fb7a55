#include "sqlhistory.h"

#include <QCryptographicHash>
#include <QSettings>

namespace QuarryBrowser {

SqlHistory::SqlHistory(const QString &connectionUrl) : m_url(connectionUrl)
{
    QSettings settings;
    settings.beginGroup(settingsGroup());
    m_entries = settings.value(QStringLiteral("statements")).toStringList();
}

// URLs hold '/' and ':', which QSettings would read as groups: a hash names the group,
// and the URL is stored beside the statements for whoever reads the file.
QString SqlHistory::settingsGroup() const
{
    const QByteArray hash = QCryptographicHash::hash(m_url.toUtf8(), QCryptographicHash::Sha1);
    return QStringLiteral("sqlConsole/history/") + QString::fromLatin1(hash.toHex().left(16));
}

void SqlHistory::add(const QString &statement)
{
    const QString text = statement.trimmed();
    if (text.isEmpty())
        return;
    m_entries.removeAll(text);
    m_entries.append(text);
    while (m_entries.size() > maxEntries)
        m_entries.removeFirst();
    m_position = -1;
    save();
}

void SqlHistory::clear()
{
    m_entries.clear();
    m_position = -1;
    save();
}

QString SqlHistory::older(const QString &current)
{
    if (m_position < 0) {
        m_draft = current;
        m_position = m_entries.size();
    }
    if (m_position == 0)
        return {};
    return m_entries.at(--m_position);
}

QString SqlHistory::newer()
{
    if (m_position < 0 || m_position >= m_entries.size())
        return {};
    ++m_position;
    if (m_position == m_entries.size()) {
        m_position = -1;
        return m_draft.isNull() ? QStringLiteral("") : m_draft;
    }
    return m_entries.at(m_position);
}

void SqlHistory::save() const
{
    QSettings settings;
    settings.beginGroup(settingsGroup());
    settings.setValue(QStringLiteral("url"), m_url);
    settings.setValue(QStringLiteral("statements"), m_entries);
}

} // namespace QuarryBrowser
