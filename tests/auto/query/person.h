#pragma once

// The entity tst_query and tst_conditions query, and helpers that turn results into
// short, comparable values so that a failure reads like a sentence.

#include "session.h"

#include <QObject>
#include <QStringList>
#include <algorithm>
#include <optional>

class Person : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "people")
    Q_CLASSINFO("name", "max_length=50 index")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
    Q_PROPERTY(std::optional<int> age MEMBER m_age NOTIFY changed)
    Q_PROPERTY(double score MEMBER m_score NOTIFY changed)
public:
    Q_INVOKABLE explicit Person(QObject *parent = nullptr) : QObject(parent) {}
    Person(const QString &name, std::optional<int> age, double score)
        : m_name(name), m_age(age), m_score(score)
    {
    }

    qint64 m_id = 0;
    QString m_name;
    std::optional<int> m_age;
    double m_score = 0;

signals:
    void changed();
};

namespace QueryTest {

struct PersonRow {
    QString name;
    std::optional<int> age;
    double score;
};

// Adds the rows in this order (ids 1, 2, ... on a fresh database) and commits.
inline bool addPeople(Quarry::Session &session, const QList<PersonRow> &rows)
{
    for (const PersonRow &row : rows)
        session.add(new Person(row.name, row.age, row.score));
    return session.commit();
}

// Names in result order.
inline QStringList namesOf(const QList<Person *> &people)
{
    QStringList names;
    for (const Person *person : people)
        names << person->m_name;
    return names;
}

inline QStringList sorted(QStringList names)
{
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace QueryTest
