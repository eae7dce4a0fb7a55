#pragma once

// Private: whether a loaded Qt SQL driver plugin calls the very client library Quarry
// links, which a native path (sqlitestatement_p.h, postgresstatement_p.h) needs before it
// touches the driver's handle. A plugin with the library compiled in, or one linked
// against another copy, resolves the symbol elsewhere (or not at all).

namespace Quarry::Private {

// True when the loaded plugin whose file name contains `pluginFragment` ("libqsqlite")
// resolves `symbol` (through itself and its dependencies) to `ours`.
bool driverPluginResolvesTo(const char *pluginFragment, const char *symbol, const void *ours);

} // namespace Quarry::Private
