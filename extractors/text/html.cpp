// HTML with libxml2's HTML push parser (SAX, no tree): visible text, with script/style skipped, entities
// decoded, line breaks at block elements, and the attribute values a person sees or a link carries
// (alt, title, value, placeholder, href …). Text reaches libxml2 already decoded to UTF-8.
#include <libxml/HTMLparser.h>

#include <cstring>
#include <memory>
#include <string_view>

#include "extractors/text/decoded_reader.h"
#include "extractors/extractor.h"
#include "extractors/text/markup_text.h"

namespace datavagt {

namespace {

struct HtmlCtxtFree {
  void operator()(htmlParserCtxtPtr c) const { htmlFreeParserCtxt(c); }
};
using HtmlCtxt = std::unique_ptr<htmlParserCtxt, HtmlCtxtFree>;

std::string_view sv(const xmlChar* s) { return s ? std::string_view(reinterpret_cast<const char*>(s)) : ""; }

bool is_skipped(std::string_view tag) { return tag == "script" || tag == "style" || tag == "template"; }

bool is_inline(std::string_view tag) {
  // Everything else separates words (block elements, table cells, line breaks).
  for (std::string_view t : {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i",
                             "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time",
                             "u", "var", "wbr", "ins", "del", "tt", "big", "strike", "nobr"})
    if (tag == t) return true;
  return false;
}

bool is_text_attribute(std::string_view name) {
  for (std::string_view a : {"alt", "title", "value", "placeholder", "content", "href", "label", "aria-label",
                             "summary", "abbr"})
    if (name == a) return true;
  return false;
}

void on_start(void* user, const xmlChar* name, const xmlChar** attrs) {
  guarded_callback(user, [&](MarkupState& st) {
    const std::string_view tag = sv(name);
    if (is_skipped(tag)) {
      st.text.enter_skipped();
      return;
    }
    if (!is_inline(tag)) st.text.boundary();
    for (const xmlChar** a = attrs; a && a[0]; a += 2) {
      if (!a[1] || !is_text_attribute(sv(a[0]))) continue;
      st.text.boundary();
      st.text.text(sv(a[1]));
      st.text.boundary();
    }
  });
}

void on_end(void* user, const xmlChar* name) {
  guarded_callback(user, [&](MarkupState& st) {
    const std::string_view tag = sv(name);
    if (is_skipped(tag)) {
      st.text.leave_skipped();
      return;
    }
    if (!is_inline(tag)) st.text.boundary();
  });
}

void on_characters(void* user, const xmlChar* ch, int len) {
  guarded_callback(user, [&](MarkupState& st) { st.text.text(std::string_view(reinterpret_cast<const char*>(ch), len)); });
}

// Script and style bodies arrive here; they are inside a skipped element, so this drops them.
void on_cdata(void*, const xmlChar*, int) {}

class HtmlExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "html"; }

  void extract(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) override {
    silence_libxml2_errors();
    TextEmitter emitter(out, limits);
    MarkupState st{MarkupText(emitter), nullptr, nullptr};

    htmlSAXHandler sax;
    std::memset(&sax, 0, sizeof sax);
    sax.startElement = &on_start;
    sax.endElement = &on_end;
    sax.characters = &on_characters;
    sax.ignorableWhitespace = &on_characters;
    sax.cdataBlock = &on_cdata;

    HtmlCtxt ctxt(htmlCreatePushParserCtxt(&sax, nullptr, nullptr, 0, nullptr, XML_CHAR_ENCODING_UTF8));
    if (!ctxt) {
      out.problem(Problem::make(ProblemKind::Internal, "html: cannot create parser"));
      return;
    }
    htmlCtxtUseOptions(ctxt.get(), HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                       HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NODEFDTD);
    st.ctxt = ctxt.get();
    ctxt->_private = &st;

    read_decoded(in, info, limits, out, [&](std::string_view piece) {
      htmlParseChunk(ctxt.get(), piece.data(), static_cast<int>(piece.size()), 0);
      return !st.error && !st.text.stopped();
    });
    if (!st.error && !st.text.stopped()) htmlParseChunk(ctxt.get(), nullptr, 0, 1);
    if (st.error) {
      out.problem(Problem::make(ProblemKind::Internal, "html: extraction failed"));
      return;
    }
    st.text.flush();
  }
};

}  // namespace

std::unique_ptr<Extractor> make_html_extractor() { return std::make_unique<HtmlExtractor>(); }

}  // namespace datavagt
