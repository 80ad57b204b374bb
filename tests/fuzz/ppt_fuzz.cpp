// libFuzzer target: untrusted bytes as the streams of PowerPoint 97-2003 (extractors/office/ppt.cpp: the record tree,
// text atoms, slides and notes): streams PowerPoint Document, Current User.
// The input frames the streams (tests/fuzz/ole2_streams.h); ./run makes the seeds from the fixtures.
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
                                   datavagt::extract_presentation, "moede.ppt");
  return 0;
}
