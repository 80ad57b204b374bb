#pragma once
// The Store on SQLite: one file, no server. WAL (readers never wait for the scan), synchronous=FULL (a
// committed batch survives a power loss), secure_delete (purged findings do not linger in free pages).
// The schema is versioned with PRAGMA user_version and migrated forward on open (schema.h); a database from a
// newer Datavagt is refused. Created with mode 0600, or 0660 and the given group (--group): then the WAL and
// shared-memory files are kept (persistent WAL), so the group can open the store in a folder it cannot write.
// One SqliteStore per thread (store.h); the scan lock is an OFD lock on a byte of the database file beyond
// SQLite's own lock bytes, held until the SqliteStore is destroyed.
#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reports/store/schema.h"
#include "reports/store/store.h"

namespace datavagt::store {

struct OpenOptions {
  bool create = false;              // create the file if it does not exist (scan); else it must exist
  bool read_only = false;
  std::optional<gid_t> group;       // 0660 and this group; else 0600
  int busy_timeout_ms = 30000;      // how long a write waits for another writer's transaction
  std::int64_t max_page_count = 0;  // a cap on the database's size in pages (0 = none): tests of a full disk
  const std::vector<Migration>* migrations = nullptr;  // tests: another schema history; nullptr = the real one
};

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<SqliteStore>> open(const std::string& path, const OpenOptions& options);
  ~SqliteStore() override;

  Result<std::string> key_check() override;
  Result<bool> set_key_check(const std::string& value) override;
  Result<bool> try_lock_for_scan() override;
  Result<RunId> begin_run(const RunStart& start) override;
  Result<bool> end_run(RunId id, RunStatus status, const RunCounts& counts, const std::string& error) override;
  Result<std::uint64_t> close_abandoned_runs() override;
  Result<std::vector<RunRecord>> runs() override;
  Result<std::vector<IndexEntry>> load_index(const std::string& decided_by) override;
  Result<bool> load_known_contents(const std::string& decided_by,
                                   const std::function<void(const KnownContent&)>& each) override;
  Result<ResultRecord> load_result(ResultId id) override;
  Result<bool> load_member_keys(const std::string& decided_by,
                                const std::function<void(const ContentHash&, unsigned depth)>& each) override;
  Result<std::optional<MemberRecord>> load_member(const ContentHash& hash, unsigned depth,
                                                  const std::string& decided_by) override;
  Result<bool> write_members(RunId run, const std::vector<MemberRecord>& members) override;
  Result<std::vector<ResultId>> write(RunId run, const std::vector<FileWrite>& files,
                                      const std::vector<FileId>& gone) override;
  Result<std::vector<std::string>> display_paths(const std::vector<FileId>& ids) override;
  Result<bool> for_each_file(const FileQuery& query, const std::function<void(StoredFile&&)>& each) override;
  Result<std::map<FileId, std::vector<FindingKey>>> finding_keys_at(RunId run) override;
  Result<std::vector<FindingSpan>> finding_history() override;
  Result<bool> add_reviews(const std::vector<ReviewRecord>& reviews) override;
  Result<std::vector<ReviewRecord>> reviews() override;
  Result<bool> add_lookup(const LookupRecord& record) override;
  Result<std::vector<LookupRecord>> lookups() override;
  Result<PurgeCounts> purge(const PurgeRequest& request) override;

  int schema_version();  // tests

 private:
  struct Impl;
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace datavagt::store
