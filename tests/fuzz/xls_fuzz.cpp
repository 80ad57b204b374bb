// libFuzzer target: untrusted bytes as the streams of Excel 97-2003 (extractors/office/xls.cpp: BIFF8 records, shared
// strings across CONTINUE records, cells, number formats, sheet names, embedded objects): stream Workbook.
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
                                   datavagt::extract_workbook, "regnskab.xls");
  return 0;
}
