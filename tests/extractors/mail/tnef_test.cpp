// TNEF (winmail.dat): attachments as nested items named by their file name, subject and bodies as text, and
// damaged streams (cut anywhere, lying lengths) reported `corrupt` with what was read kept.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "extractors/mail/tnef_reader.h"
#include "tests/extractors/extract_util.h"
#include "tests/extractors/mail/tnef_writer.h"

namespace datavagt {
namespace {

using testing::MapiProps;
using testing::Recorded;
using testing::TnefWriter;
namespace tnef = testing::tnef;

Recorded run(std::string_view bytes, const Limits& limits = {}) {
  return testing::record(FormatId::Tnef, bytes, "winmail.dat", limits);
}

std::vector<std::string> names(const Recorded& r) {
  std::vector<std::string> out;
  for (const auto& m : r.members) out.push_back(m.info.location.members.empty() ? "" : m.info.location.members.back());
  return out;
}

// "MELA": compressed RTF stored uncompressed (MS-OXRTFCP).
std::string stored_rtf(std::string_view rtf) {
  std::string s;
  tnef::put32(s, static_cast<std::uint32_t>(rtf.size() + 12));
  tnef::put32(s, static_cast<std::uint32_t>(rtf.size()));
  s += "MELA";
  tnef::put32(s, 0);
  return s + std::string(rtf);
}

TEST(Tnef, SniffedBySignatureNotByName) {
  const std::string s = TnefWriter().attachment("a.txt", "x").bytes();
  EXPECT_EQ(sniff_format(s, s.size()), FormatId::Tnef);
  EXPECT_EQ(format_name(FormatId::Tnef), "tnef");
  EXPECT_NE(sniff_format("winmail.dat", 11), FormatId::Tnef);
}

TEST(Tnef, AttachmentIsANestedItemNamedByItsTitle) {
  const std::string s = TnefWriter().subject("Ans\xF8gning").attachment("bilag.txt", "CPR 150643-1006\n").bytes();
  const auto r = run(s);
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  ASSERT_EQ(r.members.size(), 1u);
  EXPECT_EQ(r.members[0].info.location.path, "winmail.dat");
  EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"bilag.txt"});
  EXPECT_EQ(r.members[0].info.depth, 1u);
  EXPECT_EQ(r.members[0].bytes, "CPR 150643-1006\n");
  EXPECT_TRUE(r.part_has("attachment name", "bilag.txt"));
  // 8-bit strings in the stream's code page (1252 here), or UTF-8 when they are valid UTF-8.
  EXPECT_TRUE(r.part_has("subject", "Ansøgning"));
}

// attOemCodepage 1250 (Central European): 8-bit names and subject read in it.
TEST(Tnef, EightBitStringsInTheStreamsCodePage) {
  TnefWriter w;
  w.attribute(tnef::kMessage, tnef::attOemCodepage, std::string("\xE2\x04\x00\x00\x00\x00\x00\x00", 8));
  w.subject("Wniosek \xB3\xF3" "d\x9F").attachment("\x8Alask.txt", "x");
  const auto r = run(w.bytes());
  EXPECT_TRUE(r.part_has("subject", "Wniosek łódź"));
  EXPECT_EQ(names(r), std::vector<std::string>{"Šlask.txt"});
}

// The subject and body share max_text_bytes; a spent text budget does not drop the attachments.
TEST(Tnef, TextBudgetCutsTheTextNotTheAttachments) {
  const std::string s =
      TnefWriter().subject("Sag").body(std::string(3000, 'x')).attachment("bilag.txt", "CPR 150643-1006\n").bytes();
  Limits small;
  small.max_text_bytes = 1000;
  const auto r = run(s, small);
  EXPECT_LE(r.text.size(), 1000u);
  EXPECT_TRUE(r.has_problem(ProblemKind::Truncated));
  EXPECT_EQ(names(r), std::vector<std::string>{"bilag.txt"});
}

