// RTF: a streaming tokenizer (groups, control words and symbols, \'hh, \uN with \ucN, \binN) over a bounded
// read buffer, and a stack of group states that decides what is text and where it belongs:
// - body text; header/footer, footnote and comment (annotation) text with those parts; the document
//   information (\info: title, subject, author, comments …, \userprops, \docvar) as part "metadata", as it
//   often names the person a letter is about;
// - skipped: font, colour, style and list tables, field instructions (a field's result is kept), shape
//   properties, a picture's \nonshppict fallback copy, and every unknown \* destination;
// - embedded objects (\objdata hex) are decoded, unwrapped from OLE1 (ole1_object.h) and handed on as
//   nested items "object1", "object2" …;
// - pictures (\pict, hex or \bin) are decoded and handed on as nested items "picture1.png",
//   "picture2.jpg" … (read with OCR by the image extractor, like a DOCX's pictures); a picture in a format
//   OCR does not read (WMF, EMF, a bare DIB, a Mac PICT) gets a note that names it.
// Words split by formatting ({\b 0101}90) come out joined; paragraph, line, cell and page breaks, and the
// edges of a header, footnote or comment, separate them. \_ (non-breaking hyphen) becomes '-', so a CPR
// number kept on one line that way is still one. Memory: the read buffer, pending text (passed on from
// 64 KB, so at most a read buffer more), at most kMaxGroupDepth group states, and one embedded object or
// picture at a time (Limits::max_buffered_member_bytes).
#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/utf8.h"
#include "extractors/text/charset.h"
#include "extractors/extractor.h"
#include "extractors/office/ole1_object.h"
#include "extractors/text_emitter.h"

