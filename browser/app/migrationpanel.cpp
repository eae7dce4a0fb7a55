#include "migrationpanel.h"
#include "ui_migrationpanel.h"

#include "backgroundworker.h"
#include "databasecontext.h"

#include <quarry/migrator.h>

#include <QHeaderView>
#include <QMessageBox>
#include <QPointer>
#include <QSqlDatabase>
#include <QTemporaryDir>

#include <utility>

using namespace Qt::StringLiterals;

namespace QuarryBrowser {

namespace {
const QString migrationsTable = u"quarry_migrations"_s;

QColor stateColor(Quarry::MigrationStatus::State state)
{
    switch (state) {
    case Quarry::MigrationStatus::Applied:
        return QColor(0x1b, 0x7f, 0x3b);
    case Quarry::MigrationStatus::Pending:
        return QColor(0x1f, 0x5f, 0xbf);
    default:
        return QColor(0xc0, 0x30, 0x20);
    }
}
// "1 migration", "2 migrations": without a loaded translation tr()'s %n keeps "(s)".
QString migrations(qsizetype count)
{
    return count == 1 ? MigrationPanel::tr("1 migration")
                      : MigrationPanel::tr("%1 migrations").arg(count);
}
} // namespace

struct MigrationPanel::Snapshot {
    bool hasTable = false;
    QList<Quarry::MigrationStatus> status;
    QStringList pending;
    QStringList pendingSql;
    QString error;
};

MigrationPanel::MigrationPanel(DatabaseContext *context, QWidget *parent)
    : QWidget(parent), ui(std::make_unique<::Ui::MigrationPanel>()), m_context(context),
      m_worker(new BackgroundWorker(this))
{
    ui->setupUi(this);
    m_path = context->profile().migrations;
    if (m_path.isEmpty() && context->entityPlugin())
        m_path = context->entityPlugin()->migrationsPath();
    ui->migrationsView->header()->setStretchLastSection(true);
    ui->migrationsView->setColumnWidth(0, 220);
    ui->migrationsView->setColumnWidth(1, 90);
    ui->migrationsView->setColumnWidth(2, 170);
    ui->sourceLabel->setText(
        m_path.isEmpty()
            ? tr("No migrations folder for %1 (give one with --migrations): "
                 "showing what the database recorded.")
                  .arg(context->profile().displayUrl())
            : tr("Migrations in %1, for %2").arg(m_path, context->profile().displayUrl()));
    m_confirmation = [](const QString &question, const QString &details, QWidget *parent) {
        QMessageBox box(QMessageBox::Question, tr("Apply migrations"), question,
                        QMessageBox::Yes | QMessageBox::Cancel, parent);
        box.setDetailedText(details);
        box.setDefaultButton(QMessageBox::Cancel);
        return box.exec() == QMessageBox::Yes;
    };
    connect(ui->refreshButton, &QPushButton::clicked, this, &MigrationPanel::refresh);
    connect(ui->applyButton, &QPushButton::clicked, this, &MigrationPanel::applyPending);
    connect(context, &DatabaseContext::readOnlyChanged, this, &MigrationPanel::updateButtons);
    refresh();
}

MigrationPanel::~MigrationPanel()
{
    delete m_worker; // first: its callbacks use the members
}

bool MigrationPanel::hasMigrations() const
{
    return !m_path.isEmpty() || m_hasTable;
}

bool MigrationPanel::canApply() const
{
    return !m_busy && !m_context->isReadOnly() && !m_pending.isEmpty() && m_statusError.isEmpty();
}

void MigrationPanel::setConfirmation(Confirmation confirmation)
{
    m_confirmation = std::move(confirmation);
}

void MigrationPanel::refresh()
{
    if (m_busy)
        return; // the upgrade refreshes when it is done
    QString path = m_path;
    if (path.isEmpty()) {
        // Migrator wants a folder; an empty one shows every recorded migration as missing.
        if (!m_emptyDirectory)
            m_emptyDirectory = std::make_unique<QTemporaryDir>();
        path = m_emptyDirectory->path();
    }
    const bool hasSource = !m_path.isEmpty();
    ui->summaryLabel->setText(tr("Reading the migration status…"));
    m_worker->cancelAll();
    auto work = [database = m_context->database(), path, hasSource] {
        Snapshot snapshot;
        snapshot.hasTable = database.connection().tables().contains(migrationsTable);
        if (!hasSource && !snapshot.hasTable)
            return snapshot;
        Quarry::Migrator migrator(database, path);
        snapshot.status = migrator.status();
        if (!migrator.lastError()) {
            const QList<Quarry::Migration> pending = migrator.pending();
            for (const Quarry::Migration &migration : pending)
                snapshot.pending << migration.id();
            if (!pending.isEmpty())
                snapshot.pendingSql = migrator.upgradeSql(snapshot.pending.constLast());
        }
        if (migrator.lastError())
            snapshot.error = migrator.lastError().message();
        return snapshot;
    };
    m_worker->run(std::move(work), [this](const Snapshot &snapshot) { showSnapshot(snapshot); });
    updateButtons();
}

void MigrationPanel::showSnapshot(const Snapshot &snapshot)
{
    const bool had = hasMigrations();
    m_hasTable = snapshot.hasTable;
    m_status = snapshot.status;
    m_pending = snapshot.pending;
    m_pendingSql = snapshot.pendingSql;
    m_statusError = snapshot.error;

    ui->migrationsView->clear();
    int applied = 0;
    for (const Quarry::MigrationStatus &status : std::as_const(m_status)) {
        auto *item = new QTreeWidgetItem(ui->migrationsView);
        item->setText(0, status.id);
        item->setText(1, Quarry::MigrationStatus::stateName(status.state));
        item->setForeground(1, stateColor(status.state));
        if (status.appliedAt.isValid())
            item->setText(2, status.appliedAt.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s));
        item->setText(3, status.message);
        item->setToolTip(1, status.describe());
        applied += status.state == Quarry::MigrationStatus::Applied ? 1 : 0;
    }
    if (!m_statusError.isEmpty())
        ui->summaryLabel->setText(tr("Cannot apply: %1").arg(m_statusError));
    else if (!hasMigrations())
        ui->summaryLabel->setText(tr("This database has no migrations."));
    else if (m_pending.isEmpty())
        ui->summaryLabel->setText(tr("Up to date: %1 applied.").arg(migrations(applied)));
    else
        ui->summaryLabel->setText(
            tr("%1 pending, up to %2.").arg(migrations(m_pending.size()), m_pending.constLast()));
    updateButtons();
    if (had != hasMigrations())
        Q_EMIT hasMigrationsChanged(hasMigrations());
    Q_EMIT statusLoaded();
}

