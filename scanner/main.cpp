// datavagt — finds personal data where it should not be.
//   datavagt scan [options] PATH...       scan files and folders
//   datavagt fingerprint NUMBER|-         the keyed fingerprint of one CPR number (to look a person up)
//   datavagt report|review|lookup|purge --db FILE   the findings store (reports/store/)
//   datavagt keygen FILE [--group G]      make a new fingerprint key
//   datavagt key-id                       the identity (check value) of the key a scan would use
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <string>

#include <libxml/parser.h>

#include "detectors/cpr_validator.h"
#include "detectors/fingerprint.h"
#include "detectors/registry.h"
#include "scanner/helper_roles.h"
#include "scanner/key_file.h"
#include "scanner/lookup_command.h"
#include "scanner/purge_command.h"
#include "scanner/report_command.h"
#include "scanner/review_command.h"
#include "scanner/scan_command.h"

namespace {

using datavagt::FingerprintKey;
using datavagt::Fingerprinter;
using datavagt::KeyLocations;
using datavagt::Result;

// The key as a scan would use it, its warnings on stderr.
Result<FingerprintKey> key_for(const std::string& key_file, bool create) {
  auto key = datavagt::load_key(key_file, KeyLocations::from_environment(), create);
  if (!key) return key;
  for (const auto& w : key->warnings) std::fprintf(stderr, "datavagt: warning: %s\n", w.c_str());
  return key;
}

int fingerprint_command(std::string number, const std::string& key_file) {
  using namespace datavagt;
  if (number == "-") {
    if (!std::getline(std::cin, number)) {
      std::fprintf(stderr, "datavagt: no number on standard input\n");
      return 2;
    }
  }
  const auto digits = normalise_cpr(number);
  if (!digits) {
    std::fprintf(stderr, "datavagt: not a CPR number (expected ten digits, e.g. DDMMYY-SSSS)\n");
    return 2;
  }
  auto key = key_for(key_file, true);
  if (!key) {
    std::fprintf(stderr, "datavagt: %s\n", key.problem().detail.c_str());
    return 2;
  }
  std::printf("%s\n", Fingerprinter(std::move(key->bytes)).of(*digits).c_str());
  return 0;
}

// Prints "<key check value>  <path>", as sha256sum prints a digest and its file.
int key_id_command(const std::string& key_file) {
  auto key = key_for(key_file, false);
  if (!key) {
    std::fprintf(stderr, "datavagt: %s\n", key.problem().detail.c_str());
    return 2;
  }
  const std::string path = key->path;
  std::printf("%s  %s\n", Fingerprinter(std::move(key->bytes)).key_check_value().c_str(), path.c_str());
  return 0;
}

int keygen_command(const std::string& path, const std::string& group) {
  auto key = datavagt::make_key_file(path, group);
  if (!key) {
    std::fprintf(stderr, "datavagt: %s\n", key.problem().detail.c_str());
    return 2;
  }
  std::printf("%s  %s\n", Fingerprinter(std::move(*key)).key_check_value().c_str(), path.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  datavagt::maybe_run_helper(argc, argv);  // a helper process (the PST reader) runs its role and exits here
  xmlInitParser();  // once, before any thread uses libxml2
  datavagt::ScanOptions scan;
  std::string fp_number, fp_key, keygen_path, keygen_group, key_id_file;

  CLI::App app{"Datavagt finds personal data (Danish CPR numbers) in files and folders."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "datavagt " DATAVAGT_VERSION);

  CLI::App* scan_cmd = app.add_subcommand("scan", "Scan files and folders for personal data");
  scan_cmd->add_option("paths", scan.roots, "Files and folders to scan")->required();
  scan_cmd->add_option("--jsonl", scan.jsonl, "Write findings and errors as JSON Lines to FILE ('-' = stdout)")
      ->type_name("FILE");
  scan_cmd->add_option("--key-file", scan.key_file,
                       "Fingerprint key (raw bytes). Default: the installation key, $DATAVAGT_KEY_FILE or "
                       "/var/lib/datavagt/fingerprint.key")
      ->type_name("FILE");
  scan_cmd->add_option("--min-confidence", scan.detect.min_confidence, "Report findings at or above this (0..1)")
      ->check(CLI::Range(0.0, 1.0))
      ->default_val(0.5);
  scan_cmd->add_option("--min-score", scan.detect.min_score,
                       "Report sensitive-category findings (health, criminal, …) scoring at or above this (0..1)")
      ->check(CLI::Range(0.0, 1.0))
      ->default_val(0.05);
  scan_cmd->add_option("--kinds", scan.kinds, "Look only for these kinds: " + datavagt::selectable_kinds_text() + " (default: all)")
      ->delimiter(',')
      ->type_name("KIND,...");
  scan_cmd->add_option("--terms", scan.term_paths,
                       "Site dictionary: a file, or a folder of *.txt files, in the format of "
                       "detectors/dictionaries (repeatable)")
      ->type_name("PATH");
  scan_cmd->add_flag("--no-builtin-terms{false}", scan.builtin_terms,
                     "Use only the --terms dictionaries, not the shipped ones");
  scan_cmd->add_option("-j,--threads", scan.threads, "Worker threads (default: all cores)");
  scan_cmd->add_flag("--cross-filesystems{false}", scan.one_file_system,
                     "Descend into directories on other file systems");
  scan_cmd->add_option("--max-text-size", scan.limits.max_text_bytes,
                       "Stop extracting a file after this many bytes of text (reported as truncated)")
      ->check(CLI::PositiveNumber);
  // Bounds for archives and other containers (core/limits.h has the reasons for the defaults).
  scan_cmd->add_option("--max-depth", scan.limits.max_depth, "Containers nested deeper than this are not scanned")
      ->capture_default_str();
  scan_cmd->add_option("--max-members", scan.limits.max_members, "Members scanned per archive")
      ->capture_default_str();
  scan_cmd->add_option("--max-archive-size", scan.limits.max_unpacked_bytes,
                       "Bytes unpacked from one archive or Office file")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  scan_cmd->add_option("--max-unpacked-size", scan.limits.max_file_unpacked_bytes,
                       "Bytes unpacked from the members of one file, at any depth")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  scan_cmd->add_option("--max-ratio", scan.limits.max_compression_ratio,
                       "A member unpacking more than 16 MiB at more than this ratio is a bomb: cut off (0 = no check)")
      ->capture_default_str();
  scan_cmd->add_option("--max-seconds", scan.limits.max_seconds_per_file,
                       "Wall-clock seconds per file, with everything in it (0 = no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  std::string workers = "in-process";
  scan_cmd->add_option("--workers", workers,
                       "Extract each file in a supervised worker process that a crash, hang or runaway memory in "
                       "a parser cannot take down with the scan (processes), or on the scan's own threads "
                       "(in-process)")
      ->capture_default_str()
      ->check(CLI::IsMember({"processes", "in-process"}));
  scan_cmd->add_option("--max-worker-memory", scan.limits.max_worker_memory_bytes,
                       "Memory one worker process may use (e.g. 2GiB, 512MiB; 0 = no limit): past it the file "
                       "gets memory-limit and the worker is replaced")
      ->transform(CLI::AsSizeValue(false))
      ->default_str("2GiB");
  std::string member_tasks = "on";
  scan_cmd->add_option("--member-tasks", member_tasks,
                       "Scan the members of one big container (zip, mbox, mail) on several cores (on, off)")
      ->capture_default_str()
      ->check(CLI::IsMember({"on", "off"}));
  std::string ocr = "auto";
  scan_cmd->add_option("--ocr", ocr,
                       "Read the text of pictures with OCR (Tesseract): auto = PDF pages without text and images "
                       "large enough to hold text; all = every image; off = none (a note names each one not read)")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "all", "off"}));
  scan_cmd->add_option("--policy", scan.policy_file,
                       "Policy file (TOML; see policy.example.toml): retention, misplaced, departments, excludes, "
                       "options. An option given on the command line wins over the file")
      ->type_name("FILE");
  scan_cmd->add_option("--exclude", scan.excludes,
                       "Leave out files and folders matching GLOB (repeatable; added to the policy's excludes)")
      ->allow_extra_args(false)
      ->type_name("GLOB");
  scan_cmd->add_flag("--no-progress{false}", scan.progress, "No progress line on stderr");
  scan_cmd->add_flag("-q,--quiet", scan.quiet, "No summary (exit code, --jsonl and messages on stderr only)");
  scan_cmd->add_flag("--clear-paths", scan.clear_paths,
                     "Show CPR numbers in file and folder names in clear in every output (default: masked)");
  scan_cmd->add_flag("--all", scan.all_files, "Summary: list every file, not only the first 20");
  scan_cmd->add_option("--lang", scan.lang, "Language of the summary: da or en (default: Danish; English under an en_* locale)")
      ->type_name("da|en");
  auto* db_opt = scan_cmd->add_option("--db", scan.db,
                       "Findings store (SQLite, created 0600): unchanged files are not read again, review states "
                       "and history are kept, and an interrupted scan continues where it stopped")
      ->type_name("FILE");
  scan_cmd->add_flag("--full", scan.full, "With --db: read every file again, even unchanged ones")->needs(db_opt);
  scan_cmd->add_option("--group", scan.group, "With --db: make the store 0660 for this group (the DPO's)")
      ->type_name("GROUP")
      ->needs(db_opt);

