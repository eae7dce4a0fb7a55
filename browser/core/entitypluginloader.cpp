#include "entitypluginloader.h"

#include <QFileInfo>
#include <QJsonObject>

namespace QuarryBrowser {

EntityPluginLoader::EntityPluginLoader() = default;

// Destroying a QPluginLoader does not unload the plugin, which must stay: the entity
// metadata a Database holds points into its code (QMetaObjects).
EntityPluginLoader::~EntityPluginLoader() = default;

bool EntityPluginLoader::load(const QString &fileName)
{
    m_plugin = nullptr;
    if (!QFileInfo::exists(fileName)) {
        m_error = QStringLiteral("%1: no such file (give the entity plugin's library, e.g. "
                                 "libentities-plugin.so)")
                      .arg(fileName);
        return false;
    }
    m_loader = std::make_unique<QPluginLoader>(QFileInfo(fileName).absoluteFilePath());
    if (!m_loader->load()) {
        m_error = QStringLiteral("%1 is not a Qt plugin that can be loaded: %2")
                      .arg(fileName, m_loader->errorString());
        return false;
    }
    m_plugin = qobject_cast<Quarry::EntityPlugin *>(m_loader->instance());
    if (!m_plugin) {
        const QString iid = m_loader->metaData().value(QLatin1String("IID")).toString();
        m_error = QStringLiteral("%1 is a Qt plugin but not a Quarry entity plugin (its IID is "
                                 "'%2', expected '%3')")
                      .arg(fileName, iid, QStringLiteral(QuarryEntityPlugin_iid));
        return false;
    }
    return true;
}

bool EntityPluginLoader::registerEntities(Quarry::Database &database)
{
    if (!m_plugin) {
        m_error = QStringLiteral("no entity plugin loaded");
        return false;
    }
    if (!m_plugin->registerEntities(database) || !database.checkReferences()) {
        m_error = QStringLiteral("entity plugin '%1': its entities do not register: %2")
                      .arg(m_plugin->name(), database.lastError().toString());
        return false;
    }
    return true;
}

} // namespace QuarryBrowser
