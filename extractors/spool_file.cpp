#include "extractors/spool_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace datavagt {

namespace {

Problem temp_problem(const std::string& what, int err) {
  return Problem::make(ProblemKind::Internal, "temporary file: " + what + ": " + std::strerror(err));
}

}  // namespace

Result<std::string> private_temp_dir() {
  const char* base = std::getenv("TMPDIR");
  const std::string dir = std::string(base && *base ? base : "/tmp") + "/datavagt-" + std::to_string(::geteuid());
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return temp_problem("cannot create " + dir, errno);
  struct stat st;
  if (::lstat(dir.c_str(), &st) != 0) return temp_problem("cannot check " + dir, errno);
  // Made by someone else to read what we spool (or a symlink to elsewhere): refused, never used.
  if (!S_ISDIR(st.st_mode) || st.st_uid != ::geteuid() || (st.st_mode & 077) != 0)
    return Problem::make(ProblemKind::Internal, "temporary file: " + dir +
                                                    " is not a directory of mode 0700 owned by this user; "
                                                    "remove it or set TMPDIR");
  return dir;
}

Result<SpoolFile> SpoolFile::create() {
  auto dir = private_temp_dir();
  if (!dir) return dir.problem();
  // O_EXCL: the file can never be given a name (linkat) later either.
  int fd = ::open(dir->c_str(), O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL || errno == ENOENT)) {
    std::string path = *dir + "/spool-XXXXXX";
    fd = ::mkostemp(path.data(), O_CLOEXEC);  // mode 0600
    if (fd >= 0 && ::unlink(path.c_str()) != 0) {
      const int err = errno;
      ::close(fd);
      return temp_problem("cannot unlink " + path, err);
    }
  }
  if (fd < 0) return temp_problem("cannot create one in " + *dir, errno);
  return SpoolFile(fd);
}

SpoolFile& SpoolFile::operator=(SpoolFile&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.fd_;
    size_ = o.size_;
    o.fd_ = -1;
  }
  return *this;
}

SpoolFile::~SpoolFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<bool> SpoolFile::append(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return temp_problem("cannot write", n < 0 ? errno : ENOSPC);
    bytes.remove_prefix(static_cast<std::size_t>(n));
    size_ += static_cast<std::uint64_t>(n);
  }
  return true;
}

}  // namespace datavagt
