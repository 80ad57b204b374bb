#pragma once
// What the file system says about who may read a file: plain data gathered by access_probe.h (the only
// place that asks the OS), judged by access_check.h (pure).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scanner/policy/nt_security_descriptor.h"

namespace datavagt::policy {

// Permission bits as in a mode's triplets: 4 read, 2 write, 1 execute (search, for a folder).
inline constexpr std::uint8_t kRead = 4;
inline constexpr std::uint8_t kExecute = 1;

// One file or folder as POSIX sees it: its mode, owning group and access ACL (libacl).
struct PosixPermissions {
  std::uint32_t mode = 0;  // the permission bits (st_mode & 07777)
  std::uint32_t gid = 0;
  std::string group;       // the owning group's name ("" if unknown)
  bool has_acl = false;    // an extended ACL (named entries and a mask)
  std::uint8_t acl_group_obj = 0;  // with an ACL: the owning group's entry (the mode's group bits are the mask)
  std::uint8_t acl_mask = 7;
  struct NamedGroup {
    std::uint32_t gid = 0;
    std::string name;
    std::uint8_t perms = 0;  // unmasked
  };
  std::vector<NamedGroup> acl_groups;

  std::uint8_t other() const { return static_cast<std::uint8_t>(mode & 7); }
  // The owning group's effective bits (the mask applied when there is an ACL).
  std::uint8_t owning_group() const {
    return has_acl ? static_cast<std::uint8_t>(acl_group_obj & acl_mask) : static_cast<std::uint8_t>((mode >> 3) & 7);
  }
};

struct AccessFacts {
  // On a CIFS/SMB mount the mode bits are made up by the mount options: only the NT ACL counts.
  bool cifs = false;
  PosixPermissions file;
  // POSIX: the file's folder, its parent, … up to "/" (shared: the probe keeps one per folder for the scan).
  std::shared_ptr<const std::vector<PosixPermissions>> folders;
  std::optional<SecurityDescriptor> nt;    // CIFS: the file's descriptor (system.cifs_acl)
  // The ACL (or the NT descriptor) could not be read: no access verdict, and an "acl-unreadable" note.
  std::optional<std::string> unreadable;
};

}  // namespace datavagt::policy
