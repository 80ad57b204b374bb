// libFuzzer target: untrusted bytes through the Office XML tokenizer (extractors/xml_tokenizer.h), whole and in
// small pieces; the two must agree (events, malformed, DOCTYPE), and text must be valid UTF-8.
// Build with ./run fuzz (clang, ASan + UBSan + libFuzzer).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/utf8.h"
#include "extractors/text/xml_tokenizer.h"

namespace {

using namespace datavagt;

class Trace final : public XmlEvents {
 public:
  std::string out;
  void start(std::string_view local, std::string_view uri, std::span<const XmlAttribute> attributes) override {
    out.append("<").append(local).append("{").append(uri).append("}");
    for (const auto& a : attributes) out.append(" ").append(a.local).append("=").append(a.value);
    out.append(">");
  }
  void end(std::string_view local, std::string_view uri) override {
    out.append("</").append(local).append("{").append(uri).append("}>");
  }
  void characters(std::string_view text) override {
    if (!utf8::is_valid(text)) std::abort();
    out.append(text);
  }
};

std::string run(std::string_view bytes, std::size_t piece) {
  Trace t;
  XmlTokenizer tok(t);
  bool going = true;
  for (std::size_t i = 0; i < bytes.size() && going; i += piece) going = tok.feed(bytes.substr(i, piece));
  tok.finish();
  return t.out + (tok.malformed() ? "|malformed" : "") + (tok.doctype() ? "|doctype" : "");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] % 7;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (run(bytes, bytes.size() + 1) != run(bytes, piece)) std::abort();
  return 0;
}