namespace datavagt {

namespace {

// Deeper nesting is malformed (real documents nest a few dozen groups); the content of such groups is
// skipped and the file reported corrupt.
constexpr std::size_t kMaxGroupDepth = 512;
constexpr std::size_t kFlushBytes = 64 * 1024;  // pending text is passed on in pieces of about this size
constexpr std::size_t kMaxWordLetters = 32;     // the spec's limit on a control word's name
constexpr std::size_t kMaxFonts = 4096;         // font table entries remembered for their code pages
constexpr std::uint16_t kUtf8CodePage = 65001;

// Where the text of a group goes.
enum class Dest : std::uint8_t {
  Body,
  Header,
  Footer,
  Footnote,
  Comment,
  Metadata,   // the destinations above are text, each with its part
  FontTable,  // read for the fonts' code pages only
  ObjData,    // hex digits of an embedded object
  Pict,       // hex digits of a picture (and the control words that say its format)
  Skip,       // not text: everything inside is dropped
  Inherit,    // (in kWords only) a known group whose text goes where its parent's goes
};

bool is_text(Dest d) { return d <= Dest::Metadata; }

Position position_of(Dest d) {
  switch (d) {
    case Dest::Header: return Position{0, "header"};
    case Dest::Footer: return Position{0, "footer"};
    case Dest::Footnote: return Position{0, "footnote"};
    case Dest::Comment: return Position{0, "comment"};
    case Dest::Metadata: return Position{0, "metadata"};
    default: return Position{};
  }
}

// What a control word does.
enum class Op : std::uint8_t {
  Dest,         // sets the group's destination to `arg`
  Text,         // inserts code point `arg`
  Uc,           // \ucN: fallback characters that follow each \uN, scoped to the group
  Unicode,      // \uN
  Bin,          // \binN: N bytes of binary data follow
  AnsiCpg,      // \ansicpgN: the document's code page
  Font,         // \fN: select font N (in the font table: define it)
  FontCharset,  // \fcharsetN (font table)
  FontCpg,      // \cpgN (font table)
  Plain,        // \plain: back to the default font
  DefaultFont,  // \deffN
  PictFormat,   // in a \pict group: the picture's format (PictFormat)
};

// What a \pict group says its data is.
enum class PictFormat : std::uint8_t { Unknown, Png, Jpeg, Emf, Wmf, Dib, Ddb, MacPict, Os2Metafile };
constexpr std::string_view kPictExtension[] = {"bin", "png", "jpg", "emf", "wmf", "dib", "ddb", "pict", "met"};

struct Word {
  std::string_view name;
  Op op = Op::Text;
  std::uint32_t arg = 0;
};

constexpr Word dest(std::string_view name, Dest d) { return {name, Op::Dest, static_cast<std::uint32_t>(d)}; }
constexpr Word text(std::string_view name, char32_t c) { return {name, Op::Text, c}; }

// Control words not listed here are ignored (formatting); a group that starts with an unlisted \* word is
// skipped, as the spec asks of readers that do not know it.
constexpr Word kWords[] = {
    // Text with a part of its own. LibreOffice writes footnotes as {\*\footnote …}.
    dest("header", Dest::Header), dest("headerf", Dest::Header), dest("headerl", Dest::Header),
    dest("headerr", Dest::Header), dest("footer", Dest::Footer), dest("footerf", Dest::Footer),
    dest("footerl", Dest::Footer), dest("footerr", Dest::Footer), dest("footnote", Dest::Footnote),
    dest("annotation", Dest::Comment), dest("atnauthor", Dest::Comment), dest("atnid", Dest::Comment),
    // Document information and custom properties.
    dest("info", Dest::Metadata), dest("title", Dest::Metadata), dest("subject", Dest::Metadata),
    dest("author", Dest::Metadata), dest("manager", Dest::Metadata), dest("company", Dest::Metadata),
    dest("operator", Dest::Metadata), dest("category", Dest::Metadata), dest("keywords", Dest::Metadata),
    dest("comment", Dest::Metadata), dest("doccomm", Dest::Metadata), dest("hlinkbase", Dest::Metadata),
    dest("userprops", Dest::Metadata), dest("docvar", Dest::Metadata),
    // Known groups whose text is their parent's: fields and their results, objects and shapes with their
    // text boxes, list labels, index entries, the ANSI half of \upr.
    dest("field", Dest::Inherit), dest("fldrslt", Dest::Inherit), dest("object", Dest::Inherit),
    dest("result", Dest::Inherit), dest("shp", Dest::Inherit), dest("shpgrp", Dest::Inherit),
    dest("shpinst", Dest::Inherit), dest("shptxt", Dest::Inherit), dest("shppict", Dest::Inherit),
    dest("pntext", Dest::Inherit), dest("listtext", Dest::Inherit), dest("xe", Dest::Inherit),
    dest("tc", Dest::Inherit), dest("upr", Dest::Inherit),
    // Not text.
    dest("fonttbl", Dest::FontTable), dest("objdata", Dest::ObjData), dest("colortbl", Dest::Skip),
    dest("stylesheet", Dest::Skip), dest("listtable", Dest::Skip), dest("listoverridetable", Dest::Skip),
    dest("listpicture", Dest::Skip), dest("pn", Dest::Skip), dest("revtbl", Dest::Skip), dest("rsidtbl", Dest::Skip),
    dest("pgdsctbl", Dest::Skip), dest("latentstyles", Dest::Skip), dest("themedata", Dest::Skip),
    dest("colorschememapping", Dest::Skip), dest("datastore", Dest::Skip), dest("xmlnstbl", Dest::Skip),
    dest("generator", Dest::Skip), dest("template", Dest::Skip), dest("password", Dest::Skip),
    dest("passwordhash", Dest::Skip), dest("falt", Dest::Skip), dest("pict", Dest::Pict),
    dest("nonshppict", Dest::Skip), dest("sp", Dest::Skip), dest("shprslt", Dest::Skip),
    dest("nonesttables", Dest::Skip), dest("fldinst", Dest::Skip), dest("datafield", Dest::Skip),
    dest("objclass", Dest::Skip), dest("objname", Dest::Skip), dest("objalias", Dest::Skip),
    dest("objsect", Dest::Skip), dest("objtime", Dest::Skip), dest("bkmkstart", Dest::Skip),
    dest("bkmkend", Dest::Skip), dest("atnref", Dest::Skip), dest("atndate", Dest::Skip),
    dest("atntime", Dest::Skip), dest("atnicn", Dest::Skip), dest("atnparent", Dest::Skip),
    dest("creatim", Dest::Skip), dest("revtim", Dest::Skip), dest("printim", Dest::Skip),
    dest("buptim", Dest::Skip), dest("ftnsep", Dest::Skip), dest("ftnsepc", Dest::Skip),
    dest("ftncn", Dest::Skip), dest("aftnsep", Dest::Skip), dest("aftnsepc", Dest::Skip),
    dest("aftncn", Dest::Skip),
    dest("ud", Dest::Skip),  // the Unicode half of \upr: its ANSI half is read
    // Breaks, so that words do not join across them, and special characters.
    text("par", '\n'), text("line", '\n'), text("sect", '\n'), text("page", '\n'), text("column", '\n'),
    text("row", '\n'), text("nestrow", '\n'), text("cell", '\t'), text("nestcell", '\t'), text("tab", '\t'),
    text("emdash", 0x2014), text("endash", 0x2013), text("emspace", 0x2003), text("enspace", 0x2002),
    text("qmspace", 0x2005), text("bullet", 0x2022), text("lquote", 0x2018), text("rquote", 0x2019),
    text("ldblquote", 0x201C), text("rdblquote", 0x201D),
    // How the bytes that follow are read.
    {"u", Op::Unicode}, {"uc", Op::Uc}, {"bin", Op::Bin}, {"ansicpg", Op::AnsiCpg}, {"f", Op::Font},
    {"fcharset", Op::FontCharset}, {"cpg", Op::FontCpg}, {"plain", Op::Plain}, {"deff", Op::DefaultFont},
    // A picture's format (only read inside \pict).
    {"pngblip", Op::PictFormat, static_cast<std::uint32_t>(PictFormat::Png)},
    {"jpegblip", Op::PictFormat, static_cast<std::uint32_t>(PictFormat::Jpeg)},
    {"emfblip", Op::PictFormat, static_cast<std::uint32_t>(PictFormat::Emf)},
    {"wmetafile", Op::PictFormat, static_cast<std::uint32_t>(PictFormat::Wmf)},
    {"dibitmap", Op::PictFormat, static_cast<std::uint32_t>(PictFormat::Dib)},
    {"wbitmap", Op::PictFormat, static_cast<std::uint32_t>(PictFormat::Ddb)},
    {"macpict", Op::PictFormat, static_cast<std::uint32_t>(PictFormat::MacPict)},
    {"pmmetafile", Op::PictFormat, static_cast<std::uint32_t>(PictFormat::Os2Metafile)},
};

constexpr bool by_name(const Word& a, const Word& b) { return a.name < b.name; }

constexpr auto kSortedWords = [] {
  std::array<Word, std::size(kWords)> a{};
  std::copy(std::begin(kWords), std::end(kWords), a.begin());
  std::sort(a.begin(), a.end(), by_name);
  return a;
}();
static_assert(std::adjacent_find(kSortedWords.begin(), kSortedWords.end(),
                                 [](const Word& a, const Word& b) { return a.name == b.name; }) ==
                  kSortedWords.end(),
              "a control word is listed twice");

const Word* find_word(std::string_view name) {
  const auto it = std::lower_bound(kSortedWords.begin(), kSortedWords.end(), Word{name}, by_name);
  return it != kSortedWords.end() && it->name == name ? &*it : nullptr;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }
// Bytes that are text as they stand: printable ASCII other than the three RTF specials.
bool is_plain(char c) { return c >= 0x20 && c < 0x7F && c != '\\' && c != '{' && c != '}'; }

// \fcharsetN -> code page. Of the code pages decoded here only Central European differs from the
// document's; other charsets fall back to it (their digits and Latin letters still read right).
std::uint16_t charset_code_page(std::int64_t charset) { return charset == 238 ? 1250 : 0; }

std::int32_t clamp32(std::int64_t v) {
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(v, INT32_MIN, INT32_MAX));
}

// Ways an RTF file can be malformed; each is reported once per item.
enum class Flaw : unsigned { StrayClose, Unclosed, TooDeep, BadHex, BadObjectHex, TruncatedBinary };

class RtfParser {
 public:
  RtfParser(const ItemInfo& info, ExtractSink& out, const Limits& limits)
      : info_(info), out_(out), limits_(limits), emitter_(out, limits) {
    stack_.push_back(Group{});
  }

