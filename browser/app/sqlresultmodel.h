#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>
#include <QVariantList>

namespace QuarryBrowser {

// The rows of one SELECT run in the SQL console, as they arrive: the runner keeps the
// query open on its thread and hands rows over in chunks. Views ask for more through
// fetchMore() when they scroll to the end; the model then emits moreRowsWanted() and
// the rows come back, asynchronously, through appendRows().
class SqlResultModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit SqlResultModel(QObject *parent = nullptr);

    // --- API
    // A new result: these columns, no rows yet, more to come unless atEnd.
    void reset(const QStringList &columns, bool atEnd = false);
    void clear();
    void appendRows(const QList<QVariantList> &rows, bool atEnd);
    // The rows are all here.
    bool isComplete() const { return m_atEnd; }
    bool isFetching() const { return m_fetching; }
    // Stops asking for more (an error or a cancel while fetching).
    void abortFetching();
    QVariant value(int row, int column) const;

Q_SIGNALS:
    void moreRowsWanted();

public:
    // --- reimplemented
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent = {}) const override;
    void fetchMore(const QModelIndex &parent = {}) override;

private:
    QStringList m_columns;
    QList<QVariantList> m_rows;
    bool m_atEnd = true;
    bool m_fetching = false;
};

} // namespace QuarryBrowser
