#include "scanner/mount_point.h"

#include <sys/stat.h>
#include <sys/statfs.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

namespace datavagt {

namespace {

constexpr long kAutofsMagic = 0x0187;  // AUTOFS_SUPER_MAGIC, linux/magic.h

// fstab and mountinfo escape space, tab, newline and backslash in paths as \ooo.
std::string unescape_octal(std::string_view s) {
  const auto octal = [&](std::size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '7'; };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && octal(i + 1) && octal(i + 2) && octal(i + 3)) {
      out += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string without_trailing_slashes(std::string_view p) {
  while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
  return std::string(p);
}

// Field `n` (0-based, whitespace-separated) of every line that is not a comment.
bool some_line_has_field(std::string_view text, std::size_t n, std::string_view path) {
  const std::string want = without_trailing_slashes(path);
  std::istringstream lines{std::string(text)};
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string x; fields >> x && f.size() <= n;) f.push_back(x);
    if (f.size() <= n || f[0].empty() || f[0][0] == '#') continue;
    if (without_trailing_slashes(unescape_octal(f[n])) == want) return true;
  }
  return false;
}

std::string read_text(const char* path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

bool fstab_lists(std::string_view fstab, std::string_view path) { return some_line_has_field(fstab, 1, path); }

bool mountinfo_lists(std::string_view mountinfo, std::string_view path) {
  return some_line_has_field(mountinfo, 4, path);
}

std::optional<std::string> empty_root_note(const MountFacts& f) {
  if (f.autofs)
    return "empty: an automount point (autofs) with nothing mounted on it. Is the share reachable? Nothing was "
           "scanned there";
  if (f.mount_point)
    return "empty: a file system is mounted here, but it holds nothing. Is it the share you meant? Nothing was "
           "scanned there";
  if (f.in_fstab)
    return "empty: /etc/fstab lists it as a mount point, but nothing is mounted on it. Is the share mounted? "
           "Nothing was scanned there";
  return std::nullopt;
}

MountFacts mount_facts(const std::string& path, int dir_fd) {
  MountFacts f;
  struct statfs fs {};
  if (::fstatfs(dir_fd, &fs) == 0 && static_cast<long>(fs.f_type) == kAutofsMagic) f.autofs = true;
  struct stat self {}, parent {};
  if (::fstat(dir_fd, &self) == 0 && ::fstatat(dir_fd, "..", &parent, 0) == 0)
    f.mount_point = self.st_dev != parent.st_dev || self.st_ino == parent.st_ino;
  char resolved[PATH_MAX];
  if (::realpath(path.c_str(), resolved) != nullptr) {
    if (!f.mount_point) f.mount_point = mountinfo_lists(read_text("/proc/self/mountinfo"), resolved);
    f.in_fstab = fstab_lists(read_text("/etc/fstab"), resolved);
  }
  return f;
}

}  // namespace datavagt
