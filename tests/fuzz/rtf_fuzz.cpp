// libFuzzer target: untrusted bytes as RTF through the RTF extractor (extractors/office/rtf.cpp: control
// words, groups, code pages, \u escapes, hex, \objdata handed on as members), and as an OLE1 object
// (extractors/office/ole1_object.h: what \objdata carries), whose payloads must lie inside the input. The
// mutator need not find "{\rtf" itself: the bytes are also read with it in front. Build with ./run sanitize.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "extractors/office/ole1_object.h"
#include "tests/fuzz/checking_sink.h"

namespace {

void check_inside(std::string_view part, std::string_view whole) {
  if (part.empty()) return;
  if (part.data() < whole.data() || part.data() + part.size() > whole.data() + whole.size()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace datavagt;
  static const Limits limits = fuzzing::fuzz_limits();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  fuzzing::extract_checked(FormatId::Rtf, bytes, "brev.rtf", limits);
  const std::string with_header = "{\\rtf1" + std::string(bytes);
  fuzzing::extract_checked(FormatId::Rtf, with_header, "brev.rtf", limits);

  const std::string_view payload = ole1_object_payload(bytes);
  check_inside(payload, bytes);
  check_inside(ole_package_payload(bytes), bytes);
  check_inside(ole_package_payload(payload), bytes);
  return 0;
}
