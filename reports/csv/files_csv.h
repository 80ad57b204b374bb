#pragma once
// The DPO's spreadsheet: one row per file with findings, in report order (report_order.h), for Danish Excel
// (csv_writer.h). Columns: an id that names the file and the content it had (review --from-csv finds the
// file by it and refuses a row whose file changed since), the masked path, department, owner, responsible,
// severity, the findings by kind, overdue and misplaced with their reasons, the date modified, whether it
// is new since the previous run, and the review state, its reason, who and when. The state and reason
// columns are the ones to edit; the titles are in the report's language, and the import knows both. Pure.
#include <string>
#include <string_view>
#include <vector>

#include "reports/i18n/messages.h"
#include "reports/report_model.h"

namespace datavagt::csv {

enum class FileColumn {
  Id, Path, Department, Owner, Responsible, Severity, Findings, Kinds,
  Overdue, DaysOver, RetentionRule, Misplaced, MisplacedReasons, Modified, Size, New,
  State, Reason, ReviewedBy, ReviewedAt,
};
std::string_view column_title(const i18n::Messages& m, FileColumn c);

std::string files_csv(const report::ReportModel& model, const i18n::Messages& m);

}  // namespace datavagt::csv
