#pragma once
// Finds the special categories of GDPR art. 9 (health, ethnicity, politics, religion, union, genetic,
// biometric, sexual) and criminal offences (art. 10) through Danish dictionaries (term_dictionary.h). Every
// entry becomes a Hyperscan pattern in the shared database (caseless incl. æøå; NFD text is composed by
// the MatchSession first); the state checks Danish-aware word boundaries around each hit, drops hits inside an exclusion phrase
// or without a required person reference nearby, and makes one Finding per (item, kind) with the terms
// counted and a score (sensitive_scoring.h). Immutable and shared; one state per MatchSession.
#include <memory>
#include <vector>

#include "core/result.h"
#include "detectors/detector.h"
#include "detectors/term_dictionary.h"

namespace datavagt {

class SensitiveDetector final : public Detector {
 public:
  // `entries`: parsed dictionaries (built-in and site). Fails if an entry cannot be compiled.
  static Result<std::unique_ptr<SensitiveDetector>> make(std::vector<TermEntry> entries);

  std::string_view name() const override { return "sensitive"; }
  std::vector<PatternSpec> patterns() const override { return specs_; }
  std::unique_ptr<DetectorState> open(const DetectContext& ctx) const override;

  struct PatternInfo {
    std::uint32_t entry;   // index into entries()
    std::uint32_t length;  // bytes of every match; 0 = a regex, its start comes from Hyperscan (SOM)
  };
  const std::vector<TermEntry>& entries() const { return entries_; }
  const std::vector<PatternInfo>& pattern_info() const { return info_; }
  // Bytes of text after a hit that must be seen before it is decided (exclusions and person references
  // may end that far after it).
  std::uint64_t lookahead() const { return lookahead_; }
  // A person reference (person.txt) stands as a word within `bytes` of [start, end) in `window`, the text
  // from absolute offset `window_from`. The window's edges count as word boundaries.
  bool person_near(std::string_view window, std::uint64_t window_from, std::uint64_t start, std::uint64_t end,
                   unsigned bytes) const;

 private:
  SensitiveDetector() = default;
  std::vector<TermEntry> entries_;
  std::vector<PatternInfo> info_;
  std::vector<PatternSpec> specs_;
  std::vector<std::string> person_words_;  // case-folded
  std::uint64_t lookahead_ = 0;
};

}  // namespace datavagt
