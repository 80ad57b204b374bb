#include "scanner/review_command.h"

#include <fnmatch.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "core/location.h"
#include "detectors/name_scan.h"
#include "reports/csv/csv_reader.h"
#include "reports/csv/review_import.h"
#include "reports/report_model.h"
#include "reports/store/identity.h"
#include "scanner/incremental_scan.h"
#include "scanner/scan_store.h"
#include "scanner/store_access.h"

namespace datavagt {

using namespace store;

namespace {

// How a path typed by the user is stored: absolute, masked.
std::string stored_form(const std::string& path) { return mask_cpr_numbers(absolute_root(path)); }

struct Target {
  const StoredFile* file;
  std::optional<std::size_t> finding;  // none = the whole file
};

std::string what(const Finding& f) {
  if (is_identifier(f.kind)) return std::string(to_string(f.kind)) + " " + f.masked;
  std::string terms;
  for (const auto& t : f.terms) terms += (terms.empty() ? "" : ",") + t.term;
  return std::string(to_string(f.kind)) + " " + terms;
}

// The DPO's edits of a CSV report, recorded in one transaction.
int review_from_csv(const ReviewOptions& o) {
  if (!o.paths.empty() || !o.globs.empty() || !o.locations.empty() || !o.ids.empty() || !o.set.empty())
    return command_error("--from-csv takes the states from the file: leave out --path, --glob, --location, --id, --set");
  std::string bytes;
  {
    std::FILE* in = o.from_csv == "-" ? stdin : std::fopen(o.from_csv.c_str(), "rb");
    if (in == nullptr) return command_error("cannot read " + o.from_csv + ": " + std::strerror(errno));
    char buf[65536];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, in)) > 0;) {
      bytes.append(buf, n);
      if (bytes.size() > (std::size_t{512} << 20)) return command_error(o.from_csv + " is larger than 512 MB: not a CSV report");
    }
    const bool failed = std::ferror(in) != 0;
    if (in != stdin) std::fclose(in);
    if (failed) return command_error("cannot read " + o.from_csv + ": " + std::strerror(errno));
  }
  auto table = csv::read_csv(bytes);
  if (!table) return command_error(o.from_csv + ": " + table.problem().detail);
  auto opened = open_existing_store(o.db, false);
  if (!opened) return command_error(opened.problem().detail);
  auto snap = report::load_snapshot(**opened, "");
  if (!snap) return command_error(snap.problem().detail);
  const report::ReportModel current = report::build_report(*snap, {}, static_cast<std::int64_t>(std::time(nullptr)));
  auto plan = csv::plan_review_import(*table, current, o.skip_changed);
  if (!plan) return command_error(o.from_csv + ": " + plan.problem().detail + " (nothing was recorded)");

  const std::string who = o.by.empty() ? current_user() : o.by;
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  std::vector<ReviewRecord> records;
  std::size_t findings = 0;
  for (const auto& d : plan->decisions) {
    ReviewRecord r;
    r.content_hash = *d.file->content;
    r.path_key = d.file->path_key;
    r.display_path = d.file->path;
    r.state = d.state;
    r.reason = d.reason;
    r.reviewer = who;
    r.at = now;
    records.push_back(std::move(r));
    findings += d.file->findings.size();
  }
  if (!records.empty())
    if (auto r = (**opened).add_reviews(records); !r) return command_error(r.problem().detail + " (nothing was recorded)");
  for (const auto& s : plan->skipped) std::printf("skipped %s\n", s.c_str());
  std::printf("%zu file%s (%zu finding%s) recorded from %s; %zu row%s unchanged%s\n", records.size(),
              records.size() == 1 ? "" : "s", findings, findings == 1 ? "" : "s", o.from_csv.c_str(), plan->unchanged,
              plan->unchanged == 1 ? "" : "s",
              plan->skipped.empty() ? "" : ("; " + std::to_string(plan->skipped.size()) + " skipped").c_str());
  return 0;
}

}  // namespace

