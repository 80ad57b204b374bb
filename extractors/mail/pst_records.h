#pragma once
// The records of a PST: what the PST reader process (pst_walk.h) tells the PST extractor (pst.cpp) through a
// pipe, and what a PST message holds as a byte item of its own (pst_message.h). A record is a type byte, a
// field count byte and the fields, each a 32-bit little-endian length and its bytes. The reader writes them
// in document order; a message's records sit between its Message and End records, attached messages nested.
// - RecordWriter writes to the pipe and blocks on it (the reader process waits while the scanner scans).
// - RecordReader reads from any ByteSource: the pipe (PipeSource, which gives up when nothing arrives for a
//   while: a reader process stuck in a damaged file), or a message's bytes (untrusted when they come from a
//   file: a declared length is never allocated before its bytes arrive, and fields are bounded).
// Contract: RecordWriter is thread-safe (a heartbeat thread writes too); a RecordReader has one user.
#include <cstdint>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/item.h"
#include "core/problem.h"
#include "extractors/byte_source.h"

namespace datavagt::pst {

enum class Record : char {
  Opened = 'O',      // the file size its header declares (decimal)
  Message = 'M',     // name (path element), date (decimal epoch seconds, or empty), size (decimal)
  Text = 'T',        // part, UTF-8 text (subject, names, plain body, contact fields …)
  Html = 'H',        // the HTML body (UTF-8)
  Rtf = 'R',         // the decompressed RTF body
  Attachment = 'A',  // name, bytes
  Problem = 'P',     // kind (ProblemKind as a decimal), detail, attachment name (empty: the message or file)
  Note = 'N',        // sentence
  End = 'E',         // the current message is complete
  Done = 'X',        // the whole file was read
  Alive = 'K',       // still reading the file (a heartbeat while libpst is busy); RecordReader skips it
};

// Appends one record to `out`.
void append_record(std::string& out, Record type, std::initializer_list<std::string_view> fields);
// A record's first two bytes (type, field count) and a field's length prefix.
std::string record_head(Record type, std::size_t fields);
std::string field_length(std::uint32_t n);

// What a Message record (name, date, size) says: the message as a member of `parent`, its date (if any) as
// its mtime. What a Problem record (kind, detail, attachment) says: a problem at `parent`, or at its
// attachment. Nullopt when the fields are not what the record needs (malformed).
std::optional<ItemInfo> message_member(const ItemInfo& parent, const std::vector<std::string>& fields);
std::optional<Problem> record_problem(const ItemInfo& parent, const std::vector<std::string>& fields);
// A field that holds a decimal number (an Opened record's size), or nullopt.
std::optional<std::uint64_t> decimal_field(std::string_view field);

// Writes records to a pipe; false once the other side is gone.
class RecordWriter {
 public:
  explicit RecordWriter(int fd) : fd_(fd) {}
  bool write(Record type, std::initializer_list<std::string_view> fields);

 private:
  int fd_;
  std::mutex m_;
};

// Reads records, buffered. A record may be read whole (next()), or field by field so that a long one (an
// attachment) is streamed (begin(), field(), field_size() and read_field()).
class RecordReader {
 public:
  // Fields read whole are at most `max_field_bytes`.
  RecordReader(ByteSource& in, std::size_t max_field_bytes);

  // Eof: the bytes ended between records. Malformed: inside one, or a field too long. Failed: the source failed
  // (failure() says how).
  enum class Status { Ok, Eof, Malformed, Failed };
  Status next(Record& type, std::vector<std::string>& fields);

  // A record's type and field count (heartbeats skipped).
  Status begin(Record& type, unsigned& fields);
  // The next field, whole.
  Status field(std::string& out);
  // The next field's length; its bytes are then read with read_field() (0 at its end), or passed over with
  // skip_field().
  Status field_size(std::uint32_t& n);
  Result<std::size_t> read_field(std::span<char> buf);
  Status skip_field();

  const std::optional<Problem>& failure() const { return failure_; }

 private:
  // Makes at least one byte available; `at_start`: nothing of a record read yet (an end there is Eof).
  Status refill(bool at_start);
  Status take(char* out, std::size_t n, bool at_start);

  ByteSource& in_;
  std::size_t max_field_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, end_ = 0;
  std::uint64_t field_left_ = 0;  // bytes of the field being streamed
  std::optional<Problem> failure_;
};

// A pipe as a ByteSource: read() waits at most `stall_seconds` for bytes; past it, it fails and stalled() is
// true. It cannot start over.
class PipeSource final : public ByteSource {
 public:
  PipeSource(int fd, unsigned stall_seconds) : fd_(fd), stall_ms_(static_cast<int>(stall_seconds) * 1000) {}
  Result<std::size_t> read(std::span<char> buf) override;
  Result<bool> rewind() override;
  bool stalled() const { return stalled_; }

 private:
  int fd_;
  int stall_ms_;
  bool stalled_ = false;
};

}  // namespace datavagt::pst
