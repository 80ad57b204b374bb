#pragma once
// Writes Windows NT security descriptors in self-relative form (MS-DTYP 2.4.6), byte by byte, for the
// parser's fixtures: the header, owner and group SIDs, and a DACL of ACCESS_ALLOWED / ACCESS_DENIED ACEs.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace datavagt::testing {

inline constexpr std::uint32_t kFileReadData = 0x00000001;
inline constexpr std::uint32_t kFileWriteData = 0x00000002;
inline constexpr std::uint32_t kFullControl = 0x001F01FF;
inline constexpr std::uint32_t kGenericRead = 0x80000000;
inline constexpr std::uint8_t kAllowed = 0, kDenied = 1, kAudit = 2;
inline constexpr std::uint8_t kInheritOnly = 0x08, kObjectInherit = 0x01, kContainerInherit = 0x02;

inline void put16(std::string& b, std::uint16_t v) {
  b += static_cast<char>(v & 0xFF);
  b += static_cast<char>(v >> 8);
}
inline void put32(std::string& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b += static_cast<char>((v >> (8 * i)) & 0xFF);
}
inline void patch32(std::string& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

// "S-1-5-21-1-2-3-513" as bytes.
inline std::string sid_bytes(std::uint64_t authority, const std::vector<std::uint32_t>& sub) {
  std::string b;
  b += '\x01';
  b += static_cast<char>(sub.size());
  for (int i = 5; i >= 0; --i) b += static_cast<char>((authority >> (8 * i)) & 0xFF);  // big-endian
  for (auto s : sub) put32(b, s);
  return b;
}
inline std::string everyone() { return sid_bytes(1, {0}); }
inline std::string authenticated_users() { return sid_bytes(5, {11}); }
inline std::string builtin_users() { return sid_bytes(5, {32, 545}); }
inline std::string domain_sid(std::uint32_t rid) { return sid_bytes(5, {21, 1004336348, 1177238915, 682003330, rid}); }

struct AceSpec {
  std::uint8_t type;
  std::uint8_t flags;
  std::uint32_t mask;
  std::string sid;
};

inline std::string ace_bytes(const AceSpec& a) {
  std::string b;
  b += static_cast<char>(a.type);
  b += static_cast<char>(a.flags);
  put16(b, static_cast<std::uint16_t>(8 + a.sid.size()));
  put32(b, a.mask);
  b += a.sid;
  return b;
}

// A descriptor with `owner`, `group`, and a DACL of `aces` (nullopt: no DACL at all, a NULL DACL).
inline std::string descriptor(const std::string& owner, const std::string& group,
                              const std::optional<std::vector<AceSpec>>& aces) {
  std::string b;
  b += '\x01';  // revision
  b += '\x00';
  const std::uint16_t control = 0x8000 | (aces ? 0x0004 : 0);  // self-relative, DACL present
  put16(b, control);
  put32(b, 0);  // owner offset, patched below
  put32(b, 0);  // group
  put32(b, 0);  // SACL: none
  put32(b, 0);  // DACL
  if (aces) {
    patch32(b, 16, static_cast<std::uint32_t>(b.size()));
    std::string body;
    for (const auto& a : *aces) body += ace_bytes(a);
    b += '\x02';  // ACL revision
    b += '\x00';
    put16(b, static_cast<std::uint16_t>(8 + body.size()));
    put16(b, static_cast<std::uint16_t>(aces->size()));
    put16(b, 0);
    b += body;
  }
  if (!owner.empty()) {
    patch32(b, 4, static_cast<std::uint32_t>(b.size()));
    b += owner;
  }
  if (!group.empty()) {
    patch32(b, 8, static_cast<std::uint32_t>(b.size()));
    b += group;
  }
  return b;
}

}  // namespace datavagt::testing
