#pragma once

#include "exporter.h"

#include <QDialog>

#include <memory>

class QPushButton;

namespace Ui {
class ExportDialog;
}

namespace QuarryBrowser {

class DatabaseContext;

// Exports the current view of a table (ExportRequest::fromModel) to CSV or JSON: pick
// the file and format, Export, watch the progress; Cancel stops and leaves no file.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(DatabaseContext *context, const ExportRequest &request, QWidget *parent = nullptr);
    ~ExportDialog() override;

    // --- API
    void setFileName(const QString &fileName);
    void setFormat(ExportRequest::Format format);
    // What Export will write: the view, with the dialog's file and format.
    ExportRequest request() const;
    Exporter *exporter() const { return m_exporter; }
    QString status() const;

public Q_SLOTS:
    void startExport();
    void cancelExport();

Q_SIGNALS:
    void exported(const QString &fileName, qint64 rows);

protected:
    void reject() override;

private:
    void browse();
    void onFinished(bool ok, const QString &message, qint64 rows);
    void setRunning(bool running);
    QString describe() const;

    std::unique_ptr<::Ui::ExportDialog> ui; // ::Ui: another header declares QuarryBrowser::Ui
    DatabaseContext *m_context;
    ExportRequest m_request;
    Exporter *m_exporter;
    QPushButton *m_exportButton;
};

} // namespace QuarryBrowser
