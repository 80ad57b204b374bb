#include "reports/terminal_sink.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "core/utf8.h"

namespace datavagt {

std::string human_bytes(double b) {
  static constexpr const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  int u = 0;
  while (b >= 1000 && u < 4) {
    b /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
  return buf;
}

namespace {

std::string join_counts(const std::map<std::string, std::uint64_t>& m) {
  std::string out;
  for (const auto& [k, n] : m) {
    if (!out.empty()) out += ", ";
    out += std::to_string(n) + " " + k;
  }
  return out;
}

// Keeps the `max` heaviest entries; a partial sort now and then keeps memory bounded on huge scans.
template <class T>
void keep_heaviest(std::vector<T>& v, std::size_t max) {
  if (v.size() < 4 * max + 64) return;
  std::nth_element(v.begin(), v.begin() + static_cast<long>(max), v.end(),
                   [](const auto& a, const auto& b) { return a.weight > b.weight; });
  v.resize(max);
}

}  // namespace

void TerminalSink::verdict(const FileVerdict& v) {
  if (!v.findings.empty()) {
    // Identifiers count distinct values ("3 cpr"); a sensitive kind counts its term hits ("health x5").
    std::map<std::string, std::uint64_t> values, hits;
    std::uint64_t total = 0;
    Severity worst = Severity::Low;
    for (const auto& f : v.findings) {
      if (is_identifier(f.kind))
        values[std::string(to_string(f.kind))] += 1;
      else
        hits[std::string(to_string(f.kind))] += f.count;
      total += f.count;
      worst = std::max(worst, f.severity);
    }
    std::string kinds = join_counts(values);
    for (const auto& [k, n] : hits) kinds += (kinds.empty() ? "" : ", ") + k + " x" + std::to_string(n);
    std::string what(to_string(worst));
    what.resize(10, ' ');
    what += kinds;
    constexpr std::uint64_t kMaxTotal = (std::uint64_t{1} << 48) - 1;
    const std::uint64_t weight = (static_cast<std::uint64_t>(worst) << 48) | std::min(total, kMaxTotal);
    with_findings_.push_back({v.directory ? v.info.location.path + "/" : v.info.location.path, what, weight});
    keep_heaviest(with_findings_, max_listed_);
  }
  // A folder's notes (a root that looks like an unmounted share) are also the run's warnings
  // (RunSummary::warnings), listed once, under Warnings.
  if (!v.notes.empty() && !v.directory) {
    ++files_with_notes_;
    std::string what;
    for (const auto& n : v.notes) what += (what.empty() ? "" : "; ") + n;
    if (with_notes_.size() < max_listed_) with_notes_.push_back({v.info.location.path, what, 1});
  }
  if (!v.problems.empty()) {
    std::map<std::string, std::uint64_t> reasons;
    for (const auto& p : v.problems) reasons[std::string(to_string(p.kind))] += 1;
    std::string what;
    for (const auto& [r, n] : reasons) what += (what.empty() ? "" : ", ") + r;
    with_problems_.push_back({v.info.location.path, what, 1});
    if (with_problems_.size() > max_listed_) with_problems_.resize(max_listed_);
  }
}

Result<bool> TerminalSink::finish(const RunSummary& s) {
  std::FILE* o = out_;
  auto printable = [this](const std::string& raw) { return display_.printable(raw); };
  std::fprintf(o, "\nDatavagt scan of %zu root%s\n", s.roots.size(), s.roots.size() == 1 ? "" : "s");
  if (s.status == RunStatus::Interrupted)
    std::fprintf(o, "  INTERRUPTED by %s: the totals below are only what was scanned before the stop\n",
                 signal_name(s.signal).c_str());
  else if (s.status == RunStatus::Failed)
    std::fprintf(o, "  FAILED: %s\n", printable(s.failure).c_str());
  std::fprintf(o, "  files      %llu", static_cast<unsigned long long>(s.files));
  if (s.files_without_text) std::fprintf(o, " (%llu without text)", static_cast<unsigned long long>(s.files_without_text));
  if (s.files_unchanged + s.files_reused > 0)
    std::fprintf(o, "\n  unchanged  %llu not read again (findings from the store), %llu copies of known content",
                 static_cast<unsigned long long>(s.files_unchanged), static_cast<unsigned long long>(s.files_reused));
  std::fprintf(o, "\n  data       %s read, %s of text\n", human_bytes(static_cast<double>(s.bytes_read)).c_str(),
               human_bytes(static_cast<double>(s.text_bytes)).c_str());
  const double rate = s.seconds > 0 ? static_cast<double>(s.bytes_read) / s.seconds : 0;
  std::fprintf(o, "  time       %.2f s (%s/s, %.0f files/s)\n", s.seconds, human_bytes(rate).c_str(),
               s.seconds > 0 ? static_cast<double>(s.files) / s.seconds : 0.0);
  if (s.files_with_findings == 0 && s.folders_with_findings == 0) {
    std::fprintf(o, "  findings   none (CPR confidence >= %.2f, sensitive score >= %.2f)\n", s.min_confidence,
                 s.min_score);
  } else {
    std::string folders;
    if (s.folders_with_findings)
      folders = " (" + std::to_string(s.folders_with_findings) + " of them folder" +
                (s.folders_with_findings == 1 ? "" : "s") + " named with a CPR number)";
    const std::uint64_t with = s.files_with_findings + s.folders_with_findings;
    std::fprintf(o, "  findings   %llu file%s with personal data%s: %s\n", static_cast<unsigned long long>(with),
                 with == 1 ? "" : "s", folders.c_str(), join_counts(s.files_by_kind).c_str());
    std::fprintf(o, "             occurrences: %s\n", join_counts(s.occurrences_by_kind).c_str());
    std::string severity;
    for (int i = 3; i >= 0; --i) {
      if (!s.files_by_severity[i]) continue;
      if (!severity.empty()) severity += ", ";
      severity += std::to_string(s.files_by_severity[i]) + " " + std::string(to_string(static_cast<Severity>(i)));
    }
    std::fprintf(o, "  severity   %s (critical: a CPR number and a sensitive category in the same item)\n",
                 severity.c_str());
  }
  if (s.files_with_problems)
    std::fprintf(o, "  not fully scanned  %llu file%s: %s\n", static_cast<unsigned long long>(s.files_with_problems),
                 s.files_with_problems == 1 ? "" : "s", join_counts(s.problems_by_reason).c_str());
  if (s.symlinks_skipped || s.special_skipped || s.other_fs_skipped)
    std::fprintf(o, "  skipped    %llu symlinks, %llu special files, %llu directories on other file systems\n",
                 static_cast<unsigned long long>(s.symlinks_skipped),
                 static_cast<unsigned long long>(s.special_skipped),
                 static_cast<unsigned long long>(s.other_fs_skipped));

  auto by_weight = [](const Listed& a, const Listed& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.path < b.path;
  };
  std::sort(with_findings_.begin(), with_findings_.end(), by_weight);
  if (!with_findings_.empty()) {
    std::fprintf(o, "\nFiles with personal data (most severe first):\n");
    for (std::size_t i = 0; i < with_findings_.size() && i < max_listed_; ++i)
      std::fprintf(o, "  %-36s %s\n", with_findings_[i].what.c_str(), printable(with_findings_[i].path).c_str());
    if (s.files_with_findings + s.folders_with_findings > max_listed_)
      std::fprintf(o, "  … and %llu more (use --jsonl for the full list)\n",
                   static_cast<unsigned long long>(s.files_with_findings + s.folders_with_findings - max_listed_));
  }
  std::sort(with_problems_.begin(), with_problems_.end(), by_weight);
  if (!with_problems_.empty()) {
    std::fprintf(o, "\nNot fully scanned:\n");
    for (const auto& l : with_problems_) std::fprintf(o, "  %-28s %s\n", l.what.c_str(), printable(l.path).c_str());
    if (s.files_with_problems > with_problems_.size())
      std::fprintf(o, "  … and %llu more (use --jsonl for the full list)\n",
                   static_cast<unsigned long long>(s.files_with_problems - with_problems_.size()));
  }
  if (!s.warnings.empty()) {
    std::fprintf(o, "\nWarnings:\n");
    for (const auto& w : s.warnings) std::fprintf(o, "  %s\n", printable(w).c_str());
  }
  if (!with_notes_.empty()) {
    std::sort(with_notes_.begin(), with_notes_.end(), by_weight);
    std::fprintf(o, "\nNotes (read, but look at them: e.g. scanned pages are images, not text):\n");
    for (const auto& l : with_notes_) std::fprintf(o, "  %s: %s\n", printable(l.path).c_str(), printable(l.what).c_str());
    if (files_with_notes_ > with_notes_.size())
      std::fprintf(o, "  … and %llu more\n", static_cast<unsigned long long>(files_with_notes_ - with_notes_.size()));
  }
  std::fflush(o);
  return true;
}

}  // namespace datavagt
