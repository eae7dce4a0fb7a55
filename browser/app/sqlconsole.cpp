#include "sqlconsole.h"
#include "ui_sqlconsole.h"

#include "databasecontext.h"
#include "sqlerrorposition.h"
#include "sqlhistory.h"
#include "sqlresultmodel.h"
#include "sqlrunner.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QKeyEvent>
#include <QShortcut>
#include <QTextBlock>
#include <QTimer>

namespace QuarryBrowser {

namespace {

// "1 row", "12 rows" (the %n plural forms need a translation loaded to read well).
QString rowsText(qint64 rows)
{
    return rows == 1 ? SqlConsole::tr("1 row") : SqlConsole::tr("%1 rows").arg(rows);
}

} // namespace

SqlConsole::SqlConsole(DatabaseContext *context, QWidget *parent)
    : QWidget(parent), ui(std::make_unique<::Ui::SqlConsole>()), m_context(context),
      m_runner(new SqlRunner(context->database(), this)), m_model(new SqlResultModel(this)),
      m_history(std::make_unique<SqlHistory>(context->database().url())),
      m_runningTimer(new QTimer(this))
{
    m_runningTimer->setInterval(1000);
    connect(m_runningTimer, &QTimer::timeout, this, [this] {
        if (!ui->messageLabel->text().startsWith(tr("Cancelling")))
            setMessage(tr("Running… %1 s").arg(m_runningFor.elapsed() / 1000));
    });
    ui->setupUi(this);
    ui->editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    ui->editor->installEventFilter(this);
    ui->resultView->setModel(m_model);
    ui->resultView->horizontalHeader()->setDefaultSectionSize(120);
    ui->resultView->verticalHeader()->setDefaultSectionSize(ui->resultView->fontMetrics().height() +
                                                            6);
    ui->splitter->setStretchFactor(0, 1);
    ui->splitter->setStretchFactor(1, 2);
    ui->runButton->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    auto *enter = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), this);
    enter->setContext(Qt::WidgetWithChildrenShortcut);
    connect(enter, &QShortcut::activated, this, &SqlConsole::run);

    connect(ui->runButton, &QPushButton::clicked, this, &SqlConsole::run);
    connect(ui->cancelButton, &QPushButton::clicked, this, &SqlConsole::cancel);
    connect(ui->historyCombo, &QComboBox::activated, this, [this](int index) {
        setSql(ui->historyCombo->itemData(index).toString());
        ui->historyCombo->setCurrentIndex(-1);
        ui->editor->setFocus();
    });
    connect(ui->editor, &QPlainTextEdit::textChanged, this,
            [this] { ui->editor->setExtraSelections({}); });
    connect(m_runner, &SqlRunner::executed, this, &SqlConsole::onExecuted);
    connect(m_runner, &SqlRunner::fetched, this, &SqlConsole::onFetched);
    connect(m_model, &SqlResultModel::moreRowsWanted, m_runner, &SqlRunner::fetchMore);
    refreshHistoryCombo();
    setMessage(tr("Ctrl+Enter runs the selection, or the whole text."));
}

SqlConsole::~SqlConsole() = default;

void SqlConsole::setSql(const QString &sql)
{
    ui->editor->setPlainText(sql);
    ui->editor->moveCursor(QTextCursor::End);
}

QString SqlConsole::sql() const
{
    return ui->editor->toPlainText();
}

bool SqlConsole::isRunning() const
{
    return m_runner->isBusy();
}

QString SqlConsole::message() const
{
    return ui->messageLabel->text();
}

SqlResultModel *SqlConsole::resultModel() const
{
    return m_model;
}

QPlainTextEdit *SqlConsole::editor() const
{
    return ui->editor;
}

QTableView *SqlConsole::resultView() const
{
    return ui->resultView;
}

SqlHistory *SqlConsole::history() const
{
    return m_history.get();
}

void SqlConsole::run()
{
    if (m_runner->isBusy())
        return;
    const QTextCursor cursor = ui->editor->textCursor();
    QString statement = cursor.hasSelection() ? cursor.selectedText() : sql();
    // selectedText() separates paragraphs with U+2029; one character each, so offsets hold.
    statement.replace(QChar::ParagraphSeparator, u'\n');
    const int offset = cursor.hasSelection() ? cursor.selectionStart() : 0;
    if (statement.trimmed().isEmpty()) {
        setMessage(tr("Nothing to run: write a statement first."));
        return;
    }
    QString keyword;
    const bool readOnly = m_context->isReadOnly();
    if (readOnly && !SqlRunner::isReadOnlyStatement(statement, &keyword)) {
        setMessage(tr("Read-only mode: only SELECT, WITH, EXPLAIN, PRAGMA, SHOW, VALUES, TABLE "
                      "and DESCRIBE statements run. This %1 statement was refused and not sent.")
                       .arg(keyword.isEmpty() ? tr("unrecognised") : keyword),
                   true);
        Q_EMIT finished(false);
        return;
    }
    ui->editor->setExtraSelections({});
    m_history->add(statement);
    refreshHistoryCombo();
    m_runSql = statement;
    m_runOffset = offset;
    m_model->clear();
    setMessage(tr("Running…"));
    setRunning(true);
    m_runner->execute(statement, readOnly);
}