TEST(Tnef, TwoAttachmentsInOrderAndOneWithoutAName) {
  TnefWriter w;
  w.attachment("første.txt", "en").attachment("anden.pdf", "%PDF-1.4 to").attachment("", "tre");
  const auto r = run(w.bytes());
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  EXPECT_EQ(names(r), (std::vector<std::string>{"første.txt", "anden.pdf", "attachment3"}));
  ASSERT_EQ(r.members.size(), 3u);
  EXPECT_EQ(r.members[1].bytes, "%PDF-1.4 to");
  EXPECT_EQ(r.members[2].bytes, "tre");
}

TEST(Tnef, LongFileNameFromTheAttachmentsMapiProperties) {
  MapiProps props;
  props.u32(0x3705, 1)  // PR_ATTACH_METHOD
      .named_u32(0x8005, "abc", 7)  // a named property before the name: its padding must be skipped right
      .string8(0x3704, "ANSGNI~1.TXT")
      .unicode(0x3707, "Ansøgning om boligstøtte/2019.txt")
      .unicode(0x3001, "Visningsnavn");
  const auto r = run(TnefWriter().attachment("ANSGNI~1.TXT", "data", &props).bytes());
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  EXPECT_EQ(names(r), std::vector<std::string>{"Ansøgning om boligstøtte_2019.txt"});  // a name, not a path
}

TEST(Tnef, NameFallsBackToShortNameThenDisplayName) {
  MapiProps short_only, display_only;
  short_only.string8(0x3704, "KORT.TXT");
  display_only.unicode(0x3001, "Vist navn");
  TnefWriter w;
  w.attachment("", "a", &short_only).attachment("", "b", &display_only);
  EXPECT_EQ(names(run(w.bytes())), (std::vector<std::string>{"KORT.TXT", "Vist navn"}));
}

TEST(Tnef, AttachmentDataFromMapiPropertiesWhenNoAttAttachData) {
  MapiProps bin, object;
  bin.unicode(0x3707, "fra-egenskab.txt").binary(0x3701, "CPR 150643-1006");
  // An attached message: a PT_OBJECT whose data (after the interface id) is a TNEF stream of its own.
  const std::string inner =
      TnefWriter().subject("Videresendt 150643-1006").date_sent(2019, 3, 1, 10, 0, 0).attachment("i.txt", "x").bytes();
  object.unicode(0x3001, "Videresendt").object(0x3701, inner);
  TnefWriter w;
  for (const MapiProps* p : {&bin, &object}) {
    w.attribute(tnef::kAttachment, tnef::attAttachRendData, std::string(14, '\0'));
    w.attribute(tnef::kAttachment, tnef::attAttachment, p->bytes());
  }
  const auto r = run(w.bytes());
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  ASSERT_EQ(r.members.size(), 2u);
  EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"fra-egenskab.txt"});
  EXPECT_EQ(r.members[0].bytes, "CPR 150643-1006");
  // Named like every mail message, by its own subject (CPR masked) and date.
  EXPECT_EQ(r.members[1].info.location.members, std::vector<std::string>{"2 Videresendt 150643-XXXX (2019-03-01)"});
  EXPECT_EQ(r.members[1].bytes, inner);
  EXPECT_EQ(sniff_format(r.members[1].bytes, inner.size()), FormatId::Tnef);  // read by this extractor again
}

TEST(Tnef, MembersCarryTheMessagesDate) {
  const auto r = run(TnefWriter().date_sent(2019, 3, 1, 10, 0, 0).attachment("a.txt", "a").bytes());
  ASSERT_EQ(r.members.size(), 1u);
  EXPECT_EQ(r.members[0].info.mtime, 1551434400);  // 2019-03-01T10:00:00Z
  MapiProps p;
  // PR_CLIENT_SUBMIT_TIME (PT_SYSTIME 0x0040, id 0x0039): FILETIME 0x019DB1DED53E8000.
  p.raw(std::string("\x40\x00\x39\x00\x00\x80\x3E\xD5\xDE\xB1\x9D\x01", 12));
  const auto s = run(TnefWriter().message_props(p).attachment("a.txt", "a").bytes());
  ASSERT_EQ(s.members.size(), 1u);
  EXPECT_EQ(s.members[0].info.mtime, static_cast<std::int64_t>(0x019DB1DED53E8000ull / 10000000) - 11644473600);
  // A nonsense date is none.
  const auto t = run(TnefWriter().date_sent(2019, 13, 40, 10, 0, 0).attachment("a.txt", "a").bytes());
  EXPECT_EQ(t.members[0].info.mtime, 0);
}

