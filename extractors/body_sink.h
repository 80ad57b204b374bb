#pragma once
// Passes an inner extractor's output on (an HTML or RTF message body run through its own extractor inside a
// message format): text that names no part of its own is tagged `body`; members, problems and notes go on
// unchanged. Not thread-safe; holds a reference to `out`, which must outlive it.
#include <string>
#include <utility>

#include "extractors/extractor.h"

namespace datavagt {

class BodySink final : public ExtractSink {
 public:
  explicit BodySink(ExtractSink& out) : out_(out) {}
  bool text(const TextChunk& c) override {
    if (!c.where.part.empty()) return out_.text(c);
    return out_.text(TextChunk{c.utf8, Position{c.where.page, "body"}});
  }
  void nested(const ItemInfo& member, ByteSource& bytes) override { out_.nested(member, bytes); }
  void problem(Problem p) override { out_.problem(std::move(p)); }
  void note(std::string n) override { out_.note(std::move(n)); }
  bool stop_requested() const override { return out_.stop_requested(); }

 private:
  ExtractSink& out_;
};

}  // namespace datavagt
