#include "connectiondialog.h"
#include "ui_connectiondialog.h"

#include "backgroundworker.h"
#include "databasecontext.h"
#include "recentconnections.h"

#include <quarry/database.h>

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QPushButton>
#include <QUrl>

namespace QuarryBrowser {

namespace {

enum RecentRole { UrlRole = Qt::UserRole, PluginRole };

int defaultPort(int backend)
{
    return backend == ConnectionDialog::MySQL ? 3306 : 5432;
}

} // namespace

ConnectionDialog::ConnectionDialog(QWidget *parent)
    : QDialog(parent), ui(std::make_unique<Ui::ConnectionDialog>()),
      m_worker(new BackgroundWorker(this))
{
    ui->setupUi(this);
    ui->buttonBox->button(QDialogButtonBox::Ok)->setText(QStringLiteral("&Connect"));
    ui->errorLabel->hide();
    connect(ui->buttonBox, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(ui->buttonBox, &QDialogButtonBox::rejected, this, &ConnectionDialog::reject);
    connect(ui->backendCombo, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &ConnectionDialog::setBackend);
    for (QLineEdit *edit : {ui->fileEdit, ui->hostEdit, ui->userEdit, ui->passwordEdit,
                            ui->databaseEdit, ui->pluginEdit})
        connect(edit, &QLineEdit::textChanged, this, &ConnectionDialog::updateUrl);
    connect(ui->portSpin, qOverload<int>(&QSpinBox::valueChanged), this,
            &ConnectionDialog::updateUrl);
    connect(ui->browseFileButton, &QPushButton::clicked, this, &ConnectionDialog::browseFile);
    connect(ui->browsePluginButton, &QPushButton::clicked, this, &ConnectionDialog::browsePlugin);
    connect(ui->recentList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && !m_connecting)
            setProfile({ui->recentList->item(row)->data(UrlRole).toString(),
                        ui->recentList->item(row)->data(PluginRole).toString(),
                        {}});
    });
    connect(ui->recentList, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { openRecent(ui->recentList->row(item)); });
    loadRecent();
    setBackend(SQLite);
    updateUrl();
}

ConnectionDialog::~ConnectionDialog() = default;

QString ConnectionDialog::sqliteUrl(const QString &file)
{
    if (file.trimmed().isEmpty())
        return QStringLiteral("sqlite:///");
    // '%', '?' and '#' would be read as an escape, the options or a fragment.
    QString path = QDir::fromNativeSeparators(QFileInfo(file.trimmed()).absoluteFilePath());
    path = QString::fromUtf8(QUrl::toPercentEncoding(path, "/:\\ ()[]~!$&'*+,;=@"));
    return (path.startsWith(QLatin1Char('/')) ? QStringLiteral("sqlite:///")
                                              : QStringLiteral("sqlite:////")) +
           path;
}

QString ConnectionDialog::serverUrl(Backend backend, const QString &host, int port,
                                    const QString &user, const QString &password,
                                    const QString &database)
{
    // Everything but unreserved characters is escaped, so an '@', ':' or '/' in a
    // password cannot end the user information early.
    const auto encode = [](const QString &text) {
        return QString::fromLatin1(QUrl::toPercentEncoding(text));
    };
    QString url = backend == MySQL ? QStringLiteral("mysql://") : QStringLiteral("postgresql://");
    if (!user.isEmpty() || !password.isEmpty()) {
        url += encode(user);
        if (!password.isEmpty())
            url += QLatin1Char(':') + encode(password);
        url += QLatin1Char('@');
    }
    const QString trimmedHost = host.trimmed();
    url += trimmedHost.contains(QLatin1Char(':'))
               ? QLatin1Char('[') + trimmedHost + QLatin1Char(']')
               : trimmedHost;
    if (port > 0)
        url += QLatin1Char(':') + QString::number(port);
    return url + QLatin1Char('/') + encode(database.trimmed());
}

