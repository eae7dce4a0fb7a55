#pragma once

// Private: an append-only list in fixed blocks, for what a transaction level saves.

#include <QList>

namespace Quarry {

// Elements numbered from 0 that never move: saving one costs no allocation per element,
// and dropping them a free per block. Fixed blocks, not one list: a large UPDATE would
// grow one list past malloc's mmap threshold, and each transaction would then fault in
// fresh pages (measured: ~85 page faults and +1 ms per 10,000 updated objects). Copies
// share the blocks until one of them changes.
template<typename T, int BlockSize>
class BlockList
{
public:
    const T &at(int i) const { return m_blocks.at(i / BlockSize).at(i % BlockSize); }
    T &operator[](int i) { return m_blocks[i / BlockSize][i % BlockSize]; }
    // Constructs an element at the end from `args`; returns its number.
    template<typename... Args>
    int emplace(Args &&...args)
    {
        if (m_blocks.isEmpty() || m_blocks.constLast().size() == BlockSize) {
            m_blocks.append(QList<T>());
            m_blocks.last().reserve(BlockSize);
        }
        QList<T> &block = m_blocks.last();
        block.emplaceBack(std::forward<Args>(args)...);
        return int((m_blocks.size() - 1) * BlockSize + block.size() - 1);
    }
    int size() const
    {
        return m_blocks.isEmpty()
                   ? 0
                   : int((m_blocks.size() - 1) * BlockSize + m_blocks.constLast().size());
    }

private:
    QList<QList<T>> m_blocks;
};

} // namespace Quarry
