#pragma once
// The files table's data for the page's script, compact enough for 100,000 files:
//  - `table`: one JSON object (#dv-data) with the labels in the reader's language, the departments, owners and
//    folders named once, and one array per file in report order:
//      [folder, name, department, owner, severity 0-3, flags, review state, mtime, findings, [kind, count, …]]
//    flags: 1 overdue, 2 misplaced, 4 new since the previous run, 8 not fully scanned; review state: the
//    store's order (open, handled, false-positive, deleted, moved, accepted), 6 = mixed. `prank` gives each
//    file's place in path order, so sorting by path needs no string compares in the browser.
//  - `details`: one JSON line per file (#dv-details), parsed only when the file is opened: its findings
//    [kind, value or terms, position, count, state, reason, by, at, id, new, context], the reasons it is
//    overdue or misplaced, problems and notes.
// Both are safe inside a <script> element (html_text.h). Pure.
#include <string>

#include "reports/i18n/messages.h"
#include "reports/report_model.h"

namespace datavagt::html {

struct ReportData {
  std::string table;
  std::string details;
};

ReportData report_data(const report::ReportModel& model, const i18n::Messages& m, bool context);

}  // namespace datavagt::html
