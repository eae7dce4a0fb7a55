#include "driverplugin_p.h"

#include <QByteArray>

#include <cstring>
#include <dlfcn.h>
#include <link.h>

namespace Quarry::Private {

namespace {

struct PluginSearch {
    const char *fragment;
    QByteArray path;
};

// Where the plugin is loaded from (dl_iterate_phdr walks the loaded objects).
QByteArray loadedPlugin(const char *fragment)
{
    PluginSearch search{fragment, {}};
    dl_iterate_phdr(
        [](dl_phdr_info *info, size_t, void *data) {
            auto *search = static_cast<PluginSearch *>(data);
            const char *name = info->dlpi_name;
            if (name && std::strstr(name, search->fragment)) {
                search->path = name;
                return 1;
            }
            return 0;
        },
        &search);
    return search.path;
}

} // namespace

bool driverPluginResolvesTo(const char *pluginFragment, const char *symbol, const void *ours)
{
    const QByteArray plugin = loadedPlugin(pluginFragment);
    if (plugin.isEmpty())
        return false;
    void *handle = dlopen(plugin.constData(), RTLD_NOLOAD | RTLD_LAZY);
    if (!handle)
        return false;
    const bool same = dlsym(handle, symbol) == ours;
    dlclose(handle);
    return same;
}

} // namespace Quarry::Private