void MigrationPanel::updateButtons()
{
    ui->refreshButton->setEnabled(!m_busy);
    ui->applyButton->setEnabled(canApply());
    ui->applyButton->setToolTip(m_context->isReadOnly()
                                    ? tr("The database is open read-only: nothing can be applied.")
                                    : QString());
}

void MigrationPanel::appendResult(const QString &line)
{
    ui->resultView->appendPlainText(line);
}

void MigrationPanel::applyPending()
{
    if (!canApply())
        return;
    const QStringList pending = m_pending;
    const QString target = pending.constLast();
    QStringList lines;
    for (const Quarry::MigrationStatus &status : std::as_const(m_status)) {
        if (pending.contains(status.id))
            lines << u"  %1  %2"_s.arg(status.id, status.message);
    }
    const QString question =
        tr("Apply %1 to %2, up to %3?")
            .arg(pending.size() == 1 ? tr("1 pending migration")
                                     : tr("%1 pending migrations").arg(pending.size()),
                 m_context->profile().displayUrl(), target) +
        u"\n\n"_s + lines.join(u'\n') + u"\n\n"_s +
        tr("This changes the database's schema. \"Show Details\" lists the SQL.");
    if (!m_confirmation(question, m_pendingSql.join(u'\n'), this))
        return;

    m_busy = true;
    updateButtons();
    ui->resultView->clear();
    appendResult(tr("Applying %1…").arg(migrations(pending.size())));
    QPointer<MigrationPanel> self(this);
    auto work = [database = m_context->database(), path = m_path, target, self]() {
        Quarry::Migrator migrator(database, path);
        // Progress comes from the worker thread: hand each line over to the UI.
        migrator.setProgressHandler([self](const QString &line) {
            if (self) {
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, line] {
                        if (self)
                            self->appendResult(line);
                    },
                    Qt::QueuedConnection);
            }
        });
        const bool ok = migrator.upgrade(target);
        return std::make_pair(ok, ok ? QString() : migrator.lastError().toString());
    };
    m_worker->run(std::move(work), [this](const std::pair<bool, QString> &result) {
        m_busy = false;
        appendResult(result.first ? tr("Done: the database is up to date.")
                                  : tr("Failed: %1").arg(result.second));
        Q_EMIT migrationsApplied(result.first, result.second);
        refresh();
    });
}

} // namespace QuarryBrowser
