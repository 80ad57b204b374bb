#include <gtest/gtest.h>

#include "tests/extractors/extract_util.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using testing::extract;

TEST(Html, TagsStrippedEntitiesDecodedScriptSkipped) {
  const auto r = extract(
      "<!DOCTYPE html><html><head><title>Sag</title><style>p{color:red} .x{content:'0101901234'}</style>"
      "<script>var cpr = '0202901234';</script></head>"
      "<body><p>S&oslash;ren &AElig;r&oslash; &amp; co &#248; &#xE5;</p><div>CPR<b>010190</b>-1234</div>"
      "<img alt=\"Billede af 030390-1234\"><a href=\"https://x/?cpr=0404901234\">link</a></body></html>");
  EXPECT_NE(r.text.find("Søren Ærø & co ø å"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("CPR010190-1234"), std::string::npos) << r.text;  // inline tags join
  EXPECT_NE(r.text.find("030390-1234"), std::string::npos);
  EXPECT_NE(r.text.find("0404901234"), std::string::npos);
  EXPECT_EQ(r.text.find("0101901234"), std::string::npos);  // style
  EXPECT_EQ(r.text.find("0202901234"), std::string::npos);  // script
  EXPECT_EQ(r.text.find("color"), std::string::npos);
}

TEST(Html, BlockElementsSeparateWords) {
  const auto r = extract("<html><body><table><tr><td>010190</td><td>1234</td></tr></table><p>a</p><p>b</p></body></html>");
  EXPECT_EQ(r.text.find("0101901234"), std::string::npos) << r.text;
  EXPECT_EQ(r.text.find("ab"), std::string::npos) << r.text;
}

TEST(Html, Windows1252PageWithMetaCharset) {
  const auto r = extract("<html><head><meta charset=\"windows-1252\"></head><body>S\xF8ren \xC6r\xF8</body></html>");
  EXPECT_NE(r.text.find("Søren Ærø"), std::string::npos) << r.text;
}

TEST(Html, BrokenMarkupStillYieldsText) {
  const auto r = extract("<html><body><p>Søren <b>010190-1234 <div><<>> <td>tekst</body>");
  EXPECT_NE(r.text.find("010190-1234"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("tekst"), std::string::npos) << r.text;
}

TEST(Xml, TextAndAttributes) {
  const auto r = extract(
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><borgere><borger cpr=\"0101901234\" navn=\"S&#248;ren\">"
      "<adresse>Vesterbygade 1</adresse><![CDATA[note 0202901234]]></borger></borgere>");
  EXPECT_NE(r.text.find("0101901234"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("Søren"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("Vesterbygade 1"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("0202901234"), std::string::npos) << r.text;
}

TEST(Xml, NoExternalEntitiesNoNetwork) {
  const auto r = extract(
      "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/hostname\"><!ENTITY y \"intern\">]>"
      "<r>a &x; b &y; c</r>");
  EXPECT_NE(r.text.find("a "), std::string::npos) << r.text;
  EXPECT_NE(r.text.find(" c"), std::string::npos) << r.text;
  std::string host = testing::read_file("/etc/hostname");
  while (!host.empty() && (host.back() == '\n' || host.back() == ' ')) host.pop_back();
  if (!host.empty()) {
    EXPECT_EQ(r.text.find(host), std::string::npos) << "external entity was loaded";
  }
}

TEST(Xml, BillionLaughsStaysSmall) {
  std::string doc = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY l0 \"ha\">";
  for (int i = 1; i < 10; ++i)
    doc += "<!ENTITY l" + std::to_string(i) + " \"" +
           [&] { std::string s; for (int k = 0; k < 10; ++k) s += "&l" + std::to_string(i - 1) + ";"; return s; }() +
           "\">";
  doc += "]><l>&l9;</l>";
  const auto r = extract(doc);
  EXPECT_LT(r.text.size(), 1u << 20);
}

TEST(Xml, MalformedDocumentDoesNotStopTheScan) {
  const auto r = extract("<?xml version=\"1.0\"?><a><b>010190-1234</a></b><c>efter fejl</c>");
  EXPECT_NE(r.text.find("010190-1234"), std::string::npos) << r.text;
}

}  // namespace
}  // namespace datavagt
