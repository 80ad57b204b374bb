#include "scanner/item_scanner.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <exception>

#include "extractors/format.h"
#include "extractors/registry.h"
#include "scanner/file_source.h"

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
    scanner_.scan_produced(member, verdict_, produce);
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

}  // namespace

MatchSession& ItemScanner::session(unsigned depth) {
  while (sessions_.size() <= depth) sessions_.push_back(rules_.open_session(ctx_));
  return *sessions_[depth];
}

void ItemScanner::scan_item(ByteSource& in, const ItemInfo& info, FileVerdict& verdict) {
  if (info.depth == 0) {
    budget_.start(ctx_.limits);
    seen_.clear();
  }
  BudgetedSource budgeted(in, budget_, info.depth > 0, [&](std::string detail) {
    Problem p = Problem::make(ProblemKind::Limit, std::move(detail));
    p.members = info.location.members;
    verdict.problems.push_back(std::move(p));
  });
  extract(budgeted, info, verdict);
}

void ItemScanner::scan_member(ByteSource& in, const ItemInfo& info, FileVerdict& verdict) {
  const std::size_t whole = ctx_.limits.dedup_member_bytes;
  if (whole == 0) return scan_item(in, info, verdict);
  while (member_buffers_.size() <= info.depth) member_buffers_.emplace_back();
  std::string& buf = member_buffers_[info.depth];
  buf.resize(whole + 1);
  BudgetedSource budgeted(in, budget_, true, [&](std::string detail) {
    Problem p = Problem::make(ProblemKind::Limit, std::move(detail));
    p.members = info.location.members;
    verdict.problems.push_back(std::move(p));
  });
  auto got = read_fully(budgeted, buf);
  if (!got) {
    if (budget_.spent() && got.problem().kind == ProblemKind::Limit) return;
    Problem p = got.problem();
    p.members = info.location.members;
    verdict.problems.push_back(std::move(p));
    return;
  }
  if (*got > whole) {  // large: streamed, the head replayed
    PrefixedSource rest(std::string_view(buf.data(), *got), budgeted);
    return extract(rest, info, verdict);
  }
  const std::string_view bytes(buf.data(), *got);
  const auto digest = SeenMembers::digest(bytes);
  if (seen_.copy_if_seen(digest, info.location.members, verdict)) return;
  ItemInfo known = info;
  known.size = *got;
  const std::size_t findings_from = verdict.findings.size();
  const std::size_t problems_from = verdict.problems.size();
  MemorySource from_memory(bytes);
  extract(from_memory, known, verdict);
  if (!budget_.spent()) seen_.remember(digest, info.location.members, verdict, findings_from, problems_from);
}

void ItemScanner::extract(ByteSource& in, const ItemInfo& info, FileVerdict& verdict) {
  auto add_problem = [&](Problem p) {
    if (budget_.spent() && p.kind == ProblemKind::Limit) return;
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
  ItemSink sink(*this, s, info, ctx_.limits, budget_, verdict);
  produce(sink);
  for (auto& f : s.finish()) {
    f.members = info.location.members;
    // A member keeps its container's time unless it has its own (a mail message's Date).
    if (info.depth > 0 && info.mtime != verdict.info.mtime) f.member_time = info.mtime;
    verdict.findings.push_back(std::move(f));
  }
}

FileVerdict ItemScanner::scan_file(const std::string& path, bool follow_symlink) {
  const auto t0 = std::chrono::steady_clock::now();
  FileVerdict v;
  v.info.location.path = path;
  auto src = FileSource::open(path, follow_symlink);
  if (!src) {
    v.problems.push_back(src.problem());
  } else {
    const struct stat& st = (*src)->stat();
    v.info.size = static_cast<std::uint64_t>(st.st_size);
    v.info.mtime = st.st_mtim.tv_sec;
    v.info.owner_uid = st.st_uid;
    v.info.mode = st.st_mode & 07777;
    try {
      scan_item(**src, v.info, v);
    } catch (const std::exception& e) {
      v.problems.push_back(Problem::make(ProblemKind::Internal, std::string("scan failed: ") + e.what()));
    } catch (...) {
      v.problems.push_back(Problem::make(ProblemKind::Internal, "scan failed"));
    }
    v.bytes_read = (*src)->bytes_read();
  }
  v.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return v;
}

}  // namespace datavagt
