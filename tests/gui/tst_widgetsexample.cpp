// The widgets example, driven like a user would: search, header-click sorting, the
// "active only" filter, editing in the table, Submit, a submit the database refuses (the
// banner says why, the edits stay), Revert. Saves the screenshot docs/models.md shows.

#include "contact.h"
#include "demodata.h"
#include "mainwindow.h"

#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using Quarry::Field;

class tst_WidgetsExample : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void shouldSearchSortEditAndSubmit();

private:
    // What another session reads: the contacts with that name.
    qint64 storedWithName(const QString &name)
    {
        Quarry::Session reader(m_db);
        return reader.query<Contact>().filterBy(QStringLiteral("name"), name).count();
    }
    void clickHeader(QTableView *view, int column)
    {
        QHeaderView *header = view->horizontalHeader();
        const QPoint centre(header->sectionViewportPosition(column) +
                                header->sectionSize(column) / 2,
                            header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, centre);
    }
    // Types into the cell the way a user does: F2, the text, Return.
    void typeInto(QTableView *view, const QModelIndex &index, const QString &text)
    {
        view->setCurrentIndex(index);
        QTest::keyClick(view, Qt::Key_F2);
        QWidget *editor = QApplication::focusWidget();
        QVERIFY2(editor && editor != view, "no editor opened on F2");
        if (auto *line = qobject_cast<QLineEdit *>(editor))
            line->selectAll();
        else if (auto *spin = qobject_cast<QAbstractSpinBox *>(editor))
            spin->selectAll();
        QTest::keyClicks(editor, text);
        QTest::keyClick(editor, Qt::Key_Return);
    }

    QTemporaryDir m_dir;
    Quarry::Database m_db;
};

void tst_WidgetsExample::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_db = Quarry::Database::open(QStringLiteral("sqlite:///") +
                                  m_dir.filePath(QStringLiteral("contacts.db")));
    QVERIFY2(m_db.isValid(), qPrintable(m_db.lastError().toString()));
    QString error;
    QVERIFY2(DemoData::prepare(m_db, 5000, &error), qPrintable(error));
}

void tst_WidgetsExample::shouldSearchSortEditAndSubmit()
{
    // Given the window, shown
    MainWindow window(m_db);
    window.resize(1000, 640);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    Quarry::QueryModel *model = window.model();
    QTableView *view = window.view();
    auto *search = window.findChild<QLineEdit *>(QStringLiteral("search"));
    auto *activeOnly = window.findChild<QCheckBox *>(QStringLiteral("activeOnly"));
    auto *submit = window.findChild<QPushButton *>(QStringLiteral("submit"));
    auto *revert = window.findChild<QPushButton *>(QStringLiteral("revert"));
    auto *banner = window.findChild<QLabel *>(QStringLiteral("error"));
    QVERIFY(search && activeOnly && submit && revert && banner);
    const int name = model->columnOf(QStringLiteral("name"));
    const int city = model->columnOf(QStringLiteral("city"));
    QCOMPARE(model->rowCount(), 5000);
    QCOMPARE(model->sortColumn(), name);
    QCOMPARE(model->index(0, name).data().toString(), QStringLiteral("Ada Abbott"));
    QVERIFY(!submit->isEnabled());

    // When the user types into the search box, the table narrows (in SQL) to the matches
    QTest::keyClicks(search, QStringLiteral("LISBON"));
    Quarry::Session reader(m_db);
    const qint64 inLisbon = reader.query<Contact>()
                                .where(Field(QStringLiteral("city")) == QStringLiteral("Lisbon"))
                                .count();
    QVERIFY(inLisbon > 0);
    QTRY_COMPARE(model->rowCount(), int(inLisbon));
    search->clear();
    QTRY_COMPARE(model->rowCount(), 5000);

    // When the City header is clicked, rows are sorted by city: no city (NULL) first;
    // clicked again, descending
    clickHeader(view, city);
    QCOMPARE(model->sortColumn(), city);
    QVERIFY(!model->index(0, city).data().isValid());
    clickHeader(view, city);
    QCOMPARE(model->sortOrder(), Qt::DescendingOrder);
    QCOMPARE(model->index(0, city).data().toString(), QStringLiteral("Toronto"));

    // When "Active only" is ticked, inactive contacts go
    activeOnly->click();
    const qint64 active = reader.query<Contact>().filterBy(QStringLiteral("active"), true).count();
    QCOMPARE(model->rowCount(), int(active));

    // When a name is edited in the table and submitted, the database has it
    clickHeader(view, name); // back to names: a newly clicked column sorts ascending
    QCOMPARE(model->sortOrder(), Qt::AscendingOrder);
    const QString first = model->index(0, name).data().toString();
    typeInto(view, model->index(0, name), QStringLiteral("Grace Hopper"));
    QTRY_COMPARE(model->index(0, name).data().toString(), QStringLiteral("Grace Hopper"));
    QVERIFY(submit->isEnabled());
    QCOMPARE(storedWithName(QStringLiteral("Grace Hopper")), 0);
    submit->click();
    QCOMPARE(storedWithName(QStringLiteral("Grace Hopper")), 1);
    QCOMPARE(storedWithName(first), 0);
    QVERIFY(!banner->isVisible());
    QVERIFY(!model->isDirty());

    // When another row takes the same (unique) name, the database refuses the submit:
    // the banner says why and the edit stays, ready to be fixed
    activeOnly->click();
    view->scrollToTop();
    typeInto(view, model->index(2, name), QStringLiteral("Grace Hopper"));
    QTRY_VERIFY(model->isDirty());
    typeInto(view, model->index(4, model->columnOf(QStringLiteral("rating"))),
             QStringLiteral("4.8"));
    QTRY_COMPARE(model->index(4, model->columnOf(QStringLiteral("rating"))).data().toDouble(), 4.8);
    view->selectRow(6);
    window.findChild<QPushButton *>(QStringLiteral("delete"))->click();
    QCOMPARE(model->headerData(6, Qt::Vertical).toString(), QStringLiteral("!"));
    submit->click();
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains(QLatin1String("UniqueViolation")), qPrintable(banner->text()));
    QCOMPARE(model->index(2, name).data().toString(), QStringLiteral("Grace Hopper"));
    QVERIFY(model->isDirty(model->index(2, name)));
    view->clearSelection(); // so that the pending edit shows its tint
    view->selectionModel()->setCurrentIndex(model->index(2, name), QItemSelectionModel::NoUpdate);

    // (the screenshot for docs/models.md: a pending edit, a row marked for deletion, the
    // refused submit explained)
    const QPixmap screenshot = window.grab();
    QDir().mkpath(QStringLiteral(QUARRY_SCREENSHOT_DIR));
    QVERIFY(screenshot.save(QStringLiteral(QUARRY_SCREENSHOT_DIR "/widgets-example.png")));
    if (qEnvironmentVariableIsSet("QUARRY_UPDATE_DOC_IMAGES"))
        QVERIFY(screenshot.save(QStringLiteral(QUARRY_DOCS_IMAGES "/widgets-example.png")));

    // When the user reverts, the edits go and the database is as it was
    revert->click();
    QVERIFY(!banner->isVisible());
    QVERIFY(!model->isDirty());
    QCOMPARE(storedWithName(QStringLiteral("Grace Hopper")), 1);
    QCOMPARE(reader.query<Contact>().count(), 5000);
}

QTEST_MAIN(tst_WidgetsExample)
#include "tst_widgetsexample.moc"
