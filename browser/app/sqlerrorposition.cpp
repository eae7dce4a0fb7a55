#include "sqlerrorposition.h"

#include <QRegularExpression>

namespace QuarryBrowser {

namespace {

bool isWordCharacter(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$';
}

int tokenLength(const QString &sql, int offset)
{
    if (offset >= sql.size())
        return 0;
    int end = offset;
    while (end < sql.size() && isWordCharacter(sql.at(end)))
        ++end;
    return qMax(1, end - offset);
}

// The first occurrence of `token` at or after `from` that is not part of a longer word
// (so "id" is not found inside "orderId"); case-sensitive first, then not.
int findToken(const QString &sql, const QString &token, int from = 0)
{
    if (token.isEmpty())
        return -1;
    for (Qt::CaseSensitivity cs : {Qt::CaseSensitive, Qt::CaseInsensitive}) {
        for (int at = sql.indexOf(token, from, cs); at >= 0; at = sql.indexOf(token, at + 1, cs)) {
            const bool startOk =
                at == 0 || !isWordCharacter(token.front()) || !isWordCharacter(sql.at(at - 1));
            const int end = at + token.size();
            const bool endOk = end >= sql.size() || !isWordCharacter(token.back()) ||
                               !isWordCharacter(sql.at(end));
            if (startOk && endOk)
                return at;
        }
    }
    return -1;
}

// Offset of the first character of 1-based `line`.
int lineStart(const QString &sql, int line)
{
    int offset = 0;
    for (int i = 1; i < line && offset >= 0; ++i) {
        offset = sql.indexOf(u'\n', offset);
        if (offset >= 0)
            ++offset;
    }
    return offset;
}

SqlErrorPosition at(const QString &sql, int offset)
{
    SqlErrorPosition position;
    if (offset < 0)
        return position;
    position.offset = qMin(offset, int(sql.size()));
    position.length = tokenLength(sql, position.offset);
    return position;
}

SqlErrorPosition locateSqlite(const QString &sql, const QString &message)
{
    static const QRegularExpression near(QStringLiteral(R"re(near "(.*)": syntax error)re"),
                                         QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression token(QStringLiteral(R"re(unrecognized token: "(.*)")re"),
                                          QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression name(
        QStringLiteral(R"(no such (?:table|column|function): ([^\s]+))"));
    for (const QRegularExpression *pattern : {&near, &token, &name}) {
        const QRegularExpressionMatch match = pattern->match(message);
        if (!match.hasMatch())
            continue;
        QString text = match.captured(1);
        int offset = findToken(sql, text);
        if (offset < 0 && text.contains(u'.')) // "no such column: c.x": look for x
            offset = findToken(sql, text.section(u'.', -1));
        return at(sql, offset);
    }
    if (message.contains(QStringLiteral("incomplete input")))
        return at(sql, sql.trimmed().size());
    return {};
}

SqlErrorPosition locatePostgres(const QString &sql, const QString &message)
{
    // LINE 3: ...fragment...
    //                   ^
    static const QRegularExpression caret(QStringLiteral(R"((LINE (\d+): )([^\n]*)\n( *)\^)"));
    const QRegularExpressionMatch match = caret.match(message);
    if (match.hasMatch()) {
        const int line = match.captured(2).toInt();
        QString fragment = match.captured(3);
        int column = match.captured(4).size() - match.captured(1).size();
        const int start = lineStart(sql, line);
        if (start >= 0) {
            int end = sql.indexOf(u'\n', start);
            const QString lineText = sql.mid(start, end < 0 ? -1 : end - start);
            int base = 0;
            if (fragment.startsWith(QStringLiteral("..."))) { // a long line, cut by the server
                fragment.remove(0, 3);
                column -= 3;
                if (fragment.endsWith(QStringLiteral("...")))
                    fragment.chop(3);
                base = qMax(0, int(lineText.indexOf(fragment)));
            }
            return at(sql, start + base + qMax(0, column));
        }
    }
    static const QRegularExpression near(QStringLiteral(R"re(at or near "(.*)")re"));
    if (const QRegularExpressionMatch m = near.match(message); m.hasMatch())
        return at(sql, findToken(sql, m.captured(1)));
    if (message.contains(QStringLiteral("at end of input")))
        return at(sql, sql.trimmed().size());
    return {};
}

SqlErrorPosition locateMariaDb(const QString &sql, const QString &message)
{
    static const QRegularExpression near(QStringLiteral(R"(near '(.*)' at line (\d+))"),
                                         QRegularExpression::DotMatchesEverythingOption);
    if (const QRegularExpressionMatch m = near.match(message); m.hasMatch()) {
        const QString snippet = m.captured(1);
        const int start = qMax(0, lineStart(sql, m.captured(2).toInt()));
        if (snippet.isEmpty())
            return at(sql, sql.trimmed().size());
        int offset = sql.indexOf(snippet, start);
        if (offset < 0)
            offset = sql.indexOf(snippet);
        return at(sql, offset);
    }
    static const QRegularExpression unknown(
        QStringLiteral(R"(Unknown (?:column|table) '([^']+)')"));
    if (const QRegularExpressionMatch m = unknown.match(message); m.hasMatch()) {
        int offset = findToken(sql, m.captured(1));
        if (offset < 0)
            offset = findToken(sql, m.captured(1).section(u'.', -1));
        return at(sql, offset);
    }
    static const QRegularExpression table(QStringLiteral(R"(Table '([^']+)' doesn't exist)"));
    if (const QRegularExpressionMatch m = table.match(message); m.hasMatch())
        return at(sql, findToken(sql, m.captured(1).section(u'.', -1)));
    return {};
}

} // namespace

SqlErrorPosition SqlErrorPosition::fromOffset(const QString &sql, int offset)
{
    return at(sql, offset);
}

SqlErrorPosition SqlErrorPosition::locate(Quarry::Database::Backend backend, const QString &sql,
                                          const QString &message)
{
    switch (backend) {
    case Quarry::Database::Backend::SQLite:
        return locateSqlite(sql, message);
    case Quarry::Database::Backend::PostgreSQL:
        return locatePostgres(sql, message);
    case Quarry::Database::Backend::MySQL:
        return locateMariaDb(sql, message);
    case Quarry::Database::Backend::Invalid:
        break;
    }
    return {};
}

} // namespace QuarryBrowser
