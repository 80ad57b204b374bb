// Word 97-2003 (.doc, MS-DOC): the document's text through its piece table.
// The File Information Block (FIB) at the start of the "WordDocument" stream says where the piece table (the
// CLX) is in the table stream ("0Table" or "1Table"), and how many characters (CPs) each story has: the main
// text, then footnotes, headers and footers, comments, endnotes, text boxes, header text boxes, one after the
// other. The piece table maps CP ranges to bytes in the WordDocument stream: 8-bit windows-1252
// ("compressed") or UTF-16LE. Text is emitted in CP order with Position.part `body`, `footnote`, `header`
// (headers and footers), `comment`, `endnote`, `text box`.
// Word's control characters: field codes (0x13 code 0x14 result 0x15) keep only their result (a HYPERLINK
// field's URL, a MERGEFIELD's name are not text the reader sees); paragraph, line, page and section marks
// become line breaks, table cell and row marks tabs, object anchors and other controls are dropped.
// A document with fEncrypted (password, or XOR obfuscation) is `encrypted`. Word 6/95 documents (an older FIB)
// are read best-effort as 8-bit text between the FIB's fcMin and fcMac.
// Embedded objects (ObjectPool/_N) are handed on as nested items (ole2.cpp).
// Memory: the WordDocument and table streams are read whole, each bounded by max_buffered_member_bytes.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/text/charset.h"
#include "extractors/le_bytes.h"
#include "extractors/text/markup_text.h"
#include "extractors/office/ole2_formats.h"
#include "extractors/text_emitter.h"
#include "extractors/utf16.h"

namespace datavagt {

namespace {

constexpr std::uint16_t kWordSignature = 0xA5EC;
constexpr std::uint16_t kFirstWord97Fib = 0xC0;  // Word 97 writes 0xC1; earlier FIBs are Word 6/95
constexpr std::uint16_t kEncrypted = 0x0100;
constexpr std::uint16_t kTable1 = 0x0200;
constexpr std::size_t kFibRgLwFirstCcp = 3;  // ccpText, ccpFtn, ccpHdd, reserved, ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx
constexpr std::size_t kClxPair = 33;         // fcClx / lcbClx in FibRgFcLcb97
constexpr unsigned kMaxFieldDepth = 64;

// The stories in CP order; the reserved count (ccpMcr, unused) has no text.
struct Story {
  std::size_t lw_index;
  const char* part;
};
constexpr std::array<Story, 7> kStories = {{{3, "body"},
                                            {4, "footnote"},
                                            {5, "header"},
                                            {7, "comment"},
                                            {8, "endnote"},
                                            {9, "text box"},
                                            {10, "text box"}}};

// Word's characters to text: field codes skipped, controls to separators. Ordinary characters are collected
// and passed on in runs (flush() before the position changes).
class WordText {
 public:
  explicit WordText(MarkupText& text) : text_(text) {}

  void put(char32_t c) {
    switch (c) {
      case 0x13:  // field begin: its code follows
        if (fields_.size() < kMaxFieldDepth) {
          fields_.push_back(true);
          ++in_code_;
        }
        return;
      case 0x14:  // field separator: its result follows
        if (!fields_.empty() && fields_.back()) {
          fields_.back() = false;
          --in_code_;
        }
        return;
      case 0x15:  // field end
        if (!fields_.empty()) {
          if (fields_.back()) --in_code_;
          fields_.pop_back();
        }
        return;
      default:
        break;
    }
    if (in_code_ > 0) return;  // inside a field's code
    if (c >= 0x20 && c != 0xA0 && c != 0xFFFF) {
      utf8::append_code_point(run_, c);
      if (run_.size() >= kRunBytes) flush();
      return;
    }
    switch (c) {
      case 0x0D:  // paragraph
      case 0x0B:  // line break
      case 0x0C:  // page or section break
      case 0x0E:  // column break
        flush();
        text_.boundary();
        return;
      case 0x07:  // table cell or row end
      case 0x09:
        run_ += '\t';
        return;
      case 0x1E:  // non-breaking hyphen
        run_ += '-';
        return;
      case 0xA0:  // non-breaking space
        run_ += ' ';
        return;
      default:
        return;  // object anchors, note references, optional hyphen …
    }
  }

