// libFuzzer target: untrusted bytes through sniffing, every text extractor and the detectors, as a file
// scan would run them. Build with ./run fuzz (clang, ASan + UBSan + libFuzzer).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "detectors/match_session.h"
#include "detectors/ruleset.h"
#include "extractors/byte_source.h"
#include "extractors/format.h"
#include "extractors/registry.h"
#include "scanner/helper_roles.h"

namespace {

using namespace datavagt;

class FuzzSink final : public ExtractSink {
 public:
  explicit FuzzSink(MatchSession& s) : session_(s) {}
  bool text(const TextChunk& c) override {
    session_.feed(c);
    return true;
  }
  void nested(const ItemInfo&, ByteSource& bytes) override {
    char buf[4096];  // read the member through, so the sanitizers see its bytes
    for (;;) {
      auto n = bytes.read(buf);
      if (!n || *n == 0) break;
    }
  }
  void problem(Problem) override {}

 private:
  MatchSession& session_;
};

}  // namespace

// The PST extractor starts its reader as /proc/self/exe (core/helper_process.h): here, this fuzz target, whose
// main is libFuzzer's. The helper runs its role and exits before libFuzzer reads its arguments.
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  datavagt::maybe_run_helper(*argc, *argv);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto rules = Ruleset::build_default();
  static const DetectOptions options;
  static const Fingerprinter fp("fuzz");
  static Limits limits = [] {
    Limits l;
    l.read_chunk_bytes = 4096;  // small chunks: more boundaries inside multi-byte characters and matches
    l.max_text_bytes = 1 << 20;
    l.max_unpacked_bytes = 1 << 22;  // archives: bombs end fast
    l.ratio_guard_bytes = 1 << 20;
    l.max_silent_seconds = 5;  // a PST that keeps libpst (in its own process) spinning is given up on soon
    return l;
  }();
  static const DetectContext ctx{options, fp, limits};
  static auto session = rules.value()->open_session(ctx);

  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const FormatId format = sniff_format(bytes.substr(0, kLongSniffBytes), size);
  // Every text extractor sees every input, not only the one the sniffer picks (a zip: the archive, OOXML/ODF
  // and EPUB extractors whatever its first member; Gzip: any compressed stream, a tarball or one member).
  for (FormatId f : {format, FormatId::Text, FormatId::Html, FormatId::Xml, FormatId::Rtf, FormatId::Pdf,
                     FormatId::Zip, FormatId::Ooxml, FormatId::Epub, FormatId::Tar, FormatId::Gzip, FormatId::SevenZip, FormatId::Ole2,
                     FormatId::Mail, FormatId::Mbox, FormatId::Tnef, FormatId::PstMessage}) {
    auto extractor = make_extractor(f);
    if (!extractor) continue;
    MemorySource src(bytes);
    ItemInfo info;
    info.size = size;
    session->begin();
    FuzzSink sink(*session);
    extractor->extract(src, info, sink, limits);
    for (const auto& finding : session->finish()) {
      if (is_identifier(finding.kind) && finding.masked.size() != 11) __builtin_trap();
      if (is_sensitive(finding.kind) && (finding.terms.empty() || finding.count == 0 || finding.confidence > 1))
        __builtin_trap();
    }
  }
  return 0;
}
