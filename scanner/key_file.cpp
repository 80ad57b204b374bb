#include "scanner/key_file.h"

#include <fcntl.h>
#include <grp.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "core/private_directories.h"

namespace datavagt {

namespace {

constexpr std::size_t kMaxKeyFileBytes = 4096;

Problem key_problem(const std::string& what) { return Problem::make(ProblemKind::Unreadable, what); }

std::string mode_text(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

// The missing folders above `path`: 0700 (core/private_directories.h), or 0750 with group `gid` if given.
// 0, or the errno.
int make_parent_dirs(const std::string& path, std::optional<gid_t> gid) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return 0;
  const std::string dir = path.substr(0, slash);
  if (!gid) return make_private_directories(dir) ? 0 : errno;
  constexpr mode_t mode = 0750;
  for (std::size_t i = 1; i <= dir.size(); ++i) {
    if (i < dir.size() && dir[i] != '/') continue;
    const std::string part = dir.substr(0, i);
    if (::mkdir(part.c_str(), mode) == 0) {
      if (::chown(part.c_str(), static_cast<uid_t>(-1), *gid) != 0) return errno;
      if (::chmod(part.c_str(), mode) != 0) return errno;  // whatever the umask
    } else if (errno != EEXIST) {
      return errno;
    }
  }
  return 0;
}

Result<std::string> random_bytes(std::size_t n) {
  std::string key(n, '\0');
  for (std::size_t got = 0; got < n;) {
    const ssize_t r = ::getrandom(key.data() + got, n - got, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return key_problem(std::string("no random bytes for a key: ") + std::strerror(errno));
    got += static_cast<std::size_t>(r);
  }
  return key;
}

// Writes `key` to a private temporary file next to `path` (mode and group set before a byte is written),
// then links it into place: readers never see a half-written key, and an existing file is never replaced.
// 0, or the errno (EEXIST: `path` exists).
int write_new_key(const std::string& path, const std::string& key, mode_t mode, std::optional<gid_t> gid) {
  std::string tmp = path + ".XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return errno;
  int err = 0;
  if (gid && ::fchown(fd, static_cast<uid_t>(-1), *gid) != 0) err = errno;
  if (err == 0 && ::fchmod(fd, mode) != 0) err = errno;
  if (err == 0 && (::write(fd, key.data(), key.size()) != static_cast<ssize_t>(key.size()) || ::fsync(fd) != 0))
    err = errno ? errno : EIO;
  ::close(fd);
  if (err == 0 && ::link(tmp.c_str(), path.c_str()) != 0) err = errno;
  ::unlink(tmp.c_str());
  return err;
}

// Creates a key at `path` with its folders: 0640 / 0750 and group `group` if that group exists, else 0600 /
// 0700. 0, or the errno.
int create_key(const std::string& path, const std::string& group) {
  std::optional<gid_t> gid;
  if (auto g = group_id(group)) gid = *g;
  if (const int err = make_parent_dirs(path, gid)) return err;
  auto key = random_bytes(kNewKeyBytes);
  if (!key) return EIO;
  return write_new_key(path, *key, gid ? 0640 : 0600, gid);
}

// Reads the key at `path` with the warnings its size and mode deserve. `open_errno`: the errno of a failed
// open (0 if it opened).
Result<FingerprintKey> read_key(const std::string& path, int& open_errno) {
  open_errno = 0;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    open_errno = errno;
    return key_problem("cannot read key file " + path + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) st.st_mode = 0;
  FingerprintKey k;
  k.path = path;
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
    k.bytes.append(buf, static_cast<std::size_t>(n));
    if (k.bytes.size() > kMaxKeyFileBytes) {
      ::close(fd);
      return key_problem("key file " + path + " is larger than 4 KB: is it really a key?");
    }
  }
  ::close(fd);
  if (k.bytes.empty()) return key_problem("key file " + path + " is empty");
  // A device or pipe (`--key-file /dev/stdin`) has no mode worth judging.
  k.warnings = key_warnings(path, k.bytes.size(), S_ISREG(st.st_mode) ? st.st_mode : 0);
  return k;
}

bool cannot_access(int err) { return err == EACCES || err == EPERM || err == EROFS; }

// The installation key, created if missing and `create`. Nullopt with `why` set when it cannot be used for
// want of permission (the caller falls back to the user's key); other failures are the Problem.
std::optional<Result<FingerprintKey>> installation_key(const KeyLocations& where, bool create, std::string& why) {
  int err = 0;
  auto k = read_key(where.installation, err);
  if (k || (err != ENOENT && !cannot_access(err))) return k;  // found, or broken: the admin must look
  if (err == ENOENT && create) {
    const int made = create_key(where.installation, where.group);
    if (made == 0 || made == EEXIST) {  // EEXIST: another scan made it first
      auto again = read_key(where.installation, err);
      if (again && made == 0) again->created = true;
      if (again || !cannot_access(err)) return again;
      why = "cannot read the installation key " + where.installation + " (" + std::strerror(err) + ")";
      return std::nullopt;
    }
    if (!cannot_access(made) && made != ENOENT) return Result<FingerprintKey>(key_problem(
        "cannot create the installation key " + where.installation + ": " + std::strerror(made)));
    why = "there is no installation key " + where.installation + " yet, and it cannot be created here (" +
          std::strerror(made) + "); IT makes it with: datavagt keygen " + where.installation + " --group " +
          where.group;
    return std::nullopt;
  }
  if (err == ENOENT) {
    why = "there is no installation key " + where.installation + " yet";
    return std::nullopt;
  }
  why = "cannot read the installation key " + where.installation + " (" + std::strerror(err) + ")";
  return std::nullopt;
}

}  // namespace

Result<gid_t> group_id(const std::string& name) {
  struct group g {};
  struct group* found = nullptr;
  std::string buf(16384, '\0');
  if (name.empty() || ::getgrnam_r(name.c_str(), &g, buf.data(), buf.size(), &found) != 0 || found == nullptr)
    return key_problem("no group '" + name + "'");
  return found->gr_gid;
}

KeyLocations KeyLocations::from_environment() {
  KeyLocations w;
  const char* p = std::getenv("DATAVAGT_KEY_FILE");
  w.installation = p && *p ? p : std::string(kInstallationKeyPath);
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x)
    w.per_user = std::string(x) + "/datavagt/fingerprint.key";
  else if (const char* h = std::getenv("HOME"); h && *h)
    w.per_user = std::string(h) + "/.local/share/datavagt/fingerprint.key";
  return w;
}

