#include "scanner/report_command.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "reports/json_text.h"
#include "reports/jsonl_sink.h"
#include "reports/store/identity.h"
#include "reports/store/stored_verdict.h"
#include "reports/terminal_sink.h"
#include "scanner/private_output.h"
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
    json::append_string(record, r->reason);
    record += ",\"by\":";
    json::append_string(record, r->reviewer);
    record += ",\"at\":";
    json::append_string(record, json::iso8601_utc(r->at));
  }
  record += "}}";
  return record;
}

// The run `since` names: a run id, or "last" — the run before the newest complete one.
Result<RunId> baseline_run(Store& db, const std::string& since) {
  auto runs = db.runs();
  if (!runs) return runs.problem();
  if (since == "last") {
    std::vector<RunId> complete;
    for (const auto& r : *runs)
      if (r.status == RunStatus::Complete) complete.push_back(r.id);
    return complete.size() >= 2 ? complete[complete.size() - 2] : RunId{0};
  }
  char* end = nullptr;
  const long long id = std::strtoll(since.c_str(), &end, 10);
  if (end == since.c_str() || *end != 0 || id <= 0)
    return Problem::make(ProblemKind::UnsupportedFormat, "--since takes a run number or 'last', not '" + since + "'");
  if (std::none_of(runs->begin(), runs->end(), [&](const RunRecord& r) { return r.id == id; }))
    return Problem::make(ProblemKind::UnsupportedFormat, "there is no run " + since + " in the store");
  return RunId{id};
}

// The policy the newest run judged the files by (its masked path), "" when it had none: with one, the
// overview has the policy line, the table per department and the flags of each file, as after that scan.
std::string policy_of(const RunRecord& run) {
  if (run.start.policy_hash.empty()) return "";
  const auto j = nlohmann::json::parse(run.start.options_json, nullptr, /*allow_exceptions=*/false);
  if (j.is_object() && j.contains("policy") && j["policy"].is_string()) return j["policy"].get<std::string>();
  return "the policy of run " + std::to_string(run.id);
}

}  // namespace

int run_report(const ReportOptions& o) {
  auto states = parse_states(o.states);
  if (!states) return command_error(states.problem().detail);
  auto opened = open_existing_store(o.db, true);
  if (!opened) return command_error(opened.problem().detail);
  Store& db = **opened;

  std::optional<std::map<FileId, std::vector<FindingKey>>> before;  // --since: what each file held then
  if (!o.since.empty()) {
    auto run = baseline_run(db, o.since);
    if (!run) return command_error(run.problem().detail);
    auto keys = db.finding_keys_at(*run);
    if (!keys) return command_error(keys.problem().detail);
    before = std::move(*keys);
  }
  auto view = load_review_view(db, FileQuery{});
  if (!view) return command_error(view.problem().detail);

  OutputFile file;
  std::FILE* out = nullptr;
  if (o.jsonl == "-") {
    out = stdout;
  } else if (!o.jsonl.empty()) {
    file = open_private_output(o.jsonl);
    if (!file) return command_error("cannot write " + o.jsonl + ": " + std::strerror(errno));
    out = file.get();
  }
  const bool filtered = !states->empty() || before.has_value();
  RunSummary summary;
  TerminalSink terminal(stdout);
  for (const StoredFile& f : view->files) {
    FileVerdict v = verdict_of(f);
    std::vector<std::size_t> kept;
    for (std::size_t i = 0; i < v.findings.size(); ++i) {
      if (!states->empty() &&
          std::find(states->begin(), states->end(), view->state(f, i)) == states->end())
        continue;
      if (before) {
        auto it = before->find(f.file.id);
        if (it != before->end() && std::find(it->second.begin(), it->second.end(), f.result->finding_keys[i]) !=
                                       it->second.end())
          continue;
      }
      kept.push_back(i);
    }
    if (filtered) {  // only the findings asked for: no error or note records
      std::vector<Finding> findings;
      for (std::size_t i : kept) findings.push_back(v.findings[i]);
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
    for (std::size_t k = 0; k < kept.size(); ++k) {
      const std::size_t i = kept[k];
      const Finding& finding = v.findings[filtered ? k : i];  // with its policy verdict (a mail item's overdue)
      const std::string id = finding_id(*f.result->content_hash, f.result->finding_keys[i]);
      lines += with_review(JsonlSink::finding_record(v, finding), id, view->decision(f, i));
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
    auto runs = db.runs();
    if (runs && !runs->empty()) {
      summary.roots = runs->back().start.roots;
      summary.policy = policy_of(runs->back());
    }
    if (auto r = terminal.finish(summary); !r) return command_error(r.problem().detail);
  }
  return summary.files_with_findings > 0 ? 1 : 0;
}

}  // namespace datavagt
