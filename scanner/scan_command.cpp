#include "scanner/scan_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>

#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include "detectors/database_cache.h"
#include "detectors/fingerprint.h"
#include "detectors/registry.h"
#include "detectors/ruleset.h"
#include "reports/jsonl_sink.h"
#include "reports/terminal_sink.h"
#include "scanner/item_scanner.h"
#include "scanner/key_file.h"
#include "scanner/member_tasks.h"
#include "scanner/progress.h"
#include "scanner/site_dictionaries.h"
#include "scanner/walk.h"

namespace datavagt {

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// Reports are personal data too: created 0600, and tightened to 0600 if a regular file already existed.
// A device or pipe (`--jsonl /dev/null`, `/dev/stdout`) keeps its mode: chmod'ing /dev/null would break
// every other program on the machine.
std::unique_ptr<std::FILE, FileCloser> open_private_output(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return nullptr;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) ::fchmod(fd, 0600);
  return std::unique_ptr<std::FILE, FileCloser>(::fdopen(fd, "w"));
}

void add_to_summary(RunSummary& s, const FileVerdict& v) {
  s.files++;
  s.bytes_read += v.bytes_read;
  s.text_bytes += v.text_bytes;
  if (!v.has_text) s.files_without_text++;
  if (!v.findings.empty()) {
    s.files_with_findings++;
    std::map<std::string, bool> kinds;
    Severity worst = Severity::Low;
    for (const auto& f : v.findings) {
      worst = std::max(worst, f.severity);
      const std::string kind(to_string(f.kind));
      kinds[kind] = true;
      s.findings_by_kind[kind]++;
      s.occurrences_by_kind[kind] += f.count;
    }
    for (const auto& [k, _] : kinds) s.files_by_kind[k]++;
    s.files_by_severity[static_cast<std::size_t>(worst)]++;
  }
  if (!v.problems.empty()) {
    s.files_with_problems++;
    for (const auto& p : v.problems) s.problems_by_reason[std::string(to_string(p.kind))]++;
  }
}

class ScanVisitor final : public WalkVisitor {
 public:
  ScanVisitor(const Ruleset& rules, const DetectContext& ctx, std::vector<ReportSink*> sinks, RunSummary& summary,
              Progress& progress)
      : pool_([&rules, &ctx] { return std::make_unique<ItemScanner>(rules, ctx); }),
        scanners_([&rules, &ctx, this] { return std::make_unique<ItemScanner>(rules, ctx, &pool_); }),
        sinks_(std::move(sinks)),
        summary_(summary),
        progress_(progress) {}

  void file(const std::string& path, bool is_root) override {
    progress_.current(path);
    const FileVerdict v = scanners_.local()->scan_file(path, is_root);
    progress_.file_done(v.bytes_read);
    deliver(v);
  }

  void error(const std::string& path, Problem p) override {
    FileVerdict v;
    v.info.location.path = path;
    v.problems.push_back(std::move(p));
    deliver(v);
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

  ScannerPool pool_;  // scanners for the members of containers, scanned as parallel tasks
  tbb::enumerable_thread_specific<std::unique_ptr<ItemScanner>> scanners_;
  std::vector<ReportSink*> sinks_;
  RunSummary& summary_;
  Progress& progress_;
  std::mutex mutex_;
};

int fail(const std::string& message) {
  std::fprintf(stderr, "datavagt: %s\n", message.c_str());
  return 2;
}

}  // namespace

int run_scan(const ScanOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  if (o.roots.empty()) return fail("no path to scan");

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
  rules_config.site_dictionaries = std::move(*site);
  rules_config.builtin_dictionaries = o.builtin_terms;
  rules_config.cache_dir = DatabaseCache::default_dir();
  auto rules = Ruleset::build_default(rules_config);
  if (!rules) return fail(rules.problem().detail);

  // Sinks: JSON Lines if asked; the summary on stdout, or on stderr when the JSON Lines go to stdout.
  std::unique_ptr<std::FILE, FileCloser> jsonl_file;
  std::FILE* jsonl_out = nullptr;
  WalkOptions walk_options;
  walk_options.one_file_system = o.one_file_system;
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
  if (!o.quiet) sinks.push_back(std::make_unique<TerminalSink>(o.jsonl == "-" ? stderr : stdout));
  std::vector<ReportSink*> sink_ptrs;
  for (auto& s : sinks) sink_ptrs.push_back(s.get());

  const unsigned threads = o.threads ? o.threads : static_cast<unsigned>(tbb::info::default_concurrency());
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, threads);

  RunSummary summary;
  summary.roots = o.roots;
  summary.min_confidence = o.detect.min_confidence;
  summary.min_score = o.detect.min_score;
  WalkCounts counts;
  {
    const DetectContext ctx{o.detect, fingerprinter, o.limits};
    Progress progress(o.progress && !o.quiet);
    ScanVisitor visitor(**rules, ctx, sink_ptrs, summary, progress);
    walk(o.roots, walk_options, visitor, counts);
  }
  summary.symlinks_skipped = counts.symlinks;
  summary.special_skipped = counts.special;
  summary.other_fs_skipped = counts.other_fs;
  summary.unreadable_roots = counts.unreadable_roots;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  bool sink_failed = false;
  for (auto& s : sinks) {
    if (auto r = s->finish(summary); !r) {
      std::fprintf(stderr, "datavagt: %s\n", r.problem().detail.c_str());
      sink_failed = true;
    }
  }
  if (sink_failed || summary.unreadable_roots > 0) return 2;
  return summary.files_with_findings > 0 ? 1 : 0;
}

}  // namespace datavagt
