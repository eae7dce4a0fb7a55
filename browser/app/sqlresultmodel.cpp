#include "sqlresultmodel.h"

#include <QBrush>
#include <QFont>
#include <QPalette>

namespace QuarryBrowser {

namespace {

bool isNumber(const QVariant &value)
{
    switch (value.metaType().id()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
    case QMetaType::Float:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Long:
    case QMetaType::ULong:
        return true;
    default:
        return false;
    }
}

} // namespace

SqlResultModel::SqlResultModel(QObject *parent) : QAbstractTableModel(parent) {}

void SqlResultModel::reset(const QStringList &columns, bool atEnd)
{
    beginResetModel();
    m_columns = columns;
    m_rows.clear();
    m_atEnd = atEnd;
    m_fetching = false;
    endResetModel();
}

void SqlResultModel::clear()
{
    reset({}, true);
}

void SqlResultModel::appendRows(const QList<QVariantList> &rows, bool atEnd)
{
    m_fetching = false;
    m_atEnd = atEnd;
    if (rows.isEmpty())
        return;
    beginInsertRows({}, m_rows.size(), m_rows.size() + rows.size() - 1);
    m_rows.append(rows);
    endInsertRows();
}

void SqlResultModel::abortFetching()
{
    m_fetching = false;
    m_atEnd = true;
}

QVariant SqlResultModel::value(int row, int column) const
{
    if (row < 0 || row >= m_rows.size() || column < 0 || column >= m_columns.size())
        return {};
    return m_rows.at(row).value(column);
}

int SqlResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SqlResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant SqlResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QVariant value = m_rows.at(index.row()).value(index.column());
    switch (role) {
    case Qt::DisplayRole:
        if (value.isNull())
            return QStringLiteral("NULL");
        if (value.metaType().id() == QMetaType::QByteArray)
            return tr("%1 bytes").arg(value.toByteArray().size());
        if (value.metaType().id() == QMetaType::QString && value.toString().size() > 300)
            return QString(value.toString().left(300) + QChar(0x2026));
        return value;
    case Qt::EditRole:
        return value;
    case Qt::ToolTipRole:
        if (value.metaType().id() == QMetaType::QString && value.toString().size() > 60)
            return value.toString().left(4000);
        return {};
    case Qt::ForegroundRole:
        if (value.isNull())
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        return {};
    case Qt::FontRole:
        if (value.isNull()) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (isNumber(value))
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant SqlResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal)
        return section >= 0 && section < m_columns.size() ? QVariant(m_columns.at(section))
                                                          : QVariant();
    return section + 1;
}

bool SqlResultModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_fetching;
}

void SqlResultModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_fetching = true;
    Q_EMIT moreRowsWanted();
}

} // namespace QuarryBrowser