  datavagt::ReportOptions report;
  CLI::App* report_cmd = app.add_subcommand(
      "report", "The findings in a store: a summary, the DPO's HTML report, CSV for Excel, or JSON Lines");
  report_cmd->add_option("--db", report.db, "The findings store")->required()->type_name("FILE");
  report_cmd->add_option("--jsonl", report.jsonl, "Write the current findings as JSON Lines ('-' = stdout)")
      ->type_name("FILE");
  report_cmd->add_option("--html", report.html,
                         "Write the DPO's report: one self-contained HTML page (opens offline, from anywhere)")
      ->type_name("FILE");
  report_cmd->add_option("--csv", report.csv,
                         "Write one row per file with findings, for Excel (UTF-8 with BOM, ';'); edit the review "
                         "columns and bring them back with review --from-csv")
      ->type_name("FILE");
  report_cmd->add_option("--csv-summary", report.csv_summary, "Write one row per department, for Excel")
      ->type_name("FILE");
  report_cmd->add_option("--state", report.states,
                         "Only findings in these review states: open, handled, false-positive, deleted, moved, "
                         "accepted")
      ->delimiter(',')
      ->type_name("STATE,...");
  report_cmd->add_option("--since", report.since, "Only findings new since this run ('last': the previous run)")
      ->type_name("RUN|last");
  report_cmd->add_option("--department", report.department, "Only this department's files")->type_name("NAME");
  report_cmd->add_option("--split-by", report.split_by,
                         "One --html/--csv/--csv-summary file per department: OUT-<department>.html")
      ->type_name("department");
  report_cmd->add_option("--lang", report.lang,
                         "Language of the HTML, CSV and summary (default Danish; the summary English under an en_* locale)")
      ->type_name("da|en");
  report_cmd->add_option("--group", report.group, "Make the output files 0640 for this group (the DPO's)")
      ->type_name("GROUP");
  report_cmd->add_flag("--no-context", report.no_context,
                       "Leave out the text around each finding (names, addresses) for reports that travel further");
  report_cmd->add_flag("--all", report.all, "Summary: list every file, not only the first 20");

