// The connection dialog: the URLs it builds (percent-encoded user, password, database and
// file names), recent connections that never hold a password, errors shown in the dialog
// with every field kept, and real connections to PostgreSQL and MariaDB (the CI servers,
// tests/servers/with-servers.sh) that list their tables and count their rows.

#include "browsertest.h"
#include "quarrytest.h"

#include "browserstate.h"
#include "connectiondialog.h"
#include "databasecontext.h"
#include "entitytree.h"
#include "recentconnections.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QtTest>

using namespace QuarryBrowser;

class tst_BrowserConnection : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void buildsServerUrls_data();
    void buildsServerUrls();
    void sqliteFileWithOddCharacters();
    void recentConnectionsNeverHoldThePassword();
    void reopeningARecentServerAsksForThePassword();
    void unreachableServerShowsErrorAndKeepsFields_data();
    void unreachableServerShowsErrorAndKeepsFields();
    void serverConnectionListsTables_data();
    void serverConnectionListsTables();
    void wrongCredentialsShowClearError_data();
    void wrongCredentialsShowClearError();

private:
    static void fill(ConnectionDialog *dialog, int backend, const QString &host, int port,
                     const QString &user, const QString &password, const QString &database);
    static QByteArray settingsFileContents();

    QTemporaryDir m_settingsDir;
};

void tst_BrowserConnection::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void tst_BrowserConnection::init()
{
    BrowserState::settings()->clear();
}

void tst_BrowserConnection::fill(ConnectionDialog *dialog, int backend, const QString &host,
                                 int port, const QString &user, const QString &password,
                                 const QString &database)
{
    dialog->findChild<QComboBox *>(QStringLiteral("backendCombo"))->setCurrentIndex(backend);
    dialog->findChild<QLineEdit *>(QStringLiteral("hostEdit"))->setText(host);
    dialog->findChild<QSpinBox *>(QStringLiteral("portSpin"))->setValue(port);
    dialog->findChild<QLineEdit *>(QStringLiteral("userEdit"))->setText(user);
    dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->setText(password);
    dialog->findChild<QLineEdit *>(QStringLiteral("databaseEdit"))->setText(database);
}

QByteArray tst_BrowserConnection::settingsFileContents()
{
    auto settings = BrowserState::settings();
    settings->sync();
    QFile file(settings->fileName());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

void tst_BrowserConnection::buildsServerUrls_data()
{
    QTest::addColumn<int>("backend");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("url");

    const int pg = ConnectionDialog::PostgreSQL;
    const int my = ConnectionDialog::MySQL;
    QTest::newRow("postgresql") << pg << "db.example.com" << 5432 << "alice"
                                << "secret"
                                << "shop"
                                << "postgresql://alice:secret@db.example.com:5432/shop";
    QTest::newRow("mariadb") << my << "127.0.0.1" << 3307 << "bob"
                             << "pw"
                             << "shop"
                             << "mysql://bob:pw@127.0.0.1:3307/shop";
    QTest::newRow("no password") << pg << "localhost" << 5432 << "carol"
                                 << ""
                                 << "shop"
                                 << "postgresql://carol@localhost:5432/shop";
    QTest::newRow("no user") << pg << "localhost" << 5432 << ""
                             << ""
                             << "shop"
                             << "postgresql://localhost:5432/shop";
    QTest::newRow("special password")
        << pg << "localhost" << 5432 << "dave"
        << "p@ss:w/rd#?%&= é"
        << "shop"
        << "postgresql://dave:p%40ss%3Aw%2Frd%23%3F%25%26%3D%20%C3%A9@localhost:5432/shop";
    QTest::newRow("special user and database") << my << "localhost" << 3306 << "eve@corp"
                                               << "x:y"
                                               << "my db"
                                               << "mysql://eve%40corp:x%3Ay@localhost:3306/my%20db";
    QTest::newRow("ipv6 host") << pg << "::1" << 5432 << "u"
                               << "p"
                               << "d"
                               << "postgresql://u:p@[::1]:5432/d";
}

void tst_BrowserConnection::buildsServerUrls()
{
    QFETCH(int, backend);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, database);
    QFETCH(QString, url);

    // When the fields are filled in, the dialog builds the URL
    ConnectionDialog dialog;
    fill(&dialog, backend, host, port, user, password, database);
    const ConnectionProfile profile = dialog.profile();
    QCOMPARE(profile.url, url);

    // And the URL reads back as typed, the way Quarry::Database reads it
    const QUrl parsed(profile.url, QUrl::StrictMode);
    QVERIFY2(parsed.isValid(), qPrintable(parsed.errorString()));
    QCOMPARE(parsed.userName(QUrl::FullyDecoded), user);
    QCOMPARE(parsed.password(QUrl::FullyDecoded), password);
    QCOMPARE(parsed.port(), port);
    ConnectionProfile checked;
    QString error;
    QVERIFY2(ConnectionProfile::fromUrl(profile.url, &checked, &error), qPrintable(error));
    if (!password.isEmpty())
        QVERIFY(!profile.displayUrl().contains(
            QLatin1Char(':') + QString::fromLatin1(QUrl::toPercentEncoding(password)) +
            QLatin1Char('@')));

    // And setting the profile back gives the same fields
    ConnectionDialog other;
    other.setProfile(profile);
    QCOMPARE(other.profile().url, url);
    QCOMPARE(other.findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->text(), password);
    QCOMPARE(other.findChild<QLineEdit *>(QStringLiteral("databaseEdit"))->text(), database);
}

