#pragma once

// The example's window: a QTableView over a QueryModel, with a search box, an "active
// only" filter, header-click sorting, editing, Add/Delete, Submit/Revert, and a banner
// that says why the database refused a submit (the edits stay, ready to be fixed).

#include <quarry/querymodel.h>
#include <quarry/session.h>

#include <QMainWindow>
#include <QTimer>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const Quarry::Database &database, QWidget *parent = nullptr);
    // Counts and reads windows in a worker thread (QueryModel::setBackgroundLoading):
    // rows not read yet show "loading…".
    void setBackgroundLoading(bool on) { m_model.setBackgroundLoading(on); }
    ~MainWindow() override;

    Quarry::QueryModel *model() { return &m_model; }
    QTableView *view() const { return m_view; }

private:
    QWidget *createToolBar();
    void setUpView();
    void applySearch();
    void setActiveOnly(bool activeOnly);
    void addContact();
    void removeSelected();
    void submit();
    void revert();
    void showError(const Quarry::Error &error);
    void updateStatus();

    // The session outlives the model, which outlives nothing else: members are destroyed
    // in reverse order, before the child widgets.
    Quarry::Session m_session;
    Quarry::QueryModel m_model;
    QTimer m_searchDelay;
    QLineEdit *m_search = nullptr;
    QCheckBox *m_activeOnly = nullptr;
    QPushButton *m_submit = nullptr;
    QPushButton *m_revert = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_status = nullptr;
    QTableView *m_view = nullptr;
};
