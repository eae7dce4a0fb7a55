#pragma once

#include "connectionprofile.h"

#include <QDialog>

#include <memory>

namespace QuarryBrowser {

namespace Ui {
class ConnectionDialog;
}

class BackgroundWorker;
class DatabaseContext;

// Asks where the database is: a SQLite file (opened or created), or a PostgreSQL or
// MariaDB/MySQL server; optionally the application's entity plugin; or a recent
// connection (whose password is asked again: none is ever stored). Connect checks the
// connection off the UI thread; a failure is shown in the dialog, with every field kept.
class ConnectionDialog : public QDialog {
    Q_OBJECT
public:
    enum Backend { SQLite, PostgreSQL, MySQL };
    Q_ENUM(Backend)

    explicit ConnectionDialog(QWidget *parent = nullptr);
    ~ConnectionDialog() override;

    // Fills the fields from a profile's URL (a password in it goes to the password box).
    void setProfile(const ConnectionProfile &profile);
    // What the fields say, as a URL with user, password and database percent-encoded.
    ConnectionProfile profile() const;
    // The message under the fields (why connecting failed); empty when none.
    QString errorText() const;
    void showError(const QString &message);
    bool isConnecting() const { return m_connecting; }

    // After accepted(): the open database, for a MainWindow.
    std::unique_ptr<DatabaseContext> takeContext();

    static QString sqliteUrl(const QString &file);
    static QString serverUrl(Backend backend, const QString &host, int port, const QString &user,
                             const QString &password, const QString &database);

public Q_SLOTS:
    // Connects; the dialog closes only when that worked.
    void accept() override;
    // Cancels a connection attempt in flight (its result is dropped).
    void reject() override;

private:
    void setBackend(int backend);
    void updateUrl();
    void loadRecent();
    void openRecent(int row);
    void browseFile();
    void browsePlugin();
    void setConnecting(bool connecting);
    void finishConnecting(const ConnectionProfile &profile, const QString &probeError);

    std::unique_ptr<Ui::ConnectionDialog> ui;
    std::unique_ptr<DatabaseContext> m_context;
    BackgroundWorker *m_worker = nullptr;
    bool m_connecting = false;
};

} // namespace QuarryBrowser
