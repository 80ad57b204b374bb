#pragma once
// An empty folder named as a root may be a share that is not there: a nightly scan of an unmounted share
// must not look like a clean one. An empty root is suspicious when it is a mount point (something is mounted
// there, but holds nothing), an automount point with nothing mounted (autofs), or listed in /etc/fstab as a
// mount point with nothing mounted on it. The facts are read from the system by empty_root_note(); the
// parsing and the wording are pure functions, tested on their own. Thread-safe; reads /proc and /etc only.
#include <optional>
#include <string>
#include <string_view>

namespace datavagt {

struct MountFacts {
  bool mount_point = false;  // something is mounted on the folder (its device differs from its parent's,
                             // or /proc/self/mountinfo lists it)
  bool autofs = false;       // the folder is on an autofs file system: an automount point, nothing mounted
  bool in_fstab = false;     // /etc/fstab lists the folder as a mount point
};

// Mount points listed in an /etc/fstab (field 2) or /proc/self/mountinfo (field 5) text, octal escapes
// (\040 for a space) decoded. `path` is compared as given (callers pass an absolute, resolved path).
bool fstab_lists(std::string_view fstab, std::string_view path);
bool mountinfo_lists(std::string_view mountinfo, std::string_view path);

// The note for an empty root with these facts, or nullopt when nothing about it is suspicious.
std::optional<std::string> empty_root_note(const MountFacts& facts);

// The facts about the empty folder `path`, open as `dir_fd`, read from the system.
MountFacts mount_facts(const std::string& path, int dir_fd);

}  // namespace datavagt
