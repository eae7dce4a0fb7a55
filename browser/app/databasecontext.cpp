#include "databasecontext.h"

#include <algorithm>

namespace QuarryBrowser {

std::unique_ptr<DatabaseContext> DatabaseContext::open(const ConnectionProfile &profile,
                                                       QString *error)
{
    std::unique_ptr<DatabaseContext> context(new DatabaseContext);
    context->m_profile = profile;
    context->m_database = Quarry::Database::open(profile.url);
    if (!context->m_database.isValid()) {
        *error = context->m_database.lastError().toString();
        return nullptr;
    }
    if (!profile.entitiesPlugin.isEmpty()
        && (!context->m_plugin.load(profile.entitiesPlugin)
            || !context->m_plugin.registerEntities(context->m_database))) {
        *error = context->m_plugin.errorString();
        return nullptr;
    }
    if (!context->m_database.reflect(&context->m_skippedTables)) {
        *error = context->m_database.lastError().toString();
        return nullptr;
    }
    context->m_session = std::make_unique<Quarry::Session>(context->m_database);
    // Reading never writes: edits wait for Submit.
    context->m_session->setAutoflush(false);
    return context;
}

DatabaseContext::~DatabaseContext() = default;

QString DatabaseContext::entityPluginName() const
{
    return m_plugin.plugin() ? m_plugin.plugin()->name() : QString();
}

QStringList DatabaseContext::entityNames() const
{
    QList<const Quarry::EntityInfo *> entities = m_database.entities();
    std::stable_sort(entities.begin(), entities.end(),
                     [](const Quarry::EntityInfo *a, const Quarry::EntityInfo *b) {
                         if (a->isReflected() != b->isReflected())
                             return !a->isReflected();
                         return a->className().compare(b->className(), Qt::CaseInsensitive) < 0;
                     });
    QStringList names;
    for (const Quarry::EntityInfo *entity : std::as_const(entities))
        names.append(entity->className());
    return names;
}

const Quarry::EntityInfo *DatabaseContext::entity(const QString &name) const
{
    return m_database.entity(name);
}

void DatabaseContext::setReadOnly(bool readOnly)
{
    if (m_readOnlyLocked || readOnly == m_readOnly)
        return;
    m_readOnly = readOnly;
    Q_EMIT readOnlyChanged(m_readOnly);
}

void DatabaseContext::lockReadOnly()
{
    setReadOnly(true);
    m_readOnlyLocked = true;
}

} // namespace QuarryBrowser
