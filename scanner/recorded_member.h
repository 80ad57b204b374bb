#pragma once
// What an extractor told the sink of a member whose text it produces itself (ExtractSink::nested_text: a
// message in a PST), kept in memory so that the member can be matched later on another core (member_tasks.h):
// its text chunks, its attachments' bytes, its problems and notes, in order. replay() tells a sink the same
// again. Contract: built on one thread, replayed on one thread; bounded by its maker (bytes()).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/item.h"
#include "core/position.h"
#include "core/problem.h"
#include "extractors/extractor.h"

namespace datavagt {

class RecordedMember {
 public:
  void text(const TextChunk& chunk);
  // An attachment read whole (`failure`: reading it failed after `bytes`).
  void nested(const ItemInfo& member, std::string bytes, std::optional<Problem> failure);
  void problem(Problem p);
  void note(std::string n);

  // Tells `out` everything recorded, in order; stops when out.text() wants no more.
  void replay(ExtractSink& out) const;
  void clear();
  bool empty() const { return events_.empty(); }
  // Text and attachment bytes held.
  std::uint64_t bytes() const { return bytes_; }

 private:
  enum class Kind { Text, Nested, Problem, Note };
  struct Event {
    Kind kind = Kind::Text;
    std::string data;  // text, attachment bytes, note
    Position where;
    ItemInfo member;
    std::optional<Problem> problem;  // the problem, or an attachment's read failure
  };
  Event& add(Kind kind);
  std::vector<Event> events_;
  std::uint64_t bytes_ = 0;
};

// The rest of a member whose reading failed: the same failure again, as the member's extractor would have
// met it reading the member itself.
class FailedSource final : public ByteSource {
 public:
  explicit FailedSource(Problem p) : problem_(std::move(p)) {}
  Result<std::size_t> read(std::span<char>) override { return problem_; }
  Result<bool> rewind() override { return problem_; }

 private:
  Problem problem_;
};

}  // namespace datavagt