int run_review(const ReviewOptions& o) {
  if (!o.from_csv.empty()) return review_from_csv(o);
  std::optional<ReviewState> set;
  if (!o.set.empty()) {
    auto s = parse_states({o.set});
    if (!s) return command_error(s.problem().detail);
    set = s->front();
    if (o.reason.empty() && *set != ReviewState::Open)
      return command_error("say why with --reason (it is kept with the decision)");
  }
  auto listed_states = parse_states(o.states);
  if (!listed_states) return command_error(listed_states.problem().detail);
  const bool any_target = !o.paths.empty() || !o.globs.empty() || !o.locations.empty() || !o.ids.empty();
  if (set && !any_target) return command_error("name what to mark: --path, --glob, --location or --id");

  auto opened = open_existing_store(o.db, !set.has_value());
  if (!opened) return command_error(opened.problem().detail);
  Store& db = **opened;
  FileQuery query;
  query.only_with_records = true;
  auto view = load_review_view(db, query);
  if (!view) return command_error(view.problem().detail);

  std::vector<std::string> paths, globs;
  for (const auto& p : o.paths) paths.push_back(stored_form(p));
  for (const auto& g : o.globs) globs.push_back(g.empty() || g[0] == '/' || g[0] == '*' ? mask_cpr_numbers(g) : stored_form(g));
  std::vector<Location> locations;
  for (const auto& l : o.locations) {
    Location loc;
    std::string rest = l;
    for (auto cut = rest.find("!/"); cut != std::string::npos; cut = rest.find("!/")) {
      if (loc.path.empty() && loc.members.empty())
        loc.path = rest.substr(0, cut);
      else
        loc.members.push_back(mask_cpr_numbers(rest.substr(0, cut)));
      rest = rest.substr(cut + 2);
    }
    if (loc.path.empty())
      loc.path = rest;
    else
      loc.members.push_back(mask_cpr_numbers(rest));
    loc.path = stored_form(loc.path);
    locations.push_back(std::move(loc));
  }

  std::vector<Target> targets;
  std::vector<bool> id_found(o.ids.size(), false);
  for (const StoredFile& f : view->files) {
    if (!f.result || f.result->findings.empty()) continue;
    const std::string& p = f.file.display_path;
    const bool whole = std::find(paths.begin(), paths.end(), p) != paths.end() ||
                       std::any_of(globs.begin(), globs.end(),
                                   [&](const std::string& g) { return ::fnmatch(g.c_str(), p.c_str(), 0) == 0; });
    for (std::size_t i = 0; i < f.result->findings.size(); ++i) {
      const Finding& finding = f.result->findings[i];
      bool hit = whole || !any_target;
      for (const auto& l : locations)
        if (l.path == p && (l.members.empty() || l.members == finding.members)) hit = true;
      if (!o.ids.empty() && f.result->content_hash) {
        const std::string id = finding_id(*f.result->content_hash, f.result->finding_keys[i]);
        for (std::size_t k = 0; k < o.ids.size(); ++k)
          if (o.ids[k] == id) {
            hit = true;
            id_found[k] = true;
          }
      }
      if (hit) targets.push_back({&f, i});
    }
  }
  for (std::size_t k = 0; k < o.ids.size(); ++k)
    if (!id_found[k]) return command_error("no present finding has the id " + o.ids[k]);
  if (any_target && targets.empty()) return command_error("nothing in the store matches (paths are stored absolute)");

  if (!set) {  // list
    for (const Target& t : targets) {
      const ReviewRecord* r = view->decision(*t.file, *t.finding);
      const ReviewState state = r != nullptr ? r->state : ReviewState::Open;
      if (!listed_states->empty() &&
          std::find(listed_states->begin(), listed_states->end(), state) == listed_states->end())
        continue;
      const Finding& f = t.file->result->findings[*t.finding];
      Location loc{t.file->file.display_path, f.members};
      std::string flags;  // the policy's verdict on the file, as the last scan judged it
      for (const auto& flag : t.file->file.flags) flags += (flags.empty() ? "  (" : ", ") + flag;
      if (!flags.empty()) flags += ")";
      std::printf("%s  %-14s  %-28s  %s%s%s%s\n",
                  finding_id(*t.file->result->content_hash, t.file->result->finding_keys[*t.finding]).c_str(),
                  std::string(to_string(state)).c_str(), what(f).c_str(), loc.display().c_str(), flags.c_str(),
                  r != nullptr ? "  — " : "", r != nullptr ? (r->reason + " (" + r->reviewer + ")").c_str() : "");
    }
    return 0;
  }

  std::vector<ReviewRecord> records;
  const std::string who = o.by.empty() ? current_user() : o.by;
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  std::size_t findings = 0;
  std::vector<const StoredFile*> files;
  for (const Target& t : targets) {
    if (!t.file->result->content_hash) continue;
    ReviewRecord r;
    r.content_hash = *t.file->result->content_hash;
    r.finding_key = t.file->result->finding_keys[*t.finding];
    r.path_key = t.file->file.path_key;
    r.display_path = t.file->file.display_path;
    r.state = *set;
    r.reason = mask_cpr_numbers(o.reason);  // a CPR number typed into a reason is not kept in clear
    r.reviewer = who;
    r.at = now;
    records.push_back(std::move(r));
    findings++;
    if (files.empty() || files.back() != t.file) files.push_back(t.file);
  }
  if (auto r = db.add_reviews(records); !r) return command_error(r.problem().detail);
  std::printf("%zu finding%s in %zu file%s marked %s\n", findings, findings == 1 ? "" : "s", files.size(),
              files.size() == 1 ? "" : "s", std::string(to_string(*set)).c_str());
  return 0;
}

}  // namespace datavagt