  // Parses the next bytes of the file. Returns false once extraction should stop.
  bool feed(std::string_view in);
  // The end of the file: reports what was left open, hands on a last object, passes on pending text.
  void finish();
  // After a read error: passes on the text so far.
  void abandon() { flush(); }

 private:
  struct Group {
    Dest dest = Dest::Body;
    bool own_dest = false;    // the destination was set by a control word of this group
    std::uint8_t uc = 1;      // \ucN
    std::int32_t font = -1;   // \fN; -1 = the default font
  };
  enum class Lex : std::uint8_t { Text, Escape, Word, Param, Hex1, Hex2, Binary };

  bool step(char c);  // one byte; false: the byte was not consumed and must be looked at again
  void text_run(std::string_view run);
  void open_group();
  void close_group();
  void control_word();
  void control_symbol(char c);
  void byte_char(unsigned char b);  // \'hh, or a raw 8-bit byte
  void unicode(std::int64_t n);
  void start_binary();
  void binary(std::string_view bytes);
  Dest current() const { return skipped_groups_ > 0 ? Dest::Skip : stack_.back().dest; }
  std::uint16_t code_page();
  void set_font_code_page(std::int32_t font, std::int64_t cp);

  // Text output.
  void settle();  // resolves a dangling surrogate or partial UTF-8 sequence before other text
  void put(char32_t cp);
  void put(std::string_view utf8);
  std::string& buffer_for_current();
  void after_put();
  void flush();

