#pragma once

#include <quarry/migrationstatus.h>

#include <QStringList>
#include <QWidget>

#include <functional>
#include <memory>

class QTemporaryDir;

// uic's class, in the global Ui namespace like most other forms'; named as ::Ui below so
// that a QuarryBrowser::Ui declared by another header cannot hide it.
namespace Ui {
class MigrationPanel;
}

namespace QuarryBrowser {

class BackgroundWorker;
class DatabaseContext;

// Where the database stands with its migrations (Quarry::Migrator::status(): id, state,
// applied at) and "Apply pending…", which names what it will apply and where, asks, then
// upgrades in the background and shows the result. The migrations come from the profile
// (--migrations) or else the entity plugin's migrationsPath(); a database with a
// quarry_migrations table but no such source shows what it recorded (as "missing").
// Read-only mode disables applying.
//
//   auto *migrations = new MigrationPanel(context, dock);
//   dock->setVisible(migrations->hasMigrations());
//   connect(migrations, &MigrationPanel::hasMigrationsChanged, dock, &QWidget::setVisible);
//   connect(migrations, &MigrationPanel::migrationsApplied, window, &Window::reloadSchema);
class MigrationPanel : public QWidget {
    Q_OBJECT
public:
    // Asked before applying; true goes ahead. The default is a QMessageBox.
    using Confirmation =
        std::function<bool(const QString &question, const QString &details, QWidget *parent)>;

    explicit MigrationPanel(DatabaseContext *context, QWidget *parent = nullptr);
    ~MigrationPanel() override;

    // API
    // A migrations source is configured, or the database records migrations.
    bool hasMigrations() const;
    // The directory or resource the migrations are read from; empty when there is none.
    QString migrationsPath() const { return m_path; }
    QList<Quarry::MigrationStatus> status() const { return m_status; }
    // What "Apply pending" would apply, in order.
    QStringList pendingIds() const { return m_pending; }
    bool isBusy() const { return m_busy; }
    bool canApply() const;
    void setConfirmation(Confirmation confirmation);

public Q_SLOTS:
    // Reads the status again, in the background.
    void refresh();
    // Asks for confirmation, then applies every pending migration in the background.
    void applyPending();

Q_SIGNALS:
    void statusLoaded();
    void hasMigrationsChanged(bool hasMigrations);
    // After an upgrade (also a failed one: some migrations may have been applied).
    // Sessions, models and reflected entities opened before it may be out of date.
    void migrationsApplied(bool ok, const QString &error);

private:
    struct Snapshot;
    void showSnapshot(const Snapshot &snapshot);
    void updateButtons();
    void appendResult(const QString &line);

    std::unique_ptr<::Ui::MigrationPanel> const ui;
    DatabaseContext *m_context;
    BackgroundWorker *m_worker;
    std::unique_ptr<QTemporaryDir> m_emptyDirectory; // when only the table is there
    Confirmation m_confirmation;
    QString m_path;
    QList<Quarry::MigrationStatus> m_status;
    QStringList m_pending;
    QStringList m_pendingSql;
    QString m_statusError;
    bool m_hasTable = false;
    bool m_busy = false;
};

} // namespace QuarryBrowser