void ConnectionDialog::setProfile(const ConnectionProfile &profile)
{
    const QString url = profile.url.trimmed();
    const QString scheme = url.section(QLatin1Char(':'), 0, 0).toLower();
    ui->pluginEdit->setText(profile.entitiesPlugin);
    if (scheme == QLatin1String("sqlite")) {
        ui->backendCombo->setCurrentIndex(SQLite);
        QString path = url.mid(int(qstrlen("sqlite://")));
        path = path.left(path.indexOf(QLatin1Char('?')) < 0 ? path.size()
                                                            : path.indexOf(QLatin1Char('?')));
        ui->fileEdit->setText(QUrl::fromPercentEncoding(path.mid(1).toUtf8()));
        return;
    }
    const QUrl parsed(url);
    ui->backendCombo->setCurrentIndex(profile.backendName() == QLatin1String("mysql") ? MySQL
                                                                                      : PostgreSQL);
    ui->hostEdit->setText(parsed.host());
    ui->portSpin->setValue(parsed.port(defaultPort(ui->backendCombo->currentIndex())));
    ui->userEdit->setText(parsed.userName(QUrl::FullyDecoded));
    ui->passwordEdit->setText(parsed.password(QUrl::FullyDecoded));
    ui->databaseEdit->setText(
        QUrl::fromPercentEncoding(parsed.path(QUrl::FullyEncoded).mid(1).toUtf8()));
}

ConnectionProfile ConnectionDialog::profile() const
{
    ConnectionProfile profile;
    const int backend = ui->backendCombo->currentIndex();
    profile.url = backend == SQLite ? sqliteUrl(ui->fileEdit->text())
                                    : serverUrl(Backend(backend), ui->hostEdit->text(),
                                                ui->portSpin->value(), ui->userEdit->text(),
                                                ui->passwordEdit->text(), ui->databaseEdit->text());
    profile.entitiesPlugin = ui->pluginEdit->text().trimmed();
    return profile;
}

QString ConnectionDialog::errorText() const
{
    return ui->errorLabel->isHidden() ? QString() : ui->errorLabel->text();
}

void ConnectionDialog::showError(const QString &message)
{
    ui->errorLabel->setText(message);
    ui->errorLabel->setVisible(!message.isEmpty());
}

std::unique_ptr<DatabaseContext> ConnectionDialog::takeContext()
{
    return std::move(m_context);
}

void ConnectionDialog::accept()
{
    if (m_connecting)
        return;
    const ConnectionProfile wanted = profile();
    ConnectionProfile checked = wanted;
    QString error;
    if (ui->backendCombo->currentIndex() == SQLite && ui->fileEdit->text().trimmed().isEmpty()) {
        showError(QStringLiteral("Choose a database file (a new one is created)."));
        ui->fileEdit->setFocus();
        return;
    }
    if (!ConnectionProfile::fromUrl(wanted.url, &checked, &error)) {
        showError(error);
        return;
    }
    if (!wanted.entitiesPlugin.isEmpty() && !QFileInfo::exists(wanted.entitiesPlugin)) {
        showError(
            QStringLiteral("The entity plugin %1 does not exist.").arg(wanted.entitiesPlugin));
        ui->pluginEdit->setFocus();
        return;
    }
    setConnecting(true);
    showError(QString());
    // Reaching a server can take seconds (or time out): probe it off the UI thread, so
    // the dialog stays responsive and Cancel works.
    const QString url = wanted.url;
    m_worker->run(
        [url] {
            const Quarry::Database database = Quarry::Database::open(url);
            return database.isValid() ? QString() : database.lastError().message();
        },
        [this, wanted](const QString &probeError) { finishConnecting(wanted, probeError); });
}

void ConnectionDialog::reject()
{
    m_worker->cancelAll();
    setConnecting(false);
    QDialog::reject();
}

void ConnectionDialog::finishConnecting(const ConnectionProfile &profile, const QString &probeError)
{
    QString error = probeError;
    if (error.isEmpty()) {
        QApplication::setOverrideCursor(Qt::WaitCursor);
        m_context = DatabaseContext::open(profile, &error);
        QApplication::restoreOverrideCursor();
    }
    setConnecting(false);
    if (!m_context) {
        // Driver messages come indented with tabs over several lines; keep the lines only.
        QStringList lines = error.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (QString &line : lines)
            line = line.trimmed();
        showError(QStringLiteral("Could not open %1:\n%2")
                      .arg(profile.displayUrl(), lines.join(QLatin1Char('\n'))));
        const bool passwordProblem =
            error.contains(QLatin1String("password"), Qt::CaseInsensitive) ||
            error.contains(QLatin1String("denied"), Qt::CaseInsensitive) ||
            error.contains(QLatin1String("authentication"), Qt::CaseInsensitive);
        if (passwordProblem && ui->backendCombo->currentIndex() != SQLite) {
            ui->passwordEdit->setFocus();
            ui->passwordEdit->selectAll();
        }
        return;
    }
    RecentConnections::add(profile);
    QDialog::accept();
}

