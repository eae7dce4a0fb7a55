#pragma once

// Private: reads a class's QMetaObject and Q_CLASSINFO options into EntityInfo, once per
// class. Every declaration mistake is reported here, with class and property named.

#include "entityinfo.h"
#include "error.h"

#include <memory>

namespace Quarry {
struct TableSchema;
}

namespace Quarry::Private {

struct ColumnDefinition;

class EntityBuilder
{
public:
    // The cached metadata for the class, built on first call. Returns nullptr and sets
    // *error (kind RegistrationError) when the declaration is wrong. `factory` may be
    // empty when the class has a Q_INVOKABLE default constructor.
    static const EntityInfo *entityFor(const QMetaObject *metaObject,
                                       const EntityInfo::Factory &factory, Error *error);

    // Metadata for a live table no class maps (Database::reflect()); its objects are
    // Quarry::Record. Unsupported for tables without a one-column primary key.
    static std::unique_ptr<EntityInfo> entityForTable(const TableSchema &table, Error *error);
    // "BookTag" -> "book_tag": the table name when `quarry:table` is not given.
    static QString snakeCase(const QString &name);
    // Reads a relation property (`Author *author`, `QList<Book *> books`) and its options;
    // which foreign key it uses is resolved later, when the target is registered.
    static bool buildRelation(const QMetaProperty &metaProperty, const QString &text,
                              RelationInfo *relation, QString *problem);
    // Splits `unique max_length=50 label='User name'` into (key, value) pairs.
    static bool parseOptions(const QString &text, QList<QPair<QString, QString>> *options,
                             QString *problem);
    // Metadata for a column that no Q_PROPERTY declares (a column of a migration file), so
    // that the dialects make its DDL by the same rules as an entity's. Defined with the
    // migration code (migrationcolumn.cpp). `keyPart`: part of a composite key.
    static PropertyInfo columnProperty(const ColumnDefinition &column, bool keyPart);
};

} // namespace Quarry::Private
