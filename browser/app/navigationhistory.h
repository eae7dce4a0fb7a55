#pragma once

#include "foreignkeys.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

class QAction;
class QItemSelectionModel;
class QModelIndex;
class QTableView;

namespace Quarry {
class QueryModel;
}

namespace QuarryBrowser {

// Back/Forward over visited rows, as in a web browser: jump() records where the user was
// and where they went; back() and forward() ask (locationRequested) to show an entry.
//
//   history->setLocationProvider([page] { return locationOf(page->view()->currentIndex()); });
//   connect(history, &NavigationHistory::locationRequested, window, &Window::show);
class NavigationHistory : public QObject {
    Q_OBJECT
public:
    explicit NavigationHistory(QObject *parent = nullptr);
    ~NavigationHistory() override;

    // API
    // Makes `location` the newest entry (dropping the forward ones) unless it is the current
    // one already.
    void push(const Location &location);
    // A jump: records `from` (when it is not the current entry), then `to`.
    void jump(const Location &from, const Location &to);
    // Where the user is now, read before going back or forward so that the other direction
    // returns to the very row they left (and not to where they first arrived).
    void setLocationProvider(std::function<Location()> provider);

    bool canGoBack() const { return m_index > 0; }
    bool canGoForward() const { return m_index >= 0 && m_index + 1 < m_entries.size(); }
    Location current() const;
    const QList<Location> &entries() const { return m_entries; }
    void clear();

    // Alt+Left / Alt+Right, enabled as the history allows; for a toolbar and a menu.
    QAction *backAction() const { return m_backAction; }
    QAction *forwardAction() const { return m_forwardAction; }

public Q_SLOTS:
    void back();
    void forward();

Q_SIGNALS:
    void locationRequested(const QuarryBrowser::Location &location);
    void canGoBackChanged(bool canGoBack);
    void canGoForwardChanged(bool canGoForward);

private:
    void go(int step);
    void rememberHere();
    void update(bool couldGoBack, bool couldGoForward);

    QList<Location> m_entries;
    int m_index = -1;
    std::function<Location()> m_provider;
    QAction *m_backAction = nullptr;
    QAction *m_forwardAction = nullptr;
};

// The QueryModel behind `model`, looking through proxy models; nullptr if there is none.
Quarry::QueryModel *queryModelOf(const QModelIndex &index);
// The row and column of a cell of a QueryModel (or of a proxy over one).
Location locationOf(const QModelIndex &index);

// Makes the row of `location` current and visible in `view`, which shows `model` (directly
// or through proxies that keep its rows). False at once when the location is not of the
// model's entity.
//
// The row's position is computed without loading the table: in the background, a COUNT of
// the rows that the model's current order puts before it (with the model's filter and
// search), then the row at that position is checked. When the model's own query adds a
// condition or order this cannot see, or the row is hidden by the filter or search, the
// model's filter becomes `key = value` (and the search is cleared) so that the row shows
// anyway. `done` (optional) is told whether the row was shown.
bool showLocation(QTableView *view, Quarry::QueryModel *model, const Location &location,
                  std::function<void(bool shown)> done = {});

// Ctrl+click on a foreign-key cell of `view` (a QueryModel, or a proxy over one) asks to
// jump to the referenced row; goToAction() ("Go to referenced row", Ctrl+G) does the same
// for the current cell and is enabled only on a foreign-key cell with a value.
class ForeignKeyClickFilter : public QObject {
    Q_OBJECT
public:
    ForeignKeyClickFilter(QTableView *view, const ForeignKeys &keys, QObject *parent = nullptr);
    ~ForeignKeyClickFilter() override;

    // Where the cell leads; invalid for a cell that is no foreign key or is NULL.
    Location targetOf(const QModelIndex &index) const;
    QAction *goToAction() const { return m_goToAction; }

Q_SIGNALS:
    // `from` is the clicked cell's own location, for NavigationHistory::jump().
    void jumpRequested(const QuarryBrowser::Location &target, const QuarryBrowser::Location &from);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateAction();
    void goToCurrent();

    QTableView *m_view;
    ForeignKeys m_keys;
    QAction *m_goToAction;
    QPointer<QItemSelectionModel> m_followedSelection;
};

} // namespace QuarryBrowser
