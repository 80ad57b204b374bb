#include <gtest/gtest.h>

#include <string>

#include "extractors/mail/compressed_rtf.h"
#include "tests/extractors/office/compound_file.h"
#include "tests/extractors/office/ole2_util.h"

namespace datavagt {
namespace {

using testing::ole2;

std::string mail(const std::string& name) {
  return testing::read_file(std::string(DATAVAGT_SOURCE_DIR) + "/tests/fixtures/mail/" + name);
}

std::string utf16(std::u16string_view s) {
  std::string out;
  for (char16_t c : s) {
    out += static_cast<char>(c & 0xFF);
    out += static_cast<char>(c >> 8);
  }
  return out;
}

TEST(Msg, SubjectSenderRecipientsBodyAndAttachments) {
  const auto r = ole2(mail("testMSG_att_doc.msg"), "test.msg");
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  EXPECT_TRUE(r.part_has("subject", "test pièce jointe 1"));
  EXPECT_TRUE(r.part_has("sender", "Nicolas1 23456"));
  EXPECT_TRUE(r.part_has("recipients", "nicolas1.23456@free.fr"));
  EXPECT_TRUE(r.part_has("body", "contenu"));
  EXPECT_TRUE(r.part_has("attachment name", "test-unicode.doc"));
  ASSERT_EQ(r.members.size(), 2u);
  EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"test-unicode.doc"});
  EXPECT_EQ(r.members[1].info.location.members, std::vector<std::string>{"pj1.txt"});
  EXPECT_EQ(r.members[0].info.depth, 1u);
  EXPECT_EQ(r.members[0].info.mtime, 1240410993);  // the message's submit time, 2009-04-22
  // The Word attachment is read by the .doc extractor.
  const auto doc = ole2(r.members[0].bytes, "test-unicode.doc");
  EXPECT_TRUE(doc.problems.empty());
  EXPECT_TRUE(doc.part_has("body", "école"));
  EXPECT_TRUE(doc.part_has("body", "euro : €"));
}

TEST(Msg, AttachedMessageIsANestedMessageNamedLikeMail) {
  const auto r = ole2(mail("testMSG_att_msg.msg"), "test.msg");
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  EXPECT_TRUE(r.part_has("subject", "test email"));
  ASSERT_EQ(r.members.size(), 2u);
  EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"1 Test Attachment (2010-06-17)"});
  EXPECT_EQ(r.members[1].info.location.members, std::vector<std::string>{"smbprn.00009008.KdcPjl.pdf"});
  const auto inner = ole2(r.members[0].bytes, "1 Test Attachment (2010-06-17)");
  EXPECT_TRUE(inner.problems.empty());
  EXPECT_TRUE(inner.part_has("subject", "Test Attachment"));
  EXPECT_TRUE(inner.part_has("body", "Blah blah blah"));
}

TEST(Msg, ForwardedMessageBodyHoldsTheOriginal) {
  const auto r = ole2(mail("testMSG_forwarded.msg"), "fw.msg");
  EXPECT_TRUE(r.part_has("subject", "FW: Testing"));
  EXPECT_TRUE(r.part_has("body", "Forwarded Body"));
  EXPECT_TRUE(r.part_has("body", "Original Body"));
}

