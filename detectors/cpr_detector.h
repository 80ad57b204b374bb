#pragma once
// Finds CPR numbers: Hyperscan reports every 10-digit shape DDMMYY[sep]SSSS not touching other digits, and
// every context keyword; the state validates each number (cpr_validator), waits until the text after it has
// been seen, scores it (cpr_scoring) and keeps one Finding per distinct number and kind.
#include "detectors/detector.h"

namespace datavagt {

class CprDetector final : public Detector {
 public:
  std::string_view name() const override { return "cpr"; }
  std::vector<PatternSpec> patterns() const override;
  std::unique_ptr<DetectorState> open(const DetectContext& ctx) const override;
};

}  // namespace datavagt
