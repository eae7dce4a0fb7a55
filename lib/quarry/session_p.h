#pragma once

// Private: the session's state. Each tracked object carries an image of what the
// database holds for it inside the current transaction; every transaction level
// (the transaction itself, then each savepoint) keeps what it takes to give an object the
// image it had when the level began, saved just before each change, so a failed or
// rolled-back level can put the session back exactly.

#include "blocklist_p.h"
#include "changenotifier.h"
#include "connection_p.h"
#include "database_p.h"
#include "identitymap_p.h"
#include "imagevalues_p.h"
#include "objectentries_p.h"
#include "session.h"
#include "sqlbuilder_p.h"
#include "statementcache_p.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QSharedData>
#include <QVarLengthArray>
#include <memory>

namespace Quarry {

// What the database holds for one object, at one point of a transaction. A transaction
// level saves a copy of it before changing it: the key an INSERT replaced is kept aside
// (SessionPrivate::keysBeforeInsert), not in each copy.
struct ObjectImage {
    ImageValues values;         // plain values of the row, in property order
    bool inDatabase = false;    // the row exists
    bool removed = false;       // remove() was called
    bool keyGenerated = false;  // the key was assigned by an INSERT of this transaction
    // Which INSERT of the open transaction wrote the row (1, 2, ...; 0: none), so that its
    // levels need no saved image to know the object was new to them. In the image (in its
    // padding), so that a saved image gives it back too.
    quint32 insertStamp = 0;

    // Everything but the values: what a partial saved image keeps (a field added above
    // belongs here too).
    ObjectImage withoutValues() const
    {
        ObjectImage flags;
        flags.inDatabase = inDatabase;
        flags.removed = removed;
        flags.keyGenerated = keyGenerated;
        flags.insertStamp = insertStamp;
        return flags;
    }
};

class ObjectWatcher;

// Per-object relation bookkeeping, keyed by the relation: an entry of its entity's
// relations(), which never moves. An object has a few relations, so a short array searched
// linearly, the usual one or two held inline, costs less than a hash or a list of its own
// per object (every book W7 loads with its author has one).
template<typename T>
class RelationMap
{
public:
    const T *find(const RelationInfo *relation) const
    {
        for (const auto &entry : m_entries) {
            if (entry.first == relation)
                return &entry.second;
        }
        return nullptr;
    }
    T value(const RelationInfo *relation) const
    {
        const T *found = find(relation);
        return found ? *found : T();
    }
    void insert(const RelationInfo *relation, const T &value)
    {
        if (T *found = const_cast<T *>(find(relation)))
            *found = value;
        else
            m_entries.append({relation, value});
    }
    void remove(const RelationInfo *relation)
    {
        for (qsizetype i = m_entries.size() - 1; i >= 0; --i) {
            if (m_entries.at(i).first == relation)
                m_entries.remove(i);
        }
    }

private:
    QVarLengthArray<std::pair<const RelationInfo *, T>, 2> m_entries;
};

// The relations the session has loaded for an object.
class RelationSet
{
public:
    bool contains(const RelationInfo *relation) const { return m_relations.contains(relation); }
    void insert(const RelationInfo *relation)
    {
        if (!m_relations.contains(relation))
            m_relations.append(relation);
    }
    void remove(const RelationInfo *relation) { m_relations.removeAll(relation); }

private:
    QVarLengthArray<const RelationInfo *, 2> m_relations;
};

// The part of a tracked object's state that only some objects need: a plain loaded
// object has none of it, so it lives in a block allocated on first use
// (TrackedObject::extras()) and the entry of every object stays small.
struct TrackedExtras : QSharedData {
    // Set by bulk update() of the current transaction (with TrackedObject::bulkRemoved).
    // They are statements, not pending changes of the object: when the transaction fails
    // they are undone in memory too, instead of being written again by the next flush.
    QHash<int, QVariant> bulkValues;
    // Relations the session has loaded (or that the object was created with), and what
    // it saw in them: the target of each to-one pointer, the target keys of each
    // many-to-many list. flush() compares against these to find what the user changed.
    RelationSet loadedRelations;
    RelationMap<QObject *> toOneSeen;
    RelationMap<QVariantList> linksSeen;
};

struct TrackedObject {
    const EntityInfo *entity = nullptr;
    ObjectWatcher *watcher = nullptr; // receives this object's signals once `watched`
    ObjectImage image;
    bool notified = false;      // a NOTIFY signal fired since the last flush
    bool bulkRemoved = false;   // deleted by a bulk remove() of the current transaction
    // Its NOTIFY signals reach `watcher`. A new object is connected when its INSERT is
    // written (the INSERT reads every value anyway, and the key it writes back signals no
    // one); a loaded one at its second flush (SessionPrivate::unwatched).
    bool watched = false;
    quint8 unwatchedFlushes = 0; // flushes that compared it while it was not watched
    // In SessionPrivate::candidates while equal to SessionPrivate::candidateRound: a flush
    // clears every object's mark at once, without looking each one up.
    quint32 candidateRound = 0;
    // add()/load order: INSERTs keep it. Unique per track(): an EntryRef holds it to tell
    // whether the entry is still this object's (ObjectEntries::released once forgotten).
    quint64 sequence = 0;
    QSharedDataPointer<TrackedExtras> extra; // null until extras() is called
    // The innermost open level that saved an image of it (its place in
    // SessionPrivate::levels) and where in that level's `saved`: found with no lookup.
    // Checked before use (SessionPrivate::innermostSaved()): an ended level's may be stale.
    int savedDepth = -1;
    int savedSlot = -1;

