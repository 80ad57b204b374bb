// libFuzzer target: untrusted bytes as the streams of an Outlook message (extractors/mail/msg.cpp: the __substg1.0_
// property streams, __properties_version1.0, recipients, attachments and attached messages).
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
                                   datavagt::extract_outlook_message, "brev.msg");
  return 0;
}
