// A PST message as a byte item (extractors/mail/pst_message.h): the records the PST reader sends, made into a
// message's bytes by MessageSource and read back by the PST message extractor; and the same bytes damaged.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "extractors/byte_source.h"
#include "extractors/mail/pst_message.h"
#include "extractors/mail/pst_records.h"
#include "tests/extractors/extract_util.h"

namespace datavagt {
namespace {

using pst::append_record;
using pst::kPstMessageMagic;
using pst::Record;

// A message's records (after its Message record) through its End: subject, names, bodies in three forms, an
// attachment, a problem, a note, and an attached message with an attachment of its own.
std::string message_records() {
  std::string r;
  append_record(r, Record::Text, {"subject", "Ansøgning om boligstøtte"});
  append_record(r, Record::Text, {"header", "Jens Hansen\nSøren Ågesen\n"});
  append_record(r, Record::Text, {"body", "CPR-nr.: 150643-1006"});
  append_record(r, Record::Html, {"<html><body><p>Diagnose: <b>diabetes</b></p></body></html>"});
  append_record(r, Record::Rtf, {"{\\rtf1\\ansi Straffeattest vedlagt.}"});
  append_record(r, Record::Attachment, {"bilag.txt", "Bilag: CPR 150643-1006"});
  append_record(r, Record::Problem, {std::to_string(static_cast<int>(ProblemKind::Limit)), "pst: too big", "stor.bin"});
  append_record(r, Record::Note, {"password-protected"});
  append_record(r, Record::Message, {"1 Videresendt (2019-03-01)", "1551398400", "100"});
  append_record(r, Record::Text, {"subject", "Videresendt"});
  append_record(r, Record::Attachment, {"indre.txt", "inde i"});
  append_record(r, Record::End, {});
  append_record(r, Record::End, {});
  return r;
}

std::string message_bytes() { return std::string(kPstMessageMagic) + message_records(); }

testing::Recorded read_message(std::string_view bytes, Limits limits = {}) {
  return testing::record(FormatId::PstMessage, bytes, "export.pst", limits);
}

TEST(PstMessage, SniffedByItsMagic) {
  const std::string bytes = message_bytes();
  EXPECT_EQ(sniff_format(bytes, bytes.size()), FormatId::PstMessage);
  EXPECT_EQ(format_name(FormatId::PstMessage), "pst-message");
  EXPECT_NE(sniff_format(kPstMessageMagic.substr(0, 8), 8), FormatId::PstMessage);
}

TEST(PstMessage, PartsMembersProblemsAndNotes) {
  const auto r = read_message(message_bytes());
  EXPECT_EQ(r.parts.at("subject"), "Ansøgning om boligstøtte\n");
  EXPECT_EQ(r.parts.at("header"), "Jens Hansen\nSøren Ågesen\n\n");
  EXPECT_EQ(r.parts.at("body"), "CPR-nr.: 150643-1006\n");
  EXPECT_TRUE(r.part_has("html body", "diabetes"));
  EXPECT_FALSE(r.part_has("html body", "<b>"));
  EXPECT_TRUE(r.part_has("rtf body", "Straffeattest vedlagt."));
  ASSERT_EQ(r.members.size(), 2u);
  EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"bilag.txt"});
  EXPECT_EQ(r.members[0].bytes, "Bilag: CPR 150643-1006");
  EXPECT_EQ(r.members[0].info.depth, 1u);
  // The attached message: a member of its own, with its date, in the same format.
  const auto& inner = r.members[1];
  EXPECT_EQ(inner.info.location.members, std::vector<std::string>{"1 Videresendt (2019-03-01)"});
  EXPECT_EQ(inner.info.mtime, 1551398400);
  std::string expected(kPstMessageMagic);
  append_record(expected, Record::Text, {"subject", "Videresendt"});
  append_record(expected, Record::Attachment, {"indre.txt", "inde i"});
  append_record(expected, Record::End, {});
  EXPECT_EQ(inner.bytes, expected);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::Limit);
  EXPECT_EQ(r.problems[0].members, std::vector<std::string>{"stor.bin"});
  EXPECT_EQ(r.notes, std::vector<std::string>{"password-protected"});
}

TEST(PstMessage, TextBudgetIsTheMessages) {
  Limits limits;
  limits.max_text_bytes = 30;
  const auto r = read_message(message_bytes(), limits);
  EXPECT_LE(r.text.size(), 30u);
  EXPECT_TRUE(r.has_problem(ProblemKind::Truncated));
}

