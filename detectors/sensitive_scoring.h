#pragma once
// How strongly an item's text is about a special category (GDPR art. 9/10), 0..1. The evidence grows with
// each distinct term (its dictionary weight) and only slowly with repeats of the same term; a few hits spread
// thin over a long text are diluted. So one stray word in a 300-page PDF scores far below a case note full
// of diagnoses, and a short e-mail saying "borgeren har en depression" still scores as health data.
#include <cstdint>
#include <vector>

namespace datavagt {

struct SensitiveScoring {
  // score = (1 - exp(-evidence / kEvidenceScale)) * dilution
  // evidence = sum over matched entries of weight * (1 + log2(count))
  static constexpr double kEvidenceScale = 2.0;
  // dilution = kDilutionFloor + (1 - kDilutionFloor) * min(1, sqrt(hits * kDenseBytes / text bytes))
  static constexpr double kDenseBytes = 4096;  // a hit per 4 KB of text counts as undiluted
  static constexpr double kDilutionFloor = 0.25;
  // The score of every kind is multiplied by this when the text is clearly not Danish (English, Latin filler,
  // a program's strings: text_language.h), where the Danish terms are mostly homographs ("Finding Aids").
  // One term in such a text falls under the default --min-score; several distinct ones still show, low.
  static constexpr double kForeignText = 0.1;
  // A sensitive finding at or above this makes the item critical when it also holds a CPR number.
  static constexpr double kCriticalWithCpr = 0.25;
  // Without a CPR: medium at or above this, low below.
  static constexpr double kMedium = 0.5;
};

struct TermEvidence {
  double weight;
  std::uint32_t count;
};

double sensitive_score(const std::vector<TermEvidence>& terms, std::uint64_t text_bytes);

}  // namespace datavagt