    // Whether flush() and isDirty() compare it with its image: after a NOTIFY signal,
    // while its signals are not watched yet, and always for a class with a property
    // without NOTIFY. Otherwise its values are its image.
    bool mayDiffer() const
    {
        return notified || !watched || entity->needsSnapshotComparison();
    }

    TrackedExtras &extras()
    {
        if (!extra)
            extra = new TrackedExtras;
        return *extra;
    }
    // For reading: nullptr when the object has none.
    const TrackedExtras *findExtras() const { return extra.constData(); }
};

// A tracked object with its entry in SessionPrivate::tracked, which stays where it is: the
// entry is still the object's while its sequence is (SessionPrivate::entryOf()).
struct EntryRef {
    QObject *object;
    TrackedObject *entry;
    quint64 sequence;   // the entry's TrackedObject::sequence: the flush keeps that order

    bool isCurrent() const { return entry->sequence == sequence; }
};

// An UPDATE flush() will run: which properties of an object changed, and their values.
struct PendingUpdate {
    // The object's entry in SessionPrivate::tracked (flush() writes each UPDATE right
    // after computing it, while the object is surely tracked).
    TrackedObject *entry = nullptr;
    // Shared with the previous update's when equal: the statement cache compares equal
    // lists first, and an object changed like the one before costs no allocation.
    QList<int> changed;
    QVarLengthArray<QVariant, 4> values; // the value now of each changed property
};

// What a transaction level keeps of an object's image from the level's start. An UPDATE
// keeps only the values it overwrites (a partial image): a large update then costs a few
// bytes per object instead of a second copy of each image. A DELETE, a refresh or a bulk
// statement keeps a whole image.
struct SavedImage {
    EntryRef object;   // whose: while the reference is current
    ObjectImage image; // the flags; the values too unless partial
    // Of a partial image, its first value in the level's savedValues; -1: the image is
    // whole.
    int firstValue = -1;
    // Where the next outer level keeps this object's image (what an inner level saved,
    // the outer ones saved too); -1: it has none, the object was new to it.
    int outer = -1;

    bool isPartial() const { return firstValue >= 0; }
};

// A level's saved images, in the order saved (fixed blocks of 20 KB: they never move).
using SavedImages = BlockList<SavedImage, 256>;

// Calls f(image) for each image whose object is still the one that saved it (a forgotten
// object's images stay in the list).
template<typename F>
void forEachCurrent(const SavedImages &images, F f)
{
    for (int i = 0; i < images.size(); ++i) {
        if (images.at(i).object.isCurrent())
            f(images.at(i));
    }
}

// A value a partial image saved: property `index`'s value at the level's start (every
// other value is the object's image still). Each image's values are chained through
// `next` (-1 ends it).
struct SavedValue {
    int index = 0;
    int next = -1;
    QVariant value;
};

// A foreign key that a relation says must hold another object's key: set from a
// pointer or list before the object is written (relationwriter.cpp).
struct ParentLink {
    const PropertyInfo *foreignKey = nullptr;
    QObject *parent = nullptr; // nullptr: the relation was cleared, the key becomes NULL
    // When two relations disagree about one key (a book moved by its pointer while the
    // old author's loaded list still holds it), the higher priority wins: a pointer the
    // user changed, then list membership, then a pointer as the session last saw it.
    int priority = 0;
};

// One open level of a transaction: the transaction itself, then each savepoint. It costs
// what the transaction changes, not what the session holds: an image is saved here
// (SessionPrivate::saveImage()) just before its first change in the level.
struct TransactionLevel {
    QString savepoint;          // empty for the transaction itself
    // Objects tracked from this TrackedObject::sequence on were not in the session when
    // the level began: rolling it back treats them as new (no row, nothing pending).
    quint64 firstSequence = 0;
    // Objects with a higher ObjectImage::insertStamp were still new (pending) when the
    // level began: rolling it back makes them new again.
    quint32 insertsBefore = 0;
    // Of the other objects, the image each one changed since had then; any other one still
    // has the image it had then. What an inner level holds, every outer level holds too,
    // and an inner level's whole image means a whole one in every outer level. In the
    // order saved; an entry reaches its own (TrackedObject::savedDepth and savedSlot), no
    // hash is probed.
    SavedImages saved;
    BlockList<SavedValue, 256> savedValues; // of the partial images in `saved`, 10 KB blocks

