// Office Open XML (DOCX, XLSX, PPTX): a zip of XML parts, read member by member with libarchive
// (archive_reader.h; a plain zip on disk through its central directory and libdeflate: zip_member_reader.h) and each XML part streamed through our strict XML tokenizer (xml_tokenizer.h; no DTD: a
// DOCTYPE makes the part corrupt, so no entity but the five predefined ones is ever expanded). A part that is
// not UTF-8 (UTF-16 …) goes through libxml2's push parser in SAX2 mode instead (no tree, no network, no DTD).
//
// Registered for FormatId::Ooxml and FormatId::Odf: the sniffer (sniff.cpp) names a zip whose first member is
// a document part; members stream in archive order, so the kind of document is decided by part names as they
// come (word/, xl/, ppt/). A zip with none of them is reported `unsupported-format` (a zip that starts
// otherwise is an archive: archive.cpp). OpenDocument (ODT/ODS/ODP) is
// recognised the same way (its `mimetype` member, or content.xml/styles.xml/meta.xml at the top) and its
// parts are read by odf_parts.h through the same push parser; an encrypted ODF is an `encrypted` problem.
//
// What is read, and the Position.part its text gets:
//   DOCX  word/document.xml "body", header*.xml "header", footer*.xml "footer", footnotes.xml "footnote",
//         endnotes.xml "endnote", comments.xml "comment". Only w:t / w:delText carry text, so a word split
//         over formatting runs stays whole; paragraphs, breaks, tabs, table cells and rows separate words.
//         Text boxes (w:txbxContent) are read once: the VML fallback copy (mc:Fallback) is skipped.
//   XLSX  xl/sharedStrings.xml "shared strings": all shared strings, as their own part, because the sheets
//         that index them may come before them in the zip (Excel writes them last). Worksheets
//         "sheet <name>" (names from xl/workbook.xml): inline strings, formula strings and numbers.
//         A CPR typed as a number loses its leading zero (0101901234 -> 101901234, shown padded by a
//         "0000000000" number format). A 9-digit integer is therefore also emitted zero-padded to 10 digits,
//         when the cell's format pads to 10 digits or is General (a CPR column imported from CSV shows 9
//         digits), or when xl/styles.xml has not been read yet (Excel writes it after the sheets); not for
//         other formats (amounts, dates).
//         xl/comments*.xml "comment".
//   PPTX  ppt/slides/slideN.xml "slide N", ppt/notesSlides/notesSlideN.xml "notes N" (N from the part name),
//         ppt/comments "comment".
//   all   docProps/core.xml and custom.xml "properties", charts and diagrams "chart" (all their text).
// Embedded objects and media (*/embeddings/*, */media/*) are handed on as nested items, buffered up to
// Limits::max_buffered_member_bytes. Decompressed bytes per item are bounded by Limits::max_unpacked_bytes.
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include <charconv>
#include <cstring>
#include <exception>
#include <map>
#include <set>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/office/excel_number_format.h"
#include "extractors/extractor.h"
#include "extractors/text/markup_text.h"
#include "extractors/office/odf_parts.h"
#include "extractors/text_emitter.h"
#include "extractors/archive/archive_reader.h"
#include "extractors/text/xml_tokenizer.h"
#include "extractors/archive/zip_member_reader.h"

