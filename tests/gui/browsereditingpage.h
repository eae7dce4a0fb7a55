#pragma once

// Shared by the editing tests (tst_browserediting, tst_browserforeignkeysandvalues): one
// table page as the browser builds it, and screenshot helpers for popups.

#include "browsertest.h"
#include "databasecontext.h"
#include "editcontroller.h"
#include "foreignkeyeditor.h"

#include <quarry/entityinfo.h>
#include <quarry/querymodel.h>

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDateEdit>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPainter>
#include <QSpinBox>
#include <QSqlQuery>
#include <QTableView>
#include <QTimeEdit>

#include <memory>

namespace EditingTest {

using namespace QuarryBrowser;
using Quarry::QueryModel;

// state() is protected; the tests want to know whether an editor is open.
struct TableView : QTableView {
    bool isEditing() const { return state() == EditingState; }
};

// One table page as the browser builds it: a view over a QueryModel (OnManualSubmit)
// with an EditController, the model read-only while the context is (as TablePage does).
struct Page {
    Page(const QString &url, const QString &entity, bool withEntities = true,
         const QStringList &setupSql = {})
    {
        if (!setupSql.isEmpty()) {
            Quarry::Database raw = Quarry::Database::open(url);
            for (const QString &sql : setupSql)
                if (!raw.execute(sql))
                    qFatal("%s", qPrintable(raw.lastError().toString()));
        }
        context = BrowserTest::openContext(url, withEntities);
        if (!context)
            qFatal("cannot open %s", qPrintable(url));
        model = std::make_unique<QueryModel>(context->session(), entity);
        model->setEditStrategy(QueryModel::OnManualSubmit);
        model->setReadOnly(context->isReadOnly());
        QObject::connect(context.get(), &DatabaseContext::readOnlyChanged, model.get(),
                         &QueryModel::setReadOnly);
        tester = std::make_unique<QAbstractItemModelTester>(
            model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        tester->setUseFetchMore(false);
        view.resize(900, 360);
        view.setModel(model.get());
        controller = std::make_unique<EditController>(&view, model.get(), context.get());
    }
    int column(const char *property) const { return model->columnOf(QString::fromLatin1(property)); }
    QModelIndex cell(int row, const char *property) const { return model->index(row, column(property)); }
    // The column's value in the database for this row's key, as text.
    QString stored(int row, const char *property) const { return storedByKey(model->primaryKey(row), property); }
    QString storedByKey(const QVariant &key, const char *property) const
    {
        const Quarry::PropertyInfo *info = model->entity()->property(QString::fromLatin1(property));
        QSqlQuery query(context->database().connection());
        query.prepare(QStringLiteral("SELECT \"%1\" FROM \"%2\" WHERE id = ?")
                          .arg(info->column(), model->entity()->tableName()));
        query.addBindValue(key);
        if (!query.exec() || !query.next())
            return QStringLiteral("<no row>");
        return query.value(0).toString();
    }
    QByteArray storedBytes(int row, const char *property) const
    {
        QSqlQuery query(context->database().connection());
        query.prepare(QStringLiteral("SELECT \"%1\" FROM \"%2\" WHERE id = ?")
                          .arg(QString::fromLatin1(property), model->entity()->tableName()));
        query.addBindValue(model->primaryKey(row));
        return query.exec() && query.next() ? query.value(0).toByteArray() : QByteArray();
    }
    QString mark(int row) const { return model->headerData(row, Qt::Vertical).toString(); }

    std::unique_ptr<DatabaseContext> context;
    std::unique_ptr<QueryModel> model;
    std::unique_ptr<QAbstractItemModelTester> tester;
    TableView view;
    std::unique_ptr<EditController> controller;
};

// Popups (completer, calendar) are windows of their own: paint them over the window.
inline QString screenshotWithPopup(QWidget *window, QWidget *popup, const QString &name)
{
    QPixmap pixmap = window->grab();
    if (popup && popup->isVisible()) {
        QPainter painter(&pixmap);
        painter.drawPixmap(window->mapFromGlobal(popup->mapToGlobal(QPoint(0, 0))), popup->grab());
    }
    QDir().mkpath(QStringLiteral(QUARRY_SCREENSHOT_DIR));
    const QString path = QStringLiteral(QUARRY_SCREENSHOT_DIR "/%1.png").arg(name);
    pixmap.save(path);
    return path;
}

inline void setEditorValue(QWidget *editor, const QVariant &input)
{
    if (auto *foreignKey = qobject_cast<ForeignKeyEditor *>(editor))
        foreignKey->setEditText(input.toString());
    else if (auto *date = qobject_cast<QDateEdit *>(editor))
        date->setDate(input.toDate());
    else if (auto *time = qobject_cast<QTimeEdit *>(editor))
        time->setTime(input.toTime());
    else if (auto *dateTime = qobject_cast<QDateTimeEdit *>(editor))
        dateTime->setDateTime(input.toDateTime());
    else if (auto *spin = qobject_cast<QSpinBox *>(editor))
        spin->setValue(input.toInt());
    else if (auto *spin = qobject_cast<QDoubleSpinBox *>(editor))
        spin->setValue(input.toDouble());
    else if (auto *combo = qobject_cast<QComboBox *>(editor))
        combo->setCurrentIndex(combo->findText(input.toString()));
    else if (auto *line = qobject_cast<QLineEdit *>(editor))
        line->setText(input.toString());
    else if (auto *line = editor->findChild<QLineEdit *>())
        line->setText(input.toString()); // the long-value editor: a line and "…"
}

} // namespace EditingTest
