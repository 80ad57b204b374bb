#include "core/finding.h"

namespace datavagt {

std::string_view to_string(FindingKind k) {
  switch (k) {
    case FindingKind::Cpr: return "cpr";
    case FindingKind::CprReplacement: return "cpr-replacement";
  }
  return "cpr";
}

}  // namespace datavagt