    // The object had no image when the level began (not tracked yet, or not written yet),
    // unless the level saved one (imageAtStart()): an outer level began earlier, so it
    // did not have one there either.
    bool isNewSince(const TrackedObject &entry) const
    {
        return entry.sequence >= firstSequence || entry.image.insertStamp > insertsBefore;
    }
    // `saved`: what the level saved of the object, nullptr if nothing.
    ObjectImage imageAtStart(const TrackedObject &entry, const SavedImage *saved) const;
    // Of a partial image: the image now with the saved values put back.
    ObjectImage completed(const SavedImage &image, const ObjectImage &now) const;
    bool holdsValue(const SavedImage &image, int index) const;
    void saveValue(SavedImage *image, int index, const QVariant &value);
};

// Receives the NOTIFY signals of tracked objects.
class ObjectWatcher : public QObject
{
    Q_OBJECT
public:
    explicit ObjectWatcher(SessionPrivate *session) : m_session(session) {}
public Q_SLOTS:
    void propertyChanged();

private:
    SessionPrivate *m_session;
};

class SessionPrivate
{
public:
    SessionPrivate(Session *q, const Database &database);
    ~SessionPrivate();

    // --- plumbing ----------------------------------------------------------------------
    Private::Connection *connection();          // acquired on first use
    const Private::SqlBuilder &builder(const EntityInfo *entity);
    bool fail(const Error &error);              // sets lastError, returns false
    // The database refused a statement: inside a transaction the innermost level is
    // rolled back (PostgreSQL would refuse everything after it anyway), the same on every
    // backend; pending changes are kept.
    bool statementFailed(const Error &error);
    bool prepareRead();                         // autoflush
    bool ensureTransaction();

    // --- identity map and tracking -----------------------------------------------------
    static QString identityKey(const QVariant &plainKey);
    static IdentityKey mapKey(const QVariant &plainKey);
    QObject *identityLookup(const EntityInfo *entity, const QVariant &plainKey) const;
    // `inIdentityMap`: the caller has already put the object of a persistent row there.
    void track(QObject *object, const EntityInfo *entity, const ObjectImage &image,
               bool inIdentityMap = false);
    // Stops watching the object, then forget()s it.
    void untrack(QObject *object);
    // Drops every trace of the object without touching it (it may be half-destroyed).
    void forget(QObject *object);
    // After restore() changed an object's image: its identity-map entry goes, then comes
    // back by its new image.
    static QVariant identityOf(QObject *object, const TrackedObject &entry);
    void unmapIdentity(QObject *object);
    void mapIdentity(QObject *object);
    QVariantList readValues(QObject *object, const EntityInfo *entity) const;
    // The object for the current row: the one already in the identity map, or a new one
    // filled from the row. `columns[i]` is the result column of property i (-1: absent).
    QObject *materialize(const EntityInfo *entity, Private::Cursor &query, const QList<int> &columns);
    // materialize() in two steps, for rows that fill more than one object: the object for
    // the row (*created gets its image, inDatabase set, when it is new), then adopt() the
    // new one (parent, tracking). Properties written in between signal nobody.
    QObject *materializeRow(const EntityInfo *entity, Private::Cursor &query,
                            const QList<int> &columns, ObjectImage *created);
    void adopt(QObject *object, const EntityInfo *entity, const ObjectImage &image);
    QList<QObject *> materializeAll(const EntityInfo *entity, Private::Cursor query,
                                    const QList<int> &columns);