namespace datavagt {

namespace {

constexpr std::size_t kReadBytes = 64 * 1024;

enum class Doc { Unknown, Word, Sheet, Slides, Odf };

// How a part's XML turns into text.
enum class Mode {
  Skip,
  Word,           // w:t, w:delText
  SharedStrings,  // t, except phonetic runs (rPh)
  Worksheet,      // cells
  Drawing,        // a:t (slides, notes)
  AllText,        // every text node (properties, charts, comments of sheets and slides)
  Workbook,       // sheet names (no text)
  WorkbookRels,   // sheet part names (no text)
  Styles,         // number formats (no text)
  Embedded,       // a nested item
  Odf,            // an OpenDocument part (odf_parts.h)
  OdfMimetype,    // ODF's `mimetype` member (no text)
};

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// `s == lit` with the literal's length known to the compiler, so the comparison is inlined (the handlers
// below compare every element name against several literals; memcmp calls were 4 % of a DOCX/XLSX scan).
template <std::size_t N>
bool is(std::string_view s, const char (&lit)[N]) {
  return s.size() == N - 1 && std::memcmp(s.data(), lit, N - 1) == 0;
}
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// The number in "ppt/slides/slide12.xml" after `prefix`, or "" when the name is not prefix<digits>.xml.
std::string part_number(std::string_view name, std::string_view prefix) {
  if (!starts_with(name, prefix) || !ends_with(name, ".xml")) return {};
  std::string_view n = name.substr(prefix.size(), name.size() - prefix.size() - 4);
  if (n.empty() || n.size() > 9) return {};
  for (char c : n)
    if (c < '0' || c > '9') return {};
  return std::string(n);
}

struct PartKind {
  Mode mode = Mode::Skip;
  Doc doc = Doc::Unknown;
  std::string part;  // Position.part, or (worksheets) the sheet's number
  OdfPart odf = OdfPart::None;
};

PartKind classify(std::string_view name) {
  auto k = [](Mode m, Doc d, std::string part) { return PartKind{m, d, std::move(part)}; };
  auto is_xml_in = [&](std::string_view dir) { return starts_with(name, dir) && ends_with(name, ".xml"); };
  if (starts_with(name, "word/")) {
    if (is(name, "word/document.xml")) return k(Mode::Word, Doc::Word, "body");
    if (is(name, "word/footnotes.xml")) return k(Mode::Word, Doc::Word, "footnote");
    if (is(name, "word/endnotes.xml")) return k(Mode::Word, Doc::Word, "endnote");
    if (is(name, "word/comments.xml")) return k(Mode::Word, Doc::Word, "comment");
    if (is_xml_in("word/header")) return k(Mode::Word, Doc::Word, "header");
    if (is_xml_in("word/footer")) return k(Mode::Word, Doc::Word, "footer");
    if (is_xml_in("word/charts/") || is_xml_in("word/diagrams/data")) return k(Mode::AllText, Doc::Word, "chart");
    if (starts_with(name, "word/embeddings/") || starts_with(name, "word/media/"))
      return k(Mode::Embedded, Doc::Word, "");
    return k(Mode::Skip, Doc::Word, "");
  }
  if (starts_with(name, "xl/")) {
    if (is(name, "xl/sharedStrings.xml")) return k(Mode::SharedStrings, Doc::Sheet, "shared strings");
    if (is(name, "xl/workbook.xml")) return k(Mode::Workbook, Doc::Sheet, "");
    if (is(name, "xl/_rels/workbook.xml.rels")) return k(Mode::WorkbookRels, Doc::Sheet, "");
    if (is(name, "xl/styles.xml")) return k(Mode::Styles, Doc::Sheet, "");
    if (std::string n = part_number(name, "xl/worksheets/sheet"); !n.empty()) return k(Mode::Worksheet, Doc::Sheet, n);
    if (is_xml_in("xl/comments")) return k(Mode::AllText, Doc::Sheet, "comment");
    if (is_xml_in("xl/charts/") || is_xml_in("xl/diagrams/data")) return k(Mode::AllText, Doc::Sheet, "chart");
    if (starts_with(name, "xl/embeddings/") || starts_with(name, "xl/media/")) return k(Mode::Embedded, Doc::Sheet, "");
    return k(Mode::Skip, Doc::Sheet, "");
  }
  if (starts_with(name, "ppt/")) {
    if (std::string n = part_number(name, "ppt/slides/slide"); !n.empty())
      return k(Mode::Drawing, Doc::Slides, "slide " + n);
    if (std::string n = part_number(name, "ppt/notesSlides/notesSlide"); !n.empty())
      return k(Mode::Drawing, Doc::Slides, "notes " + n);
    if (is_xml_in("ppt/comments/")) return k(Mode::AllText, Doc::Slides, "comment");
    if (is_xml_in("ppt/charts/") || is_xml_in("ppt/diagrams/data")) return k(Mode::AllText, Doc::Slides, "chart");
    if (starts_with(name, "ppt/embeddings/") || starts_with(name, "ppt/media/"))
      return k(Mode::Embedded, Doc::Slides, "");
    return k(Mode::Skip, Doc::Slides, "");
  }
  if (is(name, "docProps/core.xml") || is(name, "docProps/custom.xml")) return k(Mode::AllText, Doc::Unknown, "properties");
  return {};
}

// ODF members (odf_parts.h); Pictures/ and Object N/ only count once the zip is known to be ODF.
PartKind odf_kind(std::string_view name, Doc doc) {
  const OdfPart p = classify_odf_member(name);
  switch (p) {
    case OdfPart::Mimetype:
      return {Mode::OdfMimetype, Doc::Unknown, "", p};
    case OdfPart::Content:
    case OdfPart::Styles:
      return {Mode::Odf, Doc::Odf, "body", p};
    case OdfPart::Meta:
      return {Mode::Odf, Doc::Odf, "metadata", p};
    case OdfPart::Manifest:
      if (doc == Doc::Odf) return {Mode::Odf, Doc::Odf, "", p};
      return {};
    case OdfPart::Embedded:
      if (doc == Doc::Odf) return {Mode::Embedded, Doc::Odf, "", p};
      return {};
    case OdfPart::None:
      break;
  }
  return {};
}

// The built-in number formats (ids below 164) never pad to 10 digits.
struct Styles {
  bool read = false;
  std::map<long, bool> custom_pads;  // numFmtId -> pads to 10 digits
  std::vector<long> cell_formats;    // cellXfs index -> numFmtId
  std::set<long> plain;              // custom formats that are General or "0" under another id

