#pragma once
// The findings store: scan runs, the files each run saw, the result of reading a file's content (findings,
// problems, notes), review states, the lookup audit, and the incremental index a rescan skips unchanged files
// by. One interface; SQLite now (sqlite_store.h), PostgreSQL next: no SQL outside a backend's own files.
//
// Contract. A Store object is one connection, used by one thread at a time; open several (one per thread, one
// per process) on the same database. Reads never wait for a writer; writes are serialised by the backend (a
// writer waits for another writer's transaction up to a busy timeout). Every call returns a Problem rather
// than throwing: kind `Corrupt` for a damaged or foreign database, `UnsupportedFormat` for one written by a
// newer Datavagt, `Internal` for everything else the backend refuses (disk full, I/O errors). A failed write
// leaves the last committed state as it was.
// Personal data: the store keeps no CPR number in clear. Callers hand it masked values, keyed fingerprints,
// masked names (store_text.h) and keyed hashes of raw paths; raw path bytes only when they carry no CPR-like
// number, or when the user asked for clear paths.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/file_verdict.h"
#include "core/result.h"
#include "core/run_status.h"

namespace datavagt::store {

using RunId = std::int64_t;
using FileId = std::int64_t;
using ResultId = std::int64_t;

using PathKey = std::array<unsigned char, 16>;      // keyed hash of a file's raw absolute path
using ContentHash = std::array<unsigned char, 32>;  // SHA-256 of a file's bytes
using FindingKey = std::array<unsigned char, 16>;   // a finding's identity within its content (review_key.h)

// A run's status is the one every report of a run uses (core/run_status.h).
using ::datavagt::RunStatus;

// Totals of one run, kept for history and trends.
struct RunCounts {
  std::uint64_t files = 0;                // files accounted for (read, unchanged, reused, or with an error)
  std::uint64_t files_read = 0;           // content read and extracted in this run
  std::uint64_t files_unchanged = 0;      // same path, size, mtime and ctime: findings carried forward
  std::uint64_t files_reused = 0;         // content already known (same SHA-256): findings reused, not extracted
  std::uint64_t files_new = 0;            // paths not seen before
  std::uint64_t files_gone = 0;           // marked gone at the end of this run
  std::uint64_t files_with_findings = 0;
  std::uint64_t files_with_problems = 0;
  std::uint64_t findings = 0;
  std::uint64_t bytes_read = 0;
  std::uint64_t text_bytes = 0;
  std::uint64_t files_overdue = 0;        // files with findings the policy flagged overdue
  std::uint64_t files_misplaced = 0;      // … flagged misplaced
  std::uint64_t skipped_symlinks = 0;     // not reached by the walk: symbolic links (never followed),
  std::uint64_t skipped_special = 0;      // FIFOs, sockets and devices (never opened),
  std::uint64_t skipped_other_fs = 0;     // directories on other file systems
};

struct RunStart {
  std::int64_t started_at = 0;            // unix seconds
  std::vector<std::string> roots;         // masked absolute paths
  std::string options_json;               // the scan's options (no key, nothing personal)
  std::string decided_by;                 // fingerprint of everything that decides findings
  std::string policy_hash;                // of the policy in force ("" = none)
  bool full = false;                      // --full: every file read again
  RunId resumes = 0;                      // the unfinished run this one continues, 0 = none
  RunId chain_start = 0;                  // first run of a chain of resumed runs; 0 = this run itself
  std::string host;
  std::string user;
};

struct RunRecord {
  RunId id = 0;
  RunStart start;
  std::int64_t ended_at = 0;  // 0 = never ended (running, or killed)
  RunStatus status = RunStatus::Running;
  RunCounts counts;
  std::string error;
};

// What the scanner knows about one file, written after every change; `id` 0 for a file not in the store yet.
struct FileRecord {
  FileId id = 0;
  PathKey path_key{};
  std::string display_path;                // absolute, CPR-like numbers masked
  std::optional<std::string> path_bytes;   // the raw bytes, only when they may be stored (see above)
  std::string root;                        // the masked root it was reached from
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;
  std::uint64_t dev = 0;                   // (dev, inode): a hint only; they change when a share is remounted
  std::uint64_t inode = 0;
  std::uint32_t mode = 0;
  std::uint32_t owner_uid = 0;
  // Policy verdict, recomputed every run from fresh metadata.
  std::string owner;
  std::string department;
  std::string responsible;
  std::vector<std::string> flags;          // overdue, misplaced
  std::string policy_json = "{}";          // details: overdue rule and days, misplaced reasons
  // Set by the store.
  ResultId result_id = 0;
  RunId first_run = 0;
  RunId scanned_run = 0;                   // the last run that read its content
  RunId gone_run = 0;                      // 0 = present
};

// The outcome of reading one file's content. Shared by every file with the same content (and decided_by).
struct ResultRecord {
  ResultId id = 0;
  std::optional<ContentHash> content_hash;  // none when the content could not be read whole
  std::string decided_by;
  RunId run_id = 0;
  std::string format;
  bool has_text = true;
  std::uint64_t bytes_read = 0;
  std::uint64_t text_bytes = 0;
  // May stand for the file's content in a later run: false when a problem may go away by itself (permission
  // denied, vanished, unreadable, internal, the time budget).
  bool reusable = true;
  std::vector<Finding> findings;          // members and names masked
  std::vector<FindingKey> finding_keys;   // parallel to findings
  std::vector<Problem> problems;
  std::vector<std::string> notes;
  std::uint64_t records() const { return findings.size() + problems.size() + notes.size(); }
};

// A scanned or changed file as the scanner hands it over. Exactly one of: a new result, the id of a known
// result (same content), or neither (content unchanged; only metadata and the policy verdict are written).
struct FileWrite {
  FileRecord file;
  std::optional<ResultRecord> new_result;
  ResultId known_result = 0;
};

// One line of the incremental index: what a rescan needs to decide, per file, without reading it.
struct IndexEntry {
  FileId id = 0;
  PathKey path_key{};
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;
  std::uint64_t dev = 0;
  std::uint64_t inode = 0;
  ResultId result_id = 0;
  bool result_current = false;   // the result is reusable and was decided as this run decides
  bool result_has_records = false;
  bool has_text = true;
  RunId scanned_run = 0;
  RunId gone_run = 0;
  // The stored policy verdict (owner, department, responsible, flags, details) as verdict_digest()
  // (stored_verdict.h) sums it up: a rescan compares it to this run's verdict to know whether to write.
  std::uint64_t verdict_digest = 0;
};

// A reusable result of earlier runs, by content: a copy or a moved file is not extracted again.
struct KnownContent {
  ContentHash hash{};
  ResultId result_id = 0;
  std::uint64_t size = 0;
  bool has_records = false;
  bool has_text = true;
};

enum class ReviewState { Open, Handled, FalsePositive, Deleted, Moved, Accepted };
std::string_view to_string(ReviewState s);
std::optional<ReviewState> review_state_from(std::string_view s);

// A review decision. Kept forever as a trail; the latest one that applies wins (review_book.h).
struct ReviewRecord {
  std::int64_t id = 0;
  ContentHash content_hash{};
  std::optional<FindingKey> finding_key;  // none = the whole file
  PathKey path_key{};                     // where it was reviewed
  std::string display_path;
  ReviewState state = ReviewState::Open;
  std::string reason;
  std::string reviewer;
  std::int64_t at = 0;
};

// A file as reports read it: its record and its current result.
struct StoredFile {
  FileRecord file;
  std::optional<ResultRecord> result;
};

// A file's result over a span of runs: present with it from `from` up to, not including, `to` (0 = still).
struct FindingSpan {
  FileId file = 0;
  RunId from = 0;
  RunId to = 0;
  std::optional<ContentHash> content;
  std::vector<FindingKey> keys;  // the result's findings
};

struct FileQuery {
  bool include_gone = false;
  std::optional<std::string> display_path;  // exactly this one
  std::optional<std::string> glob;          // fnmatch(3) over the display path
  bool only_with_records = false;           // findings, problems or notes
  std::optional<std::string> fingerprint;   // files whose current result has a finding with it
  bool without_results = false;             // the file records only (faster)
};

struct LookupRecord {
  std::int64_t at = 0;
  std::string who;
  std::vector<std::string> fingerprints;
  std::uint64_t hits = 0;
};

struct PurgeRequest {
  std::optional<std::int64_t> before;       // runs started before this time (unix seconds)
  std::optional<std::uint64_t> keep_runs;   // keep only the newest N runs
  std::int64_t now = 0;
};

struct PurgeCounts {
  std::uint64_t runs = 0;
  std::uint64_t files = 0;     // gone files forgotten
  std::uint64_t results = 0;   // results (with their findings) no file needs any more
  std::uint64_t reviews = 0;   // review decisions about content no longer held
};

class Store {
 public:
  virtual ~Store() = default;