  // Embedded objects and pictures: their bytes, decoded from hex or taken from \bin, into object_.
  void object_hex(std::string_view digits);
  void object_bytes(std::string_view bytes);
  void start_object();
  bool end_of_bytes(const char* what);  // false: nothing was collected
  void hand_on(const Location& where, std::string_view bytes, const char* what);  // or says it was too big
  void finish_object();
  void finish_picture();
  static bool collects_bytes(Dest d) { return d == Dest::ObjData || d == Dest::Pict; }

  void flaw(Flaw f, const std::string& detail);

  const ItemInfo& info_;
  ExtractSink& out_;
  const Limits& limits_;
  TextEmitter emitter_;

  std::vector<Group> stack_;        // [0] is outside every group
  std::uint64_t skipped_groups_ = 0;  // groups opened inside a skipped one (or too deep): only counted
  bool group_fresh_ = false;          // nothing but \* since the last '{'
  bool ignorable_ = false;            // \* right after '{'
  std::uint32_t uc_skip_ = 0;         // fallback characters of the last \uN still to skip

  Lex lex_ = Lex::Text;
  std::string word_;
  bool negative_ = false;
  bool has_param_ = false;
  std::int64_t param_ = 0;
  int hex_high_ = 0;
  std::uint64_t binary_left_ = 0;

  std::uint16_t doc_code_page_ = 1252;
  std::int32_t default_font_ = 0;
  std::int32_t font_def_ = 0;  // the font being defined in the font table
  std::vector<std::pair<std::int32_t, std::uint16_t>> fonts_;
  std::int64_t cached_font_ = INT64_MIN;
  std::uint16_t cached_code_page_ = 0;

  std::string buf_;
  Dest buf_dest_ = Dest::Body;
  bool pending_break_ = false;  // the next text must not join the text before it
  bool ends_in_space_ = true;
  char16_t high_surrogate_ = 0;
  std::string partial_utf8_;  // \'hh bytes of an incomplete UTF-8 sequence (\ansicpg65001)

  std::string object_;
  int object_nibble_ = -1;
  bool object_too_big_ = false;
  unsigned objects_ = 0;
  PictFormat pict_format_ = PictFormat::Unknown;
  unsigned pictures_ = 0;

  unsigned reported_ = 0;  // Flaw bits already reported
};

bool RtfParser::feed(std::string_view in) {
  std::size_t i = 0;
  while (i < in.size()) {
    if (emitter_.stopped()) return false;
    if (lex_ == Lex::Binary) {
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(binary_left_, in.size() - i));
      binary(in.substr(i, n));
      i += n;
      continue;
    }
    if (lex_ == Lex::Text && is_plain(in[i])) {
      std::size_t end = i + 1;
      while (end < in.size() && is_plain(in[end])) ++end;
      text_run(in.substr(i, end - i));
      i = end;
      continue;
    }
    if (step(in[i])) ++i;
  }
  return !emitter_.stopped();
}