  // Whether a 9-digit integer in a cell of this style may be a CPR that lost its leading zero: yes when the
  // format pads to 10 digits, when it is General (numFmtId 0: a CPR column imported from CSV shows 9 digits),
  // and when the styles are not known yet; no for any other format (amounts, dates, percentages …).
  bool may_have_lost_a_zero(long style) const {
    if (!read) return true;
    if (style < 0 || static_cast<std::size_t>(style) >= cell_formats.size()) return true;  // default: General
    const long format = cell_formats[static_cast<std::size_t>(style)];
    if (format == 0 || format == 1 || plain.count(format)) return true;  // General, "0"
    auto it = custom_pads.find(format);
    return it != custom_pads.end() && it->second;
  }
};

// What the workbook says about sheet names, gathered as the parts come.
struct Workbook {
  std::vector<std::pair<std::string, std::string>> sheets;  // name, relationship id, in workbook order
  std::map<std::string, std::string> targets;               // relationship id -> "worksheets/sheet1.xml"

  std::string sheet_name(const std::string& number) const {
    const std::string target = "worksheets/sheet" + number + ".xml";
    for (const auto& [name, rid] : sheets) {
      auto it = targets.find(rid);
      if (it != targets.end() && (it->second == target || it->second == "/xl/" + target)) return name;
    }
    // Without the relationships (not read yet), producers number sheet parts in workbook order.
    if (targets.empty()) {
      long n = 0;
      std::from_chars(number.data(), number.data() + number.size(), n);
      if (n >= 1 && static_cast<std::size_t>(n) <= sheets.size()) return sheets[static_cast<std::size_t>(n - 1)].first;
    }
    return number;
  }
};

struct XmlCtxtFree {
  void operator()(xmlParserCtxtPtr c) const {
    if (c->myDoc) xmlFreeDoc(c->myDoc);
    c->myDoc = nullptr;
    xmlFreeParserCtxt(c);
  }
};
using XmlCtxt = std::unique_ptr<xmlParserCtxt, XmlCtxtFree>;

std::string_view sv(const xmlChar* s) {
  return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
}

// One XML part being parsed: the tokenizer's event handler, or reached from libxml2's callbacks through the
// context's _private pointer.
struct PartParser final : XmlEvents {
  PartParser(Mode m, MarkupText& t, Styles& s, Workbook& w, OdfPart odf_part = OdfPart::None)
      : mode(m), text(t), styles(s), workbook(w), odf(odf_part, t) {}

