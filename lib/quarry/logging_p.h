#pragma once

#include <QLoggingCategory>

// "quarry.sql": every statement with its bound values (SQLAlchemy's echo=True). Off by
// default; enable with QT_LOGGING_RULES="quarry.sql.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcQuarrySql)
// "quarry.session": unit-of-work decisions (flush order, dirty detection).
Q_DECLARE_LOGGING_CATEGORY(lcQuarrySession)
