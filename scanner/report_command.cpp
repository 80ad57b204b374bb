#include "detectors/name_scan.h"
#include "scanner/report_command.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "reports/csv/department_csv.h"
#include "reports/csv/files_csv.h"
#include "reports/html/html_report.h"
#include "reports/i18n/messages.h"
#include "reports/json_text.h"
#include "reports/jsonl_sink.h"
#include "reports/report_model.h"
#include "reports/safe_file_name.h"
#include "reports/store/identity.h"
#include "reports/store/stored_verdict.h"
#include "reports/terminal_sink.h"
#include "scanner/key_file.h"
#include "scanner/private_output.h"
#include "scanner/scan_store.h"
#include "scanner/store_access.h"

namespace datavagt {

using namespace store;

namespace {

// The review fields a store adds to a finding's record: its stable id and its state.
std::string with_review(std::string record, const std::string& id, const ReviewRecord* r) {
  record.pop_back();  // the closing brace
  record += ",\"id\":\"" + id + "\",\"review\":{\"state\":";
  json::append_string(record, to_string(r != nullptr ? r->state : ReviewState::Open));
  if (r != nullptr) {
    record += ",\"reason\":";
    json::append_string(record, mask_cpr_numbers(r->reason));
    record += ",\"by\":";
    json::append_string(record, r->reviewer);
    record += ",\"at\":";
    json::append_string(record, json::iso8601_utc(r->at));
  }
  record += "}}";
  return record;
}

// OUT.html -> OUT-<department>.html
std::string split_path(const std::string& path, const std::string& part) {
  const std::size_t slash = path.rfind('/');
  const std::size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash) || dot == slash + 1)
    return path + "-" + part;
  return path.substr(0, dot) + "-" + part + path.substr(dot);
}

// The policy the newest run judged the files by (its masked path), "" when it had none: with one, the
// overview has the policy line, the table per department and the flags of each file, as after that scan.
std::string policy_of(const RunRecord& run) {
  if (run.start.policy_hash.empty()) return "";
  const auto j = nlohmann::json::parse(run.start.options_json, nullptr, /*allow_exceptions=*/false);
  if (j.is_object() && j.contains("policy") && j["policy"].is_string()) return j["policy"].get<std::string>();
  return "the policy of run " + std::to_string(run.id);
}

// The JSON Lines and terminal outputs: per file, the findings kept, as the scan's sinks know them.
int stream_outputs(const ReportOptions& o, const report::StoreSnapshot& snap, const report::ReportModel& model,
                   std::optional<gid_t> group, i18n::Lang terminal_lang) {
  OutputFile file;
  std::FILE* out = nullptr;
  if (o.jsonl == "-") {
    out = stdout;
  } else if (!o.jsonl.empty()) {
    file = open_private_output(o.jsonl, group);
    if (!file) return command_error("cannot write " + o.jsonl + ": " + std::strerror(errno));
    out = file.get();
  }
  std::map<FileId, const report::ReportFile*> kept;
  for (const auto& f : model.files) kept[f.id] = &f;
  const bool filtered = !o.states.empty() || !o.since.empty() || !o.department.empty();
  RunSummary summary;
  TerminalSink terminal(stdout, o.all ? std::numeric_limits<std::size_t>::max() : 20, terminal_lang);
  for (const StoredFile& f : snap.view.files) {
    if (!o.department.empty() && f.file.department != o.department.front()) continue;
    FileVerdict v = verdict_of(f);
    std::vector<std::size_t> indices;
    if (auto it = kept.find(f.file.id); it != kept.end())
      for (const auto& rf : it->second->findings) indices.push_back(rf.ordinal);
    if (filtered) {  // only the findings asked for: no error or note records
      std::vector<Finding> findings;
      for (std::size_t i : indices) findings.push_back(v.findings[i]);
      v.findings = std::move(findings);
      v.problems.clear();
      v.notes.clear();
      if (v.findings.empty()) continue;
    }
    if (out == nullptr) {
      add_to_summary(summary, v);
      terminal.verdict(v);
      continue;
    }
    std::string lines;
    for (std::size_t k = 0; k < indices.size(); ++k) {
      const std::size_t i = indices[k];
      const Finding& finding = v.findings[filtered ? k : i];  // with its policy verdict (a mail item's overdue)
      const std::string id =
          f.result->content_hash ? finding_id(*f.result->content_hash, f.result->finding_keys[i]) : std::string();
      lines += with_review(JsonlSink::finding_record(v, finding), id, snap.view.decision(f, i));
      lines += '\n';
    }
    for (const auto& p : v.problems) lines += JsonlSink::problem_record(v, p) + "\n";
    if (lines.empty() && !v.notes.empty()) lines += JsonlSink::note_record(v) + "\n";
    if (!lines.empty() && std::fwrite(lines.data(), 1, lines.size(), out) != lines.size())
      return command_error("cannot write " + o.jsonl + ": " + std::strerror(errno));
    add_to_summary(summary, v);
  }
  if (out != nullptr) {
    if (std::fflush(out) != 0) return command_error("cannot write " + o.jsonl + ": " + std::strerror(errno));
  } else {
    summary.roots = model.roots;
    if (!snap.runs.empty()) summary.policy = policy_of(snap.runs.back());
    summary.symlinks_skipped = model.coverage.skipped_symlinks;
    summary.special_skipped = model.coverage.skipped_special;
    summary.other_fs_skipped = model.coverage.skipped_other_fs;
    if (auto r = terminal.finish(summary); !r) return command_error(r.problem().detail);
  }
  return 0;
}

