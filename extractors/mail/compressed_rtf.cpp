#include "extractors/mail/compressed_rtf.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "extractors/le_bytes.h"

namespace datavagt {

namespace {

constexpr std::uint32_t kCompressed = 0x75465A4C;    // "LZFu"
constexpr std::uint32_t kUncompressed = 0x414C454D;  // "MELA"
constexpr std::size_t kHeaderBytes = 16;
constexpr std::size_t kDictionaryBytes = 4096;

// MS-OXRTFCP 2.1.2.1: the dictionary's initial contents (207 bytes).
constexpr std::string_view kPreset =
    "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor "
    "MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
    "\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";
static_assert(kPreset.size() == 207);

}  // namespace

std::optional<DecompressedRtf> decompress_rtf(std::string_view in, std::size_t max_bytes) {
  const auto comp_size = le::u32(in, 0);
  const auto raw_size = le::u32(in, 4);
  const auto type = le::u32(in, 8);
  if (!comp_size || !raw_size || !type || in.size() < kHeaderBytes) return std::nullopt;
  const std::size_t want = std::min<std::size_t>(*raw_size, max_bytes);
  // CompSize counts the bytes after itself: the header's other 12, then the data.
  const std::string_view data = in.substr(kHeaderBytes, std::min<std::size_t>(in.size() - kHeaderBytes,
                                                                             *comp_size >= 12 ? *comp_size - 12 : 0));
  DecompressedRtf out;
  if (*type == kUncompressed) {
    out.rtf.assign(data.substr(0, want));
    out.complete = out.rtf.size() == want;
    return out;
  }
  if (*type != kCompressed) return std::nullopt;

  std::array<char, kDictionaryBytes> dict{};
  std::copy(kPreset.begin(), kPreset.end(), dict.begin());
  std::size_t write = kPreset.size();
  out.rtf.reserve(std::min<std::size_t>(want, 1 << 20));
  std::size_t pos = 0;
  while (out.rtf.size() < want) {
    if (pos >= data.size()) {
      out.complete = false;
      return out;
    }
    const auto control = static_cast<unsigned char>(data[pos++]);
    for (int bit = 0; bit < 8 && out.rtf.size() < want; ++bit) {
      if ((control & (1u << bit)) == 0) {  // a literal byte
        if (pos >= data.size()) {
          out.complete = false;
          return out;
        }
        const char c = data[pos++];
        out.rtf += c;
        dict[write] = c;
        write = (write + 1) % kDictionaryBytes;
        continue;
      }
      // A reference: 12 bits of dictionary offset, 4 bits of length - 2 (big-endian).
      if (data.size() - pos < 2) {
        out.complete = false;
        return out;
      }
      const unsigned ref = static_cast<unsigned char>(data[pos]) << 8 | static_cast<unsigned char>(data[pos + 1]);
      pos += 2;
      std::size_t offset = ref >> 4;
      const std::size_t length = (ref & 0x0F) + 2;
      if (offset == write) return out;  // the end marker
      for (std::size_t i = 0; i < length && out.rtf.size() < want; ++i) {
        const char c = dict[offset];
        offset = (offset + 1) % kDictionaryBytes;
        out.rtf += c;
        dict[write] = c;
        write = (write + 1) % kDictionaryBytes;
      }
    }
  }
  return out;
}

}  // namespace datavagt
