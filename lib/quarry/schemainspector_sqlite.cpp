// SQLite: the PRAGMA table-valued functions (SQLite >= 3.16) read every table's columns,
// indexes and foreign keys in one query each. SQLite does not keep constraint names
// anywhere but in the CREATE TABLE text, so that text is scanned for them: a UNIQUE
// constraint's automatic index ("sqlite_autoindex_<table>_<n>") is reported under the
// constraint's name when the constraint has one, and a foreign key gets its name the same
// way (else it stays unnamed). The same text says whether the key uses AUTOINCREMENT.

#include "schemainspector_p.h"

#include <QMap>
#include <QRegularExpression>
#include <QSqlQuery>
#include <algorithm>

namespace Quarry::Private {
namespace {

struct Token {
    enum Kind { Word, Name, String, Symbol };
    QString text;
    Kind kind;

    bool is(QLatin1String keyword) const
    {
        return kind == Word && text.compare(keyword, Qt::CaseInsensitive) == 0;
    }
    bool isSymbol(char16_t symbol) const { return kind == Symbol && text == QChar(symbol); }
};

// Just enough of SQLite's lexer to find constraint clauses: comments dropped, quoted
// names and strings unquoted, so that no keyword inside them is mistaken for syntax.
QList<Token> tokenize(const QString &sql)
{
    static const QRegularExpression lexer(
        QStringLiteral(R"(--[^\n]*|/\*.*?(?:\*/|$)|'(?:[^']|'')*'?|"(?:[^"]|"")*"?)"
                       R"(|`(?:[^`]|``)*`?|\[[^\]]*\]?|[\w$]+|\S)"),
        QRegularExpression::DotMatchesEverythingOption |
            QRegularExpression::UseUnicodePropertiesOption);
    QList<Token> tokens;
    for (const QRegularExpressionMatch &match : lexer.globalMatch(sql)) {
        QString text = match.captured();
        const QChar first = text.at(0);
        if (text.startsWith(QLatin1String("--")) || text.startsWith(QLatin1String("/*")))
            continue;
        if (text.size() > 1 && QStringLiteral("'\"`[").contains(first)) {
            const QChar close = first == u'[' ? QChar(u']') : first;
            text = text.mid(1, text.endsWith(close) ? text.size() - 2 : -1);
            if (close != u']')
                text.replace(QString(2, close), QString(close)); // a doubled quote is one
            tokens.append({text, first == u'\'' ? Token::String : Token::Name});
        } else {
            const bool word = first.isLetterOrNumber() || first == u'_' || first == u'$';
            tokens.append({text, word ? Token::Word : Token::Symbol});
        }
    }
    return tokens;
}

struct NamedConstraint {
    QString name; // empty when the DDL does not name it
    QStringList columns;
    bool matched = false;
};

struct DeclaredConstraints {
    QList<NamedConstraint> uniques;
    QList<NamedConstraint> foreignKeys;
    bool autoIncrement = false;
    bool withoutRowid = false;
};

// The first name of each item of the parenthesised list at `at` ("(a COLLATE nocase,
// b DESC)" gives a, b).
QStringList columnList(const QList<Token> &part, qsizetype at)
{
    QStringList columns;
    int depth = 0;
    bool itemStart = true;
    for (qsizetype i = at; i < part.size() && part.at(at).isSymbol(u'('); ++i) {
        const Token &token = part.at(i);
        if (token.isSymbol(u'(')) {
            ++depth;
        } else if (token.isSymbol(u')')) {
            if (--depth == 0)
                break;
        } else if (depth == 1 && token.isSymbol(u',')) {
            itemStart = true;
        } else if (std::exchange(itemStart, false)) {
            columns.append(token.text);
        }
    }
    return columns;
}

// One item of the CREATE TABLE body: a column definition with its column constraints
// ("code TEXT CONSTRAINT uq UNIQUE") or a table constraint ("CONSTRAINT uq UNIQUE (a, b)").
void parseDefinition(const QList<Token> &part, DeclaredConstraints *declared)
{
    static const QLatin1String tableConstraintStarts[] = {
        QLatin1String("CONSTRAINT"), QLatin1String("PRIMARY"), QLatin1String("UNIQUE"),
        QLatin1String("CHECK"), QLatin1String("FOREIGN")};
    const bool tableConstraint =
        std::any_of(std::begin(tableConstraintStarts), std::end(tableConstraintStarts),
                    [&](QLatin1String keyword) { return part.at(0).is(keyword); });
    const QStringList column = tableConstraint ? QStringList() : QStringList{part.at(0).text};
    QString pendingName;
    int depth = 0; // parentheses of a type, DEFAULT or CHECK hide nothing we look for
    for (qsizetype i = tableConstraint ? 0 : 1; i < part.size(); ++i) {
        const Token &token = part.at(i);
        depth += token.isSymbol(u'(') ? 1 : token.isSymbol(u')') ? -1 : 0;
        if (depth > 0 || token.kind != Token::Word) {
            continue;
        } else if (token.is(QLatin1String("CONSTRAINT")) && i + 1 < part.size()) {
            pendingName = part.at(++i).text;
        } else if (token.is(QLatin1String("UNIQUE"))) {
            declared->uniques.append({std::exchange(pendingName, {}),
                                      tableConstraint ? columnList(part, i + 1) : column});
        } else if (token.is(QLatin1String("FOREIGN"))) { // FOREIGN KEY (columns)
            declared->foreignKeys.append({std::exchange(pendingName, {}), columnList(part, i + 2)});
        } else if (token.is(QLatin1String("REFERENCES"))) {
            if (!tableConstraint)
                declared->foreignKeys.append({std::exchange(pendingName, {}), column});
        } else if (!token.is(QLatin1String("KEY"))) {
            pendingName.clear(); // PRIMARY, NOT NULL, CHECK, DEFAULT...: no name we keep
        }
    }
}

DeclaredConstraints parseCreateTable(const QString &sql)
{
    DeclaredConstraints declared;
    const QList<Token> tokens = tokenize(sql);
    qsizetype i = 0;
    while (i < tokens.size() && !tokens.at(i).isSymbol(u'('))
        ++i;
    // Split the body into definitions at top-level commas.
    QList<QList<Token>> parts(1);
    for (int depth = 1; ++i < tokens.size();) {
        const Token &token = tokens.at(i);
        declared.autoIncrement |= token.is(QLatin1String("AUTOINCREMENT"));
        depth += token.isSymbol(u'(') ? 1 : token.isSymbol(u')') ? -1 : 0;
        if (depth == 0)
            break;
        if (depth == 1 && token.isSymbol(u','))
            parts.emplaceBack();
        else
            parts.last().append(token);
    }
    for (; i + 1 < tokens.size(); ++i) {
        if (tokens.at(i).is(QLatin1String("WITHOUT")) &&
            tokens.at(i + 1).is(QLatin1String("ROWID")))
            declared.withoutRowid = true;
    }
    for (const QList<Token> &part : std::as_const(parts)) {
        if (!part.isEmpty())
            parseDefinition(part, &declared);
    }
    return declared;
}

// The first constraint not matched yet with exactly these columns, or null.
NamedConstraint *takeConstraint(QList<NamedConstraint> &constraints, const QStringList &columns)
{
    // SQLite compares names case-insensitively; no name holds a NUL.
    const QString key = columns.join(QChar()).toCaseFolded();
    for (NamedConstraint &constraint : constraints) {
        if (!constraint.matched && constraint.columns.join(QChar()).toCaseFolded() == key) {
            constraint.matched = true;
            return &constraint;
        }
    }
    return nullptr;
}

// Every query starts from the user's tables and joins a PRAGMA function on each name.
QString fromTables(const char *pragma = nullptr)
{
    QString from = QStringLiteral(" FROM sqlite_master AS m");
    if (pragma)
        from += QStringLiteral(", ") + QLatin1String(pragma);
    return from +
           QStringLiteral(" WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
}

} // namespace

bool readSqliteSchema(SchemaReader &reader)
{
    QSqlQuery query(reader.connection()->database());
    QHash<QString, DeclaredConstraints> declared;
    if (!reader.run(query, QStringLiteral("SELECT m.name, m.sql") + fromTables()))
        return false;
    while (query.next()) {
        reader.addTable(query.value(0).toString());
        declared.insert(query.value(0).toString(), parseCreateTable(query.value(1).toString()));
    }

    if (!reader.run(query, QStringLiteral(
                               "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk") +
                               fromTables("pragma_table_info(m.name) AS p") +
                               QStringLiteral(" ORDER BY m.name, p.cid")))
        return false;
    QHash<QString, QMap<int, qsizetype>> keys; // table -> key column by its place in the key
    while (query.next()) {
        TableSchema *table = reader.table(query.value(0).toString());
        if (!table)
            continue;
        ColumnSchema &column = table->columns.emplace_back();
        column.name = query.value(1).toString();
        column.type = query.value(2).toString().toUpper();
        column.nullable = query.value(3).toInt() == 0;
        column.defaultValue = SchemaReader::text(query, 4);
        if (column.defaultValue.compare(QLatin1String("NULL"), Qt::CaseInsensitive) == 0)
            column.defaultValue = QString();
        if (const int keyPosition = query.value(5).toInt(); keyPosition > 0)
            keys[table->name].insert(keyPosition, table->columns.size() - 1);
    }
    for (auto it = keys.cbegin(); it != keys.cend(); ++it) {
        TableSchema *table = reader.table(it.key());
        for (qsizetype index : *it)
            table->primaryKey.append(table->columns.at(index).name);
        ColumnSchema *key = &table->columns[it->first()];
        // A lone INTEGER PRIMARY KEY is the rowid: never NULL, and AUTOINCREMENT applies.
        if (table->primaryKey.size() == 1 && key->type == QLatin1String("INTEGER") &&
            !declared[table->name].withoutRowid) {
            key->nullable = false;
            key->autoIncrement = declared[table->name].autoIncrement;
        }
    }

    if (!reader.run(query, QStringLiteral("SELECT m.name, l.name, l.\"unique\", i.name") +
                               fromTables("pragma_index_list(m.name) AS l, "
                                          "pragma_index_info(l.name) AS i") +
                               QStringLiteral(" AND l.origin <> 'pk' "
                                              "ORDER BY m.name, l.name, i.seqno")))
        return false;
    while (query.next()) {
        TableSchema *table = reader.table(query.value(0).toString());
        if (!table)
            continue;
        const QString name = query.value(1).toString();
        if (table->indexes.isEmpty() || table->indexes.last().name != name) {
            IndexSchema &index = table->indexes.emplace_back();
            index.name = name;
            index.unique = query.value(2).toInt() != 0;
        }
        table->indexes.last().columns.append(query.value(3).toString());
    }

    if (!reader.run(query, QStringLiteral("SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", "
                                          "f.on_delete") +
                               fromTables("pragma_foreign_key_list(m.name) AS f") +
                               QStringLiteral(" ORDER BY m.name, f.id, f.seq")))
        return false;
    int lastId = -1;
    QString lastTable;
    while (query.next()) {
        TableSchema *table = reader.table(query.value(0).toString());
        if (!table)
            continue;
        const int id = query.value(1).toInt();
        if (table->name != lastTable || id != lastId) {
            ForeignKeySchema &foreignKey = table->foreignKeys.emplace_back();
            foreignKey.referencedTable = query.value(2).toString();
            foreignKey.onDelete = query.value(5).toString();
            lastTable = table->name;
            lastId = id;
        }
        table->foreignKeys.last().columns.append(query.value(3).toString());
        // NULL when the REFERENCES clause names no columns: the parent's primary key.
        table->foreignKeys.last().referencedColumns.append(SchemaReader::text(query, 4));
    }

    for (const QString &name : declared.keys()) {
        TableSchema *table = reader.table(name);
        DeclaredConstraints &tableDeclared = declared[name];
        for (IndexSchema &index : table->indexes) {
            if (!index.name.startsWith(QLatin1String("sqlite_autoindex_")))
                continue;
            const NamedConstraint *unique = takeConstraint(tableDeclared.uniques, index.columns);
            if (unique && !unique->name.isEmpty())
                index.name = unique->name;
        }
        for (ForeignKeySchema &foreignKey : table->foreignKeys) {
            if (const NamedConstraint *named =
                    takeConstraint(tableDeclared.foreignKeys, foreignKey.columns))
                foreignKey.name = named->name;
            const TableSchema *parent = reader.table(foreignKey.referencedTable);
            if (parent && foreignKey.referencedColumns.first().isNull())
                foreignKey.referencedColumns = parent->primaryKey;
        }
    }
    return true;
}

} // namespace Quarry::Private
