#include "detectors/cpr_scoring.h"

#include <algorithm>

namespace datavagt {

bool is_strong_cpr(const CprCheck& c) { return c.shape != CprShape::NotCpr && (c.mod11 || c.exception_date); }

double cpr_confidence(const CprEvidence& e) {
  using S = CprScoring;
  if (e.check.shape == CprShape::NotCpr) return 0;
  double score;
  if (e.check.shape == CprShape::Replacement)
    score = e.check.mod11 ? S::kBaseReplacement : S::kBaseReplacementFail;
  else
    score = e.check.mod11 ? S::kBaseMod11 : e.check.exception_date ? S::kBaseExceptionDate : S::kBaseMod11Fail;

  if (e.separator == " ")
    score += S::kSpaceSeparator;
  else if (!e.separator.empty() && e.separator != "-")
    score += S::kOtherSeparator;

  if (e.positive_keyword) score += S::kPositiveKeyword;
  if (e.negative_keyword) score += S::kNegativeKeyword;
  if (e.identifier) score += S::kIdentifier;

  const double strong_share = static_cast<double>(e.region_strong) / std::max(1u, e.region_numbers);
  if (e.region_numbers >= 5 && strong_share < 0.5)
    score += S::kMostlyOtherNumbers;
  else if (e.region_numbers >= 5 && strong_share >= 0.8 && !e.negative_keyword && !e.identifier)
    score += S::kMostlyCprs;

  return std::clamp(score, 0.0, 1.0);
}

}  // namespace datavagt
