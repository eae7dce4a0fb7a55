#pragma once

#include "quarry_export.h"

#include <QMetaProperty>
#include <QString>

namespace Quarry {

namespace Private {
class EntityBuilder;
class RelationResolver;
}

// Metadata of one relation property: `Author *author` (to one) or `QList<Book *> books`
// (to many). The foreign key itself is an ordinary mapped property with `references=`.
//
//   ManyToOne   Book.author  -> Author   the foreign key Book.authorId is on this class
//   OneToOne    User.profile -> Profile  the (unique) foreign key Profile.userId is on the target
//   OneToMany   Author.books -> Book     the foreign key Book.authorId is on the target
//   ManyToMany  Book.tags    -> Tag      through an association table (`through=book_tags`)
//                                        or an association entity (`through=BookTag`)
class QUARRY_EXPORT RelationInfo
{
public:
    enum class Kind { ManyToOne, OneToOne, OneToMany, ManyToMany };

    const QString &name() const { return m_name; }
    Kind kind() const { return m_kind; }
    bool isToMany() const { return m_kind == Kind::OneToMany || m_kind == Kind::ManyToMany; }
    QMetaProperty metaProperty() const { return m_property; }
    // The related class's name, as registered with the Database.
    const QString &targetName() const { return m_targetName; }
    // The foreign-key property: on this class for ManyToOne, on the target otherwise
    // (empty for ManyToMany). Filled in from `foreign_key=` or inferred at registration.
    const QString &foreignKey() const { return m_foreignKey; }
    // ManyToMany: the association table (or entity) and its two key columns.
    const QString &through() const { return m_through; }
    const QString &ownerColumn() const { return m_ownerColumn; }
    const QString &targetColumn() const { return m_targetColumn; }
    QString label() const { return m_label.isEmpty() ? m_name : m_label; }

private:
    friend class Private::EntityBuilder;
    friend class Private::RelationResolver;

    QMetaProperty m_property;
    QString m_name;
    QString m_targetName;
    QString m_foreignKey;
    QString m_through;
    QString m_ownerColumn;
    QString m_targetColumn;
    QString m_label;
    Kind m_kind = Kind::ManyToOne;
};

} // namespace Quarry
