#pragma once
// Passes an inner extractor's output on (an HTML or RTF message body run through its own extractor inside a
// message format): text that names no part of its own is tagged `body` and goes through the message's
// TextEmitter, so headers and body share one max_text_bytes; members, problems and notes go on unchanged.
// Not thread-safe; holds references to `out` and `emitter`, which must outlive it.
#include <string>
#include <utility>

#include "extractors/extractor.h"
#include "extractors/text_emitter.h"

namespace datavagt {

class BodySink final : public ExtractSink {
 public:
  BodySink(ExtractSink& out, TextEmitter& emitter) : out_(out), emitter_(emitter) {}
  bool text(const TextChunk& c) override {
    if (!c.where.part.empty()) return emitter_.emit(c.utf8, c.where);
    return emitter_.emit(c.utf8, Position{c.where.page, "body"});
  }
  void nested(const ItemInfo& member, ByteSource& bytes) override { out_.nested(member, bytes); }
  void problem(Problem p) override { out_.problem(std::move(p)); }
  void note(std::string n) override { out_.note(std::move(n)); }
  bool stop_requested() const override { return out_.stop_requested(); }

 private:
  ExtractSink& out_;
  TextEmitter& emitter_;
};

}  // namespace datavagt