  // The key check value stored at creation (Fingerprinter::key_check_value()); "" if none yet. set_key_check() stores it once.
  virtual Result<std::string> key_check() = 0;
  virtual Result<bool> set_key_check(const std::string& value) = 0;

  // Held for a whole scan run: a second scan on the same database gets false (it is in use).
  virtual Result<bool> try_lock_for_scan() = 0;

  // Runs.
  virtual Result<RunId> begin_run(const RunStart& start) = 0;
  virtual Result<bool> end_run(RunId id, RunStatus status, const RunCounts& counts, const std::string& error) = 0;
  // Runs left `running` by a process that died: marked interrupted. Call with the scan lock held.
  virtual Result<std::uint64_t> close_abandoned_runs() = 0;
  virtual Result<std::vector<RunRecord>> runs() = 0;  // oldest first

  // The incremental index and the known contents, as they are now.
  virtual Result<std::vector<IndexEntry>> load_index(const std::string& decided_by) = 0;
  virtual Result<bool> load_known_contents(const std::string& decided_by,
                                           const std::function<void(const KnownContent&)>& each) = 0;
  // A stored result. Called for every carried-forward file of a rescan, so a backend may read a run of calls
  // from one snapshot (SQLite keeps one for up to 512 calls or 200 ms); a result committed after that snapshot
  // must still be found (look again in a fresh one). Any other call on the connection ends the snapshot.
  virtual Result<ResultRecord> load_result(ResultId id) = 0;

