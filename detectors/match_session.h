#pragma once
// A thread's matching context: Hyperscan scratch and stream plus every detector's state. Reused for many
// items: begin() … feed() … finish(). Not thread-safe; one per worker thread. The Hyperscan callback only
// records hits; detectors handle them after each scan, so no C++ exception crosses Hyperscan.
// Text is matched in NFC for Latin letters: a base letter and a combining mark ("a" + U+030A, as macOS
// and some PDFs write "å") are composed first, also across chunks, so every pattern is written once and
// offsets count the composed text.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/finding.h"
#include "detectors/detector.h"
#include "core/text_chunk.h"

struct hs_scratch;
struct hs_stream;

namespace datavagt {

class Ruleset;

class MatchSession {
 public:
  MatchSession(const Ruleset& rules, const DetectContext& ctx);
  ~MatchSession();
  MatchSession(const MatchSession&) = delete;
  MatchSession& operator=(const MatchSession&) = delete;

  void begin();
  void feed(const TextChunk& chunk);
  // Closes the item's stream and returns its findings (members left empty: the caller knows the item).
  std::vector<Finding> finish();

  struct Hit {
    unsigned id;
    std::uint64_t from, end;
  };

 private:
  void scan(std::string_view text, const Position& where);
  void dispatch(const StreamText& text, bool closing);

  const Ruleset& rules_;
  std::vector<std::unique_ptr<DetectorState>> states_;
  hs_scratch* scratch_ = nullptr;
  // Opened once per session and reset between items (hs_reset_stream): no allocation of the big database's
  // stream state per file. `stream_clean_`: reset since it last saw text.
  hs_stream* stream_ = nullptr;
  bool stream_clean_ = false;
  std::vector<Hit> hits_;
  std::string tail_;  // the last bytes of the text before the current chunk
  std::string carry_;  // a final ASCII letter held back: the next chunk may start with its combining mark
  Position carry_where_;
  StreamText::Positions positions_;  // where the position changed, for the look-back
  std::string composed_;  // a chunk with combining marks, composed
  std::uint64_t offset_ = 0;
};

}  // namespace datavagt