void SqlConsole::cancel()
{
    if (!m_runner->isBusy())
        return;
    setMessage(tr("Cancelling…"));
    m_runner->cancel();
}

void SqlConsole::onExecuted(const SqlOutcome &outcome)
{
    setRunning(false);
    m_runMs = outcome.elapsedMs;
    if (!outcome.ok) {
        m_model->clear();
        showError(outcome);
        Q_EMIT finished(false);
        return;
    }
    if (outcome.isSelect) {
        m_model->reset(outcome.columns, outcome.atEnd);
        m_model->appendRows(outcome.rows, outcome.atEnd);
        ui->resultView->resizeColumnsToContents();
        showRowCount();
    } else {
        m_model->clear();
        setMessage(outcome.rowsAffected >= 0 ? tr("%1 affected in %2 ms")
                                                   .arg(rowsText(outcome.rowsAffected))
                                                   .arg(outcome.elapsedMs)
                                             : tr("Done in %1 ms").arg(outcome.elapsedMs));
        Q_EMIT dataModified();
    }
    Q_EMIT finished(true);
}

void SqlConsole::onFetched(const SqlOutcome &outcome)
{
    setRunning(false);
    if (!outcome.ok) {
        m_model->abortFetching();
        showError(outcome);
        return;
    }
    m_runMs += outcome.elapsedMs;
    m_model->appendRows(outcome.rows, outcome.atEnd);
    showRowCount();
}

void SqlConsole::showRowCount()
{
    const int rows = m_model->rowCount();
    if (m_model->isComplete())
        setMessage(tr("%1 in %2 ms").arg(rowsText(rows)).arg(m_runMs));
    else
        setMessage(
            tr("First %1 in %2 ms; more load as you scroll.").arg(rowsText(rows)).arg(m_runMs));
}

void SqlConsole::showError(const SqlOutcome &outcome)
{
    if (outcome.cancelled) {
        setMessage(tr("Cancelled: the statement was stopped. %1").arg(outcome.errorText.trimmed()),
                   true);
        return;
    }
    const SqlErrorPosition position =
        outcome.errorOffset >= 0 ? SqlErrorPosition::fromOffset(m_runSql, outcome.errorOffset)
                                 : SqlErrorPosition::locate(m_context->database().backend(),
                                                            m_runSql, outcome.errorText);
    QString text = outcome.errorText.trimmed();
    if (position.isValid()) {
        QTextCursor cursor(ui->editor->document());
        cursor.setPosition(m_runOffset + position.offset);
        const QTextBlock block = cursor.block();
        text = tr("%1 (line %2, column %3)")
                   .arg(text.section(u'\n', 0, 0), QString::number(block.blockNumber() + 1),
                        QString::number(cursor.positionInBlock() + 1));
        ui->editor->setTextCursor(cursor);
        cursor.setPosition(m_runOffset + position.offset + position.length,
                           QTextCursor::KeepAnchor);
        QTextEdit::ExtraSelection selection;
        selection.cursor = cursor;
        selection.format.setBackground(QColor(255, 205, 205));
        selection.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        selection.format.setUnderlineColor(Qt::red);
        ui->editor->setExtraSelections({selection});
    }
    setMessage(tr("Error: %1").arg(text), true);
}

void SqlConsole::setRunning(bool running)
{
    if (running) {
        m_runningFor.start();
        m_runningTimer->start();
    } else {
        m_runningTimer->stop();
    }
    ui->runButton->setEnabled(!running);
    ui->cancelButton->setEnabled(running);
}

void SqlConsole::setMessage(const QString &text, bool error)
{
    ui->messageLabel->setText(text);
    ui->messageLabel->setStyleSheet(error ? QStringLiteral("color: #b00000;") : QString());
}

void SqlConsole::refreshHistoryCombo()
{
    ui->historyCombo->clear();
    const QStringList entries = m_history->entries();
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        QString label = it->simplified();
        if (label.size() > 100)
            label = label.left(100) + QChar(0x2026);
        ui->historyCombo->addItem(label, *it);
        ui->historyCombo->setItemData(ui->historyCombo->count() - 1, *it, Qt::ToolTipRole);
    }
    ui->historyCombo->setPlaceholderText(
        entries.size() == 1 ? tr("1 statement") : tr("%1 statements").arg(entries.size()));
    ui->historyCombo->setCurrentIndex(-1);
}

void SqlConsole::recallHistory(bool older)
{
    const QString text = older ? m_history->older(sql()) : m_history->newer();
    if (!text.isNull())
        setSql(text);
}

bool SqlConsole::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == ui->editor && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->modifiers() == Qt::ControlModifier) {
            switch (key->key()) {
            case Qt::Key_Up:
                recallHistory(true);
                return true;
            case Qt::Key_Down:
                recallHistory(false);
                return true;
            case Qt::Key_Return:
            case Qt::Key_Enter:
                run();
                return true;
            default:
                break;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace QuarryBrowser
