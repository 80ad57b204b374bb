#pragma once
// Reads the policy file (--policy FILE, TOML; policy.example.toml documents every key). Everything is
// checked before a scan starts: an unknown key (a typo must not silently disable a rule), a value of the
// wrong type or out of range, a malformed glob or SID, a file that is missing, unreadable or not UTF-8 —
// each is a Problem whose detail names the file, line and column ("policy.toml:7:1: unknown key …"), for
// the caller to print before exiting with code 2. Thread-safe (no shared state).
#include <string>
#include <string_view>

#include "core/result.h"
#include "scanner/policy/policy.h"

namespace datavagt::policy {

// `text` as read from `name` (used in messages; relative paths in the policy are resolved against its folder).
Result<Policy> parse_policy(std::string_view text, const std::string& name);
Result<Policy> read_policy_file(const std::string& path);

}  // namespace datavagt::policy