void tst_BrowserConnection::sqliteFileWithOddCharacters()
{
    // Given a new file whose name holds a URL's special characters
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("my shop 100%?#1.db"));
    ConnectionDialog dialog;
    dialog.findChild<QLineEdit *>(QStringLiteral("fileEdit"))->setText(file);
    const QString url = dialog.profile().url;
    QVERIFY(url.startsWith(QStringLiteral("sqlite:///")));
    QVERIFY(url.contains(QStringLiteral("100%25%3F%231.db")));
    ConnectionDialog other;
    other.setProfile(dialog.profile());
    QCOMPARE(other.findChild<QLineEdit *>(QStringLiteral("fileEdit"))->text(), file);

    // When Connect is pressed, that very file is created and opened
    dialog.resize(560, 420);
    dialog.show();
    BrowserTest::screenshot(&dialog, QStringLiteral("browser-connection-sqlite"));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY(accepted.count() == 1 || !dialog.errorText().isEmpty());
    QVERIFY2(accepted.count() == 1, qPrintable(dialog.errorText()));
    QVERIFY(QFileInfo::exists(file));
    std::unique_ptr<DatabaseContext> context = dialog.takeContext();
    QVERIFY(context);
    QVERIFY(context->entityNames().isEmpty());

    // An empty file name is refused in the dialog
    ConnectionDialog empty;
    empty.accept();
    QVERIFY(empty.errorText().contains(QStringLiteral("Choose a database file")));
    QCOMPARE(empty.result(), int(QDialog::Rejected));
}

void tst_BrowserConnection::recentConnectionsNeverHoldThePassword()
{
    const QString password = QStringLiteral("Sup3r$ecret");
    RecentConnections::add(
        {QStringLiteral("postgresql://alice:%1@db.example.com:5432/shop").arg(password), {}, {}});
    RecentConnections::add(
        {QStringLiteral("mysql://bob:%1@localhost:3306/shop").arg(password), {}, {}});
    RecentConnections::add(
        {QStringLiteral("sqlite:////tmp/a.db"), QStringLiteral("/tmp/plugin.so"), {}});
    RecentConnections::add(
        {QStringLiteral("postgresql://alice:other@db.example.com:5432/shop"), {}, {}});

    // Newest first, each once, without the password
    const QList<ConnectionProfile> recent = RecentConnections::load();
    QCOMPARE(recent.size(), 3);
    QCOMPARE(recent.at(0).url, QStringLiteral("postgresql://alice@db.example.com:5432/shop"));
    QCOMPARE(recent.at(1).url, QStringLiteral("sqlite:////tmp/a.db"));
    QCOMPARE(recent.at(1).entitiesPlugin, QStringLiteral("/tmp/plugin.so"));
    QCOMPARE(recent.at(2).url, QStringLiteral("mysql://bob@localhost:3306/shop"));

    // And the file on disk has no trace of either password
    const QByteArray ini = settingsFileContents();
    QVERIFY(ini.contains("db.example.com"));
    QVERIFY(!ini.contains("Sup3r"));
    QVERIFY(!ini.contains("other"));

    // The dialog lists them
    ConnectionDialog dialog;
    QCOMPARE(dialog.findChild<QListWidget *>(QStringLiteral("recentList"))->count(), 3);
}

