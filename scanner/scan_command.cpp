#include "scanner/scan_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>

#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include "detectors/database_cache.h"
#include "detectors/fingerprint.h"
#include "detectors/registry.h"
#include "detectors/ruleset.h"
#include "reports/i18n/messages.h"
#include "reports/jsonl_sink.h"
#include "reports/terminal_sink.h"
#include "scanner/item_scanner.h"
#include "scanner/key_file.h"
#include "scanner/member_tasks.h"
#include "scanner/policy/exclude_list.h"
#include "scanner/policy/policy_check.h"
#include "scanner/policy/policy_file.h"
#include "scanner/policy_options.h"
#include "scanner/private_output.h"
#include "scanner/progress.h"
#include "scanner/scan_store.h"
#include "scanner/site_dictionaries.h"
#include "scanner/walk.h"

namespace datavagt {

namespace {

class ScanVisitor final : public WalkVisitor {
 public:
  // With `incremental` (--db), unchanged files are carried forward from the store and every verdict is stored.
  ScanVisitor(const Ruleset& rules, const DetectContext& ctx, std::vector<ReportSink*> sinks, RunSummary& summary,
              Progress& progress, IncrementalScan* incremental, policy::PolicyCheck& policy)
      : policy_(policy),
        pool_([&rules, &ctx] { return std::make_unique<ItemScanner>(rules, ctx); }),
        scanners_([&rules, &ctx, this] { return std::make_unique<ItemScanner>(rules, ctx, &pool_); }),
        sinks_(std::move(sinks)),
        summary_(summary),
        progress_(progress),
        incremental_(incremental) {}

  void file(const std::string& path, bool is_root) override { file_with_stat(path, is_root, nullptr); }

  void file_with_stat(const std::string& path, bool is_root, const struct stat* st) override {
    progress_.current(path);
    if (incremental_ != nullptr) {
      if (incremental_->own_file(path)) return;
      auto outcome = incremental_->file(path, is_root, *scanners_.local(), st);
      policy_.apply(outcome.verdict, is_root);  // read or carried forward: judged on this run's facts
      progress_.file_done(outcome.verdict.bytes_read);
      deliver(outcome.verdict);
      incremental_->record(std::move(outcome));
      return;
    }
    FileVerdict v = scanners_.local()->scan_file(path, is_root);
    policy_.apply(v, is_root);  // owner, department, misplaced, overdue: only for a file with findings
    progress_.file_done(v.bytes_read);
    deliver(v);
  }

  void error(const std::string& path, Problem p) override {
    if (incremental_ != nullptr) {
      auto outcome = incremental_->error(path, std::move(p));
      deliver(outcome.verdict);
      incremental_->record(std::move(outcome));
      return;
    }
    FileVerdict v;
    v.info.location.path = path;
    v.problems.push_back(std::move(p));
    deliver(v);
  }

  void skipped_directory(const std::string& path) override {
    if (incremental_ != nullptr) incremental_->skipped_directory(path);
  }

 private:
  void deliver(const FileVerdict& v) {
    // Formatting (JSON records of a CPR-dense file) needs no lock: done here, in the scanning thread.
    std::vector<std::string> prepared;
    prepared.reserve(sinks_.size());
    for (const ReportSink* s : sinks_) prepared.push_back(s->prepare(v));
    std::lock_guard lock(mutex_);
    add_to_summary(summary_, v);
    for (std::size_t i = 0; i < sinks_.size(); ++i) sinks_[i]->prepared_verdict(v, std::move(prepared[i]));
  }

