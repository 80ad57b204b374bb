#include "scanner/policy/access_probe.h"

#include <acl/libacl.h>
#include <fcntl.h>
#include <sys/acl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace datavagt::policy {

namespace {

constexpr std::size_t kMaxDescriptorBytes = 65536 + 4096;  // an ACL is at most 64 KiB, plus owner and group

struct AclFree {
  void operator()(void* p) const { ::acl_free(p); }
};
using AclHandle = std::unique_ptr<std::remove_pointer_t<acl_t>, AclFree>;

std::string failure(const std::string& what, int err) { return what + ": " + std::strerror(err); }

std::uint8_t bits_of(acl_entry_t e) {
  acl_permset_t set = nullptr;
  if (::acl_get_permset(e, &set) != 0) return 0;
  std::uint8_t b = 0;
  if (::acl_get_perm(set, ACL_READ) == 1) b |= 4;
  if (::acl_get_perm(set, ACL_WRITE) == 1) b |= 2;
  if (::acl_get_perm(set, ACL_EXECUTE) == 1) b |= 1;
  return b;
}

// The access ACL's named groups, owning-group entry and mask into `p`. A file system without ACLs
// (ENOTSUP) has none: the mode says it all.
std::optional<std::string> read_acl(acl_t acl, int err, PosixPermissions& p, OwnerNames& names) {
  if (acl == nullptr) {
    if (err == ENOTSUP || err == ENOSYS) return std::nullopt;
    return failure("POSIX ACL", err);
  }
  AclHandle owned(acl);
  acl_entry_t e = nullptr;
  for (int r = ::acl_get_entry(acl, ACL_FIRST_ENTRY, &e); r == 1; r = ::acl_get_entry(acl, ACL_NEXT_ENTRY, &e)) {
    acl_tag_t tag = ACL_UNDEFINED_TAG;
    if (::acl_get_tag_type(e, &tag) != 0) continue;
    switch (tag) {
      case ACL_GROUP_OBJ: p.acl_group_obj = bits_of(e); break;
      case ACL_MASK:
        p.acl_mask = bits_of(e);
        p.has_acl = true;
        break;
      case ACL_USER: p.has_acl = true; break;
      case ACL_GROUP: {
        p.has_acl = true;
        auto* gid = static_cast<gid_t*>(::acl_get_qualifier(e));
        if (gid == nullptr) break;
        PosixPermissions::NamedGroup g{*gid, names.group(*gid), bits_of(e)};
        ::acl_free(gid);
        p.acl_groups.push_back(std::move(g));
        break;
      }
      default: break;
    }
  }
  return std::nullopt;
}

PosixPermissions permissions_of(const struct stat& st, OwnerNames& names) {
  PosixPermissions p;
  p.mode = st.st_mode & 07777;
  p.gid = st.st_gid;
  p.group = names.group(st.st_gid);
  p.acl_group_obj = static_cast<std::uint8_t>((st.st_mode >> 3) & 7);
  return p;
}

std::string parent_folder(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

bool is_cifs_file_system(long f_type) {
  const auto t = static_cast<unsigned long>(f_type) & 0xFFFFFFFFul;
  return t == 0xFF534D42ul || t == 0xFE534D42ul || t == 0x517Bul;
}

AccessProbe::AccessProbe(OwnerNames& names, ProbeOptions options) : names_(names), options_(std::move(options)) {}

bool AccessProbe::cifs(dev_t dev, const std::string& path) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = cifs_.find(dev); it != cifs_.end()) return it->second;
  }
  struct statfs sfs {};
  const bool is = ::statfs(path.c_str(), &sfs) == 0 && options_.is_cifs(static_cast<long>(sfs.f_type));
  std::lock_guard lock(mutex_);
  return cifs_.emplace(dev, is).first->second;
}

std::shared_ptr<const AccessProbe::Chain> AccessProbe::folder(const std::string& canonical) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = folders_.find(canonical); it != folders_.end()) return it->second;
  }
  auto c = std::make_shared<Chain>();
  struct stat st {};
  if (::stat(canonical.c_str(), &st) != 0) {
    c->unreadable = failure(canonical, errno);
  } else {
    PosixPermissions p = permissions_of(st, names_);
    acl_t acl = ::acl_get_file(canonical.c_str(), ACL_TYPE_ACCESS);
    if (auto error = read_acl(acl, errno, p, names_)) c->unreadable = canonical + ": " + *error;
    c->folders.push_back(std::move(p));
  }
  std::lock_guard lock(mutex_);
  return folders_.emplace(canonical, std::move(c)).first->second;
}

