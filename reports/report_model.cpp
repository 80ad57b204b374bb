#include "detectors/name_scan.h"
#include "reports/report_model.h"

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

#include "reports/report_order.h"
#include "reports/store/identity.h"
#include "reports/store/review_view.h"

namespace datavagt::report {

using namespace store;

namespace {

// The policy's details as the store keeps them (FileRecord::policy_json): the overdue rule and days, the
// reasons a file is misplaced, the responsible person's e-mail. Unknown or missing fields are left empty.
void read_policy_details(const std::string& text, ReportFile& f) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return;
  if (auto o = j.find("overdue"); o != j.end() && o->is_object()) {
    OverdueReason r;
    r.rule = o->value("rule", std::string());
    r.days = o->value("days", std::int64_t{0});
    r.days_over = o->value("days_over", std::int64_t{0});
    f.overdue_reason = std::move(r);
  }
  if (auto m = j.find("misplaced"); m != j.end() && m->is_array())
    for (const auto& reason : *m)
      if (reason.is_string()) f.misplaced_reasons.push_back(reason.get<std::string>());
  if (auto e = j.find("responsible_email"); e != j.end() && e->is_string()) f.responsible_email = e->get<std::string>();
}

void count_into(GroupTotals& g, const ReportFile& f) {
  g.files++;
  g.findings += f.findings.size();
  g.overdue += f.overdue;
  g.misplaced += f.misplaced;
  if (f.open_findings > 0)
    g.open++;
  else
    g.handled++;
  g.by_severity[static_cast<std::size_t>(f.severity)]++;
  std::set<FindingKind> kinds;
  for (const auto& rf : f.findings) kinds.insert(rf.finding.kind);
  for (FindingKind k : kinds) g.files_by_kind[k]++;
  if (g.responsible.empty() && !f.responsible.empty())
    g.responsible = f.responsible + (f.responsible_email.empty() ? "" : " <" + f.responsible_email + ">");
}

void sort_files(std::vector<ReportFile>& files) {
  std::sort(files.begin(), files.end(), [](const ReportFile& a, const ReportFile& b) {
    return listed_before({a.severity, a.misplaced, a.overdue, a.findings.size(), a.path},
                         {b.severity, b.misplaced, b.overdue, b.findings.size(), b.path});
  });
}

// Totals per department (by name, "" last) and per owner (most files first).
void group(ReportModel& m) {
  std::map<std::string, GroupTotals> departments, owners;
  for (const ReportFile& f : m.files) {
    count_into(departments[f.department], f);
    count_into(owners[f.owner], f);
  }
  m.departments.clear();
  m.owners.clear();
  for (auto& [name, g] : departments) {
    g.name = name;
    if (!name.empty()) m.departments.push_back(std::move(g));
  }
  if (auto none = departments.find(""); none != departments.end()) m.departments.push_back(std::move(none->second));
  for (auto& [name, g] : owners) {
    g.name = name;
    g.responsible.clear();
    m.owners.push_back(std::move(g));
  }
  std::stable_sort(m.owners.begin(), m.owners.end(),
                   [](const GroupTotals& a, const GroupTotals& b) { return a.files > b.files; });
}

}  // namespace

std::string ReportFile::row_id() const {
  std::string id = "F" + std::to_string(this->id);
  if (content) id += "-" + to_hex(content->data(), 4);
  return id;
}

Result<RunId> since_run(const std::vector<RunRecord>& runs, const std::string& since) {
  if (since == "last") {
    std::vector<RunId> complete;
    for (const auto& r : runs)
      if (r.status == RunStatus::Complete) complete.push_back(r.id);
    return complete.size() >= 2 ? complete[complete.size() - 2] : RunId{0};
  }
  char* end = nullptr;
  const long long id = std::strtoll(since.c_str(), &end, 10);
  if (end == since.c_str() || *end != 0 || id <= 0)
    return Problem::make(ProblemKind::UnsupportedFormat, "--since takes a run number or 'last', not '" + since + "'");
  if (std::none_of(runs.begin(), runs.end(), [&](const RunRecord& r) { return r.id == id; }))
    return Problem::make(ProblemKind::UnsupportedFormat, "there is no run " + since + " in the store");
  return RunId{id};
}

Result<StoreSnapshot> load_snapshot(Store& db, const std::string& since) {
  StoreSnapshot s;
  s.since = since;
  auto runs = db.runs();
  if (!runs) return runs.problem();
  s.runs = std::move(*runs);
  auto baseline = since_run(s.runs, since.empty() ? "last" : since);
  if (!baseline) return baseline.problem();
  s.baseline = *baseline;
  if (s.baseline != 0) {
    auto keys = db.finding_keys_at(s.baseline);
    if (!keys) return keys.problem();
    s.before = std::move(*keys);
  }
  auto view = load_review_view(db, FileQuery{});
  if (!view) return view.problem();
  s.view = std::move(*view);
  auto history = db.finding_history();
  if (!history) return history.problem();
  s.history = std::move(*history);
  auto reviews = db.reviews();
  if (!reviews) return reviews.problem();
  s.reviews = std::move(*reviews);
  return s;
}

