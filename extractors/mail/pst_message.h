#pragma once
// A message of a PST as a byte item of its own (FormatId::PstMessage), so that it reaches the scanner the way
// every other member does (ExtractSink::nested: deduplicated, scanned as a member task, bounded by depth and
// the file's budget). Its bytes are a format of our own: kPstMessageMagic, then the message's records
// (pst_records.h: Text, Html, Rtf, Attachment, Problem, Note, and attached messages between Message and End
// records), closed by an End. The message's name and date are not in it: they are its location and mtime
// (ItemInfo), so identical copies of a message in two folders are matched once.
// - MessageSource makes those bytes, streaming, from a RecordReader positioned just after a Message record:
//   the PST extractor's (over the reader process's pipe) for a message of the file, the message extractor's
//   for an attached message.
// - The PST message extractor (pst_message.cpp, registered for FormatId::PstMessage) reads them: subject,
//   names and the plain body as text in their parts ("subject", "header", "body" …), the HTML body through
//   the HTML extractor ("html body"), the RTF body through the RTF extractor ("rtf body"), one text budget
//   (Limits::max_text_bytes) for the message; attachments and attached messages as its members (an
//   attachment streamed, never held whole here); problems and notes as the reader found them.
// Contract: one thread; a MessageSource reads its RecordReader only while it is read; failures are values.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/byte_source.h"
#include "extractors/mail/pst_records.h"

namespace datavagt::pst {

// The first bytes of a PST message (a high byte, CR LF and ^Z as in PNG's: not text, and damage by a
// text-mode copy shows).
inline constexpr std::string_view kPstMessageMagic{"\x89" "DVPSTMSG\r\n\x1A\n", 14};

class MessageSource final : public ByteSource {
 public:
  // `records` is positioned after the message's Message record.
  explicit MessageSource(RecordReader& records);
  Result<std::size_t> read(std::span<char> buf) override;
  Result<bool> rewind() override;

  // Reads the rest of the message through (what its reader did not want: a member refused past the depth
  // limit, a budget spent). False when the message could not be read to its end (failure()).
  bool drain();
  // Ok while the records are whole. Else the message ended early, where the records failed (a reader process
  // that died or fell silent, bytes cut short, a record out of place: Malformed; Eof: cut between two
  // records): what came before it is closed with End records, so it is scanned as far as it was read.
  RecordReader::Status failure() const { return failure_; }
  // Attached messages read (not passed over by drain()).
  std::uint64_t attached_messages() const { return attached_; }

 private:
  // Queues the next record's bytes (or the End records that close the message early); false at the end.
  bool pull();

  RecordReader& records_;
  std::vector<std::string> pending_;  // bytes to hand out, in order (fields are moved in, not copied)
  std::size_t piece_ = 0, pos_ = 0;
  unsigned open_ = 1;  // messages open (this one and attached ones)
  bool done_ = false;
  bool draining_ = false;
  std::uint64_t attached_ = 0;
  RecordReader::Status failure_ = RecordReader::Status::Ok;
};

}  // namespace datavagt::pst
