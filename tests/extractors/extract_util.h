#pragma once
// Runs one extractor over bytes in memory and collects what it says: `extract()` for text and problems,
// `record()` / `record_twice()` for everything (text per part and page, problems, notes, nested members).
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/utf8.h"

#include "core/limits.h"
#include "extractors/byte_source.h"
#include "extractors/extractor.h"
#include "extractors/format.h"
#include "extractors/registry.h"

namespace datavagt::testing {

struct Extracted {
  std::string text;
  std::vector<Problem> problems;
};

class CollectingSink final : public ExtractSink {
 public:
  bool text(const TextChunk& c) override {
    out.text.append(c.utf8);
    return true;
  }
  void nested(const ItemInfo&, ByteSource&) override {}
  void problem(Problem p) override { out.problems.push_back(std::move(p)); }
  Extracted out;
};

inline Extracted extract(std::string_view bytes, Limits limits = {}) {
  const FormatId format = sniff_format(bytes.substr(0, 8192), bytes.size());
  auto extractor = make_extractor(format);
  CollectingSink sink;
  if (!extractor) return sink.out;
  MemorySource src(bytes);
  ItemInfo info;
  info.size = bytes.size();
  extractor->extract(src, info, sink, limits);
  return sink.out;
}

// Everything an extractor says about one item.
struct Recorded {
  std::string text;
  std::map<std::string, std::string> parts;  // by Position::part ("" = body where a format has no name)
  std::map<std::uint32_t, std::string> pages;  // by Position::page (0 = not paged)
  std::vector<Problem> problems;
  std::vector<std::string> notes;
  struct Member {
    ItemInfo info;
    std::string bytes;
  };
  std::vector<Member> members;

  bool has_problem(ProblemKind k) const {
    for (const auto& p : problems)
      if (p.kind == k) return true;
    return false;
  }
  bool has(std::string_view s) const { return text.find(s) != std::string::npos; }
  bool part_has(const std::string& part, std::string_view s) const {
    auto it = parts.find(part);
    return it != parts.end() && it->second.find(s) != std::string::npos;
  }
};

// Records every call; text must be valid UTF-8 (the extractor contract).
class RecordingSink final : public ExtractSink {
 public:
  bool text(const TextChunk& c) override {
    EXPECT_TRUE(utf8::is_valid(c.utf8));
    out.text.append(c.utf8);
    out.parts[c.where.part].append(c.utf8);
    out.pages[c.where.page].append(c.utf8);
    return true;
  }
  void nested(const ItemInfo& member, ByteSource& bytes) override {
    Recorded::Member m{member, {}};
    char buf[4096];
    for (;;) {
      auto n = bytes.read(buf);
      if (!n || *n == 0) break;
      m.bytes.append(buf, *n);
    }
    out.members.push_back(std::move(m));
  }
  void problem(Problem p) override { out.problems.push_back(std::move(p)); }
  void note(std::string n) override { out.notes.push_back(std::move(n)); }
  Recorded out;
};

// Runs `format`'s extractor over `src`, an item named `name` of `size` bytes.
inline Recorded record(FormatId format, ByteSource& src, const std::string& name, std::uint64_t size,
                       const Limits& limits) {
  auto extractor = make_extractor(format);
  EXPECT_NE(extractor, nullptr);
  RecordingSink sink;
  if (!extractor) return sink.out;
  ItemInfo info;
  info.location.path = name;
  info.size = size;
  extractor->extract(src, info, sink, limits);
  return sink.out;
}

inline Recorded record(FormatId format, std::string_view bytes, const std::string& name, const Limits& limits) {
  MemorySource src(bytes);
  return record(format, src, name, bytes.size(), limits);
}

// Runs the extractor twice: with `limits` as given, and reading `small_reads` bytes at a time (every token
// split across reads); both must give the same result.
inline Recorded record_twice(FormatId format, std::string_view bytes, const std::string& name, Limits limits,
                             std::size_t small_reads) {
  Recorded whole = record(format, bytes, name, limits);
  limits.read_chunk_bytes = small_reads;
  const Recorded small = record(format, bytes, name, limits);
  EXPECT_EQ(whole.text, small.text) << "reading " << small_reads << " bytes at a time changed the text";
  EXPECT_EQ(whole.problems.size(), small.problems.size());
  EXPECT_EQ(whole.members.size(), small.members.size());
  return whole;
}

// What an extractor may say about damaged input, whatever the damage (the "never a crash" tests assert it on
// every case): text within `limits.max_text_bytes` (and a `truncated` problem when it reached it), at most
// `limits.max_members` members, each one level down, named, and at most `max_member_bytes` long, and every
// problem with a detail. RecordingSink has already checked that the text is valid UTF-8.
inline void expect_within_limits(const Recorded& r, const Limits& limits, std::size_t max_member_bytes) {
  EXPECT_LE(r.text.size(), limits.max_text_bytes);
  if (r.text.size() == limits.max_text_bytes) {
    EXPECT_TRUE(r.has_problem(ProblemKind::Truncated));
  }
  EXPECT_LE(r.members.size(), limits.max_members);
  for (const auto& m : r.members) {
    EXPECT_EQ(m.info.depth, 1u);
    ASSERT_EQ(m.info.location.members.size(), 1u);
    EXPECT_FALSE(m.info.location.members[0].empty());
    EXPECT_LE(m.bytes.size(), max_member_bytes);
  }
  for (const auto& p : r.problems) EXPECT_FALSE(p.detail.empty());
}

}  // namespace datavagt::testing
