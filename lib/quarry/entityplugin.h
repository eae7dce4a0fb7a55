#pragma once

#include "database.h"

#include <QString>
#include <QtPlugin>

namespace Quarry {

// How an application shows its entities to Quarry's tools (the quarry CLI, the browser):
// a Qt plugin that registers the entity classes on a Database. examples/entities-plugin
// is a complete one.
//
//   class LibraryEntities : public QObject, public Quarry::EntityPlugin
//   {
//       Q_OBJECT
//       Q_PLUGIN_METADATA(IID QuarryEntityPlugin_iid)
//       Q_INTERFACES(Quarry::EntityPlugin)
//   public:
//       QString name() const override { return QStringLiteral("library"); }
//       bool registerEntities(Quarry::Database &db) override
//       { return db.registerEntities<Author, Book>(); }
//       QString migrationsPath() const override { return QStringLiteral(":/library/migrations"); }
//   };
class EntityPlugin
{
public:
    virtual ~EntityPlugin() = default;

    // A short name for messages and the browser ("library").
    virtual QString name() const = 0;
    // Registers the entity classes; false leaves the reason in db.lastError().
    virtual bool registerEntities(Quarry::Database &db) = 0;
    // Where the application's migrations are (a directory or a resource path inside the
    // plugin, ":/..."); empty when it has none.
    virtual QString migrationsPath() const { return {}; }
};

} // namespace Quarry

#define QuarryEntityPlugin_iid "org.quarry.EntityPlugin/1.0"
Q_DECLARE_INTERFACE(Quarry::EntityPlugin, QuarryEntityPlugin_iid)
