#pragma once

#include <quarry/condition.h>
#include <quarry/propertyinfo.h>

#include <QString>

namespace QuarryBrowser {

// Turns what a user types into a column's filter box into a Quarry::Condition on that
// column (docs/browser.md has the syntax):
//   plain text   contains, ignoring case (text columns); equality (other columns)
//   =v <>v >v >=v <v <=v   comparisons;   a..b   inclusive range
//   NULL, !NULL (or NOT NULL)
// Values are converted to the column's type (numbers, yyyy-MM-dd dates, true/false/1/0).
// A date alone on a date-time column means that whole day.
class FilterParser {
public:
    // An empty (all-blank) text gives an empty condition (every row). False, with a
    // message that names the value and what was expected, for text that cannot apply.
    static bool parse(const QString &text, const Quarry::PropertyInfo &property,
                      Quarry::Condition *condition, QString *error);

    // The property's value from filter text, or an invalid QVariant and *error.
    static QVariant convert(const QString &text, const Quarry::PropertyInfo &property,
                            QString *error);
};

} // namespace QuarryBrowser
