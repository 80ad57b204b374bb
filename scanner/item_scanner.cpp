#include "scanner/item_scanner.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <exception>

#include "extractors/format.h"
#include "extractors/registry.h"
#include "scanner/file_source.h"
#include "scanner/recorded_member.h"

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
  ItemSink(ItemScanner& scanner, MatchSession& session, const ItemInfo& info, const Limits& limits,
           FileBudget& budget, FileVerdict& verdict)
      : scanner_(scanner), session_(session), info_(info), limits_(limits), budget_(budget), verdict_(verdict) {}

  bool text(const TextChunk& chunk) override {
    if (stop_requested()) return false;
    session_.feed(chunk);
    verdict_.text_bytes += chunk.utf8.size();
    return true;
  }

  void nested(const ItemInfo& member, ByteSource& bytes) override {
    if (stop_requested()) return;
    if (member.depth > limits_.max_depth) {
      Problem p = Problem::make(ProblemKind::Limit, "nesting deeper than " + std::to_string(limits_.max_depth) +
                                                        " (--max-depth)");
      p.members = member.location.members;
      verdict_.problems.push_back(std::move(p));
      return;
    }
    scanner_.scan_member(bytes, member, verdict_);
  }

  void nested_text(const ItemInfo& member, const std::function<void(ExtractSink&)>& produce) override {
    if (member.depth > limits_.max_depth) {
      Problem p = Problem::make(ProblemKind::Limit, "nesting deeper than " + std::to_string(limits_.max_depth));
      p.members = member.location.members;
      verdict_.problems.push_back(std::move(p));
      return;
    }
    scanner_.scan_nested_text(member, verdict_, produce);
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

 private:
  ItemScanner& scanner_;
  MatchSession& session_;
  const ItemInfo& info_;
  const Limits& limits_;
  FileBudget& budget_;
  FileVerdict& verdict_;
};

// What an extractor's nested_text() member talks to on the file's owner thread while member tasks run: its
// text, attachments, problems and notes are recorded (RecordedMember) to be matched by a task. Past
// Limits::parallel_member_bytes, or at an attached message or a spent budget, it goes live: what was recorded
// is told to an ItemSink, which also gets the rest, and the member is matched in line, as without tasks.
class RecordingSink final : public ExtractSink {
 public:
  RecordingSink(ItemScanner& scanner, const ItemInfo& info, const Limits& limits, FileBudget& budget,
                FileVerdict& verdict)
      : scanner_(scanner), info_(info), limits_(limits), budget_(budget), verdict_(verdict),
        recorded_(std::make_unique<RecordedMember>()) {}

  bool text(const TextChunk& chunk) override {
    if (stop_requested()) return false;
    if (live_) return live_->text(chunk);
    recorded_->text(chunk);
    if (recorded_->bytes() > limits_.parallel_member_bytes) go_live();
    return true;
  }

  void nested(const ItemInfo& member, ByteSource& bytes) override {
    if (live_) return live_->nested(member, bytes);
    if (stop_requested()) return;
    if (member.depth > limits_.max_depth) return recorded_->nested(member, {}, std::nullopt);  // refused on replay
    const std::uint64_t bound = limits_.parallel_member_bytes;
    const std::uint64_t room = bound - std::min<std::uint64_t>(bound, recorded_->bytes());
    const std::uint64_t first = std::min<std::uint64_t>(member.size > 0 ? member.size + 1 : 64 << 10, room + 1);
    std::string buf(static_cast<std::size_t>(first), '\0');
    std::size_t got = 0;
    std::optional<Problem> failure;
    for (;;) {
      if (got == buf.size()) {
        if (buf.size() > room) break;
        buf.resize(static_cast<std::size_t>(std::min<std::uint64_t>(buf.size() * 2, room + 1)));
      }
      auto n = bytes.read(std::span<char>(buf.data() + got, buf.size() - got));
      if (!n) {
        failure = n.problem();
        break;
      }
      if (*n == 0) break;
      got += *n;
    }
    buf.resize(got);
    if (!failure && got > room) {  // too big to keep: in line, what was read replayed
      go_live();
      PrefixedSource rest(buf, bytes);
      return live_->nested(member, rest);
    }
    recorded_->nested(member, std::move(buf), std::move(failure));
  }

  void nested_text(const ItemInfo& member, const std::function<void(ExtractSink&)>& produce) override {
    go_live();
    live_->nested_text(member, produce);
  }

  void problem(Problem p) override {
    if (live_) return live_->problem(std::move(p));
    recorded_->problem(std::move(p));
  }

