#pragma once

#include <QSettings>
#include <QString>

#include <memory>

namespace QuarryBrowser {

// Where quarry-browser keeps what it remembers between runs: QSettings of organization
// "Quarry", application "quarry-browser", in INI format (so that tests can point
// QSettings::setPath(IniFormat, UserScope, dir) at a temporary directory). Keys:
//   window/geometry, window/state                 the main window
//   recent/<i>/url, recent/<i>/entities           RecentConnections (never a password)
//   connections/<key>/url                         a connection, as displayUrl()
//   connections/<key>/tabs                        its open tables, in tab order
//   connections/<key>/tables/<entity>/header      QHeaderView::saveState (widths, order,
//                                                 hidden columns, sort)
//   connections/<key>/tables/<entity>/filters     property -> filter text
//   connections/<key>/tables/<entity>/search      the search box
namespace BrowserState {

std::unique_ptr<QSettings> settings();

// The settings group of one connection, from its URL without password: a short hash,
// since URLs hold '/' (QSettings' separator).
QString connectionGroup(const QString &displayUrl);
QString tableGroup(const QString &displayUrl, const QString &entityName);

} // namespace BrowserState
} // namespace QuarryBrowser
