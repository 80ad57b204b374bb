#pragma once
// Runs one extractor over bytes in memory and collects its text and problems.
#include <string>
#include <vector>

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

}  // namespace datavagt::testing
