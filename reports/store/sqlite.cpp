#include "reports/store/sqlite.h"

#include <sqlite3.h>

namespace datavagt::store::sqlite {

Connection::Connection(const std::string& path, bool read_only) {
  const int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw SqliteError(rc & 0xFF, "open: " + message);
  }
  sqlite3_extended_result_codes(db_, 0);
}

Connection::~Connection() { sqlite3_close(db_); }

void Connection::fail(int rc, std::string_view what) const {
  throw SqliteError(rc & 0xFF, std::string(what) + ": " + sqlite3_errmsg(db_));
}

void Connection::exec(const char* sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    const std::string m = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw SqliteError(rc & 0xFF, m);
  }
}

std::int64_t Connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
std::int64_t Connection::changes() const { return sqlite3_changes64(db_); }

Statement::Statement(Connection& c, std::string_view sql) : c_(c) {
  const int rc = sqlite3_prepare_v3(c.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &s_, nullptr);
  if (rc != SQLITE_OK) c.fail(rc, "prepare");
}

Statement::~Statement() { sqlite3_finalize(s_); }

Statement& Statement::bind(int i, std::int64_t v) {
  if (const int rc = sqlite3_bind_int64(s_, i, v); rc != SQLITE_OK) c_.fail(rc, "bind");
  return *this;
}
Statement& Statement::bind(int i, double v) {
  if (const int rc = sqlite3_bind_double(s_, i, v); rc != SQLITE_OK) c_.fail(rc, "bind");
  return *this;
}
Statement& Statement::bind(int i, std::string_view text) {
  if (const int rc = sqlite3_bind_text64(s_, i, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      rc != SQLITE_OK)
    c_.fail(rc, "bind");
  return *this;
}
Statement& Statement::bind_blob(int i, const void* data, std::size_t size) {
  if (const int rc = sqlite3_bind_blob64(s_, i, data, size, SQLITE_TRANSIENT); rc != SQLITE_OK) c_.fail(rc, "bind");
  return *this;
}
Statement& Statement::bind_null(int i) {
  if (const int rc = sqlite3_bind_null(s_, i); rc != SQLITE_OK) c_.fail(rc, "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(s_);
  c_.fail(rc, "step");
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

bool Statement::is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
std::int64_t Statement::integer(int col) const { return sqlite3_column_int64(s_, col); }
double Statement::real(int col) const { return sqlite3_column_double(s_, col); }
std::string Statement::text(int col) const { return std::string(text_view(col)); }
std::string Statement::blob(int col) const { return std::string(blob_view(col)); }
std::string_view Statement::text_view(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
  return p != nullptr ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col)))
                      : std::string_view();
}
std::string_view Statement::blob_view(int col) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(s_, col));
  return p != nullptr ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col)))
                      : std::string_view();
}

Transaction::Transaction(Connection& c, Kind kind) : c_(c) {
  c_.exec(kind == Kind::Write ? "BEGIN IMMEDIATE" : "BEGIN");
}
Transaction::~Transaction() {
  if (open_) {
    char* ignored = nullptr;
    sqlite3_exec(c_.get(), "ROLLBACK", nullptr, nullptr, &ignored);
    sqlite3_free(ignored);
  }
}
void Transaction::commit() {
  c_.exec("COMMIT");
  open_ = false;
}

}  // namespace datavagt::store::sqlite
