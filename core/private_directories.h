#pragma once
// Folders Datavagt keeps its own state in (the fingerprint key, the pattern cache): created on first use with
// mode 0700, missing parents included (a service user often has no ~/.cache or ~/.local/share). A folder that
// already exists keeps its mode. Thread-safe (only system calls; a folder another thread or process creates
// at the same moment counts as made).
#include <string>

namespace datavagt {

// Creates `dir` and every missing parent (mode 0700, before the umask). True when `dir` is then a directory;
// false (errno set) when a part cannot be made: no permission, a file in the way, an empty path.
bool make_private_directories(const std::string& dir);

}  // namespace datavagt
