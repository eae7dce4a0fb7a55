#include "shopplugin.h"

#include "demodatabase.h"

bool ShopPlugin::registerEntities(Quarry::Database &db)
{
    return ShopDemo::registerEntities(db);
}