  Mode mode;
  MarkupText& text;
  Styles& styles;
  Workbook& workbook;
  OdfPartText odf;
  xmlParserCtxtPtr ctxt = nullptr;
  std::exception_ptr error;
  bool has_doctype = false;

  int collect = 0;   // inside an element whose text is wanted
  int fallback = 0;  // inside mc:Fallback (a copy of what mc:Choice holds)
  int phonetic = 0;  // inside rPh (sharedStrings)
  // Worksheet cell state.
  std::string cell_type;
  long cell_style = 0;
  bool in_value = false;
  std::string value;

  std::vector<XmlAttribute> libxml2_attributes;  // libxml2's attributes, converted

  using Attrs = std::span<const XmlAttribute>;
  static std::string_view attr(Attrs a, std::string_view local) {
    for (const XmlAttribute& x : a)
      if (x.local == local) return x.value;
    return {};
  }

  void start(std::string_view name, std::string_view uri, Attrs a) override {
    if (mode == Mode::Odf) return odf.start(name, uri, a);
    if (is(name, "Fallback") && uri.find("markup-compatibility") != std::string_view::npos) ++fallback;
    if (fallback > 0) return;
    switch (mode) {
      case Mode::Word:
        if (is(name, "t") || is(name, "delText"))
          ++collect;
        else if (is(name, "br") || is(name, "cr") || is(name, "tab"))
          text.boundary();
        break;
      case Mode::SharedStrings:
        if (is(name, "rPh"))
          ++phonetic;
        else if (is(name, "t") && phonetic == 0)
          ++collect;
        break;
      case Mode::Drawing:
        if (is(name, "t"))
          ++collect;
        else if (is(name, "br"))
          text.boundary();
        break;
      case Mode::AllText:
        text.boundary();
        ++collect;
        break;
      case Mode::Worksheet:
        if (is(name, "c")) {
          cell_type = attr(a, "t");
          cell_style = 0;
          const std::string_view s = attr(a, "s");
          std::from_chars(s.data(), s.data() + s.size(), cell_style);
        } else if (is(name, "v")) {
          in_value = true;
          value.clear();
        } else if (is(name, "t")) {  // inline string, or header/footer text
          ++collect;
        } else if (is(name, "oddHeader") || is(name, "oddFooter") || is(name, "evenHeader") || is(name, "evenFooter") ||
                   is(name, "firstHeader") || is(name, "firstFooter")) {
          ++collect;
        }
        break;
      case Mode::Workbook:
        if (is(name, "sheet"))
          workbook.sheets.emplace_back(std::string(attr(a, "name")), std::string(attr(a, "id")));
        break;
      case Mode::WorkbookRels:
        if (is(name, "Relationship")) workbook.targets[std::string(attr(a, "Id"))] = std::string(attr(a, "Target"));
        break;
      case Mode::Styles:
        if (is(name, "numFmt")) {
          long id = -1;
          const std::string_view s = attr(a, "numFmtId");
          std::from_chars(s.data(), s.data() + s.size(), id);
          const std::string_view code = attr(a, "formatCode");
          styles.custom_pads[id] = pads_to_ten_digits(code);
          if (is_plain_number_format(code)) styles.plain.insert(id);  // LibreOffice names it
        } else if (is(name, "cellXfs")) {
          ++collect;  // reused as "inside cellXfs"
        } else if (is(name, "xf") && collect > 0) {
          long id = 0;
          const std::string_view s = attr(a, "numFmtId");
          std::from_chars(s.data(), s.data() + s.size(), id);
          styles.cell_formats.push_back(id);
        }
        break;
      default:
        break;
    }
  }

