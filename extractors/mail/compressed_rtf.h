#pragma once
// Compressed RTF (MS-OXRTFCP), the form in which Outlook stores a message's RTF body (PidTagRtfCompressed):
// a 16-byte header (sizes, "LZFu" or "MELA"), then LZ77 over a 4 KB ring dictionary preset with common RTF.
// A pure function over bytes in memory, thread-safe; the output is bounded by the caller.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace datavagt {

// The RTF inside `compressed`, at most `max_bytes` long; nullopt when the header is not one of the two
// kinds. A stream that ends early gives what was decoded so far (`complete` false).
struct DecompressedRtf {
  std::string rtf;
  bool complete = true;
};
std::optional<DecompressedRtf> decompress_rtf(std::string_view compressed, std::size_t max_bytes);

}  // namespace datavagt
