#include "reports/html/report_data.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "reports/html/html_text.h"
#include "reports/i18n/local_format.h"
#include "reports/i18n/po_catalog.h"
#include "reports/labels.h"

namespace datavagt::html {

using report::ReportFile;
using report::ReportFinding;
using store::ReviewState;

namespace {

constexpr int kMixed = 6;

int state_index(const std::optional<ReviewState>& s) { return s ? static_cast<int>(*s) : kMixed; }

void append_strings(std::string& out, const std::vector<std::string>& v) {
  out += '[';
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, v[i]);
  }
  out += ']';
}

// Each distinct value gets an index, in the order first seen.
class Names {
 public:
  int operator()(const std::string& s) {
    auto [it, added] = index_.try_emplace(s, static_cast<int>(list_.size()));
    if (added) list_.push_back(s);
    return it->second;
  }
  const std::vector<std::string>& list() const { return list_; }

 private:
  std::map<std::string, int> index_;
  std::vector<std::string> list_;
};

// The catalogue's messages for the page's script (context "report page"), msgid -> msgstr or [one, many].
void append_messages(std::string& out, const i18n::Messages& m) {
  out += '{';
  bool first = true;
  if (const i18n::PoCatalog* c = m.catalogue()) {
    for (const i18n::PoEntry& e : c->entries()) {
      if (e.context != "report page" || e.fuzzy || e.strs.empty() || e.strs[0].empty()) continue;
      if (!first) out += ',';
      first = false;
      append_json_string(out, e.id);
      out += ':';
      if (e.strs.size() == 1) append_json_string(out, e.strs[0]);
      else append_strings(out, e.strs);
    }
  }
  out += '}';
}

std::string what_of(const i18n::Messages& m, const Finding& f) {
  if (is_identifier(f.kind))
    return f.masked + " (" + i18n::fill(m.tr("confidence {x}"), {{"x", i18n::format_decimal(m, f.confidence, 2)}}) + ")";
  std::string terms;
  for (const auto& t : f.terms)
    terms += (terms.empty() ? "" : ", ") + t.term + (t.count > 1 ? " ×" + std::to_string(t.count) : "");
  return terms + " (" + i18n::fill(m.tr("score {x}"), {{"x", i18n::format_decimal(m, f.confidence, 2)}}) + ")";
}

std::string problem_text(const i18n::Messages& m, const Problem& p) {
  std::string where;
  for (const auto& member : p.members) where += (where.empty() ? "" : " › ") + member;
  std::string out(reason_label(m, p.kind));
  if (!where.empty()) out += ": " + where;
  if (!p.detail.empty()) out += " — " + p.detail;
  return out;
}

void append_details(std::string& out, const i18n::Messages& m, const ReportFile& f, bool context) {
  out += "{\"resp\":";
  append_json_string(out, f.responsible + (f.responsible_email.empty() ? "" : " <" + f.responsible_email + ">"));
  out += ",\"size\":" + std::to_string(f.size) + ",\"fmt\":";
  append_json_string(out, f.format);
  if (f.overdue) {
    out += ",\"od\":";
    append_json_string(out, f.overdue_reason
                                ? i18n::fill(m.tr("rule {rule}: kept {days} days, {over} days over"),
                                             {{"rule", f.overdue_reason->rule},
                                              {"days", i18n::format_count(m, static_cast<std::uint64_t>(f.overdue_reason->days))},
                                              {"over", i18n::format_count(m, static_cast<std::uint64_t>(f.overdue_reason->days_over))}})
                                : std::string(overdue_label(m)));
  }
  if (f.misplaced) {
    out += ",\"mp\":";
    append_strings(out, f.misplaced_reasons.empty() ? std::vector<std::string>{std::string(misplaced_label(m))}
                                                   : f.misplaced_reasons);
  }
  if (!f.notes.empty()) {
    out += ",\"notes\":";
    append_strings(out, f.notes);
  }
  out += ",\"f\":[";
  for (std::size_t i = 0; i < f.findings.size(); ++i) {
    const ReportFinding& rf = f.findings[i];
    if (i) out += ',';
    out += '[' + std::to_string(static_cast<int>(rf.finding.kind)) + ',';
    append_json_string(out, what_of(m, rf.finding));
    out += ',';
    append_json_string(out, position_label(m, rf.finding));
    out += ',' + std::to_string(rf.finding.count) + ',' + std::to_string(static_cast<int>(rf.state)) + ',';
    append_json_string(out, rf.reason);
    out += ',';
    append_json_string(out, rf.reviewer);
    out += ',';
    append_json_string(out, rf.reviewed_at ? i18n::iso_date_time(rf.reviewed_at) : "");
    out += ',';
    append_json_string(out, rf.id);
    out += rf.is_new ? ",1" : ",0";
    if (context) {
      out += ',';
      append_json_string(out, rf.finding.context);
    }
    out += ']';
  }
  out += "]";
  if (!f.problems.empty()) {
    std::vector<std::string> problems;
    for (const auto& p : f.problems) problems.push_back(problem_text(m, p));
    out += ",\"pr\":";
    append_strings(out, problems);
  }
  out += '}';
}

}  // namespace

