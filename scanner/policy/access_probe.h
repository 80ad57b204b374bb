#pragma once
// The one place the policy asks the operating system about a file (after it was scanned, and only when it
// holds personal data): its owner, and — when the policy checks who may read it — its POSIX mode and ACL
// (libacl) and those of every folder up to "/", or on a CIFS/SMB mount its Windows security descriptor (the
// `system.cifs_acl` extended attribute). Reads only, and nothing is opened (no access time changes): the
// mode and owner are the ones the scan's fstat saw; folder facts, file system types (per device) and names
// are cached, so a share of 100,000 files stats /srv/share once, and most files cost no system call at all.
// Only a file whose group bits allow reading (where an ACL's named groups or a broad owning group could add
// readers) is asked for its group and ACL, by path (a stat that does not follow a symlink, an extended
// attribute). Thread-safe. Nothing here fails: what cannot be read is said in AccessFacts::unreadable (the
// file then gets an "acl-unreadable" note, and is still reported).
#include <sys/types.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/item.h"
#include "scanner/policy/access_facts.h"
#include "scanner/policy/owner_names.h"

namespace datavagt::policy {

// statfs f_type of CIFS/SMB mounts: cifs (0xFF534D42), smb3 (0xFE534D42) and the old smbfs (0x517B).
bool is_cifs_file_system(long f_type);

struct ProbeOptions {
  std::function<bool(long f_type)> is_cifs = is_cifs_file_system;
  std::string nt_xattr = "system.cifs_acl";  // where a CIFS mount hands out the NT security descriptor
};

struct FileFacts {
  AccessFacts access;  // empty unless asked for
  std::string owner;   // the owner's name (on CIFS: the descriptor's owner SID, named), "" if the file is gone
};

class AccessProbe {
 public:
  explicit AccessProbe(OwnerNames& names, ProbeOptions options = {});
  AccessProbe(const AccessProbe&) = delete;
  AccessProbe& operator=(const AccessProbe&) = delete;

  // The file as the scan saw it (`scanned.location.path`, its mode and owner from the scan's fstat).
  // `follow`: the path was named on the command line (a symlink there is followed, as the scan did).
  FileFacts probe(const ItemInfo& scanned, bool with_access, bool follow = false);

 private:
  struct Chain {
    bool cifs = false;  // the folder is on a CIFS/SMB mount (then no folders are listed)
    std::vector<PosixPermissions> folders;
    std::optional<std::string> unreadable;
  };
  bool cifs(dev_t dev, const std::string& path);
  std::shared_ptr<const Chain> folder_chain(const std::string& folder);
  // One folder (a canonical path), or why it could not be read.
  std::shared_ptr<const Chain> folder(const std::string& canonical);

  OwnerNames& names_;
  ProbeOptions options_;
  std::mutex mutex_;
  std::map<dev_t, bool> cifs_;
  std::map<std::string, std::shared_ptr<const Chain>> chains_;   // folder as the path names it -> up to "/"
  std::map<std::string, std::shared_ptr<const Chain>> folders_;  // canonical folder -> its own facts (one entry)
};

}  // namespace datavagt::policy
