#pragma once
// The per-department summary for Excel (`report --csv-summary FILE`): one row per department (files without
// one last), with its responsible person, files with personal data by severity and by kind, overdue,
// misplaced, open and handled files; a total row at the end. Same format as files_csv.h. Pure.
#include <string>

#include "reports/i18n/messages.h"
#include "reports/report_model.h"

namespace datavagt::csv {

std::string department_csv(const report::ReportModel& model, const i18n::Messages& m);

}  // namespace datavagt::csv
