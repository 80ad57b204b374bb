#include "core/finding.h"

namespace datavagt {

std::string_view to_string(FindingKind k) {
  switch (k) {
    case FindingKind::Cpr: return "cpr";
    case FindingKind::CprReplacement: return "cpr-replacement";
    case FindingKind::Health: return "health";
    case FindingKind::Ethnicity: return "ethnicity";
    case FindingKind::Politics: return "politics";
    case FindingKind::Religion: return "religion";
    case FindingKind::Union: return "union";
    case FindingKind::Genetic: return "genetic";
    case FindingKind::Biometric: return "biometric";
    case FindingKind::Sexual: return "sexual";
    case FindingKind::Criminal: return "criminal";
  }
  return "cpr";
}

std::optional<FindingKind> finding_kind_from(std::string_view name) {
  for (auto k : {FindingKind::Cpr, FindingKind::CprReplacement})
    if (to_string(k) == name) return k;
  for (auto k : kSensitiveKinds)
    if (to_string(k) == name) return k;
  return std::nullopt;
}

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::Low: return "low";
    case Severity::Medium: return "medium";
    case Severity::High: return "high";
    case Severity::Critical: return "critical";
  }
  return "low";
}

}  // namespace datavagt
