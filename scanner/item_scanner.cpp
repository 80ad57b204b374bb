#include "scanner/item_scanner.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <exception>
#include <optional>

#include "extractors/extractor.h"
#include "extractors/format.h"
#include "extractors/registry.h"
#include "scanner/file_source.h"

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

namespace datavagt {

namespace {

bool same(const Problem& a, const Problem& b) {
  return a.kind == b.kind && a.detail == b.detail && a.members == b.members;
}

// What extractors talk to while one item is scanned.
class ItemSink final : public ExtractSink {
 public:
  ItemSink(ItemScanner& scanner, MatchSession& session, const ItemInfo& info, FileBudget& budget,
           FileVerdict& verdict)
      : scanner_(scanner), session_(session), info_(info), budget_(budget), verdict_(verdict) {}

  bool text(const TextChunk& chunk) override {
    if (stop_requested()) return false;
    session_.feed(chunk);
    verdict_.text_bytes += chunk.utf8.size();
    return true;
  }

  void nested(const ItemInfo& member, ByteSource& bytes) override {
    if (stop_requested()) return;
    scanner_.scan_member(bytes, member, verdict_);
  }

  void note(std::string n) override {
    if (!info_.location.members.empty()) {
      std::string member;
      for (const auto& m : info_.location.members) member += (member.empty() ? "" : "!/") + m;
      n = member + ": " + n;
    }
    verdict_.notes.push_back(std::move(n));
  }

  void problem(Problem p) override {
    // Once the budget is spent, its one problem says why the rest is missing; limits that follow from it
    // (an archive stopped mid-member) add nothing.
    if (budget_.spent() && p.kind == ProblemKind::Limit) return;
    if (p.members.empty()) p.members = info_.location.members;
    // The same problem from a member's extractor and from its container (a bound that cut the member off).
    const std::size_t n = verdict_.problems.size();
    for (std::size_t i = n > 8 ? n - 8 : 0; i < n; ++i)
      if (same(verdict_.problems[i], p)) return;
    verdict_.problems.push_back(std::move(p));
  }

  bool stop_requested() const override {
    if (auto detail = budget_.check()) {
      Problem p = Problem::make(ProblemKind::Limit, std::move(*detail));
      p.members = info_.location.members;
      verdict_.problems.push_back(std::move(p));
    }
    return budget_.spent();
  }

  OcrBudget& ocr_budget() override { return budget_.ocr(); }

 private:
  ItemScanner& scanner_;
  MatchSession& session_;
  const ItemInfo& info_;
  FileBudget& budget_;
  FileVerdict& verdict_;
};

// A member read whole from a source that could not start over, read again from memory: it cannot start over
// either (what an extractor does then is what it does on the member's own source).
class OnceMemorySource final : public ByteSource {
 public:
  explicit OnceMemorySource(std::string_view bytes) : in_(bytes) {}
  Result<std::size_t> read(std::span<char> buf) override { return in_.read(buf); }
  Result<bool> rewind() override { return Problem::make(ProblemKind::Internal, "a member cannot be read twice"); }

 private:
  MemorySource in_;
};

// The rest of a member whose reading failed: the same failure again, as the member's extractor would have
// met it reading the member itself.
class FailedSource final : public ByteSource {
 public:
  explicit FailedSource(Problem p) : problem_(std::move(p)) {}
  Result<std::size_t> read(std::span<char>) override { return problem_; }
  Result<bool> rewind() override { return problem_; }

