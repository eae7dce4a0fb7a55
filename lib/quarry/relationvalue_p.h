#pragma once

// Private: reading and writing relation properties generically (`Author *` and
// `QList<Book *>` are different metatypes for every class).

#include "relationinfo.h"

#include <QList>
#include <QObject>

namespace Quarry::Private {

QObject *readToOne(const QObject *owner, const RelationInfo &relation);
bool writeToOne(QObject *owner, const RelationInfo &relation, QObject *target);
QList<QObject *> readToMany(const QObject *owner, const RelationInfo &relation);
bool writeToMany(QObject *owner, const RelationInfo &relation, const QList<QObject *> &targets);

} // namespace Quarry::Private