bool RtfParser::step(char c) {
  switch (lex_) {
    case Lex::Text:
      if (c == '{') {
        open_group();
      } else if (c == '}') {
        close_group();
      } else if (c == '\\') {
        lex_ = Lex::Escape;
      } else if (c == '\t') {
        text_run("\t");
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        byte_char(static_cast<unsigned char>(c));
      }
      // Line ends in the source are not text; other control bytes are noise.
      return true;
    case Lex::Escape:
      if (is_letter(c)) {
        word_.assign(1, c);
        negative_ = has_param_ = false;
        param_ = 0;
        lex_ = Lex::Word;
      } else if (c == '\'') {
        lex_ = Lex::Hex1;
      } else if (c == '\r' || c == '\n') {  // a backslash before a line end is \par
        word_ = "par";
        has_param_ = false;
        lex_ = Lex::Text;
        control_word();
      } else {
        lex_ = Lex::Text;
        control_symbol(c);
      }
      return true;
    case Lex::Word:
      if (is_letter(c)) {
        if (word_.size() < kMaxWordLetters) word_ += c;  // longer names are no word we know
        return true;
      }
      if (c == '-' || is_digit(c)) {
        negative_ = c == '-';
        has_param_ = c != '-';
        param_ = c == '-' ? 0 : c - '0';
        lex_ = Lex::Param;
        return true;
      }
      lex_ = Lex::Text;
      control_word();
      return c == ' ';  // a space ends the word and belongs to it; anything else is read again
    case Lex::Param:
      if (is_digit(c)) {
        if (param_ < 1'000'000'000'000) param_ = param_ * 10 + (c - '0');  // saturates, never overflows
        has_param_ = true;
        return true;
      }
      if (negative_) param_ = -param_;
      lex_ = Lex::Text;
      control_word();
      return c == ' ';
    case Lex::Hex1:
    case Lex::Hex2: {
      const int v = hex_value(c);
      if (v < 0) {
        flaw(Flaw::BadHex, "bad hex digits after \\'");
        lex_ = Lex::Text;
        return false;
      }
      if (lex_ == Lex::Hex1) {
        hex_high_ = v;
        lex_ = Lex::Hex2;
      } else {
        lex_ = Lex::Text;
        byte_char(static_cast<unsigned char>((hex_high_ << 4) | v));
      }
      return true;
    }
    case Lex::Binary:
      break;  // handled in feed()
  }
  return true;
}

void RtfParser::text_run(std::string_view run) {
  group_fresh_ = ignorable_ = false;
  const Dest d = current();
  if (collects_bytes(d)) return object_hex(run);
  if (!is_text(d)) return;
  const auto skip = std::min<std::size_t>(uc_skip_, run.size());
  uc_skip_ -= static_cast<std::uint32_t>(skip);
  run.remove_prefix(skip);
  if (run.empty()) return;
  settle();
  put(run);
}

void RtfParser::open_group() {
  uc_skip_ = 0;  // a group ends a \uN fallback
  const Dest d = current();
  if (d == Dest::Skip || collects_bytes(d)) {  // a picture's {\*\picprop …}, {\*\blipuid …}: not its data
    ++skipped_groups_;
    return;
  }
  if (stack_.size() > kMaxGroupDepth) {
    flaw(Flaw::TooDeep, "groups nested deeper than " + std::to_string(kMaxGroupDepth) + "; their text is skipped");
    ++skipped_groups_;
    return;
  }
  Group g = stack_.back();
  g.own_dest = false;
  stack_.push_back(g);
  group_fresh_ = true;
  ignorable_ = false;
  if (d == Dest::Metadata) pending_break_ = true;  // title, author … are separate fields
}

void RtfParser::close_group() {
  uc_skip_ = 0;
  group_fresh_ = ignorable_ = false;
  if (skipped_groups_ > 0) {
    --skipped_groups_;
    return;
  }
  if (stack_.size() == 1) {
    flaw(Flaw::StrayClose, "unbalanced braces ('}' without '{')");
    return;
  }
  const Group g = stack_.back();
  stack_.pop_back();
  if (g.dest == Dest::ObjData) finish_object();
  if (g.dest == Dest::Pict) finish_picture();
  if (is_text(g.dest) && (g.own_dest || g.dest == Dest::Metadata)) pending_break_ = true;
}

