#pragma once
// What the PST reader process (pst_walk.h) tells the PST extractor (pst.cpp) through a pipe: records of a
// type byte and fields, each field a 32-bit little-endian length and its bytes. The reader writes them in
// document order; a message's records sit between its Message and End records, attached messages nested.
// Writer and reader block on the pipe (the reader process waits while the scanner scans); the reading side
// gives up when nothing arrives for a while (a reader process stuck in a damaged file).
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

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

// Writes records to a pipe; false once the other side is gone. Thread-safe (a heartbeat thread writes too).
class RecordWriter {
 public:
  explicit RecordWriter(int fd) : fd_(fd) {}
  bool write(Record type, std::initializer_list<std::string_view> fields);

 private:
  int fd_;
  std::mutex m_;
};

// Reads records from a pipe, waiting at most `stall_seconds` for each piece of one.
class RecordReader {
 public:
  RecordReader(int fd, int stall_seconds, std::size_t max_field_bytes)
      : fd_(fd), stall_ms_(stall_seconds * 1000), max_field_(max_field_bytes) {}

  enum class Status { Ok, Eof, Stalled, Malformed };
  Status next(Record& type, std::vector<std::string>& fields);

 private:
  Status read_exact(char* p, std::size_t n, bool at_start);
  int fd_;
  int stall_ms_;
  std::size_t max_field_;
};

}  // namespace datavagt::pst
