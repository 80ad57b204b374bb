#pragma once
// Passes an inner extractor's output on (an HTML or RTF message body run through its own extractor inside a
// message format, an e-book's XHTML chapter): text that names no part of its own is tagged `part` ("body",
// "chapter 3") and goes through the outer item's TextEmitter, so all its text shares one max_text_bytes;
// members, problems and notes go on unchanged.
// Not thread-safe; holds references to `out` and `emitter`, which must outlive it.
#include <string>
#include <utility>

#include "extractors/extractor.h"
#include "extractors/text_emitter.h"

namespace datavagt {

class BodySink final : public ExtractSink {
 public:
  BodySink(ExtractSink& out, TextEmitter& emitter, std::string part = "body")
      : out_(out), emitter_(emitter), part_(std::move(part)) {}
  bool text(const TextChunk& c) override {
    if (!c.where.part.empty()) return emitter_.emit(c.utf8, c.where);
    return emitter_.emit(c.utf8, Position{c.where.page, part_});
  }
  void nested(const ItemInfo& member, ByteSource& bytes) override { out_.nested(member, bytes); }
  void problem(Problem p) override { out_.problem(std::move(p)); }
  void note(std::string n) override { out_.note(std::move(n)); }
  bool stop_requested() const override { return out_.stop_requested(); }

 private:
  ExtractSink& out_;
  TextEmitter& emitter_;
  std::string part_;
};

}  // namespace datavagt
