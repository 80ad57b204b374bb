#include "scanner/item_scanner.h"

#include <array>
#include <chrono>
#include <exception>

#include "extractors/format.h"
#include "extractors/registry.h"
#include "scanner/file_source.h"

namespace datavagt {

namespace {

constexpr std::size_t kSniffBytes = 8192;

// What extractors talk to while one item is scanned.
class ItemSink final : public ExtractSink {
 public:
  ItemSink(ItemScanner& scanner, MatchSession& session, const ItemInfo& info, const Limits& limits,
           FileVerdict& verdict)
      : scanner_(scanner), session_(session), info_(info), limits_(limits), verdict_(verdict) {}

  bool text(const TextChunk& chunk) override {
    session_.feed(chunk);
    verdict_.text_bytes += chunk.utf8.size();
    return true;
  }

  void nested(const ItemInfo& member, ByteSource& bytes) override {
    if (member.depth > limits_.max_depth) {
      Problem p = Problem::make(ProblemKind::Limit, "nesting deeper than " + std::to_string(limits_.max_depth));
      p.members = member.location.members;
      verdict_.problems.push_back(std::move(p));
      return;
    }
    scanner_.scan_item(bytes, member, verdict_);
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
    if (p.members.empty()) p.members = info_.location.members;
    verdict_.problems.push_back(std::move(p));
  }

 private:
  ItemScanner& scanner_;
  MatchSession& session_;
  const ItemInfo& info_;
  const Limits& limits_;
  FileVerdict& verdict_;
};

}  // namespace

MatchSession& ItemScanner::session(unsigned depth) {
  while (sessions_.size() <= depth) sessions_.push_back(rules_.open_session(ctx_));
  return *sessions_[depth];
}

void ItemScanner::scan_item(ByteSource& in, const ItemInfo& info, FileVerdict& verdict) {
  auto add_problem = [&](Problem p) {
    p.members = info.location.members;
    verdict.problems.push_back(std::move(p));
  };
  std::array<char, kSniffBytes> head;
  auto got = read_fully(in, head);
  if (!got) return add_problem(got.problem());
  PrefixedSource source(std::string_view(head.data(), *got), in);  // the extractor reads from the start

  const FormatId format = sniff_format(std::string_view(head.data(), *got), *got < head.size() ? *got : info.size);
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
  ItemSink sink(*this, s, info, ctx_.limits, verdict);
  produce(sink);
  for (auto& f : s.finish()) {
    f.members = info.location.members;
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
