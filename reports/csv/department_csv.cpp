#include "reports/csv/department_csv.h"

#include "reports/csv/csv_writer.h"
#include "reports/labels.h"

namespace datavagt::csv {

using report::GroupTotals;

namespace {

void row(CsvWriter& w, std::string_view name, const GroupTotals& g) {
  w.text(name).text(g.responsible).number(g.files);
  for (int s = 3; s >= 0; --s) w.number(g.by_severity[static_cast<std::size_t>(s)]);
  for (FindingKind k : kReportKinds) {
    auto it = g.files_by_kind.find(k);
    w.number(it == g.files_by_kind.end() ? 0 : it->second);
  }
  w.number(g.overdue).number(g.misplaced).number(g.open).number(g.handled).end_row();
}

}  // namespace

std::string department_csv(const report::ReportModel& model, const i18n::Messages& m) {
  CsvWriter w;
  w.text(m.trc("csv column", "Department")).text(m.trc("csv column", "Responsible"));
  w.text(m.trc("csv column", "Files with personal data"));
  for (int s = 3; s >= 0; --s) w.text(severity_label(m, static_cast<Severity>(s)));
  for (FindingKind k : kReportKinds) w.text(kind_label(m, k));
  w.text(m.trc("csv column", "Overdue")).text(m.trc("csv column", "Misplaced"));
  w.text(m.trc("csv column", "Open")).text(m.trc("csv column", "Handled")).end_row();
  GroupTotals total;
  for (const GroupTotals& g : model.departments) {
    row(w, g.name.empty() ? m.tr("(no department)") : std::string_view(g.name), g);
    total.files += g.files;
    for (std::size_t s = 0; s < 4; ++s) total.by_severity[s] += g.by_severity[s];
    for (const auto& [k, n] : g.files_by_kind) total.files_by_kind[k] += n;
    total.overdue += g.overdue;
    total.misplaced += g.misplaced;
    total.open += g.open;
    total.handled += g.handled;
  }
  row(w, m.tr("Total"), total);
  return w.take();
}

}  // namespace datavagt::csv
