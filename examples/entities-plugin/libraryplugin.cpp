#include "libraryplugin.h"

#include "author.h"
#include "book.h"

QString LibraryPlugin::name() const
{
    return QStringLiteral("library");
}

bool LibraryPlugin::registerEntities(Quarry::Database &db)
{
    return db.registerEntities<Author, Book>();
}

QString LibraryPlugin::migrationsPath() const
{
    return QStringLiteral(":/library/migrations");
}
