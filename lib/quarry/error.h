#pragma once

#include "quarry_export.h"

#include <QObject>
#include <QSharedDataPointer>
#include <QSqlError>
#include <QString>

namespace Quarry {

class ErrorData;

// What went wrong, as a value: a portable kind an application can branch on, plus the
// message, the SQL that failed (if any) and the driver's original QSqlError.
class QUARRY_EXPORT Error
{
    Q_GADGET
public:
    enum Kind {
        NoError,
        ConnectionError,     // cannot connect, or the connection was lost
        UniqueViolation,
        NotNullViolation,
        ForeignKeyViolation,
        CheckViolation,
        ValidationError,     // rejected by Quarry before reaching the database
        NotFound,
        StaleObject,         // the row vanished or was changed under the session
        Busy,                // locked, busy, deadlock or serialization failure
        InvalidQuery,        // unknown property, bad SQL, wrong argument
        Unsupported,         // not available on this backend or driver
        RegistrationError,   // bad entity declaration
        DatabaseError,       // anything else the database reported
    };
    Q_ENUM(Kind)

    Error();
    Error(Kind kind, const QString &message, const QString &sql = {},
          const QSqlError &sqlError = {});
    Error(const Error &other);
    Error &operator=(const Error &other);
    ~Error();

    bool isValid() const { return kind() != NoError; }
    explicit operator bool() const { return isValid(); }

    Kind kind() const;
    QString message() const;
    QString sql() const;
    QSqlError sqlError() const;

    // "UniqueViolation: UNIQUE constraint failed: users.username [INSERT INTO ...]"
    QString toString() const;
    static QString kindName(Kind kind);

private:
    QSharedDataPointer<ErrorData> d;
};

} // namespace Quarry

QUARRY_EXPORT QDebug operator<<(QDebug debug, const Quarry::Error &error);
