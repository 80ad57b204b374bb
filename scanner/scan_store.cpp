#include "scanner/scan_store.h"

#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>
#include <openssl/sha.h>

#include "detectors/name_scan.h"
#include "core/small_file.h"
#include "extractors/image/ocr_reader.h"
#include "reports/store/identity.h"
#include "reports/store/sqlite_store.h"
#include "scanner/findings_decision.h"
#include "scanner/key_file.h"

namespace datavagt {

using namespace store;

namespace {

std::string options_json(const ScanOptions& o) {
  nlohmann::json j;
  j["full"] = o.full;
  j["kinds"] = o.kinds;
  std::vector<std::string> terms;
  for (const auto& t : o.term_paths) terms.push_back(mask_cpr_numbers(t));
  j["terms"] = terms;
  j["builtin_terms"] = o.builtin_terms;
  j["min_confidence"] = o.detect.min_confidence;
  j["min_score"] = o.detect.min_score;
  j["threads"] = o.threads;
  j["one_file_system"] = o.one_file_system;
  j["max_text_bytes"] = o.limits.max_text_bytes;
  j["max_depth"] = o.limits.max_depth;
  j["max_members"] = o.limits.max_members;
  j["max_seconds_per_file"] = o.limits.max_seconds_per_file;
  j["ocr"] = o.limits.ocr == OcrMode::Off ? "off" : o.limits.ocr == OcrMode::All ? "all" : "auto";
  if (!o.policy_file.empty()) j["policy"] = mask_cpr_numbers(absolute_root(o.policy_file));  // `report` names it
  std::vector<std::string> excludes;
  for (const auto& g : o.excludes) excludes.push_back(mask_cpr_numbers(g));
  j["exclude"] = excludes;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The policy in force, by content: a run's verdicts (overdue, misplaced, departments) are those of this policy.
// "" without one; a policy that cannot be read again here was already refused by the scan command.
std::string policy_hash(const std::string& policy_file) {
  if (policy_file.empty()) return "";
  auto text = read_small_file(policy_file, std::size_t{16} << 20);
  const std::string bytes = text ? *text : text.problem().detail;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return to_hex(digest, sizeof digest);
}
}  // namespace

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "";
  return buf;
}

std::string current_user() {
  if (const char* s = std::getenv("SUDO_USER"); s != nullptr && *s != 0) return s;
  struct passwd pw {};
  struct passwd* found = nullptr;
  char buf[4096];
  if (::getpwuid_r(::getuid(), &pw, buf, sizeof buf, &found) == 0 && found != nullptr) return found->pw_name;
  return "uid " + std::to_string(::getuid());
}

ScanStore::~ScanStore() = default;

Result<std::unique_ptr<ScanStore>> ScanStore::open(const ScanOptions& o, const std::vector<DictionarySource>& site,
                                                   const Fingerprinter& keyed, std::FILE* messages) {
  std::unique_ptr<ScanStore> s(new ScanStore);
  s->messages_ = messages;
  OpenOptions open_options;
  open_options.create = true;
  if (!o.group.empty()) {
    auto gid = group_id(o.group);
    if (!gid) return Problem::make(ProblemKind::UnsupportedFormat, "unknown group '" + o.group + "' (--group)");
    open_options.group = *gid;
  }
  auto opened = SqliteStore::open(o.db, open_options);
  if (!opened) return opened.problem();
  s->main_ = std::move(*opened);
  Store& db = *s->main_;

  auto locked = db.try_lock_for_scan();
  if (!locked) return locked.problem();
  if (!*locked)
    return Problem::make(ProblemKind::Internal,
                         o.db + " is in use by another scan; try again when it has finished");

  const std::string check = keyed.key_check_value();
  auto stored = db.key_check();
  if (!stored) return stored.problem();
  if (stored->empty()) {
    if (auto r = db.set_key_check(check); !r) return r.problem();
  } else if (*stored != check) {
    return Problem::make(ProblemKind::Internal,
                         o.db + " was made with another fingerprint key (key check " + *stored + ", this key gives " +
                             check + "): use that key (--key-file), or another database");
  }
  if (auto r = db.close_abandoned_runs(); !r) return r.problem();

  RunStart start;
  start.started_at = static_cast<std::int64_t>(std::time(nullptr));
  start.options_json = options_json(o);
  // With OCR on, the engine decides too: this loads the OCR module (once; the scan would at its first picture).
  start.decided_by = findings_decided_by(o, site, check, o.limits.ocr == OcrMode::Off ? std::string() : ocr_engine_id());
  start.policy_hash = policy_hash(o.policy_file);
  start.full = o.full;
  start.host = host_name();
  start.user = current_user();
  auto runs = db.runs();
  if (!runs) return runs.problem();

  IncrementalOptions inc;
  inc.roots = o.roots;
  inc.full = o.full;
  inc.clear_paths = o.clear_paths;
  inc.decided_by = start.decided_by;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) inc.own_files.push_back(absolute_root(o.db) + suffix);
  // Display forms of the roots, as the IncrementalScan computes them.
  for (const auto& r : o.roots) start.roots.push_back(mask_cpr_numbers(absolute_root(r)));
  if (!runs->empty()) {
    const RunRecord& last = runs->back();
    if (last.status == RunStatus::Interrupted && last.start.decided_by == start.decided_by &&
        last.start.roots == start.roots && last.start.full == start.full &&
        last.start.policy_hash == start.policy_hash && last.start.options_json == start.options_json) {
      start.resumes = last.id;
      start.chain_start = last.start.chain_start;
      if (messages != nullptr)
        std::fprintf(messages, "datavagt: continuing run %lld, which was interrupted\n",
                     static_cast<long long>(last.id));
    }
  }
  auto run = db.begin_run(start);
  if (!run) return run.problem();
  s->run_ = *run;
  inc.run = *run;
  inc.chain_start = start.chain_start != 0 ? start.chain_start : *run;

