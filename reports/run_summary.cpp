#include "reports/run_summary.h"

#include <algorithm>

namespace datavagt {

void add_to_summary(RunSummary& s, const FileVerdict& v) {
  if (!v.directory) {
    s.files++;
    s.bytes_read += v.bytes_read;
    s.text_bytes += v.text_bytes;
    if (!v.has_text) s.files_without_text++;
  }
  if (!v.findings.empty()) {
    (v.directory ? s.folders_with_findings : s.files_with_findings)++;
    std::map<std::string, bool> kinds;
    Severity worst = Severity::Low;
    for (const auto& f : v.findings) {
      worst = std::max(worst, f.severity);
      const std::string kind(to_string(f.kind));
      kinds[kind] = true;
      s.findings_by_kind[kind]++;
      s.occurrences_by_kind[kind] += f.count;
    }
    for (const auto& [k, _] : kinds) s.files_by_kind[k]++;
    s.files_by_severity[static_cast<std::size_t>(worst)]++;
    if (v.has_flag(kFlagOverdue)) s.files_overdue++;
    if (v.has_flag(kFlagMisplaced)) s.files_misplaced++;
  }
  if (!v.problems.empty()) {
    s.files_with_problems++;
    for (const auto& p : v.problems) s.problems_by_reason[std::string(to_string(p.kind))]++;
  }
}

}  // namespace datavagt
