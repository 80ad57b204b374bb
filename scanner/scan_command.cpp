#include "scanner/scan_command.h"

#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <limits>
#include <memory>
#include <optional>

#include <tbb/global_control.h>
#include <tbb/info.h>

#include "core/scan_stop.h"
#include "detectors/database_cache.h"
#include "detectors/fingerprint.h"
#include "detectors/name_scan.h"
#include "detectors/registry.h"
#include "extractors/image/ocr_reader.h"
#include "detectors/ruleset.h"
#include "reports/json_text.h"
#include "reports/i18n/messages.h"
#include "reports/jsonl_sink.h"
#include "reports/path_display.h"
#include "reports/terminal_sink.h"
#include "scanner/key_file.h"
#include "scanner/policy/exclude_list.h"
#include "scanner/policy/policy_check.h"
#include "scanner/policy/policy_file.h"
#include "scanner/policy_options.h"
#include "scanner/private_output.h"
#include "scanner/progress.h"
#include "scanner/scan_output.h"
#include "scanner/scan_store.h"
#include "scanner/scan_visitor.h"
#include "scanner/signal_watch.h"
#include "scanner/fault_injection.h"
#include "scanner/site_dictionaries.h"
#include "scanner/walk.h"
#include "scanner/worker_pool.h"

namespace datavagt {

namespace {

// Messages name paths (a key file, a dictionary, the output): shown as every path is.
int fail(const std::string& message) {
  std::fprintf(stderr, "datavagt: %s\n", mask_cpr_numbers(message).c_str());
  return 2;
}

// A random UUID, version 4 (RFC 4122): names this run in its records, and later in the store.
std::string new_run_id() {
  unsigned char b[16] = {};
  for (std::size_t got = 0; got < sizeof b;) {
    const ssize_t n = ::getrandom(b + got, sizeof b - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {  // no entropy at all: time and pid still make it unique enough on this machine
      const auto t = std::chrono::system_clock::now().time_since_epoch().count();
      for (std::size_t i = 0; i < sizeof b; ++i) b[i] = static_cast<unsigned char>((t >> (i % 8 * 8)) ^ ::getpid());
      break;
    }
    got += static_cast<std::size_t>(n);
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  static constexpr char hex[] = "0123456789abcdef";
  std::string id;
  for (std::size_t i = 0; i < sizeof b; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id += '-';
    id += hex[b[i] >> 4];
    id += hex[b[i] & 0xF];
  }
  return id;
}

// The effective options as one JSON object, named as on the command line (README: scan-start). Paths shown
// as every path is; the key only by its file (the record has its check value).
std::string options_json(const ScanOptions& o, unsigned threads, const PathDisplay& display) {
  std::string r = "{";
  auto key = [&](const char* name) {
    if (r.size() > 1) r += ',';
    json::append_string(r, name);
    r += ':';
  };
  auto number = [&](const char* name, double v) {
    key(name);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    r += buf;
  };
  auto boolean = [&](const char* name, bool v) {
    key(name);
    r += v ? "true" : "false";
  };
  auto strings = [&](const char* name, const std::vector<std::string>& values) {
    key(name);
    r += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i) r += ',';
      json::append_string(r, display(values[i]));
    }
    r += ']';
  };
  key("jsonl");
  json::append_string(r, display(o.jsonl));
  key("key_file");
  json::append_string(r, display(o.key_file));
  number("min_confidence", o.detect.min_confidence);
  number("min_score", o.detect.min_score);
  strings("kinds", o.kinds);
  strings("terms", o.term_paths);
  boolean("builtin_terms", o.builtin_terms);
  number("threads", threads);
  boolean("cross_filesystems", !o.one_file_system);
  number("max_text_size", static_cast<double>(o.limits.max_text_bytes));
  number("max_depth", o.limits.max_depth);
  number("max_members", static_cast<double>(o.limits.max_members));
  number("max_archive_size", static_cast<double>(o.limits.max_unpacked_bytes));
  number("max_unpacked_size", static_cast<double>(o.limits.max_file_unpacked_bytes));
  number("max_ratio", o.limits.max_compression_ratio);
  number("max_seconds", o.limits.max_seconds_per_file);
  key("workers");
  json::append_string(r, o.worker_processes ? "processes" : "in-process");
  number("max_worker_memory", static_cast<double>(o.limits.max_worker_memory_bytes));
  boolean("member_tasks", o.limits.parallel_member_bytes > 0);
  key("ocr");
  json::append_string(r, o.limits.ocr == OcrMode::Off ? "off" : o.limits.ocr == OcrMode::All ? "all" : "auto");
  boolean("clear_paths", o.clear_paths);
  boolean("progress", o.progress);
  boolean("quiet", o.quiet);
  r += '}';
  return r;
}

std::chrono::steady_clock::duration seconds(double s) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(s));
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
  const PathDisplay display{o.clear_paths};
  // Before any other thread exists (signal_watch.h). The first Ctrl-C stops the walk and gives the files in
  // progress a few seconds; a second one ends the process at once (once the outputs exist: closing them).
  ScanStop stop;
  SignalWatcher signals(
      [&](int sig) {
        stop.request(sig, seconds(o.limits.stop_grace_seconds));
        std::fprintf(stderr,
                     "\ndatavagt: interrupted (%s): no new files; the files being scanned get %g s to finish. "
                     "Again to stop at once.\n",
                     signal_name(sig).c_str(), o.limits.stop_grace_seconds);
      },
      [](int sig) { std::_Exit(128 + sig); });

