#pragma once
// The detector contract. A Detector is immutable and shared by all threads: it contributes Hyperscan
// patterns to the one Ruleset and opens a DetectorState per MatchSession. A DetectorState is mutable and
// used by one thread: it receives the hits of its own patterns (ids local to the detector, in order of
// end offset), sees the text around them, and turns them into Findings. It must not throw out of on_hit
// (called right after a scan, never inside Hyperscan's callback) except std::bad_alloc.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/limits.h"
#include "core/position.h"
#include "detectors/civil_date.h"
#include "detectors/fingerprint.h"
#include "detectors/stream_text.h"

namespace datavagt {

struct PatternSpec {
  std::string expression;  // Hyperscan syntax
  unsigned flags = 0;      // HS_FLAG_*
};

// What a detector needs to know about the scan. Shared, read-only.
struct DetectOptions {
  CivilDate today = CivilDate::today_utc();
  double min_confidence = 0.5;  // CPR findings below it are dropped
  double min_score = 0.05;      // sensitive-category findings scoring below it are dropped
};

struct DetectContext {
  const DetectOptions& options;
  const Fingerprinter& fingerprinter;
  const Limits& limits;
};

class DetectorState {
 public:
  virtual ~DetectorState() = default;
  virtual void begin_item() = 0;
  // A hit of local pattern `id` ending at absolute offset `end` of the item's text; `from` is where it
  // starts for a pattern compiled with HS_FLAG_SOM_LEFTMOST (else meaningless); `at_end_of_text` when
  // reported as the stream closed (a `$` match). `text.position_at(offset)` tells the page or part.
  virtual void on_hit(unsigned id, std::uint64_t from, std::uint64_t end, bool at_end_of_text,
                      const StreamText& text) = 0;
  // Called after each chunk's hits: `text.end()` is how far the stream has got.
  virtual void after_chunk(const StreamText& text) = 0;
  // The item's text has ended: append its findings.
  virtual void finish_item(std::vector<Finding>& out) = 0;
};

class Detector {
 public:
  virtual ~Detector() = default;
  virtual std::string_view name() const = 0;
  virtual std::vector<PatternSpec> patterns() const = 0;
  virtual std::unique_ptr<DetectorState> open(const DetectContext& ctx) const = 0;
};

}  // namespace datavagt
