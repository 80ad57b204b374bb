#include "detectors/sensitive_scoring.h"

#include <algorithm>
#include <cmath>

namespace datavagt {

double sensitive_score(const std::vector<TermEvidence>& terms, std::uint64_t text_bytes) {
  double evidence = 0;
  std::uint64_t hits = 0;
  for (const auto& t : terms) {
    if (t.count == 0) continue;
    evidence += t.weight * (1 + std::log2(static_cast<double>(t.count)));
    hits += t.count;
  }
  if (hits == 0) return 0;
  const double base = 1 - std::exp(-evidence / SensitiveScoring::kEvidenceScale);
  const double density = text_bytes == 0 ? 1
                                          : std::min(1.0, std::sqrt(static_cast<double>(hits) * SensitiveScoring::kDenseBytes /
                                                                    static_cast<double>(text_bytes)));
  const double dilution = SensitiveScoring::kDilutionFloor + (1 - SensitiveScoring::kDilutionFloor) * density;
  return std::clamp(base * dilution, 0.0, 1.0);
}

}  // namespace datavagt
