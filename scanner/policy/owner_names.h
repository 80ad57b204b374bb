#pragma once
// Names for owners and groups: a uid or gid through the system's user database (getpwuid_r/getgrgid_r:
// /etc/passwd, LDAP or winbind, whatever NSS is set up with), a Windows SID through the policy's [sids],
// else `wbinfo --sid-to-name` where winbind is installed, else the SID itself. Each answer is looked up
// once and cached. Thread-safe. Lookups that fail give a stand-in ("uid 1234", the SID), never an error.
#include <sys/types.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "scanner/policy/policy.h"

namespace datavagt::policy {

class OwnerNames {
 public:
  // `wbinfo`: the program asked for SIDs [sids] does not name ("" = none; found on PATH by the default).
  explicit OwnerNames(const Policy* policy, std::string wbinfo = find_on_path("wbinfo"));

  std::string user(uid_t uid);   // "jens", else "uid 1234"
  std::string group(gid_t gid);  // "domain users", else "" (no name)
  std::string sid(const Sid& s); // "VESTERBY\hholm", else "S-1-5-21-…"

  // The full path of an executable `name` in $PATH, or "".
  static std::string find_on_path(const std::string& name);

 private:
  std::string ask_wbinfo(const std::string& sid) const;

  const Policy* policy_;
  std::string wbinfo_;
  std::mutex mutex_;
  std::map<uid_t, std::string> users_;
  std::map<gid_t, std::string> groups_;
  std::map<std::string, std::string> sids_;
};

}  // namespace datavagt::policy
