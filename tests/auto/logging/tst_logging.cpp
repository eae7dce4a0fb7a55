// The "quarry.sql" logging category echoes every statement with its bound values
// (SQLAlchemy's echo=True) when enabled, and says nothing by default.

#include "quarrytest.h"

#include <quarry/database.h>
#include <quarry/session.h>

#include <QLoggingCategory>
#include <QMutex>
#include <QtTest>

using namespace Quarry;

class User : public QObject {
    Q_OBJECT
    Q_CLASSINFO("quarry:table", "users")
    Q_CLASSINFO("username", "unique max_length=50")
    Q_CLASSINFO("avatar", "null")
    Q_PROPERTY(qint64 id MEMBER m_id NOTIFY changed)
    Q_PROPERTY(QString username MEMBER m_username NOTIFY changed)
    Q_PROPERTY(QString email MEMBER m_email NOTIFY changed)
    Q_PROPERTY(QByteArray avatar MEMBER m_avatar NOTIFY changed)
public:
    Q_INVOKABLE explicit User(QObject *parent = nullptr) : QObject(parent) {}
    User(const QString &username, const QString &email) : m_username(username), m_email(email) {}
    qint64 m_id = 0;
    QString m_username;
    QString m_email;
    QByteArray m_avatar;
signals:
    void changed();
};

namespace {

// Collects the messages of the "quarry.sql" category; the rest goes to the previous
// handler (Qt Test's, which prints and counts warnings).
class SqlLog {
public:
    SqlLog()
    {
        instance = this;
        previous = qInstallMessageHandler(&SqlLog::handle);
    }
    ~SqlLog()
    {
        qInstallMessageHandler(previous);
        instance = nullptr;
    }
    QStringList lines() const
    {
        QMutexLocker locker(&mutex);
        return captured;
    }
    // The captured lines that contain every one of `parts`.
    QStringList matching(const QStringList &parts) const
    {
        QStringList result;
        for (const QString &line : lines()) {
            bool all = true;
            for (const QString &part : parts)
                all = all && line.contains(part);
            if (all)
                result << line;
        }
        return result;
    }
    QString dump() const { return lines().join(QLatin1Char('\n')); }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (instance && context.category && qstrcmp(context.category, "quarry.sql") == 0) {
            QMutexLocker locker(&instance->mutex);
            instance->captured << message;
            return;
        }
        if (previous)
            previous(type, context, message);
    }

    static inline SqlLog *instance = nullptr;
    static inline QtMessageHandler previous = nullptr;
    mutable QMutex mutex;
    QStringList captured;
};

// Opens the database, creates the table and runs the quickstart's INSERT and SELECT.
bool runQuickstart(const QString &url, QString *error)
{
    Database db = Database::open(url);
    if (!db.isValid() || !db.registerEntity<User>() || !db.createAll()) {
        *error = db.lastError().toString();
        return false;
    }
    Session session(db);
    auto *user = new User(QStringLiteral("john_doe"), QStringLiteral("john@example.com"));
    user->m_avatar = QByteArray("\x89PNG", 4);
    if (!session.add(user) || !session.commit()) {
        *error = session.lastError().toString();
        return false;
    }
    Session reader(db);
    User *found = reader.query<User>()
                      .filterBy(QStringLiteral("username"), QStringLiteral("john_doe"))
                      .first();
    if (!found || found->m_email != QLatin1String("john@example.com")) {
        *error = QStringLiteral("query failed: ") + reader.lastError().toString();
        return false;
    }
    return true;
}

} // namespace

class tst_Logging : public QObject {
    Q_OBJECT

private slots:
    void cleanup() { QLoggingCategory::setFilterRules(QString()); }

    void shouldEchoStatementsWithTheirBoundValues_data();
    void shouldEchoStatementsWithTheirBoundValues();
    void shouldLogNothingByDefault_data();
    void shouldLogNothingByDefault();
};

void tst_Logging::shouldEchoStatementsWithTheirBoundValues_data()
{
    QuarryTest::addBackendColumn();
    QuarryTest::addBackendRows();
}

void tst_Logging::shouldEchoStatementsWithTheirBoundValues()
{
    // Given the category switched on and a handler collecting it
    QUARRY_FRESH_URL(databaseUrl);
    QLoggingCategory::setFilterRules(QStringLiteral("quarry.sql.debug=true"));
    SqlLog log;

    // When a row is inserted and queried by a bound value
    QString error;
    QVERIFY2(runQuickstart(databaseUrl, &error), qPrintable(error));

    // Then the DDL, the INSERT and the SELECT are in the log
    QVERIFY2(!log.matching({QStringLiteral("CREATE TABLE")}).isEmpty(), qPrintable(log.dump()));
    const QStringList inserts = log.matching({QStringLiteral("INSERT INTO")});
    QVERIFY2(!inserts.isEmpty(), qPrintable(log.dump()));
    const QStringList selects = log.matching({QStringLiteral("SELECT"), QStringLiteral("users")});
    QVERIFY2(!selects.isEmpty(), qPrintable(log.dump()));

    // And each with its bound values: text as text, bytes by their size
    QVERIFY2(inserts.constFirst().contains(QLatin1String("john_doe")), qPrintable(log.dump()));
    QVERIFY2(inserts.constFirst().contains(QLatin1String("john@example.com")),
             qPrintable(log.dump()));
    QVERIFY2(inserts.constFirst().contains(QLatin1String("<4 bytes>")), qPrintable(log.dump()));
    QVERIFY2(!log.matching({QStringLiteral("SELECT"), QStringLiteral("[john_doe]")}).isEmpty(),
             qPrintable(log.dump()));

    // And the statement text keeps its placeholders: values are bound, not spliced
    QVERIFY2(selects.constLast().section(QLatin1Char('['), 0, 0).contains(QLatin1Char('?')),
             qPrintable(selects.constLast()));
    QVERIFY2(
        !selects.constLast().section(QLatin1Char('['), 0, 0).contains(QLatin1String("john_doe")),
        qPrintable(selects.constLast()));

    // And the transaction boundaries
    QVERIFY2(!log.matching({QStringLiteral("COMMIT")}).isEmpty(), qPrintable(log.dump()));
}

void tst_Logging::shouldLogNothingByDefault_data()
{
    QuarryTest::addBackendColumn();
    QuarryTest::addBackendRows();
}

void tst_Logging::shouldLogNothingByDefault()
{
    // Given the default rules (the category is declared with QtWarningMsg as its minimum),
    // and then the category explicitly switched off
    QUARRY_FRESH_URL(databaseUrl);
    if (!qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QSKIP("QT_LOGGING_RULES is set: the default configuration cannot be observed");
    for (const QString &rules : {QString(), QStringLiteral("quarry.sql.debug=false")}) {
        QLoggingCategory::setFilterRules(rules);
        SqlLog log;

        // When the same work is done
        QString error;
        QVERIFY2(runQuickstart(QuarryTest::freshUrl(url), &error), qPrintable(error));

        // Then nothing is logged
        QVERIFY2(log.lines().isEmpty(), qPrintable(log.dump()));
    }
}

QTEST_GUILESS_MAIN(tst_Logging)
#include "tst_logging.moc"
