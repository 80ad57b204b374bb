#pragma once
// Scans one on-disk file and everything nested in it, on the calling thread: open, sniff, extract, match,
// and collect the FileVerdict. One ItemScanner per worker thread (it owns that thread's MatchSessions, one
// per nesting depth). Exceptions stop here: a bug or resource failure becomes an `internal` problem.
// Bounds per on-disk file (file_budget.h): time and unpacked bytes; identical members are matched once.
//
// Every member an extractor hands on (ExtractSink::nested: an archive entry, an attachment, an embedded
// object, a PST message) takes one path, scan_member(), which decides where it is scanned (MemberRoute):
// streamed in line, read whole and matched once per copy (seen_members.h), or read whole and scanned as a
// member task on another core (member_tasks.h) while the container is read on. The verdict is the same
// whichever route a member takes. A member's results (findings, problems, notes) are one unit, appended to
// the verdict where the member was offered.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/file_verdict.h"
#include "detectors/match_session.h"
#include "detectors/ruleset.h"
#include "extractors/byte_source.h"
#include "scanner/file_budget.h"
#include "scanner/file_scanner.h"
#include "scanner/file_source.h"
#include "scanner/known_members.h"
#include "scanner/member_tasks.h"
#include "scanner/seen_members.h"

namespace datavagt {

// Where a member is scanned: the one decision scan_member() makes per member. (Whole files go to worker
// processes one level up: worker_pool.h.)
enum class MemberRoute {
  Refused,   // not scanned: deeper than Limits::max_depth, or unreadable before it was read whole (a problem)
  Streamed,  // in line on this thread, from its own source (too big to read whole, or nothing is read whole)
  Copy,      // identical to a member already scanned, or being scanned by a task: that member's results again
  Task,      // read whole and scanned by a member task on another core
  Whole,     // read whole and scanned in line from memory (remembered for its copies)
};

class ItemScanner final : public FileScanner {
 public:
  // Called on this scanner's thread before each item (the file, then each member) is extracted, with the
  // verdict as it stands: a worker process sends what the verdict has gained since the last call (results
  // stream out member by member) and injects its test faults here. Empty = none.
  using BeforeItem = std::function<void(const ItemInfo& item, const FileVerdict& verdict)>;

  // With a `pool` (and more than one thread, and Limits::parallel_member_bytes > 0), members are scanned as
  // tasks; without one, every member is scanned in line on the calling thread. With `known`, a member met in
  // an earlier file of the run is not extracted again (known_members.h); it must outlive the scanner.
  ItemScanner(const Ruleset& rules, const DetectContext& ctx, ScannerPool* pool = nullptr,
              KnownMembers* known = nullptr)
      : rules_(rules), ctx_(ctx), pool_(pool) {
    own_seen_.set_run_wide(known);
  }
  ItemScanner(const ItemScanner&) = delete;
  ItemScanner& operator=(const ItemScanner&) = delete;

  FileVerdict scan_file(const std::string& path, bool follow_symlink = false) override;
  // The same for a file already open (the findings store opens it to hash it first); reads it from where it is.
  FileVerdict scan_open_file(const std::string& path, FileSource& src) override;
  void set_before_item(BeforeItem hook) { before_item_ = std::move(hook); }
  // The one way in for a member an extractor hands on (from the ExtractSink of its container): decides its
  // route, scans it (or hands it to a task) and adds what it gives to `verdict`; returns the route taken.
  // A member deeper than Limits::max_depth is refused with a `limit` problem, unread.
  MemberRoute scan_member(ByteSource& in, const ItemInfo& info, FileVerdict& verdict);
  // A member task (member_tasks.h): the member read whole into `bytes` (`rewindable`: whether its own source
  // could start over), scanned as scan_member scans a member read whole, charging the owner file's `budget`
  // and sharing its `seen` members; adds to `verdict`.
  void scan_task(std::string_view bytes, bool rewindable, const ItemInfo& info, FileBudget& budget,
                 SeenMembers& seen, FileVerdict& verdict);
  // What the member tasks of the last file scanned with scan_file did.
  const MemberTaskCounts& member_task_counts() const { return task_counts_; }
  // The bytes read from members at any depth (inflated, decoded) by the last file scanned with scan_file,
  // tasks included: the work a file made the scan do, which Limits bound.
  std::uint64_t member_bytes_read() const { return own_budget_.member_bytes(); }

 private:
  void scan_file_items(ByteSource& in, FileVerdict& v);
  // Sniffs the item, runs its extractor and matches its text; adds to `verdict`.
  void extract(ByteSource& in, const ItemInfo& info, FileVerdict& verdict);
  // A member read whole (the routes Copy, Task and Whole); `owned` holds `bytes` when it may be handed to a
  // task.
  MemberRoute scan_whole(std::string_view bytes, bool rewindable, const ItemInfo& info, FileVerdict& verdict,
                         std::string* owned = nullptr);
  MatchSession& session(unsigned depth);
  void add_limit(const ItemInfo& info, FileVerdict& verdict, std::string detail);

  const Ruleset& rules_;
  const DetectContext& ctx_;
  ScannerPool* pool_ = nullptr;
  std::vector<std::unique_ptr<MatchSession>> sessions_;
  std::vector<std::string> member_buffers_;  // one per depth, for members read whole in line
  FileBudget own_budget_;
  SeenMembers own_seen_;
  FileBudget* budget_ = &own_budget_;  // the owner file's, while this scanner runs a member task
  SeenMembers* seen_ = &own_seen_;
  // While a member task runs: the owner file's budget and seen members, back to this scanner's own after.
  class OwnerFileState {
   public:
    OwnerFileState(ItemScanner& s, FileBudget& budget, SeenMembers& seen) : s_(s) {
      s_.budget_ = &budget;
      s_.seen_ = &seen;
    }
    ~OwnerFileState() {
      s_.budget_ = &s_.own_budget_;
      s_.seen_ = &s_.own_seen_;
    }
    OwnerFileState(const OwnerFileState&) = delete;
    OwnerFileState& operator=(const OwnerFileState&) = delete;

   private:
    ItemScanner& s_;
  };
  MemberTasks* tasks_ = nullptr;  // the current file's, while scan_file runs with tasks
  MemberTaskCounts task_counts_;
  BeforeItem before_item_;
};

}  // namespace datavagt