  void note(std::string n) override {
    if (live_) return live_->note(std::move(n));
    recorded_->note(std::move(n));
  }

  bool stop_requested() const override {
    if (live_) return live_->stop_requested();
    if (budget_.spent()) return true;
    if (auto detail = budget_.check()) {  // as ItemSink does: the one problem that says why the rest is missing
      Problem p = Problem::make(ProblemKind::Limit, std::move(*detail));
      p.members = info_.location.members;
      verdict_.problems.push_back(std::move(p));
      return true;
    }
    return false;
  }

  // After the extractor's produce returned: the member is handed to a task, or matched in line.
  void finish(MemberTasks& tasks) {
    if (live_) return scanner_.finish_produced(*session_, info_, verdict_);
    if (!budget_.spent() && tasks.dispatch(info_, recorded_, verdict_)) return;
    scanner_.scan_produced(info_, verdict_, [&](ExtractSink& s) { recorded_->replay(s); });
  }

 private:
  void go_live() {
    if (live_) return;
    session_ = &scanner_.session(info_.depth);
    session_->begin();
    live_ = std::make_unique<ItemSink>(scanner_, *session_, info_, limits_, budget_, verdict_);
    recorded_->replay(*live_);
    recorded_->clear();
  }

  ItemScanner& scanner_;
  const ItemInfo& info_;
  const Limits& limits_;
  FileBudget& budget_;
  FileVerdict& verdict_;
  std::unique_ptr<RecordedMember> recorded_;
  MatchSession* session_ = nullptr;
  std::unique_ptr<ItemSink> live_;
};

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

void ItemScanner::scan_item(ByteSource& in, const ItemInfo& info, FileVerdict& verdict) {
  if (info.depth == 0) {
    budget_->start(ctx_.limits);
    seen_->clear();
  }
  BudgetedSource budgeted(in, *budget_, info.depth > 0,
                          [&](std::string detail) { add_limit(info, verdict, std::move(detail)); });
  extract(budgeted, info, verdict);
}

void ItemScanner::scan_member(ByteSource& in, const ItemInfo& info, FileVerdict& verdict) {
  BudgetedSource budgeted(in, *budget_, true, [&](std::string detail) { add_limit(info, verdict, std::move(detail)); });
  if (tasks_ != nullptr && !budget_->spent()) return offer_member(budgeted, info, verdict);
  scan_member_in_line(budgeted, info, verdict);
}

void ItemScanner::scan_member_in_line(ByteSource& in, const ItemInfo& info, FileVerdict& verdict) {
  const std::size_t whole = ctx_.limits.dedup_member_bytes;
  if (whole == 0) return extract(in, info, verdict);
  while (member_buffers_.size() <= info.depth) member_buffers_.emplace_back();
  std::string& buf = member_buffers_[info.depth];
  buf.resize(whole + 1);
  auto got = read_fully(in, buf);
  if (!got) {
    if (budget_->spent() && got.problem().kind == ProblemKind::Limit) return;
    Problem p = got.problem();
    p.members = info.location.members;
    verdict.problems.push_back(std::move(p));
    return;
  }
  if (*got > whole) {  // large: streamed, the head replayed
    PrefixedSource rest(std::string_view(buf.data(), *got), in);
    return extract(rest, info, verdict);
  }
  scan_whole(std::string_view(buf.data(), *got), true, info, verdict);
}

namespace {

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

}  // namespace

void ItemScanner::offer_member(ByteSource& in, const ItemInfo& info, FileVerdict& verdict) {
  const std::size_t bound = ctx_.limits.parallel_member_bytes;
  // Read up to one byte past the bound (a member whose size is not known, or wrong, may turn out too big).
  std::string buf;
  buf.resize(static_cast<std::size_t>(std::min<std::uint64_t>(info.size > 0 ? info.size + 1 : 64 << 10, bound + 1)));
  std::size_t got = 0;
  for (;;) {
    if (got == buf.size()) {
      if (buf.size() > bound) break;
      buf.resize(std::min(buf.size() * 2, bound + 1));
    }
    auto n = in.read(std::span<char>(buf.data() + got, buf.size() - got));
    if (!n) {
      buf.resize(got);
      FailedSource failed(n.problem());
      PrefixedSource replay(buf, failed);
      return scan_member_in_line(replay, info, verdict);
    }
    if (*n == 0) break;
    got += *n;
  }
  buf.resize(got);
  if (got > bound) {  // large: in line, streamed, what was read replayed
    PrefixedSource rest(buf, in);
    return scan_member_in_line(rest, info, verdict);
  }
  // Whether the member's own source could start over: its copy in memory can as much.
  bool rewindable = true;
  if (got > ctx_.limits.dedup_member_bytes) {
    auto r = in.rewind();
    rewindable = r && *r;
  }
  scan_whole(buf, rewindable, info, verdict, &buf);
}

