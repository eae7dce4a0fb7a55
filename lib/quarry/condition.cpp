#include "condition.h"

#include "nullvalue_p.h"

namespace Quarry {

class FieldData : public QSharedData
{
public:
    QString property;
    Field::Function function = Field::Function::None;
};

namespace {

// The escape character of the LIKE helpers: '!' needs no escaping in any dialect's
// string literal syntax (a backslash does in MySQL).
const QChar likeEscape = QLatin1Char('!');

QString escapeLike(const QString &text)
{
    QString escaped;
    escaped.reserve(text.size());
    for (const QChar c : text) {
        if (c == likeEscape || c == QLatin1Char('%') || c == QLatin1Char('_'))
            escaped += likeEscape;
        escaped += c;
    }
    return escaped;
}

} // namespace

// --- Field ------------------------------------------------------------------------------

Field::Field(const QString &property) : d(new FieldData)
{
    d->property = property;
}

Field::Field(Function function, const QString &property) : d(new FieldData)
{
    d->function = function;
    d->property = property;
}

Field::Field(const Field &other) = default;
Field &Field::operator=(const Field &other) = default;
Field::~Field() = default;

QString Field::property() const { return d->property; }
Field::Function Field::function() const { return d->function; }

Condition Field::compare(const char *op, const QVariant &value) const
{
    const bool equality = qstrcmp(op, "=") == 0;
    if (Private::isNullValue(value) && (equality || qstrcmp(op, "<>") == 0))
        return equality ? isNull() : isNotNull();
    auto *data = new ConditionData;
    data->type = Condition::Type::Compare;
    data->field = *this;
    data->op = QString::fromLatin1(op);
    data->values = {value};
    return Condition(data);
}

Condition Field::compare(const char *op, const Field &other) const
{
    auto *data = new ConditionData;
    data->type = Condition::Type::CompareFields;
    data->field = *this;
    data->otherField = other;
    data->op = QString::fromLatin1(op);
    return Condition(data);
}

Condition Field::operator==(const QVariant &value) const { return compare("=", value); }
Condition Field::operator!=(const QVariant &value) const { return compare("<>", value); }
Condition Field::operator<(const QVariant &value) const { return compare("<", value); }
Condition Field::operator<=(const QVariant &value) const { return compare("<=", value); }
Condition Field::operator>(const QVariant &value) const { return compare(">", value); }
Condition Field::operator>=(const QVariant &value) const { return compare(">=", value); }
Condition Field::operator==(const Field &other) const { return compare("=", other); }
Condition Field::operator!=(const Field &other) const { return compare("<>", other); }
Condition Field::operator<(const Field &other) const { return compare("<", other); }
Condition Field::operator<=(const Field &other) const { return compare("<=", other); }
Condition Field::operator>(const Field &other) const { return compare(">", other); }
Condition Field::operator>=(const Field &other) const { return compare(">=", other); }

Condition Field::between(const QVariant &low, const QVariant &high) const
{
    auto *data = new ConditionData;
    data->type = Condition::Type::Between;
    data->field = *this;
    data->values = {low, high};
    return Condition(data);
}

Condition Field::in(const QVariantList &values) const
{
    if (values.isEmpty())
        return Condition::none();
    auto *data = new ConditionData;
    data->type = Condition::Type::In;
    data->field = *this;
    data->values = values;
    return Condition(data);
}

Condition Field::isNull() const
{
    auto *data = new ConditionData;
    data->type = Condition::Type::IsNull;
    data->field = *this;
    return Condition(data);
}

Condition Field::isNotNull() const
{
    return !isNull();
}

Condition Field::likePattern(const QString &pattern, bool escaped, Qt::CaseSensitivity cs) const
{
    auto *data = new ConditionData;
    data->type = Condition::Type::Like;
    data->field = *this;
    data->values = {pattern};
    data->escaped = escaped;
    data->caseSensitivity = cs;
    return Condition(data);
}

Condition Field::like(const QString &pattern, Qt::CaseSensitivity cs) const
{
    // % and _ stay wildcards; every other character is literal on every backend. Without
    // an explicit ESCAPE, PostgreSQL and MariaDB would treat a backslash as an escape
    // and SQLite would not.
    QString escaped = pattern;
    escaped.replace(likeEscape, QString(2, likeEscape));
    return likePattern(escaped, true, cs);
}

Condition Field::startsWith(const QString &text, Qt::CaseSensitivity cs) const
{
    return likePattern(escapeLike(text) + QLatin1Char('%'), true, cs);
}

Condition Field::endsWith(const QString &text, Qt::CaseSensitivity cs) const
{
    return likePattern(QLatin1Char('%') + escapeLike(text), true, cs);
}

Condition Field::contains(const QString &text, Qt::CaseSensitivity cs) const
{
    return likePattern(QLatin1Char('%') + escapeLike(text) + QLatin1Char('%'), true, cs);
}

Field count(const QString &property) { return Field(Field::Function::Count, property); }
Field sum(const QString &property) { return Field(Field::Function::Sum, property); }
Field avg(const QString &property) { return Field(Field::Function::Average, property); }
Field min(const QString &property) { return Field(Field::Function::Minimum, property); }
Field max(const QString &property) { return Field(Field::Function::Maximum, property); }

// --- Condition --------------------------------------------------------------------------

Condition::Condition() : d(new ConditionData) {}
Condition::Condition(ConditionData *data) : d(data) {}
Condition::Condition(const Condition &other) = default;
Condition &Condition::operator=(const Condition &other) = default;
Condition::~Condition() = default;

Condition Condition::none()
{
    auto *data = new ConditionData;
    data->type = Type::None;
    return Condition(data);
}

Condition::Type Condition::type() const { return d->type; }

namespace {

// Flattens nested And/Or of the same kind so the SQL has fewer parentheses.
void appendFlattened(QList<Condition> *children, const Condition &condition, Condition::Type type)
{
    if (condition.type() == type)
        children->append(condition.data().children);
    else
        children->append(condition);
}

} // namespace

Condition operator&&(const Condition &left, const Condition &right)
{
    using Type = Condition::Type;
    if (left.type() == Type::All || right.type() == Type::None)
        return right;
    if (right.type() == Type::All || left.type() == Type::None)
        return left;
    auto *data = new ConditionData;
    data->type = Type::And;
    appendFlattened(&data->children, left, Type::And);
    appendFlattened(&data->children, right, Type::And);
    return Condition(data);
}

Condition operator||(const Condition &left, const Condition &right)
{
    using Type = Condition::Type;
    if (left.type() == Type::All || right.type() == Type::None)
        return left;
    if (right.type() == Type::All || left.type() == Type::None)
        return right;
    auto *data = new ConditionData;
    data->type = Type::Or;
    appendFlattened(&data->children, left, Type::Or);
    appendFlattened(&data->children, right, Type::Or);
    return Condition(data);
}

Condition has(const QString &relation, const Condition &condition)
{
    auto *data = new ConditionData;
    data->type = Condition::Type::Has;
    data->field = Field(relation);
    data->children = {condition};
    return Condition(data);
}

Condition operator!(const Condition &condition)
{
    using Type = Condition::Type;
    if (condition.type() == Type::All)
        return Condition::none();
    if (condition.type() == Type::None)
        return Condition();
    if (condition.type() == Type::Not)
        return condition.data().children.constFirst();
    auto *data = new ConditionData;
    data->type = Type::Not;
    data->children = {condition};
    return Condition(data);
}

} // namespace Quarry
