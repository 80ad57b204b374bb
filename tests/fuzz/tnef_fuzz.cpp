// libFuzzer target: untrusted bytes through the TNEF extractor (winmail.dat) alone, many times faster than
// extract_fuzz, which runs every extractor: the attribute walk, the MAPI property lists, the bodies (HTML and
// compressed RTF through their extractors) and the attachments handed on. Text must be valid UTF-8, every
// member's bytes are read through. Build with ./run fuzz (clang, ASan + UBSan + libFuzzer).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/utf8.h"
#include "extractors/byte_source.h"
#include "extractors/format.h"
#include "extractors/registry.h"

namespace {

using namespace datavagt;

class CheckingSink final : public ExtractSink {
 public:
  bool text(const TextChunk& c) override {
    if (!utf8::is_valid(c.utf8)) std::abort();
    return true;
  }
  void nested(const ItemInfo& member, ByteSource& bytes) override {
    if (member.location.members.empty() || member.location.members.back().find('/') != std::string::npos)
      std::abort();  // a member has a name, and it is not a path
    char buf[4096];
    for (;;) {
      auto n = bytes.read(buf);
      if (!n || *n == 0) break;
    }
  }
  void problem(Problem) override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Limits limits = [] {
    Limits l;
    l.read_chunk_bytes = 4096;
    l.max_text_bytes = 1 << 20;
    l.max_members = 64;
    return l;
  }();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // With and without the signature: the mutator need not find it to reach the walk.
  const std::string header("\x78\x9F\x3E\x22\x01\x00", 6);
  for (const std::string& input : {std::string(bytes), header + std::string(bytes)}) {
    MemorySource src(input);
    ItemInfo info;
    info.location.path = "winmail.dat";
    info.size = input.size();
    CheckingSink sink;
    make_extractor(FormatId::Tnef)->extract(src, info, sink, limits);
  }
  return 0;
}
