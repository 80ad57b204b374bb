#pragma once
// SQLite's C API wrapped once: a connection, prepared statements, transactions. Used only by the SQLite
// backend (sqlite_store.cpp). A failing call throws SqliteError, which the backend turns into a Problem at
// each of its public methods: the exception never leaves reports/store/. Not thread-safe: one connection,
// one thread.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace datavagt::store::sqlite {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }  // the primary result code (SQLITE_FULL, SQLITE_CORRUPT, ...)

 private:
  int code_;
};

class Connection {
 public:
  // Opens (never creates) `path` read-write, or read-only with `read_only`.
  Connection(const std::string& path, bool read_only);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* get() const { return db_; }
  void exec(const char* sql);
  std::int64_t last_insert_rowid() const;
  std::int64_t changes() const;
  // Throws SqliteError for `rc` (not SQLITE_OK/ROW/DONE), naming `what`.
  [[noreturn]] void fail(int rc, std::string_view what) const;

 private:
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement(Connection& c, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binding by 1-based index; returns *this for chaining. Text and blobs are copied.
  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, double v);
  Statement& bind(int i, std::string_view text);
  Statement& bind_blob(int i, const void* data, std::size_t size);
  Statement& bind_null(int i);
  template <class Array>
  Statement& bind_bytes(int i, const Array& a) { return bind_blob(i, a.data(), a.size()); }

  // True while there is a row; false at the end.
  bool step();
  // Runs to completion (statements without rows) and resets for the next use.
  void run();
  void reset();

  bool is_null(int col) const;
  std::int64_t integer(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  std::string blob(int col) const;
  // The column as SQLite holds it, without a copy: valid until the next step(), reset() or column call.
  std::string_view text_view(int col) const;
  std::string_view blob_view(int col) const;
  template <class Array>
  bool bytes(int col, Array& out) const {  // false when NULL or of another length
    const std::string_view b = blob_view(col);
    if (b.size() != out.size()) return false;
    std::copy(b.begin(), b.end(), out.begin());
    return true;
  }

 private:
  Connection& c_;
  sqlite3_stmt* s_ = nullptr;
};

// Write: BEGIN IMMEDIATE (the write lock up front, so two writers never deadlock on an upgrade). Read: BEGIN
// (one snapshot for many statements, and one WAL read lock instead of one per statement). Rolled back on
// destruction unless committed.
class Transaction {
 public:
  enum class Kind { Write, Read };
  explicit Transaction(Connection& c, Kind kind = Kind::Write);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& c_;
  bool open_ = true;
};

}  // namespace datavagt::store::sqlite
