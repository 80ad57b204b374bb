#pragma once
// Scans one on-disk file and everything nested in it, on the calling thread: open, sniff, extract, match,
// and collect the FileVerdict. One ItemScanner per worker thread (it owns that thread's MatchSessions, one
// per nesting depth). Exceptions stop here: a bug or resource failure becomes an `internal` problem.
// Bounds per on-disk file (file_budget.h): time and unpacked bytes; identical members are matched once.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/file_verdict.h"
#include "detectors/match_session.h"
#include "detectors/ruleset.h"
#include "extractors/byte_source.h"
#include "scanner/file_budget.h"
#include "scanner/seen_members.h"
#include "extractors/extractor.h"

namespace datavagt {

class ItemScanner {
 public:
  ItemScanner(const Ruleset& rules, const DetectContext& ctx) : rules_(rules), ctx_(ctx) {}

  FileVerdict scan_file(const std::string& path, bool follow_symlink = false);
  // Scans bytes that are already open (nested members, tests); adds to `verdict`. At depth 0 this starts a
  // new on-disk file (its time and byte budget, its set of members already seen).
  void scan_item(ByteSource& in, const ItemInfo& info, FileVerdict& verdict);
  // A member handed on by an extractor: read whole and deduplicated when small (seen_members.h), else
  // streamed.
  void scan_member(ByteSource& in, const ItemInfo& info, FileVerdict& verdict);
  // Scans an item whose text `produce` sends to the sink it is given (ExtractSink::nested_text); adds to
  // `verdict`.
  void scan_produced(const ItemInfo& info, FileVerdict& verdict, const std::function<void(ExtractSink&)>& produce);

 private:
  MatchSession& session(unsigned depth);
  void extract(ByteSource& in, const ItemInfo& info, FileVerdict& verdict);

  const Ruleset& rules_;
  const DetectContext& ctx_;
  std::vector<std::unique_ptr<MatchSession>> sessions_;
  std::vector<std::string> member_buffers_;  // one per depth, for members read whole
  FileBudget budget_;
  SeenMembers seen_;
};

}  // namespace datavagt
