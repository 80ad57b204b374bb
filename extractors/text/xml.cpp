// Generic XML with libxml2's push parser in SAX2 mode (no tree, no network, no DTD loading, no external
// entities): element text and attribute values, a line break between elements. Office formats have
// their own extractors that know which elements join into words.
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>

#include <cstring>
#include <memory>
#include <string_view>

#include "extractors/text/decoded_reader.h"
#include "extractors/extractor.h"
#include "extractors/text/markup_text.h"

namespace datavagt {

namespace {

struct XmlCtxtFree {
  void operator()(xmlParserCtxtPtr c) const {
    if (c->myDoc) xmlFreeDoc(c->myDoc);  // created by the default startDocument handler, holds the DTD
    c->myDoc = nullptr;
    xmlFreeParserCtxt(c);
  }
};
using XmlCtxt = std::unique_ptr<xmlParserCtxt, XmlCtxtFree>;

void on_start(void* user, const xmlChar*, const xmlChar*, const xmlChar*, int, const xmlChar**, int nb_attributes,
              int, const xmlChar** attributes) {
  guarded_callback(user, [&](MarkupState& st) {
    st.text.boundary();
    // SAX2 attributes: (localname, prefix, URI, value start, value end) per attribute.
    for (int i = 0; i < nb_attributes; ++i) {
      const xmlChar* begin = attributes[i * 5 + 3];
      const xmlChar* end = attributes[i * 5 + 4];
      if (begin == end) continue;
      st.text.text(std::string_view(reinterpret_cast<const char*>(begin), static_cast<std::size_t>(end - begin)));
      st.text.boundary();
    }
  });
}

void on_end(void* user, const xmlChar*, const xmlChar*, const xmlChar*) {
  guarded_callback(user, [&](MarkupState& st) { st.text.boundary(); });
}

void on_characters(void* user, const xmlChar* ch, int len) {
  guarded_callback(user, [&](MarkupState& st) { st.text.text(std::string_view(reinterpret_cast<const char*>(ch), len)); });
}

void ignore_structured_error(void*, xmlErrorPtr) {}

class XmlExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "xml"; }

  void extract(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) override {
    silence_libxml2_errors();
    TextEmitter emitter(out, limits);
    MarkupState st{MarkupText(emitter), nullptr, nullptr};

    xmlSAXHandler sax;
    std::memset(&sax, 0, sizeof sax);
    xmlSAXVersion(&sax, 2);  // defaults keep internal entity declarations working
    sax.startElementNs = &on_start;
    sax.endElementNs = &on_end;
    sax.characters = &on_characters;
    sax.cdataBlock = &on_characters;
    sax.ignorableWhitespace = &on_characters;
    sax.reference = nullptr;
    sax.resolveEntity = nullptr;   // never fetch anything
    sax.externalSubset = nullptr;  // never load an external DTD
    sax.comment = nullptr;
    sax.processingInstruction = nullptr;
    sax.warning = nullptr;
    sax.error = nullptr;
    sax.fatalError = nullptr;
    sax.serror = &ignore_structured_error;

    XmlCtxt ctxt(xmlCreatePushParserCtxt(&sax, nullptr, nullptr, 0, nullptr));
    if (!ctxt) {
      out.problem(Problem::make(ProblemKind::Internal, "xml: cannot create parser"));
      return;
    }
    xmlCtxtUseOptions(ctxt.get(), XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                      XML_PARSE_IGNORE_ENC);
    st.ctxt = ctxt.get();
    ctxt->_private = &st;

    read_decoded(in, info, limits, out, [&](std::string_view piece) {
      xmlParseChunk(ctxt.get(), piece.data(), static_cast<int>(piece.size()), 0);
      return !st.error && !st.text.stopped();
    });
    if (!st.error && !st.text.stopped()) xmlParseChunk(ctxt.get(), nullptr, 0, 1);
    if (st.error) {
      out.problem(Problem::make(ProblemKind::Internal, "xml: extraction failed"));
      return;
    }
    st.text.flush();
  }
};

}  // namespace

std::unique_ptr<Extractor> make_xml_extractor() { return std::make_unique<XmlExtractor>(); }

}  // namespace datavagt