void RtfParser::control_word() {
  const bool starts_group = group_fresh_ && ignorable_;
  group_fresh_ = ignorable_ = false;
  const Word* w = find_word(word_);
  if (w && w->op == Op::Bin) {  // binary data is skipped in every destination, even inside a fallback
    if (uc_skip_ > 0) --uc_skip_;
    return start_binary();
  }
  const Dest d = current();
  if (d == Dest::Pict && w && w->op == Op::PictFormat) pict_format_ = static_cast<PictFormat>(w->arg);
  if (d == Dest::Skip || collects_bytes(d)) return;
  if (uc_skip_ > 0) {  // a control word in a \uN fallback counts as one character
    --uc_skip_;
    return;
  }
  Group& g = stack_.back();
  if (!w) {
    if (starts_group) g.dest = Dest::Skip;  // {\*\unknown …}
    return;
  }
  switch (w->op) {
    case Op::Dest: {
      const auto to = static_cast<Dest>(w->arg);
      if (to == Dest::Inherit) break;
      if (collects_bytes(to)) start_object();
      if (to == Dest::Pict) pict_format_ = PictFormat::Unknown;
      g.dest = to;
      g.own_dest = true;
      break;
    }
    case Op::Text:
      if (is_text(d)) {
        settle();
        put(static_cast<char32_t>(w->arg));
      }
      break;
    case Op::Uc:
      g.uc = static_cast<std::uint8_t>(std::clamp<std::int64_t>(has_param_ ? param_ : 1, 0, 255));
      break;
    case Op::Unicode:
      if (!has_param_) break;
      if (is_text(d)) unicode(param_);
      uc_skip_ = g.uc;
      break;
    case Op::AnsiCpg:
      if (has_param_ && param_ > 0 && param_ < 65536) doc_code_page_ = static_cast<std::uint16_t>(param_);
      break;
    case Op::Font:
      if (d == Dest::FontTable)
        font_def_ = clamp32(param_);
      else
        g.font = clamp32(param_);
      break;
    case Op::FontCharset:
      if (d == Dest::FontTable) set_font_code_page(font_def_, charset_code_page(param_));
      break;
    case Op::FontCpg:
      if (d == Dest::FontTable) set_font_code_page(font_def_, param_);
      break;
    case Op::Plain:
      g.font = -1;
      break;
    case Op::DefaultFont:
      default_font_ = clamp32(param_);
      break;
    case Op::Bin:
      break;  // handled above
    case Op::PictFormat:
      break;  // outside a picture: nothing
  }
}

void RtfParser::control_symbol(char c) {
  if (c == '*') {
    if (group_fresh_) ignorable_ = true;
    return;
  }
  group_fresh_ = ignorable_ = false;
  if (!is_text(current())) return;
  if (uc_skip_ > 0) {
    --uc_skip_;
    return;
  }
  switch (c) {
    case '\\':
    case '{':
    case '}':
      settle();
      put(static_cast<char32_t>(c));
      break;
    case '~':  // non-breaking space
      settle();
      put(char32_t{0xA0});
      break;
    case '_':  // non-breaking hyphen: an ASCII hyphen, as in 010190\_1234
      settle();
      put(char32_t{'-'});
      break;
    case '\t':
      settle();
      put(char32_t{'\t'});
      break;
    default:  // \- (optional hyphen), \| and \: (formula, index) and unknown symbols show nothing
      break;
  }
}

void RtfParser::byte_char(unsigned char b) {
  group_fresh_ = ignorable_ = false;
  if (!is_text(current())) return;
  if (uc_skip_ > 0) {
    --uc_skip_;
    return;
  }
  const std::uint16_t cp = code_page();
  if (cp != kUtf8CodePage) {
    settle();
    put(cp == 1250 ? windows1250_to_unicode(b) : windows1252_to_unicode(b));
    return;
  }
  if (high_surrogate_) {
    high_surrogate_ = 0;
    put(char32_t{0xFFFD});
  }
  partial_utf8_ += static_cast<char>(b);
  if (utf8::is_valid(partial_utf8_)) {
    std::string done;
    done.swap(partial_utf8_);
    put(std::string_view(done));
  } else if (!utf8::is_incomplete_sequence(partial_utf8_)) {
    settle();  // not UTF-8 after all: windows-1252, as charset.h does for stray bytes
  }
}

void RtfParser::unicode(std::int64_t n) {
  if (n < 0) n += 65536;  // \u takes a signed 16-bit number
  if (n < 0 || n > 0xFFFF) {
    settle();
    return put(char32_t{0xFFFD});
  }
  const auto u = static_cast<char16_t>(n);
  if (u >= 0xDC00 && u <= 0xDFFF) {
    if (!high_surrogate_) {
      settle();
      return put(char32_t{0xFFFD});
    }
    const char32_t cp = 0x10000 + ((static_cast<char32_t>(high_surrogate_) - 0xD800) << 10) + (u - 0xDC00);
    high_surrogate_ = 0;
    settle();
    return put(cp);
  }
  settle();
  if (u >= 0xD800 && u <= 0xDBFF) {
    high_surrogate_ = u;  // its low half follows in the next \uN
    return;
  }
  if (u != 0) put(static_cast<char32_t>(u));
}

