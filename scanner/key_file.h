#pragma once
// The fingerprint key: raw bytes, exactly as stored in the key file (no trimming). Fingerprints are only
// comparable under the same key, so the default key is one per installation, shared by a group (IT's nightly
// scans and the DPO's `datavagt fingerprint` must agree):
//   --key-file FILE     that file; unreadable or empty is an error (exit 2).
//   otherwise           the installation key, $DATAVAGT_KEY_FILE or /var/lib/datavagt/fingerprint.key:
//     readable          used;
//     missing           created where we may (as root: folder 0750 and key 0640, group `datavagt` if that
//                       group exists; else 0700 / 0600), 32 random bytes, atomically;
//     unusable          (cannot be read, or missing and cannot be created) the user's own key,
//                       $XDG_DATA_HOME/datavagt/fingerprint.key or ~/.local/share/datavagt/fingerprint.key
//                       (created 0600), with a warning that its fingerprints will not match the DPO's.
// A key shorter than kMinKeyBytes, or readable or writable by others, is used with a warning.
// Functions here do file I/O only on the paths they are given; no global state; thread-compatible.
#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace datavagt {

inline constexpr std::string_view kInstallationKeyPath = "/var/lib/datavagt/fingerprint.key";
inline constexpr std::string_view kKeyGroup = "datavagt";
inline constexpr std::size_t kNewKeyBytes = 32;
inline constexpr std::size_t kMinKeyBytes = 16;

// Where keys are looked for; from_environment() for the CLI, explicit paths for tests.
struct KeyLocations {
  std::string installation;  // the shared key
  std::string per_user;      // the fallback; "" = none (no home folder)
  std::string group{kKeyGroup};  // given to a newly created installation key, if the group exists

  // $DATAVAGT_KEY_FILE (if set and not empty) or kInstallationKeyPath; $XDG_DATA_HOME or $HOME.
  static KeyLocations from_environment();
};

struct FingerprintKey {
  std::string bytes;
  std::string path;                   // where it was read
  bool per_user = false;              // the installation key could not be used
  bool created = false;               // made by this call
  std::vector<std::string> warnings;  // for stderr and the scan-start record; never the key
};

// The key a scan (or `fingerprint`) uses: `key_file` if not empty, else as the header says. With `create`
// false a missing key is an error instead (`key-id` only looks).
Result<FingerprintKey> load_key(const std::string& key_file, const KeyLocations& where, bool create = true);

// The raw bytes of a key file; a missing, unreadable, empty or > 4 KB file is an error.
Result<std::string> read_key_file(const std::string& path);

// The id of group `name`; a Problem naming it if there is no such group.
Result<gid_t> group_id(const std::string& name);

// What is wrong with a key of `size` bytes in a file of `mode` (short, readable or writable by others).
std::vector<std::string> key_warnings(const std::string& path, std::size_t size, mode_t mode);

// `datavagt keygen`: a new key of kNewKeyBytes random bytes (getrandom) at `path`, mode 0600, or 0640 and
// group `group` if given (which must exist). Missing folders are created (0700, or 0750 with the group).
// Never overwrites: an existing `path` is an error. Returns the key.
Result<std::string> make_key_file(const std::string& path, const std::string& group = {});

}  // namespace datavagt