  datavagt::ReviewOptions review;
  CLI::App* review_cmd =
      app.add_subcommand("review", "Mark findings handled, false-positive, deleted, moved or accepted; or list them");
  review_cmd->add_option("--db", review.db, "The findings store")->required()->type_name("FILE");
  review_cmd->add_option("--path", review.paths, "Every finding of this file")->type_name("PATH");
  review_cmd->add_option("--glob", review.globs, "Every finding of the files matching (absolute paths)")
      ->type_name("PATTERN");
  review_cmd->add_option("--location", review.locations, "The findings at path!/member")->type_name("LOCATION");
  review_cmd->add_option("--id", review.ids, "One finding, by the id `report` gives")->type_name("ID");
  review_cmd->add_option("--set", review.set,
                         "Record this state: handled, false-positive, deleted, moved, accepted (or open)")
      ->type_name("STATE");
  review_cmd->add_option("--reason", review.reason, "Why (kept with the decision)");
  review_cmd->add_option("--by", review.by, "Who decided (default: you)");
  review_cmd->add_option("--from-csv", review.from_csv,
                         "Record the review states and reasons edited in a CSV report (report --csv): every row "
                         "or none")
      ->type_name("FILE");
  review_cmd->add_flag("--skip-changed", review.skip_changed,
                       "With --from-csv: leave out rows whose file changed or went since the report, and list them");
  review_cmd->add_option("--state", review.states, "Listing: only findings in these states")
      ->delimiter(',')
      ->type_name("STATE,...");

