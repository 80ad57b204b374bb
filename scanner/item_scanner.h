#pragma once
// Scans one on-disk file and everything nested in it, on the calling thread: open, sniff, extract, match,
// and collect the FileVerdict. One ItemScanner per worker thread (it owns that thread's MatchSessions, one
// per nesting depth). Exceptions stop here: a bug or resource failure becomes an `internal` problem.
// Bounds per on-disk file (file_budget.h): time and unpacked bytes; identical members are matched once.
// With a ScannerPool, the members of a container file are scanned as parallel tasks (member_tasks.h) while
// the container is read on; the verdict is the same as without.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/file_verdict.h"
#include "detectors/match_session.h"
#include "detectors/ruleset.h"
#include "extractors/byte_source.h"
#include "scanner/file_budget.h"
#include "scanner/file_source.h"
#include "scanner/member_tasks.h"
#include "scanner/seen_members.h"
#include "extractors/extractor.h"

namespace datavagt {

class ItemScanner {
 public:
  // With a `pool` (and more than one thread, and Limits::parallel_member_bytes > 0), members are scanned as
  // tasks; without one, every member is scanned in line on the calling thread.
  ItemScanner(const Ruleset& rules, const DetectContext& ctx, ScannerPool* pool = nullptr)
      : rules_(rules), ctx_(ctx), pool_(pool) {}
  ItemScanner(const ItemScanner&) = delete;
  ItemScanner& operator=(const ItemScanner&) = delete;

  FileVerdict scan_file(const std::string& path, bool follow_symlink = false);
  // The same for a file already open (the findings store opens it to hash it first); reads it from where it is.
  FileVerdict scan_open_file(const std::string& path, FileSource& src);
  // Scans bytes that are already open (nested members, tests); adds to `verdict`. At depth 0 this starts a
  // new on-disk file (its time and byte budget, its set of members already seen).
  void scan_item(ByteSource& in, const ItemInfo& info, FileVerdict& verdict);
  // A member handed on by an extractor: read whole and deduplicated when small (seen_members.h), else
  // streamed.
  void scan_member(ByteSource& in, const ItemInfo& info, FileVerdict& verdict);
  // Scans an item whose text `produce` sends to the sink it is given (ExtractSink::nested_text); adds to
  // `verdict`.
  void scan_produced(const ItemInfo& info, FileVerdict& verdict, const std::function<void(ExtractSink&)>& produce);
  // A member whose text its container's extractor produces (ExtractSink::nested_text): recorded and matched as
  // a member task when it fits (member_tasks.h), else as scan_produced does.
  void scan_nested_text(const ItemInfo& info, FileVerdict& verdict, const std::function<void(ExtractSink&)>& produce);
  // A member task (member_tasks.h): scans a member read whole into `bytes`, as scan_member would, charging
  // the owner file's `budget` and sharing its `seen` members; adds to `verdict`.
  void scan_task(std::string_view bytes, bool rewindable, const ItemInfo& info, FileBudget& budget,
                 SeenMembers& seen, FileVerdict& verdict);
  void scan_task(const RecordedMember& member, const ItemInfo& info, FileBudget& budget, SeenMembers& seen,
                 FileVerdict& verdict);
  // What the member tasks of the last file scanned with scan_file did.
  const MemberTaskCounts& member_task_counts() const { return task_counts_; }

 // For the sinks in item_scanner.cpp: the match session of a nesting depth; adds its findings for `info`.
  MatchSession& session(unsigned depth);
  void finish_produced(MatchSession& s, const ItemInfo& info, FileVerdict& verdict);

 private:
  void extract(ByteSource& in, const ItemInfo& info, FileVerdict& verdict);
  void scan_file_items(ByteSource& in, FileVerdict& v);
  // scan_member's two ways: in line on this thread (`in` already counted against the budget), or read whole
  // first and offered to the member tasks.
  void scan_member_in_line(ByteSource& in, const ItemInfo& info, FileVerdict& verdict);
  void offer_member(ByteSource& in, const ItemInfo& info, FileVerdict& verdict);
  // A member read whole: matched once if small enough to hash (copied when seen), else scanned; a member task
  // when there are tasks (taking `*owned`, the string `bytes` is in, if given).
  void scan_whole(std::string_view bytes, bool rewindable, const ItemInfo& info, FileVerdict& verdict,
                  std::string* owned = nullptr);
  void add_limit(const ItemInfo& info, FileVerdict& verdict, std::string detail);

  const Ruleset& rules_;
  const DetectContext& ctx_;
  ScannerPool* pool_ = nullptr;
  std::vector<std::unique_ptr<MatchSession>> sessions_;
  std::vector<std::string> member_buffers_;  // one per depth, for members read whole
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
  MemberTasks* tasks_ = nullptr;       // the current file's, while scan_file runs with tasks
  MemberTaskCounts task_counts_;
};

}  // namespace datavagt
