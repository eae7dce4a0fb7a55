#pragma once

#include <QByteArray>
#include <QDialog>
#include <QVariant>

#include <memory>
#include <optional>

namespace Ui {
class ValueViewerDialog;
}

namespace QuarryBrowser {

// Shows one large value in full — text as it is, bytes as a hex dump, JSON indented — and
// lets the user edit it unless it is read-only. OK is refused while the text does not
// spell a value of the kind (bad JSON, a hex dump with a stray character): the dialog
// says why and keeps what was typed.
class ValueViewerDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Kind { Text, Bytes, Json };

    explicit ValueViewerDialog(QWidget *parent = nullptr);
    ~ValueViewerDialog() override;

    // A null value shows as an empty editor saying NULL.
    void setValue(const QVariant &value, Kind kind);
    Kind kind() const { return m_kind; }
    void setReadOnly(bool readOnly);
    bool isReadOnly() const;
    // What the editor holds now (for Bytes and Json as the user sees it).
    QString text() const;
    void setText(const QString &text);
    // The value to write back: QString (Text, Json) or QByteArray (Bytes). Empty
    // (invalid QVariant) when the text does not parse; *problem says why.
    QVariant value(QString *problem = nullptr) const;
    QString problem() const;

    // "00000000  48 65 6c 6c 6f  |Hello|", 16 bytes a line.
    static QString hexDump(const QByteArray &bytes);
    // Reads a hex dump back (offsets and the |text| column are optional).
    static std::optional<QByteArray> parseHexDump(const QString &text, QString *problem);

public Q_SLOTS:
    void accept() override;

private:
    void showProblem(const QString &problem);
    void formatJson();

    std::unique_ptr<::Ui::ValueViewerDialog> ui; // global Ui: the .ui has no namespace
    Kind m_kind = Kind::Text;
};

} // namespace QuarryBrowser