  void flush() {
    if (run_.empty()) return;
    text_.text(run_);
    run_.clear();
  }

  void end_story() {
    flush();
    fields_.clear();
    in_code_ = 0;
  }

 private:
  static constexpr std::size_t kRunBytes = 4096;
  MarkupText& text_;
  std::vector<bool> fields_;  // open fields, innermost last: true while in its code
  unsigned in_code_ = 0;      // open fields in their code
  std::string run_;
};

class DocReader {
 public:
  DocReader(const Ole2Storage& root, const ItemInfo& info, ExtractSink& out, TextEmitter& emitter, const Limits& limits)
      : root_(root), info_(info), out_(out), limits_(limits), emitter_(emitter), text_(emitter_), word_(text_) {}

  void run() {
    auto wd = root_.read("WordDocument", limits_.max_buffered_member_bytes, "doc");
    if (!wd) return out_.problem(wd.problem());
    doc_ = std::move(*wd);
    const auto ident = le::u16(doc_, 0);
    const auto nfib = le::u16(doc_, 2);
    const auto flags = le::u16(doc_, 0x0A);
    if (!ident || *ident != kWordSignature || !nfib || !flags) return corrupt("no Word file information block");
    if (*flags & kEncrypted)
      return out_.problem(Problem::make(ProblemKind::Encrypted, "doc: password-protected Word document; not scanned"));
    if (*nfib < kFirstWord97Fib)
      word6();
    else
      word97(*flags);
    word_.flush();
    text_.flush();
    if (text_.stopped()) return;
    if (auto pool = root_.storage("ObjectPool")) hand_on_embedded_objects(*pool, "ObjectPool/", "", info_, out_, limits_);
  }

 private:
  void corrupt(std::string reason) {
    if (reported_corrupt_) return;
    reported_corrupt_ = true;
    out_.problem(Problem::make(ProblemKind::Corrupt, "doc: " + reason));
  }