void ItemScanner::scan_whole(std::string_view bytes, bool rewindable, const ItemInfo& info, FileVerdict& verdict,
                             std::string* owned) {
  // A member small enough to hash is scanned as serial scan_member does: with its size known, from memory,
  // matched once. A larger one as if streamed.
  const bool hashed = ctx_.limits.dedup_member_bytes > 0 && bytes.size() <= ctx_.limits.dedup_member_bytes;
  ItemInfo known = info;
  if (hashed) known.size = bytes.size();
  std::optional<SeenMembers::Digest> digest;
  if (hashed) {
    digest = SeenMembers::digest(bytes);
    if (seen_->copy_if_seen(*digest, info, verdict)) return;
    if (tasks_ != nullptr && tasks_->copy_if_pending(*digest, info, verdict)) return;
  }
  if (tasks_ != nullptr && bytes.size() <= ctx_.limits.parallel_member_bytes) {
    std::string copy;
    if (owned == nullptr) copy.assign(bytes);
    if (tasks_->dispatch(known, owned != nullptr ? *owned : copy, rewindable, digest, verdict)) return;
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
}

void ItemScanner::scan_task(std::string_view bytes, bool rewindable, const ItemInfo& info, FileBudget& budget,
                            SeenMembers& seen, FileVerdict& verdict) {
  const OwnerFileState owner(*this, budget, seen);
  scan_whole(bytes, rewindable, info, verdict);
}

void ItemScanner::scan_file_items(ByteSource& in, FileVerdict& v) {
  try {
    scan_item(in, v.info, v);
  } catch (const std::exception& e) {
    v.problems.push_back(Problem::make(ProblemKind::Internal, std::string("scan failed: ") + e.what()));
  } catch (...) {
    v.problems.push_back(Problem::make(ProblemKind::Internal, "scan failed"));
  }
}

void ItemScanner::extract(ByteSource& in, const ItemInfo& info, FileVerdict& verdict) {
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
  const auto size_hint = [&](std::size_t read) { return read < kSniffBytes ? read : std::max<std::uint64_t>(info.size, read); };
  FormatId format = sniff_format(std::string_view(head.data(), have), size_hint(have));
  if (format == FormatId::Binary && have == kSniffBytes) {
    auto more = read_fully(in, std::span<char>(head.data() + have, head.size() - have));
    if (!more) return add_problem(more.problem());
    have += *more;
    if (sniff_format(std::string_view(head.data(), have), size_hint(have)) == FormatId::Iso9660)
      format = FormatId::Iso9660;
  }
  PrefixedSource source(std::string_view(head.data(), have), in);  // the extractor reads from the start

  if (info.depth == 0) verdict.format = format_name(format);
  if (!has_text_layer(format)) {
    if (info.depth == 0) verdict.has_text = false;
    return;
  }
  auto extractor = make_extractor(format);
  if (!extractor)
    return add_problem(Problem::make(ProblemKind::UnsupportedFormat,
                                     std::string(format_name(format)) + ": no extractor for this format yet"));

  scan_produced(info, verdict, [&](ExtractSink& sink) { extractor->extract(source, info, sink, ctx_.limits); });
}

void ItemScanner::scan_produced(const ItemInfo& info, FileVerdict& verdict,
                                const std::function<void(ExtractSink&)>& produce) {
  MatchSession& s = session(info.depth);
  s.begin();
  ItemSink sink(*this, s, info, ctx_.limits, *budget_, verdict);
  produce(sink);
  finish_produced(s, info, verdict);
}

void ItemScanner::scan_nested_text(const ItemInfo& info, FileVerdict& verdict,
                                   const std::function<void(ExtractSink&)>& produce) {
  if (tasks_ == nullptr || budget_->spent()) return scan_produced(info, verdict, produce);
  RecordingSink recording(*this, info, ctx_.limits, *budget_, verdict);
  produce(recording);
  recording.finish(*tasks_);
}

void ItemScanner::scan_task(const RecordedMember& member, const ItemInfo& info, FileBudget& budget,
                            SeenMembers& seen, FileVerdict& verdict) {
  const OwnerFileState owner(*this, budget, seen);
  scan_produced(info, verdict, [&](ExtractSink& s) { member.replay(s); });
}

void ItemScanner::finish_produced(MatchSession& s, const ItemInfo& info, FileVerdict& verdict) {
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