// The HTML and CSV outputs of one model, at the given paths ("" = not asked for).
int write_documents(const report::ReportModel& model, const i18n::Messages& m, const ReportOptions& o,
                    const std::string& html, const std::string& csv, const std::string& csv_summary,
                    std::optional<gid_t> group) {
  struct Output {
    const std::string& path;
    std::string (*make)(const report::ReportModel&, const i18n::Messages&, const ReportOptions&);
  };
  const Output outputs[] = {
      {html, [](const report::ReportModel& mo, const i18n::Messages& me, const ReportOptions& op) {
         return html::html_report(mo, me, html::HtmlOptions{!op.no_context});
       }},
      {csv, [](const report::ReportModel& mo, const i18n::Messages& me, const ReportOptions&) { return csv::files_csv(mo, me); }},
      {csv_summary, [](const report::ReportModel& mo, const i18n::Messages& me, const ReportOptions&) {
         return csv::department_csv(mo, me);
       }},
  };
  for (const Output& out : outputs) {
    if (out.path.empty()) continue;
    if (auto r = write_private_file(out.path, out.make(model, m, o), group); !r) return command_error(r.problem().detail);
  }
  return 0;
}

}  // namespace

int run_report(const ReportOptions& o) {
  auto states = parse_states(o.states);
  if (!states) return command_error(states.problem().detail);
  if (o.department.size() > 1) return command_error("name one --department (or use --split-by department)");
  if (!o.split_by.empty() && o.split_by != "department")
    return command_error("--split-by takes 'department', not '" + o.split_by + "'");
  const bool documents = !o.html.empty() || !o.csv.empty() || !o.csv_summary.empty();
  if (!o.split_by.empty() && !documents) return command_error("--split-by department needs --html, --csv or --csv-summary");
  if (!o.split_by.empty() && !o.department.empty()) return command_error("use --department or --split-by, not both");
  for (const std::string* p : {&o.html, &o.csv, &o.csv_summary})
    if (!o.split_by.empty() && *p == "-") return command_error("--split-by department writes files, not standard output");
  std::optional<i18n::Lang> lang;
  if (!o.lang.empty()) {
    lang = i18n::lang_from(o.lang);
    if (!lang) return command_error("--lang takes 'da' or 'en', not '" + o.lang + "'");
  }
  std::optional<gid_t> group;
  if (!o.group.empty()) {
    auto gid = group_id(o.group);
    if (!gid) return command_error(gid.problem().detail);
    group = *gid;
  }
  auto opened = open_existing_store(o.db, true);
  if (!opened) return command_error(opened.problem().detail);
  auto snap = report::load_snapshot(**opened, o.since);
  if (!snap) return command_error(snap.problem().detail);

  report::ReportFilter filter;
  filter.states = *states;
  filter.since = o.since;
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  report::ReportModel all = report::build_report(*snap, filter, now);
  if (!o.department.empty()) {
    const std::string& d = o.department.front();
    if (std::find(all.all_departments.begin(), all.all_departments.end(), d) == all.all_departments.end()) {
      std::string known;
      for (const auto& name : all.all_departments)
        if (!name.empty()) known += (known.empty() ? "" : ", ") + name;
      return command_error("no file with personal data belongs to the department '" + d + "'" +
                           (known.empty() ? " (the store has no departments: scan with --policy)" : " (known: " + known + ")"));
    }
    filter.department = d;
    all = report::build_report(*snap, filter, now);
  }

  const i18n::Messages documents_lang(lang.value_or(i18n::Lang::Da));
  if (o.split_by.empty()) {
    if (int rc = write_documents(all, documents_lang, o, o.html, o.csv, o.csv_summary, group)) return rc;
  } else {
    const std::vector<std::string> names =
        distinct_safe_file_names(all.all_departments, documents_lang.trc("file name", "no-department"));
    for (std::size_t i = 0; i < names.size(); ++i) {
      report::ReportFilter one = filter;
      one.department = all.all_departments[i];
      const report::ReportModel model = report::build_report(*snap, one, now);
      auto path = [&](const std::string& p) { return p.empty() ? p : split_path(p, names[i]); };
      if (int rc = write_documents(model, documents_lang, o, path(o.html), path(o.csv), path(o.csv_summary), group))
        return rc;
      for (const std::string* p : {&o.html, &o.csv, &o.csv_summary})
        if (!p->empty()) std::printf("%s\n", path(*p).c_str());
    }
  }
  if (!o.jsonl.empty() || !documents) {
    if (int rc = stream_outputs(o, *snap, all, group, lang.value_or(i18n::terminal_lang()))) return rc;
  }
  return all.files.empty() ? 0 : 1;
}

}  // namespace datavagt
