#pragma once

// Private: keys of the session's identity map, and the objects of one entity by key.

#include <QHash>
#include <QObject>
#include <QString>

namespace Quarry {

// A key of the identity map: an integer primary key as the number, so that loading a row
// allocates no string for it; any other key as SessionPrivate::identityKey()'s text.
struct IdentityKey {
    qint64 number = 0;
    QString text; // null for an integer key
    friend bool operator==(const IdentityKey &a, const IdentityKey &b)
    {
        return a.number == b.number && a.text == b.text;
    }
    friend bool operator!=(const IdentityKey &a, const IdentityKey &b) { return !(a == b); }
};

// The objects of one entity by primary key. An entity's keys are all integers or all
// text, so two hashes: an integer key costs a 16-byte node, not one sized for both kinds
// (40 bytes, a node per loaded object).
class EntityObjects
{
public:
    QObject *value(const IdentityKey &key) const
    {
        return key.text.isNull() ? m_byNumber.value(key.number) : m_byText.value(key.text);
    }
    QObject *&operator[](const IdentityKey &key)
    {
        return key.text.isNull() ? m_byNumber[key.number] : m_byText[key.text];
    }
    void insert(const IdentityKey &key, QObject *object) { (*this)[key] = object; }
    void remove(const IdentityKey &key)
    {
        if (key.text.isNull())
            m_byNumber.remove(key.number);
        else
            m_byText.remove(key.text);
    }
    // Every key that maps to `object` (which is being destroyed).
    void removeObject(const QObject *object)
    {
        removeFrom(m_byNumber, object);
        removeFrom(m_byText, object);
    }
    bool isEmpty() const { return m_byNumber.isEmpty() && m_byText.isEmpty(); }

private:
    template<typename Hash>
    static void removeFrom(Hash &hash, const QObject *object)
    {
        for (auto it = hash.begin(); it != hash.end();)
            it = it.value() == object ? hash.erase(it) : std::next(it);
    }

    QHash<qint64, QObject *> m_byNumber;
    QHash<QString, QObject *> m_byText;
};

} // namespace Quarry
