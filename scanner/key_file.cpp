#include "scanner/key_file.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/private_directories.h"


namespace datavagt {

namespace {

constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kMaxKeyFileBytes = 4096;

Problem key_problem(const std::string& what) { return Problem::make(ProblemKind::Unreadable, what); }

}  // namespace

Result<std::string> read_key_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return key_problem("cannot read key file " + path + ": " + std::strerror(errno));
  std::string key;
  char buf[1024];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      return key_problem("cannot read key file " + path + ": " + std::strerror(err));
    }
    if (n == 0) break;
    key.append(buf, static_cast<std::size_t>(n));
    if (key.size() > kMaxKeyFileBytes) {
      ::close(fd);
      return key_problem("key file " + path + " is larger than 4 KB: is it really a key?");
    }
  }
  ::close(fd);
  if (key.empty()) return key_problem("key file " + path + " is empty");
  return key;
}

std::string default_key_path() {
  if (const char* p = std::getenv("DATAVAGT_KEY_FILE"); p && *p) return p;
  std::string base;
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) {
    base = x;
  } else if (const char* h = std::getenv("HOME"); h && *h) {
    base = std::string(h) + "/.local/share";
  } else {
    base = "/var/lib";
  }
  return base + "/datavagt/fingerprint.key";
}

Result<std::string> read_or_create_key(const std::string& path) {
  if (::access(path.c_str(), F_OK) == 0) return read_key_file(path);
  const auto slash = path.rfind('/');
  if (slash != std::string::npos && slash > 0 && !make_private_directories(path.substr(0, slash)))
    return key_problem("cannot create the folder for " + path + ": " + std::strerror(errno));

  char key[kKeyBytes];
  for (std::size_t got = 0; got < kKeyBytes;) {
    const ssize_t n = ::getrandom(key + got, kKeyBytes - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return key_problem(std::string("no random bytes for a key: ") + std::strerror(errno));
    got += static_cast<std::size_t>(n);
  }
  // Write a private temporary file, then link it into place: readers never see a half-written key, and a
  // key another scan created first wins.
  std::string tmp = path + ".XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return key_problem("cannot create key file " + path + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);
  const bool written = ::write(fd, key, kKeyBytes) == static_cast<ssize_t>(kKeyBytes) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    ::unlink(tmp.c_str());
    return key_problem("cannot write key file " + path);
  }
  const int linked = ::link(tmp.c_str(), path.c_str());
  const int link_err = errno;
  ::unlink(tmp.c_str());
  if (linked != 0 && link_err != EEXIST)
    return key_problem("cannot create key file " + path + ": " + std::strerror(link_err));
  return read_key_file(path);
}

}  // namespace datavagt
