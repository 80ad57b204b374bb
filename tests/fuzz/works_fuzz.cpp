// libFuzzer target: untrusted bytes as the streams of a Microsoft Works word processor document
// (extractors/office/works.cpp: the "CHNKWKS " chunk index of CONTENTS, 8-bit and UTF-16LE text, MatOST),
// framed as the other OLE2 stream targets frame them (tests/fuzz/ole2_streams.h), with the checks of
// checking_sink.h. Seeds: seeds/works/ (make_works_seeds.py: a Works 2000 and a Works 4 document).
// Build with ./run sanitize.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/ole2_streams.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  datavagt::fuzzing::maybe_write_seed(*argc, *argv);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  datavagt::fuzzing::parse_streams(std::string_view(reinterpret_cast<const char*>(data), size),
                                   datavagt::extract_works_document, "brev.wps");
  return 0;
}
