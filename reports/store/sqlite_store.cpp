#include "reports/store/sqlite_store.h"

#include <fcntl.h>
#include <fnmatch.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

#include "reports/store/sqlite.h"
#include "reports/store/stored_verdict.h"

namespace datavagt::store {

using sqlite::Connection;
using sqlite::SqliteError;
using sqlite::Statement;
using sqlite::Transaction;
using Json = nlohmann::json;

namespace {

// Beyond SQLite's own lock bytes (0x40000000 .. 0x40000200): the scan lock never meets them.
constexpr off_t kScanLockOffset = 0x40001000;

Problem problem_from(const std::string& path, const SqliteError& e) {
  switch (e.code()) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Problem::make(ProblemKind::Corrupt,
                           path + " is damaged or not a Datavagt database (" + e.what() +
                               "); restore it from a backup, or start a new one");
    case SQLITE_FULL:
      return Problem::make(ProblemKind::Internal, path + ": the disk is full (" + std::string(e.what()) + ")");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Problem::make(ProblemKind::Internal, path + " is busy: another process holds it (" + e.what() + ")");
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return Problem::make(ProblemKind::PermissionDenied, path + ": " + e.what());
    default:
      return Problem::make(ProblemKind::Internal, path + ": " + e.what());
  }
}

std::string to_json(const std::vector<std::string>& v) { return Json(v).dump(); }

std::vector<std::string> strings_from_json(const std::string& text) {
  std::vector<std::string> out;
  if (text == "[]") return out;  // most members and flags lists: no parser needed (reports read 100,000s)
  const Json j = Json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& e : j)
      if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

std::string terms_json(const std::vector<TermCount>& terms) {
  Json j = Json::array();
  for (const auto& t : terms) j.push_back(Json::array({t.term, t.count}));
  return j.dump();
}

// `[["term",2],["other",1]]` as terms_json writes it for terms without quotes or escapes (nearly all): read
// without a JSON parser, which took a tenth of a rescan's time. Nothing when the text is not of that shape.
std::optional<std::vector<TermCount>> plain_terms(std::string_view t) {
  std::vector<TermCount> out;
  if (t.size() < 2 || t.front() != '[' || t.back() != ']') return std::nullopt;
  std::size_t i = 1;
  while (i < t.size() - 1) {
    if (t.compare(i, 2, "[\"") != 0) return std::nullopt;
    const std::size_t end = t.find('"', i + 2);
    if (end == std::string_view::npos || t.substr(i + 2, end - i - 2).find('\\') != std::string_view::npos)
      return std::nullopt;
    TermCount term{std::string(t.substr(i + 2, end - i - 2)), 0};
    std::size_t j = end + 1;
    if (j >= t.size() || t[j] != ',') return std::nullopt;
    std::uint64_t n = 0;
    std::size_t digits = 0;
    for (++j; j < t.size() && t[j] >= '0' && t[j] <= '9' && digits < 10; ++j, ++digits) n = n * 10 + (t[j] - '0');
    if (digits == 0 || n > UINT32_MAX || j >= t.size() || t[j] != ']') return std::nullopt;
    term.count = static_cast<std::uint32_t>(n);
    out.push_back(std::move(term));
    i = j + 1;
    if (i < t.size() - 1) {
      if (t[i] != ',') return std::nullopt;
      ++i;
    }
  }
  return out;
}

std::vector<TermCount> terms_from_json(const std::string& text) {
  std::vector<TermCount> out;
  if (text == "[]" || text == "{}") return out;  // CPR findings have none
  if (auto plain = plain_terms(text)) return std::move(*plain);
  const Json j = Json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& e : j)
    if (e.is_array() && e.size() == 2 && e[0].is_string() && e[1].is_number_unsigned())
      out.push_back({e[0].get<std::string>(), e[1].get<std::uint32_t>()});
  return out;
}

Severity severity_from(std::string_view s) {
  for (auto v : {Severity::Low, Severity::Medium, Severity::High, Severity::Critical})
    if (to_string(v) == s) return v;
  return Severity::Low;
}

ProblemKind problem_kind_from(std::string_view s) {
  for (auto k : {ProblemKind::PermissionDenied, ProblemKind::Vanished, ProblemKind::Unreadable, ProblemKind::Encrypted,
                 ProblemKind::Truncated, ProblemKind::Limit, ProblemKind::Corrupt, ProblemKind::UnsupportedFormat,
                 ProblemKind::Internal, ProblemKind::Crashed, ProblemKind::Timeout, ProblemKind::MemoryLimit})
    if (to_string(k) == s) return k;
  return ProblemKind::Internal;
}

std::int64_t i64(std::uint64_t v) { return static_cast<std::int64_t>(v); }
std::uint64_t u64(std::int64_t v) { return static_cast<std::uint64_t>(v); }

}  // namespace

std::string_view to_string(ReviewState s) {
  switch (s) {
    case ReviewState::Open: return "open";
    case ReviewState::Handled: return "handled";
    case ReviewState::FalsePositive: return "false-positive";
    case ReviewState::Deleted: return "deleted";
    case ReviewState::Moved: return "moved";
    case ReviewState::Accepted: return "accepted";
  }
  return "open";
}