TEST(Tnef, AttachmentWithoutDataIsNotHandedOn) {
  TnefWriter w;
  w.attribute(tnef::kAttachment, tnef::attAttachRendData, std::string(14, '\0'));
  w.attribute(tnef::kAttachment, tnef::attAttachTitle, std::string("link.url") + '\0');
  const auto r = run(w.bytes());
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.members.empty());
  EXPECT_TRUE(r.part_has("attachment name", "link.url"));
}

// Found by tnef_fuzz: an object value shorter than its interface id left an empty view without data.
TEST(Tnef, ObjectShorterThanItsInterfaceIdHasNoData) {
  std::string object;  // PT_OBJECT 0x3701 of 3 bytes
  tnef::put16(object, 0x000D);
  tnef::put16(object, 0x3701);
  tnef::put32(object, 1);
  tnef::put32(object, 3);
  object += std::string("abc\0", 4);
  TnefWriter w;
  w.attribute(tnef::kAttachment, tnef::attAttachRendData, std::string(14, '\0'));
  w.attribute(tnef::kAttachment, tnef::attAttachment, MapiProps().raw(object).bytes());
  const auto r = run(w.bytes());
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.members.empty());
}

TEST(Tnef, PlainBodyFromAttBody) {
  const auto r = run(TnefWriter().subject("Emne").body("Mit CPR-nr. er 150643-1006.\r\n").bytes());
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.part_has("subject", "Emne"));
  EXPECT_TRUE(r.part_has("body", "Mit CPR-nr. er 150643-1006."));
}

TEST(Tnef, SubjectAndPlainBodyFromMessageProperties) {
  MapiProps p;
  p.unicode(0x0037, "Emne fra egenskab").unicode(0x1000, "Brødtekst 150643-1006");
  const auto r = run(TnefWriter().message_props(p).bytes());
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  EXPECT_TRUE(r.part_has("subject", "Emne fra egenskab"));
  EXPECT_TRUE(r.part_has("body", "Brødtekst 150643-1006"));
}

TEST(Tnef, HtmlBodyThroughTheHtmlExtractor) {
  MapiProps p;
  p.binary(0x1013, "<html><body><p>CPR: 150643<b>-1006</b></p></body></html>");
  const auto r = run(TnefWriter().message_props(p).bytes());
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  EXPECT_TRUE(r.part_has("body", "CPR: 150643-1006")) << r.text;
  EXPECT_FALSE(r.has("<b>"));
}

TEST(Tnef, CompressedRtfBodyThroughTheRtfExtractor) {
  MapiProps p;
  p.binary(0x1009, stored_rtf("{\\rtf1\\ansi Hej {\\b 150643}-1006\\par}"));
  const auto r = run(TnefWriter().message_props(p).bytes());
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  EXPECT_TRUE(r.part_has("body", "Hej 150643-1006")) << r.text;
}

TEST(Tnef, PlainBodyWinsOverHtmlAndRtf) {
  MapiProps p;
  p.binary(0x1013, "<p>html</p>").binary(0x1009, stored_rtf("{\\rtf1 rtf}"));
  const auto r = run(TnefWriter().body("ren tekst").message_props(p).bytes());
  EXPECT_TRUE(r.part_has("body", "ren tekst"));
  EXPECT_FALSE(r.has("html"));
  EXPECT_FALSE(r.has("rtf"));
}

