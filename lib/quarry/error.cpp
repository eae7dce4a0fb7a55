#include "error.h"

#include <QDebug>
#include <QMetaEnum>

namespace Quarry {

class ErrorData : public QSharedData
{
public:
    Error::Kind kind = Error::NoError;
    QString message;
    QString sql;
    QSqlError sqlError;
};

namespace {

// "No error" is made for every call that resets lastError(); sharing one ErrorData spares
// two allocations each time (QSqlError allocates its own private data).
const QSharedDataPointer<ErrorData> &noErrorData()
{
    static const QSharedDataPointer<ErrorData> data(new ErrorData);
    return data;
}

} // namespace

Error::Error() : d(noErrorData()) {}

Error::Error(Kind kind, const QString &message, const QString &sql, const QSqlError &sqlError)
    : d(new ErrorData)
{
    d->kind = kind;
    d->message = message;
    d->sql = sql;
    d->sqlError = sqlError;
}

Error::Error(const Error &other) = default;
Error &Error::operator=(const Error &other) = default;
Error::~Error() = default;

Error::Kind Error::kind() const { return d->kind; }
QString Error::message() const { return d->message; }
QString Error::sql() const { return d->sql; }
QSqlError Error::sqlError() const { return d->sqlError; }

QString Error::kindName(Kind kind)
{
    return QString::fromLatin1(QMetaEnum::fromType<Kind>().valueToKey(kind));
}

QString Error::toString() const
{
    if (!isValid())
        return QStringLiteral("NoError");
    QString text = kindName(d->kind) + QStringLiteral(": ") + d->message;
    if (!d->sql.isEmpty())
        text += QStringLiteral(" [") + d->sql + QLatin1Char(']');
    return text;
}

} // namespace Quarry

QDebug operator<<(QDebug debug, const Quarry::Error &error)
{
    QDebugStateSaver saver(debug);
    debug.noquote() << error.toString();
    return debug;
}