void ConnectionDialog::setConnecting(bool connecting)
{
    m_connecting = connecting;
    for (QWidget *widget :
         {static_cast<QWidget *>(ui->backendCombo), static_cast<QWidget *>(ui->stack),
          static_cast<QWidget *>(ui->recentList), static_cast<QWidget *>(ui->pluginEdit),
          static_cast<QWidget *>(ui->browsePluginButton)})
        widget->setEnabled(!connecting);
    QPushButton *connectButton = ui->buttonBox->button(QDialogButtonBox::Ok);
    connectButton->setEnabled(!connecting);
    connectButton->setText(connecting ? QStringLiteral("Connecting…") : QStringLiteral("&Connect"));
    if (connecting)
        setCursor(Qt::BusyCursor);
    else
        unsetCursor();
}

void ConnectionDialog::setBackend(int backend)
{
    if (ui->backendCombo->currentIndex() != backend)
        ui->backendCombo->setCurrentIndex(backend);
    ui->stack->setCurrentIndex(backend == SQLite ? 0 : 1);
    // Follow the backend's default port unless the user chose another one.
    if (backend != SQLite &&
        ui->portSpin->value() == defaultPort(backend == MySQL ? PostgreSQL : MySQL))
        ui->portSpin->setValue(defaultPort(backend));
    updateUrl();
}

void ConnectionDialog::updateUrl()
{
    ui->urlLabel->setText(profile().displayUrl());
}

void ConnectionDialog::loadRecent()
{
    const QList<ConnectionProfile> recent = RecentConnections::load();
    for (const ConnectionProfile &profile : recent) {
        QString text = profile.url;
        if (!profile.entitiesPlugin.isEmpty())
            text += QStringLiteral("  (entities: %1)")
                        .arg(QFileInfo(profile.entitiesPlugin).fileName());
        auto *item = new QListWidgetItem(text, ui->recentList);
        item->setData(UrlRole, profile.url);
        item->setData(PluginRole, profile.entitiesPlugin);
        item->setToolTip(profile.url);
    }
    ui->recentList->setVisible(!recent.isEmpty());
    ui->recentLabel->setVisible(!recent.isEmpty());
}

void ConnectionDialog::openRecent(int row)
{
    if (row < 0 || m_connecting)
        return;
    QListWidgetItem *item = ui->recentList->item(row);
    setProfile({item->data(UrlRole).toString(), item->data(PluginRole).toString(), {}});
    if (ui->backendCombo->currentIndex() == SQLite) {
        accept();
        return;
    }
    // Passwords are never stored: ask for it again.
    ui->passwordEdit->clear();
    ui->passwordEdit->setPlaceholderText(QStringLiteral("enter the password again (never saved)"));
    ui->passwordEdit->setFocus();
}

void ConnectionDialog::browseFile()
{
    const QString file = QFileDialog::getSaveFileName(
        this, QStringLiteral("Open or create a SQLite database"), ui->fileEdit->text(),
        QStringLiteral("SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)"), nullptr,
        QFileDialog::DontConfirmOverwrite);
    if (!file.isEmpty())
        ui->fileEdit->setText(QDir::toNativeSeparators(file));
}

void ConnectionDialog::browsePlugin()
{
    const QString file = QFileDialog::getOpenFileName(
        this, QStringLiteral("Choose the application's entity plugin"), ui->pluginEdit->text(),
        QStringLiteral("Plugins (*.so *.dll *.dylib);;All files (*)"));
    if (!file.isEmpty())
        ui->pluginEdit->setText(QDir::toNativeSeparators(file));
}

} // namespace QuarryBrowser
