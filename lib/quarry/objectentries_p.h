#pragma once

// Private: a table of entries per QObject whose entries never move.

#include <QHash>
#include <QObject>

#include <limits>
#include <memory>
#include <vector>

namespace Quarry {

// The session's entry per tracked object (SessionPrivate::tracked). A QHash of entries
// moves them whenever it grows or erases, so code that keeps an entry across user code has
// to look it up again, and entries lie in hash order: each pass over the objects in load
// order (a flush, a commit) missed the cache at every one. Here the hash holds only
// pointers, and the entries live in chunks, in the order they were added, reused once
// erased and freed with the table. So:
// - a pointer to an entry stays valid while the table lives; `Entry::sequence`, unique per
//   insert() and reset to `released` on erase, says whether it is still the same object's;
// - objects added together have their entries side by side.
// The interface is QHash's, with iterators that reach the entry itself.
template<typename Entry>
class ObjectEntries
{
    using Hash = QHash<QObject *, Entry *>;

public:
    static constexpr quint64 released = std::numeric_limits<quint64>::max();

    template<typename HashIterator, typename Value>
    class Iterator
    {
    public:
        Iterator() = default;
        Iterator(HashIterator it) : m_it(it) {}
        QObject *key() const { return m_it.key(); }
        Value &operator*() const { return *m_it.value(); }
        Value *operator->() const { return m_it.value(); }
        Iterator &operator++()
        {
            ++m_it;
            return *this;
        }
        bool operator==(const Iterator &other) const { return m_it == other.m_it; }
        bool operator!=(const Iterator &other) const { return m_it != other.m_it; }

    private:
        friend class ObjectEntries;
        HashIterator m_it;
    };
    using iterator = Iterator<typename Hash::iterator, Entry>;
    using const_iterator = Iterator<typename Hash::const_iterator, const Entry>;

    iterator begin() { return m_hash.begin(); }
    iterator end() { return m_hash.end(); }
    const_iterator begin() const { return m_hash.cbegin(); }
    const_iterator end() const { return m_hash.cend(); }
    const_iterator cbegin() const { return m_hash.cbegin(); }
    const_iterator cend() const { return m_hash.cend(); }
    iterator find(QObject *object) { return m_hash.find(object); }
    const_iterator find(QObject *object) const { return m_hash.constFind(object); }
    const_iterator constFind(QObject *object) const { return m_hash.constFind(object); }
    bool contains(QObject *object) const { return m_hash.contains(object); }
    qsizetype size() const { return m_hash.size(); }
    bool isEmpty() const { return m_hash.isEmpty(); }
    // The entry of a tracked object (unlike QHash's, never adds one).
    Entry &operator[](QObject *object)
    {
        Entry *entry = m_hash.value(object);
        Q_ASSERT(entry);
        return *entry;
    }
    // nullptr when the object has none.
    Entry *entryOf(QObject *object) const { return m_hash.value(object); }

    // `entry.sequence` must be set (and not `released`).
    iterator insert(QObject *object, Entry &&entry)
    {
        Entry *slot = allocate();
        *slot = std::move(entry);
        return m_hash.insert(object, slot);
    }
    void erase(const_iterator it)
    {
        Entry *slot = it.m_it.value();
        m_hash.erase(it.m_it);
        *slot = Entry();
        slot->sequence = released;
        m_free.push_back(slot);
    }

private:
    // Chunks double from the first size to the last: a session that tracks a hundred
    // objects (a query per session) must not construct and destroy hundreds of entries.
    static constexpr size_t FirstChunkSize = 16;
    static constexpr size_t LastChunkSize = 256;

    Entry *allocate()
    {
        if (!m_free.empty()) {
            Entry *slot = m_free.back();
            m_free.pop_back();
            return slot;
        }
        if (m_chunks.empty() || m_used == m_chunkSize) {
            m_chunkSize = m_chunks.empty() ? FirstChunkSize
                                           : std::min(2 * m_chunkSize, LastChunkSize);
            m_chunks.push_back(std::make_unique<Entry[]>(m_chunkSize));
            m_used = 0;
        }
        return &m_chunks.back()[m_used++];
    }

    Hash m_hash;
    std::vector<std::unique_ptr<Entry[]>> m_chunks;
    size_t m_chunkSize = 0; // of the last chunk
    size_t m_used = 0;      // of the last chunk
    std::vector<Entry *> m_free;
};

} // namespace Quarry