    // --- relations (relationloader.cpp, relationwriter.cpp) --------------------------
    // Loads one relation of `owners` (all of class `entity`) with one statement and
    // fills the relation properties; the related objects go to *targets.
    bool loadRelation(const EntityInfo *entity, const RelationInfo &relation,
                      const QList<QObject *> &owners, QList<QObject *> *targets);
    // Eager loading: "author", "books", "books.tags" for all `objects` at once.
    bool loadPaths(const EntityInfo *entity, const QList<QObject *> &objects,
                   const QStringList &paths);
    // Rows of SqlBuilder::selectJoined(): the entity's objects, their joined to-one
    // targets put in the relation properties.
    QList<QObject *> materializeJoined(const EntityInfo *entity, Private::Cursor query,
                                       const QList<const RelationInfo *> &relations);
    QObject *toOneTarget(QObject *object, const RelationInfo &relation) const;
    const RelationInfo *findRelation(const EntityInfo *entity, const QString &name,
                                     const char *targetClass);
    // Before a flush: objects reachable through relation properties join the session.
    void cascadeAdd();
    // Which foreign keys relation properties decide, for this flush.
    void collectParentLinks();
    QHash<QObject *, QList<ParentLink>> parentLinks;
    bool hasAssociationChanges() const;
    // Copies keys from relation pointers/lists into foreign-key properties.
    void syncForeignKeys(QObject *object);
    // After INSERTs and UPDATEs: INSERT/DELETE the association rows of changed lists.
    bool writeAssociations(Error *error);
    // After a DELETE: what the database did by ON DELETE, done to the objects in memory.
    void applyOnDelete(const EntityInfo *entity, const QVariant &key);
    // "FOREIGN KEY constraint failed" + which relations of the object could be the cause.
    Error describeForeignKeyError(const Error &error, const EntityInfo *entity, bool deleting) const;

    // --- unit of work (unitofwork.cpp) -------------------------------------------------
    bool flush();
    // INSERTs (unitofworkinsert.cpp): how many of `inserts` from `from` on go into one
    // multi-row statement (1: insertObject()); both fill in keys and images.
    int insertBatchSize(const QList<QObject *> &inserts, int from);
    const EntityInfo *batchableEntity(QObject *object) const;
    bool insertBatch(const QList<QObject *> &objects, Error *error);
    bool insertObject(QObject *object, Error *error);
    void recordInsert(QObject *object, ImageValues plainValues, bool keyGenerated,
                      const QVariant &keyBefore);
    // What the object needs an UPDATE for; false when nothing (update->changed is kept).
    bool pendingUpdate(const EntryRef &ref, PendingUpdate *update);
    bool commit();
    bool rollback();
    bool beginSavepoint();
    bool releaseSavepoint(int level);
    bool rollbackToSavepoint(int level);
    // The database refused: roll back the innermost level, keep pending changes.
    void failTransaction(const Error &error);
    // Puts the session back to the start of `level` (no longer open, or the innermost
    // one); `discard` also puts property values back and lets objects that were new at
    // that point leave the session.
    void restore(const TransactionLevel &level, bool discard);
    // Call before changing an object's image, flags or bulk state inside a transaction
    // (transactionlevel.cpp).
    void saveImage(QObject *object, TrackedObject &entry);
    // Call before changing only these values of an object's image: keeps only them.
    void saveValues(QObject *object, TrackedObject &entry, const QList<int> &indexes);
    // The innermost open level that saved an image of the object and the image's slot
    // there; {-1, -1}: none did.
    std::pair<int, int> innermostSaved(const TrackedObject &entry) const;
    template<typename Save>
    void saveInEachLevel(QObject *object, TrackedObject &entry, Save save);
    void beginLevel(const QString &savepoint); // empty for the transaction itself
    // Ends the levels from `depth` in: their objects' images in the outer levels stay
    // reachable from the objects' entries.
    void endLevelsFrom(int depth);
    QList<const EntityInfo *> dependencyOrder() const;

    Session *q;
    Database database;
    DatabasePrivate *db;
    std::shared_ptr<Private::Connection> m_connection;
    int connectionGeneration = -1;
    QHash<const EntityInfo *, std::shared_ptr<Private::SqlBuilder>> builders;
    Private::StatementCache statements;

