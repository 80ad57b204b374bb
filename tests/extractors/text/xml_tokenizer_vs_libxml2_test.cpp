// The tokenizer against libxml2's SAX2 parser (what ooxml.cpp used before) on every XML part of the OOXML and
// ODF fixtures made by real producers: the same elements, namespace URIs, attribute values and text, and the
// same verdict on well-formedness.
#include <libxml/SAX2.h>
#include <libxml/parser.h>

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "extractors/byte_source.h"
#include "extractors/text/xml_tokenizer.h"
#include "extractors/archive/archive_reader.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

class Trace final : public XmlEvents {
 public:
  std::string out;
  void start(std::string_view local, std::string_view uri, std::span<const XmlAttribute> attributes) override {
    out.append("<").append(local).append("{").append(uri).append("}");
    for (const auto& a : attributes) out.append(" ").append(a.local).append("=").append(a.value);
    out.append(">");
  }
  void end(std::string_view local, std::string_view uri) override {
    out.append("</").append(local).append("{").append(uri).append("}>");
  }
  void characters(std::string_view text) override { out.append(text); }
};

std::string_view sv(const xmlChar* s) { return s ? std::string_view(reinterpret_cast<const char*>(s)) : ""; }
Trace& trace_of(void* ctxt) { return *static_cast<Trace*>(static_cast<xmlParserCtxtPtr>(ctxt)->_private); }

void on_start(void* ctxt, const xmlChar* local, const xmlChar*, const xmlChar* uri, int, const xmlChar**, int n, int,
              const xmlChar** a) {
  std::vector<XmlAttribute> attributes;
  for (int i = 0; i < n; ++i) {
    const char* value = reinterpret_cast<const char*>(a[i * 5 + 3]);
    attributes.push_back(
        XmlAttribute{sv(a[i * 5]), std::string_view(value, static_cast<std::size_t>(a[i * 5 + 4] - a[i * 5 + 3]))});
  }
  trace_of(ctxt).start(sv(local), sv(uri), attributes);
}
void on_end(void* ctxt, const xmlChar* local, const xmlChar*, const xmlChar* uri) {
  trace_of(ctxt).end(sv(local), sv(uri));
}
void on_characters(void* ctxt, const xmlChar* ch, int len) {
  trace_of(ctxt).characters(std::string_view(reinterpret_cast<const char*>(ch), static_cast<std::size_t>(len)));
}
void quiet(void*, xmlErrorPtr) {}

// libxml2 with the options ooxml.cpp gave it.
std::pair<std::string, bool> libxml2(std::string_view xml) {
  xmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  xmlSAXVersion(&sax, 2);
  sax.startElementNs = &on_start;
  sax.endElementNs = &on_end;
  sax.characters = &on_characters;
  sax.cdataBlock = &on_characters;
  sax.ignorableWhitespace = nullptr;
  sax.warning = nullptr;
  sax.error = nullptr;
  sax.fatalError = nullptr;
  sax.serror = &quiet;
  Trace t;
  xmlParserCtxtPtr c = xmlCreatePushParserCtxt(&sax, nullptr, nullptr, 0, nullptr);
  xmlCtxtUseOptions(c, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  c->_private = &t;
  xmlParseChunk(c, xml.data(), static_cast<int>(xml.size()), 1);
  const bool well_formed = c->wellFormed != 0;
  if (c->myDoc) xmlFreeDoc(c->myDoc);
  xmlFreeParserCtxt(c);
  return {t.out, well_formed};
}

std::pair<std::string, bool> tokenizer(std::string_view xml) {
  Trace t;
  XmlTokenizer tok(t);
  for (std::size_t i = 0; i < xml.size(); i += 4096) tok.feed(xml.substr(i, 4096));
  tok.finish();
  return {t.out, !tok.malformed()};
}

TEST(XmlTokenizerVsLibxml2, SameEventsOnEveryPartOfTheProducersFixtures) {
  const std::string dir = std::string(DATAVAGT_SOURCE_DIR) + "/tests/extractors/fixtures/";
  int parts = 0;
  for (const char* file : {"ooxml/brev.docx", "ooxml/edge.docx", "ooxml/embedded.docx", "ooxml/regnskab.xlsx",
                           "ooxml/excel_order.xlsx", "ooxml/moede.pptx", "odf/brev.odt", "odf/edge.odt",
                           "odf/embedded.odt", "odf/regnskab.ods", "odf/moede.odp"}) {
    const std::string zip_bytes = testing::read_file(dir + file);
    MemorySource src(zip_bytes);
    ArchiveReader zip(src, 65536, ArchiveKind::Zip);
    for (;;) {
      auto entry = zip.next();
      ASSERT_TRUE(entry) << file;
      if (!*entry) break;
      const std::string name = (*entry)->name;
      std::string bytes;
      char buf[65536];
      for (;;) {
        auto n = zip.read(buf);
        ASSERT_TRUE(n) << file << " " << name;
        if (*n == 0) break;
        bytes.append(buf, *n);
      }
      if (!name.ends_with(".xml") && !name.ends_with(".rels")) continue;
      ASSERT_EQ(XmlTokenizer::handles(bytes), true) << file << " " << name;
      EXPECT_EQ(tokenizer(bytes), libxml2(bytes)) << file << " " << name;
      ++parts;
    }
  }
  EXPECT_GT(parts, 60);
}

}  // namespace
}  // namespace datavagt
