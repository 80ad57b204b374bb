#include "reports/terminal_sink.h"

#include <algorithm>
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

std::string printable(const std::string& s) {
  std::string out;
  utf8::append_lossy(out, s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20) c = '?';
  return out;
}

std::string join_counts(const std::map<std::string, std::uint64_t>& m) {
  std::string out;
  for (const auto& [k, n] : m) {
    if (!out.empty()) out += ", ";
    out += std::to_string(n) + " " + k;
  }
  return out;
}

// Keeps the first `max` entries in `before` order; a partial sort now and then keeps memory bounded on huge
// scans, and the entries kept do not depend on the order they came in.
template <class T, class Before>
void keep_first(std::vector<T>& v, std::size_t max, Before before) {
  if (v.size() < 4 * max + 64) return;
  std::nth_element(v.begin(), v.begin() + static_cast<long>(max), v.end(), before);
  v.resize(max);
}

// `s` padded with spaces to `width` characters (not bytes: "Ældreplejen" is 11 wide).
std::string pad(const std::string& s, std::size_t width) {
  std::size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  return chars >= width ? s : s + std::string(width - chars, ' ');
}

}  // namespace

void TerminalSink::verdict(const FileVerdict& v) {
  if (!v.findings.empty()) {
    // Identifiers count distinct values ("3 cpr"); a sensitive kind counts its term hits ("health x5").
    std::map<std::string, std::uint64_t> values, hits;
    Severity worst = Severity::Low;
    for (const auto& f : v.findings) {
      if (is_identifier(f.kind))
        values[std::string(to_string(f.kind))] += 1;
      else
        hits[std::string(to_string(f.kind))] += f.count;
      worst = std::max(worst, f.severity);
    }
    std::string kinds = join_counts(values);
    for (const auto& [k, n] : hits) kinds += (kinds.empty() ? "" : ", ") + k + " x" + std::to_string(n);
    std::string what(to_string(worst));
    what.resize(10, ' ');
    what += kinds;
    std::string flags;
    for (const auto& f : v.flags) flags += (flags.empty() ? "" : ", ") + f;
    with_findings_.push_back({rank_of(v), what, flags});
    keep_first(with_findings_, max_listed_, [](const Ranked& a, const Ranked& b) { return ranks_before(a.rank, b.rank); });
    DepartmentCounts& d = departments_[v.department];
    if (d.responsible.empty() && !v.responsible.empty())
      d.responsible = v.responsible + (v.responsible_email.empty() ? "" : " <" + v.responsible_email + ">");
    d.files++;
    if (v.has_flag(kFlagOverdue)) d.overdue++;
    if (v.has_flag(kFlagMisplaced)) d.misplaced++;
  }
  if (!v.notes.empty()) {
    ++files_with_notes_;
    std::string what;
    for (const auto& n : v.notes) what += (what.empty() ? "" : "; ") + n;
    with_notes_.push_back({v.info.location.path, what});
    keep_first(with_notes_, max_listed_, [](const Listed& a, const Listed& b) { return a.path < b.path; });
  }
  if (!v.problems.empty()) {
    std::map<std::string, std::uint64_t> reasons;
    for (const auto& p : v.problems) reasons[std::string(to_string(p.kind))] += 1;
    std::string what;
    for (const auto& [r, n] : reasons) what += (what.empty() ? "" : ", ") + r;
    with_problems_.push_back({v.info.location.path, what});
    keep_first(with_problems_, max_listed_, [](const Listed& a, const Listed& b) { return a.path < b.path; });
  }
}

void TerminalSink::print_departments(std::FILE* o) const {
  if (departments_.empty()) return;
  std::fprintf(o, "\n%s  files  overdue  misplaced  responsible\n", pad("Departments", 31).c_str());
  auto row = [&](const std::string& name, const DepartmentCounts& d) {
    std::fprintf(o, "  %s %7llu  %7llu  %9llu  %s\n", pad(printable(name), 28).c_str(),
                 static_cast<unsigned long long>(d.files), static_cast<unsigned long long>(d.overdue),
                 static_cast<unsigned long long>(d.misplaced), printable(d.responsible).c_str());
  };
  for (const auto& [name, d] : departments_)
    if (!name.empty()) row(name, d);
  if (auto none = departments_.find(""); none != departments_.end()) row("(no department)", none->second);
}

