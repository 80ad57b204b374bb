#include "detectors/severity.h"

#include "detectors/sensitive_scoring.h"

namespace datavagt {

void assign_severity(std::vector<Finding>& findings) {
  bool identifier = false, sensitive = false;
  for (const auto& f : findings) {
    if (is_identifier(f.kind)) identifier = true;
    if (is_sensitive(f.kind) && f.confidence >= SensitiveScoring::kCriticalWithCpr) sensitive = true;
  }
  for (auto& f : findings) {
    if (is_identifier(f.kind)) {
      f.severity = sensitive ? Severity::Critical : Severity::High;
    } else if (identifier && f.confidence >= SensitiveScoring::kCriticalWithCpr) {
      f.severity = Severity::Critical;
    } else {
      f.severity = f.confidence >= SensitiveScoring::kMedium ? Severity::Medium : Severity::Low;
    }
  }
}

}  // namespace datavagt
