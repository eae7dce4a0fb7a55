#include "rowcache_p.h"

#include "session_p.h"

#include <algorithm>

namespace Quarry::Private {

namespace {

// Anchors are two short value lists per page visited; this bounds them to a few MB even
// after a scroll through millions of rows.
constexpr int maxAnchors = 16384;

} // namespace

RowCache::RowCache(int pageSize, int maxPages)
    : m_pageSize(std::max(1, pageSize)), m_maxPages(std::max(1, maxPages))
{
}

void RowCache::setPageSize(int rows)
{
    m_pageSize = std::max(1, rows);
    clear();
}

void RowCache::setMaxPages(int pages)
{
    m_maxPages = std::max(1, pages);
    clear();
}

const ModelRow *RowCache::row(qint64 index)
{
    const auto it = m_pages.find(pageOf(index));
    if (it == m_pages.end())
        return nullptr;
    const qint64 offset = index - pageStart(it.key());
    if (offset >= it->rows.size())
        return nullptr;
    it->lastUse = ++m_clock;
    return &it->rows.at(offset);
}

bool RowCache::contains(qint64 index) const
{
    const auto it = m_pages.constFind(pageOf(index));
    return it != m_pages.cend() && index - pageStart(it.key()) < it->rows.size();
}

void RowCache::storePage(qint64 page, QList<ModelRow> rows)
{
    Page &stored = m_pages[page];
    stored.rows = std::move(rows);
    stored.lastUse = ++m_clock;
    evict();
}

bool RowCache::replace(qint64 index, const ModelRow &row)
{
    const auto it = m_pages.find(pageOf(index));
    if (it == m_pages.end())
        return false;
    const qint64 offset = index - pageStart(it.key());
    if (offset >= it->rows.size())
        return false;
    it->rows[offset] = row;
    return true;
}

void RowCache::evict()
{
    while (m_pages.size() > m_maxPages) {
        auto oldest = m_pages.begin();
        for (auto it = m_pages.begin(); it != m_pages.end(); ++it) {
            if (it->lastUse < oldest->lastUse)
                oldest = it;
        }
        m_pages.erase(oldest);
    }
}

void RowCache::invalidateFrom(qint64 index)
{
    const qint64 firstPage = pageOf(index);
    for (auto it = m_pages.begin(); it != m_pages.end();)
        it = it.key() >= firstPage ? m_pages.erase(it) : std::next(it);
    m_anchors.erase(m_anchors.lowerBound(index), m_anchors.end());
}

void RowCache::clear()
{
    m_pages.clear();
    m_anchors.clear();
}

QHash<QString, qint64> RowCache::positionsByKey(int keyProperty) const
{
    QHash<QString, qint64> positions;
    for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it) {
        const qint64 start = pageStart(it.key());
        for (qsizetype i = 0; i < it->rows.size(); ++i)
            positions.insert(SessionPrivate::identityKey(it->rows.at(i).at(keyProperty)), start + i);
    }
    return positions;
}

qint64 RowCache::cachedRowCount() const
{
    qint64 rows = 0;
    for (const Page &page : m_pages)
        rows += page.rows.size();
    return rows;
}

void RowCache::setAnchor(qint64 index, const QVariantList &sortKey)
{
    if (m_anchors.size() >= maxAnchors && !m_anchors.contains(index)) {
        // Keep every other one: jumps stay cheap everywhere, just a little less so.
        bool drop = false;
        for (auto it = m_anchors.begin(); it != m_anchors.end();) {
            it = drop ? m_anchors.erase(it) : std::next(it);
            drop = !drop;
        }
    }
    m_anchors.insert(index, sortKey);
}

std::optional<RowCache::Anchor> RowCache::anchorBefore(qint64 index) const
{
    auto it = m_anchors.lowerBound(index); // first >= index
    if (it == m_anchors.cbegin())
        return std::nullopt;
    --it;
    return Anchor{it.key(), it.value()};
}

std::optional<RowCache::Anchor> RowCache::anchorFrom(qint64 index) const
{
    const auto it = m_anchors.lowerBound(index);
    if (it == m_anchors.cend())
        return std::nullopt;
    return Anchor{it.key(), it.value()};
}

} // namespace Quarry::Private