std::shared_ptr<const AccessProbe::Chain> AccessProbe::folder_chain(const std::string& path_folder) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = chains_.find(path_folder); it != chains_.end()) return it->second;
  }
  auto chain = std::make_shared<Chain>();
  char resolved[PATH_MAX];
  struct stat st {};
  if (::realpath(path_folder.c_str(), resolved) == nullptr || ::stat(resolved, &st) != 0) {
    chain->unreadable = failure(path_folder, errno);
  } else if ((chain->cifs = cifs(st.st_dev, resolved))) {
    // The NT descriptor decides on its own: no POSIX facts of the folders are needed.
  } else {
    // The folder itself, then each parent up to "/".
    std::string f = resolved;
    for (;;) {
      auto one = folder(f);
      if (one->unreadable) {
        chain->unreadable = one->unreadable;
        break;
      }
      chain->folders.push_back(one->folders.front());
      if (f == "/") break;
      f = parent_folder(f);
    }
  }
  std::lock_guard lock(mutex_);
  return chains_.emplace(path_folder, std::move(chain)).first->second;
}

FileFacts AccessProbe::probe(const ItemInfo& scanned, bool with_access, bool follow) {
  FileFacts facts;
  const std::string& path = scanned.location.path;
  const auto chain = folder_chain(parent_folder(path));
  facts.access.cifs = chain->cifs;
  if (chain->cifs) {
    // The mode and uid are the mount's inventions: the descriptor has the owner and the DACL.
    std::string bytes(kMaxDescriptorBytes, '\0');
    const ssize_t n = follow ? ::getxattr(path.c_str(), options_.nt_xattr.c_str(), bytes.data(), bytes.size())
                             : ::lgetxattr(path.c_str(), options_.nt_xattr.c_str(), bytes.data(), bytes.size());
    if (n < 0) {
      facts.access.unreadable = failure(options_.nt_xattr, errno);
    } else {
      bytes.resize(static_cast<std::size_t>(n));
      std::string why;
      facts.access.nt = parse_security_descriptor(bytes, &why);
      if (!facts.access.nt) facts.access.unreadable = options_.nt_xattr + ": malformed NT security descriptor: " + why;
    }
    facts.owner = facts.access.nt && facts.access.nt->owner ? names_.sid(*facts.access.nt->owner)
                                                            : names_.user(scanned.owner_uid);
    return facts;
  }
  facts.owner = names_.user(scanned.owner_uid);
  if (!with_access) return facts;
  if (chain->unreadable) {
    facts.access.unreadable = chain->unreadable;
    return facts;
  }
  facts.access.folders = std::shared_ptr<const std::vector<PosixPermissions>>(chain, &chain->folders);
  facts.access.file.mode = scanned.mode & 07777;
  facts.access.file.acl_group_obj = static_cast<std::uint8_t>((scanned.mode >> 3) & 7);
  // The mode the scan saw settles it, without a system call, unless the group class can add readers: only
  // its bits (the ACL mask, when there is an ACL) decide whether a named group or the owning group may read,
  // and nothing is broader than 'other' reading the file through every folder.
  bool everyone = (scanned.mode & 004) != 0;
  for (const auto& f : chain->folders) everyone = everyone && (f.other() & kExecute);
  if (!(scanned.mode & 040) || everyone) return facts;
  // The owning group and the ACL. The stat does not follow a symlink put where the scanned file was (a root
  // named on the command line is followed, as the scan did).
  struct stat st {};
  if (::fstatat(AT_FDCWD, path.c_str(), &st, follow ? 0 : AT_SYMLINK_NOFOLLOW) != 0) {
    facts.access.unreadable = failure("stat", errno);
    return facts;
  }
  if (!S_ISREG(st.st_mode)) {
    facts.access.unreadable = "no longer a regular file";
    return facts;
  }
  facts.access.file = permissions_of(st, names_);
  acl_t acl = ::acl_get_file(path.c_str(), ACL_TYPE_ACCESS);
  if (auto error = read_acl(acl, errno, facts.access.file, names_)) facts.access.unreadable = *error;
  return facts;
}

}  // namespace datavagt::policy
