#pragma once
// A retention verdict (GDPR art. 5(1)(e), the municipality's "opbevaringsbegrænsning"): personal data kept
// longer than the retention rule of its place allows. Plain data, set by scanner/policy, read by the reports
// and the store.
#include <cstdint>
#include <string>

namespace datavagt {

struct Overdue {
  // The rule that decided, as the policy names it: a retention glob ("share/Jobcenter/**"), a mail folder
  // rule ("mail folder: Slettet post"), or "default" (retention.default_days).
  std::string rule;
  std::int64_t days = 0;       // the rule's retention period, in days
  std::int64_t days_over = 0;  // whole days past it (>= 1)

  friend bool operator==(const Overdue&, const Overdue&) = default;
};

}  // namespace datavagt