  auto key = load_key(o.key_file, KeyLocations::from_environment());
  if (!key) return fail(key.problem().detail);
  // Warnings about the key are printed even with -q: a nightly scan under the wrong key is worth a mail.
  for (const auto& w : key->warnings) std::fprintf(stderr, "datavagt: warning: %s\n", display.printable(w).c_str());
  // Worker processes get the key in their settings (scan_worker.h), never on a command line.
  WorkerSettings worker_settings;
  if (o.worker_processes) worker_settings.key = key->bytes;
  const Fingerprinter fingerprinter(std::move(key->bytes));
  if (const char* faults = std::getenv(kFaultInjectVariable); faults != nullptr && *faults != '\0') {
    if (auto f = FaultInjection::parse(faults); !f) return fail(f.problem().detail);
    if (!o.worker_processes)
      std::fprintf(stderr, "datavagt: warning: %s applies to worker processes only (not --workers in-process)\n",
                   kFaultInjectVariable);
  }

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
  std::optional<WorkerPool> workers;
  if (o.worker_processes) {
    worker_settings.rules = std::move(rules_config);
    worker_settings.detect = o.detect;
    worker_settings.limits = o.limits;
    workers.emplace(worker_settings, &stop);
    std::string().swap(worker_settings.key);
  }

  // Sinks: JSON Lines if asked; the summary on stdout, or on stderr when the JSON Lines go to stdout.
  OutputFile jsonl_file;
  std::FILE* jsonl_out = nullptr;
  WalkOptions walk_options;
  walk_options.one_file_system = o.one_file_system;
  walk_options.stat_files = store != nullptr;
  walk_options.stop = &stop;
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
  if (jsonl_out)
    sinks.push_back(std::make_unique<JsonlSink>(jsonl_out, o.jsonl == "-" ? "stdout" : o.jsonl, display));
  if (!o.quiet)
    sinks.push_back(std::make_unique<TerminalSink>(o.jsonl == "-" ? stderr : stdout,
                                                   o.all_files ? std::numeric_limits<std::size_t>::max() : 20,
                                                   lang.value_or(i18n::terminal_lang()), display));
  std::vector<ReportSink*> sink_ptrs;
  for (auto& s : sinks) sink_ptrs.push_back(s.get());

