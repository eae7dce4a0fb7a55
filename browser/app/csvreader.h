#pragma once

#include <QString>
#include <QStringConverter>
#include <QStringList>

#include <memory>

class QIODevice;

namespace QuarryBrowser {

// Reads CSV (RFC 4180) record by record from a file, never the whole file at once:
// fields separated by the delimiter, optionally in double quotes (a doubled quote inside
// stands for one; a quoted field may hold delimiters and line breaks), records ending in
// CRLF, LF or CR. A quoted empty field is an empty string, an unquoted one a null QString,
// so NULL and '' survive an export and import round trip.
class CsvReader {
public:
    CsvReader();
    ~CsvReader();

    bool open(const QString &fileName,
              QStringConverter::Encoding encoding = QStringConverter::Utf8);
    QString errorString() const { return m_error; }
    void setDelimiter(QChar delimiter) { m_delimiter = delimiter; }
    QChar delimiter() const { return m_delimiter; }

    // The next record; false at the end of the file or on a malformed record (errorString()).
    bool readRecord(QStringList *fields);
    // The file's line (1-based) on which the record last read starts.
    int recordLine() const { return m_recordLine; }
    bool atEnd();
    // How far through the file (0..1), for progress.
    double progress() const;

    // Reads up to `maxRecords` records of a file (for a preview).
    static QList<QStringList>
    readFile(const QString &fileName, QChar delimiter, int maxRecords, QString *error,
             QStringConverter::Encoding encoding = QStringConverter::Utf8);

private:
    bool fill();
    // The next character; QChar() at the end.
    QChar next();
    QChar peek();

    struct Private;
    std::unique_ptr<Private> d;
    QString m_buffer;
    qsizetype m_position = 0;
    QChar m_delimiter = u',';
    QString m_error;
    int m_line = 1;
    int m_recordLine = 0;
};

} // namespace QuarryBrowser
