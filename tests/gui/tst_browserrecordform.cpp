// RecordForm: the current row as a form, synced with the table, edits pending in the same
// model (undoable through the page's EditController), read-only respected.

#include "browsertest.h"
#include "databasecontext.h"
#include "editcontroller.h"
#include "recordform.h"
#include "valuedelegate.h"

#include <quarry/querymodel.h>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSplitter>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>

using namespace QuarryBrowser;
using Quarry::QueryModel;

class tst_BrowserRecordForm : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void showsTheCurrentRowAndFollowsTheView();
    void editsGoThroughTheSameModel();
    void readOnlyDisablesTheEditors();

private:
    int column(const char *property) const { return m_model->columnOf(QString::fromLatin1(property)); }

    std::unique_ptr<DatabaseContext> m_context;
    std::unique_ptr<QueryModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<QSplitter> m_window;
    QTableView *m_view = nullptr;
    RecordForm *m_form = nullptr;
    EditController *m_controller = nullptr;
};

void tst_BrowserRecordForm::init()
{
    QString error;
    m_context = BrowserTest::openContext(BrowserTest::demoUrl(), true, &error);
    QVERIFY2(m_context, qPrintable(error));
    m_model = std::make_unique<QueryModel>(m_context->session(), QStringLiteral("Customer"));
    m_model->setEditStrategy(QueryModel::OnManualSubmit);
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_tester->setUseFetchMore(false);

    // What the table page does: the view, its controller, and the form beside it.
    m_window = std::make_unique<QSplitter>();
    m_view = new QTableView(m_window.get());
    m_view->setModel(m_model.get());
    m_controller = new EditController(m_view, m_model.get(), m_context.get(), m_view);
    m_form = new RecordForm(m_context.get(), m_model.get(), m_window.get());
    m_form->setEditController(m_controller);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, m_form,
            [this](const QModelIndex &current) { m_form->setCurrentRow(current.row()); });
    connect(m_form, &RecordForm::currentRowChanged, m_view,
            [this](int row) { m_view->selectRow(row); });
    m_window->resize(1100, 380);
    m_window->setSizes({620, 480});
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_BrowserRecordForm::cleanup()
{
    m_window.reset();
    m_tester.reset();
    m_model.reset();
    m_context.reset();
}

void tst_BrowserRecordForm::showsTheCurrentRowAndFollowsTheView()
{
    // One label and editor per column, labelled as the entity says
    QCOMPARE(m_form->label(column("joined"))->text(), QStringLiteral("Customer since:"));
    QVERIFY(qobject_cast<QDateEdit *>(m_form->editor(column("joined"))));
    QVERIFY(qobject_cast<QCheckBox *>(m_form->editor(column("vip"))));
    QCOMPARE(m_form->currentRow(), 0);
    auto *name = qobject_cast<QLineEdit *>(m_form->editor(column("name")));
    QVERIFY(name);
    QCOMPARE(name->text(), m_model->index(0, column("name")).data().toString());

    // The view's current row drives the form
    QSignalSpy changed(m_form, &RecordForm::currentRowChanged);
    m_view->setCurrentIndex(m_model->index(4, 0));
    QCOMPARE(m_form->currentRow(), 4);
    QCOMPARE(name->text(), m_model->index(4, column("name")).data().toString());
    QCOMPARE(qobject_cast<QDateEdit *>(m_form->editor(column("joined")))->date(),
             m_model->index(4, column("joined")).data(Qt::EditRole).toDate());

    // Next/Previous drive the view
    m_form->next();
    QCOMPARE(m_form->currentRow(), 5);
    QCOMPARE(m_view->currentIndex().row(), 5);
    m_form->previous();
    m_form->previous();
    QCOMPARE(m_view->currentIndex().row(), 3);
    m_form->setCurrentRow(-5); // clamped
    QCOMPARE(m_form->currentRow(), 0);
    QVERIFY(changed.size() >= 4);
    QVERIFY(!m_form->editor(column("id"))->isEnabled()); // a stored row keeps its key
}

void tst_BrowserRecordForm::editsGoThroughTheSameModel()
{
    m_form->setCurrentRow(2);
    auto *city = qobject_cast<QLineEdit *>(m_form->editor(column("city")));
    QVERIFY(city);
    const QString before = city->text();

    // When a field is edited and left
    city->setFocus();
    city->selectAll();
    QTest::keyClicks(city, QStringLiteral("Reykjavik"));
    m_form->editor(column("email"))->setFocus();

    // Then the model's cell is pending, the table shows it, and the edit is undoable
    const QModelIndex cell = m_model->index(2, column("city"));
    QTRY_COMPARE(cell.data().toString(), QStringLiteral("Reykjavik"));
    QVERIFY(m_model->isDirty(cell));
    QVERIFY(m_form->label(column("city"))->font().bold());
    auto *vip = qobject_cast<QCheckBox *>(m_form->editor(column("vip")));
    const bool wasVip = vip->isChecked();
    vip->click();
    QCOMPARE(m_model->index(2, column("vip")).data(Qt::CheckStateRole).toInt() == Qt::Checked,
             !wasVip);
    m_form->setCurrentRow(m_form->currentRow()); // the screenshot wants the form as it is
    QTest::qWait(50);
    BrowserTest::screenshot(m_window.get(), QStringLiteral("editing-record-form"));

    QCOMPARE(m_controller->undoStack()->count(), 2);
    m_controller->undoAction()->trigger();
    m_controller->undoAction()->trigger();
    QCOMPARE(cell.data().toString(), before);
    QCOMPARE(city->text(), before);
    m_controller->redoAction()->trigger();

    // Submitted with the table's edits
    QVERIFY(m_controller->submit());
    QSqlQuery query(m_context->database().connection());
    QVERIFY(query.exec(QStringLiteral("SELECT city FROM customers WHERE id = %1")
                           .arg(m_model->primaryKey(2).toLongLong())));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("Reykjavik"));
}

void tst_BrowserRecordForm::readOnlyDisablesTheEditors()
{
    QVERIFY(m_form->editor(column("name"))->isEnabled());
    m_context->setReadOnly(true);
    for (int c = 0; c < m_model->columnCount(); ++c)
        QVERIFY(!m_form->editor(c)->isEnabled());
    m_context->setReadOnly(false);
    QVERIFY(m_form->editor(column("name"))->isEnabled());
    // A row marked for deletion cannot be edited in the form either
    QVERIFY(m_controller->deleteRows({0}));
    m_form->setCurrentRow(0);
    QVERIFY(!m_form->editor(column("name"))->isEnabled());
}

QTEST_MAIN(tst_BrowserRecordForm)
#include "tst_browserrecordform.moc"