std::optional<ReviewState> review_state_from(std::string_view s) {
  for (auto v : {ReviewState::Open, ReviewState::Handled, ReviewState::FalsePositive, ReviewState::Deleted,
                 ReviewState::Moved, ReviewState::Accepted})
    if (to_string(v) == s) return v;
  return std::nullopt;
}

struct SqliteStore::Impl {
  Impl(std::string p, const OpenOptions& o) : path(std::move(p)), db(path, o.read_only), read_only(o.read_only) {}
  ~Impl() {
    read_lease.reset();  // before the connection closes
    if (lock_fd >= 0) ::close(lock_fd);
  }

  // Runs `body`, turning a SqliteError (or a bad_alloc) into a Problem. Every call but load_result's ends the
  // snapshot load_result keeps (`Lease::Keep`), so it never holds a transaction another statement runs into.
  enum class Lease { End, Keep };
  template <class T, class F>
  Result<T> guard(F&& body, Lease lease = Lease::End) {
    try {
      if (lease == Lease::End) end_lease();
      return body();
    } catch (const SqliteError& e) {
      read_lease.reset();  // rolled back: the next call begins a fresh one
      return problem_from(path, e);
    } catch (const std::exception& e) {
      read_lease.reset();
      return Problem::make(ProblemKind::Internal, path + ": " + e.what());
    }
  }

  // load_result's read snapshot, kept open across calls: one lock and a warm page cache for a rescan's
  // thousands of carried-forward results instead of a transaction each. Renewed after kLeaseReads reads or
  // kLeaseAge, so the writer's checkpoints are not held back for long.
  static constexpr unsigned kLeaseReads = 512;
  static constexpr std::chrono::milliseconds kLeaseAge{200};
  std::optional<Transaction> read_lease;
  unsigned lease_reads = 0;
  std::chrono::steady_clock::time_point lease_began;

  void end_lease() {
    if (!read_lease) return;
    read_lease->commit();
    read_lease.reset();
  }
  // Whether the snapshot was begun now (a fresh one) or is an older one still in use.
  bool lease(bool renew) {
    const auto now = std::chrono::steady_clock::now();
    if (read_lease && !renew && lease_reads < kLeaseReads && now - lease_began < kLeaseAge) {
      ++lease_reads;
      return false;
    }
    end_lease();
    read_lease.emplace(db, Transaction::Kind::Read);
    lease_reads = 1;
    lease_began = now;
    return true;
  }

  Statement& stmt(const char* sql) {  // prepared once per connection, reused
    auto it = statements.find(sql);
    if (it == statements.end()) it = statements.emplace(sql, std::make_unique<Statement>(db, sql)).first;
    it->second->reset();
    return *it->second;
  }

