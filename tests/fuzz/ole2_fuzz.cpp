// libFuzzer target: untrusted bytes as an OLE2 compound file through the OLE2 extractor (extractors/office/
// ole2.cpp: libgsf's reader behind our storage tree, the choice of kind by the streams present, document
// properties, embedded objects handed on). The streams' contents are fuzzed apart, in doc_fuzz, xls_fuzz,
// ppt_fuzz and msg_fuzz (a whole file's mutations mostly break its sector chains). With the checks of
// checking_sink.h. Build with ./run sanitize.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/checking_sink.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace datavagt;
  static const Limits limits = fuzzing::fuzz_limits();
  fuzzing::extract_checked(FormatId::Ole2, std::string_view(reinterpret_cast<const char*>(data), size), "sag.doc",
                           limits);
  return 0;
}