TEST(Tnef, BadRtfBodyIsCorrupt) {
  MapiProps p;
  p.binary(0x1009, "not compressed rtf at all");
  const auto r = run(TnefWriter().message_props(p).attachment("a.txt", "a").bytes());
  EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt));
  EXPECT_EQ(r.members.size(), 1u);
}

// Cut at every byte: never a crash; every cut inside the stream is `corrupt`, and the attachments whole before
// the cut are still handed on.
TEST(Tnef, CutAtEveryByteKeepsWhatWasRead) {
  MapiProps msg, att;
  msg.unicode(0x0037, "Emne").binary(0x1009, stored_rtf("{\\rtf1 Hej}"));
  att.unicode(0x3707, "lang.txt");
  TnefWriter w;
  w.subject("s").body("krop").message_props(msg).attachment("en.txt", "1111", &att);
  const std::size_t first_done = w.bytes().size();
  w.attachment("to.txt", "2222", &att);
  const std::string s = w.bytes();
  const auto& ends = w.attribute_ends();
  for (std::size_t n = 0; n < s.size(); ++n) {
    const auto r = run(std::string_view(s).substr(0, n));
    const bool at_an_end = std::find(ends.begin(), ends.end(), n) != ends.end();
    EXPECT_EQ(r.has_problem(ProblemKind::Corrupt), !at_an_end) << n;
    if (n >= first_done) {
      ASSERT_GE(r.members.size(), 1u) << n;
      EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"lang.txt"});
      EXPECT_EQ(r.members[0].bytes, "1111");
    }
  }
  const auto whole = run(s);
  EXPECT_TRUE(whole.problems.empty());
  EXPECT_EQ(whole.members.size(), 2u);
}

TEST(Tnef, NotTnefAtAllIsCorrupt) {
  const auto r = run("definitely not a TNEF stream");
  EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt));
  EXPECT_TRUE(r.members.empty());
  EXPECT_TRUE(r.text.empty());
}

TEST(Tnef, AttributeLongerThanTheStreamStopsTheWalk) {
  TnefWriter w;
  w.attachment("a.txt", "aaa");
  w.attribute(tnef::kAttachment, tnef::attAttachData, "bbb", 1000);
  w.attachment("c.txt", "ccc");
  const auto r = run(w.bytes());
  EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt));
  EXPECT_EQ(names(r), std::vector<std::string>{"a.txt"});
}

TEST(Tnef, HugeDeclaredLengthsAllocateNothing) {
  for (std::uint32_t length : {0xFFFFFFFFu, 0xFFFFFFF5u, 0x80000000u, 0x7FFFFFFFu}) {
    TnefWriter w;
    w.attachment("a.txt", "aaa");
    w.attribute(tnef::kAttachment, tnef::attAttachData, "", length);
    const auto r = run(w.bytes());
    EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt)) << length;
    EXPECT_EQ(r.members.size(), 1u);
  }
  // MAPI lists: a huge property count, value count and value size, each in an otherwise good stream.
  std::string huge_count;
  tnef::put32(huge_count, 0xFFFFFFFF);
  std::string huge_values;  // PT_BINARY 0x3701 with 2^32-1 values
  tnef::put16(huge_values, 0x0102);
  tnef::put16(huge_values, 0x3701);
  tnef::put32(huge_values, 0xFFFFFFFF);
  tnef::put32(huge_values, 4);
  huge_values += "abcd";
  std::string huge_size;  // PT_UNICODE 0x3707 of 0xFFFFFFFC bytes
  tnef::put16(huge_size, 0x001F);
  tnef::put16(huge_size, 0x3707);
  tnef::put32(huge_size, 1);
  tnef::put32(huge_size, 0xFFFFFFFC);
  huge_size += "ab";
  std::string huge_name;  // a named property whose name is 0xFFFFFFFF bytes long
  tnef::put16(huge_name, 0x0003);
  tnef::put16(huge_name, 0x8001);
  huge_name.append(16, '\0');
  tnef::put32(huge_name, 1);
  tnef::put32(huge_name, 0xFFFFFFFF);
  std::string unknown_type;
  tnef::put16(unknown_type, 0x0999);
  tnef::put16(unknown_type, 0x3707);
  for (const std::string& list :
       {huge_count, MapiProps().raw(huge_values).bytes(), MapiProps().raw(huge_size).bytes(),
        MapiProps().raw(huge_name).bytes(), MapiProps().raw(unknown_type).bytes()}) {
    TnefWriter w;
    w.attribute(tnef::kMessage, tnef::attMsgProps, list);
    w.attribute(tnef::kAttachment, tnef::attAttachRendData, std::string(14, '\0'));
    w.attribute(tnef::kAttachment, tnef::attAttachment, list);
    w.attachment("efter.txt", "efter");
    const auto r = run(w.bytes());
    EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt));
    // The other attributes are still read.
    EXPECT_EQ(names(r), std::vector<std::string>{"efter.txt"});  // the first has no data: nothing to hand on
  }
}

