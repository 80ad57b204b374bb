#include "core/small_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace datavagt {

namespace {

Problem unreadable(int err) { return Problem::make(ProblemKind::Unreadable, std::strerror(err)); }

}  // namespace

Result<std::string> read_small_file(const std::string& path, std::size_t max_bytes, Only only) {
  const bool regular = only == Only::Regular;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (regular ? O_NONBLOCK : 0));
  if (fd < 0) return unreadable(errno);
  struct stat st {};
  if (regular) {
    const int err = ::fstat(fd, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : !S_ISREG(st.st_mode) ? EINVAL : 0;
    if (err != 0) {
      ::close(fd);
      return unreadable(err);
    }
  }
  std::string text;
  char buf[16384];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      return unreadable(err);
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    if (text.size() > max_bytes) {
      ::close(fd);
      return Problem::make(ProblemKind::Limit, "larger than " + std::to_string(max_bytes) + " bytes");
    }
  }
  ::close(fd);
  return text;
}

}  // namespace datavagt
