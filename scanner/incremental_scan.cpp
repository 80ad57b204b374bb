#include "scanner/incremental_scan.h"

#include <fcntl.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include <tbb/enumerable_thread_specific.h>

#include "core/utf8.h"
#include "detectors/name_scan.h"
#include "reports/store/identity.h"
#include "reports/store/stored_verdict.h"
#include "scanner/file_source.h"

namespace datavagt {

using namespace store;

struct IncrementalScan::Root {
  std::string named;     // as named, without trailing slashes
  std::string absolute;  // lexically normal, absolute
  std::string display;   // masked
  std::atomic<std::uint64_t> seen{0};
  std::atomic<bool> missing{false};
};

// One read connection per scanning thread, opened when a thread first needs stored findings.
struct IncrementalScan::Readers {
  tbb::enumerable_thread_specific<std::unique_ptr<Store>> local;
};

namespace {

std::string display_text(std::string_view raw) {
  std::string masked = mask_cpr_numbers(raw);
  if (utf8::is_valid(masked)) return masked;
  std::string out;
  utf8::append_lossy(out, masked);
  return out;
}

std::string without_trailing_slashes(std::string s) {
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

bool under(const std::string& path, const std::string& dir) {
  if (path.size() < dir.size() || path.compare(0, dir.size(), dir) != 0) return false;
  return path.size() == dir.size() || dir.back() == '/' || path[dir.size()] == '/';
}

std::vector<std::string> display_all(const std::vector<std::string>& v) {
  std::vector<std::string> out;
  out.reserve(v.size());
  for (const auto& s : v) out.push_back(display_text(s));
  return out;
}

std::int64_t ns(const timespec& t) { return static_cast<std::int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec; }

void fill_info(FileVerdict& v, const struct stat& st) {
  v.info.size = static_cast<std::uint64_t>(st.st_size);
  v.info.mtime = st.st_mtim.tv_sec;
  v.info.owner_uid = st.st_uid;
  v.info.mode = st.st_mode & 07777;
}

}  // namespace

std::string absolute_root(const std::string& named) {
  std::error_code ec;
  const std::filesystem::path p(without_trailing_slashes(named));
  return without_trailing_slashes((p.is_absolute() ? p : std::filesystem::current_path(ec) / p).lexically_normal().string());
}

std::size_t IncrementalScan::KeyHash::operator()(const ContentHash& k) const {
  std::size_t h;
  std::memcpy(&h, k.data(), sizeof h);
  return h;
}

IncrementalScan::IncrementalScan(Store& store, ReaderFactory readers, const Fingerprinter& keyed,
                                 IncrementalOptions options)
    : store_(store),
      readers_(std::move(readers)),
      keyed_(keyed),
      options_(std::move(options)),
      reader_pool_(std::make_unique<Readers>()) {
  for (const auto& named : options_.roots) {
    auto r = std::make_unique<Root>();
    r->named = without_trailing_slashes(named);
    r->absolute = absolute_root(named);
    r->display = display_text(r->absolute);
    roots_.push_back(std::move(r));
  }
  std::stable_sort(roots_.begin(), roots_.end(),
                   [](const auto& a, const auto& b) { return a->named.size() > b->named.size(); });
}

IncrementalScan::~IncrementalScan() = default;

Result<std::unique_ptr<IncrementalScan>> IncrementalScan::start(Store& store, std::unique_ptr<Store> writer_store,
                                                                ReaderFactory readers, const Fingerprinter& keyed,
                                                                IncrementalOptions options) {
  std::unique_ptr<IncrementalScan> s(new IncrementalScan(store, std::move(readers), keyed, std::move(options)));
  auto loaded = store.load_index(s->options_.decided_by);
  if (!loaded) return loaded.problem();
  s->entries_ = std::move(*loaded);
  const auto& entries = s->entries_;
  s->index_.emplace(entries.size(), [&entries](std::size_t i) -> const PathKey& { return entries[i].path_key; });
  s->visited_ = std::make_unique<std::atomic<bool>[]>(s->entries_.size());
  IncrementalScan* self = s.get();
  s->writer_ = std::make_unique<StoreWriter>(
      std::move(writer_store), s->options_.run, s->options_.writer,
      [self](const std::vector<FileWrite>& batch, const std::vector<ResultId>& ids) { self->learn(batch, ids); });
  return s;
}

int IncrementalScan::resolve(const std::string& path, std::string& absolute) const {
  for (std::size_t i = 0; i < roots_.size(); ++i) {
    const Root& r = *roots_[i];
    if (!under(path, r.named)) continue;
    std::string rest = path.substr(r.named.size());
    if (!rest.empty() && rest.front() != '/') rest.insert(rest.begin(), '/');
    absolute = r.absolute == "/" ? (rest.empty() ? "/" : rest) : r.absolute + rest;
    return static_cast<int>(i);
  }
  absolute = absolute_root(path);
  return -1;
}

void IncrementalScan::visit(Outcome& out) {
  out.root = resolve(out.verdict.info.location.path, out.absolute_path);
  if (out.root >= 0) roots_[static_cast<std::size_t>(out.root)]->seen++;
  out.key = path_key(keyed_, out.absolute_path);
  if (auto i = index_->find(out.key, [this](std::size_t e) -> const PathKey& { return entries_[e].path_key; })) {
    out.entry = static_cast<std::int64_t>(*i);
    visited_[*i].store(true, std::memory_order_relaxed);
  }
}

bool IncrementalScan::fill_from_result(FileVerdict& v, ResultId id, bool has_records, bool has_text) {
  v.has_text = has_text;
  if (!has_records) return true;
  auto& reader = reader_pool_->local.local();
  if (!reader) {
    auto opened = readers_();
    if (!opened) return false;
    reader = std::move(*opened);
  }
  auto r = reader->load_result(id);
  if (!r) return false;
  v.format = r->format;
  v.findings = std::move(r->findings);
  v.problems = std::move(r->problems);
  v.notes = std::move(r->notes);
  return true;
}

// Once, by the first thread that reads a file: --full reads everything again (only what this run learns is
// reused). A store that cannot be read here costs only the reuse: the files are extracted.
void IncrementalScan::load_known() const {
  std::call_once(known_loaded_, [this] {
    if (options_.full) return;
    auto reader = readers_();
    if (!reader) return;
    std::unique_lock lock(known_mutex_);
    (void)(*reader)->load_known_contents(options_.decided_by, [this](const KnownContent& k) {
      known_.emplace(k.hash, k);  // what this run learnt first stays
      known_sizes_.insert(k.size);
    });
  });
}

std::optional<KnownContent> IncrementalScan::known(const ContentHash& h) const {
  load_known();
  std::shared_lock lock(known_mutex_);
  if (auto it = known_.find(h); it != known_.end()) return it->second;
  return std::nullopt;
}

bool IncrementalScan::size_known(std::uint64_t size) const {
  load_known();
  std::shared_lock lock(known_mutex_);
  return known_sizes_.count(size) != 0;
}

IncrementalScan::Outcome IncrementalScan::file(const std::string& path, bool is_root, FileScanner& scanner,
                                               const struct stat* walked) {
  Outcome out;
  out.verdict.info.location.path = path;
  visit(out);
  if (out.entry >= 0) {
    const IndexEntry& e = entries_[static_cast<std::size_t>(out.entry)];
    struct stat st {};
    const bool have = walked != nullptr ? (st = *walked, true)
                                        : ::fstatat(AT_FDCWD, path.c_str(), &st, is_root ? 0 : AT_SYMLINK_NOFOLLOW) == 0;
    const bool same = have && S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) == e.size &&
                      ns(st.st_mtim) == e.mtime_ns && ns(st.st_ctim) == e.ctime_ns;
    const bool read_in_this_chain = e.scanned_run >= options_.chain_start;
    if (same && e.result_current && (!options_.full || read_in_this_chain)) {
      out.st = st;
      out.have_stat = true;
      fill_info(out.verdict, st);
      if (fill_from_result(out.verdict, e.result_id, e.result_has_records, e.has_text)) {
        out.how = How::Unchanged;
        out.known_result = e.result_id;
        unchanged_++;
        return out;
      }
      out.verdict = FileVerdict{};
      out.verdict.info.location.path = path;
    }
  } else {
    new_++;
  }
  auto src = FileSource::open(path, is_root);
  if (!src) {
    out.verdict.problems.push_back(src.problem());
    read_++;
    return out;
  }
  FileSource& f = **src;
  out.st = f.stat();
  out.have_stat = true;
  f.hash_content();
  if (size_known(static_cast<std::uint64_t>(out.st.st_size))) {
    // Hashed first: a known content is not extracted again.
    if (auto h = f.content_hash()) {
      out.hash = *h;
      if (auto k = known(*h)) {
        fill_info(out.verdict, out.st);
        out.verdict.bytes_read = f.bytes_read();
        if (fill_from_result(out.verdict, k->result_id, k->has_records, k->has_text)) {
          out.how = How::Reused;
          out.known_result = k->result_id;
          reused_++;
          return out;
        }
        out.verdict = FileVerdict{};
        out.verdict.info.location.path = path;
      }
    }
  }
  out.verdict = scanner.scan_open_file(path, f);
  if (!out.hash && out.verdict.has_text)
    if (auto h = f.content_hash()) out.hash = *h;
  read_++;
  return out;
}

IncrementalScan::Outcome IncrementalScan::error(const std::string& path, Problem problem) {
  Outcome out;
  out.verdict.info.location.path = path;
  out.verdict.problems.push_back(std::move(problem));
  visit(out);
  for (auto& r : roots_)
    if (r->named == without_trailing_slashes(path)) r->missing = true;
  protect(out.absolute_path);
  read_++;
  if (out.entry < 0) new_++;
  return out;
}

void IncrementalScan::skipped_directory(const std::string& path) {
  std::string absolute;
  resolve(path, absolute);
  protect(absolute);
}

void IncrementalScan::protect(const std::string& absolute_path) {
  std::lock_guard lock(mutex_);
  protected_.push_back(display_text(absolute_path));
}

std::string IncrementalScan::owner_name(std::uint32_t uid) {
  std::lock_guard lock(mutex_);
  auto it = owners_.find(uid);
  if (it != owners_.end()) return it->second;
  struct passwd pw {};
  struct passwd* found = nullptr;
  char buf[4096];
  std::string name = ::getpwuid_r(uid, &pw, buf, sizeof buf, &found) == 0 && found != nullptr
                         ? std::string(found->pw_name)
                         : std::to_string(uid);
  owners_.emplace(uid, name);
  return name;
}

ResultRecord IncrementalScan::make_result(const Outcome& o) const {
  const FileVerdict& v = o.verdict;
  ResultRecord r;
  r.content_hash = o.hash;
  r.decided_by = options_.decided_by;
  r.format = v.format;
  r.has_text = v.has_text;
  r.bytes_read = v.bytes_read;
  r.text_bytes = v.text_bytes;
  r.reusable = o.have_stat && std::none_of(v.problems.begin(), v.problems.end(), is_transient);
  r.findings.reserve(v.findings.size());
  for (const Finding& f : v.findings) {
    Finding stored = f;
    stored.members = display_all(f.members);
    r.finding_keys.push_back(finding_key(stored));
    r.findings.push_back(std::move(stored));
  }
  for (const Problem& p : v.problems)
    r.problems.push_back(Problem{p.kind, display_text(p.detail), display_all(p.members)});
  r.notes = display_all(v.notes);
  return r;
}

FileRecord IncrementalScan::make_file_record(const Outcome& o) {
  FileRecord f;
  f.path_key = o.key;
  f.display_path = display_text(o.absolute_path);
  if (options_.clear_paths ? f.display_path != o.absolute_path : (!has_cpr_number(o.absolute_path) &&
                                                                   !utf8::is_valid(o.absolute_path)))
    f.path_bytes = o.absolute_path;
  f.root = o.root >= 0 ? roots_[static_cast<std::size_t>(o.root)]->display : std::string();
  if (o.have_stat) {
    f.size = static_cast<std::uint64_t>(o.st.st_size);
    f.mtime_ns = ns(o.st.st_mtim);
    f.ctime_ns = ns(o.st.st_ctim);
    f.dev = static_cast<std::uint64_t>(o.st.st_dev);
    f.inode = static_cast<std::uint64_t>(o.st.st_ino);
    f.mode = o.st.st_mode & 07777;
    f.owner_uid = o.st.st_uid;
    f.owner = owner_name(o.st.st_uid);
  }
  // The policy verdict, judged this run (scanner/policy): the owner it names (on CIFS the descriptor's owner
  // SID) wins over the uid's name.
  if (!o.verdict.owner.empty()) f.owner = o.verdict.owner;
  f.department = o.verdict.department;
  f.responsible = o.verdict.responsible;
  f.flags = o.verdict.flags;
  f.policy_json = policy_details_json(o.verdict, display_all);
  return f;
}

bool IncrementalScan::unchanged_metadata(const IndexEntry& e, const FileRecord& f) const {
  return e.gone_run == 0 && e.dev == f.dev && e.inode == f.inode && e.verdict_digest == verdict_digest(f);
}

void IncrementalScan::record(Outcome&& o) {
  if (!o.verdict.findings.empty()) {  // the policy's flags, counted for the run's trend
    const auto& flags = o.verdict.flags;
    if (std::find(flags.begin(), flags.end(), "overdue") != flags.end()) overdue_++;
    if (std::find(flags.begin(), flags.end(), "misplaced") != flags.end()) misplaced_++;
  }
  if (writer_->failed()) return;
  FileWrite w;
  w.file = make_file_record(o);
  if (o.entry >= 0) {
    const IndexEntry& e = entries_[static_cast<std::size_t>(o.entry)];
    w.file.id = e.id;
    w.file.scanned_run = e.scanned_run;
    if (o.how == How::Unchanged && unchanged_metadata(e, w.file)) return;  // nothing to write
  }
  switch (o.how) {
    case How::Unchanged: break;
    case How::Reused: w.known_result = o.known_result; break;
    case How::Read: w.new_result = make_result(o); break;
  }
  writer_->add(std::move(w));
}

void IncrementalScan::learn(const std::vector<FileWrite>& batch, const std::vector<ResultId>& ids) {
  load_known();
  std::unique_lock lock(known_mutex_);
  std::size_t next = 0;
  for (const FileWrite& w : batch) {
    if (!w.new_result) continue;
    const ResultId id = ids.at(next++);
    const ResultRecord& r = *w.new_result;
    if (!r.reusable || !r.content_hash) continue;
    known_.try_emplace(*r.content_hash, KnownContent{*r.content_hash, id, w.file.size, r.records() > 0, r.has_text});
    known_sizes_.insert(w.file.size);
  }
}

bool IncrementalScan::own_file(const std::string& path) const {
  if (options_.own_files.empty()) return false;
  std::string absolute;
  resolve(path, absolute);
  return std::find(options_.own_files.begin(), options_.own_files.end(), absolute) != options_.own_files.end();
}

bool IncrementalScan::failed() const { return writer_->failed(); }

Result<RunCounts> IncrementalScan::finish(bool walk_complete, const RunSummary& summary, std::FILE* warnings) {
  RunCounts c;
  if (walk_complete && !writer_->failed()) {
    std::vector<FileId> candidates;
    for (std::size_t i = 0; i < entries_.size(); ++i)
      if (!visited_[i].load(std::memory_order_relaxed) && entries_[i].gone_run == 0) candidates.push_back(entries_[i].id);
    auto paths = store_.display_paths(candidates);
    if (!paths) {
      (void)writer_->finish();
      return paths.problem();
    }
    std::vector<std::size_t> under_root(roots_.size(), 0);
    std::vector<int> root_of(candidates.size(), -1);
    for (std::size_t i = 0; i < candidates.size(); ++i)
      for (std::size_t r = 0; r < roots_.size(); ++r)
        if (under((*paths)[i], roots_[r]->display)) {
          root_of[i] = static_cast<int>(r);
          under_root[r]++;
          break;
        }
    std::vector<bool> walked(roots_.size(), true);
    for (std::size_t r = 0; r < roots_.size(); ++r) {
      if (roots_[r]->missing) walked[r] = false;
      if (roots_[r]->seen == 0 && under_root[r] > 0) {
        walked[r] = false;  // empty: an unmounted share looks exactly like this
        std::fprintf(warnings,
                     "datavagt: %s is empty; its %zu files in the store are kept, not marked gone "
                     "(is the share mounted?)\n",
                     (options_.clear_paths ? roots_[r]->named : mask_cpr_numbers(roots_[r]->named)).c_str(),
                     under_root[r]);
      }
    }
    std::vector<FileId> gone;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (root_of[i] < 0 || !walked[static_cast<std::size_t>(root_of[i])]) continue;
      const std::string& p = (*paths)[i];
      if (std::any_of(protected_.begin(), protected_.end(), [&](const std::string& d) { return under(p, d); }))
        continue;
      gone.push_back(candidates[i]);
    }
    c.files_gone = gone.size();
    writer_->add_gone(std::move(gone));
  }
  auto written = writer_->finish();
  if (!written) return written.problem();
  c.files = summary.files;
  c.files_read = read_;
  c.files_unchanged = unchanged_;
  c.files_reused = reused_;
  c.files_new = new_;
  c.files_with_findings = summary.files_with_findings;
  c.files_with_problems = summary.files_with_problems;
  for (const auto& [kind, n] : summary.findings_by_kind) c.findings += n;
  c.bytes_read = summary.bytes_read;
  c.text_bytes = summary.text_bytes;
  c.files_overdue = overdue_;
  c.files_misplaced = misplaced_;
  c.skipped_symlinks = summary.symlinks_skipped;
  c.skipped_special = summary.special_skipped;
  c.skipped_other_fs = summary.other_fs_skipped;
  return c;
}

std::unique_ptr<Store> IncrementalScan::release_store() { return writer_->release_store(); }

}  // namespace datavagt
