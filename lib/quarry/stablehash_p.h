#pragma once

// Private: a hash whose values stay where they were put. The values live in chunks that
// never move and the QHash holds pointers to them, so a growing hash moves 16-byte nodes,
// not whole values, and a rehash never holds two copies of every value at once (which
// set the peak memory of loading many objects into a session). Pointers and references to
// a value stay valid until its key is removed.

#include <QHash>
#include <QList>

#include <memory>
#include <type_traits>
#include <vector>

namespace Quarry {

template<typename Key, typename T>
class StableHash
{
    using Index = QHash<Key, T *>;

    template<bool Const>
    class Iterator
    {
        using Base =
            std::conditional_t<Const, typename Index::const_iterator, typename Index::iterator>;
        using Value = std::conditional_t<Const, const T, T>;

    public:
        Iterator() = default;
        explicit Iterator(Base base) : m_base(base) {}
        const Key &key() const { return m_base.key(); }
        Value &value() const { return **m_base; }
        Value &operator*() const { return **m_base; }
        Value *operator->() const { return *m_base; }
        Iterator &operator++()
        {
            ++m_base;
            return *this;
        }
        bool operator==(const Iterator &other) const { return m_base == other.m_base; }
        bool operator!=(const Iterator &other) const { return m_base != other.m_base; }

    private:
        Base m_base;
    };

public:
    using iterator = Iterator<false>;
    using const_iterator = Iterator<true>;

    StableHash() = default;
    StableHash(const StableHash &) = delete; // two hashes would share the values
    StableHash &operator=(const StableHash &) = delete;

    iterator begin() { return iterator(m_index.begin()); }
    iterator end() { return iterator(m_index.end()); }
    const_iterator cbegin() const { return const_iterator(m_index.cbegin()); }
    const_iterator cend() const { return const_iterator(m_index.cend()); }
    iterator find(const Key &key) { return iterator(m_index.find(key)); }
    const_iterator constFind(const Key &key) const
    {
        return const_iterator(m_index.constFind(key));
    }
    bool contains(const Key &key) const { return m_index.contains(key); }
    qsizetype size() const { return m_index.size(); }
    QList<Key> keys() const { return m_index.keys(); }

    void insert(const Key &key, T value) { (*this)[key] = std::move(value); }
    // The value of `key`, default-constructed and inserted when there is none.
    T &operator[](const Key &key)
    {
        T *&slot = m_index[key];
        if (!slot)
            slot = allocate();
        return *slot;
    }
    void remove(const Key &key)
    {
        if (T *slot = m_index.take(key)) {
            *slot = T(); // releases what the value held; the slot is reused
            m_free.push_back(slot);
        }
    }

private:
    static constexpr std::size_t chunkSize = 256;

    T *allocate()
    {
        if (!m_free.empty()) {
            T *slot = m_free.back();
            m_free.pop_back();
            return slot;
        }
        if (m_chunks.empty() || m_usedInLastChunk == chunkSize) {
            m_chunks.push_back(std::make_unique<T[]>(chunkSize));
            m_usedInLastChunk = 0;
        }
        return &m_chunks.back()[m_usedInLastChunk++];
    }

    Index m_index;
    std::vector<std::unique_ptr<T[]>> m_chunks;
    std::size_t m_usedInLastChunk = 0;
    std::vector<T *> m_free; // slots of removed values, reused first
};

} // namespace Quarry
