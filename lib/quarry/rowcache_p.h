#pragma once

// Private: the rows a QueryModel has loaded, as windows ("pages") of plain value lists,
// least recently used pages evicted first, plus the sort keys of page boundaries
// ("anchors") that let the next window be fetched by keyset instead of a long OFFSET.

#include <QHash>
#include <QList>
#include <QMap>
#include <QVariantList>

#include <optional>
#include <utility>

namespace Quarry::Private {

// One row: the plain values of every mapped property, in property order.
using ModelRow = QVariantList;

class RowCache {
public:
    explicit RowCache(int pageSize = 256, int maxPages = 64);

    int pageSize() const { return m_pageSize; }
    int maxPages() const { return m_maxPages; }
    // Both drop everything cached.
    void setPageSize(int rows);
    void setMaxPages(int pages);

    qint64 pageOf(qint64 row) const { return row / m_pageSize; }
    qint64 pageStart(qint64 page) const { return page * m_pageSize; }

    // The cached row, or nullptr; marks its page as used.
    const ModelRow *row(qint64 index);
    bool contains(qint64 index) const;
    // Stores rows from pageStart(page) on and evicts the least recently used pages beyond
    // maxPages().
    void storePage(qint64 page, const QList<ModelRow> &rows);
    // Replaces one cached row in place (same position); false when it is not cached.
    bool replace(qint64 index, const ModelRow &row);

    // A row appeared at / vanished from `index`: cached rows and anchors from there on
    // move one place down / up, so that what is cached keeps matching the positions a
    // view has been told about. A page may then have gaps; a gap is loaded like a page.
    void insertRow(qint64 index, const ModelRow &row);
    void removeRow(qint64 index);
    void clear();

    // The position of every cached row, by its primary key's identity text.
    QHash<QString, qint64> positionsByKey(int keyProperty) const;
    int cachedPageCount() const { return int(m_pages.size()); }
    qint64 cachedRowCount() const;

    // Sort keys (values of the ORDER BY terms, primary key last) of rows whose position
    // is known. Kept beyond the pages themselves (they are small), up to a bound.
    void setAnchor(qint64 index, const QVariantList &sortKey);
    using Anchor = std::pair<qint64, QVariantList>;
    // The nearest anchor before `index` (position < index), and at or after it.
    std::optional<Anchor> anchorBefore(qint64 index) const;
    std::optional<Anchor> anchorFrom(qint64 index) const;

private:
    // pageSize() slots; an empty ModelRow is a slot not loaded (a row always has values).
    struct Page {
        QList<ModelRow> rows;
        quint64 lastUse = 0;
    };
    void evict();
    void put(qint64 index, const ModelRow &row);
    void shift(qint64 from, qint64 by);

    int m_pageSize;
    int m_maxPages;
    quint64 m_clock = 0;
    QHash<qint64, Page> m_pages;
    QMap<qint64, QVariantList> m_anchors;
};

} // namespace Quarry::Private
