#pragma once
// The DPO's report as one self-contained HTML page (`report --html FILE`): inline CSS, script and SVG, no
// request to anywhere (its Content-Security-Policy forbids any: it opens from a USB stick as from a share).
// Sections: overview (totals, the trend over runs as small SVG charts, what is new since the previous run),
// departments, owners, the files (a sortable, filterable table that renders only the rows in view, so
// 100,000 files stay fast; a file's masked findings with their position, context and review state, and the
// reasons it is overdue or misplaced, open on a click), and coverage (every file counted; "not scanned" is
// never "clean"). All text from the store is escaped; the data travels as JSON in <script type=
// "application/json"> elements. Written in the Messages' language. Pure: returns the page.
#include <string>

#include "reports/i18n/messages.h"
#include "reports/report_model.h"

namespace datavagt::html {

struct HtmlOptions {
  bool context = true;  // --no-context: leave the context snippets (names, addresses around a finding) out
};

std::string html_report(const report::ReportModel& model, const i18n::Messages& m, const HtmlOptions& options);

}  // namespace datavagt::html
