#include "reports/report_order.h"

#include <tuple>

namespace datavagt::report {

bool listed_before(const FileRankView& a, const FileRankView& b) {
  auto flag_rank = [](const FileRankView& f) { return f.misplaced ? 0 : f.overdue ? 1 : 2; };
  // Descending severity and findings, ascending flag rank and path.
  return std::tuple(b.severity, flag_rank(a), b.findings, a.path) <
         std::tuple(a.severity, flag_rank(b), a.findings, b.path);
}

}  // namespace datavagt::report
