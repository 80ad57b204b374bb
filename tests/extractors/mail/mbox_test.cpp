// mbox through the mbox extractor: split into messages while streaming, each a member named by its label
// (index, subject, date) with its Date as time; ">From " unquoted; oversized messages cut with `limit`.
#include <gtest/gtest.h>

#include <string>

#include "tests/extractors/extract_util.h"

namespace datavagt {
namespace {

using testing::Recorded;

// Whole, and 5 bytes per read (separators split between reads): the same result.
Recorded mbox(std::string_view bytes, Limits limits = {}) {
  Recorded whole = testing::record_twice(FormatId::Mbox, bytes, "arkiv.mbox", limits, 5);
  limits.read_chunk_bytes = 5;
  const Recorded small = testing::record(FormatId::Mbox, bytes, "arkiv.mbox", limits);
  for (std::size_t i = 0; i < whole.members.size() && i < small.members.size(); ++i) {
    EXPECT_EQ(whole.members[i].bytes, small.members[i].bytes);
    EXPECT_EQ(whole.members[i].info.location.members, small.members[i].info.location.members);
  }
  return whole;
}

std::string message(std::string_view subject, std::string_view date, std::string_view body) {
  return "Return-Path: <a@example.dk>\nFrom: a@example.dk\nTo: b@example.dk\nSubject: " + std::string(subject) +
         "\nDate: " + std::string(date) + "\nContent-Type: text/plain; charset=utf-8\n\n" + std::string(body);
}

const std::string kThree =
    "From a@example.dk Fri Mar  1 10:00:00 2019\n" +
    message("=?UTF-8?Q?Ans=C3=B8gning_om_boligst=C3=B8tte?=", "Fri, 01 Mar 2019 10:00:00 +0000",
            "Første besked.\n>From the start\n>>From quoted twice\n\n") +
    "From b@example.dk Sat Mar  2 10:00:00 2019\n" +
    message("Sag 150643-1006", "Sat, 02 Mar 2019 10:00:00 +0000",
            "CPR 150643-1006\nFrom her ikke et skille\nFrom 10:00 til 12:00 den 1. marts 2019\n\n") +
    "From c@example.dk Sun Mar  3 10:00:00 2019\n" + message("Tredje", "Sun, 03 Mar 2019 23:30:00 -0100", "Slut.\n");

TEST(Mbox, EachMessageIsAMemberNamedByItsLabel) {
  const auto r = mbox(kThree);
  ASSERT_EQ(r.members.size(), 3u);
  using Members = std::vector<std::string>;
  EXPECT_EQ(r.members[0].info.location.members, Members{"1 Ansøgning om boligstøtte (2019-03-01)"});
  EXPECT_EQ(r.members[1].info.location.members, Members{"2 Sag 150643-XXXX (2019-03-02)"});
  EXPECT_EQ(r.members[2].info.location.members, Members{"3 Tredje (2019-03-04)"});  // 23:30 -01:00 is UTC the 4th
  EXPECT_EQ(r.members[0].info.mtime, 1551434400);
  EXPECT_EQ(r.members[1].info.mtime, 1551434400 + 86400);
  for (const auto& m : r.members) {
    EXPECT_EQ(m.info.depth, 1u);
    EXPECT_EQ(sniff_format(m.bytes, m.bytes.size()), FormatId::Mail);
    EXPECT_FALSE(m.bytes.starts_with("From ")) << "the separator line is not part of the message";
  }
  EXPECT_NE(r.members[0].bytes.find("\nFrom the start\n>From quoted twice\n"), std::string::npos) << r.members[0].bytes;
  // A "From " line in a body that does not follow an empty line is text, not a separator.
  EXPECT_NE(r.members[1].bytes.find("CPR 150643-1006\nFrom her ikke et skille\nFrom 10:00 til 12:00"), std::string::npos);
  EXPECT_TRUE(r.text.empty());  // the text is the messages'
  EXPECT_TRUE(r.problems.empty());
}

TEST(Mbox, CrlfAndMessagesWithoutDateOrSubject) {
  const auto r = mbox("From x\r\nFrom: a@b.dk\r\nTo: c@d.dk\r\n\r\nhej\r\n\r\nFrom y\r\nFrom: a@b.dk\r\nTo: c@d.dk\r\n\r\nhej\r\n");
  ASSERT_EQ(r.members.size(), 2u);
  EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"1"});
  EXPECT_EQ(r.members[1].info.location.members, std::vector<std::string>{"2"});
  EXPECT_EQ(r.members[0].info.mtime, 0);  // the container's time
}

// Some writers leave out the empty line before a separator: a line shaped like one still separates.
TEST(Mbox, SeparatorWithoutEmptyLineBefore) {
  const auto r = mbox("From a Fri Mar  1 10:00:00 2019\nFrom: a@b.dk\nTo: c@d.dk\n\nhej\n"
                      "From b Sat Mar  2 10:00:00 2019\nFrom: a@b.dk\nTo: c@d.dk\n\nhej igen\n");
  ASSERT_EQ(r.members.size(), 2u);
  EXPECT_EQ(r.members[1].bytes, "From: a@b.dk\nTo: c@d.dk\n\nhej igen\n");
}

TEST(Mbox, OversizedMessageIsCutWithALimitProblem) {
  Limits l;
  l.max_buffered_member_bytes = 2000;
  std::string big;
  while (big.size() < 5000) big += "Lang linje uden noget særligt i.\n";
  // And a line without any end of line, longer than what is carried between reads.
  big += std::string(10000, 'x') + "\n\n";
  const std::string bytes = "From a Fri Mar  1 10:00:00 2019\n" + message("Stor", "Fri, 01 Mar 2019 10:00:00 +0000", big) +
                            "From b Sat Mar  2 10:00:00 2019\n" + message("Lille", "Sat, 02 Mar 2019 10:00:00 +0000", "x\n");
  const auto r = mbox(bytes, l);
  ASSERT_EQ(r.members.size(), 2u);
  EXPECT_EQ(r.members[0].bytes.size(), 2000u);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::Limit);
  EXPECT_EQ(r.problems[0].members, std::vector<std::string>{"1 Stor (2019-03-01)"});
  EXPECT_EQ(r.members[1].info.location.members, std::vector<std::string>{"2 Lille (2019-03-02)"});
}

TEST(Mbox, JunkDoesNotCrash) {
  mbox("From ");
  mbox("From x\n");
  mbox("From x\n\n\n");
  mbox(std::string("From x\nFrom: a\nTo: b\n\n\x00\xFF\n\nFrom \n\nFrom", 37));
}

}  // namespace
}  // namespace datavagt