  void configure(const OpenOptions& o) {
    sqlite3_busy_timeout(db.get(), o.busy_timeout_ms);
    if (!o.read_only) {
      int persist = 1;  // keep -wal and -shm: the group may open the store in a folder it cannot write
      sqlite3_file_control(db.get(), "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    }
    db.exec("PRAGMA synchronous=FULL; PRAGMA secure_delete=ON; PRAGMA foreign_keys=OFF");
    if (o.max_page_count > 0) db.exec(("PRAGMA max_page_count=" + std::to_string(o.max_page_count)).c_str());
  }

  int user_version() {
    Statement s(db, "PRAGMA user_version");
    return s.step() ? static_cast<int>(s.integer(0)) : 0;
  }

  // Brings the schema to the newest version of `migrations`, or refuses one from a newer Datavagt.
  std::optional<Problem> migrate(const std::vector<Migration>& migrations) {
    const int have = user_version();
    const int newest = migrations.empty() ? 0 : migrations.back().version;
    if (have > newest)
      return Problem::make(ProblemKind::UnsupportedFormat,
                           path + " was written by a newer Datavagt (schema version " + std::to_string(have) +
                               "; this one knows up to " + std::to_string(newest) + "): upgrade Datavagt");
    if (have == newest) return std::nullopt;
    if (have == 0) {
      Statement tables(db, "SELECT count(*) FROM sqlite_master");
      if (tables.step() && tables.integer(0) > 0)
        return Problem::make(ProblemKind::Corrupt, path + " is an SQLite database, but not a Datavagt store");
    }
    if (read_only)
      return Problem::make(ProblemKind::UnsupportedFormat,
                           path + " has schema version " + std::to_string(have) +
                               ": open it once read-write (a scan) to migrate it");
    db.exec("PRAGMA journal_mode=WAL");
    for (const auto& m : migrations) {
      if (m.version <= have) continue;
      Transaction t(db);
      db.exec(m.sql);
      db.exec(("PRAGMA user_version=" + std::to_string(m.version)).c_str());
      t.commit();
    }
    return std::nullopt;
  }

  ResultRecord read_result(ResultId id) {
    std::optional<ResultRecord> r = try_read_result(id);
    if (!r) throw SqliteError(SQLITE_CORRUPT, "result " + std::to_string(id) + " is missing");
    return std::move(*r);
  }

  // Nothing when the snapshot in use does not hold the result.
  std::optional<ResultRecord> try_read_result(ResultId id) {
    std::optional<ResultRecord> out(std::in_place);
    ResultRecord& r = *out;
    Statement& s = stmt(
        "SELECT content_hash, decided_by, run_id, format, has_text, bytes_read, text_bytes, reusable, records, notes "
        "FROM results WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    r.id = id;
    ContentHash h{};
    if (s.bytes(0, h)) r.content_hash = h;
    r.decided_by = s.text(1);
    r.run_id = s.integer(2);
    r.format = s.text(3);
    r.has_text = s.integer(4) != 0;
    r.bytes_read = u64(s.integer(5));
    r.text_bytes = u64(s.integer(6));
    r.reusable = s.integer(7) != 0;
    const std::int64_t records = s.integer(8);
    r.notes = strings_from_json(s.text(9));
    s.reset();
    if (records == static_cast<std::int64_t>(r.notes.size())) return out;  // no finding, no problem
    Statement& f = stmt(
        "SELECT finding_key, kind, severity, members, masked, fingerprint, confidence, count, page, part, "
        "text_offset, context, terms, member_time, ocr_confidence FROM findings WHERE result_id = ? ORDER BY ordinal");
    f.bind(1, id);
    while (f.step()) {
      Finding x;
      FindingKey key{};
      f.bytes(0, key);
      x.kind = finding_kind_from(f.text(1)).value_or(FindingKind::Cpr);
      x.severity = severity_from(f.text(2));
      x.members = strings_from_json(f.text(3));
      x.masked = f.text(4);
      x.fingerprint = f.text(5);
      x.confidence = f.real(6);
      x.count = static_cast<std::uint32_t>(f.integer(7));
      x.where.page = static_cast<std::uint32_t>(f.integer(8));
      x.where.part = f.text(9);
      x.offset = u64(f.integer(10));
      x.context = f.text(11);
      x.terms = terms_from_json(f.text(12));
      x.member_time = f.integer(13);
      x.where.ocr_confidence = static_cast<std::uint8_t>(std::clamp<std::int64_t>(f.integer(14), 0, 100));
      r.findings.push_back(std::move(x));
      r.finding_keys.push_back(key);
    }
    f.reset();
    Statement& p = stmt("SELECT reason, detail, members FROM problems WHERE result_id = ? ORDER BY ordinal");
    p.bind(1, id);
    while (p.step())
      r.problems.push_back(Problem{problem_kind_from(p.text(0)), p.text(1), strings_from_json(p.text(2))});
    p.reset();
    return out;
  }

  // A result's findings; prepared only when there are some (a file without findings writes to a store of any version).
  void insert_findings(ResultId id, const ResultRecord& r) {
    Statement& f = stmt(
        "INSERT INTO findings(result_id, ordinal, finding_key, kind, severity, members, masked, fingerprint, "
        "confidence, count, page, part, text_offset, context, terms, member_time, ocr_confidence) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < r.findings.size(); ++i) {
      const Finding& x = r.findings[i];
      f.bind(1, id).bind(2, static_cast<std::int64_t>(i)).bind_bytes(3, r.finding_keys.at(i));
      f.bind(4, to_string(x.kind)).bind(5, to_string(x.severity)).bind(6, to_json(x.members));
      f.bind(7, x.masked).bind(8, x.fingerprint).bind(9, x.confidence).bind(10, std::int64_t{x.count});
      f.bind(11, std::int64_t{x.where.page}).bind(12, x.where.part).bind(13, i64(x.offset)).bind(14, x.context);
      f.bind(15, terms_json(x.terms)).bind(16, x.member_time).bind(17, std::int64_t{x.where.ocr_confidence});
      f.run();
    }
  }

  ResultId insert_result(RunId run, const ResultRecord& r, std::uint64_t size) {
    Statement& s = stmt(
        "INSERT INTO results(content_hash, decided_by, run_id, size, format, has_text, bytes_read, text_bytes, "
        "reusable, records, notes) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (r.content_hash)
      s.bind_bytes(1, *r.content_hash);
    else
      s.bind_null(1);
    s.bind(2, r.decided_by).bind(3, run).bind(4, i64(size)).bind(5, r.format).bind(6, std::int64_t{r.has_text});
    s.bind(7, i64(r.bytes_read)).bind(8, i64(r.text_bytes)).bind(9, std::int64_t{r.reusable});
    s.bind(10, i64(r.records())).bind(11, to_json(r.notes));
    s.run();
    const ResultId id = db.last_insert_rowid();
    if (!r.findings.empty()) insert_findings(id, r);
    Statement& p = stmt("INSERT INTO problems(result_id, ordinal, reason, detail, members) VALUES(?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < r.problems.size(); ++i) {
      const Problem& x = r.problems[i];
      p.bind(1, id).bind(2, static_cast<std::int64_t>(i)).bind(3, to_string(x.kind)).bind(4, x.detail);
      p.bind(5, to_json(x.members));
      p.run();
    }
    return id;
  }

  void bind_file_fields(Statement& s, const FileRecord& f) {
    s.bind(1, f.display_path);
    if (f.path_bytes)
      s.bind_blob(2, f.path_bytes->data(), f.path_bytes->size());
    else
      s.bind_null(2);
    s.bind(3, f.root).bind(4, i64(f.size)).bind(5, f.mtime_ns).bind(6, f.ctime_ns).bind(7, i64(f.dev));
    s.bind(8, i64(f.inode)).bind(9, std::int64_t{f.mode}).bind(10, std::int64_t{f.owner_uid}).bind(11, f.owner);
    s.bind(12, f.department).bind(13, f.responsible).bind(14, to_json(f.flags)).bind(15, f.policy_json);
  }

  void open_history(FileId file, ResultId result, RunId run) {
    stmt("INSERT INTO file_history(file_id, result_id, from_run) VALUES(?, ?, ?)")
        .bind(1, file)
        .bind(2, result)
        .bind(3, run)
        .run();
  }
  void close_history(FileId file, RunId run) {
    stmt("UPDATE file_history SET to_run = ? WHERE file_id = ? AND to_run IS NULL").bind(1, run).bind(2, file).run();
  }

  void write_file(RunId run, const FileWrite& w, ResultId result) {
    const FileRecord& f = w.file;
    Statement& find = stmt("SELECT id, result_id, gone_run FROM files WHERE path_key = ?");
    find.bind_bytes(1, f.path_key);
    if (!find.step()) {
      find.reset();
      Statement& ins = stmt(
          "INSERT INTO files(display_path, path_bytes, root, size, mtime_ns, ctime_ns, dev, inode, mode, owner_uid, "
          "owner, department, responsible, flags, policy, path_key, result_id, first_run, scanned_run, "
          "changed_run) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      bind_file_fields(ins, f);
      ins.bind_bytes(16, f.path_key);
      if (result != 0)
        ins.bind(17, result);
      else
        ins.bind_null(17);
      ins.bind(18, run).bind(19, result != 0 ? run : 0).bind(20, run);
      ins.run();
      if (result != 0) open_history(db.last_insert_rowid(), result, run);
      return;
    }
    const FileId id = find.integer(0);
    const ResultId old_result = find.is_null(1) ? 0 : find.integer(1);
    const bool was_gone = !find.is_null(2);
    find.reset();
    Statement& up = stmt(
        "UPDATE files SET display_path = ?, path_bytes = ?, root = ?, size = ?, mtime_ns = ?, ctime_ns = ?, dev = ?, "
        "inode = ?, mode = ?, owner_uid = ?, owner = ?, department = ?, responsible = ?, flags = ?, policy = ?, "
        "result_id = ?, scanned_run = ?, changed_run = ?, gone_run = NULL WHERE id = ?");
    bind_file_fields(up, f);
    const ResultId now = result != 0 ? result : old_result;
    if (now != 0)
      up.bind(16, now);
    else
      up.bind_null(16);
    up.bind(17, result != 0 ? run : f.scanned_run).bind(18, run).bind(19, id);
    up.run();
    if (now != old_result || was_gone) {
      if (!was_gone) close_history(id, run);
      if (now != 0) open_history(id, now, run);
    }
  }

  std::string path;
  Connection db;
  bool read_only;
  int lock_fd = -1;
  std::unordered_map<const char*, std::unique_ptr<Statement>> statements;
};

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path, const OpenOptions& o) {
  const mode_t mode = o.group ? 0660 : 0600;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT || !o.create)
      return Problem::make(errno == ENOENT ? ProblemKind::Vanished : ProblemKind::PermissionDenied,
                           "cannot open " + path + ": " + std::strerror(errno));
    // Created by us, private from the first byte: SQLite gives the WAL and shared-memory files the same mode.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0 && errno != EEXIST) return Problem::make(ProblemKind::PermissionDenied,
                                                        "cannot create " + path + ": " + std::strerror(errno));
    if (fd >= 0) ::close(fd);
  } else if (!S_ISREG(st.st_mode)) {
    return Problem::make(ProblemKind::UnsupportedFormat, path + " is not a regular file");
  }
  if (!o.read_only) {
    // An existing store is tightened like every output file (0600, or 0660 for the group).
    if (o.group) ::chown(path.c_str(), static_cast<uid_t>(-1), *o.group);
    ::chmod(path.c_str(), mode);
  }
  try {
    auto impl = std::make_unique<Impl>(path, o);
    impl->configure(o);
    if (auto p = impl->migrate(o.migrations ? *o.migrations : schema_migrations())) return *p;
    if (!o.read_only) {
      impl->db.exec("PRAGMA journal_mode=WAL");
      if (o.group)
        for (const char* suffix : {"-wal", "-shm"}) {
          const std::string side = path + suffix;
          ::chown(side.c_str(), static_cast<uid_t>(-1), *o.group);
          ::chmod(side.c_str(), mode);
        }
    }
    return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(impl)));
  } catch (const SqliteError& e) {
    return problem_from(path, e);
  }
}