  // One transaction: files scanned or changed, files gone. Returns the ids of the new results, in order.
  virtual Result<std::vector<ResultId>> write(RunId run, const std::vector<FileWrite>& files,
                                              const std::vector<FileId>& gone) = 0;
  virtual Result<std::vector<std::string>> display_paths(const std::vector<FileId>& ids) = 0;

  // Reports.
  virtual Result<bool> for_each_file(const FileQuery& query, const std::function<void(StoredFile&&)>& each) = 0;
  // Did the file have a finding with this key in the given run (history: what was there at the end of it)?
  virtual Result<std::map<FileId, std::vector<FindingKey>>> finding_keys_at(RunId run) = 0;
  // Every span of runs in which a file held a result with findings, gone files included (for trends).
  virtual Result<std::vector<FindingSpan>> finding_history() = 0;

  // Review states.
  virtual Result<bool> add_reviews(const std::vector<ReviewRecord>& reviews) = 0;
  virtual Result<std::vector<ReviewRecord>> reviews() = 0;

  // Lookup audit.
  virtual Result<bool> add_lookup(const LookupRecord& record) = 0;
  virtual Result<std::vector<LookupRecord>> lookups() = 0;

  // Retention: deletes old runs and what only they needed, then gives the space back (and scrubs it).
  virtual Result<PurgeCounts> purge(const PurgeRequest& request) = 0;
};

}  // namespace datavagt::store
