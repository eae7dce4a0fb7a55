#pragma once

#include "quarry_export.h"

#include <QSharedDataPointer>
#include <QString>
#include <QVariant>
#include <QVariantList>

namespace Quarry {

class ConditionData;
class FieldData;
class Condition;

// A column of a query, named by its property: Field("age") > 30. Also an aggregate over a
// column (sum("age"), count()) for values(), having() and orderBy().
class QUARRY_EXPORT Field
{
public:
    enum class Function { None, Count, Sum, Average, Minimum, Maximum };

    // Explicit, so that `Field("name") == "john"` compares with a value, not a column.
    explicit Field(const QString &property);
    Field(Function function, const QString &property);
    Field(const Field &other);
    Field &operator=(const Field &other);
    ~Field();

    QString property() const;   // empty for count()
    Function function() const;
    bool isAggregate() const { return function() != Function::None; }

    // A null QVariant compares as IS NULL / IS NOT NULL.
    Condition operator==(const QVariant &value) const;
    Condition operator!=(const QVariant &value) const;
    Condition operator<(const QVariant &value) const;
    Condition operator<=(const QVariant &value) const;
    Condition operator>(const QVariant &value) const;
    Condition operator>=(const QVariant &value) const;
    // Column against column: Field("updated") > Field("created").
    Condition operator==(const Field &other) const;
    Condition operator!=(const Field &other) const;
    Condition operator<(const Field &other) const;
    Condition operator<=(const Field &other) const;
    Condition operator>(const Field &other) const;
    Condition operator>=(const Field &other) const;

    Condition between(const QVariant &low, const QVariant &high) const;
    // An empty list matches no row (and !in({}) every row).
    Condition in(const QVariantList &values) const;
    Condition isNull() const;
    Condition isNotNull() const;
    // `pattern` is a raw LIKE pattern: % and _ are wildcards, every other character
    // (a backslash too) is literal.
    Condition like(const QString &pattern, Qt::CaseSensitivity cs = Qt::CaseSensitive) const;
    // The text is matched literally: %, _ and the escape character are escaped.
    Condition startsWith(const QString &text, Qt::CaseSensitivity cs = Qt::CaseSensitive) const;
    Condition endsWith(const QString &text, Qt::CaseSensitivity cs = Qt::CaseSensitive) const;
    Condition contains(const QString &text, Qt::CaseSensitivity cs = Qt::CaseSensitive) const;

private:
    Condition compare(const char *op, const QVariant &value) const;
    Condition compare(const char *op, const Field &other) const;
    Condition likePattern(const QString &pattern, bool escaped, Qt::CaseSensitivity cs) const;

    QSharedDataPointer<FieldData> d;
};

QUARRY_EXPORT Field count(const QString &property = {});
QUARRY_EXPORT Field sum(const QString &property);
QUARRY_EXPORT Field avg(const QString &property);
QUARRY_EXPORT Field min(const QString &property);
QUARRY_EXPORT Field max(const QString &property);

// A WHERE (or HAVING) condition: a small value tree combined with &&, || and !.
// A default-constructed Condition matches every row.
class QUARRY_EXPORT Condition
{
public:
    enum class Type { All, None, Compare, CompareFields, Between, In, Like, IsNull, And, Or, Not, Has };

    Condition();
    Condition(const Condition &other);
    Condition &operator=(const Condition &other);
    ~Condition();

    static Condition none();

    Type type() const;
    bool isEmpty() const { return type() == Type::All; }

    // Read access for the SQL builder.
    const ConditionData &data() const { return *d; }

    QUARRY_EXPORT friend Condition operator&&(const Condition &left, const Condition &right);
    QUARRY_EXPORT friend Condition operator||(const Condition &left, const Condition &right);
    QUARRY_EXPORT friend Condition operator!(const Condition &condition);
    QUARRY_EXPORT friend Condition has(const QString &relation, const Condition &condition);

private:
    friend class Field;
    explicit Condition(ConditionData *data);
    QSharedDataPointer<ConditionData> d;
};

class ConditionData : public QSharedData
{
public:
    Condition::Type type = Condition::Type::All;
    Field field = Field(QString());
    Field otherField = Field(QString());
    QString op;                  // "=", "<>", "<", "<=", ">", ">="
    QVariantList values;         // the compared value(s); for Like the pattern
    Qt::CaseSensitivity caseSensitivity = Qt::CaseSensitive;
    bool escaped = false;        // Like: the pattern uses '!' as its escape character
    QList<Condition> children;   // And, Or (two or more), Not (one), Has (one)
};

// Rows with at least one related row (matching `condition`) through a relation:
// query<Author>().where(has("books", Field("year") > 2000)). Works for every relation kind.
QUARRY_EXPORT Condition has(const QString &relation, const Condition &condition = Condition());

} // namespace Quarry