Result<bool> TerminalSink::finish(const RunSummary& s) {
  std::FILE* o = out_;
  std::fprintf(o, "\nDatavagt scan of %zu root%s\n", s.roots.size(), s.roots.size() == 1 ? "" : "s");
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
  if (s.files_with_findings == 0) {
    std::fprintf(o, "  findings   none (CPR confidence >= %.2f, sensitive score >= %.2f)\n", s.min_confidence,
                 s.min_score);
  } else {
    std::fprintf(o, "  findings   %llu file%s with personal data: %s\n",
                 static_cast<unsigned long long>(s.files_with_findings), s.files_with_findings == 1 ? "" : "s",
                 join_counts(s.files_by_kind).c_str());
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
  if (s.excluded)
    std::fprintf(o, "  excluded   %llu files and folders (--exclude, the policy's exclude)\n",
                 static_cast<unsigned long long>(s.excluded));

  if (!s.policy.empty()) {
    std::fprintf(o, "  policy     %s: %llu overdue, %llu misplaced\n", printable(s.policy).c_str(),
                 static_cast<unsigned long long>(s.files_overdue), static_cast<unsigned long long>(s.files_misplaced));
    print_departments(o);
  }

  auto by_path = [](const Listed& a, const Listed& b) { return a.path < b.path; };
  std::sort(with_findings_.begin(), with_findings_.end(),
            [](const Ranked& a, const Ranked& b) { return ranks_before(a.rank, b.rank); });
  if (!with_findings_.empty()) {
    std::fprintf(o, s.policy.empty() ? "\nFiles with personal data (most severe first):\n"
                                     : "\nFiles with personal data (most severe first; misplaced, then overdue):\n");
    for (std::size_t i = 0; i < with_findings_.size() && i < max_listed_; ++i) {
      const Ranked& r = with_findings_[i];
      if (s.policy.empty())
        std::fprintf(o, "  %-36s %s\n", r.what.c_str(), printable(r.rank.path).c_str());
      else
        std::fprintf(o, "  %-36s %-19s %s\n", r.what.c_str(), r.flags.c_str(), printable(r.rank.path).c_str());
    }
    if (s.files_with_findings > max_listed_)
      std::fprintf(o, "  … and %llu more (use --jsonl for the full list)\n",
                   static_cast<unsigned long long>(s.files_with_findings - max_listed_));
  }
  std::sort(with_problems_.begin(), with_problems_.end(), by_path);
  if (with_problems_.size() > max_listed_) with_problems_.resize(max_listed_);
  if (!with_problems_.empty()) {
    std::fprintf(o, "\nNot fully scanned:\n");
    for (const auto& l : with_problems_) std::fprintf(o, "  %-28s %s\n", l.what.c_str(), printable(l.path).c_str());
    if (s.files_with_problems > with_problems_.size())
      std::fprintf(o, "  … and %llu more (use --jsonl for the full list)\n",
                   static_cast<unsigned long long>(s.files_with_problems - with_problems_.size()));
  }
  if (!with_notes_.empty()) {
    std::sort(with_notes_.begin(), with_notes_.end(), by_path);
    if (with_notes_.size() > max_listed_) with_notes_.resize(max_listed_);
    std::fprintf(o, "\nNotes (read, but look at them: e.g. scanned pages are images, not text):\n");
    for (const auto& l : with_notes_) std::fprintf(o, "  %s: %s\n", printable(l.path).c_str(), printable(l.what).c_str());
    if (files_with_notes_ > with_notes_.size())
      std::fprintf(o, "  … and %llu more\n", static_cast<unsigned long long>(files_with_notes_ - with_notes_.size()));
  }
  std::fflush(o);
  return true;
}

}  // namespace datavagt
