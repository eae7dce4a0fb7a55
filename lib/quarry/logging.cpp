#include "logging_p.h"

Q_LOGGING_CATEGORY(lcQuarrySql, "quarry.sql", QtWarningMsg)
Q_LOGGING_CATEGORY(lcQuarrySession, "quarry.session", QtWarningMsg)