  void end(std::string_view name, std::string_view uri) override {
    if (mode == Mode::Odf) return odf.end(name, uri);
    if (is(name, "Fallback") && uri.find("markup-compatibility") != std::string_view::npos) {
      if (fallback > 0) --fallback;
      return;
    }
    if (fallback > 0) return;
    switch (mode) {
      case Mode::Word:
        if ((is(name, "t") || is(name, "delText")) && collect > 0)
          --collect;
        else if (is(name, "p") || is(name, "tc") || is(name, "tr"))
          text.boundary();
        break;
      case Mode::SharedStrings:
        if (is(name, "rPh") && phonetic > 0)
          --phonetic;
        else if (is(name, "t") && collect > 0)
          --collect;
        else if (is(name, "si"))
          text.boundary();
        break;
      case Mode::Drawing:
        if (is(name, "t") && collect > 0)
          --collect;
        else if (is(name, "p") || is(name, "tc") || is(name, "tr"))
          text.boundary();
        break;
      case Mode::AllText:
        if (collect > 0) --collect;
        text.boundary();
        break;
      case Mode::Worksheet:
        if (is(name, "v")) {
          in_value = false;
          cell_value();
        } else if (is(name, "t") || is(name, "oddHeader") || is(name, "oddFooter") || is(name, "evenHeader") ||
                   is(name, "evenFooter") || is(name, "firstHeader") || is(name, "firstFooter")) {
          if (collect > 0) --collect;
          text.boundary();
        } else if (is(name, "c") || is(name, "row")) {
          text.boundary();
        }
        break;
      case Mode::Styles:
        if (is(name, "cellXfs") && collect > 0) --collect;
        break;
      default:
        break;
    }
  }

  void characters(std::string_view s) override {
    if (mode == Mode::Odf) return odf.characters(s);
    if (fallback > 0) return;
    if (mode == Mode::Worksheet && in_value) {
      if (value.size() < 1024) value.append(s.substr(0, 1024 - value.size()));
      return;
    }
    if (collect > 0 && mode != Mode::Styles) text.text(s);
  }

  // A cell's <v>: shared-string indexes are skipped (the strings are their own part); numbers, formula
  // strings, booleans and errors are text.
  void cell_value() {
    if (cell_type == "s") return;
    text.text(value);
    text.boundary();
    if (!cell_type.empty() && cell_type != "n") return;
    if (value.size() != 9 || value.find_first_not_of("0123456789") != std::string::npos) return;
    if (!styles.may_have_lost_a_zero(cell_style)) return;
    text.text("0");
    text.text(value);
    text.boundary();
  }
};

PartParser& parser_of(void* ctxt) { return *static_cast<PartParser*>(static_cast<xmlParserCtxtPtr>(ctxt)->_private); }

// Exceptions never cross libxml2's frames: kept here, and the parser stopped.
template <class F>
void guarded(void* ctxt, F&& body) {
  PartParser& p = parser_of(ctxt);
  if (p.error) return;
  try {
    body(p);
    if (p.text.stopped()) xmlStopParser(p.ctxt);
  } catch (...) {
    p.error = std::current_exception();
    xmlStopParser(p.ctxt);
  }
}

void on_start(void* ctxt, const xmlChar* local, const xmlChar*, const xmlChar* uri, int, const xmlChar**,
              int nb_attributes, int, const xmlChar** attributes) {
  guarded(ctxt, [&](PartParser& p) {
    p.libxml2_attributes.clear();
    for (int i = 0; i < nb_attributes; ++i) {
      const xmlChar** a = attributes + i * 5;  // local name, prefix, URI, value begin, value end
      p.libxml2_attributes.push_back(XmlAttribute{
          sv(a[0]), std::string_view(reinterpret_cast<const char*>(a[3]), static_cast<std::size_t>(a[4] - a[3]))});
    }
    p.start(sv(local), sv(uri), p.libxml2_attributes);
  });
}

void on_end(void* ctxt, const xmlChar* local, const xmlChar*, const xmlChar* uri) {
  guarded(ctxt, [&](PartParser& p) { p.end(sv(local), sv(uri)); });
}

void on_characters(void* ctxt, const xmlChar* ch, int len) {
  guarded(ctxt, [&](PartParser& p) {
    p.characters(std::string_view(reinterpret_cast<const char*>(ch), static_cast<std::size_t>(len)));
  });
}

// Office parts never have a DTD; one could only serve entity expansion (billion laughs), so it ends the part.
void on_internal_subset(void* ctxt, const xmlChar*, const xmlChar*, const xmlChar*) {
  guarded(ctxt, [&](PartParser& p) {
    p.has_doctype = true;
    xmlStopParser(p.ctxt);
  });
}

void ignore_structured_error(void*, xmlErrorPtr) {}

xmlSAXHandler make_sax() {
  xmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  xmlSAXVersion(&sax, 2);
  sax.startElementNs = &on_start;
  sax.endElementNs = &on_end;
  sax.characters = &on_characters;
  sax.cdataBlock = &on_characters;
  sax.ignorableWhitespace = nullptr;
  sax.internalSubset = &on_internal_subset;
  sax.externalSubset = nullptr;
  sax.resolveEntity = nullptr;
  sax.entityDecl = nullptr;
  sax.reference = nullptr;
  sax.comment = nullptr;
  sax.processingInstruction = nullptr;
  sax.warning = nullptr;
  sax.error = nullptr;
  sax.fatalError = nullptr;
  sax.serror = &ignore_structured_error;
  return sax;
}

class OoxmlReader {
 public:
  OoxmlReader(const ItemInfo& info, ExtractSink& out, const Limits& limits)
      : info_(info), out_(out), limits_(limits), emitter_(out, limits), text_(emitter_) {}