// MessageSource: a message's records from a stream of records (the reader's pipe), magic first, through the
// End that closes it, attached messages inside; what follows is left for the next message.
TEST(PstMessage, MessageSourceTakesOneMessageFromTheRecords) {
  std::string file;
  append_record(file, Record::Opened, {"1000"});
  append_record(file, Record::Message, {"Indbakke/1 A (2019-03-01)", "1551398400", "10"});
  file += message_records();
  append_record(file, Record::Message, {"Indbakke/2 B", "", "10"});
  append_record(file, Record::Text, {"subject", "B"});
  append_record(file, Record::End, {});
  append_record(file, Record::Done, {});
  MemorySource in(file);
  pst::RecordReader records(in, 1 << 20);
  Record type;
  std::vector<std::string> f;
  ASSERT_EQ(records.next(type, f), pst::RecordReader::Status::Ok);
  ASSERT_EQ(records.next(type, f), pst::RecordReader::Status::Ok);
  ASSERT_EQ(type, Record::Message);
  pst::MessageSource first(records);
  std::string bytes;
  ASSERT_TRUE(read_up_to(first, 1 << 20, bytes, 7));
  EXPECT_EQ(bytes, message_bytes());
  EXPECT_EQ(first.failure(), pst::RecordReader::Status::Ok);
  EXPECT_EQ(first.attached_messages(), 1u);
  EXPECT_TRUE(first.drain());
  ASSERT_EQ(records.next(type, f), pst::RecordReader::Status::Ok);
  ASSERT_EQ(type, Record::Message);
  pst::MessageSource second(records);
  std::string some(3, '\0');
  ASSERT_TRUE(read_fully(second, some));  // a reader that stops early: drain() passes over the rest
  EXPECT_TRUE(second.drain());
  ASSERT_EQ(records.next(type, f), pst::RecordReader::Status::Ok);
  EXPECT_EQ(type, Record::Done);
}

// Records that end inside a message (a reader process that died, or was cut): the message ends there, closed
// with End records, so what came is scanned; the failure is the source's to tell.
TEST(PstMessage, MessageSourceClosesAMessageCutShort) {
  std::string file;
  append_record(file, Record::Message, {"1 A", "", "10"});
  const std::string records_of_a = message_records();
  const std::size_t inside_attached = records_of_a.rfind("Videresendt") + 20;
  file += records_of_a.substr(0, inside_attached);
  MemorySource in(file);
  pst::RecordReader records(in, 1 << 20);
  Record type;
  std::vector<std::string> f;
  ASSERT_EQ(records.next(type, f), pst::RecordReader::Status::Ok);
  pst::MessageSource message(records);
  std::string bytes;
  ASSERT_TRUE(read_up_to(message, 1 << 20, bytes, 4096));
  EXPECT_EQ(message.failure(), pst::RecordReader::Status::Malformed);
  EXPECT_FALSE(message.drain());
  const auto r = read_message(bytes);
  EXPECT_TRUE(r.problems.size() == 1 && r.problems[0].kind == ProblemKind::Limit) << "no problem of its own";
  EXPECT_TRUE(r.part_has("body", "150643-1006"));
  ASSERT_EQ(r.members.size(), 2u);  // the attached message, closed
}

// Damaged bytes (a file that starts with the magic, cut or changed anywhere): `corrupt`, what was readable
// kept, never a crash.
TEST(PstMessage, DamagedBytesAreCorrupt) {
  const std::string bytes = message_bytes();
  for (std::size_t cut = kPstMessageMagic.size(); cut < bytes.size(); ++cut) {
    const auto r = read_message(std::string_view(bytes).substr(0, cut));
    EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt)) << cut;
  }
  EXPECT_TRUE(read_message(std::string(kPstMessageMagic)).has_problem(ProblemKind::Corrupt));
  EXPECT_TRUE(read_message("\x89" "DVPSTMSG junk").has_problem(ProblemKind::Corrupt));
  std::string out_of_place(kPstMessageMagic);
  append_record(out_of_place, Record::Text, {"subject", "Hej"});
  append_record(out_of_place, Record::Done, {});
  const auto r = read_message(out_of_place);
  EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt));
  EXPECT_EQ(r.parts.at("subject"), "Hej\n");
  std::string wrong_fields(kPstMessageMagic);
  append_record(wrong_fields, Record::Attachment, {"only a name"});
  EXPECT_TRUE(read_message(wrong_fields).has_problem(ProblemKind::Corrupt));
  std::string bad_kind(kPstMessageMagic);
  append_record(bad_kind, Record::Problem, {"99", "x", ""});
  EXPECT_TRUE(read_message(bad_kind).has_problem(ProblemKind::Corrupt));
  for (std::size_t i = kPstMessageMagic.size(); i < bytes.size(); i += 3) {
    std::string changed = bytes;
    changed[i] = static_cast<char>(changed[i] ^ 0x5A);
    read_message(changed);  // any answer, but an answer (ASan/UBSan check the reading)
  }
}

}  // namespace
}  // namespace datavagt