    ObjectEntries<TrackedObject> tracked;
    // The object's entry now; nullptr when it has left the session.
    TrackedObject *entryOf(const EntryRef &ref) const
    {
        return ref.isCurrent() ? ref.entry : tracked.entryOf(ref.object);
    }
    // Objects whose key an INSERT of the open transaction generated: the value their key
    // property had before, written back if that INSERT is rolled back. Absent: NULL
    // (recordInsert() keeps no key that writing NULL gives back).
    QHash<QObject *, QVariant> keysBeforeInsert;
    // What a flush must look at, so that an autoflush before each query costs nothing
    // when nothing changed: objects new, removed or signalled since the last flush, and
    // objects it must always compare (classes with a property without NOTIFY, or with
    // relation properties, whose lists can change without a signal).
    // The first ones are in a list, in the order they became candidates, with a mark in
    // their entry (a list append and a mark cost less than a set insert per changed
    // object). The list may hold an object forgotten since: EntryRef::isCurrent() says.
    QList<EntryRef> candidates;
    quint32 candidateRound = 1;
    bool isCandidate(const TrackedObject &entry) const
    {
        return entry.candidateRound == candidateRound;
    }
    QSet<QObject *> alwaysChecked;
    // Loaded objects not connected to their watcher yet. Making and dropping a connection
    // costs about two comparisons with the image, and ~300 bytes while the object lives;
    // most loaded objects are never changed, and a session that only reads should not pay
    // for them. So each flush compares these with their images, and the second flush that
    // sees one connects it: by then the comparisons have cost what the connection would
    // have (the ski-rental rule). A session that loads, changes and commits compares each
    // object once and connects none. May hold forgotten objects (EntryRef::isCurrent()).
    QList<EntryRef> unwatched;
    static constexpr quint8 flushesBeforeWatching = 2;
    void considerUnwatched();
    bool differsFromImage(const QObject *object, const TrackedObject &entry) const;
    void watch(QObject *object, TrackedObject &entry);
    void markCandidate(QObject *object, TrackedObject &entry)
    {
        if (!isCandidate(entry)) {
            entry.candidateRound = candidateRound;
            candidates.append({object, &entry, entry.sequence});
        }
    }
    void clearCandidates();
    // The candidates, the objects always compared and those with parent links, each once,
    // in add()/load order; `withRelationsOnly`: only those of classes with relation
    // properties. References no longer current may be among them: check isCurrent().
    QList<EntryRef> flushCandidates(bool withRelationsOnly = false) const;
    quint64 nextSequence = 0;
    QHash<const EntityInfo *, EntityObjects> identityMap;
    QList<TransactionLevel> levels;
    // The objects tracked while the transaction is open (loaded or added in it), and those
    // it inserted, which its levels do not save. May hold destroyed ones: look each up in
    // `tracked`.
    QList<QObject *> trackedInTransaction;
    quint32 insertsInTransaction = 0; // the last ObjectImage::insertStamp given
    // A level of the open transaction saved a whole image (before a DELETE, a bulk
    // statement, a refresh): with an INSERT, the only ways an object gets state that
    // commit() must settle. A transaction of UPDATEs only settles nothing.
    bool savedWholeImages = false;
    void endTransaction(); // forgets the levels and what they counted
    // What the open transaction changed, announced through the database's
    // ChangeNotifier when it commits (ChangeNotifier::committed).
    QHash<const EntityInfo *, EntityChanges> transactionChanges;
    bool transactionChangedUnknownRows = false;
    EntityChanges &changesOf(const EntityInfo *entity);
    bool hasChangeListeners() const;
    // The keys of the rows a flush changes are collected only while someone listens
    // (asked once per flush): else the entity's changes say "unknown rows", and a listener
    // that connects before the commit reloads what it shows. A key kept costs a large
    // insert about 50 bytes per row.
    bool collectChangedKeys = true;
    void noteChanged(EntityChanges &changes, QVariantList &keys, const QVariant &key) const
    {
        if (collectChangedKeys)
            keys.append(key);
        else
            changes.unknownRows = true;
    }
    void announceCommit();
    // Signals of tracked objects arrive at watchers of at most watcherCapacity objects
    // each: QObject::sender() walks the receiver's whole list of senders.
    static constexpr int watcherCapacity = 16;
    std::vector<std::unique_ptr<ObjectWatcher>> watchers;
    int watcherLoad = watcherCapacity;
    ObjectWatcher *nextWatcher();
    bool autoflush = true;
    bool flushing = false;
    Error lastError;
};

} // namespace Quarry