  void run(ByteSource& in) {
    silence_libxml2_errors();
    ZipMemberReader zip(in, std::max<std::size_t>(limits_.read_chunk_bytes, 1), limits_);
    for (;;) {
      // The file's budget (time) is asked before every member and every read: the fast path reads the file
      // directly, not through the scanner's budgeted source.
      if (out_.stop_requested()) break;
      auto entry = zip.next();
      if (!entry) {
        report(entry.problem());
        break;
      }
      if (!*entry) break;
      const ArchiveEntry& e = **entry;
      if (e.directory) continue;
      if (e.name == "[Content_Types].xml") content_types_ = true;
      PartKind kind = classify(e.name);
      if (kind.mode == Mode::Skip && kind.doc == Doc::Unknown) kind = odf_kind(e.name, doc_);
      if (kind.doc != Doc::Unknown && doc_ == Doc::Unknown) doc_ = kind.doc;
      if (kind.mode == Mode::Skip) {
        // A member whose size only its data descriptor gives must be decompressed to be passed over (streaming
        // mode): count it too, so a zip bomb in a part we do not read is bounded like the others.
        if (doc_ != Doc::Unknown && !e.size && !e.encrypted && !pass_over(zip)) break;
        continue;
      }
      if (e.encrypted) {
        member_problem(ProblemKind::Encrypted, "ooxml: member is encrypted, not scanned", kind, e.name);
        continue;
      }
      if (unpacked_ >= limits_.max_unpacked_bytes) {
        limit_hit();
        break;
      }
      bool ok = kind.mode == Mode::Embedded      ? embedded(zip, e)
                : kind.mode == Mode::OdfMimetype ? odf_mimetype(zip)
                                                 : xml_part(zip, kind);
      if (!ok || text_.stopped()) break;
    }
    text_.flush();
    if (odf_encrypted_)
      out_.problem(Problem::make(ProblemKind::Encrypted, "odf: the document is encrypted (password), not scanned"));
    else if (odf_unreadable_)
      report(Problem::make(ProblemKind::Corrupt, "odf: a part is not XML; that part is not scanned"));
    // A zip damaged before any Office part showed up has its `corrupt` problem; that is the better reason.
    if (doc_ == Doc::Unknown && !text_.stopped() && !reported_corrupt_)
      out_.problem(Problem::make(ProblemKind::UnsupportedFormat,
                                 content_types_ ? "zip: an Office Open XML package that is not a document, "
                                                  "workbook or presentation"
                                                : "zip: starts like an Office or ODF document but has no "
                                                  "document parts; its members are not scanned"));
  }

 private:
  void report(const Problem& p) {
    if (reported_corrupt_ && p.kind == ProblemKind::Corrupt) return;
    if (p.kind == ProblemKind::Corrupt) reported_corrupt_ = true;
    out_.problem(p);
  }