  auto writer = SqliteStore::open(o.db, open_options);
  if (!writer) return writer.problem();
  const std::string path = o.db;
  auto reader_factory = [path]() -> Result<std::unique_ptr<Store>> {
    OpenOptions ro;
    ro.read_only = true;
    auto r = SqliteStore::open(path, ro);
    if (!r) return r.problem();
    return std::unique_ptr<Store>(std::move(*r));
  };
  auto incremental = IncrementalScan::start(db, std::move(*writer), reader_factory, keyed, std::move(inc));
  if (!incremental) {
    (void)db.end_run(s->run_, RunStatus::Failed, {}, incremental.problem().detail);
    return incremental.problem();
  }
  s->incremental_ = std::move(*incremental);
  return s;
}

Result<RunCounts> ScanStore::finish(bool walk_complete, const RunSummary& summary) {
  auto counts = incremental_->finish(walk_complete, summary, messages_ != nullptr ? messages_ : stderr);
  // The writer's connection ends the run: it is the one that saw a failure, and the main one may be older.
  std::unique_ptr<Store> writer = incremental_->release_store();
  Store& db = writer ? *writer : *main_;
  if (!counts) {
    auto marked = db.end_run(run_, RunStatus::Failed, {}, counts.problem().detail);
    if (!marked) (void)main_->end_run(run_, RunStatus::Failed, {}, counts.problem().detail);
    return counts.problem();
  }
  const RunStatus status = summary.status == RunStatus::Running ? RunStatus::Failed : summary.status;
  if (auto r = db.end_run(run_, status, *counts, status == RunStatus::Failed ? summary.failure : ""); !r)
    return r.problem();
  return counts;
}

void ScanStore::stopped_at_once(int signal) {
  (void)main_->end_run(run_, RunStatus::Interrupted, {},
                       "stopped at once by a second signal (" + std::to_string(signal) + ")");
}

}  // namespace datavagt
