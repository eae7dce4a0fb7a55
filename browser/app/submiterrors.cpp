#include "submiterrors.h"

#include <quarry/entityinfo.h>
#include <quarry/propertyinfo.h>
#include <quarry/querymodel.h>

#include <QRegularExpression>

namespace QuarryBrowser {

namespace {

// "customers.email" -> "email"; quotes and backticks off.
QString bareName(QString name)
{
    name = name.trimmed();
    if (const int comma = int(name.indexOf(QLatin1Char(','))); comma > 0)
        name.truncate(comma); // a composite key: its first column
    name.remove(QLatin1Char('"'));
    name.remove(QLatin1Char('`'));
    if (const int dot = int(name.lastIndexOf(QLatin1Char('.'))); dot >= 0)
        name = name.mid(dot + 1);
    return name.trimmed();
}

struct Pattern {
    QRegularExpression expression;
    int nameGroup;
    int valueGroup; // 0: the message quotes no value
};

// Most specific first: a message that names column and value beats one naming only a
// constraint.
const QList<Pattern> &patterns()
{
    static const QList<Pattern> all = [] {
        QList<Pattern> list;
        auto add = [&list](const char *expression, int nameGroup, int valueGroup) {
            list.append({QRegularExpression(QString::fromLatin1(expression),
                                            QRegularExpression::DotMatchesEverythingOption),
                         nameGroup, valueGroup});
        };
        // SQLite
        add(R"re((?:UNIQUE|NOT NULL|CHECK) constraint failed: ([^\s,]+))re", 1, 0);
        // PostgreSQL (the DETAIL line, then the primary message)
        add(R"re(Key \(([^)]+)\)=\((.*?)\) (?:already exists|is not present|is still referenced))re",
            1, 2);
        add(R"re(null value in column "([^"]+)")re", 1, 0);
        add(R"re(constraint "([^"]+)")re", 1, 0);
        // MariaDB / MySQL
        add(R"re(Duplicate entry '(.*?)' for key '([^']+)')re", 2, 1);
        add(R"re(Column '([^']+)' cannot be null)re", 1, 0);
        add(R"re(Field '([^']+)' doesn't have a default value)re", 1, 0);
        add(R"re(FOREIGN KEY \(`([^`]+)`\))re", 1, 0);
        add(R"re(CONSTRAINT `([^`]+)` failed)re", 1, 0);
        return list;
    }();
    return all;
}

} // namespace

SubmitErrors::Culprit SubmitErrors::locate(const Quarry::Error &error)
{
    // The driver's own text first; Quarry's message may wrap or repeat it.
    for (const QString &text : {error.sqlError().databaseText(), error.message()}) {
        for (const Pattern &pattern : patterns()) {
            const QRegularExpressionMatch match = pattern.expression.match(text);
            if (!match.hasMatch())
                continue;
            Culprit culprit;
            culprit.name = bareName(match.captured(pattern.nameGroup));
            if (pattern.valueGroup > 0) {
                culprit.value = match.captured(pattern.valueGroup);
                culprit.hasValue = true;
            }
            return culprit;
        }
    }
    return {};
}

int SubmitErrors::columnFor(const Quarry::QueryModel *model, const QString &name)
{
    if (!model || name.isEmpty())
        return -1;
    int best = -1;
    qsizetype bestLength = 0;
    for (int column = 0; column < model->columnCount(); ++column) {
        const Quarry::PropertyInfo *property = model->propertyAt(column);
        if (!property)
            continue;
        for (const QString &candidate : {property->column(), property->name()}) {
            if (candidate.compare(name, Qt::CaseInsensitive) == 0)
                return column;
            if (candidate.size() > bestLength && name.contains(candidate, Qt::CaseInsensitive)) {
                best = column;
                bestLength = candidate.size();
            }
        }
    }
    return best;
}

QModelIndex SubmitErrors::place(const Quarry::QueryModel *model, const Quarry::Error &error,
                                const QList<int> &candidateRows)
{
    if (!model)
        return {};
    const Culprit culprit = locate(error);
    const int column = columnFor(model, culprit.name);
    if (column < 0) {
        // Nothing names one of our columns (a removal a foreign key restricts, say): blame
        // the first row that is about to be removed, else nothing.
        for (int row : candidateRows) {
            if (model->isRemoved(row))
                return model->index(row, 0);
        }
        return {};
    }
    QModelIndex fallback;
    for (int row : candidateRows) {
        const QModelIndex cell = model->index(row, column);
        if (!cell.isValid() || !model->isDirty(cell))
            continue;
        if (!culprit.hasValue || model->data(cell, Qt::EditRole).toString() == culprit.value)
            return cell;
        if (!fallback.isValid())
            fallback = cell;
    }
    return fallback;
}

QString SubmitErrors::reason(const Quarry::Error &error)
{
    QString text = error.sqlError().databaseText().trimmed();
    if (text.isEmpty())
        text = error.message().trimmed();
    if (text.startsWith(QLatin1String("ERROR:")))
        text = text.mid(6);
    text.remove(QRegularExpression(QStringLiteral(R"(\(\d{5}\)\s*$)"))); // QPSQL's SQLSTATE
    return text.simplified();
}

void SubmitErrors::mark(const QModelIndex &index, const QString &message)
{
    unmark(index);
    m_cells.append({QPersistentModelIndex(index), message});
}

void SubmitErrors::unmark(const QModelIndex &index)
{
    m_cells.removeIf([&index](const auto &cell) { return cell.first == index; });
}

bool SubmitErrors::isEmpty() const
{
    return std::none_of(m_cells.cbegin(), m_cells.cend(),
                        [](const auto &cell) { return cell.first.isValid(); });
}

QString SubmitErrors::message(const QModelIndex &index) const
{
    for (const auto &cell : m_cells) {
        if (cell.first.isValid() && cell.first == index)
            return cell.second;
    }
    return {};
}

} // namespace QuarryBrowser
