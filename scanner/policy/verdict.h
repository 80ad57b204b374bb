#pragma once
// The policy's verdict on one file that holds personal data, from its facts: department and responsible
// person, misplaced (a forbidden place, or readable by a broad group), overdue (the file's mtime, and each
// mail item's date, against its retention rule), the owner; written into the FileVerdict. Pure: no I/O (the
// facts come from access_probe.h), thread-safe.
#include <cstdint>

#include "core/file_verdict.h"
#include "scanner/policy/access_check.h"
#include "scanner/policy/access_probe.h"
#include "scanner/policy/policy.h"

namespace datavagt::policy {

// Fills `v`'s owner (always), and with a policy its department, misplaced reasons, overdue verdicts (the
// file's and each finding's) and flags, as of `now` (seconds since the epoch). Call it only for a file with
// findings; an ACL that could not be read adds an "acl-unreadable: …" note.
void judge(const Policy* policy, const BroadGroups& groups, const FileFacts& facts, std::int64_t now, FileVerdict& v);

}  // namespace datavagt::policy
