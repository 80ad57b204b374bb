#include "reports/file_order.h"

#include <algorithm>
#include <tuple>

namespace datavagt {

int flag_rank(bool misplaced, bool overdue) { return misplaced ? 0 : overdue ? 1 : 2; }

FileRank rank_of(const FileVerdict& v) {
  FileRank r;
  for (const auto& f : v.findings) r.severity = std::max(r.severity, f.severity);
  r.flag_rank = flag_rank(v.has_flag(kFlagMisplaced), v.has_flag(kFlagOverdue));
  r.findings = v.findings.size();
  r.path = v.info.location.path;
  return r;
}

bool ranks_before(const FileRank& a, const FileRank& b) {
  // Descending severity and findings, ascending flag rank and path.
  return std::tie(b.severity, a.flag_rank, b.findings, a.path) < std::tie(a.severity, b.flag_rank, a.findings, b.path);
}

}  // namespace datavagt