void tst_BrowserConnection::reopeningARecentServerAsksForThePassword()
{
    RecentConnections::add(
        {QStringLiteral("postgresql://alice:secret@db.example.com:5433/shop"), {}, {}});
    ConnectionDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    auto *list = dialog.findChild<QListWidget *>(QStringLiteral("recentList"));
    auto *password = dialog.findChild<QLineEdit *>(QStringLiteral("passwordEdit"));

    // When the recent connection is activated
    QListWidgetItem *item = list->item(0);
    list->setCurrentItem(item);
    Q_EMIT list->itemActivated(item);

    // Then the fields are filled, except the password, which is asked for
    QCOMPARE(dialog.findChild<QComboBox *>(QStringLiteral("backendCombo"))->currentIndex(),
             int(ConnectionDialog::PostgreSQL));
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("hostEdit"))->text(),
             QStringLiteral("db.example.com"));
    QCOMPARE(dialog.findChild<QSpinBox *>(QStringLiteral("portSpin"))->value(), 5433);
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("userEdit"))->text(),
             QStringLiteral("alice"));
    QVERIFY(password->text().isEmpty());
    QVERIFY(password->placeholderText().contains(QStringLiteral("never saved")));
    QTRY_VERIFY(password->hasFocus());
    QVERIFY(!dialog.isConnecting());
    BrowserTest::screenshot(&dialog, QStringLiteral("browser-connection-dialog"));
}

void tst_BrowserConnection::unreachableServerShowsErrorAndKeepsFields_data()
{
    QTest::addColumn<int>("backend");
    QTest::newRow("postgresql") << int(ConnectionDialog::PostgreSQL);
    QTest::newRow("mariadb") << int(ConnectionDialog::MySQL);
}

void tst_BrowserConnection::unreachableServerShowsErrorAndKeepsFields()
{
    QFETCH(int, backend);
    ConnectionDialog dialog;
    dialog.resize(560, 480);
    dialog.show();
    // Port 1 on loopback: nobody listens, the connection is refused at once.
    fill(&dialog, backend, QStringLiteral("127.0.0.1"), 1, QStringLiteral("alice"),
         QStringLiteral("secret"), QStringLiteral("shop"));
    QSignalSpy accepted(&dialog, &QDialog::accepted);

    // When Connect is pressed, the connection is tried off the UI thread
    auto *connectButton = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    connectButton->click();
    QVERIFY(dialog.isConnecting());
    QVERIFY(!connectButton->isEnabled());

    // Then it fails in the dialog, saying why, and keeps everything typed
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isConnecting(), 20'000);
    QCOMPARE(accepted.count(), 0);
    QVERIFY(dialog.isVisible());
    QVERIFY(connectButton->isEnabled());
    QVERIFY2(dialog.errorText().startsWith(QStringLiteral("Could not open ")),
             qPrintable(dialog.errorText()));
    QVERIFY(dialog.errorText().contains(QStringLiteral("127.0.0.1")));
    QVERIFY(!dialog.errorText().contains(QStringLiteral("secret")));
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->text(),
             QStringLiteral("secret"));
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("userEdit"))->text(),
             QStringLiteral("alice"));
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("databaseEdit"))->text(),
             QStringLiteral("shop"));
    QVERIFY(!dialog.takeContext());
    QVERIFY(RecentConnections::load().isEmpty());
    if (backend == ConnectionDialog::PostgreSQL)
        BrowserTest::screenshot(&dialog, QStringLiteral("browser-connection-error"));
}