// Without a plain body, the HTML body goes through the HTML extractor; without either, the compressed RTF
// body through the RTF extractor. A CPR in the subject and one in a body, planted in a copy.
TEST(Msg, HtmlAndCompressedRtfBodies) {
  auto tree = testing::compound_tree(mail("testMSG_att_doc.msg"));
  ASSERT_TRUE(tree.count("__substg1.0_1000001F"));
  ASSERT_TRUE(tree.count("__substg1.0_10090102"));
  tree.erase("__substg1.0_1000001F");
  tree["__substg1.0_0037001F"] = utf16(u"Sag 150643-1006");
  auto r = ole2(testing::compound_file(tree), "rtf.msg");
  EXPECT_TRUE(r.problems.empty()) << r.problems.front().detail;
  EXPECT_TRUE(r.part_has("subject", "Sag 150643-1006"));
  EXPECT_TRUE(r.part_has("body", "contenu"));  // decompressed RTF
  EXPECT_FALSE(r.has("rtf1"));

  tree["__substg1.0_10130102"] = "<html><body><p>Borger <b>0101</b>90-1234</p><script>x()</script></body></html>";
  r = ole2(testing::compound_file(tree), "html.msg");
  EXPECT_TRUE(r.part_has("body", "Borger 010190-1234"));
  EXPECT_FALSE(r.has("x()"));
  EXPECT_FALSE(r.has("contenu"));  // the RTF is the same body: read once
}

// Headers and an HTML body share one max_text_bytes: the message's text stops there, with one `truncated`.
TEST(Msg, HeadersAndBodyShareTheTextLimit) {
  auto tree = testing::compound_tree(mail("testMSG_att_doc.msg"));
  tree.erase("__substg1.0_1000001F");
  tree["__substg1.0_0037001F"] = utf16(u"Sag om borgeren");
  tree["__substg1.0_10130102"] = "<html><body><p>" + std::string(4000, 'x') + "</p></body></html>";
  Limits small;
  small.max_text_bytes = 1000;
  const auto r = ole2(testing::compound_file(tree), "html.msg", small);
  EXPECT_LE(r.text.size(), 1000u);
  EXPECT_TRUE(r.part_has("subject", "Sag om borgeren"));
  EXPECT_TRUE(r.part_has("body", "xxxx"));
  int truncated = 0;
  for (const auto& p : r.problems) truncated += p.kind == ProblemKind::Truncated;
  EXPECT_EQ(truncated, 1);
  EXPECT_FALSE(r.members.empty());  // the attachment is still handed on
}

TEST(Msg, CompressedRtf) {
  const auto tree = testing::compound_tree(mail("testMSG_att_doc.msg"));
  const std::string& compressed = tree.at("__substg1.0_10090102");
  const auto rtf = decompress_rtf(compressed, 1 << 20);
  ASSERT_TRUE(rtf);
  EXPECT_TRUE(rtf->complete);
  EXPECT_EQ(rtf->rtf.substr(0, 6), "{\\rtf1");
  // Bounded by the caller, and cut streams give what was decoded.
  EXPECT_EQ(decompress_rtf(compressed, 10)->rtf.size(), 10u);
  for (std::size_t n = 0; n < compressed.size(); n += 11) {
    const auto cut = decompress_rtf(std::string_view(compressed).substr(0, n), 1 << 20);
    if (cut) {
      EXPECT_FALSE(cut->complete) << n;
    }
  }
  EXPECT_FALSE(decompress_rtf("garbage of sixteen bytes or more", 100));
  // "MELA": stored uncompressed.
  std::string mela = std::string("\x10\x00\x00\x00\x04\x00\x00\x00MELA\x00\x00\x00\x00", 16) + "{\\rt";
  EXPECT_EQ(decompress_rtf(mela, 100)->rtf, "{\\rt");
}

TEST(Msg, DamagedMessagesNeverCrash) {
  const std::string bytes = mail("testMSG_att_msg.msg");
  for (std::size_t n = 512; n < bytes.size(); n += 1021) (void)ole2(std::string_view(bytes).substr(0, n), "cut.msg");
  auto tree = testing::compound_tree(bytes);
  tree["__properties_version1.0"] = "short";
  tree["__substg1.0_10090102"] = std::string("\xFF\xFF\xFF\x7F\xFF\xFF\xFF\x7FLZFu\0\0\0\0\xFF\xFF\xFF", 19);
  tree.erase("__substg1.0_1000001F");
  const auto r = ole2(testing::compound_file(tree), "bad.msg");
  EXPECT_TRUE(r.part_has("subject", "test email"));
}

}  // namespace
}  // namespace datavagt
