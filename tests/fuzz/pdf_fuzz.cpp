// libFuzzer target: untrusted bytes as a PDF through the PDF extractor (extractors/pdf/pdf.cpp: Poppler's
// parser, our page walk, text and attachments), with the checks of checking_sink.h. Build with ./run sanitize.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/checking_sink.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace datavagt;
  static const Limits limits = fuzzing::fuzz_limits();
  fuzzing::extract_checked(FormatId::Pdf, std::string_view(reinterpret_cast<const char*>(data), size), "notat.pdf",
                           limits);
  return 0;
}