  void word97(std::uint16_t flags) {
    // FibBase (32 bytes), csw + FibRgW, cslw + FibRgLw, cbRgFcLcb + FibRgFcLcb.
    const auto csw = le::u16(doc_, 32);
    if (!csw) return corrupt("file information block truncated");
    const std::size_t cslw_at = 34 + std::size_t{*csw} * 2;
    const auto cslw = le::u16(doc_, cslw_at);
    if (!cslw || *cslw < 11) return corrupt("file information block truncated");
    const std::size_t lw = cslw_at + 2;
    const std::size_t cb_at = lw + std::size_t{*cslw} * 4;
    const auto cb = le::u16(doc_, cb_at);
    if (!cb || *cb <= kClxPair) return corrupt("file information block truncated");
    const auto fc_clx = le::u32(doc_, cb_at + 2 + kClxPair * 8);
    const auto lcb_clx = le::u32(doc_, cb_at + 2 + kClxPair * 8 + 4);
    if (!fc_clx || !lcb_clx) return corrupt("file information block truncated");

    // Story boundaries in CPs.
    std::vector<std::pair<std::uint64_t, const char*>> stories;  // end CP, part
    std::uint64_t cp_end = 0;
    for (const Story& s : kStories) {
      const auto ccp = le::u32(doc_, lw + s.lw_index * 4);
      if (!ccp) return corrupt("file information block truncated");
      cp_end += *ccp;
      stories.emplace_back(cp_end, s.part);
    }

    auto table = root_.read((flags & kTable1) ? "1Table" : "0Table", limits_.max_buffered_member_bytes, "doc");
    if (!table) return out_.problem(table.problem());
    const std::string_view tbl = *table;
    if (*lcb_clx == 0 || *fc_clx > tbl.size() || *lcb_clx > tbl.size() - *fc_clx)
      return corrupt("piece table missing or out of bounds");
    const std::string_view clx = tbl.substr(*fc_clx, *lcb_clx);

    // Prc entries (formatting) come first, then the Pcdt with the piece table.
    std::size_t pos = 0;
    std::string_view plc;
    for (;;) {
      const auto clxt = le::u8(clx, pos);
      if (!clxt) return corrupt("piece table missing");
      if (*clxt == 1) {
        const auto cb_grpprl = le::u16(clx, pos + 1);
        if (!cb_grpprl) return corrupt("piece table truncated");
        pos += 3 + *cb_grpprl;
      } else if (*clxt == 2) {
        const auto lcb = le::u32(clx, pos + 1);
        const auto bytes = lcb ? le::bytes(clx, pos + 5, *lcb) : std::nullopt;
        if (!bytes) return corrupt("piece table truncated");
        plc = *bytes;
        break;
      } else {
        return corrupt("piece table malformed");
      }
    }
    if (plc.size() < 4 + 12) return corrupt("piece table empty");
    const std::size_t pieces = (plc.size() - 4) / 12;
    const std::size_t pcd_at = (pieces + 1) * 4;

    std::size_t story = 0;
    if (!text_.set_position(Position{0, stories[0].second})) return;
    std::uint64_t prev_end = 0;
    bool truncated = false;
    std::uint64_t chars = 0;
    for (std::size_t i = 0; i < pieces && !text_.stopped(); ++i) {
      const std::uint64_t first = *le::u32(plc, i * 4);
      const std::uint64_t last = *le::u32(plc, (i + 1) * 4);
      const auto fc_raw = le::u32(plc, pcd_at + i * 8 + 2);
      if (!fc_raw) return corrupt("piece table truncated");
      if (last < first || first < prev_end) return corrupt("piece table out of order");
      prev_end = last;
      const bool compressed = (*fc_raw & 0x40000000u) != 0;
      const std::uint64_t fc = *fc_raw & 0x3FFFFFFFu;
      const std::uint64_t start = compressed ? fc / 2 : fc;
      const std::uint64_t width = compressed ? 1 : 2;
      for (std::uint64_t cp = first; cp < last; ++cp) {
        while (story < stories.size() && cp >= stories[story].first) {
          word_.end_story();
          ++story;
          if (story < stories.size() && !text_.set_position(Position{0, stories[story].second})) return;
        }
        if (story >= stories.size()) break;  // past the last story: the document's final paragraph mark
        const std::uint64_t at = start + (cp - first) * width;
        if (at + width > doc_.size()) {
          truncated = true;
          break;
        }
        // Pieces never share bytes in a real document: more characters than bytes means a crafted table
        // that would repeat the same bytes over and over.
        if (++chars > doc_.size()) return corrupt("piece table overlaps itself");
        if (compressed) {
          word_.put(windows1252_to_unicode(static_cast<unsigned char>(doc_[at])));
        } else {
          const char32_t c = utf16_.push(*le::u16(doc_, at));
          if (c != 0) word_.put(c);
        }
        if (text_.stopped()) return;
      }
      if (truncated) break;
    }
    if (truncated) return corrupt("text pieces point past the end of the document (truncated file?); read as far as present");
  }

  // Word 6/95: the text is the bytes between fcMin and fcMac, 8-bit.
  void word6() {
    const auto fc_min = le::u32(doc_, 0x18);
    const auto fc_mac = le::u32(doc_, 0x1C);
    if (!fc_min || !fc_mac || *fc_mac < *fc_min || *fc_min > doc_.size())
      return corrupt("Word 6/95 file information block malformed");
    const std::uint64_t end = std::min<std::uint64_t>(*fc_mac, doc_.size());
    if (!text_.set_position(Position{0, "body"})) return;
    for (std::uint64_t at = *fc_min; at < end && !text_.stopped(); ++at)
      word_.put(windows1252_to_unicode(static_cast<unsigned char>(doc_[at])));
    out_.note("Word 6/95 document: read as plain 8-bit text");
  }

  const Ole2Storage& root_;
  const ItemInfo& info_;
  ExtractSink& out_;
  const Limits& limits_;
  TextEmitter& emitter_;
  MarkupText text_;
  WordText word_;
  Utf16Decoder utf16_;
  std::string doc_;
  bool reported_corrupt_ = false;
};

}  // namespace

void extract_word_document(const Ole2Storage& root, const ItemInfo& info, ExtractSink& out, TextEmitter& emitter,
                           const Limits& limits) {
  DocReader(root, info, out, emitter, limits).run();
}

}  // namespace datavagt