int SqliteStore::schema_version() { return impl_->user_version(); }

Result<std::string> SqliteStore::key_check() {
  return impl_->guard<std::string>([&] {
    Statement& s = impl_->stmt("SELECT value FROM meta WHERE name = 'key_check'");
    std::string v = s.step() ? s.text(0) : std::string();
    s.reset();
    return v;
  });
}

Result<bool> SqliteStore::set_key_check(const std::string& value) {
  return impl_->guard<bool>([&] {
    impl_->stmt("INSERT INTO meta(name, value) VALUES('key_check', ?) ON CONFLICT(name) DO NOTHING")
        .bind(1, value)
        .run();
    return true;
  });
}

Result<bool> SqliteStore::try_lock_for_scan() {
  if (impl_->lock_fd >= 0) return true;
  const int fd = ::open(impl_->path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return Problem::make(ProblemKind::PermissionDenied, "cannot lock " + impl_->path + ": " +
                                                                      std::strerror(errno));
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = kScanLockOffset;
  lock.l_len = 1;
  if (::fcntl(fd, F_OFD_SETLK, &lock) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EAGAIN || err == EACCES) return false;
    return Problem::make(ProblemKind::Internal, "cannot lock " + impl_->path + ": " + std::strerror(err));
  }
  impl_->lock_fd = fd;
  return true;
}