  void member_problem(ProblemKind kind, std::string detail, const PartKind&, const std::string& name) {
    Problem p = Problem::make(kind, std::move(detail));
    p.members = info_.location.child(name).members;
    out_.problem(std::move(p));
  }

  void limit_hit() {
    if (limit_reported_) return;
    limit_reported_ = true;
    out_.problem(Problem::make(ProblemKind::Limit, "ooxml: more than " + std::to_string(limits_.max_unpacked_bytes) +
                                                       " bytes decompressed; the remaining parts are not scanned"));
  }

  // Reads the member's bytes into `chunk` pieces, counting them against max_unpacked_bytes. Returns false
  // on a zip failure (reported) or when the limit is hit.
  template <class F>
  bool pump(ZipMemberReader& zip, F&& consume) {
    if (!buf_) buf_ = std::make_unique_for_overwrite<char[]>(kReadBytes);  // once per item, not per part
    const std::span<char> buf(buf_.get(), kReadBytes);
    for (;;) {
      if (out_.stop_requested()) return false;  // its problem is the sink's
      auto n = zip.read(buf);
      if (!n) {
        report(n.problem());
        return false;
      }
      if (*n == 0) return true;
      unpacked_ += *n;
      if (unpacked_ > limits_.max_unpacked_bytes) {
        limit_hit();
        return false;
      }
      if (!consume(std::string_view(buf_.get(), *n))) return true;
    }
  }

  bool pass_over(ZipMemberReader& zip) {
    return pump(zip, [](std::string_view) { return true; });
  }

  // ODF's first member names the document type.
  bool odf_mimetype(ZipMemberReader& zip) {
    std::string head;
    const bool ok = pump(zip, [&](std::string_view piece) {
      if (head.size() < 128) head.append(piece.substr(0, 128 - head.size()));
      return true;
    });
    if (is_odf_mimetype(head)) doc_ = Doc::Odf;
    return ok;
  }