void RtfParser::start_binary() {
  if (!has_param_ || param_ <= 0) return;
  binary_left_ = static_cast<std::uint64_t>(param_);
  lex_ = Lex::Binary;
}

void RtfParser::binary(std::string_view bytes) {
  if (collects_bytes(current())) object_bytes(bytes);  // an object or picture may come as \bin instead of hex
  binary_left_ -= bytes.size();
  if (binary_left_ == 0) lex_ = Lex::Text;
}

std::uint16_t RtfParser::code_page() {
  const std::int32_t font = stack_.back().font >= 0 ? stack_.back().font : default_font_;
  if (font != cached_font_) {
    cached_font_ = font;
    cached_code_page_ = 0;
    for (const auto& [n, cp] : fonts_)
      if (n == font) cached_code_page_ = cp;
  }
  return cached_code_page_ ? cached_code_page_ : doc_code_page_;
}

void RtfParser::set_font_code_page(std::int32_t font, std::int64_t cp) {
  const auto code_page = static_cast<std::uint16_t>(cp > 0 && cp < 65536 ? cp : 0);
  cached_font_ = INT64_MIN;
  for (auto& [n, c] : fonts_)
    if (n == font) {
      c = code_page;
      return;
    }
  if (fonts_.size() < kMaxFonts) fonts_.emplace_back(font, code_page);
}

void RtfParser::settle() {
  if (high_surrogate_) {
    high_surrogate_ = 0;
    put(char32_t{0xFFFD});
  }
  if (!partial_utf8_.empty()) {
    std::string bytes;
    bytes.swap(partial_utf8_);
    for (unsigned char b : bytes) put(windows1252_to_unicode(b));
  }
}

std::string& RtfParser::buffer_for_current() {
  const Dest d = current();
  if (d != buf_dest_) {
    // Another part: what is pending goes out with its own position, ended by a line break there (a number
    // at the very end of a chunk would otherwise be placed in the part that follows).
    if (!ends_in_space_) {
      buf_ += '\n';
      ends_in_space_ = true;
    }
    flush();
    buf_dest_ = d;
  }
  if (pending_break_) {
    if (!ends_in_space_) buf_ += '\n';
    pending_break_ = false;
  }
  return buf_;
}

void RtfParser::put(char32_t cp) {
  utf8::append_code_point(buffer_for_current(), cp);
  after_put();
}

void RtfParser::put(std::string_view utf8) {
  buffer_for_current().append(utf8);
  after_put();
}

void RtfParser::after_put() {
  ends_in_space_ = !buf_.empty() && is_space(buf_.back());
  if (buf_.size() >= kFlushBytes) flush();
}

void RtfParser::flush() {
  if (buf_.empty()) return;
  emitter_.emit(buf_, position_of(buf_dest_));
  buf_.clear();
}

void RtfParser::object_hex(std::string_view digits) {
  char decoded[256];
  std::size_t n = 0;
  for (char c : digits) {
    const int v = hex_value(c);
    if (v < 0) {
      if (c != ' ') flaw(Flaw::BadObjectHex, "bad hex digits in embedded object data");
      continue;
    }
    if (object_nibble_ < 0) {
      object_nibble_ = v;
      continue;
    }
    decoded[n++] = static_cast<char>((object_nibble_ << 4) | v);
    object_nibble_ = -1;
    if (n == sizeof decoded) {
      object_bytes(std::string_view(decoded, n));
      n = 0;
    }
  }
  object_bytes(std::string_view(decoded, n));
}

void RtfParser::object_bytes(std::string_view bytes) {
  if (object_too_big_ || bytes.empty()) return;
  if (bytes.size() > limits_.max_buffered_member_bytes - object_.size()) {
    object_too_big_ = true;
    std::string().swap(object_);
    return;
  }
  object_.append(bytes);
}

void RtfParser::start_object() {
  object_nibble_ = -1;
  object_.clear();
  object_too_big_ = false;
}