void tst_BrowserConnection::serverConnectionListsTables_data()
{
    QuarryTest::addBackendColumn();
    QuarryTest::addBackendRows();
}

void tst_BrowserConnection::serverConnectionListsTables()
{
    QUARRY_FRESH_URL(databaseUrl);
    // Given a server database with a small table
    {
        QSqlDatabase raw = QuarryTest::addRawDatabase(databaseUrl, QStringLiteral("raw"));
        QUARRY_VERIFY_SQL(raw.open(), raw);
        QSqlQuery query(raw);
        QUARRY_VERIFY_SQL(
            query.exec(QStringLiteral(
                "CREATE TABLE browser_things (id INTEGER PRIMARY KEY, name VARCHAR(40))")),
            query);
        QUARRY_VERIFY_SQL(
            query.exec(QStringLiteral(
                "INSERT INTO browser_things VALUES (1, 'one'), (2, 'two'), (3, 'three')")),
            query);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));

    // When it is opened through the dialog (the URL's fields, password included)
    ConnectionDialog dialog;
    dialog.show();
    dialog.setProfile({databaseUrl, {}, {}});
    QCOMPARE(dialog.profile().url.isEmpty(), false);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.accept();
    QTRY_VERIFY_WITH_TIMEOUT(accepted.count() == 1 || !dialog.errorText().isEmpty(), 20'000);
    QVERIFY2(accepted.count() == 1, qPrintable(dialog.errorText()));
    std::unique_ptr<DatabaseContext> context = dialog.takeContext();
    QVERIFY(context);

    // Then its tables are listed, and the tree counts the rows on the server
    QVERIFY2(context->entityNames().contains(QStringLiteral("browser_things")),
             qPrintable(context->entityNames().join(QLatin1Char(','))));
    EntityTree tree(context.get());
    QTRY_VERIFY_WITH_TIMEOUT(tree.allCountsArrived(), 20'000);
    QCOMPARE(tree.rowCount(QStringLiteral("browser_things")), 3);

    // And the recent entry has no password
    const QList<ConnectionProfile> recent = RecentConnections::load();
    QCOMPARE(recent.size(), 1);
    const QString password = QUrl(databaseUrl).password();
    if (!password.isEmpty()) {
        QVERIFY(!recent.first().url.contains(QLatin1Char(':') + password + QLatin1Char('@')));
        QVERIFY(!settingsFileContents().contains(":" + password.toUtf8() + "@"));
    }
}

void tst_BrowserConnection::wrongCredentialsShowClearError_data()
{
    QuarryTest::addBackendColumn();
    QuarryTest::addBackendRows();
}

void tst_BrowserConnection::wrongCredentialsShowClearError()
{
    QFETCH(QString, url);
    QUARRY_REQUIRE_URL(url);
    if (QuarryTest::detail::isSqlite(url))
        QSKIP("SQLite has no credentials");
    // The test PostgreSQL trusts every password on loopback: a user that does not exist
    // is refused there; MariaDB checks the password.
    QUrl wrong(url);
    if (wrong.scheme().startsWith(QStringLiteral("postgres")))
        wrong.setUserName(QStringLiteral("quarry_no_such_user"));
    wrong.setPassword(QStringLiteral("wrong-password"));

    ConnectionDialog dialog;
    dialog.show();
    dialog.setProfile({wrong.toString(), {}, {}});
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.accept();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isConnecting(), 20'000);
    QCOMPARE(accepted.count(), 0);
    const QString error = dialog.errorText();
    QVERIFY2(error.startsWith(QStringLiteral("Could not open")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("quarry_no_such_user")) ||
                 error.contains(QStringLiteral("denied"), Qt::CaseInsensitive),
             qPrintable(error));
    QVERIFY(!error.contains(QStringLiteral("wrong-password")));
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->text(),
             QStringLiteral("wrong-password"));
}

QTEST_MAIN(tst_BrowserConnection)
#include "tst_browserconnection.moc"
