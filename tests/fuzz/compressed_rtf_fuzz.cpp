// libFuzzer target: untrusted bytes as compressed RTF (MS-OXRTFCP, extractors/mail/compressed_rtf.h), the
// body Outlook stores in MSG, TNEF and PST: as given, and after a valid "LZFu" header whose sizes match, so
// the mutator reaches the LZ77 decoder at once. The output stays within its bounds (the caller's, and 8 times
// the data for LZ77); a header with the wrong
// magic is refused; a stream with the "MELA" (uncompressed) magic gives back at most what follows the header.
// Build with ./run sanitize.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "extractors/mail/compressed_rtf.h"

namespace {

std::string le32(std::uint32_t v) {
  return std::string{static_cast<char>(v & 0xFF), static_cast<char>((v >> 8) & 0xFF),
                     static_cast<char>((v >> 16) & 0xFF), static_cast<char>(v >> 24)};
}

void check(std::string_view in, std::size_t max_bytes) {
  const auto out = datavagt::decompress_rtf(in, max_bytes);
  if (!out) return;
  if (out->rtf.size() > max_bytes) std::abort();
  if (in.size() < 16) std::abort();  // no header, no RTF
  const std::string_view magic = in.substr(8, 4);
  if (magic != "LZFu" && magic != "MELA") std::abort();
  if (magic == "MELA" && out->rtf.size() > in.size() - 16) std::abort();
  // LZ77: a control byte and eight 2-byte references (17 bytes) give at most 8 x 17 bytes.
  if (magic == "LZFu" && out->rtf.size() > 8 * (in.size() - 16)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::size_t max_bytes = size == 0 ? 0 : std::size_t{1} << (data[0] % 21);  // 1 B .. 1 MiB
  check(bytes, max_bytes);
  const auto body = static_cast<std::uint32_t>(size);
  const std::string made = le32(body + 12) + le32(body * 4) + "LZFu" + le32(0) + std::string(bytes);
  check(made, std::size_t{1} << 20);
  return 0;
}