  const unsigned threads = o.threads ? o.threads : static_cast<unsigned>(tbb::info::default_concurrency());
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, threads);

  RunInfo run;
  run.run_id = new_run_id();
  run.version = DATAVAGT_VERSION;
  run.started = static_cast<std::int64_t>(std::time(nullptr));
  run.host = host_name();
  run.user = current_user();
  run.roots = o.roots;
  run.key_id = fingerprinter.key_check_value();
  run.key_file = key->path;
  run.per_user_key = key->per_user;
  run.options_json = options_json(o, threads, display);
  run.warnings = key->warnings;

  RunSummary summary;
  summary.roots = o.roots;
  summary.min_confidence = o.detect.min_confidence;
  summary.min_score = o.detect.min_score;
  summary.policy = o.policy_file;
  ScanOutput output(sink_ptrs, summary);
  if (auto r = output.begin(run); !r) return fail(r.problem().detail);

  WalkCounts counts;
  KnownMembers known_members;  // members met in more than one file of the run (in-process scanning)
  if (store) known_members.set_archive(&store->incremental().stored_members());  // … or of earlier runs
  std::optional<std::string> crashed;
  // Fills in the end of the summary: from the main thread after the walk, or from the signal watcher when a
  // second signal ends the process before the walk is over (the counts are then as far as they got).
  auto complete = [&](RunSummary& s) {
    s.symlinks_skipped = counts.symlinks;
    s.special_skipped = counts.special;
    s.other_fs_skipped = counts.other_fs;
    s.excluded = counts.excluded;
    const OcrCounts ocr = ocr_counts();  // the process's: one scan per process
    s.ocr_pages_read = ocr.pages_read;
    s.ocr_pages_cached = ocr.pages_cached;
    s.members_reused = known_members.counts().copies;
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    s.ended = static_cast<std::int64_t>(std::time(nullptr));
    if (stop.requested()) {
      s.status = RunStatus::Interrupted;
      s.signal = stop.signal();
      s.exit_code = 128 + s.signal;
    } else if (crashed || s.unreadable_roots > 0) {
      s.status = RunStatus::Failed;
      s.failure = crashed ? "the scan stopped: " + *crashed
                          : std::to_string(s.unreadable_roots) + " of the paths named could not be scanned";
      s.exit_code = 2;
    } else {
      s.status = RunStatus::Complete;
      s.exit_code = s.files_with_findings + s.folders_with_findings > 0 ? 1 : 0;
    }
  };
  // A second signal closes the outputs (scan-end `interrupted`, the partial summary; the store's run marked
  // interrupted) and ends the process; the handler is taken back before `output` goes (set_on_second waits for
  // one already running). If the main thread is already finishing, finish() waits for it and does nothing.
  signals.set_on_second([&](int sig) {
    if (workers) workers->kill_all();
    (void)output.finish([&](RunSummary& s) {
      complete(s);
      if (store) store->stopped_at_once(sig);
    });
    std::_Exit(128 + sig);
  });
  struct OutputsGone {
    SignalWatcher& signals;
    ~OutputsGone() { signals.set_on_second([](int sig) { std::_Exit(128 + sig); }); }
  } outputs_gone{signals};
  {
    Limits limits = o.limits;
    limits.stop = &stop;
    const DetectContext ctx{o.detect, fingerprinter, limits};
    Progress progress(o.progress && !o.quiet, display);
    policy::PolicyCheck policy_check(policy ? &*policy : nullptr, static_cast<std::int64_t>(std::time(nullptr)));
    ScanVisitor visitor(**rules, ctx, output, progress, display, o.roots, store ? &store->incremental() : nullptr,
                        policy_check, workers ? &*workers : nullptr, &known_members);
    try {
      walk(o.roots, walk_options, visitor, counts);
      visitor.finish(stop.requested());
    } catch (const std::exception& e) {  // out of memory or a bug outside any one file: the run failed
      crashed = e.what();
    }
  }
  // The store's run ends with the summary (its counts), before the sinks write theirs; a store that cannot be
  // written fails the run.
  auto finished = output.finish([&](RunSummary& s) {
    complete(s);
    if (!store) return;
    s.files_unchanged = store->incremental().unchanged();
    s.files_reused = store->incremental().reused();
    if (auto r = store->finish(!stop.requested() && !crashed, s); !r) {  // the run's status is s.status
      std::fprintf(stderr, "datavagt: the findings store failed; this run is marked failed, and the store keeps "
                           "what was committed before: %s\n", r.problem().detail.c_str());
      s.status = RunStatus::Failed;
      s.failure = "the findings store failed: " + r.problem().detail;
      s.exit_code = 2;
    }
  });
  if (crashed) std::fprintf(stderr, "datavagt: %s\n", summary.failure.c_str());
  if (!finished) {
    std::fprintf(stderr, "datavagt: %s\n", finished.problem().detail.c_str());
    return 2;
  }
  return summary.exit_code;
}

}  // namespace datavagt