ReportData report_data(const report::ReportModel& model, const i18n::Messages& m, bool context) {
  ReportData d;
  Names departments, owners, dirs;
  for (const auto& g : model.departments) departments(g.name);
  for (const auto& g : model.owners) owners(g.name);
  std::string rows;
  rows.reserve(model.files.size() * 48);
  unsigned kinds_present = 0;
  for (std::size_t i = 0; i < model.files.size(); ++i) {
    const ReportFile& f = model.files[i];
    const std::size_t slash = f.path.rfind('/');
    const std::string dir = slash == std::string::npos ? "" : f.path.substr(0, slash + 1);
    const std::string name = slash == std::string::npos ? f.path : f.path.substr(slash + 1);
    int flags = (f.overdue ? 1 : 0) | (f.misplaced ? 2 : 0) | (f.is_new ? 4 : 0) | (f.problems.empty() ? 0 : 8);
    if (i) rows += ',';
    rows += '[' + std::to_string(dirs(dir)) + ',';
    append_json_string(rows, name);
    rows += ',' + std::to_string(departments(f.department)) + ',' + std::to_string(owners(f.owner)) + ',' +
            std::to_string(static_cast<int>(f.severity)) + ',' + std::to_string(flags) + ',' +
            std::to_string(state_index(f.state)) + ',' + std::to_string(f.mtime) + ',' +
            std::to_string(f.findings.size()) + ",[";
    bool first = true;
    for (const auto& [kind, n] : f.kind_counts) {
      rows += (first ? "" : ",") + std::to_string(static_cast<int>(kind)) + ',' + std::to_string(n);
      first = false;
      kinds_present |= 1u << static_cast<int>(kind);
    }
    rows += "]]";
    if (i) d.details += '\n';
    append_details(d.details, m, f, context);
  }
  // Each file's place in path order (bytewise, as the report order breaks ties).
  std::vector<std::size_t> by_path(model.files.size());
  std::iota(by_path.begin(), by_path.end(), 0);
  std::sort(by_path.begin(), by_path.end(),
            [&](std::size_t a, std::size_t b) { return model.files[a].path < model.files[b].path; });
  std::vector<std::size_t> prank(model.files.size());
  for (std::size_t r = 0; r < by_path.size(); ++r) prank[by_path[r]] = r;

  std::string& t = d.table;
  t.reserve(rows.size() + 4096);
  t += "{\"lang\":";
  append_json_string(t, i18n::lang_code(m.lang()));
  t += ",\"now\":" + std::to_string(model.generated_at) + ",\"context\":" + (context ? "true" : "false");
  t += ",\"msgs\":";
  append_messages(t, m);
  std::vector<std::string> labels;
  for (FindingKind k : kReportKinds) labels.emplace_back(kind_label(m, k));
  t += ",\"kinds\":";
  append_strings(t, labels);
  labels.clear();
  for (int s = 0; s < 4; ++s) labels.emplace_back(severity_label(m, static_cast<Severity>(s)));
  t += ",\"sev\":";
  append_strings(t, labels);
  labels.clear();
  for (ReviewState s : {ReviewState::Open, ReviewState::Handled, ReviewState::FalsePositive, ReviewState::Deleted,
                        ReviewState::Moved, ReviewState::Accepted})
    labels.emplace_back(state_label(m, s));
  labels.emplace_back(mixed_state_label(m));
  t += ",\"states\":";
  append_strings(t, labels);
  t += ",\"kindsPresent\":" + std::to_string(kinds_present);
  t += ",\"depts\":";
  append_strings(t, departments.list());
  t += ",\"owners\":";
  append_strings(t, owners.list());
  t += ",\"dirs\":";
  append_strings(t, dirs.list());
  t += ",\"prank\":[";
  for (std::size_t i = 0; i < prank.size(); ++i) t += (i ? "," : "") + std::to_string(prank[i]);
  t += "],\"rows\":[";
  t += rows;
  t += "]}";
  return d;
}

}  // namespace datavagt::html
