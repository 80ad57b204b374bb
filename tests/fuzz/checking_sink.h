#pragma once
// What every extractor must hold, whatever the bytes (extractors/README.md's contract), checked by the fuzz
// targets that run one extractor: text is valid UTF-8 and within the text budget; a member is one level down,
// has a name, and its bytes are read through (so the sanitizers see them); problems have a known kind. A
// broken rule aborts (libFuzzer records the input as a crash). One sink per item; not thread-safe.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/item.h"
#include "core/limits.h"
#include "core/utf8.h"
#include "extractors/byte_source.h"
#include "extractors/extractor.h"
#include "extractors/format.h"
#include "extractors/registry.h"

namespace datavagt::fuzzing {

class CheckingSink final : public ExtractSink {
 public:
  CheckingSink(const ItemInfo& item, const Limits& limits) : item_(item), limits_(limits) {}

  bool text(const TextChunk& c) override {
    if (!utf8::is_valid(c.utf8)) std::abort();
    text_bytes_ += c.utf8.size();
    if (text_bytes_ > limits_.max_text_bytes) std::abort();  // the TextEmitter's budget
    return true;
  }
  void nested(const ItemInfo& member, ByteSource& bytes) override {
    if (member.depth != item_.depth + 1 || member.location.path != item_.location.path ||
        member.location.members.size() != item_.location.members.size() + 1 || member.location.members.back().empty())
      std::abort();
    ++members_;
    char buf[4096];
    std::uint64_t read = 0;
    for (;;) {
      auto n = bytes.read(buf);
      if (!n || *n == 0) break;
      read += *n;
    }
    if (member.size != 0 && read > member.size) std::abort();  // a member is no longer than it said
  }
  void problem(Problem p) override {
    if (p.detail.empty()) std::abort();  // a problem says what went wrong
    ++problems_;
  }

  std::size_t text_bytes() const { return text_bytes_; }
  std::size_t members() const { return members_; }
  std::size_t problems() const { return problems_; }

 private:
  const ItemInfo& item_;
  const Limits& limits_;
  std::size_t text_bytes_ = 0;
  std::size_t members_ = 0;
  std::size_t problems_ = 0;
};

// Small budgets: a bomb ends fast, and the checks above meet their bounds often.
inline Limits fuzz_limits() {
  Limits l;
  l.read_chunk_bytes = 4096;  // more chunk boundaries inside characters
  l.max_text_bytes = 1 << 20;
  l.max_buffered_member_bytes = 1 << 20;
  l.max_unpacked_bytes = 1 << 22;
  l.ratio_guard_bytes = 1 << 20;
  l.max_members = 64;
  return l;
}

// Runs the extractor for `format` over `bytes` as a file named `name`, with the checks above.
inline void extract_checked(FormatId format, std::string_view bytes, std::string_view name, const Limits& limits) {
  ItemInfo info;
  info.location.path = std::string(name);
  info.size = bytes.size();
  MemorySource src(bytes);
  CheckingSink sink(info, limits);
  make_extractor(format)->extract(src, info, sink, limits);
}

}  // namespace datavagt::fuzzing
