#pragma once

#include "connectionprofile.h"
#include "entitypluginloader.h"

#include <quarry/database.h>
#include <quarry/entityinfo.h>
#include <quarry/session.h>

#include <QObject>
#include <QStringList>

#include <memory>

namespace QuarryBrowser {

// One open database, as every page, panel and dialog of the browser sees it: the
// Quarry::Database, the UI thread's Session (all edits go through it), the entities to
// show (the application's, from its plugin, plus every other table reflected from the
// live schema), and the read-only switch. Background work takes database() into its own
// thread, where Quarry gives it that thread's own connection.
class DatabaseContext : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool readOnly READ isReadOnly WRITE setReadOnly NOTIFY readOnlyChanged)

public:
    // Connects, loads the profile's entity plugin (if any) and reflects the other
    // tables. nullptr, with the reason in *error, when any step fails.
    static std::unique_ptr<DatabaseContext> open(const ConnectionProfile &profile, QString *error);
    ~DatabaseContext() override;

    const ConnectionProfile &profile() const { return m_profile; }
    Quarry::Database database() const { return m_database; }
    Quarry::Session *session() const { return m_session.get(); }
    // The plugin's name ("shop") when the entities come from an application; else empty.
    QString entityPluginName() const;
    Quarry::EntityPlugin *entityPlugin() const { return m_plugin.plugin(); }

    // What the tree lists: the entities' names (class names, or table names for reflected
    // tables), in a stable order — the application's entities first.
    QStringList entityNames() const;
    const Quarry::EntityInfo *entity(const QString &name) const;
    // Tables left out because they have no one-column primary key.
    QStringList skippedTables() const { return m_skippedTables; }

    bool isReadOnly() const { return m_readOnly; }
    void setReadOnly(bool readOnly);
    // Set by --read-only: the toolbar toggle cannot switch it off.
    bool isReadOnlyLocked() const { return m_readOnlyLocked; }
    void lockReadOnly();

Q_SIGNALS:
    void readOnlyChanged(bool readOnly);

private:
    DatabaseContext() = default;

    ConnectionProfile m_profile;
    EntityPluginLoader m_plugin;
    Quarry::Database m_database;
    std::unique_ptr<Quarry::Session> m_session;
    QStringList m_skippedTables;
    bool m_readOnly = false;
    bool m_readOnlyLocked = false;
};

} // namespace QuarryBrowser
