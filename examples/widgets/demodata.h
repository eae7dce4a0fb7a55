#pragma once

#include <quarry/database.h>

namespace DemoData {

// Registers Contact, creates its table if needed and, when it is empty, fills it with
// `count` made-up contacts (the same ones on every run). False with db.lastError() or
// *error set on failure.
bool prepare(Quarry::Database &db, int count, QString *error);

} // namespace DemoData
