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
    const ModelRow &row = it->rows.at(index - pageStart(it.key()));
    if (row.isEmpty())
        return nullptr;
    it->lastUse = ++m_clock;
    return &row;
}

bool RowCache::contains(qint64 index) const
{
    const auto it = m_pages.constFind(pageOf(index));
    return it != m_pages.cend() && !it->rows.at(index - pageStart(it.key())).isEmpty();
}

void RowCache::put(qint64 index, const ModelRow &row)
{
    Page &page = m_pages[pageOf(index)];
    if (page.rows.isEmpty())
        page.rows.resize(m_pageSize);
    page.rows[index - pageStart(pageOf(index))] = row;
}

void RowCache::storePage(qint64 page, const QList<ModelRow> &rows)
{
    const qint64 start = pageStart(page);
    for (qsizetype i = 0; i < rows.size() && i < m_pageSize; ++i)
        put(start + i, rows.at(i));
    m_pages[page].lastUse = ++m_clock;
    evict();
}

bool RowCache::replace(qint64 index, const ModelRow &row)
{
    if (!contains(index))
        return false;
    put(index, row);
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

void RowCache::shift(qint64 from, qint64 by)
{
    // Take out every cached row at or after `from`, then put each back `by` places on.
    QList<std::pair<qint64, ModelRow>> moved;
    QHash<qint64, quint64> uses;
    for (auto it = m_pages.begin(); it != m_pages.end();) {
        const qint64 start = pageStart(it.key());
        if (start + m_pageSize <= from) {
            ++it;
            continue;
        }
        for (qsizetype i = 0; i < it->rows.size(); ++i) {
            const qint64 index = start + i;
            if (index >= from && !it->rows.at(i).isEmpty()) {
                moved.append({index + by, it->rows.at(i)});
                it->rows[i].clear();
                uses.insert(pageOf(index + by), it->lastUse);
            }
        }
        const bool empty = std::all_of(it->rows.cbegin(), it->rows.cend(),
                                       [](const ModelRow &row) { return row.isEmpty(); });
        it = empty ? m_pages.erase(it) : std::next(it);
    }
    for (const auto &[index, row] : std::as_const(moved)) {
        if (index >= 0)
            put(index, row);
    }
    for (auto it = uses.cbegin(); it != uses.cend(); ++it) {
        const auto page = m_pages.find(it.key());
        if (page != m_pages.end())
            page->lastUse = std::max(page->lastUse, it.value());
    }
    QMap<qint64, QVariantList> anchors;
    for (auto it = m_anchors.cbegin(); it != m_anchors.cend(); ++it) {
        if (it.key() < from)
            anchors.insert(it.key(), it.value());
        else if (it.key() + by >= 0)
            anchors.insert(it.key() + by, it.value());
    }
    m_anchors = anchors;
    evict();
}

void RowCache::insertRow(qint64 index, const ModelRow &row)
{
    shift(index, 1);
    put(index, row);
    m_pages[pageOf(index)].lastUse = ++m_clock;
    evict();
}

void RowCache::removeRow(qint64 index)
{
    const auto page = m_pages.find(pageOf(index));
    if (page != m_pages.end())
        page->rows[index - pageStart(page.key())].clear();
    m_anchors.remove(index);
    shift(index + 1, -1);
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
        for (qsizetype i = 0; i < it->rows.size(); ++i) {
            if (!it->rows.at(i).isEmpty())
                positions.insert(SessionPrivate::identityKey(it->rows.at(i).at(keyProperty)),
                                 start + i);
        }
    }
    return positions;
}

qint64 RowCache::cachedRowCount() const
{
    qint64 rows = 0;
    for (const Page &page : m_pages)
        rows += std::count_if(page.rows.cbegin(), page.rows.cend(),
                              [](const ModelRow &row) { return !row.isEmpty(); });
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
    auto it = m_anchors.lowerBound(index); // the first at or after index
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
