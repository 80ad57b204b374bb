#include "scanner/file_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace datavagt {

Problem problem_from_errno(int err, const std::string& what) {
  std::string detail = what + ": " + std::strerror(err);
  switch (err) {
    case EACCES:
    case EPERM: return Problem::make(ProblemKind::PermissionDenied, detail);
    case ENOENT:
    case ENOTDIR: return Problem::make(ProblemKind::Vanished, detail);
    default: return Problem::make(ProblemKind::Unreadable, detail);
  }
}

Result<std::unique_ptr<FileSource>> FileSource::open(const std::string& path, bool follow_symlink) {
  const int base = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (follow_symlink ? 0 : O_NOFOLLOW);
  int fd = ::open(path.c_str(), base | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = ::open(path.c_str(), base);  // not ours: atime may change (relatime)
  if (fd < 0) return problem_from_errno(errno, "open");
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return problem_from_errno(err, "stat");
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Problem::make(ProblemKind::Vanished, "no longer a regular file");
  }
  // Back to blocking reads (O_NONBLOCK only guarded the open against FIFOs).
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::unique_ptr<FileSource>(new FileSource(fd, st));
}

FileSource::~FileSource() { ::close(fd_); }

Result<std::size_t> FileSource::read(std::span<char> buf) {
  for (;;) {
    const ssize_t n = ::read(fd_, buf.data(), buf.size());
    if (n >= 0) {
      bytes_read_ += static_cast<std::uint64_t>(n);
      return static_cast<std::size_t>(n);
    }
    if (errno != EINTR) return problem_from_errno(errno, "read");
  }
}

Result<bool> FileSource::rewind() {
  if (::lseek(fd_, 0, SEEK_SET) != 0) return problem_from_errno(errno, "seek");
  return true;
}

}  // namespace datavagt
