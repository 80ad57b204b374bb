#pragma once
// Compiled Hyperscan databases kept on disk between runs: compiling CPR plus the dictionaries takes
// ~0.3-0.5 s, loading a serialised database < 1 ms, and a department's quick scan of one folder should not
// pay the compile each time. Keyed by a SHA-256 of everything that shapes the database (Hyperscan version,
// this CPU's features, mode, every expression, flag and id), so a changed dictionary or another machine
// simply misses. A cache that cannot be read or written is ignored: it is never needed for a correct scan.
// Thread-safe (no shared state); files are written atomically (temporary file + rename), mode 0600; the cache
// folder and its missing parents (~/.cache of a service user that never had one) are created with mode 0700.
#include <string>
#include <vector>

struct hs_database;

namespace datavagt {

class DatabaseCache {
 public:
  // `dir` empty = no cache folder (only the databases built into the program, prebuilt_databases.h).
  explicit DatabaseCache(std::string dir) : dir_(std::move(dir)) {}

  // The cache key of a database compiled from these inputs on this machine.
  static std::string key(const std::vector<std::string>& expressions, const std::vector<unsigned>& flags,
                         unsigned mode);
  // A database stored under `key` (built into the program, else in the folder), or nullptr.
  hs_database* load(const std::string& key) const;
  // Stores `db` under `key` (best effort).
  void store(const std::string& key, const hs_database* db) const;

  // $DATAVAGT_CACHE_DIR, else $XDG_CACHE_HOME/datavagt, else ~/.cache/datavagt; "" if none can be named or
  // HOME is not an existing directory (it is never created).
  static std::string default_dir();

 private:
  std::string path(const std::string& key) const;
  std::string dir_;
};

}  // namespace datavagt
