#pragma once

#include <quarry/database.h>
#include <quarry/entityplugin.h>

#include <QPluginLoader>
#include <QString>
#include <memory>

namespace QuarryBrowser {

// Loads an application's entity plugin (Quarry::EntityPlugin) and registers its entities
// on a Database. Every failure has a message that says which file and what to do: the
// file is missing, is no Qt plugin that loads (with the loader's reason: a missing library,
// a Qt built differently), is a Qt plugin of another kind (its IID), or its entities do not
// register (Quarry's error, naming class and property). The plugin stays loaded while the
// loader lives.
class EntityPluginLoader
{
public:
    EntityPluginLoader();
    ~EntityPluginLoader();

    bool load(const QString &fileName);
    bool registerEntities(Quarry::Database &database);

    Quarry::EntityPlugin *plugin() const { return m_plugin; }
    QString errorString() const { return m_error; }

private:
    std::unique_ptr<QPluginLoader> m_loader;
    Quarry::EntityPlugin *m_plugin = nullptr;
    QString m_error;
};

} // namespace QuarryBrowser