std::vector<std::string> key_warnings(const std::string& path, std::size_t size, mode_t mode) {
  std::vector<std::string> w;
  if (size < kMinKeyBytes)
    w.push_back("the key in " + path + " is only " + std::to_string(size) + " byte" + (size == 1 ? "" : "s") +
                " long: fingerprints of CPR numbers under a short key are easy to test guesses against; use " +
                std::to_string(kMinKeyBytes) + " or more (datavagt keygen makes " + std::to_string(kNewKeyBytes) + ")");
  if (mode & (S_IROTH | S_IWOTH))
    w.push_back("the key file " + path + " is " + ((mode & S_IROTH) ? "readable" : "writable") +
                " by others (mode " + mode_text(mode) +
                "): whoever has the key can test guesses of CPR numbers against the fingerprints; make it "
                "0600, or 0640 with a group (chmod o= " + path + ")");
  return w;
}

Result<std::string> read_key_file(const std::string& path) {
  int err = 0;
  auto k = read_key(path, err);
  if (!k) return k.problem();
  return std::move(k->bytes);
}

Result<FingerprintKey> load_key(const std::string& key_file, const KeyLocations& where, bool create) {
  int err = 0;
  if (!key_file.empty()) return read_key(key_file, err);
  std::string why;
  if (auto k = installation_key(where, create, why)) return std::move(*k);
  if (where.per_user.empty()) return key_problem(why + "; and there is no home folder for a key of your own");
  auto own = read_key(where.per_user, err);
  if (!own && err == ENOENT && create) {
    const auto made_dirs = make_parent_dirs(where.per_user, std::nullopt);
    auto key = random_bytes(kNewKeyBytes);
    if (!key) return key.problem();
    const int made = made_dirs ? made_dirs : write_new_key(where.per_user, *key, 0600, std::nullopt);
    if (made != 0 && made != EEXIST)
      return key_problem(why + "; and your own key " + where.per_user + " cannot be created: " + std::strerror(made));
    own = read_key(where.per_user, err);
    if (own && made == 0) own->created = true;
  }
  if (!own) return key_problem(why + "; and " + own.problem().detail);
  own->per_user = true;
  own->warnings.insert(own->warnings.begin(),
                       why + ": using your own key " + where.per_user +
                           " instead. Its fingerprints will not match the DPO's or the nightly scans' (ask IT "
                           "for read access to the installation key, group " + where.group +
                           ", or pass --key-file)");
  return own;
}

Result<std::string> make_key_file(const std::string& path, const std::string& group) {
  std::optional<gid_t> gid;
  if (!group.empty()) {
    auto g = group_id(group);
    if (!g) return key_problem(g.problem().detail + " (make it first: groupadd " + group + ")");
    gid = *g;
  }
  struct stat st;
  if (::lstat(path.c_str(), &st) == 0) return key_problem(path + " exists: a key is never overwritten (fingerprints "
                                                          "made with it would no longer match)");
  if (const int err = make_parent_dirs(path, gid))
    return key_problem("cannot create the folder for " + path + ": " + std::strerror(err));
  auto key = random_bytes(kNewKeyBytes);
  if (!key) return key.problem();
  const int err = write_new_key(path, *key, gid ? 0640 : 0600, gid);
  if (err == EEXIST) return key_problem(path + " exists: a key is never overwritten");
  if (err != 0) return key_problem("cannot write key file " + path + ": " + std::strerror(err));
  return std::move(*key);
}

}  // namespace datavagt
