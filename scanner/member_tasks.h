#pragma once
// Scans the members of one on-disk container (a big zip, an mbox, a PST, a mail with attachments) on other cores
// while its extractor reads on: a 20 GB mail export is not scanned by one thread while the other cores idle.
// - The file's owner thread (ItemScanner::scan_file) reads a member whole when it is at most
//   Limits::parallel_member_bytes, and dispatch() runs it as a TBB task on a scanner from the ScannerPool,
//   while the bytes of the file's members waiting or being scanned stay under Limits::parallel_pending_bytes
//   (else the owner scans it in line: the reader slows down to the scanners' pace instead of buffering more).
//   Members nested in a task's member are scanned by that task, in line. Every kind of member takes this
//   way (ItemScanner::scan_member decides): archive entries, attachments, a PST's messages.
// - Tasks charge the owner's FileBudget and share its SeenMembers (both thread-safe).
// - A task's results (findings, problems and notes) are one unit; finish() waits for the tasks and puts each
//   unit at the place in the verdict where the member was offered: the verdict is the one a serial scan gives, whichever core was
//   faster. A copy of a member still being scanned by a task (same SHA-256) gets that task's results, moved
//   to the copy's place, at finish(). Members nested in two tasks' members share the file's SeenMembers too:
//   a copy is matched once, or twice when two tasks reach it at the same time (the verdict is the same;
//   only text_bytes, the text fed to the matcher, is larger).
// Owned by one file's scan (one thread); the tasks run anywhere. The owner runs inside
// tbb::this_task_arena::isolate so that, while it waits, its thread takes only these tasks (not another
// file, which would reuse the thread's ItemScanner mid-scan).
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <tbb/concurrent_queue.h>
#include <tbb/task_group.h>

#include "core/file_verdict.h"
#include "core/limits.h"
#include "scanner/file_budget.h"
#include "scanner/seen_members.h"

namespace datavagt {

class ItemScanner;

// Scanners for member tasks, reused across tasks and files (each owns its Hyperscan scratch and streams);
// a scanner is used by one task at a time. Thread-safe.
class ScannerPool {
 public:
  using Factory = std::function<std::unique_ptr<ItemScanner>()>;
  explicit ScannerPool(Factory make);
  ~ScannerPool();
  std::unique_ptr<ItemScanner> take();
  void give_back(std::unique_ptr<ItemScanner> s);

 private:
  Factory make_;
  tbb::concurrent_queue<std::unique_ptr<ItemScanner>> idle_;
};

// What the member tasks of the last file did (tests, benchmarks).
struct MemberTaskCounts {
  std::uint64_t tasks = 0;             // members scanned as tasks
  std::uint64_t copies = 0;            // copies of a member a task scanned, filled in at finish()
  std::uint64_t peak_pending_bytes = 0;
};

class MemberTasks {
 public:
  MemberTasks(ScannerPool& pool, const Limits& limits, FileBudget& budget, SeenMembers& seen);
  ~MemberTasks();  // waits for tasks still running (their results are dropped)
  MemberTasks(const MemberTasks&) = delete;
  MemberTasks& operator=(const MemberTasks&) = delete;

  // A member read whole into `bytes` (its `info.size` is the byte count; `rewindable`: whether its source could
  // start over). Scheduled when the pending bytes allow: `bytes` is taken, its results go at the current end
  // of `verdict` at finish(), and true is returned. Else false: the caller scans it in line.
  bool dispatch(const ItemInfo& info, std::string& bytes, bool rewindable, std::optional<SeenMembers::Digest> digest,
                const FileVerdict& verdict);
  // When a task scans a member with these bytes, the member at `at` gets its results at finish() (at the
  // current end of `verdict`), and true is returned.
  bool copy_if_pending(const SeenMembers::Digest& d, const ItemInfo& at, const FileVerdict& verdict);
  // Tasks scheduled so far.
  std::size_t dispatched() const { return tasks_.size(); }

  // Waits for every task; merges their results into `verdict` at their places.
  void finish(FileVerdict& verdict);
  const MemberTaskCounts& counts() const { return counts_; }

 private:
  struct Task {
    ItemInfo info;
    std::string bytes;
    bool rewindable = true;
    std::optional<SeenMembers::Digest> digest;
    std::uint64_t pending = 0;                 // bytes held, counted in pending_
    FileVerdict result;
    // Handed over (owner to task) and done (task to owner): the task group orders these already; the
    // atomics make that order visible to ThreadSanitizer, which does not see into libtbb.
    std::atomic<bool> handed_over{false};
    std::atomic<bool> done{false};  // findings, problems, notes, text_bytes; info is the file's
  };
  // Where a task's results go in the owner's verdict.
  struct Slot {
    std::size_t findings_at, problems_at, notes_at;
    std::size_t task;
    std::optional<ItemInfo> copy_at;  // a copy of the task's member, at this place
  };
  void run(Task& t);
  // Counts `size` pending bytes if the cap allows; false if not.
  bool reserve(std::uint64_t size);
  Task& add(const ItemInfo& info, std::uint64_t pending, const FileVerdict& verdict);

  ScannerPool& pool_;
  const Limits& limits_;
  FileBudget& budget_;
  SeenMembers& seen_;
  tbb::task_group group_;
  std::deque<Task> tasks_;  // stable addresses; in offer order
  std::vector<Slot> slots_;
  std::map<SeenMembers::Digest, std::size_t> by_digest_;  // tasks with a digest
  std::atomic<std::uint64_t> pending_{0};
  MemberTaskCounts counts_;
};

}  // namespace datavagt
