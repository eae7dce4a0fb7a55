#pragma once

#include "importer.h"

#include <QDialog>
#include <QList>

#include <memory>

class QComboBox;
class QPushButton;

namespace Ui {
class ImportDialog;
}

namespace QuarryBrowser {

class DatabaseContext;

// Imports a CSV file into a table: the file and its options (delimiter, header row,
// encoding), a preview of the first 20 rows, and per CSV column the property it goes to
// (matched by name or label, or skipped). Import runs in the background in one
// transaction (Importer); a bad value names its line and column and imports nothing.
class ImportDialog : public QDialog {
    Q_OBJECT
public:
    ImportDialog(DatabaseContext *context, const QString &entity, QWidget *parent = nullptr);
    ~ImportDialog() override;

    // --- API
    void setFileName(const QString &fileName);
    void setDelimiter(QChar delimiter);
    void setHasHeader(bool hasHeader);
    // Per CSV column: the property it goes to, or empty (skipped).
    QStringList mapping() const;
    void setMapping(int csvColumn, const QString &property);
    ImportRequest request() const;
    Importer *importer() const { return m_importer; }
    QString status() const;

public Q_SLOTS:
    void startImport();
    void cancelImport();

Q_SIGNALS:
    void imported(const QString &entity, qint64 rows);

protected:
    void reject() override;

private:
    void browse();
    void loadPreview();
    void fillMapping(const QStringList &header, const QList<QStringList> &rows);
    void onFinished(bool ok, const QString &message, qint64 rows);
    void setRunning(bool running);
    void updateImportButton();
    QChar delimiter() const;

    std::unique_ptr<::Ui::ImportDialog> ui; // ::Ui: another header declares QuarryBrowser::Ui
    DatabaseContext *m_context;
    Importer *m_importer;
    QPushButton *m_importButton;
    QList<QComboBox *> m_targets; // per CSV column
};

} // namespace QuarryBrowser
