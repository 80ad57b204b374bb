// libFuzzer target: untrusted bytes as an NT security descriptor (the system.cifs_acl extended attribute of
// a CIFS mount) through the parser and the read check. A descriptor either parses, with every ACE and SID
// inside the input, or is an error with a message; the check then answers without reading past the DACL.
// Build with ./run fuzz (clang, ASan + UBSan + libFuzzer).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "scanner/policy/access_check.h"
#include "scanner/policy/nt_security_descriptor.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace datavagt::policy;
  static const BroadGroups groups;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string error;
  const auto sd = parse_security_descriptor(bytes, &error);
  if (!sd) {
    if (error.empty()) std::abort();  // a refusal always says why
    return 0;
  }
  // Every ACE takes at least its 4-byte header of the input, so there cannot be more of them than that allows.
  if (sd->dacl.size() > size / 4) std::abort();
  for (const Ace& ace : sd->dacl)
    if (ace.type != AceType::Other && ace.sid.count > 15) std::abort();
  const auto verdict = nt_broad_read(*sd, groups);
  if (sd->null_dacl && !verdict) std::abort();  // a NULL DACL lets everyone read
  if (!sd->null_dacl && sd->dacl.empty() && verdict) std::abort();  // an empty one no one
  if (sd->owner) (void)sd->owner->to_string();
  return 0;
}
