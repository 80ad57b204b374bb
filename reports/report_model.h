#pragma once
// What the DPO's reports (HTML, CSV, per department) show, read from the findings store once: the present
// files with findings in report order (report_order.h), each finding with its review state and whether it
// is new since a baseline run; per-department and per-owner totals; coverage (every present file counted:
// clean, with findings, or not fully scanned by reason — "not scanned" is never "clean"); and the trend over
// runs (trend.h). Everything in it is masked as the store keeps it: display paths and member names with
// CPR-like numbers masked, masked values and contexts, fingerprints never. Built by load_report(); immutable
// afterwards; thread-safe to read. Errors are values (the store's Problem, or a bad --since).
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/finding.h"
#include "core/problem.h"
#include "reports/store/review_view.h"
#include "reports/store/store.h"
#include "reports/trend.h"

namespace datavagt::report {

struct ReportFinding {
  Finding finding;                // masked as stored; members masked
  std::size_t ordinal = 0;        // its place in the stored result's findings
  std::string id;                 // the id `review --id` takes (16 hex digits)
  store::ReviewState state = store::ReviewState::Open;
  std::string reason, reviewer;   // of the decision that applies ("" when open)
  std::int64_t reviewed_at = 0;
  bool is_new = false;            // not in this file at the end of the baseline run
};

// Why a file is overdue: its retention rule, the rule's period and how far past it the file is.
struct OverdueReason {
  std::string rule;
  std::int64_t days = 0;
  std::int64_t days_over = 0;
};

struct ReportFile {
  store::FileId id = 0;
  store::PathKey path_key{};
  std::string path;               // the display path: absolute, CPR-like numbers masked
  std::string department, owner, responsible, responsible_email;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;         // unix seconds
  std::string format;
  std::optional<store::ContentHash> content;
  Severity severity = Severity::Low;  // of its worst finding
  bool overdue = false, misplaced = false;
  std::optional<OverdueReason> overdue_reason;
  std::vector<std::string> misplaced_reasons;
  std::vector<ReportFinding> findings;
  // Per kind: distinct values for CPR kinds ("3 CPR"), term occurrences for special categories ("health x6").
  std::map<FindingKind, std::uint64_t> kind_counts;
  std::vector<Problem> problems;  // parts of it not scanned (members, details masked)
  std::vector<std::string> notes;
  bool is_new = false;            // has a finding that is new since the baseline
  // The review state of the file as a whole: every finding's, when they agree (nullopt = mixed).
  std::optional<store::ReviewState> state;
  std::string state_reason;       // the newest decision's reason, who made it and when (not when open)
  std::string state_by;
  std::int64_t state_at = 0;
  std::uint64_t open_findings = 0;

  // What `review --from-csv` uses to find the file again and to see that its content did not change.
  std::string row_id() const;
};

// Totals of a group of files with findings: a department or an owner.
struct GroupTotals {
  std::string name;               // "" = without one
  std::string responsible;        // a department's responsible person, with e-mail
  std::uint64_t files = 0, findings = 0, overdue = 0, misplaced = 0;
  std::uint64_t open = 0;         // files with an open finding
  std::uint64_t handled = 0;      // files whose every finding has a decision
  std::array<std::uint64_t, 4> by_severity{};          // files, by Severity
  std::map<FindingKind, std::uint64_t> files_by_kind;
};

struct Coverage {
  std::uint64_t files = 0;              // present files in the store
  std::uint64_t clean = 0;              // read whole, nothing found, nothing wrong
  std::uint64_t with_findings = 0;
  std::uint64_t not_fully_scanned = 0;  // with at least one problem (findings or not)
  std::uint64_t without_text = 0;       // images, media, programs: read, no text layer
  std::uint64_t with_notes = 0;         // e.g. PDF pages that are images
  std::map<ProblemKind, std::uint64_t> files_by_reason;
  // Not even reached, from the newest run: links, special files, other file systems.
  std::uint64_t skipped_symlinks = 0, skipped_special = 0, skipped_other_fs = 0;
};

// A file that was not fully scanned, for the coverage list.
struct UnscannedFile {
  std::string path;
  std::vector<Problem> problems;
};

struct ReportFilter {
  std::vector<store::ReviewState> states;  // keep findings in these states; empty = all
  std::string since;                       // "" = all; "last" or a run id: only findings new since then
  std::optional<std::string> department;   // only this department ("" = files without one)
};

struct ReportModel {
  std::int64_t generated_at = 0;
  std::vector<std::string> roots;               // of the newest run
  std::optional<store::RunRecord> last_run;     // the newest run
  store::RunId baseline = 0;                    // "new" means: not there at the end of this run (0 = none)
  std::int64_t baseline_at = 0;
  ReportFilter filter;
  std::vector<ReportFile> files;                // with findings (after the filter), in report order
  std::vector<UnscannedFile> unscanned;         // not fully scanned, by path
  Coverage coverage;
  std::vector<GroupTotals> departments;         // by name; "" last
  std::vector<GroupTotals> owners;              // most files first
  std::vector<TrendPoint> trend;                // complete runs, oldest first
  std::uint64_t new_files = 0;                  // files with a finding new since the baseline
  std::uint64_t new_findings = 0;
  std::vector<std::string> all_departments;     // every department in the store (for --split-by)
};

// The run --since names ("last": the run before the newest complete one, 0 if there is none; or a run id).
Result<store::RunId> since_run(const std::vector<store::RunRecord>& runs, const std::string& since);

// What the reports read from the store, read once (one report, or one per department).
struct StoreSnapshot {
  std::vector<store::RunRecord> runs;
  store::ReviewView view;                      // the present files and the decisions that apply
  std::vector<store::FindingSpan> history;
  std::vector<store::ReviewRecord> reviews;
  std::string since;                           // as asked ("" = none)
  store::RunId baseline = 0;                   // --since's run, else the previous complete run (0 = none)
  std::map<store::FileId, std::vector<store::FindingKey>> before;  // each file's findings at the baseline
};
Result<StoreSnapshot> load_snapshot(store::Store& db, const std::string& since);

// The report for `filter` (its `since` must be the snapshot's). Pure.
ReportModel build_report(const StoreSnapshot& snapshot, const ReportFilter& filter, std::int64_t now);

}  // namespace datavagt::report
