#pragma once
// Finds CPR numbers. The one pass over the text (Hyperscan) reports every 10-digit shape DDMMYY[sep]SSSS
// not touching other digits. For each one with a valid birth date the state looks for context words in
// the window around it (context_keywords.h), waits until the text after it has been seen, scores it
// (cpr_scoring) and keeps one Finding per distinct number and kind.
#include <memory>

#include "core/result.h"
#include "detectors/context_keywords.h"
#include "detectors/detector.h"

namespace datavagt {

class CprDetector final : public Detector {
 public:
  // `cache_dir`: compiled databases kept between runs (database_cache.h); "" = compile.
  static Result<std::unique_ptr<CprDetector>> make(const std::string& cache_dir = {});

  std::string_view name() const override { return "cpr"; }
  std::vector<PatternSpec> patterns() const override;
  std::unique_ptr<DetectorState> open(const DetectContext& ctx) const override;

 private:
  explicit CprDetector(std::unique_ptr<ContextKeywords> keywords) : keywords_(std::move(keywords)) {}
  std::unique_ptr<ContextKeywords> keywords_;
};

}  // namespace datavagt
