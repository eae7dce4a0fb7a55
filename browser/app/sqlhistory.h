#pragma once

#include <QString>
#include <QStringList>

namespace QuarryBrowser {

// The statements run in the SQL console, per connection (its display URL: no password),
// the newest last, at most maxEntries, kept in QSettings so they survive a restart.
// older()/newer() walk them like a shell history (Ctrl+Up / Ctrl+Down), keeping the text
// being written as the entry past the newest.
class SqlHistory {
public:
    static constexpr int maxEntries = 100;

    explicit SqlHistory(const QString &connectionUrl);

    QString connectionUrl() const { return m_url; }
    QStringList entries() const { return m_entries; }
    // Appends (a repeated statement moves to the end), saves, and ends any walk.
    void add(const QString &statement);
    void clear();

    // The entry before / after the one shown; `current` is the editor's text, kept when
    // the walk starts so newer() can return to it. A null QString: nothing further.
    QString older(const QString &current);
    QString newer();
    void resetNavigation() { m_position = -1; }

private:
    void save() const;
    QString settingsGroup() const;

    QString m_url;
    QStringList m_entries;
    QString m_draft;
    int m_position = -1; // -1: not walking; else the index shown (== size: the draft)
};

} // namespace QuarryBrowser
