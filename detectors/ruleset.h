#pragma once
// One Hyperscan database (streaming mode) for the patterns of all detectors: one pass over the text finds
// every kind. Immutable and shared by all threads; each thread opens its own MatchSession (scratch, stream).
#include <memory>
#include <string>
#include <vector>

#include "core/finding.h"
#include "core/result.h"
#include "detectors/detector.h"
#include "detectors/detector_config.h"

struct hs_database;

namespace datavagt {

class MatchSession;

class Ruleset {
 public:
  // Compiles the patterns of `detectors` (kept alive by the Ruleset). Fails with a Problem naming the
  // pattern Hyperscan refused.
  static Result<std::shared_ptr<const Ruleset>> build(std::vector<std::unique_ptr<Detector>> detectors,
                                                      const std::string& cache_dir = {});
  // The detectors Datavagt ships (detectors/registry.cpp), each made for `config`: CPR numbers and the
  // sensitive categories (built-in dictionaries plus the site's). Fails with a Problem naming the file and
  // line of a bad dictionary entry.
  static Result<std::shared_ptr<const Ruleset>> build_default(const RulesetConfig& config = {});

  ~Ruleset();
  Ruleset(const Ruleset&) = delete;
  Ruleset& operator=(const Ruleset&) = delete;

  std::unique_ptr<MatchSession> open_session(const DetectContext& ctx) const;

  std::size_t pattern_count() const { return owner_.size(); }

 private:
  friend class MatchSession;
  Ruleset() = default;

  std::vector<std::unique_ptr<Detector>> detectors_;
  // Global pattern id -> (detector index, local id).
  std::vector<std::pair<unsigned, unsigned>> owner_;
  hs_database* db_ = nullptr;
};

}  // namespace datavagt