Result<RunId> SqliteStore::begin_run(const RunStart& r) {
  return impl_->guard<RunId>([&] {
    Transaction t(impl_->db);
    Statement& s = impl_->stmt(
        "INSERT INTO runs(started_at, status, roots, options, decided_by, policy_hash, full_scan, resumes, "
        "chain_start, host, user_name) VALUES(?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, r.started_at).bind(2, to_json(r.roots)).bind(3, r.options_json).bind(4, r.decided_by);
    s.bind(5, r.policy_hash).bind(6, std::int64_t{r.full});
    if (r.resumes != 0)
      s.bind(7, r.resumes);
    else
      s.bind_null(7);
    s.bind(8, r.chain_start).bind(9, r.host).bind(10, r.user);
    s.run();
    const RunId id = impl_->db.last_insert_rowid();
    if (r.chain_start == 0) impl_->stmt("UPDATE runs SET chain_start = id WHERE id = ?").bind(1, id).run();
    t.commit();
    return id;
  });
}

Result<bool> SqliteStore::end_run(RunId id, RunStatus status, const RunCounts& c, const std::string& error) {
  return impl_->guard<bool>([&] {
    Statement& s = impl_->stmt(
        "UPDATE runs SET ended_at = ?, status = ?, files = ?, files_read = ?, files_unchanged = ?, files_reused = ?, "
        "files_new = ?, files_gone = ?, files_with_findings = ?, files_with_problems = ?, findings = ?, "
        "bytes_read = ?, text_bytes = ?, error = ?, files_overdue = ?, files_misplaced = ?, skipped_symlinks = ?, "
        "skipped_special = ?, skipped_other_fs = ? WHERE id = ?");
    s.bind(1, static_cast<std::int64_t>(::time(nullptr))).bind(2, to_string(status)).bind(3, i64(c.files));
    s.bind(4, i64(c.files_read)).bind(5, i64(c.files_unchanged)).bind(6, i64(c.files_reused));
    s.bind(7, i64(c.files_new)).bind(8, i64(c.files_gone)).bind(9, i64(c.files_with_findings));
    s.bind(10, i64(c.files_with_problems)).bind(11, i64(c.findings)).bind(12, i64(c.bytes_read));
    s.bind(13, i64(c.text_bytes)).bind(14, error).bind(15, i64(c.files_overdue)).bind(16, i64(c.files_misplaced));
    s.bind(17, i64(c.skipped_symlinks)).bind(18, i64(c.skipped_special)).bind(19, i64(c.skipped_other_fs));
    s.bind(20, id);
    s.run();
    return true;
  });
}

Result<std::uint64_t> SqliteStore::close_abandoned_runs() {
  return impl_->guard<std::uint64_t>([&] {
    impl_->stmt("UPDATE runs SET status = 'interrupted' WHERE status = 'running'").run();
    return static_cast<std::uint64_t>(impl_->db.changes());
  });
}

Result<std::vector<RunRecord>> SqliteStore::runs() {
  return impl_->guard<std::vector<RunRecord>>([&] {
    std::vector<RunRecord> out;
    Statement& s = impl_->stmt(
        "SELECT id, started_at, ended_at, status, roots, options, decided_by, policy_hash, full_scan, resumes, "
        "chain_start, host, user_name, files, files_read, files_unchanged, files_reused, files_new, files_gone, "
        "files_with_findings, files_with_problems, findings, bytes_read, text_bytes, error, files_overdue, "
        "files_misplaced, skipped_symlinks, skipped_special, skipped_other_fs FROM runs ORDER BY id");
    while (s.step()) {
      RunRecord r;
      r.id = s.integer(0);
      r.start.started_at = s.integer(1);
      r.ended_at = s.is_null(2) ? 0 : s.integer(2);
      r.status = run_status_from(s.text(3)).value_or(RunStatus::Failed);
      r.start.roots = strings_from_json(s.text(4));
      r.start.options_json = s.text(5);
      r.start.decided_by = s.text(6);
      r.start.policy_hash = s.text(7);
      r.start.full = s.integer(8) != 0;
      r.start.resumes = s.is_null(9) ? 0 : s.integer(9);
      r.start.chain_start = s.integer(10);
      r.start.host = s.text(11);
      r.start.user = s.text(12);
      RunCounts& c = r.counts;
      std::uint64_t* fields[] = {&c.files,           &c.files_read,          &c.files_unchanged,
                                 &c.files_reused,    &c.files_new,           &c.files_gone,
                                 &c.files_with_findings, &c.files_with_problems, &c.findings,
                                 &c.bytes_read,      &c.text_bytes};
      for (int i = 0; i < 11; ++i) *fields[i] = u64(s.integer(13 + i));
      r.error = s.text(24);
      std::uint64_t* more[] = {&c.files_overdue, &c.files_misplaced, &c.skipped_symlinks, &c.skipped_special,
                               &c.skipped_other_fs};
      for (int i = 0; i < 5; ++i) *more[i] = u64(s.integer(25 + i));
      out.push_back(std::move(r));
    }
    return out;
  });
}

Result<std::vector<IndexEntry>> SqliteStore::load_index(const std::string& decided_by) {
  return impl_->guard<std::vector<IndexEntry>>([&] {
    std::vector<IndexEntry> out;
    Transaction read(impl_->db, Transaction::Kind::Read);  // the count and the rows from one snapshot
    Statement count(impl_->db, "SELECT count(*) FROM files");
    if (count.step()) out.reserve(static_cast<std::size_t>(count.integer(0)));
    Statement s(impl_->db,
                "SELECT f.id, f.path_key, f.size, f.mtime_ns, f.ctime_ns, f.dev, f.inode, f.result_id, f.scanned_run, "
                "f.gone_run, f.owner, f.department, f.responsible, f.flags, f.policy, r.reusable, r.decided_by = ?, "
                "r.records, r.has_text FROM files f LEFT JOIN results r ON r.id = f.result_id");
    s.bind(1, decided_by);
    while (s.step()) {
      IndexEntry e;
      e.id = s.integer(0);
      s.bytes(1, e.path_key);
      e.size = u64(s.integer(2));
      e.mtime_ns = s.integer(3);
      e.ctime_ns = s.integer(4);
      e.dev = u64(s.integer(5));
      e.inode = u64(s.integer(6));
      e.result_id = s.is_null(7) ? 0 : s.integer(7);
      e.scanned_run = s.integer(8);
      e.gone_run = s.is_null(9) ? 0 : s.integer(9);
      e.verdict_digest = verdict_digest(s.text_view(10), s.text_view(11), s.text_view(12), s.text_view(13),
                                        s.text_view(14));
      e.result_current = e.result_id != 0 && s.integer(15) != 0 && s.integer(16) != 0;
      e.result_has_records = s.integer(17) != 0;
      e.has_text = s.is_null(18) || s.integer(18) != 0;
      out.push_back(e);
    }
    read.commit();
    return out;
  });
}

Result<bool> SqliteStore::load_known_contents(const std::string& decided_by,
                                              const std::function<void(const KnownContent&)>& each) {
  return impl_->guard<bool>([&] {
    Statement s(impl_->db,
                "SELECT content_hash, id, size, records, has_text FROM results "
                "WHERE content_hash IS NOT NULL AND reusable = 1 AND decided_by = ?");
    s.bind(1, decided_by);
    while (s.step()) {
      KnownContent k;
      if (!s.bytes(0, k.hash)) continue;
      k.result_id = s.integer(1);
      k.size = u64(s.integer(2));
      k.has_records = s.integer(3) != 0;
      k.has_text = s.integer(4) != 0;
      each(k);
    }
    return true;
  });
}

Result<ResultRecord> SqliteStore::load_result(ResultId id) {
  return impl_->guard<ResultRecord>(
      [&] {
        // Its three statements from one snapshot, kept for the next calls (Impl::lease). A result committed
        // after that snapshot began (by this run's writer) is looked up once more in a fresh one.
        const bool fresh = impl_->lease(false);
        if (auto r = impl_->try_read_result(id)) return std::move(*r);
        if (!fresh) impl_->lease(true);
        return impl_->read_result(id);
      },
      Impl::Lease::Keep);
}

Result<std::vector<ResultId>> SqliteStore::write(RunId run, const std::vector<FileWrite>& files,
                                                 const std::vector<FileId>& gone) {
  return impl_->guard<std::vector<ResultId>>([&] {
    std::vector<ResultId> ids;
    Transaction t(impl_->db);
    for (const FileWrite& w : files) {
      ResultId result = w.known_result;
      if (w.new_result) {
        result = impl_->insert_result(run, *w.new_result, w.file.size);
        ids.push_back(result);
      }
      impl_->write_file(run, w, result);
    }
    for (const FileId id : gone) {
      impl_->stmt("UPDATE files SET gone_run = ?, changed_run = ? WHERE id = ? AND gone_run IS NULL")
          .bind(1, run)
          .bind(2, run)
          .bind(3, id)
          .run();
      impl_->close_history(id, run);
    }
    t.commit();
    return ids;
  });
}

Result<std::vector<std::string>> SqliteStore::display_paths(const std::vector<FileId>& ids) {
  return impl_->guard<std::vector<std::string>>([&] {
    std::vector<std::string> out;
    out.reserve(ids.size());
    Transaction read(impl_->db, Transaction::Kind::Read);  // one read lock, not one per file
    Statement& s = impl_->stmt("SELECT display_path FROM files WHERE id = ?");
    for (const FileId id : ids) {
      s.bind(1, id);
      out.push_back(s.step() ? s.text(0) : std::string());
      s.reset();
    }
    read.commit();
    return out;
  });
}

Result<bool> SqliteStore::for_each_file(const FileQuery& q, const std::function<void(StoredFile&&)>& each) {
  return impl_->guard<bool>([&] {
    std::string sql =
        "SELECT f.id, f.path_key, f.display_path, f.path_bytes, f.root, f.size, f.mtime_ns, f.ctime_ns, f.dev, "
        "f.inode, f.mode, f.owner_uid, f.owner, f.department, f.responsible, f.flags, f.policy, f.result_id, "
        "f.first_run, f.scanned_run, f.gone_run FROM files f";
    if (q.only_with_records) sql += " JOIN results r ON r.id = f.result_id AND r.records > 0";
    sql += " WHERE 1 = 1";
    if (!q.include_gone) sql += " AND f.gone_run IS NULL";
    if (q.display_path) sql += " AND f.display_path = ?";
    if (q.fingerprint)
      sql += " AND f.result_id IN (SELECT result_id FROM findings WHERE fingerprint = ?)";
    sql += " ORDER BY f.display_path, f.id";
    Statement s(impl_->db, sql);
    int arg = 1;
    if (q.display_path) s.bind(arg++, *q.display_path);
    if (q.fingerprint) s.bind(arg++, *q.fingerprint);
    std::unordered_map<ResultId, ResultRecord> results;  // shared by copies of the same content
    while (s.step()) {
      StoredFile out;
      FileRecord& f = out.file;
      f.display_path = s.text(2);
      if (q.glob && ::fnmatch(q.glob->c_str(), f.display_path.c_str(), 0) != 0) continue;
      f.id = s.integer(0);
      s.bytes(1, f.path_key);
      if (!s.is_null(3)) f.path_bytes = s.blob(3);
      f.root = s.text(4);
      f.size = u64(s.integer(5));
      f.mtime_ns = s.integer(6);
      f.ctime_ns = s.integer(7);
      f.dev = u64(s.integer(8));
      f.inode = u64(s.integer(9));
      f.mode = static_cast<std::uint32_t>(s.integer(10));
      f.owner_uid = static_cast<std::uint32_t>(s.integer(11));
      f.owner = s.text(12);
      f.department = s.text(13);
      f.responsible = s.text(14);
      f.flags = strings_from_json(s.text(15));
      f.policy_json = s.text(16);
      f.result_id = s.is_null(17) ? 0 : s.integer(17);
      f.first_run = s.integer(18);
      f.scanned_run = s.integer(19);
      f.gone_run = s.is_null(20) ? 0 : s.integer(20);
      if (f.result_id != 0 && !q.without_results) {
        auto it = results.find(f.result_id);
        if (it == results.end()) it = results.emplace(f.result_id, impl_->read_result(f.result_id)).first;
        out.result = it->second;
      }
      each(std::move(out));
    }
    return true;
  });
}

Result<std::map<FileId, std::vector<FindingKey>>> SqliteStore::finding_keys_at(RunId run) {
  return impl_->guard<std::map<FileId, std::vector<FindingKey>>>([&] {
    std::map<FileId, std::vector<FindingKey>> out;
    Statement s(impl_->db,
                "SELECT h.file_id, d.finding_key FROM file_history h JOIN findings d ON d.result_id = h.result_id "
                "WHERE h.from_run <= ? AND (h.to_run IS NULL OR h.to_run > ?)");
    s.bind(1, run).bind(2, run);
    while (s.step()) {
      FindingKey k{};
      s.bytes(1, k);
      out[s.integer(0)].push_back(k);
    }
    return out;
  });
}

Result<std::vector<FindingSpan>> SqliteStore::finding_history() {
  return impl_->guard<std::vector<FindingSpan>>([&] {
    std::vector<FindingSpan> out;
    Statement s(impl_->db,
                "SELECT h.rowid, h.file_id, h.from_run, h.to_run, r.content_hash, d.finding_key FROM file_history h "
                "JOIN results r ON r.id = h.result_id JOIN findings d ON d.result_id = r.id "
                "ORDER BY h.rowid, d.ordinal");
    std::int64_t span = -1;
    while (s.step()) {
      if (s.integer(0) != span) {
        span = s.integer(0);
        FindingSpan f;
        f.file = s.integer(1);
        f.from = s.integer(2);
        f.to = s.is_null(3) ? 0 : s.integer(3);
        ContentHash h{};
        if (s.bytes(4, h)) f.content = h;
        out.push_back(std::move(f));
      }
      FindingKey k{};
      s.bytes(5, k);
      out.back().keys.push_back(k);
    }
    return out;
  });
}

Result<bool> SqliteStore::add_reviews(const std::vector<ReviewRecord>& reviews) {
  return impl_->guard<bool>([&] {
    Transaction t(impl_->db);
    Statement& s = impl_->stmt(
        "INSERT INTO reviews(content_hash, finding_key, path_key, display_path, state, reason, reviewer, at) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& r : reviews) {
      s.bind_bytes(1, r.content_hash);
      if (r.finding_key)
        s.bind_bytes(2, *r.finding_key);
      else
        s.bind_null(2);
      s.bind_bytes(3, r.path_key).bind(4, r.display_path).bind(5, to_string(r.state)).bind(6, r.reason);
      s.bind(7, r.reviewer).bind(8, r.at);
      s.run();
    }
    t.commit();
    return true;
  });
}

Result<std::vector<ReviewRecord>> SqliteStore::reviews() {
  return impl_->guard<std::vector<ReviewRecord>>([&] {
    std::vector<ReviewRecord> out;
    Statement s(impl_->db,
                "SELECT id, content_hash, finding_key, path_key, display_path, state, reason, reviewer, at "
                "FROM reviews ORDER BY id");
    while (s.step()) {
      ReviewRecord r;
      r.id = s.integer(0);
      s.bytes(1, r.content_hash);
      FindingKey k{};
      if (s.bytes(2, k)) r.finding_key = k;
      s.bytes(3, r.path_key);
      r.display_path = s.text(4);
      r.state = review_state_from(s.text(5)).value_or(ReviewState::Open);
      r.reason = s.text(6);
      r.reviewer = s.text(7);
      r.at = s.integer(8);
      out.push_back(std::move(r));
    }
    return out;
  });
}

Result<bool> SqliteStore::add_lookup(const LookupRecord& r) {
  return impl_->guard<bool>([&] {
    impl_->stmt("INSERT INTO lookups(at, who, fingerprints, hits) VALUES(?, ?, ?, ?)")
        .bind(1, r.at)
        .bind(2, r.who)
        .bind(3, to_json(r.fingerprints))
        .bind(4, i64(r.hits))
        .run();
    return true;
  });
}

Result<std::vector<LookupRecord>> SqliteStore::lookups() {
  return impl_->guard<std::vector<LookupRecord>>([&] {
    std::vector<LookupRecord> out;
    Statement s(impl_->db, "SELECT at, who, fingerprints, hits FROM lookups ORDER BY id");
    while (s.step()) out.push_back({s.integer(0), s.text(1), strings_from_json(s.text(2)), u64(s.integer(3))});
    return out;
  });
}

Result<PurgeCounts> SqliteStore::purge(const PurgeRequest& req) {
  auto counts = impl_->guard<PurgeCounts>([&] {
    PurgeCounts c;
    Connection& db = impl_->db;
    Transaction t(db);
    // The runs to forget: old ones, never the newest complete run (the current state's last full picture)
    // nor one still running.
    std::int64_t last = 0;
    {
      Statement s(db, "SELECT coalesce(max(id), 0) FROM runs WHERE status = 'complete'");
      if (s.step()) last = s.integer(0);
    }
    std::int64_t upto = 0;  // runs with id <= upto are purged
    if (req.before) {
      Statement s(db, "SELECT coalesce(max(id), 0) FROM runs WHERE started_at < ? AND status <> 'running'");
      s.bind(1, *req.before);
      if (s.step()) upto = s.integer(0);
    }
    if (req.keep_runs) {
      Statement s(db, "SELECT id FROM runs ORDER BY id DESC");
      std::uint64_t seen = 0;
      while (s.step())
        if (++seen > *req.keep_runs) {
          upto = std::max(upto, s.integer(0));
          break;
        }
    }
    if (last != 0) upto = std::min(upto, last - 1);
    if (upto <= 0) {
      t.commit();
      return c;
    }
    // The oldest run kept: history a kept run can ask about (finding_keys_at) ends after it.
    std::int64_t keep_from = upto + 1;
    {
      Statement s(db, "SELECT min(id) FROM runs WHERE id > ?");
      s.bind(1, upto);
      if (s.step() && !s.is_null(0)) keep_from = s.integer(0);
    }
    // Files gone by the oldest kept run: forgotten with their history.
    {
      Statement s(db, "DELETE FROM file_history WHERE file_id IN (SELECT id FROM files WHERE gone_run <= ?)");
      s.bind(1, keep_from).run();
      Statement d(db, "DELETE FROM files WHERE gone_run <= ?");
      d.bind(1, keep_from).run();
      c.files = static_cast<std::uint64_t>(db.changes());
    }
    // History no kept run needs; then the results nothing refers to any more, with their findings.
    Statement(db, "DELETE FROM file_history WHERE to_run <= ?").bind(1, keep_from).run();
    db.exec(
        "CREATE TEMP TABLE purged_results AS SELECT id FROM results r WHERE "
        "NOT EXISTS (SELECT 1 FROM files f WHERE f.result_id = r.id) AND "
        "NOT EXISTS (SELECT 1 FROM file_history h WHERE h.result_id = r.id)");
    db.exec("DELETE FROM findings WHERE result_id IN (SELECT id FROM purged_results)");
    db.exec("DELETE FROM problems WHERE result_id IN (SELECT id FROM purged_results)");
    db.exec("DELETE FROM results WHERE id IN (SELECT id FROM purged_results)");
    c.results = static_cast<std::uint64_t>(db.changes());
    db.exec("DROP TABLE purged_results");
    // Review decisions about content no file holds any more, made before the cut.
    {
      Statement s(db,
                  "DELETE FROM reviews WHERE at < ? AND NOT EXISTS "
                  "(SELECT 1 FROM results r WHERE r.content_hash = reviews.content_hash)");
      std::int64_t cut = req.before.value_or(req.now);
      s.bind(1, cut).run();
      c.reviews = static_cast<std::uint64_t>(db.changes());
    }
    Statement(db, "DELETE FROM runs WHERE id <= ?").bind(1, upto).run();
    c.runs = static_cast<std::uint64_t>(db.changes());
    t.commit();
    return c;
  });
  if (!counts) return counts;
  // Give the space back and leave no deleted page behind, in the file or in the WAL.
  auto vacuumed = impl_->guard<bool>([&] {
    impl_->statements.clear();
    impl_->db.exec("VACUUM");
    impl_->db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return true;
  });
  if (!vacuumed) return vacuumed.problem();
  return counts;
}

}  // namespace datavagt::store
