#include "valueviewerdialog.h"

#include "ui_valueviewerdialog.h"

#include <QFontDatabase>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QPushButton>
#include <QRegularExpression>

namespace QuarryBrowser {

namespace {
constexpr int bytesPerLine = 16;
}

ValueViewerDialog::ValueViewerDialog(QWidget *parent)
    : QDialog(parent), ui(std::make_unique<::Ui::ValueViewerDialog>())
{
    ui->setupUi(this);
    ui->editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    ui->problemLabel->hide();
    connect(ui->buttons, &QDialogButtonBox::accepted, this, &ValueViewerDialog::accept);
    connect(ui->buttons, &QDialogButtonBox::rejected, this, &ValueViewerDialog::reject);
    connect(ui->formatButton, &QPushButton::clicked, this, &ValueViewerDialog::formatJson);
    connect(ui->editor, &QPlainTextEdit::textChanged, ui->problemLabel, &QLabel::hide);
}

ValueViewerDialog::~ValueViewerDialog() = default;

void ValueViewerDialog::setValue(const QVariant &value, Kind kind)
{
    m_kind = kind;
    const bool null = value.isNull() || !value.isValid();
    ui->editor->setPlaceholderText(null ? QStringLiteral("NULL") : QString());
    ui->formatButton->setVisible(kind == Kind::Json);
    QString text;
    switch (kind) {
    case Kind::Text:
        text = value.toString();
        ui->kindLabel->setText(tr("Text, %n character(s)", nullptr, int(text.size())));
        break;
    case Kind::Bytes: {
        const QByteArray bytes = value.toByteArray();
        text = hexDump(bytes);
        ui->kindLabel->setText(tr("%n byte(s), hex dump", nullptr, int(bytes.size())));
        break;
    }
    case Kind::Json: {
        const QJsonDocument document = QJsonDocument::fromJson(value.toString().toUtf8());
        text = document.isNull() ? value.toString()
                                 : QString::fromUtf8(document.toJson(QJsonDocument::Indented));
        ui->kindLabel->setText(tr("JSON"));
        break;
    }
    }
    if (null)
        ui->kindLabel->setText(ui->kindLabel->text() + tr(" (NULL)"));
    ui->editor->setPlainText(text);
}

void ValueViewerDialog::setReadOnly(bool readOnly)
{
    ui->editor->setReadOnly(readOnly);
    ui->formatButton->setEnabled(!readOnly);
    ui->buttons->setStandardButtons(readOnly ? QDialogButtonBox::Close
                                             : QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
}

bool ValueViewerDialog::isReadOnly() const
{
    return ui->editor->isReadOnly();
}

QString ValueViewerDialog::text() const
{
    return ui->editor->toPlainText();
}

void ValueViewerDialog::setText(const QString &text)
{
    ui->editor->setPlainText(text);
}

QVariant ValueViewerDialog::value(QString *problem) const
{
    const QString current = text();
    switch (m_kind) {
    case Kind::Text:
        return current;
    case Kind::Bytes: {
        const std::optional<QByteArray> bytes = parseHexDump(current, problem);
        return bytes ? QVariant(*bytes) : QVariant();
    }
    case Kind::Json: {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(current.toUtf8(), &error);
        if (document.isNull()) {
            if (problem) {
                // The offset counts bytes; the user wants a line and a column.
                const QByteArray before = current.toUtf8().left(error.offset);
                const int line = int(before.count('\n')) + 1;
                const int column = int(before.size() - before.lastIndexOf('\n'));
                *problem = tr("Not valid JSON (line %1, column %2): %3")
                               .arg(line)
                               .arg(column)
                               .arg(error.errorString());
            }
            return {};
        }
        return QString::fromUtf8(document.toJson(QJsonDocument::Compact));
    }
    }
    return {};
}

QString ValueViewerDialog::problem() const
{
    return ui->problemLabel->isHidden() ? QString() : ui->problemLabel->text();
}

void ValueViewerDialog::accept()
{
    if (isReadOnly()) {
        QDialog::reject();
        return;
    }
    QString why;
    if (!value(&why).isValid()) {
        showProblem(why);
        return;
    }
    QDialog::accept();
}

void ValueViewerDialog::showProblem(const QString &problem)
{
    ui->problemLabel->setText(problem);
    ui->problemLabel->show();
}

void ValueViewerDialog::formatJson()
{
    QString why;
    const QVariant compact = value(&why);
    if (!compact.isValid()) {
        showProblem(why);
        return;
    }
    setText(QString::fromUtf8(
        QJsonDocument::fromJson(compact.toString().toUtf8()).toJson(QJsonDocument::Indented)));
}

QString ValueViewerDialog::hexDump(const QByteArray &bytes)
{
    QStringList lines;
    for (qsizetype offset = 0; offset < bytes.size(); offset += bytesPerLine) {
        const QByteArray chunk = bytes.mid(offset, bytesPerLine);
        QString hex = QString::fromLatin1(chunk.toHex(' '));
        hex = hex.leftJustified(bytesPerLine * 3 - 1, QLatin1Char(' '));
        QString printable;
        for (char byte : chunk)
            printable += (byte >= 0x20 && byte < 0x7f) ? QLatin1Char(byte) : QLatin1Char('.');
        lines.append(QStringLiteral("%1  %2  |%3|")
                         .arg(offset, 8, 16, QLatin1Char('0'))
                         .arg(hex, printable));
    }
    return lines.join(QLatin1Char('\n'));
}

std::optional<QByteArray> ValueViewerDialog::parseHexDump(const QString &text, QString *problem)
{
    static const QRegularExpression offset(QStringLiteral(R"(^\s*[0-9a-fA-F]{8}\s{2})"));
    QByteArray bytes;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int number = 0; number < lines.size(); ++number) {
        QString line = lines.at(number);
        line.remove(offset);
        if (const int bar = int(line.indexOf(QLatin1Char('|'))); bar >= 0)
            line.truncate(bar); // the printable column is only a view of the bytes
        const QStringList tokens = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        for (const QString &token : tokens) {
            bool ok = token.size() % 2 == 0;
            const QByteArray decoded = QByteArray::fromHex(token.toLatin1());
            ok = ok && decoded.size() * 2 == token.size()
                 && token.contains(QRegularExpression(QStringLiteral("^[0-9a-fA-F]+$")));
            if (!ok) {
                if (problem)
                    *problem = tr("Line %1: '%2' is not a hex byte").arg(number + 1).arg(token);
                return std::nullopt;
            }
            bytes += decoded;
        }
    }
    return bytes;
}

} // namespace QuarryBrowser
