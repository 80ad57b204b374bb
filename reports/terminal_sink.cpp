#include "reports/terminal_sink.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "core/utf8.h"
#include "reports/i18n/local_format.h"
#include "reports/labels.h"

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

// Keeps the first `max` entries in `before` order; a partial sort now and then keeps memory bounded on huge
// scans, and the entries kept do not depend on the order they came in.
template <class T, class Before>
void keep_first(std::vector<T>& v, std::size_t max, Before before) {
  if (v.size() < 64 || (v.size() - 64) / 4 < max) return;  // no overflow for max = SIZE_MAX (--all)
  std::nth_element(v.begin(), v.begin() + static_cast<long>(max), v.end(), before);
  v.resize(max);
}

bool by_path(const auto& a, const auto& b) { return a.path < b.path; }
bool by_rank(const auto& a, const auto& b) { return ranks_before(a.rank, b.rank); }

// Characters, not bytes: "høj" is 3 wide.
std::size_t chars(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

// `text` padded with spaces to `width` characters.
std::string padded(std::string_view text, std::size_t width) {
  const std::size_t n = chars(text);
  return std::string(text) + (n < width ? std::string(width - n, ' ') : "");
}

// A label column: the text padded to 11 characters, or followed by two spaces when longer.
std::string label(std::string_view text) {
  const std::string p = padded(text, 11);
  return "  " + p + (p.size() == text.size() && text.size() >= 11 ? "  " : "");
}

}  // namespace

std::string TerminalSink::kind_word(std::string_view machine) const {
  if (m_.lang() == i18n::Lang::En) return std::string(machine);  // as the JSON Lines write it
  const auto k = finding_kind_from(machine);
  return k ? std::string(kind_label(m_, *k)) : std::string(machine);
}

std::string TerminalSink::flag_word(std::string_view machine) const {
  if (m_.lang() == i18n::Lang::En) return std::string(machine);
  if (machine == kFlagOverdue) return std::string(overdue_label(m_));
  if (machine == kFlagMisplaced) return std::string(misplaced_label(m_));
  return std::string(machine);
}

std::string TerminalSink::reason_word(std::string_view machine) const {
  if (m_.lang() == i18n::Lang::En) return std::string(machine);
  for (int k = 0; k <= static_cast<int>(kLastProblemKind); ++k)
    if (to_string(static_cast<ProblemKind>(k)) == machine) return std::string(reason_label(m_, static_cast<ProblemKind>(k)));
  return std::string(machine);
}

// "3 cpr, 1 health" (kinds) or "2 encrypted" (reasons), in the reader's words.
std::string TerminalSink::counts(const std::map<std::string, std::uint64_t>& m, bool kinds) const {
  std::string out;
  for (const auto& [k, n] : m) {
    if (!out.empty()) out += ", ";
    out += std::to_string(n) + " " + (kinds ? kind_word(k) : reason_word(k));
  }
  return out;
}

std::string TerminalSink::bytes(double b) const {
  std::string s = human_bytes(b);
  if (m_.lang() == i18n::Lang::Da)
    for (char& c : s)
      if (c == '.') c = ',';
  return s;
}

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
    std::string kinds = counts(values, true);
    for (const auto& [k, n] : hits) kinds += (kinds.empty() ? "" : ", ") + kind_word(k) + " x" + std::to_string(n);
    std::string what = padded(m_.lang() == i18n::Lang::En ? to_string(worst) : severity_label(m_, worst), 10) + kinds;
    std::string flags;
    for (const auto& f : v.flags) flags += (flags.empty() ? "" : ", ") + flag_word(f);
    FileRank rank = rank_of(v);
    if (v.directory) rank.path += "/";
    with_findings_.push_back({std::move(rank), what, flags});
    keep_first(with_findings_, max_listed_, by_rank<Ranked, Ranked>);
    DepartmentCounts& d = departments_[v.department];
    if (d.responsible.empty() && !v.responsible.empty())
      d.responsible = v.responsible + (v.responsible_email.empty() ? "" : " <" + v.responsible_email + ">");
    d.files++;
    if (v.has_flag(kFlagOverdue)) d.overdue++;
    if (v.has_flag(kFlagMisplaced)) d.misplaced++;
  }
  // A folder's notes (a root that looks like an unmounted share) are also the run's warnings
  // (RunSummary::warnings), listed once, under Warnings.
  if (!v.notes.empty() && !v.directory) {
    ++files_with_notes_;
    std::string what;
    for (const auto& n : v.notes) what += (what.empty() ? "" : "; ") + n;
    with_notes_.push_back({v.info.location.path, what});
    keep_first(with_notes_, max_listed_, by_path<Listed, Listed>);
  }
  if (!v.problems.empty()) {
    std::map<std::string, std::uint64_t> reasons;
    for (const auto& p : v.problems) reasons[std::string(to_string(p.kind))] += 1;
    std::string what;
    for (const auto& [r, n] : reasons) what += (what.empty() ? "" : ", ") + reason_word(r);
    with_problems_.push_back({v.info.location.path, what});
    keep_first(with_problems_, max_listed_, by_path<Listed, Listed>);
  }
}

