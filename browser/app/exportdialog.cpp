#include "exportdialog.h"
#include "ui_exportdialog.h"

#include "databasecontext.h"

#include <quarry/entityinfo.h>
#include <quarry/propertyinfo.h>

#include <QDir>
#include <QFileDialog>
#include <QPushButton>

namespace QuarryBrowser {

ExportDialog::ExportDialog(DatabaseContext *context, const ExportRequest &request, QWidget *parent)
    : QDialog(parent), ui(std::make_unique<::Ui::ExportDialog>()), m_context(context),
      m_request(request), m_exporter(new Exporter(context->database(), this))
{
    ui->setupUi(this);
    setWindowTitle(tr("Export %1").arg(request.entity));
    m_exportButton = ui->buttonBox->addButton(tr("&Export"), QDialogButtonBox::ActionRole);
    m_exportButton->setDefault(true);
    ui->summaryLabel->setText(describe());
    ui->progressBar->setRange(0, 1);
    ui->progressBar->setValue(0);
    ui->progressBar->setVisible(false);
    setFormat(request.format);
    if (request.fileName.isEmpty()) {
        const auto *entity = context->entity(request.entity);
        const QString base = entity ? entity->tableName() : request.entity;
        setFileName(QDir::home().filePath(base + QStringLiteral(".csv")));
    } else {
        setFileName(request.fileName);
    }
    connect(m_exportButton, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(ui->buttonBox, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    connect(ui->browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(ui->formatCombo, &QComboBox::activated, this, [this](int index) {
        // Keep the extension in step with the format.
        QString name = ui->fileEdit->text();
        const QString wanted = index == 1 ? QStringLiteral(".json") : QStringLiteral(".csv");
        const int dot = name.lastIndexOf(u'.');
        if (dot > name.lastIndexOf(u'/'))
            name.truncate(dot);
        ui->fileEdit->setText(name + wanted);
    });
    connect(m_exporter, &Exporter::progress, this, [this](qint64 done, qint64 total) {
        // QProgressBar takes ints; a view of more than 2^31 rows is scaled.
        const int scale = total > std::numeric_limits<int>::max() ? 1000 : 1;
        ui->progressBar->setRange(0, int(qMax<qint64>(1, total / scale)));
        ui->progressBar->setValue(int(done / scale));
        ui->statusLabel->setText(tr("Writing %1 of %2 rows…").arg(done).arg(total));
    });
    connect(m_exporter, &Exporter::finished, this, &ExportDialog::onFinished);
}

ExportDialog::~ExportDialog() = default;

QString ExportDialog::describe() const
{
    const Quarry::EntityInfo *entity = m_context->entity(m_request.entity);
    QStringList parts;
    parts.append(entity ? tr("%1 (table %2)").arg(entity->className(), entity->tableName())
                        : m_request.entity);
    if (!m_request.condition.isEmpty())
        parts.append(tr("filtered"));
    if (!m_request.search.trimmed().isEmpty())
        parts.append(tr("search “%1”").arg(m_request.search.trimmed()));
    for (const auto &term : m_request.order) {
        const Quarry::PropertyInfo *property = entity ? entity->property(term.first) : nullptr;
        parts.append(
            tr("sorted by %1 %2")
                .arg(property ? property->label() : term.first,
                     term.second == Qt::AscendingOrder ? tr("ascending") : tr("descending")));
    }
    const int columns = m_request.columns.isEmpty() && entity ? int(entity->properties().size())
                                                              : int(m_request.columns.size());
    parts.append(columns == 1 ? tr("1 column") : tr("%1 columns").arg(columns));
    return parts.join(QStringLiteral(", "));
}

void ExportDialog::setFileName(const QString &fileName)
{
    ui->fileEdit->setText(fileName);
    if (fileName.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive))
        ui->formatCombo->setCurrentIndex(1);
    else if (fileName.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive))
        ui->formatCombo->setCurrentIndex(0);
}

void ExportDialog::setFormat(ExportRequest::Format format)
{
    ui->formatCombo->setCurrentIndex(format == ExportRequest::Format::Json ? 1 : 0);
}

ExportRequest ExportDialog::request() const
{
    ExportRequest request = m_request;
    request.fileName = ui->fileEdit->text().trimmed();
    request.format = ui->formatCombo->currentIndex() == 1 ? ExportRequest::Format::Json
                                                          : ExportRequest::Format::Csv;
    return request;
}

QString ExportDialog::status() const
{
    return ui->statusLabel->text();
}

void ExportDialog::browse()
{
    const bool json = ui->formatCombo->currentIndex() == 1;
    const QString fileName =
        QFileDialog::getSaveFileName(this, tr("Export to"), ui->fileEdit->text(),
                                     json ? tr("JSON files (*.json)") : tr("CSV files (*.csv)"));
    if (!fileName.isEmpty())
        setFileName(fileName);
}

void ExportDialog::startExport()
{
    if (m_exporter->isRunning())
        return;
    const ExportRequest request = this->request();
    if (request.fileName.isEmpty()) {
        ui->statusLabel->setText(tr("Choose a file to export to."));
        return;
    }
    ui->progressBar->setRange(0, 0); // counting
    ui->progressBar->setVisible(true);
    ui->statusLabel->setText(tr("Counting rows…"));
    setRunning(true);
    m_exporter->start(request);
}

void ExportDialog::cancelExport()
{
    if (!m_exporter->isRunning())
        return;
    ui->statusLabel->setText(tr("Cancelling…"));
    m_exporter->cancel();
}

void ExportDialog::reject()
{
    // Escape and the Cancel button stop a running export; the dialog stays to say so.
    if (m_exporter->isRunning()) {
        cancelExport();
        return;
    }
    QDialog::reject();
}

void ExportDialog::onFinished(bool ok, const QString &message, qint64 rows)
{
    setRunning(false);
    ui->statusLabel->setText(message);
    if (!ok) {
        ui->progressBar->setVisible(false);
        return;
    }
    ui->progressBar->setRange(0, int(qMin<qint64>(rows, std::numeric_limits<int>::max())));
    ui->progressBar->setValue(ui->progressBar->maximum());
    Q_EMIT exported(request().fileName, rows);
}

void ExportDialog::setRunning(bool running)
{
    m_exportButton->setEnabled(!running);
    ui->fileEdit->setEnabled(!running);
    ui->browseButton->setEnabled(!running);
    ui->formatCombo->setEnabled(!running);
    QPushButton *close = ui->buttonBox->button(QDialogButtonBox::Close);
    close->setText(running ? tr("&Cancel") : tr("&Close"));
}

} // namespace QuarryBrowser