 private:
  Problem problem_;
};

// What reading the start of a member gave: `got` bytes, and the failure that stopped the reading, if any.
struct Filled {
  std::size_t got = 0;
  std::optional<Problem> failure;
};

// Reads `in` into `buf` until the member ends or `cap` bytes are in (`buf` grows from its size as needed).
Filled fill(ByteSource& in, std::string& buf, std::size_t cap) {
  Filled f;
  for (;;) {
    const std::size_t room = std::min(buf.size(), cap);
    if (f.got == room) {
      if (room >= cap) break;
      buf.resize(std::min(std::max<std::size_t>(buf.size() * 2, 1), cap));
      continue;
    }
    auto n = in.read(std::span<char>(buf.data() + f.got, room - f.got));
    if (!n) {
      f.failure = n.problem();
      break;
    }
    if (*n == 0) break;
    f.got += *n;
  }
  return f;
}

}  // namespace

MatchSession& ItemScanner::session(unsigned depth) {
  while (sessions_.size() <= depth) sessions_.push_back(rules_.open_session(ctx_));
  return *sessions_[depth];
}

void ItemScanner::add_limit(const ItemInfo& info, FileVerdict& verdict, std::string detail) {
  Problem p = Problem::make(ProblemKind::Limit, std::move(detail));
  p.members = info.location.members;
  verdict.problems.push_back(std::move(p));
}

MemberRoute ItemScanner::scan_member(ByteSource& in, const ItemInfo& info, FileVerdict& verdict) {
  const Limits& limits = ctx_.limits;
  if (info.depth > limits.max_depth) {
    add_limit(info, verdict, "nesting deeper than " + std::to_string(limits.max_depth) + " (--max-depth)");
    return MemberRoute::Refused;
  }
  BudgetedSource budgeted(in, *budget_, true, [&](std::string detail) { add_limit(info, verdict, std::move(detail)); });
  // A member is read whole first when it may be small enough to hash (a copy is then matched once), or to be
  // handed to a task; how much is read decides the route.
  const std::size_t dedup = limits.dedup_member_bytes;
  const std::size_t task_bound = tasks_ != nullptr && !budget_->spent() ? limits.parallel_member_bytes : 0;
  const std::size_t bound = std::max(dedup, task_bound);
  if (bound == 0) {
    extract(budgeted, info, verdict);
    return MemberRoute::Streamed;
  }
  // A task takes its bytes with it; members scanned in line reuse their depth's buffer.
  std::string taken;
  if (task_bound > 0) {
    taken.resize(static_cast<std::size_t>(std::min<std::uint64_t>(info.size > 0 ? info.size + 1 : 64 << 10, bound + 1)));
  } else {
    while (member_buffers_.size() <= info.depth) member_buffers_.emplace_back();
    if (member_buffers_[info.depth].size() < bound + 1) member_buffers_[info.depth].resize(bound + 1);
  }
  std::string& buf = task_bound > 0 ? taken : member_buffers_[info.depth];
  const Filled head = fill(budgeted, buf, bound + 1);
  const std::string_view read(buf.data(), head.got);
  if (head.failure) {
    // As a scan without tasks meets it: a member that fails within what is hashed is not scanned (its problem
    // says why); one that fails beyond was being streamed: its extractor reads what came, then the failure.
    if (dedup > 0 && head.got <= dedup) {
      if (!(budget_->spent() && head.failure->kind == ProblemKind::Limit)) {
        Problem p = *head.failure;
        p.members = info.location.members;
        verdict.problems.push_back(std::move(p));
      }
      return MemberRoute::Refused;
    }
    FailedSource failed(*head.failure);
    PrefixedSource replay(read, failed);
    extract(replay, info, verdict);
    return MemberRoute::Streamed;
  }
  if (head.got > bound) {  // too big to read whole: streamed, what was read replayed
    PrefixedSource rest(read, budgeted);
    extract(rest, info, verdict);
    return MemberRoute::Streamed;
  }
  // Whether the member's own source could start over: its copy in memory can as much.
  bool rewindable = true;
  if (head.got > dedup) {
    auto r = budgeted.rewind();
    rewindable = r && *r;
  }
  if (task_bound == 0) return scan_whole(read, rewindable, info, verdict);
  taken.resize(head.got);
  return scan_whole(taken, rewindable, info, verdict, &taken);
}

MemberRoute ItemScanner::scan_whole(std::string_view bytes, bool rewindable, const ItemInfo& info,
                                    FileVerdict& verdict, std::string* owned) {
  // A member small enough to hash is matched once per file: with its size known, from memory. A larger one
  // as if streamed.
  const bool hashed = ctx_.limits.dedup_member_bytes > 0 && bytes.size() <= ctx_.limits.dedup_member_bytes;
  ItemInfo known = info;
  if (hashed) known.size = bytes.size();
  std::optional<SeenMembers::Digest> digest;
  if (hashed) {
    digest = SeenMembers::digest(bytes);
    if (seen_->copy_if_seen(*digest, info, verdict)) return MemberRoute::Copy;
    if (tasks_ != nullptr && tasks_->copy_if_pending(*digest, info, verdict)) return MemberRoute::Copy;
  }
  if (tasks_ != nullptr && bytes.size() <= ctx_.limits.parallel_member_bytes) {
    std::string copy;
    if (owned == nullptr) copy.assign(bytes);
    if (tasks_->dispatch(known, owned != nullptr ? *owned : copy, rewindable, digest, verdict))
      return MemberRoute::Task;
  }
  const std::size_t findings_from = verdict.findings.size();
  const std::size_t problems_from = verdict.problems.size();
  const std::size_t notes_from = verdict.notes.size();
  const std::size_t tasks_before = tasks_ != nullptr ? tasks_->dispatched() : 0;
  MemorySource from_memory(bytes);
  OnceMemorySource once(bytes);
  extract(rewindable ? static_cast<ByteSource&>(from_memory) : once, known, verdict);
  // Remembered only when everything it gave is in `verdict` (none of its members went to a task).
  const bool complete = tasks_ == nullptr || tasks_->dispatched() == tasks_before;
  if (digest && complete && !budget_->spent())
    seen_->remember(*digest, info, verdict, findings_from, problems_from, notes_from);
  return MemberRoute::Whole;
}

void ItemScanner::scan_task(std::string_view bytes, bool rewindable, const ItemInfo& info, FileBudget& budget,
                            SeenMembers& seen, FileVerdict& verdict) {
  const OwnerFileState owner(*this, budget, seen);
  scan_whole(bytes, rewindable, info, verdict);
}

void ItemScanner::scan_file_items(ByteSource& in, FileVerdict& v) {
  try {
    budget_->start(ctx_.limits);
    seen_->clear();
    BudgetedSource budgeted(in, *budget_, false, [&](std::string detail) { add_limit(v.info, v, std::move(detail)); });
    extract(budgeted, v.info, v);
  } catch (const std::exception& e) {
    v.problems.push_back(Problem::make(ProblemKind::Internal, std::string("scan failed: ") + e.what()));
  } catch (...) {
    v.problems.push_back(Problem::make(ProblemKind::Internal, "scan failed"));
  }
}

void ItemScanner::extract(ByteSource& in, const ItemInfo& info, FileVerdict& verdict) {
  if (before_item_) before_item_(info, verdict);
  auto add_problem = [&](Problem p) {
    if (budget_->spent() && p.kind == ProblemKind::Limit) return;
    p.members = info.location.members;
    verdict.problems.push_back(std::move(p));
  };
  // An ISO 9660 image is only recognised at byte 32769: read further when the usual head says "binary".
  std::array<char, kLongSniffBytes> head;
  auto got = read_fully(in, std::span<char>(head.data(), kSniffBytes));
  if (!got) return add_problem(got.problem());
  std::size_t have = *got;
  FormatId format = sniff_item_head(std::string_view(head.data(), have), info.size);
  if (format == FormatId::Binary && have == kSniffBytes) {
    auto more = read_fully(in, std::span<char>(head.data() + have, head.size() - have));
    if (!more) return add_problem(more.problem());
    have += *more;
    format = sniff_item_head(std::string_view(head.data(), have), info.size);
  }
  PrefixedSource source(std::string_view(head.data(), have), in);  // the extractor reads from the start

  if (info.depth == 0) verdict.format = format_name(format);
  if (!has_text_layer(format, ctx_.limits)) {
    if (info.depth == 0) verdict.has_text = false;
    if (format != FormatId::Image) return;  // an image's extractor still names it as not read (--ocr off)
  }
  auto extractor = make_extractor(format);
  if (!extractor)
    return add_problem(Problem::make(ProblemKind::UnsupportedFormat,
                                     std::string(format_name(format)) + ": no extractor for this format yet"));

  MatchSession& s = session(info.depth);
  s.begin();
  ItemSink sink(*this, s, info, *budget_, verdict);
  extractor->extract(source, info, sink, ctx_.limits);
  for (auto& f : s.finish()) {
    f.members = info.location.members;
    // A member keeps its container's time unless it has its own (a mail message's Date).
    if (info.depth > 0 && info.mtime != verdict.info.mtime) f.member_time = info.mtime;
    verdict.findings.push_back(std::move(f));
  }
}

FileVerdict ItemScanner::scan_file(const std::string& path, bool follow_symlink) {
  auto src = FileSource::open(path, follow_symlink);
  if (src) return scan_open_file(path, **src);
  FileVerdict v;
  v.info.location.path = path;
  v.problems.push_back(src.problem());
  return v;
}

FileVerdict ItemScanner::scan_open_file(const std::string& path, FileSource& src) {
  const auto t0 = std::chrono::steady_clock::now();
  FileVerdict v;
  v.info.location.path = path;
  {
    const struct stat& st = src.stat();
    v.info.size = static_cast<std::uint64_t>(st.st_size);
    v.info.mtime = st.st_mtim.tv_sec;
    v.info.owner_uid = st.st_uid;
    v.info.mode = st.st_mode & 07777;
    task_counts_ = {};
    // One thread (-j1: a global_control, or an arena of one) has no other core to give members to.
    const std::size_t threads =
        std::min<std::size_t>(static_cast<std::size_t>(tbb::this_task_arena::max_concurrency()),
                              tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
    if (pool_ != nullptr && ctx_.limits.parallel_member_bytes > 0 && threads > 1) {
      // Isolated: while this thread waits for the file's member tasks it takes only those, never another
      // file (which would reuse this ItemScanner's sessions in the middle of this one).
      tbb::this_task_arena::isolate([&] {
        MemberTasks tasks(*pool_, ctx_.limits, *budget_, *seen_);
        tasks_ = &tasks;
        scan_file_items(src, v);
        tasks_ = nullptr;
        tasks.finish(v);
        task_counts_ = tasks.counts();
      });
    } else {
      scan_file_items(src, v);
    }
    v.bytes_read = src.bytes_read();
  }
  v.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return v;
}

}  // namespace datavagt
