#include "reports/csv/files_csv.h"

#include "reports/csv/csv_writer.h"
#include "reports/i18n/local_format.h"
#include "reports/labels.h"

namespace datavagt::csv {

using report::ReportFile;

std::string_view column_title(const i18n::Messages& m, FileColumn c) {
  switch (c) {
    case FileColumn::Id: return m.trc("csv column", "id");
    case FileColumn::Path: return m.trc("csv column", "Path");
    case FileColumn::Department: return m.trc("csv column", "Department");
    case FileColumn::Owner: return m.trc("csv column", "Owner");
    case FileColumn::Responsible: return m.trc("csv column", "Responsible");
    case FileColumn::Severity: return m.trc("csv column", "Severity");
    case FileColumn::Findings: return m.trc("csv column", "Findings");
    case FileColumn::Kinds: return m.trc("csv column", "Kinds");
    case FileColumn::Overdue: return m.trc("csv column", "Overdue");
    case FileColumn::DaysOver: return m.trc("csv column", "Days over");
    case FileColumn::RetentionRule: return m.trc("csv column", "Retention rule");
    case FileColumn::Misplaced: return m.trc("csv column", "Misplaced");
    case FileColumn::MisplacedReasons: return m.trc("csv column", "Why misplaced");
    case FileColumn::Modified: return m.trc("csv column", "Modified");
    case FileColumn::Size: return m.trc("csv column", "Size (bytes)");
    case FileColumn::New: return m.trc("csv column", "New since last run");
    case FileColumn::State: return m.trc("csv column", "Review state");
    case FileColumn::Reason: return m.trc("csv column", "Review reason");
    case FileColumn::ReviewedBy: return m.trc("csv column", "Reviewed by");
    case FileColumn::ReviewedAt: return m.trc("csv column", "Reviewed at");
  }
  return "?";
}

namespace {

constexpr FileColumn kBefore[] = {FileColumn::Id,          FileColumn::Path,     FileColumn::Department,
                                  FileColumn::Owner,       FileColumn::Responsible, FileColumn::Severity,
                                  FileColumn::Findings,    FileColumn::Kinds};
constexpr FileColumn kAfter[] = {FileColumn::Overdue,  FileColumn::DaysOver,   FileColumn::RetentionRule,
                                 FileColumn::Misplaced, FileColumn::MisplacedReasons, FileColumn::Modified,
                                 FileColumn::Size,     FileColumn::New,        FileColumn::State,
                                 FileColumn::Reason,   FileColumn::ReviewedBy, FileColumn::ReviewedAt};

std::string_view yes_no(const i18n::Messages& m, bool b) { return b ? m.trc("csv", "yes") : m.trc("csv", "no"); }

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "; ") + s;
  return out;
}

}  // namespace

std::string files_csv(const report::ReportModel& model, const i18n::Messages& m) {
  CsvWriter w;
  for (FileColumn c : kBefore) w.text(column_title(m, c));
  for (FindingKind k : kReportKinds) w.text(kind_label(m, k));
  for (FileColumn c : kAfter) w.text(column_title(m, c));
  w.end_row();
  for (const ReportFile& f : model.files) {
    w.text(f.row_id()).text(f.path).text(f.department).text(f.owner);
    w.text(f.responsible + (f.responsible_email.empty() ? "" : " <" + f.responsible_email + ">"));
    w.text(severity_label(m, f.severity)).number(f.findings.size()).text(kinds_summary(m, f.kind_counts));
    for (FindingKind k : kReportKinds) {
      auto it = f.kind_counts.find(k);
      w.number(it == f.kind_counts.end() ? 0 : it->second);
    }
    w.text(yes_no(m, f.overdue));
    if (f.overdue_reason) {
      w.number(static_cast<std::uint64_t>(std::max<std::int64_t>(0, f.overdue_reason->days_over)));
      w.text(f.overdue_reason->rule);
    } else {
      w.text("").text("");
    }
    w.text(yes_no(m, f.misplaced)).text(joined(f.misplaced_reasons));
    w.text(i18n::iso_date(f.mtime)).number(f.size).text(yes_no(m, f.is_new));
    w.text(f.state ? state_label(m, *f.state) : mixed_state_label(m)).text(f.state_reason).text(f.state_by);
    w.text(f.state_at != 0 ? i18n::iso_date_time(f.state_at) : "");
    w.end_row();
  }
  return w.take();
}

}  // namespace datavagt::csv
