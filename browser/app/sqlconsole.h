#pragma once

#include <QElapsedTimer>
#include <QWidget>

#include <memory>

class QPlainTextEdit;
class QTableView;
class QTimer;

namespace Ui {
class SqlConsole;
}

namespace QuarryBrowser {

class DatabaseContext;
class SqlHistory;
class SqlResultModel;
class SqlRunner;
struct SqlOutcome;

// The SQL console: an editor, Run (Ctrl+Enter: the selection, else everything), Cancel,
// the rows in a grid that fills as it scrolls, and one line saying what happened
// ("12 rows in 35 ms", "3 rows affected", the error — whose place in the text is
// highlighted and gets the cursor). Statements run on a thread of their own (SqlRunner);
// the window never waits for them. History: Ctrl+Up / Ctrl+Down and the combo, kept per
// connection. In read-only mode only reading statements run (see run()).
class SqlConsole : public QWidget {
    Q_OBJECT
public:
    explicit SqlConsole(DatabaseContext *context, QWidget *parent = nullptr);
    ~SqlConsole() override;

    // --- API
    void setSql(const QString &sql);
    QString sql() const;
    bool isRunning() const;
    // The message line's text.
    QString message() const;
    SqlResultModel *resultModel() const;
    QPlainTextEdit *editor() const;
    QTableView *resultView() const;
    SqlHistory *history() const;

public Q_SLOTS:
    // Runs the selection, or the whole text. In read-only mode a statement whose first
    // keyword is not SELECT, WITH, EXPLAIN, PRAGMA, SHOW, VALUES, TABLE or DESCRIBE is
    // refused with a message, and the connection itself is read-only for the rest.
    void run();
    void cancel();

Q_SIGNALS:
    // After each run (not after the further chunks of rows).
    void finished(bool ok);
    // A statement other than a SELECT succeeded: open tables may be out of date.
    void dataModified();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onExecuted(const SqlOutcome &outcome);
    void onFetched(const SqlOutcome &outcome);
    void showError(const SqlOutcome &outcome);
    void showRowCount();
    void setRunning(bool running);
    void setMessage(const QString &text, bool error = false);
    void refreshHistoryCombo();
    void recallHistory(bool older);

    std::unique_ptr<::Ui::SqlConsole> ui; // ::Ui: another header declares QuarryBrowser::Ui
    DatabaseContext *m_context;
    SqlRunner *m_runner;
    SqlResultModel *m_model;
    std::unique_ptr<SqlHistory> m_history;
    QString m_runSql; // the text sent, and where it starts in the editor
    int m_runOffset = 0;
    qint64 m_runMs = 0;
    QTimer *m_runningTimer; // ticks "Running… 3 s" while a statement runs
    QElapsedTimer m_runningFor;
};

} // namespace QuarryBrowser
