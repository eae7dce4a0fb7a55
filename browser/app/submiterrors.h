#pragma once

#include <quarry/error.h>

#include <QList>
#include <QModelIndex>
#include <QPersistentModelIndex>
#include <QString>

namespace Quarry {
class QueryModel;
}

namespace QuarryBrowser {

// Where a refused submit went wrong, and the cells that show it. The database names the
// column (or a constraint named after it) in its own words: SQLite "UNIQUE constraint
// failed: customers.email", PostgreSQL "Key (email)=(x) already exists" / "null value in
// column "c"", MariaDB "Duplicate entry 'x' for key 'email'" / "Column 'c' cannot be
// null". locate() reads that; place() finds the pending row whose cell it must be.
class SubmitErrors
{
public:
    struct Culprit {
        QString name;    // a column, or a key/constraint name that contains the column
        QString value;   // the offending value as the database quoted it; may be empty
        bool hasValue = false;
        bool isValid() const { return !name.isEmpty(); }
    };

    // What the error's text names. Invalid when it names no column (e.g. SQLite's bare
    // "FOREIGN KEY constraint failed").
    static Culprit locate(const Quarry::Error &error);
    // The model column whose property or column name `name` is, or which a key name
    // contains (the longest such column wins: "customers_email_key" -> email). -1: none.
    static int columnFor(const Quarry::QueryModel *model, const QString &name);
    // The cell to blame among `candidateRows` (the rows with pending changes): a row whose
    // cell in that column is pending and, when the database quoted it, holds the value.
    // Invalid when none fits.
    static QModelIndex place(const Quarry::QueryModel *model, const Quarry::Error &error,
                             const QList<int> &candidateRows);
    // The reason in one line, without the SQL: what a tooltip and a status bar show.
    static QString reason(const Quarry::Error &error);

    // --- the cells currently marked -------------------------------------------------
    void mark(const QModelIndex &index, const QString &message);
    void unmark(const QModelIndex &index);
    void clear() { m_cells.clear(); }
    bool isEmpty() const;
    // The message for this cell; empty when it is not marked.
    QString message(const QModelIndex &index) const;

private:
    QList<QPair<QPersistentModelIndex, QString>> m_cells;
};

} // namespace QuarryBrowser
