#pragma once
// Bounds-checked little-endian reads from bytes in memory, for the binary formats (OLE2 streams): a read
// past the end gives nullopt, never undefined behaviour. Pure functions, thread-safe.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace datavagt::le {

inline std::optional<std::uint8_t> u8(std::string_view b, std::size_t off) {
  if (off >= b.size()) return std::nullopt;
  return static_cast<std::uint8_t>(b[off]);
}

inline std::optional<std::uint16_t> u16(std::string_view b, std::size_t off) {
  if (off > b.size() || b.size() - off < 2) return std::nullopt;
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[off]) | static_cast<unsigned char>(b[off + 1]) << 8);
}

inline std::optional<std::uint32_t> u32(std::string_view b, std::size_t off) {
  if (off > b.size() || b.size() - off < 4) return std::nullopt;
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(b[off + static_cast<std::size_t>(i)]);
  return v;
}

inline std::optional<std::uint64_t> u64(std::string_view b, std::size_t off) {
  const auto lo = u32(b, off);
  const auto hi = u32(b, off + 4);
  if (!lo || !hi) return std::nullopt;
  return std::uint64_t{*hi} << 32 | *lo;
}

// `n` bytes at `off`, or nullopt when they are not all there.
inline std::optional<std::string_view> bytes(std::string_view b, std::size_t off, std::size_t n) {
  if (off > b.size() || b.size() - off < n) return std::nullopt;
  return b.substr(off, n);
}

}  // namespace datavagt::le