TEST(Tnef, UnknownLevelIsCorrupt) {
  TnefWriter w;
  w.attachment("a.txt", "aaa");
  w.attribute(7, tnef::attAttachData, "xyz");
  w.attachment("b.txt", "bbb");
  const auto r = run(w.bytes());
  EXPECT_TRUE(r.has_problem(ProblemKind::Corrupt));
  EXPECT_EQ(names(r), std::vector<std::string>{"a.txt"});
}

TEST(Tnef, AttachmentsBeyondMaxMembersAreALimit) {
  TnefWriter w;
  w.attachment("a.txt", "a").attachment("b.txt", "b").attachment("c.txt", "c");
  Limits limits;
  limits.max_members = 2;
  const auto r = run(w.bytes(), limits);
  EXPECT_TRUE(r.has_problem(ProblemKind::Limit));
  EXPECT_FALSE(r.has_problem(ProblemKind::Corrupt));
  EXPECT_EQ(names(r), (std::vector<std::string>{"a.txt", "b.txt"}));
}

TEST(Tnef, LargerThanTheBufferIsALimitWithItsStartRead) {
  TnefWriter w;
  w.attachment("a.txt", "a").attachment("b.txt", std::string(10000, 'b'));
  Limits limits;
  limits.max_buffered_member_bytes = 2000;
  limits.read_chunk_bytes = 100;
  const auto r = run(w.bytes(), limits);
  EXPECT_TRUE(r.has_problem(ProblemKind::Limit));
  EXPECT_FALSE(r.has_problem(ProblemKind::Corrupt));  // the cut is ours, not the file's
  EXPECT_EQ(names(r), std::vector<std::string>{"a.txt"});
}

TEST(Tnef, ReaderIgnoresChecksumsAndTypeBits) {
  TnefWriter w;
  w.attachment("a.txt", "aaa");
  std::string s = w.bytes();
  s[s.size() - 1] ^= 0x55;  // the last checksum
  const TnefMessage m = read_tnef(s, 10);
  EXPECT_TRUE(m.corrupt.empty());
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].data, std::optional<std::string_view>("aaa"));
}

// Random damage: never a crash (the sanitizer builds check memory).
TEST(Tnef, RandomlyDamagedStreamsNeverCrash) {
  MapiProps msg, att;
  msg.unicode(0x0037, "Emne").binary(0x1013, "<p>x</p>").binary(0x1009, stored_rtf("{\\rtf1 Hej}"));
  att.named_u32(0x8001, "navn", 1).unicode(0x3707, "lang.txt").object(0x3701, "objekt");
  TnefWriter w;
  w.subject("s").message_props(msg).attachment("en.txt", "1111", &att).attachment("to.txt", "2222", &att);
  const std::string s = w.bytes();
  std::uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1103515245 + 12345, seed >> 8; };
  for (int i = 0; i < 3000; ++i) {
    std::string d = s;
    for (int k = 0, n = 1 + static_cast<int>(next() % 4); k < n; ++k) d[next() % d.size()] = static_cast<char>(next());
    (void)run(d);
  }
}

}  // namespace
}  // namespace datavagt
