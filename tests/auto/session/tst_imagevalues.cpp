// The compact values of a session's image (imagevalues_p.h): every value comes back as it
// went in, type and null flag included, changes stay in the image changed, and a row of
// common types takes little more than half the bytes of a QVariantList.

#include "imagevalues_p.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QTest>
#include <QUuid>

using Quarry::ImageValues;

namespace {

// The same value: equal, of the same type, with the same null flag.
bool identical(const QVariant &a, const QVariant &b)
{
    return a.metaType() == b.metaType() && a.isNull() == b.isNull() && a == b;
}

QString describe(const QVariant &value)
{
    return QStringLiteral("%1(%2)%3")
        .arg(QString::fromLatin1(value.metaType().name()), value.toString(),
             value.isNull() ? QStringLiteral(" null") : QString());
}

QVariantList userRow()
{
    return {qlonglong(7), QStringLiteral("ada"), QStringLiteral("ada@example.org"), 36, 81.5,
            QDateTime(QDate(2026, 12, 7), QTime(23, 0), Qt::UTC)};
}

} // namespace

class tst_ImageValues : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyValueComesBackExactly_data();
    void everyValueComesBackExactly();
    void setChangesOneValueOnly_data();
    void setChangesOneValueOnly();
    void copiesShareUntilOneChanges();
    void emptyAndOutOfRange();
    void aRowOfCommonTypesIsCompact();
};

void tst_ImageValues::everyValueComesBackExactly_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::newRow("NULL") << QVariant();
    QTest::newRow("bool") << QVariant(true);
    QTest::newRow("int") << QVariant(-42);
    QTest::newRow("qlonglong") << QVariant(qlonglong(1) << 53);
    QTest::newRow("double") << QVariant(0.1);
    QTest::newRow("QDateTime")
        << QVariant(QDateTime(QDate(1850, 1, 2), QTime(3, 4, 5, 6), Qt::UTC));
    QTest::newRow("invalid QDateTime") << QVariant(QDateTime());
    QTest::newRow("QString") << QVariant(QStringLiteral("naïve 🐘"));
    QTest::newRow("empty QString") << QVariant(QStringLiteral(""));
    QTest::newRow("null QString") << QVariant(QString());
    QTest::newRow("typed null QString") << QVariant(QMetaType::fromType<QString>());
    QTest::newRow("typed null int") << QVariant(QMetaType::fromType<int>());
    QTest::newRow("QByteArray") << QVariant(QByteArray("\0\1\2", 3));
    QTest::newRow("uint (kept as a QVariant)") << QVariant(4000000000u);
    QTest::newRow("QDate (kept as a QVariant)") << QVariant(QDate(2026, 12, 7));
    QTest::newRow("QUuid (kept as a QVariant)") << QVariant(QUuid::createUuid());
    QTest::newRow("QJsonObject (kept as a QVariant)")
        << QVariant(QJsonObject{{QStringLiteral("a"), 1}});
}

void tst_ImageValues::everyValueComesBackExactly()
{
    QFETCH(QVariant, value);
    // Given the value between two others, so that its slot's place matters
    const QVariantList row{QStringLiteral("before"), value, qlonglong(9)};

    // When it is stored
    const ImageValues image(row);

    // Then each value comes back the same, alone and as a list
    QCOMPARE(image.size(), 3);
    for (qsizetype i = 0; i < row.size(); ++i)
        QVERIFY2(identical(image.at(i), row.at(i)), qPrintable(describe(image.at(i))));
    QVERIFY(image == row);
    QCOMPARE(image.toList(), row);
}

void tst_ImageValues::setChangesOneValueOnly_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QVariant>("value");
    QTest::newRow("string, in place") << 1 << QVariant(QStringLiteral("grace"));
    QTest::newRow("number, in place") << 3 << QVariant(37);
    QTest::newRow("string to NULL") << 2 << QVariant();
    QTest::newRow("number to a string") << 3 << QVariant(QStringLiteral("37"));
    QTest::newRow("date-time to a typed null") << 5 << QVariant(QMetaType::fromType<QDateTime>());
}

void tst_ImageValues::setChangesOneValueOnly()
{
    QFETCH(int, index);
    QFETCH(QVariant, value);
    // Given an image of a row
    QVariantList expected = userRow();
    ImageValues image(expected);

    // When one value is set
    image.set(index, value);

    // Then that value changed, type and all, and no other
    expected[index] = value;
    for (qsizetype i = 0; i < expected.size(); ++i)
        QVERIFY2(identical(image.at(i), expected.at(i)), qPrintable(describe(image.at(i))));

    // And NULL can come back to a value again
    image.set(index, userRow().at(index));
    QCOMPARE(image.toList(), userRow());
}

void tst_ImageValues::copiesShareUntilOneChanges()
{
    // Given an image and a copy of it (a transaction level's saved image)
    ImageValues image(userRow());
    const ImageValues saved = image;

    // When the image changes, in place and then to another type
    image.set(1, QStringLiteral("grace"));
    image.set(3, QVariant());

    // Then the copy still holds the values it had
    QCOMPARE(saved.toList(), userRow());
    QCOMPARE(image.at(1), QVariant(QStringLiteral("grace")));
    QVERIFY(!image.at(3).isValid());

    // And a moved-from image is empty, the moved one whole
    ImageValues moved = std::move(image);
    QCOMPARE(moved.size(), 6);
    QCOMPARE(image.size(), 0);
}

void tst_ImageValues::emptyAndOutOfRange()
{
    const ImageValues empty;
    QVERIFY(empty.isEmpty());
    QVERIFY(empty == QVariantList());
    QVERIFY(!empty.value(0).isValid());
    QCOMPARE(empty.blockSize(), 0);

    const ImageValues image(userRow());
    QVERIFY(!image.value(6).isValid());
    QVERIFY(!image.value(-1).isValid());
    QCOMPARE(image.value(0), QVariant(qlonglong(7)));
    QVERIFY(image != QVariantList());
}

void tst_ImageValues::aRowOfCommonTypesIsCompact()
{
    // The benchmark's users row: 8 bytes for each number and the date-time, 24 for each
    // string, 8 of header and 18 of kinds and offsets (rounded up to 32): 112 bytes in
    // one block, where a QVariantList takes 6 QVariants of 32 bytes and a 16-byte header.
    const ImageValues image(userRow());
    QCOMPARE(image.blockSize(), 112);
    QCOMPARE(qsizetype(6 * sizeof(QVariant) + 16), 208);

    // NULL takes no slot
    QVariantList withNulls = userRow();
    withNulls[2] = QVariant();
    withNulls[5] = QVariant();
    QCOMPARE(ImageValues(withNulls).blockSize(), 112 - 24 - 8);
}

QTEST_GUILESS_MAIN(tst_ImageValues)
#include "tst_imagevalues.moc"