void TerminalSink::print_departments(std::FILE* o) const {
  if (departments_.empty()) return;
  // Number columns as wide as their heading in the reader's language (at least 7), right-aligned.
  const std::string heads[] = {std::string(m_.tr("files")), std::string(m_.tr("overdue")), std::string(m_.tr("misplaced"))};
  std::size_t width[3];
  std::string header = padded(m_.tr("Departments"), 31);  // the rows' "  " + name + " "
  for (int i = 0; i < 3; ++i) {
    width[i] = std::max<std::size_t>(7, chars(heads[i]));
    header += (i == 0 ? "" : "  ") + std::string(width[i] - chars(heads[i]), ' ') + heads[i];
  }
  std::fprintf(o, "\n%s  %s\n", header.c_str(), std::string(m_.tr("responsible")).c_str());
  auto row = [&](const std::string& name, const DepartmentCounts& d) {
    std::fprintf(o, "  %s %*llu  %*llu  %*llu  %s\n", padded(display_.printable(name), 28).c_str(), static_cast<int>(width[0]),
                 static_cast<unsigned long long>(d.files), static_cast<int>(width[1]),
                 static_cast<unsigned long long>(d.overdue), static_cast<int>(width[2]),
                 static_cast<unsigned long long>(d.misplaced), display_.printable(d.responsible).c_str());
  };
  for (const auto& [name, d] : departments_)
    if (!name.empty()) row(name, d);
  if (auto none = departments_.find(""); none != departments_.end()) row(std::string(m_.tr("(no department)")), none->second);
}

