#include "scanner/private_output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace datavagt {

namespace {

// 0600, or 0640 and the group. False with errno set when the group cannot be given.
bool make_private(int fd, std::optional<gid_t> group) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return true;
  if (group && ::fchown(fd, static_cast<uid_t>(-1), *group) != 0) return false;
  return ::fchmod(fd, group ? 0640 : 0600) == 0;
}

Problem cannot_write(const std::string& path) {
  return Problem::make(ProblemKind::PermissionDenied, "cannot write " + path + ": " + std::strerror(errno));
}

}  // namespace

OutputFile open_private_output(const std::string& path, std::optional<gid_t> group) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return nullptr;
  if (!make_private(fd, group)) {
    const int e = errno;
    ::close(fd);
    errno = e;
    return nullptr;
  }
  return OutputFile(::fdopen(fd, "w"));
}

Result<bool> write_private_file(const std::string& path, std::string_view content, std::optional<gid_t> group) {
  if (path == "-") {
    if (std::fwrite(content.data(), 1, content.size(), stdout) != content.size() || std::fflush(stdout) != 0)
      return cannot_write("standard output");
    return true;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {  // /dev/null, a pipe: written in place
    OutputFile f = open_private_output(path, group);
    if (!f || std::fwrite(content.data(), 1, content.size(), f.get()) != content.size() || std::fflush(f.get()) != 0)
      return cannot_write(path);
    return true;
  }
  const std::size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string temp = dir + "." + name + ".XXXXXX";
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);  // 0600
  if (fd < 0) return cannot_write(path);
  bool ok = make_private(fd, group);
  for (std::size_t done = 0; ok && done < content.size();) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const int e = errno;
  ok = ::close(fd) == 0 && ok;
  if (ok && ::rename(temp.c_str(), path.c_str()) == 0) return true;
  errno = ok ? errno : e;
  const Problem p = cannot_write(path);
  ::unlink(temp.c_str());
  return p;
}

}  // namespace datavagt
