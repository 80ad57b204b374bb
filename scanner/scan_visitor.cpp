#include "scanner/scan_visitor.h"

#include <tbb/parallel_for_each.h>

#include "detectors/name_scan.h"
#include "detectors/severity.h"
#include "scanner/file_budget.h"

namespace datavagt {

namespace {

// A file cut off by the scan's stop (file_budget.h) was given a `limit` problem with this detail; what it is
// is an interruption.
void mark_interrupted(FileVerdict& v) {
  for (auto& p : v.problems)
    if (p.kind == ProblemKind::Limit && p.detail == kInterruptedDetail) p.kind = ProblemKind::Interrupted;
}

ItemInfo folder_info(const std::string& path, const struct stat& st) {
  ItemInfo info;
  info.location.path = path;
  info.mtime = st.st_mtim.tv_sec;
  info.owner_uid = st.st_uid;
  info.mode = st.st_mode & 07777;
  return info;
}

FileVerdict folder_verdict(const std::string& path, const struct stat& st) {
  FileVerdict v;
  v.directory = true;
  v.format = "directory";
  v.info = folder_info(path, st);
  return v;
}

}  // namespace

std::string_view last_component(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  const auto slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (name == "." || name == ".." || name == "/") return {};
  return name;
}

ScanVisitor::ScanVisitor(const Ruleset& rules, const DetectContext& ctx, ScanOutput& output, Progress& progress,
                         const PathDisplay& display, const std::vector<std::string>& roots,
                         IncrementalScan* incremental, policy::PolicyCheck& policy, WorkerPool* workers,
                         KnownMembers* known)
    : pool_([&rules, &ctx] { return std::make_unique<ItemScanner>(rules, ctx); }),
      scanners_([&rules, &ctx, workers, known, this]() -> std::unique_ptr<FileScanner> {
        if (workers != nullptr) return std::make_unique<WorkerScanner>(*workers);
        return std::make_unique<ItemScanner>(rules, ctx, &pool_, known);
      }),
      name_sessions_([&rules, &ctx] { return rules.open_session(ctx); }),
      output_(output),
      progress_(progress),
      display_(display),
      roots_(roots.begin(), roots.end()),
      incremental_(incremental),
      policy_(policy) {}

NameFindings ScanVisitor::names_of(const std::string& path, std::string_view part) {
  return scan_name(*name_sessions_.local(), last_component(path), part);
}

void ScanVisitor::add_name_findings(FileVerdict& v, NameFindings&& names) {
  if (names.findings.empty()) return;
  v.findings.insert(v.findings.begin(), std::make_move_iterator(names.findings.begin()),
                    std::make_move_iterator(names.findings.end()));
  std::vector<Finding> own;  // the file's own text and its name: one item for severity
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < v.findings.size(); ++i) {
    if (!v.findings[i].members.empty()) continue;
    own.push_back(v.findings[i]);
    at.push_back(i);
  }
  assign_severity(own);
  for (std::size_t k = 0; k < at.size(); ++k) v.findings[at[k]].severity = own[k].severity;
}

void ScanVisitor::root_failed(const std::string& path, const Problem& p) {
  output_.count_failed_root();
  const std::string shown = display_.printable(path);
  if (p.kind == ProblemKind::NotFound)
    progress_.say(shown + ": no such file or folder");
  else
    progress_.say(shown + ": cannot be read (" + display_.printable(p.detail) + ")");
}

void ScanVisitor::deliver_file(FileVerdict& v, bool is_root) {
  progress_.file_done(v.bytes_read);
  // A file named on the command line that could not even be sniffed was not scanned at all: exit 2.
  if (is_root && v.format.empty() && !v.problems.empty() && v.problems.front().kind != ProblemKind::Interrupted)
    root_failed(v.info.location.path, v.problems.front());
  output_.deliver(v);
}

void ScanVisitor::file_with_stat(const std::string& path, bool is_root, const struct stat* st) {
  progress_.current(path);
  if (incremental_ == nullptr) {
    FileScanner& scanner = *scanners_.local();
    auto& gathered = gathered_.local();
    gathered.push_back(FileRequest{path, is_root});
    if (gathered.size() >= scanner.preferred_batch()) scan_gathered(scanner, gathered);
    return;
  }
  if (incremental_->own_file(path)) return;
  auto outcome = incremental_->file(path, is_root, *scanners_.local(), st);
  mark_interrupted(outcome.verdict);  // before it is stored: an interrupted result is never reused
  policy_.apply(outcome.verdict, is_root);  // read or carried forward: judged on this run's facts
  if (auto names = names_of(path, kFileNamePart); !names.findings.empty()) {
    FileVerdict named = outcome.verdict;
    add_name_findings(named, std::move(names));
    policy_.apply(named, is_root);  // a name with a CPR number is personal data too
    deliver_file(named, is_root);
  } else {
    deliver_file(outcome.verdict, is_root);
  }
  incremental_->record(std::move(outcome));
}

void ScanVisitor::scan_gathered(FileScanner& scanner, std::vector<FileRequest>& pending) {
  std::vector<FileRequest> files;
  files.swap(pending);
  scanner.scan_files(files, [&](std::size_t i, FileVerdict& v) {
    finish_file(v, files[i].path, files[i].follow_symlink);  // a symlink is followed only at a root
  });
}

void ScanVisitor::finish_file(FileVerdict& v, const std::string& path, bool is_root) {
  mark_interrupted(v);
  add_name_findings(v, names_of(path, kFileNamePart));
  policy_.apply(v, is_root);  // owner, department, misplaced, overdue: only for a file with findings
  deliver_file(v, is_root);
}

void ScanVisitor::finish(bool stopped) {
  std::vector<std::vector<FileRequest>*> left;
  for (auto& g : gathered_)
    if (!g.empty()) left.push_back(&g);
  if (stopped) {
    for (auto* g : left) g->clear();
    return;
  }
  tbb::parallel_for_each(left.begin(), left.end(),
                         [this](std::vector<FileRequest>* g) { scan_gathered(*scanners_.local(), *g); });
}

void ScanVisitor::error(const std::string& path, Problem p, bool is_directory) {
  // Roots are the paths named: one that cannot be read fails the run (exit 2).
  if (roots_.count(path)) root_failed(path, p);
  if (incremental_ != nullptr) {
    auto outcome = incremental_->error(path, std::move(p));
    outcome.verdict.directory = is_directory;
    if (is_directory) outcome.verdict.format = "directory";
    output_.deliver(outcome.verdict);
    incremental_->record(std::move(outcome));
    return;
  }
  FileVerdict v;
  v.directory = is_directory;
  v.info.location.path = path;
  if (is_directory) v.format = "directory";
  v.problems.push_back(std::move(p));
  output_.deliver(v);
}

void ScanVisitor::skipped_directory(const std::string& path) {
  if (incremental_ != nullptr) incremental_->skipped_directory(path);
}

void ScanVisitor::directory(const std::string& path, const struct stat& st, bool) {
  auto names = names_of(path, kFolderNamePart);
  if (names.findings.empty()) return;
  FileVerdict v = folder_verdict(path, st);
  add_name_findings(v, std::move(names));
  output_.deliver(v);
}

void ScanVisitor::root_note(const std::string& path, const struct stat& st, std::string note) {
  const std::string warning = display_.printable(path) + ": " + note;
  progress_.say("warning: " + warning);
  output_.add_warning(warning);
  FileVerdict v = folder_verdict(path, st);
  v.notes.push_back(std::move(note));
  output_.deliver(v);
}

}  // namespace datavagt
