#pragma once
// The parsed policy (policy_file.h reads it from TOML; policy.example.toml documents every key): retention
// rules, what counts as misplaced, departments, names for SIDs, excludes, and the scan options a site keeps
// in the file instead of on the command line. Immutable after parsing; shared by all scanning threads.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scanner/policy/glob.h"
#include "scanner/policy/nt_security_descriptor.h"

namespace datavagt::policy {

// [[retention.rule]]: personal data in a file matching one of `globs` is overdue after `days`.
struct RetentionRule {
  std::vector<Glob> globs;
  std::int64_t days = 0;
};

// [[retention.mail_folder]]: a mail item (a PST message, an mbox message) in a folder matching one of
// `folders` — a PST folder path ("Slettet post", "Top of Personal Folders/Deleted Items"), or the mbox
// file's name without extension — is overdue after `days`; only in files matching `globs`, if given.
struct MailFolderRule {
  // Case-insensitive; matched against the item's folder and each folder above it, so "Slettet post" also
  // takes "Top of Personal Folders/Slettet post/Gammelt".
  std::vector<Glob> folders;
  std::vector<Glob> globs;    // empty = every mail file
  std::int64_t days = 0;
};

// [[department]]: who answers for the files matching `globs`.
struct Department {
  std::string name;
  std::string responsible;
  std::string email;
  std::vector<Glob> globs;
};

// [scan] and [limits]: options that are also command-line flags (a flag given on the command line wins).
struct ScanSettings {
  std::optional<std::string> key_file;  // relative paths are resolved against the policy file's folder
  std::optional<double> min_confidence;
  std::optional<double> min_score;
  std::optional<std::vector<std::string>> kinds;
  std::optional<std::vector<std::string>> terms;  // relative to the policy file's folder
  std::optional<bool> builtin_terms;
  std::optional<bool> cross_filesystems;
  std::optional<unsigned> threads;
  std::optional<std::uint64_t> max_text_size;
  std::optional<unsigned> max_depth;
  std::optional<std::uint64_t> max_members;
  std::optional<std::uint64_t> max_archive_size;
  std::optional<std::uint64_t> max_unpacked_size;
  std::optional<unsigned> max_ratio;
  std::optional<double> max_seconds;
  std::optional<bool> member_tasks;
};

struct Policy {
  std::string source;  // the file it was read from

  // [retention]: the first matching rule wins; a mail item tries the mail folder rules first.
  std::optional<std::int64_t> default_days;  // none: only the rules make anything overdue
  std::vector<RetentionRule> retention;
  std::vector<MailFolderRule> mail_folders;

  // [misplaced]
  std::vector<Glob> forbid;
  bool world_readable = true;  // check who can read it (POSIX mode and ACL; the NT ACL on CIFS)
  // Groups that count as everyone, besides the built-in Everyone, Authenticated Users, BUILTIN\Users and
  // Domain Users: names (a POSIX group, or a Windows group named in [sids]) or SIDs.
  std::vector<std::string> broad_groups;

  std::vector<Department> departments;
  std::vector<std::pair<Sid, std::string>> sid_names;  // [sids]: SID -> the name to show
  std::vector<Glob> exclude;                           // [scan] exclude
  ScanSettings scan;

  // The name [sids] gives `sid`, or nullptr.
  const std::string* name_of(const Sid& sid) const {
    for (const auto& [s, name] : sid_names)
      if (s == sid) return &name;
    return nullptr;
  }
};

}  // namespace datavagt::policy