  policy::PolicyCheck& policy_;
  ScannerPool pool_;  // scanners for the members of containers, scanned as parallel tasks
  tbb::enumerable_thread_specific<std::unique_ptr<ItemScanner>> scanners_;
  std::vector<ReportSink*> sinks_;
  RunSummary& summary_;
  Progress& progress_;
  IncrementalScan* incremental_;
  std::mutex mutex_;
};

int fail(const std::string& message) {
  std::fprintf(stderr, "datavagt: %s\n", message.c_str());
  return 2;
}

}  // namespace

int run_scan(const ScanOptions& command_line) {
  const auto t0 = std::chrono::steady_clock::now();
  if (command_line.roots.empty()) return fail("no path to scan");

  // The policy first: a mistake in it stops the scan before anything is read, and its [scan] and [limits]
  // apply to every option not given on the command line.
  ScanOptions o = command_line;
  std::optional<policy::Policy> policy;
  if (!o.policy_file.empty()) {
    auto p = policy::read_policy_file(o.policy_file);
    if (!p) return fail(p.problem().detail);
    policy = std::move(*p);
    apply_policy_settings(policy->scan, o);
  }
  auto excludes = policy::ExcludeList::make(policy ? policy->exclude : std::vector<policy::Glob>{}, o.excludes);
  if (!excludes) return fail(excludes.problem().detail);

  std::optional<i18n::Lang> lang;
  if (!o.lang.empty() && !(lang = i18n::lang_from(o.lang))) return fail("--lang takes 'da' or 'en', not '" + o.lang + "'");
  auto key = o.key_file.empty() ? read_or_create_key(default_key_path()) : read_key_file(o.key_file);
  if (!key) return fail(key.problem().detail);
  const Fingerprinter fingerprinter(std::move(*key));

  RulesetConfig rules_config;
  for (const auto& name : o.kinds) {
    const auto k = finding_kind_from(name);
    if (!k) return fail("unknown kind '" + name + "' (known: " + selectable_kinds_text() + ")");
    for (const FindingKind chosen : kinds_chosen_with(*k)) rules_config.kinds.push_back(chosen);
  }
  auto site = read_site_dictionaries(o.term_paths);
  if (!site) return fail(site.problem().detail);
  // The findings store: opened before the rule set is built, so a store in use or made with another key stops
  // the scan before any work.
  std::unique_ptr<ScanStore> store;
  if (!o.db.empty()) {
    auto opened = ScanStore::open(o, *site, fingerprinter, stderr);
    if (!opened) return fail(opened.problem().detail);
    store = std::move(*opened);
  }
  rules_config.site_dictionaries = std::move(*site);
  rules_config.builtin_dictionaries = o.builtin_terms;
  rules_config.cache_dir = DatabaseCache::default_dir();
  auto rules = Ruleset::build_default(rules_config);
  if (!rules) return fail(rules.problem().detail);

  // Sinks: JSON Lines if asked; the summary on stdout, or on stderr when the JSON Lines go to stdout.
  OutputFile jsonl_file;
  std::FILE* jsonl_out = nullptr;
  WalkOptions walk_options;
  walk_options.one_file_system = o.one_file_system;
  walk_options.stat_files = !o.db.empty();
  if (!excludes->empty())
    walk_options.exclude = [&excludes](const std::string& path, bool folder) { return excludes->excludes(path, folder); };
  if (o.jsonl == "-") {
    jsonl_out = stdout;
  } else if (!o.jsonl.empty()) {
    jsonl_file = open_private_output(o.jsonl);
    if (!jsonl_file) return fail("cannot write " + o.jsonl + ": " + std::strerror(errno));
    jsonl_out = jsonl_file.get();
    struct stat st;
    if (::fstat(::fileno(jsonl_out), &st) == 0) walk_options.excluded.insert({st.st_dev, st.st_ino});
  }
  std::vector<std::unique_ptr<ReportSink>> sinks;
  if (jsonl_out) sinks.push_back(std::make_unique<JsonlSink>(jsonl_out, o.jsonl == "-" ? "stdout" : o.jsonl));
  if (!o.quiet)
    sinks.push_back(std::make_unique<TerminalSink>(o.jsonl == "-" ? stderr : stdout,
                                                   o.all_files ? std::numeric_limits<std::size_t>::max() : 20,
                                                   lang.value_or(i18n::terminal_lang())));
  std::vector<ReportSink*> sink_ptrs;
  for (auto& s : sinks) sink_ptrs.push_back(s.get());

  const unsigned threads = o.threads ? o.threads : static_cast<unsigned>(tbb::info::default_concurrency());
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, threads);

  RunSummary summary;
  summary.roots = o.roots;
  summary.min_confidence = o.detect.min_confidence;
  summary.min_score = o.detect.min_score;
  summary.policy = o.policy_file;
  WalkCounts counts;
  {
    const DetectContext ctx{o.detect, fingerprinter, o.limits};
    Progress progress(o.progress && !o.quiet);
    policy::PolicyCheck policy_check(policy ? &*policy : nullptr, static_cast<std::int64_t>(std::time(nullptr)));
    ScanVisitor visitor(**rules, ctx, sink_ptrs, summary, progress, store ? &store->incremental() : nullptr,
                        policy_check);
    walk(o.roots, walk_options, visitor, counts);
  }
  summary.symlinks_skipped = counts.symlinks;
  summary.special_skipped = counts.special;
  summary.other_fs_skipped = counts.other_fs;
  bool store_failed = false;
  if (store) {
    summary.files_unchanged = store->incremental().unchanged();
    summary.files_reused = store->incremental().reused();
    if (auto r = store->finish(true, summary); !r) {
      std::fprintf(stderr, "datavagt: the findings store failed; this run is marked failed, and the store keeps "
                           "what was committed before: %s\n", r.problem().detail.c_str());
      store_failed = true;
    }
  }
  summary.unreadable_roots = counts.unreadable_roots;
  summary.excluded = counts.excluded;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  bool sink_failed = false;
  for (auto& s : sinks) {
    if (auto r = s->finish(summary); !r) {
      std::fprintf(stderr, "datavagt: %s\n", r.problem().detail.c_str());
      sink_failed = true;
    }
  }
  if (sink_failed || store_failed || summary.unreadable_roots > 0) return 2;
  return summary.files_with_findings > 0 ? 1 : 0;
}

}  // namespace datavagt
