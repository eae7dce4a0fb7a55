#pragma once

#include <quarry/entityplugin.h>

#include <QObject>

// The entity plugin of a small library application: two entities, Author and Book, and
// the migrations that create their tables (compiled in, under :/library/migrations).
class LibraryPlugin : public QObject, public Quarry::EntityPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID QuarryEntityPlugin_iid FILE "libraryplugin.json")
    Q_INTERFACES(Quarry::EntityPlugin)

public:
    QString name() const override;
    bool registerEntities(Quarry::Database &db) override;
    QString migrationsPath() const override;
};
