#include <gtest/gtest.h>

#include "extractors/text/html_charset.h"
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

std::string html_fixture(const std::string& name) {
  return testing::read_file(std::string(DATAVAGT_SOURCE_DIR) + "/tests/extractors/fixtures/html/" + name);
}

// Issue 15, item 8: the <meta> charset after 3 KB of style and script is honoured (make_charset_html.py).
// Before: the page was decoded by a guess from its bytes: "SÃ¸ren", "£ukasz ¯ó³æ".
TEST(Html, MetaCharsetAfterALongPreamble) {
  const auto utf8 = extract(html_fixture("preamble_utf8.html"));
  EXPECT_NE(utf8.text.find("Søren Ærø fra Åbenrå, CPR 150643-1006"), std::string::npos) << utf8.text;
  const auto cp1250 = extract(html_fixture("preamble_1250.html"));
  EXPECT_NE(cp1250.text.find("Antonín Dvořák og Łukasz Żółć"), std::string::npos) << cp1250.text;
  // A declaration inside a comment counts for nothing.
  const auto commented = extract(html_fixture("commented_meta.html"));
  EXPECT_NE(commented.text.find("Søren Ærø"), std::string::npos) << commented.text;
}

TEST(HtmlCharset, PrescanFindsDeclarations) {
  EXPECT_EQ(html_declared_charset("<meta charset=UTF-8>"), Charset::Utf8);
  EXPECT_EQ(html_declared_charset("<META CHARSET='Windows-1250'/>"), Charset::Windows1250);
  EXPECT_EQ(html_declared_charset("<meta http-equiv=content-type content=\"text/html;charset=iso-8859-1\">"),
            Charset::Windows1252);
  EXPECT_EQ(html_declared_charset("<meta content=\"text/html; charset=utf-16\" http-equiv=\"Content-Type\">"),
            Charset::Utf8);
  EXPECT_EQ(html_declared_charset("<meta charset=\"koi8-r\">"), std::nullopt);  // not a charset we decode
  EXPECT_EQ(html_declared_charset("<meta name=\"description\" content=\"charset=windows-1250\">"), std::nullopt);
  EXPECT_EQ(html_declared_charset("<body><meta charset=windows-1250>"), std::nullopt);  // too late
  EXPECT_EQ(html_declared_charset("<!-- <meta charset=windows-1250> --><meta charset=utf-8>"), Charset::Utf8);
  EXPECT_EQ(html_declared_charset("<metadata charset=windows-1250>"), std::nullopt);
  for (std::size_t cut = 0; cut < 40; ++cut)  // cut anywhere: no crash, no read past the end
    (void)html_declared_charset(std::string_view("<meta http-equiv='x' content=\"a;charset='x\">").substr(0, cut));
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

std::string xml_fixture(const std::string& name) {
  return testing::read_file(std::string(DATAVAGT_SOURCE_DIR) + "/tests/extractors/fixtures/xml/" + name);
}

// Issue 15, item 10: Office and ODF markup saved as XML (make_office_xml.py). Ids of ten digits (w:id,
// w14:paraId, wp:docPr id, relationship ids, xml:id, text:id) are not text; before, all three were in it and
// scanned as CPR numbers. The body, comment author, alt text, hyperlink target and tooltip, sheet name and
// cell value are.
TEST(Xml, OfficeMarkupIdsAreNotText) {
  for (const std::string name : {"flat_opc.xml", "word2003.xml", "flat.fods"}) {
    const auto r = extract(xml_fixture(name));
    EXPECT_TRUE(r.problems.empty()) << name;
    for (const std::string id : {"1411732106", "0103551234", "2508761111", "0070C1AB"})
      EXPECT_EQ(r.text.find(id), std::string::npos) << name << ": " << id << " in " << r.text;
  }
  const auto opc = extract(xml_fixture("flat_opc.xml"));
  for (const std::string text : {"Borgeren har CPR 150643-1006.", "Aase Hansen", "Foto af Aase Hansens pas",
                                 "https://kommune.example/sag?borger=Aase", "Sagen i ESDH", "Tjek adressen"})
    EXPECT_NE(opc.text.find(text), std::string::npos) << text << " not in " << opc.text;
  EXPECT_NE(extract(xml_fixture("word2003.xml")).text.find("CPR 150643-1006"), std::string::npos);
  const auto fods = extract(xml_fixture("flat.fods"));
  EXPECT_NE(fods.text.find("Borgere"), std::string::npos) << fods.text;  // table:name
  EXPECT_NE(fods.text.find("1506431006"), std::string::npos) << fods.text;
  EXPECT_NE(fods.text.find("Aase"), std::string::npos) << fods.text;
}

// Attributes of any other XML are the data, all of them: a generic export is scanned as before.
TEST(Xml, GenericExportAttributesAreText) {
  const auto r = extract(xml_fixture("borgere.xml"));
  for (const std::string text : {"150643-1006", "Aase Hansen", "1411732106"})
    EXPECT_NE(r.text.find(text), std::string::npos) << text << " not in " << r.text;
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
