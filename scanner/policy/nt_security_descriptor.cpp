#include "scanner/policy/nt_security_descriptor.h"

#include <charconv>

namespace datavagt::policy {

namespace {

constexpr std::uint16_t kDaclPresent = 0x0004;
constexpr std::size_t kHeaderBytes = 20;
constexpr std::size_t kAclHeaderBytes = 8;
constexpr std::size_t kAceHeaderBytes = 4;

// Bounds-checked little-endian reads: nullopt past the end, never a read outside `bytes`.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : b_(bytes) {}
  std::size_t size() const { return b_.size(); }
  std::optional<std::uint8_t> u8(std::size_t at) const {
    if (at >= b_.size()) return std::nullopt;
    return static_cast<std::uint8_t>(b_[at]);
  }
  std::optional<std::uint16_t> u16le(std::size_t at) const {
    if (!fits(at, 2)) return std::nullopt;
    return static_cast<std::uint16_t>(byte(at) | byte(at + 1) << 8);
  }
  std::optional<std::uint32_t> u32le(std::size_t at) const {
    if (!fits(at, 4)) return std::nullopt;
    return byte(at) | byte(at + 1) << 8 | byte(at + 2) << 16 | byte(at + 3) << 24;
  }
  bool fits(std::size_t at, std::size_t n) const { return at <= b_.size() && n <= b_.size() - at; }

  // The SID at `at`, not reaching past `end`; its length in `*length`.
  std::optional<Sid> sid(std::size_t at, std::size_t end, std::size_t* length) const {
    if (end > b_.size() || !fits(at, 8) || at + 8 > end) return std::nullopt;
    Sid s;
    s.revision = static_cast<std::uint8_t>(byte(at));
    s.count = static_cast<std::uint8_t>(byte(at + 1));
    if (s.revision != 1 || s.count > s.sub.size()) return std::nullopt;
    for (std::size_t i = 0; i < 6; ++i) s.authority = s.authority << 8 | byte(at + 2 + i);  // big-endian
    const std::size_t n = 8 + std::size_t{4} * s.count;
    if (!fits(at, n) || at + n > end) return std::nullopt;
    for (unsigned i = 0; i < s.count; ++i) s.sub[i] = *u32le(at + 8 + 4 * i);
    *length = n;
    return s;
  }

 private:
  std::uint32_t byte(std::size_t at) const { return static_cast<unsigned char>(b_[at]); }
  std::string_view b_;
};

std::optional<Sid> sid_at(const Reader& r, std::uint32_t offset, const char* what, std::string* error) {
  std::size_t length = 0;
  auto s = r.sid(offset, r.size(), &length);
  if (!s) *error = std::string("malformed or truncated ") + what + " SID at byte " + std::to_string(offset);
  return s;
}

}  // namespace

std::string Sid::to_string() const {
  // Appended piece by piece: GCC 12 at -O3 sees a false -Wrestrict in a chain of operator+ here.
  std::string out = "S-";
  out += std::to_string(revision);
  out += '-';
  if (authority >= (std::uint64_t{1} << 32)) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%012llX", static_cast<unsigned long long>(authority));
    out += buf;
  } else {
    out += std::to_string(authority);
  }
  for (unsigned i = 0; i < count; ++i) {
    out += '-';
    out += std::to_string(sub[i]);
  }
  return out;
}

std::optional<Sid> Sid::parse(std::string_view text) {
  if (text.size() < 2 || (text[0] != 'S' && text[0] != 's') || text[1] != '-') return std::nullopt;
  text.remove_prefix(2);
  std::vector<std::string_view> parts;
  for (;;) {
    const auto dash = text.find('-');
    parts.push_back(text.substr(0, dash));
    if (dash == std::string_view::npos) break;
    text.remove_prefix(dash + 1);
  }
  if (parts.size() < 2 || parts.size() - 2 > 15) return std::nullopt;
  auto number = [](std::string_view p, std::uint64_t max, std::uint64_t& v) {
    int base = 10;
    if (p.size() > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
      p.remove_prefix(2);
      base = 16;
    }
    if (p.empty()) return false;
    const auto r = std::from_chars(p.data(), p.data() + p.size(), v, base);
    return r.ec == std::errc() && r.ptr == p.data() + p.size() && v <= max;
  };
  Sid s;
  std::uint64_t v = 0;
  if (!number(parts[0], 255, v) || v != 1) return std::nullopt;
  s.revision = 1;
  if (!number(parts[1], (std::uint64_t{1} << 48) - 1, s.authority)) return std::nullopt;
  for (std::size_t i = 2; i < parts.size(); ++i) {
    if (!number(parts[i], 0xFFFFFFFFu, v)) return std::nullopt;
    s.sub[s.count++] = static_cast<std::uint32_t>(v);
  }
  return s;
}

