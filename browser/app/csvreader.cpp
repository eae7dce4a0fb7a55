#include "csvreader.h"

#include <QFile>
#include <QStringDecoder>

namespace QuarryBrowser {

struct CsvReader::Private {
    QFile file;
    QStringDecoder decoder;
};

CsvReader::CsvReader() : d(std::make_unique<Private>()) {}

CsvReader::~CsvReader() = default;

bool CsvReader::open(const QString &fileName, QStringConverter::Encoding encoding)
{
    d->file.setFileName(fileName);
    if (!d->file.open(QIODevice::ReadOnly)) {
        m_error = QStringLiteral("Cannot open %1: %2").arg(fileName, d->file.errorString());
        return false;
    }
    d->decoder = QStringDecoder(encoding);
    m_buffer.clear();
    m_position = 0;
    m_line = 1;
    // A UTF-8 byte order mark (Excel writes one) is not part of the first header.
    if (encoding == QStringConverter::Utf8 && d->file.peek(3) == QByteArray("\xEF\xBB\xBF"))
        d->file.read(3);
    return true;
}

bool CsvReader::fill()
{
    if (m_position > 0) {
        m_buffer.remove(0, m_position);
        m_position = 0;
    }
    while (m_buffer.isEmpty() || m_position >= m_buffer.size()) {
        const QByteArray bytes = d->file.read(64 * 1024);
        if (bytes.isEmpty())
            return false;
        m_buffer += d->decoder.decode(bytes);
    }
    return true;
}

QChar CsvReader::peek()
{
    if (m_position >= m_buffer.size() && !fill())
        return {};
    return m_buffer.at(m_position);
}

QChar CsvReader::next()
{
    const QChar c = peek();
    if (!c.isNull())
        ++m_position;
    return c;
}

bool CsvReader::atEnd()
{
    return peek().isNull() && m_position >= m_buffer.size();
}

double CsvReader::progress() const
{
    const qint64 size = d->file.size();
    return size > 0 ? double(d->file.pos()) / double(size) : 1.0;
}

bool CsvReader::readRecord(QStringList *fields)
{
    fields->clear();
    if (atEnd())
        return false;
    m_recordLine = m_line;
    QString field;
    bool quoted = false;
    for (;;) {
        QChar c = next();
        if (c.isNull() || c == u'\n' || c == u'\r') {
            // The end of the record (and of the file, for a last line without a break).
            if (c == u'\r' && peek() == u'\n')
                next();
            if (!c.isNull())
                ++m_line;
            fields->append(quoted ? field : (field.isEmpty() ? QString() : field));
            return true;
        }
        if (c == m_delimiter) {
            fields->append(quoted ? field : (field.isEmpty() ? QString() : field));
            field = QString();
            quoted = false;
            continue;
        }
        if (c == u'"' && field.isEmpty() && !quoted) {
            quoted = true;
            field = QStringLiteral(""); // not null: a quoted empty field is ''
            for (;;) {
                c = next();
                if (c.isNull()) {
                    m_error =
                        QStringLiteral("line %1: a quoted field is not closed").arg(m_recordLine);
                    return false;
                }
                if (c == u'"') {
                    if (peek() == u'"') {
                        next();
                        field += u'"';
                        continue;
                    }
                    break;
                }
                if (c == u'\n' || (c == u'\r' && peek() != u'\n'))
                    ++m_line;
                field += c;
            }
            const QChar after = peek();
            if (!after.isNull() && after != m_delimiter && after != u'\n' && after != u'\r') {
                m_error =
                    QStringLiteral("line %1: unexpected text after a closing quote").arg(m_line);
                return false;
            }
            continue;
        }
        field += c;
    }
}

QList<QStringList> CsvReader::readFile(const QString &fileName, QChar delimiter, int maxRecords,
                                       QString *error, QStringConverter::Encoding encoding)
{
    QList<QStringList> records;
    CsvReader reader;
    reader.setDelimiter(delimiter);
    if (!reader.open(fileName, encoding)) {
        *error = reader.errorString();
        return records;
    }
    QStringList fields;
    while (records.size() < maxRecords && reader.readRecord(&fields))
        records.append(fields);
    *error = reader.errorString();
    return records;
}

} // namespace QuarryBrowser
