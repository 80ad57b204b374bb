#include "extractors/text/xml_tokenizer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "core/utf8.h"

namespace datavagt {
namespace {

// Writes the events as a trace: <local{uri} a=v ...> </local{uri}> and text as it comes (pieces joined).
class Trace final : public XmlEvents {
 public:
  std::string out;
  void start(std::string_view local, std::string_view uri, std::span<const XmlAttribute> attributes) override {
    out += '<';
    name(local, uri);
    for (const auto& a : attributes) {
      out += ' ';
      out += a.local;
      out += '=';
      out += a.value;
    }
    out += '>';
  }
  void end(std::string_view local, std::string_view uri) override {
    out += "</";
    name(local, uri);
    out += '>';
  }
  void characters(std::string_view text) override {
    EXPECT_TRUE(utf8::is_valid(text));
    out += text;
  }

 private:
  // Appended piece by piece: `"{" + std::string(uri)` trips GCC 12's -Wrestrict false positive (PR 105329) at -O3.
  void name(std::string_view local, std::string_view uri) {
    out += local;
    if (uri.empty()) return;
    out += '{';
    out += uri;
    out += '}';
  }
};

struct Outcome {
  std::string trace;
  bool malformed = false;
  bool doctype = false;
  bool operator==(const Outcome&) const = default;
};

Outcome tokenize(std::string_view xml, std::size_t piece) {
  Trace t;
  XmlTokenizer tok(t);
  bool going = true;
  for (std::size_t i = 0; i < xml.size() && going; i += piece) going = tok.feed(xml.substr(i, piece));
  tok.finish();
  return Outcome{t.out, tok.malformed(), tok.doctype()};
}

// Whole, and in pieces of 1, 2, 3 and 7 bytes: all must agree.
Outcome run(std::string_view xml) {
  const Outcome whole = tokenize(xml, xml.size() + 1);
  for (std::size_t piece : {1, 2, 3, 7}) EXPECT_EQ(tokenize(xml, piece), whole) << "pieces of " << piece;
  return whole;
}

std::string trace_of(std::string_view xml) {
  const Outcome o = run(xml);
  EXPECT_FALSE(o.malformed) << xml;
  EXPECT_FALSE(o.doctype) << xml;
  return o.trace;
}

bool malformed(std::string_view xml) { return run(xml).malformed; }

TEST(XmlTokenizer, ElementsAttributesAndText) {
  EXPECT_EQ(trace_of("<a>x<b k=\"1\" l='2'/>y</a>"), "<a>x<b k=1 l=2></b>y</a>");
  EXPECT_EQ(trace_of("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<r >\n<s\n t = 'v' />\n</r >\n"),
            "<r>\n<s t=v></s>\n</r>");
  EXPECT_EQ(trace_of("<a k=\"it's\" l='say \"hi\"'>Æble ø å 💡</a>"), "<a k=it's l=say \"hi\">Æble ø å 💡</a>");
  EXPECT_EQ(trace_of("\xEF\xBB\xBF<?xml version='1.0'?><a/>"), "<a></a>");  // BOM before the declaration
}

TEST(XmlTokenizer, NamespacesAreResolvedAndScoped) {
  const char* xml =
      "<w:document xmlns:w=\"urn:w\" xmlns=\"urn:d\" xmlns:mc=\"urn:mc\">"
      "<w:p w:rsid=\"1\"><plain/><mc:Fallback><w:t>x</w:t></mc:Fallback></w:p>"
      "<w:p xmlns:w=\"urn:other\"><w:t/></w:p><w:t/><u:x/><q xmlns=\"\"/></w:document>";
  EXPECT_EQ(trace_of(xml),
            "<document{urn:w}><p{urn:w} rsid=1><plain{urn:d}></plain{urn:d}><Fallback{urn:mc}><t{urn:w}>x</t{urn:w}>"
            "</Fallback{urn:mc}></p{urn:w}><p{urn:other}><t{urn:other}></t{urn:other}></p{urn:other}>"
            "<t{urn:w}></t{urn:w}><x></x><q></q></document{urn:w}>");
}

TEST(XmlTokenizer, OnlyPredefinedEntitiesAndCharacterReferences) {
  EXPECT_EQ(trace_of("<a t=\"&lt;&amp;&#65;\">&lt;&gt;&amp;&apos;&quot; &#65;&#x42;&#xe6;&#230;&#x1F4A1;</a>"),
            "<a t=<&A><>&'\" ABææ💡</a>");
  EXPECT_TRUE(malformed("<a>&nbsp;</a>"));        // not declared, and cannot be
  EXPECT_TRUE(malformed("<a>&#0;</a>"));           // not an XML character
  EXPECT_TRUE(malformed("<a>&#xD800;</a>"));       // a surrogate
  EXPECT_TRUE(malformed("<a>&#x110000;</a>"));     // beyond Unicode
  EXPECT_TRUE(malformed("<a>&#99999999999;</a>"));  // overflow
  EXPECT_TRUE(malformed("<a>&#x;</a>"));
  EXPECT_TRUE(malformed("<a>& b</a>"));
  EXPECT_TRUE(malformed("<a>&amp</a>"));
  EXPECT_TRUE(malformed("<a k=\"&foo;\"/>"));
}

TEST(XmlTokenizer, DoctypeStopsAtOnceSoNoEntityIsEverDeclared) {
  const std::string laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>"
      "<lolz>&lol2;</lolz>";
  const Outcome a = run(laughs);
  EXPECT_TRUE(a.doctype);
  EXPECT_EQ(a.trace, "");
  const Outcome b = run("<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>");
  EXPECT_TRUE(b.doctype);
  EXPECT_EQ(b.trace, "");
  EXPECT_TRUE(run("<r>text<!DOCTYPE r></r>").doctype);
  EXPECT_TRUE(malformed("<!ENTITY x \"y\"><r/>"));
}

TEST(XmlTokenizer, CdataCommentsAndProcessingInstructions) {
  EXPECT_EQ(trace_of("<!-- c --><?pi x?><a>1<![CDATA[<b>&amp;]]]]>2<!-- <c/> -->3<?p ?>4</a><!-- end -->"),
            "<a>1<b>&amp;]]234</a>");
  EXPECT_TRUE(malformed("<a><!-- a -- b --></a>"));
  EXPECT_TRUE(malformed("<a>x]]>y</a>"));
  EXPECT_TRUE(malformed("<![CDATA[x]]><a/>"));    // CDATA outside the root
  EXPECT_TRUE(malformed("<a/><?xml version='1.0'?>"));  // the declaration only first
  EXPECT_TRUE(malformed(" <?xml version='1.0'?><a/>"));
  EXPECT_TRUE(malformed("<a><? ?></a>"));
  EXPECT_TRUE(malformed("<a><!foo></a>"));
  EXPECT_EQ(trace_of("<a>x]y]]z</a>"), "<a>x]y]]z</a>");
}

TEST(XmlTokenizer, LineEndsAndAttributeWhitespace) {
  EXPECT_EQ(trace_of("<a k=\"x\r\ny\tz\">1\r\n2\r3\n4<![CDATA[5\r\n6\r]]></a>"), "<a k=x y z>1\n2\n3\n45\n6\n</a>");
  EXPECT_EQ(trace_of("<a>\r</a>"), "<a>\n</a>");
}

TEST(XmlTokenizer, MalformedInput) {
  for (const char* xml : {
           "",                            // empty
           "   ",                         // no root
           "<a>",                         // unclosed
           "<a></b>",                     // mismatched
           "<a></a ",                     // cut in a tag
           "<a><b></a></b>",              // crossed
           "</a>",                        // end without start
           "x<a/>",                       // text before the root
           "<a/>x",                       // text after it
           "<a/><b/>",                    // two roots
           "<a k=\"<\"/>",                // '<' in a value
           "<a k=\"1\"l=\"2\"/>",         // no space between attributes
           "<a k=1/>",                    // unquoted
           "<a k/>",                      // no value
           "<a k=\"1'/>",                 // unterminated
           "<1a/>",                       // bad name
           "<a / >",                      // bad empty-element end
           "< a/>",                       // space before the name
           "<a>\x01</a>",                 // control character
           "<a k=\"\x02\"/>",             // in a value
           "<a>\xC0\x80</a>",             // overlong
           "<a>\xED\xA0\x80</a>",         // surrogate
           "<a>\x80</a>",                 // lone continuation byte
           "<a>\xEF\xBF\xBF</a>",         // U+FFFF
           "<a>\xF4\x90\x80\x80</a>",     // beyond U+10FFFF
           "<a>\xE6</a>",                 // cut character
           "<\xFF/>",                     // invalid UTF-8 in a name
           "<a\x80\x80/>",
       }) {
    EXPECT_TRUE(malformed(xml)) << "[" << xml << "]";
  }
}

TEST(XmlTokenizer, TextPassedOnBeforeAnErrorIsKept) {
  const Outcome o = run("<a><b>før</b>efter<c></a>");
  EXPECT_TRUE(o.malformed);
  EXPECT_EQ(o.trace, "<a><b>før</b>efter<c>");
}

TEST(XmlTokenizer, DepthIsBounded) {
  std::string deep;
  for (int i = 0; i < 256; ++i) deep += "<a>";
  for (int i = 0; i < 256; ++i) deep += "</a>";
  EXPECT_FALSE(tokenize(deep, deep.size()).malformed);
  EXPECT_TRUE(tokenize("<r>" + deep + "</r>", 4096).malformed);
}

TEST(XmlTokenizer, WhatOpenElementsKeepIsBounded) {
  // 256 nested elements with 8 KB names, or with 8 KB of namespace declarations each: 2 MB kept.
  const std::string name(8192, 'n');
  std::string names, declarations;
  for (int i = 0; i < 256; ++i) {
    names += "<" + name + ">";
    declarations += "<a xmlns:p" + std::to_string(i) + "=\"" + std::string(8192, 'u') + "\">";
  }
  EXPECT_TRUE(tokenize(names, 65536).malformed);
  EXPECT_TRUE(tokenize(declarations, 65536).malformed);
  EXPECT_FALSE(tokenize("<" + name + "><" + name + "/></" + name + ">", 65536).malformed);  // a few are fine
}

TEST(XmlTokenizer, LongTokensArriveInPiecesAndAreBounded) {
  const std::string value(200000, 'v');
  const std::string xml = "<a k=\"" + value + "\">" + "<!-- " + value + " -->" + "<![CDATA[" + value + "]]></a>";
  EXPECT_TRUE(tokenize(xml, 100).trace == "<a k=" + value + ">" + value + "</a>");
  EXPECT_FALSE(tokenize(xml, 100).malformed);
  const std::string huge = "<a k=\"" + std::string(XmlTokenizer::kMaxTokenBytes + 10, 'v') + "\"/>";
  const Outcome o = tokenize(huge, 65536);
  EXPECT_TRUE(o.malformed);
  EXPECT_TRUE(o.trace.empty());
}

TEST(XmlTokenizer, HandlesUtf8PartsOnly) {
  EXPECT_EQ(XmlTokenizer::handles("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><a/>"), true);
  EXPECT_EQ(XmlTokenizer::handles("<?xml version='1.0' encoding = 'utf8'?><a/>"), true);
  EXPECT_EQ(XmlTokenizer::handles("<?xml version=\"1.0\"?><a/>"), true);
  EXPECT_EQ(XmlTokenizer::handles("<a/>"), true);
  EXPECT_EQ(XmlTokenizer::handles("\xEF\xBB\xBF<a/>"), true);
  EXPECT_EQ(XmlTokenizer::handles(""), std::nullopt);  // cannot tell yet
  EXPECT_EQ(XmlTokenizer::handles("<?x"), std::nullopt);
  EXPECT_EQ(XmlTokenizer::handles("\xEF\xBB"), std::nullopt);
  EXPECT_EQ(XmlTokenizer::handles("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>"), false);
  EXPECT_EQ(XmlTokenizer::handles("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>"), false);
  EXPECT_EQ(XmlTokenizer::handles(std::string_view("\xFF\xFE<\0a\0", 6)), false);
  EXPECT_EQ(XmlTokenizer::handles(std::string_view("<\0?\0x\0", 6)), false);
  EXPECT_EQ(XmlTokenizer::handles("<?xml version=\"1.0\" enc"), std::nullopt);
  EXPECT_FALSE(XmlTokenizer::handles("<?xml " + std::string(XmlTokenizer::kMaxDeclarationBytes, ' ')).value());
}

TEST(XmlTokenizer, HandlerExceptionsPassThrough) {
  struct Throwing final : XmlEvents {
    void start(std::string_view, std::string_view, std::span<const XmlAttribute>) override {}
    void end(std::string_view, std::string_view) override {}
    void characters(std::string_view) override { throw std::runtime_error("full"); }
  } events;
  XmlTokenizer tok(events);
  EXPECT_THROW(tok.feed("<a>x</a>"), std::runtime_error);
}

// Random damage to a real-looking part: never a crash or a hang, never invalid UTF-8 out, and the same
// answer whatever the piece size.
TEST(XmlTokenizer, DamagedInputIsSafeAndPieceSizeIndependent) {
  const std::string part =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<w:document xmlns:w=\"urn:w\"><w:body><w:p><w:r>"
      "<w:t xml:space=\"preserve\">CPR 150643-1006 &amp; Åse</w:t></w:r><w:r><w:t>x&#xE6;</w:t></w:r></w:p>"
      "<!-- c --><w:p w:a='1' w:b=\"&lt;2\"><![CDATA[y]]></w:p></w:body></w:document>";
  std::mt19937 rng(7);
  const std::string alphabet = "<>/&;#x\"'=!?-[]\r\n \x01\x80\xC3\xA6\xEF\xBF";
  for (int round = 0; round < 3000; ++round) {
    std::string s = part;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % s.size();
      switch (rng() % 3) {
        case 0:
          s[at] = alphabet[rng() % alphabet.size()];
          break;
        case 1:
          s.erase(at, 1 + rng() % 8);
          break;
        default:
          s.insert(at, 1, alphabet[rng() % alphabet.size()]);
          break;
      }
      if (s.empty()) s = '<';
    }
    const Outcome whole = tokenize(s, s.size());
    ASSERT_EQ(tokenize(s, 1 + rng() % 13), whole) << s;
  }
}

}  // namespace
}  // namespace datavagt
