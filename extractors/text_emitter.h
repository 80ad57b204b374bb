#pragma once
// Enforces Limits::max_text_bytes for an extractor: forwards text to the sink until the budget is spent,
// then reports `truncated` once and tells the extractor to stop. Cuts only at UTF-8 boundaries.
#include <cstdint>
#include <string_view>

#include "core/limits.h"
#include "extractors/extractor.h"

namespace datavagt {

class TextEmitter {
 public:
  TextEmitter(ExtractSink& sink, const Limits& limits) : sink_(sink), budget_(limits.max_text_bytes) {}

  // Returns false when extraction should stop (budget spent, or the sink wants no more).
  bool emit(std::string_view utf8, const Position& where);
  bool stopped() const { return stopped_; }
  std::uint64_t emitted() const { return emitted_; }

 private:
  ExtractSink& sink_;
  std::uint64_t budget_;
  std::uint64_t emitted_ = 0;
  bool stopped_ = false;
};

}  // namespace datavagt
