#include "core/private_directories.h"

#include <sys/stat.h>

#include <cerrno>

namespace datavagt {

bool make_private_directories(const std::string& dir) {
  if (dir.empty()) {
    errno = ENOENT;
    return false;
  }
  for (std::size_t i = 1; i <= dir.size(); ++i) {
    if (i < dir.size() && dir[i] != '/') continue;
    if (dir[i - 1] == '/') continue;  // "a//b" or a trailing slash: nothing new to make
    const std::string part = dir.substr(0, i);
    if (::mkdir(part.c_str(), 0700) != 0 && errno != EEXIST) return false;
  }
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0) return false;
  if (!S_ISDIR(st.st_mode)) {
    errno = ENOTDIR;
    return false;
  }
  return true;
}

}  // namespace datavagt
