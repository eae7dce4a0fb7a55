#include "importdialog.h"
#include "ui_importdialog.h"

#include "csvreader.h"
#include "databasecontext.h"

#include <quarry/entityinfo.h>
#include <quarry/propertyinfo.h>

#include <QComboBox>
#include <QFileDialog>
#include <QHeaderView>
#include <QPushButton>

namespace QuarryBrowser {

namespace {
constexpr int previewRows = 20;
}

ImportDialog::ImportDialog(DatabaseContext *context, const QString &entity, QWidget *parent)
    : QDialog(parent), ui(std::make_unique<::Ui::ImportDialog>()), m_context(context),
      m_importer(new Importer(context->database(), this))
{
    ui->setupUi(this);
    m_importButton = ui->buttonBox->addButton(tr("&Import"), QDialogButtonBox::ActionRole);
    m_importButton->setDefault(true);
    ui->progressBar->setVisible(false);
    ui->entityCombo->addItems(context->entityNames());
    ui->entityCombo->setCurrentText(entity);
    ui->mappingTable->setColumnCount(3);
    ui->mappingTable->setHorizontalHeaderLabels(
        {tr("CSV column"), tr("First value"), tr("Goes to")});
    ui->mappingTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    ui->mappingTable->verticalHeader()->setVisible(false);

    connect(m_importButton, &QPushButton::clicked, this, &ImportDialog::startImport);
    connect(ui->buttonBox, &QDialogButtonBox::rejected, this, &ImportDialog::reject);
    connect(ui->browseButton, &QPushButton::clicked, this, &ImportDialog::browse);
    connect(ui->fileEdit, &QLineEdit::editingFinished, this, &ImportDialog::loadPreview);
    connect(ui->delimiterCombo, &QComboBox::currentIndexChanged, this, &ImportDialog::loadPreview);
    connect(ui->encodingCombo, &QComboBox::currentIndexChanged, this, &ImportDialog::loadPreview);
    connect(ui->headerCheck, &QCheckBox::toggled, this, &ImportDialog::loadPreview);
    connect(ui->entityCombo, &QComboBox::currentTextChanged, this, &ImportDialog::loadPreview);
    connect(m_context, &DatabaseContext::readOnlyChanged, this, &ImportDialog::updateImportButton);
    connect(m_importer, &Importer::progress, this, [this](qint64 rows, int percent) {
        ui->progressBar->setValue(percent);
        ui->statusLabel->setText(tr("%1 rows read…").arg(rows));
    });
    connect(m_importer, &Importer::finished, this, &ImportDialog::onFinished);
    updateImportButton();
}

ImportDialog::~ImportDialog() = default;

void ImportDialog::setFileName(const QString &fileName)
{
    ui->fileEdit->setText(fileName);
    loadPreview();
}

void ImportDialog::setDelimiter(QChar delimiter)
{
    ui->delimiterCombo->setCurrentIndex(delimiter == u';' ? 1 : delimiter == u'\t' ? 2 : 0);
}

void ImportDialog::setHasHeader(bool hasHeader)
{
    ui->headerCheck->setChecked(hasHeader);
}

QChar ImportDialog::delimiter() const
{
    switch (ui->delimiterCombo->currentIndex()) {
    case 1:
        return u';';
    case 2:
        return u'\t';
    default:
        return u',';
    }
}

QStringList ImportDialog::mapping() const
{
    QStringList mapping;
    for (const QComboBox *combo : m_targets)
        mapping.append(combo->currentData().toString());
    return mapping;
}

void ImportDialog::setMapping(int csvColumn, const QString &property)
{
    if (csvColumn < 0 || csvColumn >= m_targets.size())
        return;
    QComboBox *combo = m_targets.at(csvColumn);
    combo->setCurrentIndex(qMax(0, combo->findData(property)));
}

ImportRequest ImportDialog::request() const
{
    ImportRequest request;
    request.entity = ui->entityCombo->currentText();
    request.fileName = ui->fileEdit->text().trimmed();
    request.delimiter = delimiter();
    request.hasHeader = ui->headerCheck->isChecked();
    request.encoding =
        ui->encodingCombo->currentIndex() == 1 ? QStringConverter::Latin1 : QStringConverter::Utf8;
    request.mapping = mapping();
    return request;
}

QString ImportDialog::status() const
{
    return ui->statusLabel->text();
}

void ImportDialog::browse()
{
    const QString fileName =
        QFileDialog::getOpenFileName(this, tr("Import CSV"), ui->fileEdit->text(),
                                     tr("CSV files (*.csv *.tsv *.txt);;All files (*)"));
    if (!fileName.isEmpty())
        setFileName(fileName);
}

void ImportDialog::loadPreview()
{
    const ImportRequest request = this->request();
    ui->previewTable->clear();
    ui->previewTable->setRowCount(0);
    ui->previewTable->setColumnCount(0);
    if (request.fileName.isEmpty()) {
        fillMapping({}, {});
        return;
    }
    QString error;
    QList<QStringList> rows =
        CsvReader::readFile(request.fileName, request.delimiter,
                            previewRows + (request.hasHeader ? 1 : 0), &error, request.encoding);
    ui->statusLabel->setText(error);
    int columns = 0;
    for (const QStringList &row : std::as_const(rows))
        columns = qMax(columns, int(row.size()));
    QStringList header;
    if (request.hasHeader && !rows.isEmpty())
        header = rows.takeFirst();
    for (int i = header.size(); i < columns; ++i)
        header.append(tr("Column %1").arg(i + 1));
    ui->previewTable->setColumnCount(columns);
    ui->previewTable->setHorizontalHeaderLabels(header);
    ui->previewTable->setRowCount(int(rows.size()));
    for (int row = 0; row < rows.size(); ++row)
        for (int column = 0; column < rows.at(row).size(); ++column) {
            const QString value = rows.at(row).at(column);
            auto *item = new QTableWidgetItem(value.isNull() ? QStringLiteral("NULL") : value);
            if (value.isNull())
                item->setForeground(palette().brush(QPalette::Disabled, QPalette::Text));
            ui->previewTable->setItem(row, column, item);
        }
    ui->previewTable->resizeColumnsToContents();
    fillMapping(header, rows);
}

void ImportDialog::fillMapping(const QStringList &header, const QList<QStringList> &rows)
{
    m_targets.clear();
    ui->mappingTable->setRowCount(int(header.size()));
    const Quarry::EntityInfo *entity = m_context->entity(ui->entityCombo->currentText());
    const QStringList guessed = entity && ui->headerCheck->isChecked()
                                    ? Importer::guessMapping(entity, header)
                                    : QStringList();
    for (int column = 0; column < header.size(); ++column) {
        ui->mappingTable->setItem(column, 0, new QTableWidgetItem(header.at(column)));
        ui->mappingTable->setItem(
            column, 1,
            new QTableWidgetItem(rows.isEmpty() ? QString() : rows.first().value(column)));
        auto *combo = new QComboBox;
        combo->addItem(tr("(skip)"), QString());
        if (entity)
            for (const Quarry::PropertyInfo &property : entity->properties())
                combo->addItem(property.label() == property.name()
                                   ? property.name()
                                   : tr("%1 (%2)").arg(property.label(), property.name()),
                               property.name());
        combo->setCurrentIndex(qMax(0, combo->findData(guessed.value(column))));
        connect(combo, &QComboBox::currentIndexChanged, this, &ImportDialog::updateImportButton);
        ui->mappingTable->setCellWidget(column, 2, combo);
        m_targets.append(combo);
    }
    updateImportButton();
}

void ImportDialog::updateImportButton()
{
    const QStringList targets = mapping();
    const bool anyMapped = std::any_of(targets.cbegin(), targets.cend(),
                                       [](const QString &target) { return !target.isEmpty(); });
    m_importButton->setEnabled(!m_importer->isRunning() && anyMapped && !m_context->isReadOnly());
    if (m_context->isReadOnly())
        m_importButton->setToolTip(tr("The connection is read-only."));
    else if (!anyMapped)
        m_importButton->setToolTip(tr("Map at least one CSV column to a property."));
    else
        m_importButton->setToolTip({});
}

void ImportDialog::startImport()
{
    if (m_importer->isRunning())
        return;
    if (m_context->isReadOnly()) {
        ui->statusLabel->setText(tr("The connection is read-only: nothing can be imported."));
        return;
    }
    ui->progressBar->setRange(0, 100);
    ui->progressBar->setValue(0);
    ui->progressBar->setVisible(true);
    ui->statusLabel->setText(tr("Importing…"));
    setRunning(true);
    m_importer->start(request());
}

void ImportDialog::cancelImport()
{
    if (!m_importer->isRunning())
        return;
    ui->statusLabel->setText(tr("Cancelling…"));
    m_importer->cancel();
}

void ImportDialog::reject()
{
    if (m_importer->isRunning()) {
        cancelImport();
        return;
    }
    QDialog::reject();
}

void ImportDialog::onFinished(bool ok, const QString &message, qint64 rows)
{
    setRunning(false);
    ui->statusLabel->setText(message);
    ui->statusLabel->setStyleSheet(ok ? QString() : QStringLiteral("color: #b00000;"));
    if (ok)
        Q_EMIT imported(ui->entityCombo->currentText(), rows);
    else
        ui->progressBar->setVisible(false);
}

void ImportDialog::setRunning(bool running)
{
    for (QWidget *widget :
         {static_cast<QWidget *>(ui->entityCombo), static_cast<QWidget *>(ui->fileEdit),
          static_cast<QWidget *>(ui->browseButton), static_cast<QWidget *>(ui->delimiterCombo),
          static_cast<QWidget *>(ui->encodingCombo), static_cast<QWidget *>(ui->headerCheck),
          static_cast<QWidget *>(ui->mappingTable)})
        widget->setEnabled(!running);
    ui->buttonBox->button(QDialogButtonBox::Close)->setText(running ? tr("&Cancel") : tr("&Close"));
    updateImportButton();
}

} // namespace QuarryBrowser