  bool xml_part(ZipMemberReader& zip, const PartKind& kind) {
    Position where;
    if (kind.mode == Mode::Worksheet)
      where.part = "sheet " + workbook_.sheet_name(kind.part);
    else
      where.part = kind.part;
    if (!text_.set_position(where)) return false;

    PartParser parser(kind.mode, text_, styles_, workbook_, kind.odf);
    std::optional<XmlTokenizer> tokenizer;  // parts in UTF-8: all that Office and LibreOffice write
    xmlSAXHandler sax = make_sax();
    XmlCtxt ctxt;  // libxml2, for parts in another encoding
    std::string head;  // the first bytes, kept while they do not tell the encoding yet (a declaration cut short)
    bool parsing = true;
    bool first = true;
    // Exceptions from the text consumer pass through the tokenizer (no C frames): kept, and the part ends.
    const auto tokenize = [&](auto&& step) {
      try {
        step();
      } catch (...) {
        parser.error = std::current_exception();
      }
    };
    const auto choose = [&](bool utf8) {
      if (utf8) {
        tokenizer.emplace(parser);
        return;
      }
      ctxt.reset(xmlCreatePushParserCtxt(&sax, nullptr, nullptr, 0, nullptr));
      if (!ctxt) {
        parser.error = std::make_exception_ptr(std::bad_alloc());
        parsing = false;
        return;
      }
      xmlCtxtUseOptions(ctxt.get(), XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
      ctxt->_private = &parser;
      parser.ctxt = ctxt.get();
    };
    const auto parse = [&](std::string_view piece) {
      if (tokenizer) {
        tokenize([&] {
          if (!tokenizer->feed(piece)) parsing = false;
        });
      } else {
        xmlParseChunk(ctxt.get(), piece.data(), static_cast<int>(piece.size()), 0);
        if (parser.has_doctype || ctxt->disableSAX) parsing = false;
      }
      if (parser.error || text_.stopped()) parsing = false;
    };
    const bool zip_ok = pump(zip, [&](std::string_view piece) {
      if (!parsing) return true;  // read the member through all the same (the zip stream must advance)
      if (first) {
        first = false;
        // An encrypted ODF part is ciphertext: never parsed (it would only give garbage), judged by the manifest.
        if (kind.mode == Mode::Odf && !looks_like_xml(piece)) {
          odf_unreadable_ = true;
          parsing = false;
          return true;
        }
      }
      if (!tokenizer && !ctxt) {  // the encoding decides the parser
        if (!head.empty()) {
          head.append(piece);
          piece = head;
        }
        const std::optional<bool> utf8 = XmlTokenizer::handles(piece);
        if (!utf8) {
          if (head.empty()) head.assign(piece);
          return true;
        }
        choose(*utf8);
        if (!parsing) return true;
      }
      parse(piece);
      return !text_.stopped();
    });
    if (parsing && !tokenizer && !ctxt) {  // a part shorter than its declaration, or empty
      choose(XmlTokenizer::handles(head).value_or(true));
      if (parsing && !head.empty()) parse(head);
    }
    if (parsing) {
      if (ctxt) {
        xmlParseChunk(ctxt.get(), nullptr, 0, 1);
      } else {
        tokenize([&] { tokenizer->finish(); });
      }
    }
    if (parser.error) {
      out_.problem(Problem::make(ProblemKind::Internal, "ooxml: extraction failed"));
      return false;
    }
    const bool doctype = tokenizer ? tokenizer->doctype() : parser.has_doctype;
    const bool malformed = tokenizer ? tokenizer->malformed() : ctxt && !ctxt->wellFormed;
    if (doctype)
      report(Problem::make(ProblemKind::Corrupt, "ooxml: a part has a DTD; that part is not scanned"));
    else if (zip_ok && !text_.stopped() && malformed)
      report(Problem::make(ProblemKind::Corrupt,
                           "ooxml: malformed XML in a part; its text is scanned as far as readable"));
    if (kind.mode == Mode::Styles) styles_.read = true;
    if (parser.odf.encryption_seen()) odf_encrypted_ = true;
    text_.boundary();
    return zip_ok;
  }

  bool embedded(ZipMemberReader& zip, const ArchiveEntry& e) {
    const Location where = info_.location.child(e.name);
    std::string bytes;
    bool too_big = false;
    const bool zip_ok = pump(zip, [&](std::string_view piece) {
      if (too_big) return true;
      if (piece.size() > limits_.max_buffered_member_bytes - bytes.size()) {
        too_big = true;
        std::string().swap(bytes);
        return true;
      }
      bytes.append(piece);
      return true;
    });
    if (too_big) {
      Problem p = Problem::make(ProblemKind::Limit, "ooxml: embedded object larger than " +
                                                        std::to_string(limits_.max_buffered_member_bytes) +
                                                        " bytes, not scanned");
      p.members = where.members;
      out_.problem(std::move(p));
      return zip_ok;
    }
    if (!zip_ok) return false;  // a truncated member is not handed on: its format would be misjudged
    if (!text_.flush()) return false;
    const ItemInfo member = info_.member(where, bytes.size());
    MemorySource src(bytes);
    out_.nested(member, src);
    return true;
  }

  const ItemInfo& info_;
  ExtractSink& out_;
  const Limits& limits_;
  TextEmitter emitter_;
  MarkupText text_;
  Styles styles_;
  Workbook workbook_;
  Doc doc_ = Doc::Unknown;
  std::unique_ptr<char[]> buf_;  // decompressed bytes of the member being read
  std::uint64_t unpacked_ = 0;
  bool content_types_ = false;
  bool reported_corrupt_ = false;
  bool limit_reported_ = false;
  bool odf_encrypted_ = false;   // META-INF/manifest.xml has encryption data
  bool odf_unreadable_ = false;  // an ODF part was not XML
};

class OoxmlExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "ooxml"; }

  void extract(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) override {
    OoxmlReader(info, out, limits).run(in);
  }
};

}  // namespace

std::unique_ptr<Extractor> make_ooxml_extractor() { return std::make_unique<OoxmlExtractor>(); }

}  // namespace datavagt
