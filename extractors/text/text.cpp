// Plain text, CSV, logs (charset per text/charset.h) — and unknown binary formats, by their text runs
// (text/binary_strings.h: 8-bit and UTF-16LE, like `strings -a` and `strings -a -el`): a CPR number or a name
// stored as ASCII or UTF-16 inside an unknown file is still found.
#include <algorithm>
#include <memory>
#include <vector>

#include "extractors/text/binary_strings.h"
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

class BinaryStringsExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "strings"; }

  void extract(ByteSource& in, const ItemInfo&, ExtractSink& out, const Limits& limits) override {
    TextEmitter emitter(out, limits);
    BinaryStrings strings([&](std::string_view run) { return emitter.emit(run, Position{}); });
    std::vector<char> buf(std::max<std::size_t>(limits.read_chunk_bytes, 4096));
    for (;;) {
      auto n = in.read(buf);
      if (!n) {
        out.problem(n.problem());
        break;
      }
      if (*n == 0) {
        strings.finish();
        break;
      }
      if (!strings.feed(std::string_view(buf.data(), *n))) break;
    }
  }
};

}  // namespace

std::unique_ptr<Extractor> make_text_extractor() { return std::make_unique<TextExtractor>(); }
std::unique_ptr<Extractor> make_binary_strings_extractor() { return std::make_unique<BinaryStringsExtractor>(); }

}  // namespace datavagt
