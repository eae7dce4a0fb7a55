#pragma once

// Helpers of tst_browserworkflow: the README's copies of screenshots, a tooltip painted
// into a window grab, and Ctrl shortcuts that leave no Ctrl behind.

#include <QApplication>
#include <QDir>
#include <QPainter>
#include <QPixmap>
#include <QTest>
#include <QWidget>
#include <QWindow>

namespace BrowserWorkflow {

// The README's copy of a screenshot (the build's own copy stays in screenshots/): written
// only when QUARRY_UPDATE_DOC_IMAGES is set, so that a test run leaves the source tree
// as it found it.
inline void saveForDocs(const QPixmap &pixmap, const QString &name)
{
    if (!qEnvironmentVariableIsSet("QUARRY_UPDATE_DOC_IMAGES"))
        return;
    QDir().mkpath(QStringLiteral(QUARRY_DOCS_IMAGES));
    const QString path = QStringLiteral(QUARRY_DOCS_IMAGES "/%1.png").arg(name);
    if (!pixmap.save(path))
        qWarning("cannot save %s", qPrintable(path));
}

// The window with a tooltip painted where it shows (grab() leaves top-level popups out).
inline QPixmap grabWithPopup(QWidget *window, QWidget *popup)
{
    QPixmap pixmap = window->grab();
    if (popup && popup->isVisible()) {
        QPainter painter(&pixmap);
        painter.drawPixmap(window->mapFromGlobal(popup->mapToGlobal(QPoint(0, 0))), popup->grab());
    }
    return pixmap;
}

inline QWidget *visibleToolTip()
{
    for (QWidget *widget : QApplication::topLevelWidgets())
        if (widget->inherits("QTipLabel") && widget->isVisible())
            return widget;
    return nullptr;
}

// A user lets go of Ctrl. QTest leaves it in the application's modifier state after a
// Ctrl+click or a Ctrl shortcut, until the next input event, and a held Ctrl turns every
// later QAbstractItemView::setCurrentIndex() into a toggle that keeps the old selection.
inline void releaseModifiers(QWidget *widget)
{
    QTest::keyRelease(widget->window()->windowHandle(), Qt::Key_Control);
}

// Ctrl+key, as a shortcut the widget's window reacts to.
inline void pressCtrl(QWidget *widget, Qt::Key key)
{
    QTest::keyClick(widget, key, Qt::ControlModifier);
    releaseModifiers(widget);
}

} // namespace BrowserWorkflow
