#pragma once
// Who besides the people it is meant for can read a file: the broad groups (Everyone, Authenticated Users,
// BUILTIN\Users, Domain Users and the policy's broad_groups) checked against the facts of access_facts.h.
// Pure functions, thread-safe.
//
// POSIX (a local disk or an NFS export): a principal may read the file when its permission bits grant read
// and every folder from the file's up to "/" grants it search (x). Everyone is the 'other' class; a broad
// group (by name: "domain users", "VESTERBY\domain users", "Alle medarbejdere") is the group class where the
// group owns the entry or has a named ACL entry (its bits under the ACL mask), else 'other'.
// NT (a CIFS mount): the DACL is walked in order as Windows does for the token of a typical member of each
// broad group (Everyone: S-1-1-0; Authenticated Users adds S-1-5-11; Users adds S-1-5-32-545; Domain Users
// adds the domain's …-513; a configured group adds its SID): the first ACE for a SID in the token that
// mentions read decides — DENY before ALLOW wins; inherit-only ACEs do not apply to the file itself; a NULL
// DACL lets everyone read, an empty DACL no one. Folders are not checked (SMB servers grant traverse to
// everyone by default: "bypass traverse checking").
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scanner/policy/access_facts.h"
#include "scanner/policy/policy.h"

namespace datavagt::policy {

class BroadGroups {
 public:
  // The built-in four and the policy's broad_groups; names given a SID in [sids] count on CIFS too.
  explicit BroadGroups(const Policy& p);
  BroadGroups() : BroadGroups(Policy{}) {}

  // A POSIX group name ("domain users", "VESTERBY\Domain Users") that is a broad group, compared without
  // case, with or without its domain.
  bool is_broad_name(std::string_view group) const;
  // The broad groups' SIDs beyond the built-in ones, with the name to show.
  const std::vector<std::pair<Sid, std::string>>& extra_sids() const { return sids_; }
  const std::vector<std::string>& names() const { return display_; }  // as written, in order
  const std::vector<std::string>& folded_names() const { return folded_; }  // the same, casefolded

 private:
  std::vector<std::string> folded_;   // casefolded names
  std::vector<std::string> display_;  // as written
  std::vector<std::pair<Sid, std::string>> sids_;
};

// "readable by Everyone", "readable by group domain users", "readable by Domain Users" … for the broadest
// principal that can read the file; nullopt if none can (or the ACL could not be read).
std::optional<std::string> broad_read_access(const AccessFacts& facts, const BroadGroups& groups);

// The POSIX and NT halves, for tests.
std::optional<std::string> posix_broad_read(const PosixPermissions& file, const std::vector<PosixPermissions>& folders,
                                            const BroadGroups& groups);
std::optional<std::string> nt_broad_read(const SecurityDescriptor& sd, const BroadGroups& groups);

}  // namespace datavagt::policy