Sid everyone_sid() { return *Sid::parse("S-1-1-0"); }
Sid authenticated_users_sid() { return *Sid::parse("S-1-5-11"); }
Sid builtin_users_sid() { return *Sid::parse("S-1-5-32-545"); }

bool is_domain_users(const Sid& s) {
  return s.revision == 1 && s.authority == 5 && s.count == 5 && s.sub[0] == 21 && s.sub[4] == 513;
}

std::optional<SecurityDescriptor> parse_security_descriptor(std::string_view bytes, std::string* error) {
  const Reader r(bytes);
  if (bytes.size() < kHeaderBytes) {
    *error = "truncated security descriptor (" + std::to_string(bytes.size()) + " bytes)";
    return std::nullopt;
  }
  if (*r.u8(0) != 1) {
    *error = "security descriptor revision " + std::to_string(*r.u8(0)) + " (expected 1)";
    return std::nullopt;
  }
  const std::uint16_t control = *r.u16le(2);
  const std::uint32_t owner_at = *r.u32le(4), group_at = *r.u32le(8), dacl_at = *r.u32le(16);
  SecurityDescriptor sd;
  if (owner_at != 0) {
    sd.owner = sid_at(r, owner_at, "owner", error);
    if (!sd.owner) return std::nullopt;
  }
  if (group_at != 0) {
    sd.group = sid_at(r, group_at, "group", error);
    if (!sd.group) return std::nullopt;
  }
  sd.null_dacl = !(control & kDaclPresent) || dacl_at == 0;
  if (sd.null_dacl) return sd;

  const auto acl_size = r.u16le(dacl_at + 2), ace_count = r.u16le(dacl_at + 4);
  if (!r.fits(dacl_at, kAclHeaderBytes) || !acl_size || !ace_count) {
    *error = "truncated DACL header at byte " + std::to_string(dacl_at);
    return std::nullopt;
  }
  if (*acl_size < kAclHeaderBytes || !r.fits(dacl_at, *acl_size)) {
    *error = "DACL of " + std::to_string(*acl_size) + " bytes at byte " + std::to_string(dacl_at) +
             " does not fit in the descriptor (" + std::to_string(bytes.size()) + " bytes)";
    return std::nullopt;
  }
  const std::size_t end = std::size_t{dacl_at} + *acl_size;
  std::size_t at = std::size_t{dacl_at} + kAclHeaderBytes;
  sd.dacl.reserve(*ace_count);
  for (unsigned i = 0; i < *ace_count; ++i) {
    const auto size = r.u16le(at + 2);
    if (!r.fits(at, kAceHeaderBytes) || !size || *size < kAceHeaderBytes || at + *size > end) {
      *error = "truncated ACE " + std::to_string(i + 1) + " of " + std::to_string(*ace_count) + " at byte " +
               std::to_string(at);
      return std::nullopt;
    }
    const std::uint8_t type = *r.u8(at);
    Ace ace;
    ace.flags = *r.u8(at + 1);
    // ACCESS_ALLOWED_ACE and ACCESS_DENIED_ACE: header, mask, SID. Other types (audit, object and callback
    // ACEs, labels) do not decide who may read a file's content here.
    if (type == 0 || type == 1) {
      ace.type = type == 0 ? AceType::Allow : AceType::Deny;
      const auto mask = r.u32le(at + 4);
      std::size_t sid_length = 0;
      auto sid = r.sid(at + 8, at + *size, &sid_length);
      if (!mask || at + 8 > at + *size || !sid) {
        *error = "malformed ACE " + std::to_string(i + 1) + " at byte " + std::to_string(at);
        return std::nullopt;
      }
      ace.mask = *mask;
      ace.sid = *sid;
    }
    sd.dacl.push_back(ace);
    at += *size;
  }
  return sd;
}

}  // namespace datavagt::policy