Result<bool> TerminalSink::finish(const RunSummary& s) {
  using i18n::fill;
  std::FILE* o = out_;
  auto printable = [this](const std::string& raw) { return display_.printable(raw); };
  auto num = [](std::uint64_t n) { return std::to_string(n); };
  auto decimal = [&](double x, int digits) { return i18n::format_decimal(m_, x, digits); };
  auto line = [&](std::string_view name, const std::string& value) {
    std::fprintf(o, "%s%s\n", label(name).c_str(), value.c_str());
  };
  std::fprintf(o, "\n%s\n",
               fill(m_.trn("Datavagt scan of {n} root", "Datavagt scan of {n} roots", s.roots.size()),
                    {{"n", num(s.roots.size())}})
                   .c_str());
  if (s.status == RunStatus::Interrupted)
    std::fprintf(o, "  %s\n",
                 fill(m_.tr("INTERRUPTED by {signal}: the totals below are only what was scanned before the stop"),
                      {{"signal", signal_name(s.signal)}})
                     .c_str());
  else if (s.status == RunStatus::Failed)
    std::fprintf(o, "  %s\n", fill(m_.tr("FAILED: {why}"), {{"why", printable(s.failure)}}).c_str());
  std::string files = num(s.files);
  if (s.files_without_text) files += " (" + fill(m_.tr("{n} without text"), {{"n", num(s.files_without_text)}}) + ")";
  line(m_.tr("files"), files);
  if (s.files_unchanged + s.files_reused > 0)
    line(m_.tr("unchanged"), fill(m_.tr("{n} not read again (findings from the store), {copies} copies of known content"),
                                  {{"n", num(s.files_unchanged)}, {"copies", num(s.files_reused)}}));
  if (s.ocr_pages_read + s.ocr_pages_cached > 0)
    line(m_.tr("OCR"), fill(m_.tr("{n} pictures and scanned pages read, {cached} met again (read once)"),
                            {{"n", num(s.ocr_pages_read)}, {"cached", num(s.ocr_pages_cached)}}));
  line(m_.tr("data"), fill(m_.tr("{read} read, {text} of text"),
                           {{"read", bytes(static_cast<double>(s.bytes_read))}, {"text", bytes(static_cast<double>(s.text_bytes))}}));
  const double rate = s.seconds > 0 ? static_cast<double>(s.bytes_read) / s.seconds : 0;
  line(m_.tr("time"), fill(m_.tr("{seconds} s ({rate}/s, {files} files/s)"),
                           {{"seconds", decimal(s.seconds, 2)}, {"rate", bytes(rate)},
                            {"files", decimal(s.seconds > 0 ? static_cast<double>(s.files) / s.seconds : 0.0, 0)}}));
  if (s.files_with_findings == 0 && s.folders_with_findings == 0) {
    line(m_.tr("findings"), fill(m_.tr("none (CPR confidence >= {confidence}, sensitive score >= {score})"),
                                 {{"confidence", decimal(s.min_confidence, 2)}, {"score", decimal(s.min_score, 2)}}));
  } else {
    const std::uint64_t with = s.files_with_findings + s.folders_with_findings;
    std::string kinds = counts(s.files_by_kind, true);
    if (s.folders_with_findings)
      kinds = fill(m_.trn("{n} of them a folder named with a CPR number", "{n} of them folders named with a CPR number",
                          s.folders_with_findings),
                   {{"n", num(s.folders_with_findings)}}) +
              "; " + kinds;
    line(m_.tr("findings"), fill(m_.trn("{n} file with personal data: {kinds}", "{n} files with personal data: {kinds}", with),
                                 {{"n", num(with)}, {"kinds", kinds}}));
    std::fprintf(o, "%s%s\n", std::string(13, ' ').c_str(),
                 fill(m_.tr("occurrences: {kinds}"), {{"kinds", counts(s.occurrences_by_kind, true)}}).c_str());
    std::string severity;
    for (int i = 3; i >= 0; --i) {
      if (!s.files_by_severity[i]) continue;
      if (!severity.empty()) severity += ", ";
      const auto sev = static_cast<Severity>(i);
      severity += num(s.files_by_severity[i]) + " " +
                  std::string(m_.lang() == i18n::Lang::En ? to_string(sev) : severity_label(m_, sev));
    }
    line(m_.tr("severity"), fill(m_.tr("{counts} (critical: a CPR number and a sensitive category in the same item)"),
                                 {{"counts", severity}}));
  }
  if (s.files_with_problems)
    line(m_.tr("not fully scanned"), fill(m_.trn("{n} file: {reasons}", "{n} files: {reasons}", s.files_with_problems),
                                          {{"n", num(s.files_with_problems)}, {"reasons", counts(s.problems_by_reason, false)}}));
  if (s.symlinks_skipped || s.special_skipped || s.other_fs_skipped)
    line(m_.tr("skipped"), fill(m_.tr("{links} symlinks, {special} special files, {dirs} directories on other file systems"),
                                {{"links", num(s.symlinks_skipped)}, {"special", num(s.special_skipped)},
                                 {"dirs", num(s.other_fs_skipped)}}));
  if (s.excluded)
    line(m_.tr("excluded"), fill(m_.tr("{n} files and folders (--exclude, the policy's exclude)"), {{"n", num(s.excluded)}}));
  if (!s.policy.empty()) {
    line(m_.tr("policy"), fill(m_.tr("{policy}: {overdue} overdue, {misplaced} misplaced"),
                               {{"policy", printable(s.policy)}, {"overdue", num(s.files_overdue)},
                                {"misplaced", num(s.files_misplaced)}}));
    print_departments(o);
  }

  std::sort(with_findings_.begin(), with_findings_.end(), by_rank<Ranked, Ranked>);
  if (!with_findings_.empty()) {
    std::fprintf(o, "\n%s\n",
                 std::string(s.policy.empty() ? m_.tr("Files with personal data (most severe first):")
                                              : m_.tr("Files with personal data (most severe first; misplaced, then overdue):"))
                     .c_str());
    for (std::size_t i = 0; i < with_findings_.size() && i < max_listed_; ++i) {
      const Ranked& r = with_findings_[i];
      if (s.policy.empty())
        std::fprintf(o, "  %s %s\n", padded(r.what, 36).c_str(), printable(r.rank.path).c_str());
      else
        std::fprintf(o, "  %s %s %s\n", padded(r.what, 36).c_str(), padded(r.flags, 19).c_str(),
                     printable(r.rank.path).c_str());
    }
    if (s.files_with_findings + s.folders_with_findings > max_listed_)
      std::fprintf(o, "  %s\n",
                   fill(m_.tr("… and {n} more (--all lists every one)"),
                        {{"n", num(s.files_with_findings + s.folders_with_findings - max_listed_)}})
                       .c_str());
  }
  std::sort(with_problems_.begin(), with_problems_.end(), by_path<Listed, Listed>);
  if (with_problems_.size() > max_listed_) with_problems_.resize(max_listed_);
  if (!with_problems_.empty()) {
    std::fprintf(o, "\n%s\n", std::string(m_.tr("Not fully scanned:")).c_str());
    for (const auto& l : with_problems_)
      std::fprintf(o, "  %s %s\n", padded(l.what, 28).c_str(), printable(l.path).c_str());
    if (s.files_with_problems > with_problems_.size())
      std::fprintf(o, "  %s\n",
                   fill(m_.tr("… and {n} more (--all lists every one)"), {{"n", num(s.files_with_problems - with_problems_.size())}})
                       .c_str());
  }
  if (!s.warnings.empty()) {
    std::fprintf(o, "\n%s\n", std::string(m_.tr("Warnings:")).c_str());
    for (const auto& w : s.warnings) std::fprintf(o, "  %s\n", printable(w).c_str());
  }
  if (!with_notes_.empty()) {
    std::sort(with_notes_.begin(), with_notes_.end(), by_path<Listed, Listed>);
    if (with_notes_.size() > max_listed_) with_notes_.resize(max_listed_);
    std::fprintf(o, "\n%s\n",
                 std::string(m_.tr("Notes (read, but look at them: e.g. scanned pages are images, not text):")).c_str());
    for (const auto& l : with_notes_) std::fprintf(o, "  %s: %s\n", printable(l.path).c_str(), printable(l.what).c_str());
    if (files_with_notes_ > with_notes_.size())
      std::fprintf(o, "  %s\n", fill(m_.tr("… and {n} more"), {{"n", num(files_with_notes_ - with_notes_.size())}}).c_str());
  }
  std::fflush(o);
  return true;
}

}  // namespace datavagt
