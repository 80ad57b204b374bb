#pragma once
// UTF-16LE code units (the strings of the binary Office formats) to UTF-8. Pure functions, thread-safe.
// Unpaired surrogates become U+FFFD; output is always valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/utf8.h"

namespace datavagt {

// Pairs surrogates across calls, one code unit at a time.
class Utf16Decoder {
 public:
  // Returns the code point completed by `unit`, or 0 when `unit` is a high surrogate waiting for its pair.
  char32_t push(std::uint16_t unit) {
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      const bool orphan = high_ != 0;
      high_ = unit;
      return orphan ? 0xFFFD : 0;  // the previous high surrogate had no pair (this one waits)
    }
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      if (high_ == 0) return 0xFFFD;
      const char32_t cp = 0x10000 + ((char32_t{high_} - 0xD800) << 10) + (unit - 0xDC00u);
      high_ = 0;
      return cp;
    }
    high_ = 0;
    return unit;
  }

 private:
  std::uint16_t high_ = 0;
};

// Appends `bytes` (UTF-16LE; an odd last byte is dropped) to `out` as UTF-8, NULs dropped.
inline void append_utf16le(std::string& out, std::string_view bytes) {
  Utf16Decoder d;
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    const auto unit = static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[i]) |
                                                 static_cast<unsigned char>(bytes[i + 1]) << 8);
    const char32_t cp = d.push(unit);
    if (cp != 0) utf8::append_code_point(out, cp);
  }
}

}  // namespace datavagt