  datavagt::LookupOptions lookup;
  CLI::App* lookup_cmd = app.add_subcommand(
      "lookup", "Where is this person's data? CPR numbers from standard input (one per line), never as arguments");
  lookup_cmd->add_option("--db", lookup.db, "The findings store")->required()->type_name("FILE");
  lookup_cmd->add_option("--key-file", lookup.key_file, "The key the store was made with")->type_name("FILE");
  lookup_cmd->add_option("--input", lookup.input, "Read the numbers from FILE instead of standard input")
      ->type_name("FILE");

  datavagt::PurgeOptions purge;
  std::uint64_t older_than = 0, keep_runs = 0;
  CLI::App* purge_cmd = app.add_subcommand(
      "purge", "Delete old runs and the history only they needed, then vacuum (default: older than " +
                   std::to_string(datavagt::kDefaultRetentionDays) + " days)");
  purge_cmd->add_option("--db", purge.db, "The findings store")->required()->type_name("FILE");
  auto* older_opt = purge_cmd->add_option("--older-than", older_than, "Runs older than this many days")
                        ->type_name("DAYS")
                        ->check(CLI::PositiveNumber);
  auto* keep_opt =
      purge_cmd->add_option("--keep-runs", keep_runs, "Keep only the newest N runs")->type_name("N")->check(
          CLI::PositiveNumber);

  CLI::App* fp_cmd = app.add_subcommand("fingerprint", "Print the keyed fingerprint of one CPR number");
  fp_cmd->add_option("number", fp_number, "The CPR number, or '-' to read it from standard input")->required();
  fp_cmd->add_option("--key-file", fp_key, "Fingerprint key (default: the installation key)")->type_name("FILE");

  CLI::App* keygen_cmd = app.add_subcommand(
      "keygen", "Make a new fingerprint key: 32 random bytes, mode 0600 (0640 with --group); never overwrites");
  keygen_cmd->add_option("file", keygen_path, "Where to write it, e.g. /var/lib/datavagt/fingerprint.key")
      ->required()
      ->type_name("FILE");
  keygen_cmd->add_option("--group", keygen_group, "Group that may read it (e.g. datavagt: IT's scans and the DPO)")
      ->type_name("GROUP");

  CLI::App* key_id_cmd = app.add_subcommand(
      "key-id", "Print the identity (check value) of the key a scan would use, and its file");
  key_id_cmd->add_option("--key-file", key_id_file, "Fingerprint key (default: the installation key)")
      ->type_name("FILE");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  if (member_tasks == "off") scan.limits.parallel_member_bytes = 0;
  scan.worker_processes = workers == "processes";
  scan.limits.ocr = ocr == "off" ? datavagt::OcrMode::Off : ocr == "all" ? datavagt::OcrMode::All : datavagt::OcrMode::Auto;
  // What was given on the command line wins over the policy file (a default value does not count).
  for (const CLI::Option* opt : scan_cmd->get_options())
    if (opt->count() > 0 && !opt->get_lnames().empty()) scan.given.insert(opt->get_lnames().front());
  if (*scan_cmd) return datavagt::run_scan(scan);
  if (*fp_cmd) return fingerprint_command(fp_number, fp_key);
  if (*keygen_cmd) return keygen_command(keygen_path, keygen_group);
  if (*key_id_cmd) return key_id_command(key_id_file);
  if (*report_cmd) return datavagt::run_report(report);
  if (*review_cmd) return datavagt::run_review(review);
  if (*lookup_cmd) return datavagt::run_lookup(lookup);
  if (*purge_cmd) {
    if (older_opt->count() > 0) purge.older_than_days = older_than;
    if (keep_opt->count() > 0) purge.keep_runs = keep_runs;
    return datavagt::run_purge(purge);
  }
  return 2;
}
