// The data set, the fresh database of every measured run, and the hand-written SQL.

#include "bench.h"

#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlRecord>
#include <QTemporaryDir>

#include <quarry/session.h>

namespace Bench {

const char *variantKey(int variant)
{
    switch (variant) {
    case QuarryOrm: return "quarry";
    case HandStructs: return "qtsql";
    case HandQObjects: return "qobject";
    default: return "?";
    }
}

// --- Dataset -----------------------------------------------------------------------------

Dataset::Dataset(int n)
{
    m_rows.reserve(n);
    for (int i = 0; i < n; ++i)
        m_rows.append(make(i));
}

UserRow Dataset::make(int index)
{
    static const QDateTime epoch(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC);
    UserRow row;
    row.username = QStringLiteral("user%1").arg(index, 7, 10, QLatin1Char('0'));
    row.email = QStringLiteral("user%1@example.com").arg(index);
    row.age = 18 + int((qint64(index) * 7919) % 63);              // 18..80
    // 104729 * i mod the prime 1000003 is different for every i < 1000003.
    row.score = double((qint64(index) * 104729) % 1000003) / 100.0;
    row.created = epoch.addMSecs(qint64(index) * 37001);           // millisecond precision
    return row;
}

// --- values as hand-written code binds them ----------------------------------------------

QVariant dateTimeToDb(const QDateTime &value, Quarry::Database::Backend backend)
{
    if (!value.isValid())
        return QVariant(QMetaType::fromType<QString>());
    const QDateTime utc = value.toUTC();
    if (backend == Quarry::Database::Backend::SQLite)
        return utc.toString(Qt::ISODateWithMs);                    // 2020-01-01T00:00:00.000Z
    return utc.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QDateTime dateTimeFromDb(const QVariant &value)
{
    if (value.isNull())
        return {};
    if (value.metaType().id() == QMetaType::QDateTime) {
        // TIMESTAMP / DATETIME columns hold UTC fields; the drivers label them local time.
        const QDateTime stored = value.toDateTime();
        return QDateTime(stored.date(), stored.time(), Qt::UTC);
    }
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

UserSql::UserSql(Quarry::Database::Backend backend)
{
    const QString columns = QStringLiteral("id, username, email, age, score, created");
    // QPSQL's lastInsertId() is the row's OID, which tables no longer have: RETURNING.
    insertReturnsId = backend == Quarry::Database::Backend::PostgreSQL;
    insert = QStringLiteral("INSERT INTO users (username, email, age, score, created) "
                            "VALUES (?, ?, ?, ?, ?)");
    if (insertReturnsId)
        insert += QStringLiteral(" RETURNING id");
    selectAll = QStringLiteral("SELECT ") + columns + QStringLiteral(" FROM users");
    selectById = selectAll + QStringLiteral(" WHERE id = ?");
    updateAge = QStringLiteral("UPDATE users SET age = ? WHERE id = ?");
    deleteById = QStringLiteral("DELETE FROM users WHERE id = ?");
    topScores = selectAll + QStringLiteral(" WHERE age BETWEEN ? AND ? ORDER BY score DESC LIMIT ")
        + QString::number(topScoreLimit);
}

// --- Env -----------------------------------------------------------------------------------

namespace {

QString scratchDirectory()
{
    static QTemporaryDir directory(QDir::tempPath() + QStringLiteral("/quarry-bench-XXXXXX"));
    return directory.isValid() ? directory.path() : QString();
}

} // namespace

Env::Env(const Options &options, const Dataset &dataset) : options(options), dataset(dataset) {}

Env::~Env()
{
    db = Quarry::Database(); // closes this thread's connections
    if (!m_file.isEmpty()) {
        for (const char *suffix : {"", "-journal", "-wal", "-shm"})
            QFile::remove(m_file + QLatin1String(suffix));
    }
}

bool Env::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
    return false;
}

bool Env::open(const std::function<bool(Quarry::Database &)> &registerEntities)
{
    static int runs = 0;
    QString url = options.url;
    const bool scratch = url.isEmpty();
    if (scratch) {
        const QString directory = scratchDirectory();
        if (directory.isEmpty())
            return fail(QStringLiteral("cannot create a temporary directory"));
        m_file = QStringLiteral("%1/run-%2.db").arg(directory).arg(++runs);
        url = QStringLiteral("sqlite:///") + m_file; // the path is absolute: sqlite:////tmp/...
    }
    db = Quarry::Database::open(url);
    if (!db.isValid())
        return fail(QStringLiteral("cannot open %1: %2").arg(url, db.lastError().toString()));
    if (!(registerEntities ? registerEntities(db) : registerUsers(db)))
        return fail(QStringLiteral("registration: ") + db.lastError().toString());
    // A server database (or a given SQLite file) may hold the tables of an earlier run.
    if (!scratch && !db.dropAll())
        return fail(QStringLiteral("dropAll: ") + db.lastError().toString());
    if (!db.createAll())
        return fail(QStringLiteral("createAll: ") + db.lastError().toString());
    m_sql = std::make_unique<UserSql>(db.backend());
    if (!raw().isOpen())
        return fail(QStringLiteral("the hand-written variants' connection is not open"));
    return true;
}

bool registerUsers(Quarry::Database &db)
{
    return db.registerEntity<BenchUser>();
}

bool exec(Env &env, QSqlQuery &query, const char *what)
{
    if (query.exec())
        return true;
    return env.fail(QStringLiteral("%1: %2 [%3]")
                        .arg(QLatin1String(what), query.lastError().text(), query.lastQuery()));
}

bool Env::seedUsers(int count)
{
    QSqlDatabase connection = raw();
    if (!connection.transaction())
        return fail(QStringLiteral("seed: BEGIN: ") + connection.lastError().text());
    {
        QSqlQuery insert(connection);
        if (!insert.prepare(sql().insert))
            return fail(QStringLiteral("seed: ") + insert.lastError().text());
        const Quarry::Database::Backend backend = this->backend();
        seededIds.reserve(seededIds.size() + count);
        for (int i = 0; i < count; ++i) {
            const UserRow &row = dataset.rows().at(i);
            insert.bindValue(0, row.username);
            insert.bindValue(1, row.email);
            insert.bindValue(2, row.age);
            insert.bindValue(3, row.score);
            insert.bindValue(4, dateTimeToDb(row.created, backend));
            if (!exec(*this, insert, "seed"))
                return false;
            qint64 id = 0;
            if (sql().insertReturnsId)
                id = insert.next() ? insert.value(0).toLongLong() : 0;
            else
                id = insert.lastInsertId().toLongLong();
            if (id <= 0)
                return fail(QStringLiteral("seed: no generated id for row %1").arg(i));
            m_rowOf.insert(id, int(seededIds.size()));
            seededIds.append(id);
        }
    }
    if (!connection.commit())
        return fail(QStringLiteral("seed: COMMIT: ") + connection.lastError().text());
    return true;
}

int Env::rowOf(qint64 id) const
{
    return m_rowOf.value(id, -1);
}

bool Env::releasePageCache()
{
    if (backend() != Quarry::Database::Backend::SQLite)
        return true;
    QSqlQuery query(raw());
    return query.exec(QStringLiteral("PRAGMA shrink_memory"))
        || fail(QStringLiteral("PRAGMA shrink_memory: ") + query.lastError().text());
}

bool Env::releasePageCache(Quarry::Session &session)
{
    if (backend() != Quarry::Database::Backend::SQLite)
        return true;
    bool ok = false;
    session.execute(QStringLiteral("PRAGMA shrink_memory"), {}, &ok);
    return (ok && session.rollback())
        || fail(QStringLiteral("PRAGMA shrink_memory: ") + session.lastError().toString());
}

QVariantList Env::queryRow(const QString &statement, const QVariantList &values)
{
    QSqlQuery query(raw());
    query.setForwardOnly(true);
    if (!query.prepare(statement)) {
        fail(QStringLiteral("%1: %2").arg(statement, query.lastError().text()));
        return {};
    }
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values.at(i));
    if (!exec(*this, query, "check"))
        return {};
    if (!query.next()) {
        fail(QStringLiteral("%1: no row").arg(statement));
        return {};
    }
    QVariantList row;
    const int columns = query.record().count();
    for (int i = 0; i < columns; ++i)
        row.append(query.value(i));
    return row;
}

bool Env::tableTotals(qint64 *count, qint64 *sumIds, qint64 *sumAges)
{
    const QVariantList row = queryRow(QStringLiteral(
        "SELECT COUNT(*), COALESCE(SUM(id), 0), COALESCE(SUM(age), 0) FROM users"));
    if (row.size() < 3)
        return fail(QStringLiteral("totals: no row"));
    *count = row.at(0).toLongLong();
    *sumIds = row.at(1).toLongLong();
    *sumAges = row.at(2).toLongLong();
    return true;
}

} // namespace Bench
