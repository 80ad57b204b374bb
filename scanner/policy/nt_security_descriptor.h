#pragma once
// A Windows NT security descriptor in self-relative form, as a CIFS/SMB mount hands it out in the
// `system.cifs_acl` extended attribute (MS-DTYP 2.4.6): owner and group SIDs and the DACL (the ACEs that
// allow or deny access). Parsing untrusted bytes: every read is bounds-checked, a malformed descriptor is
// an error value, never a crash (fuzzed: tests/fuzz/nt_security_descriptor_fuzz.cpp). Pure, thread-safe.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace datavagt::policy {

// A security identifier: S-1-5-21-1004336348-1177238915-682003330-513.
struct Sid {
  std::uint8_t revision = 1;
  std::uint64_t authority = 0;  // 48 bits
  std::uint8_t count = 0;       // sub-authorities in use (at most 15)
  std::array<std::uint32_t, 15> sub{};

  std::string to_string() const;
  // "S-1-…" (case-insensitive "s-"), decimal or 0x-hex authority; nullopt if not a SID.
  static std::optional<Sid> parse(std::string_view text);
  friend bool operator==(const Sid& a, const Sid& b) {
    if (a.revision != b.revision || a.authority != b.authority || a.count != b.count) return false;
    for (unsigned i = 0; i < a.count; ++i)
      if (a.sub[i] != b.sub[i]) return false;
    return true;
  }
};

// The well-known SIDs that mean "(almost) everyone".
Sid everyone_sid();             // S-1-1-0
Sid authenticated_users_sid();  // S-1-5-11
Sid builtin_users_sid();        // S-1-5-32-545
bool is_domain_users(const Sid& s);  // S-1-5-21-x-y-z-513, any domain

enum class AceType : std::uint8_t { Allow, Deny, Other };

struct Ace {
  AceType type = AceType::Other;
  std::uint8_t flags = 0;  // AceFlags: 0x08 INHERIT_ONLY_ACE …
  std::uint32_t mask = 0;  // access mask
  Sid sid;
  bool inherit_only() const { return (flags & 0x08) != 0; }
  // FILE_READ_DATA, GENERIC_READ or GENERIC_ALL: lets the SID read the file's content.
  bool grants_read() const { return (mask & (0x00000001u | 0x80000000u | 0x10000000u)) != 0; }
};

struct SecurityDescriptor {
  std::optional<Sid> owner;
  std::optional<Sid> group;
  // No DACL (the DACL-present bit clear, or present with no offset): a NULL DACL, which grants everyone
  // everything. Present and empty: no one has access.
  bool null_dacl = true;
  std::vector<Ace> dacl;
};

// nullopt and `*error` set ("truncated ACE at byte 84", …) when `bytes` is not a well-formed
// self-relative descriptor.
std::optional<SecurityDescriptor> parse_security_descriptor(std::string_view bytes, std::string* error);

}  // namespace datavagt::policy