ReportModel build_report(const StoreSnapshot& snap, const ReportFilter& filter, std::int64_t now) {
  ReportModel m;
  m.generated_at = now;
  m.filter = filter;
  if (!snap.runs.empty()) {
    const RunRecord& last = snap.runs.back();
    m.last_run = last;
    m.roots = last.start.roots;
    m.coverage.skipped_symlinks = last.counts.skipped_symlinks;
    m.coverage.skipped_special = last.counts.skipped_special;
    m.coverage.skipped_other_fs = last.counts.skipped_other_fs;
  }
  m.baseline = snap.baseline;
  for (const auto& r : snap.runs)
    if (r.id == m.baseline) m.baseline_at = r.ended_at;
  const auto& before = snap.before;
  const ReviewView& view = snap.view;

  std::set<std::string> departments;
  std::set<FileId> counted;  // files of the report's scope, for the trend
  for (const StoredFile& s : view.files) {
    const bool has_findings = s.result && !s.result->findings.empty();
    if (has_findings) departments.insert(s.file.department);
    if (filter.department && s.file.department != *filter.department) continue;
    counted.insert(s.file.id);
    Coverage& c = m.coverage;
    c.files++;
    if (s.result) {
      if (!s.result->has_text) c.without_text++;
      if (!s.result->notes.empty()) c.with_notes++;
      if (!s.result->problems.empty()) {
        c.not_fully_scanned++;
        std::set<ProblemKind> reasons;
        for (const auto& p : s.result->problems) reasons.insert(p.kind);
        for (ProblemKind k : reasons) c.files_by_reason[k]++;
        m.unscanned.push_back({s.file.display_path, s.result->problems});
      }
      if (!has_findings && s.result->problems.empty()) c.clean++;
    }
    if (!has_findings) continue;
    c.with_findings++;

    ReportFile f;
    f.id = s.file.id;
    f.path_key = s.file.path_key;
    f.path = s.file.display_path;
    f.department = s.file.department;
    f.owner = s.file.owner;
    f.responsible = s.file.responsible;
    f.size = s.file.size;
    f.mtime = s.file.mtime_ns / 1000000000;
    f.format = s.result->format;
    f.content = s.result->content_hash;
    f.overdue = std::find(s.file.flags.begin(), s.file.flags.end(), "overdue") != s.file.flags.end();
    f.misplaced = std::find(s.file.flags.begin(), s.file.flags.end(), "misplaced") != s.file.flags.end();
    read_policy_details(s.file.policy_json, f);
    f.problems = s.result->problems;
    f.notes = s.result->notes;
    const auto was = before.find(s.file.id);
    for (std::size_t i = 0; i < s.result->findings.size(); ++i) {
      ReportFinding rf;
      rf.finding = s.result->findings[i];
      rf.ordinal = i;
      const FindingKey& key = s.result->finding_keys[i];
      if (s.result->content_hash) rf.id = finding_id(*s.result->content_hash, key);
      if (const ReviewRecord* r = view.decision(s, i)) {
        rf.state = r->state;
        rf.reason = mask_cpr_numbers(r->reason);  // typed by a person: a CPR number in it is masked too
        rf.reviewer = r->reviewer;
        rf.reviewed_at = r->at;
      }
      rf.is_new = m.baseline != 0 &&
                  (was == before.end() || std::find(was->second.begin(), was->second.end(), key) == was->second.end());
      if (!filter.states.empty() && std::find(filter.states.begin(), filter.states.end(), rf.state) == filter.states.end())
        continue;
      if (!filter.since.empty() && m.baseline != 0 && !rf.is_new) continue;
      f.findings.push_back(std::move(rf));
    }
    if (f.findings.empty()) continue;
    std::int64_t newest = -1;
    for (const ReportFinding& rf : f.findings) {
      f.kind_counts[rf.finding.kind] += is_identifier(rf.finding.kind) ? 1 : rf.finding.count;
      f.severity = std::max(f.severity, rf.finding.severity);
      f.is_new = f.is_new || rf.is_new;
      if (rf.state == ReviewState::Open) f.open_findings++;
      if (rf.is_new) m.new_findings++;
      if (!f.state.has_value() && &rf == &f.findings.front()) f.state = rf.state;
      if (f.state && *f.state != rf.state) f.state.reset();
      if (rf.state != ReviewState::Open && rf.reviewed_at > newest) {
        newest = rf.reviewed_at;
        f.state_reason = rf.reason;
        f.state_by = rf.reviewer;
        f.state_at = rf.reviewed_at;
      }
    }
    if (f.state && *f.state == ReviewState::Open) {
      f.state_reason.clear();
      f.state_by.clear();
      f.state_at = 0;
    }
    if (f.is_new) m.new_files++;
    m.files.push_back(std::move(f));
  }
  m.all_departments.assign(departments.begin(), departments.end());
  sort_files(m.files);
  group(m);
  m.trend = trend(snap.runs, snap.history, snap.reviews,
                  [&](FileId id) { return !filter.department || counted.count(id) > 0; },
                  !filter.department.has_value());
  return m;
}

}  // namespace datavagt::report
