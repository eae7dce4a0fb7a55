#pragma once

#include "quarry_export.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QVariantList>

namespace Quarry {

class EntityInfo;

// What one committed transaction changed in one entity's table. Keys are plain primary
// key values (as PropertyInfo::read returns them).
struct QUARRY_EXPORT EntityChanges {
    const EntityInfo *entity = nullptr; // nullptr: some table, unknown (raw SQL)
    QVariantList inserted;
    QVariantList updated;
    QVariantList removed;
    // Rows changed that the keys above do not list (raw SQL in the transaction): a
    // listener should reload whatever it shows of the entity (of everything, when
    // entity is nullptr).
    bool unknownRows = false;
};

// Announces every transaction a Session of the Database commits, so that item models
// and other views in the same process can refresh what changed. Lives in the thread
// that opened the Database; receivers in other threads get the signal queued.
class QUARRY_EXPORT ChangeNotifier : public QObject
{
    Q_OBJECT
public:
    explicit ChangeNotifier(QObject *parent = nullptr);

    // Called by Session after a successful COMMIT. `origin` is the committing session,
    // so that a listener can tell its own commits from others'.
    void notifyCommitted(const QList<Quarry::EntityChanges> &changes, const QObject *origin);
    // Whether anything is connected to committed(): sessions skip collecting changes
    // nobody will read.
    bool hasListeners() const;

Q_SIGNALS:
    void committed(const QList<Quarry::EntityChanges> &changes, const QObject *origin);
};

} // namespace Quarry

Q_DECLARE_METATYPE(Quarry::EntityChanges)
