#pragma once

#include <quarry/database.h>

#include <QString>

namespace QuarryBrowser {

// Where in a statement the database says an error is: a character offset into the text
// that was sent and the length of the token there (offset -1: the message names no place).
struct SqlErrorPosition {
    int offset = -1;
    int length = 0;

    bool isValid() const { return offset >= 0; }

    // Reads the place out of each backend's own wording:
    //   SQLite      near "FORM": syntax error / unrecognized token: "'x" / no such column: x
    //   PostgreSQL  LINE 2: SELECT * FORM t   with a caret under the place (QPSQL keeps it in
    //               the message), else  at or near "FORM"
    //   MariaDB     ... near 'FORM t' at line 2 / Unknown column 'x' in 'field list'
    static SqlErrorPosition locate(Quarry::Database::Backend backend, const QString &sql,
                                   const QString &message);
    // A known offset (SQLite's sqlite3_error_offset), with the token there.
    static SqlErrorPosition fromOffset(const QString &sql, int offset);
};

} // namespace QuarryBrowser