bool RtfParser::end_of_bytes(const char* what) {
  if (object_nibble_ >= 0) flaw(Flaw::BadObjectHex, std::string("odd number of hex digits in ") + what + " data");
  object_nibble_ = -1;
  return !object_.empty() || object_too_big_;
}

void RtfParser::hand_on(const Location& where, std::string_view bytes, const char* what) {
  if (object_too_big_) {
    Problem p = Problem::make(ProblemKind::Limit, std::string("rtf: ") + what + " larger than " +
                                                      std::to_string(limits_.max_buffered_member_bytes) +
                                                      " bytes, not read");
    p.members = where.members;
    out_.problem(std::move(p));
  } else {
    const ItemInfo member = info_.member(where, bytes.size());
    MemorySource source(bytes);
    out_.nested(member, source);
  }
  std::string().swap(object_);  // objects and pictures are rare: give the memory back
  object_too_big_ = false;
}

void RtfParser::finish_object() {
  if (!end_of_bytes("embedded object")) return;
  const Location where = info_.location.child("object" + std::to_string(++objects_));
  hand_on(where, object_too_big_ ? std::string_view() : ole1_object_payload(object_), "embedded object");
}

void RtfParser::finish_picture() {
  if (!end_of_bytes("picture")) return;
  const std::string_view ext = kPictExtension[static_cast<std::size_t>(pict_format_)];
  const std::string name = "picture" + std::to_string(++pictures_) + "." + std::string(ext);
  // Handed on when it says it is a PNG or JPEG (damaged, it is the image extractor's to report) or its bytes
  // begin as a picture the image extractor reads (the format word may be missing).
  const std::string_view b = object_;
  const bool raster = pict_format_ == PictFormat::Png || pict_format_ == PictFormat::Jpeg ||
                      b.starts_with("\x89PNG") || b.starts_with("\xFF\xD8\xFF") || b.starts_with("GIF8") ||
                      b.starts_with("II*") || b.starts_with(std::string_view("MM\0*", 4)) || b.starts_with("BM");
  if (raster || object_too_big_) return hand_on(info_.location.child(name), object_, "picture");
  out_.note(name + ": picture not read (" + std::string(pict_format_ == PictFormat::Unknown ? "unknown format" : ext) +
            "; OCR reads PNG, JPEG, GIF, TIFF and BMP)");
  std::string().swap(object_);
}

void RtfParser::flaw(Flaw f, const std::string& detail) {
  const unsigned bit = 1u << static_cast<unsigned>(f);
  if (reported_ & bit) return;
  reported_ |= bit;
  out_.problem(Problem::make(ProblemKind::Corrupt, "rtf: " + detail));
}

void RtfParser::finish() {
  switch (lex_) {
    case Lex::Word:
    case Lex::Param:  // the file ends in a control word
      if (lex_ == Lex::Param && negative_) param_ = -param_;
      lex_ = Lex::Text;
      control_word();
      break;
    case Lex::Hex1:
    case Lex::Hex2:
      flaw(Flaw::BadHex, "the file ends inside a \\' escape");
      break;
    case Lex::Binary:
      flaw(Flaw::TruncatedBinary, "binary data (\\bin) runs past the end of the file");
      break;
    case Lex::Text:
    case Lex::Escape:
      break;
  }
  if (stack_.back().dest == Dest::ObjData && skipped_groups_ == 0) finish_object();  // truncated: scan what is there
  if (stack_.back().dest == Dest::Pict && skipped_groups_ == 0) finish_picture();
  const std::uint64_t open = stack_.size() - 1 + skipped_groups_;
  if (open > 0) flaw(Flaw::Unclosed, std::to_string(open) + " groups not closed (truncated file?)");
  settle();
  flush();
}

class RtfExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "rtf"; }

  void extract(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) override {
    RtfParser parser(info, out, limits);
    std::vector<char> buf(std::max<std::size_t>(limits.read_chunk_bytes, 1));
    for (;;) {
      auto n = in.read(buf);
      if (!n) {
        out.problem(n.problem());
        return parser.abandon();
      }
      if (*n == 0) break;
      if (!parser.feed(std::string_view(buf.data(), *n))) return;
    }
    parser.finish();
  }
};

}  // namespace

std::unique_ptr<Extractor> make_rtf_extractor() { return std::make_unique<RtfExtractor>(); }

}  // namespace datavagt
