#pragma once
// Incremental and resumable scans with the findings store (`scan --db`). Per file, on the walk's threads:
//  1. stat it; when the store's index has the path (by its keyed hash) with the same size, mtime and ctime,
//     and its result was decided as this run decides (findings_decision.h), the content is not read: the
//     stored findings are carried forward into a verdict with fresh metadata, which goes on to the policy
//     step and the sinks like any other. (dev, inode) are kept as a hint only: a remount changes them.
//  2. else, when a content of the same size is known, the file is hashed first (SHA-256, one read) and known
//     content is not extracted again: a copy, a moved or renamed file, a touched one.
//  3. else it is scanned, hashing as it is read.
// The writes go to one StoreWriter thread, in batches; a file only needs a write when something about it
// changed. A killed run loses only its last uncommitted batch; running it again skips what was committed
// (with --full too: files read since the run it resumes are not read again). At the end of a complete
// walk, files under the walked roots that were not seen are marked gone — never under a root that is missing
// or empty (an unmounted share), nor under a directory that could not be listed or is on another file system.
// Thread-safety: file(), error(), skipped_directory() and record() from any thread; finish() once, after the
// walk. Errors are values: a store that cannot be read for one file means that file is read.
#include <sys/stat.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/file_verdict.h"
#include "detectors/fingerprint.h"
#include "reports/run_summary.h"
#include "reports/store/store.h"
#include "reports/store/store_writer.h"
#include "scanner/file_scanner.h"
#include "scanner/path_index.h"
#include "scanner/stored_members.h"

namespace datavagt {

struct IncrementalOptions {
  store::RunId run = 0;
  store::RunId chain_start = 0;  // the first run of the chain this run resumes (= run when it resumes none)
  bool full = false;             // read every file again (except those read since chain_start)
  bool clear_paths = false;      // keep raw path bytes even when they hold a CPR-like number
  std::string decided_by;
  std::vector<std::string> roots;  // as named on the command line
  std::vector<std::string> own_files;  // the store's own files (absolute): never scanned
  store::WriterOptions writer;
};

// A root as the store names it: absolute, lexically normal, without trailing slashes (not resolving symlinks:
// the path the user named is the path reported).
std::string absolute_root(const std::string& named);

class IncrementalScan {
 public:
  using ReaderFactory = std::function<Result<std::unique_ptr<store::Store>>()>;

  // Loads the index and the known contents through `store` and starts the writer on `writer_store`.
  // `readers` opens a connection for each scanning thread that needs stored findings.
  static Result<std::unique_ptr<IncrementalScan>> start(store::Store& store, std::unique_ptr<store::Store> writer_store,
                                                        ReaderFactory readers, const Fingerprinter& keyed,
                                                        IncrementalOptions options);
  ~IncrementalScan();

  enum class How { Read, Unchanged, Reused };
  // One file's verdict and what record() needs to store it.
  struct Outcome {
    FileVerdict verdict;
    How how = How::Read;
    struct stat st {};
    bool have_stat = false;
    std::optional<store::ContentHash> hash;
    std::int64_t entry = -1;  // in the index; -1 = a new path
    store::ResultId known_result = 0;
    store::PathKey key{};
    std::string absolute_path;
    int root = -1;
  };

  // `st`: the file's lstat from the walk, if it took one (else it is stat'ed here).
  Outcome file(const std::string& path, bool is_root, FileScanner& scanner, const struct stat* st = nullptr);
  // A path the walk could not read (a directory, a root): stored with its problem; nothing under it is gone.
  Outcome error(const std::string& path, Problem problem);
  // A directory the walk did not enter (another file system): nothing under it is gone.
  void skipped_directory(const std::string& path);
  // After the policy step: hands what changed to the writer.
  void record(Outcome&& outcome);

  bool failed() const;
  // The store's own files, if they lie in the tree: not scanned (their content changes as the scan writes).
  bool own_file(const std::string& path) const;
  // Members of containers kept across runs (stored_members.h), for the run's KnownMembers.
  MemberArchive& stored_members() { return *stored_members_; }
  std::uint64_t unchanged() const { return unchanged_; }
  std::uint64_t reused() const { return reused_; }
  // Marks the gone files (only after a complete walk), commits, stops the writer. Warnings (an empty root) go
  // to `warnings`.
  Result<store::RunCounts> finish(bool walk_complete, const RunSummary& summary, std::FILE* warnings);
  // The writer's connection, back after finish() (to mark the run ended).
  std::unique_ptr<store::Store> release_store();

 private:
  struct Root;
  struct KeyHash {
    std::size_t operator()(const store::ContentHash& k) const;
  };
  IncrementalScan(store::Store& store, ReaderFactory readers, const Fingerprinter& keyed, IncrementalOptions options);

  int resolve(const std::string& path, std::string& absolute) const;
  void visit(Outcome& out);
  bool carry_forward(Outcome& out, const store::IndexEntry& e, FileScanner& scanner);
  store::Store* thread_reader();  // this thread's read connection, opened on first use; nullptr if it cannot be
  bool fill_from_result(FileVerdict& v, store::ResultId id, bool has_records, bool has_text);
  void load_known() const;
  std::optional<store::KnownContent> known(const store::ContentHash& h) const;
  bool size_known(std::uint64_t size) const;
  store::ResultRecord make_result(const Outcome& o) const;
  store::FileRecord make_file_record(const Outcome& o);
  bool unchanged_metadata(const store::IndexEntry& e, const store::FileRecord& f) const;
  std::string owner_name(std::uint32_t uid);
  void protect(const std::string& absolute_path);
  void learn(const std::vector<store::FileWrite>& batch, const std::vector<store::ResultId>& ids);

  store::Store& store_;
  ReaderFactory readers_;
  const Fingerprinter& keyed_;
  IncrementalOptions options_;
  std::vector<std::unique_ptr<Root>> roots_;  // longest name first
  std::vector<store::IndexEntry> entries_;
  std::optional<PathIndex> index_;
  std::unique_ptr<std::atomic<bool>[]> visited_;
  // Earlier runs' reusable contents, loaded on first need (a rescan that reads no file never loads them).
  mutable std::once_flag known_loaded_;
  mutable std::shared_mutex known_mutex_;
  mutable std::unordered_map<store::ContentHash, store::KnownContent, KeyHash> known_;
  mutable std::unordered_set<std::uint64_t> known_sizes_;
  std::unique_ptr<store::StoreWriter> writer_;
  std::unique_ptr<StoredMembers> stored_members_;
  struct Readers;
  std::unique_ptr<Readers> reader_pool_;
  std::mutex mutex_;  // guards the members below
  std::vector<std::string> protected_;  // masked absolute paths whose subtree is never marked gone
  std::unordered_map<std::uint32_t, std::string> owners_;
  std::atomic<std::uint64_t> read_{0}, unchanged_{0}, reused_{0}, new_{0};
  std::atomic<std::uint64_t> overdue_{0}, misplaced_{0};
};

}  // namespace datavagt
