// Plain text, CSV, logs — and, as raw bytes, unknown binary formats (a CPR stored as ASCII digits inside
// an unknown file is still found). Charset per extractors/charset.h.
#include <memory>

#include "extractors/text/decoded_reader.h"
#include "extractors/extractor.h"
#include "extractors/text_emitter.h"

namespace datavagt {

namespace {

class TextExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "text"; }

  void extract(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) override {
    TextEmitter emitter(out, limits);
    read_decoded(in, info, limits, out, [&](std::string_view text) { return emitter.emit(text, Position{}); });
  }
};

}  // namespace

std::unique_ptr<Extractor> make_text_extractor() { return std::make_unique<TextExtractor>(); }

}  // namespace datavagt
