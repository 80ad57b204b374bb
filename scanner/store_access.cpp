#include "scanner/store_access.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "reports/store/identity.h"
#include "reports/store/sqlite_store.h"
#include "scanner/key_file.h"

namespace datavagt {

using namespace store;

int command_error(const std::string& message) {
  std::fprintf(stderr, "datavagt: %s\n", message.c_str());
  return 2;
}

Result<std::unique_ptr<Store>> open_existing_store(const std::string& path, bool read_only) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return Problem::make(ProblemKind::Vanished, "cannot open " + path + ": " + std::strerror(errno));
  OpenOptions o;
  o.read_only = read_only;
  auto s = SqliteStore::open(path, o);
  if (!s) return s.problem();
  return std::unique_ptr<Store>(std::move(*s));
}

Result<Fingerprinter> key_for_store(Store& db, const std::string& db_path, const std::string& key_file) {
  auto key = load_key(key_file, KeyLocations::from_environment(), /*create=*/false);
  if (!key) return key.problem();
  for (const auto& w : key->warnings) std::fprintf(stderr, "datavagt: warning: %s\n", w.c_str());
  const std::string path = key->path;
  Fingerprinter keyed(std::move(key->bytes));
  auto stored = db.key_check();
  if (!stored) return stored.problem();
  const std::string check = keyed.key_check_value();
  if (!stored->empty() && *stored != check)
    return Problem::make(ProblemKind::PermissionDenied,
                         "the key in " + path + " is not the key " + db_path + " was made with (key check " +
                             *stored + ", this key gives " + check + "): pass the right one with --key-file");
  return keyed;
}

Result<std::vector<ReviewState>> parse_states(const std::vector<std::string>& names) {
  std::vector<ReviewState> out;
  for (const auto& n : names) {
    const auto s = review_state_from(n);
    if (!s)
      return Problem::make(ProblemKind::UnsupportedFormat,
                           "unknown review state '" + n +
                               "' (known: open, handled, false-positive, deleted, moved, accepted)");
    out.push_back(*s);
  }
  return out;
}

}  // namespace datavagt
