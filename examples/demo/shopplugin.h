#pragma once

#include <quarry/entityplugin.h>

#include <QObject>

// The demo shop's entity plugin: `quarry-browser sqlite:///shop.db --entities <this>`
// shows the shop's tables as the application sees them (labels, enums, relations).
class ShopPlugin : public QObject, public Quarry::EntityPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID QuarryEntityPlugin_iid FILE "shopplugin.json")
    Q_INTERFACES(Quarry::EntityPlugin)

public:
    QString name() const override { return QStringLiteral("shop"); }
    bool registerEntities(Quarry::Database &db) override;
};
