// Excel 97-2003 (.xls, BIFF8, MS-XLS) and Excel 5/95 (BIFF5): the records of the "Workbook" ("Book") stream.
// The workbook globals come first: sheet names and the offsets of their substreams (BOUNDSHEET), the shared
// string table (SST, continued over CONTINUE records, which may split a string, its rich-text runs and its
// phonetic data anywhere), number formats (FORMAT) and cell formats (XF). Each sheet's substream follows,
// and its text gets Position.part `sheet <name>`:
//   LABELSST (a shared string), LABEL / RSTRING (an inline string), NUMBER, RK, MULRK, a FORMULA's cached
//   number or string (STRING), HEADER / FOOTER, and the text of comments and text boxes (TXO + CONTINUE).
// A shared string is emitted where a cell first uses it; strings no cell uses are emitted at the end with
// part `shared strings` (each string once: the text stays bounded by the stream's size).
// A CPR typed as a number loses its leading zero (0101901234 -> 101901234): a 9-digit integer is also emitted
// zero-padded when its cell's format pads to 10 digits or is General (as in ooxml.cpp).
// FILEPASS (a password, RC4 or XOR) makes the workbook `encrypted`. Embedded objects (MBD* storages) are
// handed on as nested items (ole2.cpp). Memory: the stream is read whole, bounded by max_buffered_member_bytes.
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/text/charset.h"
#include "extractors/office/excel_number_format.h"
#include "extractors/le_bytes.h"
#include "extractors/text/markup_text.h"
#include "extractors/office/ole2_formats.h"
#include "extractors/text_emitter.h"
#include "extractors/utf16.h"

namespace datavagt {

namespace {

enum Record : std::uint16_t {
  kFormula = 0x0006,
  kEof = 0x000A,
  kHeader = 0x0014,
  kFooter = 0x0015,
  kFilePass = 0x002F,
  kContinue = 0x003C,
  kBoundSheet = 0x0085,
  kMulRk = 0x00BD,
  kRString = 0x00D6,
  kXf = 0x00E0,
  kSst = 0x00FC,
  kLabelSst = 0x00FD,
  kTxo = 0x01B6,
  kNumber = 0x0203,
  kLabel = 0x0204,
  kString = 0x0207,
  kRk = 0x027E,
  kFormat = 0x041E,
  kBof = 0x0809,
};

constexpr std::uint16_t kBiff8 = 0x0600;

void append_8bit(std::string& out, std::string_view bytes) {
  for (unsigned char c : bytes)
    if (c != 0) utf8::append_code_point(out, windows1252_to_unicode(c));
}

// Characters in BIFF8's string form: 8-bit (the high bytes, all zero, left out) or UTF-16LE.
void append_chars(std::string& out, std::string_view bytes, bool high) {
  if (high)
    append_utf16le(out, bytes);
  else
    for (unsigned char c : bytes)
      if (c != 0) utf8::append_code_point(out, c);  // Latin-1: the low bytes of UTF-16
}

// Bytes of a record followed by its CONTINUE records, read as one sequence. A string's characters split over
// two records go on with a new flag byte (8-bit or UTF-16) at the start of the next record; any other data
// just goes on.
class ContinuedReader {
 public:
  explicit ContinuedReader(std::vector<std::string_view> segments) : segs_(std::move(segments)) {}

  bool at_end() {
    while (seg_ < segs_.size() && pos_ >= segs_[seg_].size()) next();
    return seg_ >= segs_.size();
  }
  bool byte(std::uint8_t& b) {
    if (at_end()) return false;
    b = static_cast<std::uint8_t>(segs_[seg_][pos_++]);
    return true;
  }
  bool u16(std::uint16_t& v) {
    std::uint8_t lo = 0, hi = 0;
    if (!byte(lo) || !byte(hi)) return false;
    v = static_cast<std::uint16_t>(lo | hi << 8);
    return true;
  }
  bool u32(std::uint32_t& v) {
    std::uint16_t lo = 0, hi = 0;
    if (!u16(lo) || !u16(hi)) return false;
    v = std::uint32_t{hi} << 16 | lo;
    return true;
  }
  bool skip(std::uint64_t n) {
    while (n > 0) {
      if (at_end()) return false;
      const std::uint64_t k = std::min<std::uint64_t>(n, segs_[seg_].size() - pos_);
      pos_ += static_cast<std::size_t>(k);
      n -= k;
    }
    return true;
  }
  bool chars(std::size_t n, bool high, std::string& out) {
    while (n > 0) {
      if (seg_ >= segs_.size()) return false;
      if (pos_ >= segs_[seg_].size()) {
        next();
        if (seg_ >= segs_.size() || segs_[seg_].empty()) return false;
        high = (static_cast<unsigned char>(segs_[seg_][0]) & 1) != 0;  // the continued string's new flag byte
        pos_ = 1;
        continue;
      }
      const std::size_t width = high ? 2 : 1;
      const std::size_t k = std::min(n, (segs_[seg_].size() - pos_) / width);
      if (k == 0) return false;  // half a character at a record's end
      append_chars(out, segs_[seg_].substr(pos_, k * width), high);
      pos_ += k * width;
      n -= k;
    }
    return true;
  }

 private:
  void next() {
    ++seg_;
    pos_ = 0;
  }
  std::vector<std::string_view> segs_;
  std::size_t seg_ = 0;
  std::size_t pos_ = 0;
};

class XlsReader {
 public:
  XlsReader(const Ole2Storage& root, const ItemInfo& info, ExtractSink& out, TextEmitter& emitter, const Limits& limits)
      : root_(root), info_(info), out_(out), limits_(limits), emitter_(emitter), text_(emitter_) {}

  void run() {
    const char* name = root_.has_stream("Workbook") ? "Workbook" : "Book";
    auto wb = root_.read(name, limits_.max_buffered_member_bytes, "xls");
    if (!wb) return out_.problem(wb.problem());
    stream_ = std::move(*wb);
    // Every workbook stream starts with a BOF record; without one (empty, zeroed, overwritten) nothing in it
    // can be trusted to be a workbook: said, not read as one.
    if (stream_.empty()) return corrupt("the " + std::string(name) + " stream is empty");
    if (le::u16(stream_, 0) != kBof) return corrupt("the " + std::string(name) + " stream does not start with a BOF record");
    if (!records()) return;
    if (!unused_shared_strings()) return;
    text_.flush();
    if (text_.stopped()) return;
    hand_on_embedded_objects(root_, "", "MBD", info_, out_, limits_);
  }

 private:
  void corrupt(std::string reason) {
    if (reported_corrupt_) return;
    reported_corrupt_ = true;
    out_.problem(Problem::make(ProblemKind::Corrupt, "xls: " + reason));
  }

  struct Rec {
    std::uint16_t type;
    std::size_t offset;  // of its header in the stream
    std::string_view data;
  };

  // The record at `pos`, or nullopt at the end (a truncated last record is reported).
  std::optional<Rec> record_at(std::size_t pos) {
    const auto type = le::u16(stream_, pos);
    const auto len = le::u16(stream_, pos + 2);
    if (!type || !len) {
      if (pos < stream_.size() && stream_.size() - pos >= 4) corrupt("record header truncated");
      return std::nullopt;
    }
    const auto data = le::bytes(stream_, pos + 4, *len);
    if (!data) {
      corrupt("last record truncated; read as far as present");
      return std::nullopt;
    }
    return Rec{*type, pos, *data};
  }

  bool records() {
    bool first_bof = true;
    for (std::size_t pos = 0;;) {
      const auto rec = record_at(pos);
      if (!rec) break;
      pos += 4 + rec->data.size();
      switch (rec->type) {
        case kBof:
          ++open_;
          if (first_bof) {
            first_bof = false;
            biff8_ = le::u16(rec->data, 0).value_or(kBiff8) >= kBiff8;
          } else if (depth_++ == 0) {  // a sheet's substream (charts inside a sheet nest one deeper)
            auto it = sheets_.find(rec->offset);
            ++sheet_count_;
            const std::string sheet = it != sheets_.end() ? it->second : std::to_string(sheet_count_);
            if (!text_.set_position(Position{0, "sheet " + sheet})) return false;
          }
          break;
        case kEof:
          if (open_ > 0) --open_;
          if (depth_ > 0) --depth_;
          break;
        case kFilePass:
          out_.problem(Problem::make(ProblemKind::Encrypted, "xls: password-protected workbook; not scanned"));
          return false;
        case kBoundSheet:
          bound_sheet(rec->data);
          break;
        case kSst:
          pos = shared_strings(*rec, pos);
          break;
        case kXf:
          cell_formats_.push_back(le::u16(rec->data, 2).value_or(0));
          break;
        case kFormat:
          format(rec->data);
          break;
        case kLabelSst:
          if (const auto isst = le::u32(rec->data, 6); isst && *isst < sst_.size() && !sst_used_[*isst]) {
            sst_used_[*isst] = true;
            cell_text(sst_[*isst]);
          }
          break;
        case kLabel:
        case kRString:
        case kString: {
          const std::size_t at = rec->type == kString ? 0 : 6;
          cell_text(biff8_ ? unicode_string(rec->data.substr(std::min(at, rec->data.size())))
                           : byte_string(rec->data.substr(std::min(at, rec->data.size()))));
          break;
        }
        case kHeader:
        case kFooter:
          if (!rec->data.empty())
            cell_text(without_header_codes(biff8_ ? unicode_string(rec->data) : short_byte_string(rec->data)));
          break;
        case kNumber:
          if (const auto bits = le::u64(rec->data, 6)) number(bits_to_double(*bits), le::u16(rec->data, 4).value_or(0));
          break;
        case kRk:
          if (const auto rk = le::u32(rec->data, 6)) number(rk_value(*rk), le::u16(rec->data, 4).value_or(0));
          break;
        case kMulRk:
          for (std::size_t at = 4; at + 6 <= rec->data.size() - std::min<std::size_t>(rec->data.size(), 2); at += 6)
            number(rk_value(*le::u32(rec->data, at + 2)), *le::u16(rec->data, at));
          break;
        case kFormula:
          // The cached result: a number, unless its last two bytes are 0xFFFF (a string in a STRING record
          // that follows, a boolean, an error).
          if (const auto bits = le::u64(rec->data, 6); bits && (*bits >> 48) != 0xFFFF)
            number(bits_to_double(*bits), le::u16(rec->data, 4).value_or(0));
          break;
        case kTxo:
          txo_chars_ = le::u16(rec->data, 10).value_or(0);
          txo_text_next_ = txo_chars_ > 0;
          continue;  // the text is in the CONTINUE record that follows
        case kContinue:
          if (txo_text_next_ && !rec->data.empty()) {
            std::string s;
            const bool high = (static_cast<unsigned char>(rec->data[0]) & 1) != 0;
            const std::size_t n = std::min<std::size_t>(txo_chars_, (rec->data.size() - 1) / (high ? 2 : 1));
            append_chars(s, rec->data.substr(1, n * (high ? 2 : 1)), high);
            cell_text(s);
          }
          break;
        default:
          break;
      }
      txo_text_next_ = false;
      if (text_.stopped()) return false;
    }
    if (open_ > 0) corrupt("the workbook ends inside a sheet (truncated file?); read as far as present");
    return true;
  }

  void bound_sheet(std::string_view d) {
    const auto offset = le::u32(d, 0);
    const auto cch = le::u8(d, 6);
    if (!offset || !cch) return;
    std::string name;
    if (biff8_) {
      const auto flags = le::u8(d, 7);
      const bool high = flags && (*flags & 1);
      const auto chars = le::bytes(d, 8, std::size_t{*cch} * (high ? 2 : 1));
      if (chars) append_chars(name, *chars, high);
    } else if (const auto chars = le::bytes(d, 7, *cch)) {
      append_8bit(name, *chars);
    }
    sheets_[*offset] = name;
  }

  void format(std::string_view d) {
    const auto ifmt = le::u16(d, 0);
    if (!ifmt) return;
    const std::string code = biff8_ ? unicode_string(d.substr(2)) : short_byte_string(d.substr(2));
    if (pads_to_ten_digits(code) || is_plain_number_format(code)) maybe_cpr_formats_.push_back(*ifmt);
  }

  // XLUnicodeString: cch u16, flags, characters (no rich text or phonetic data in the records read here, but
  // their counts are honoured when a writer sets them).
  static std::string unicode_string(std::string_view d) {
    std::string out;
    const auto cch = le::u16(d, 0);
    const auto flags = le::u8(d, 2);
    if (!cch || !flags) return out;
    std::size_t at = 3;
    if (*flags & 0x08) at += 2;  // cRun
    if (*flags & 0x04) at += 4;  // cbExtRst
    const bool high = *flags & 1;
    const std::size_t n = std::min<std::size_t>(*cch, d.size() > at ? (d.size() - at) / (high ? 2 : 1) : 0);
    append_chars(out, d.substr(std::min(at, d.size()), n * (high ? 2 : 1)), high);
    return out;
  }
  // BIFF5: cch u16, 8-bit characters.
  static std::string byte_string(std::string_view d) {
    std::string out;
    const auto cch = le::u16(d, 0);
    if (cch) append_8bit(out, d.substr(2, std::min<std::size_t>(*cch, d.size() - 2)));
    return out;
  }
  // BIFF5: cch u8, 8-bit characters.
  static std::string short_byte_string(std::string_view d) {
    std::string out;
    const auto cch = le::u8(d, 0);
    if (cch) append_8bit(out, d.substr(1, std::min<std::size_t>(*cch, d.size() - 1)));
    return out;
  }

  // A header's or footer's text without its codes: &L &C &R (sections), &"font", &12 (size), &P &A &D …
  static std::string without_header_codes(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '&' || i + 1 >= s.size()) {
        out += s[i];
        continue;
      }
      const char c = s[i + 1];
      if (static_cast<unsigned char>(c) >= 0x80) {  // not a code: keep the letter (whole, UTF-8)
        out += '&';
        continue;
      }
      ++i;
      if (c == '&') {
        out += '&';
      } else if (c == '"') {
        const std::size_t close = s.find('"', i + 1);
        i = close == std::string_view::npos ? s.size() : close;
      } else if (c >= '0' && c <= '9') {
        while (i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9') ++i;
      } else if (c == 'K') {
        for (int k = 0; k < 6 && i + 1 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])); ++k) ++i;
      } else if (c == 'L' || c == 'C' || c == 'R') {
        out += ' ';
      }
    }
    return out;
  }

  // SST and its CONTINUE records; returns the stream position after them.
  std::size_t shared_strings(const Rec& sst, std::size_t pos) {
    std::vector<std::string_view> segs{sst.data};
    for (;;) {
      const auto type = le::u16(stream_, pos);
      if (!type || *type != kContinue) break;
      const auto rec = record_at(pos);
      if (!rec) break;
      segs.push_back(rec->data);
      pos += 4 + rec->data.size();
    }
    ContinuedReader r(std::move(segs));
    std::uint32_t total = 0, unique = 0;
    if (!r.u32(total) || !r.u32(unique)) {
      corrupt("shared string table truncated");
      return pos;
    }
    for (std::uint32_t i = 0; i < unique && !r.at_end(); ++i) {
      std::uint16_t cch = 0;
      std::uint8_t flags = 0;
      std::uint16_t runs = 0;
      std::uint32_t ext = 0;
      std::string s;
      const bool ok = r.u16(cch) && r.byte(flags) && (!(flags & 0x08) || r.u16(runs)) &&
                      (!(flags & 0x04) || r.u32(ext)) && r.chars(cch, flags & 1, s) &&
                      r.skip(std::uint64_t{runs} * 4) && r.skip(ext);
      sst_.push_back(std::move(s));
      if (!ok) {
        corrupt("shared string table truncated; read as far as present");
        break;
      }
    }
    sst_used_.assign(sst_.size(), false);
    return pos;
  }

  bool unused_shared_strings() {
    bool positioned = false;
    for (std::size_t i = 0; i < sst_.size(); ++i) {
      if (sst_used_[i] || sst_[i].empty()) continue;
      if (!positioned && !text_.set_position(Position{0, "shared strings"})) return false;
      positioned = true;
      cell_text(sst_[i]);
      if (text_.stopped()) return false;
    }
    return true;
  }

  void cell_text(std::string_view s) {
    text_.text(s);
    text_.boundary();
  }

  static double bits_to_double(std::uint64_t bits) {
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
  }

  static double rk_value(std::uint32_t rk) {
    double v = (rk & 2) ? static_cast<double>(static_cast<std::int32_t>(rk) >> 2)
                        : bits_to_double(std::uint64_t{rk & 0xFFFFFFFCu} << 32);
    return (rk & 1) ? v / 100 : v;
  }

  void number(double v, std::uint16_t xf) {
    if (!std::isfinite(v)) return;
    char buf[64];
    std::to_chars_result r;
    const bool integral = v == std::floor(v) && std::fabs(v) < 1e15;
    if (integral)
      r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v));
    else
      r = std::to_chars(buf, buf + sizeof buf, v);
    const std::string_view digits(buf, static_cast<std::size_t>(r.ptr - buf));
    cell_text(digits);
    if (integral && v >= 1e8 && v < 1e9 && may_have_lost_a_zero(xf)) {
      text_.text("0");
      cell_text(digits);
    }
  }

  // Built-in formats: 0 is General, 1 is "0"; the others (amounts, dates, percentages) never pad to 10 digits.
  bool may_have_lost_a_zero(std::uint16_t xf) const {
    if (xf >= cell_formats_.size()) return true;
    const std::uint16_t ifmt = cell_formats_[xf];
    if (ifmt == 0 || ifmt == 1) return true;
    for (std::uint16_t f : maybe_cpr_formats_)
      if (f == ifmt) return true;
    return false;
  }

  const Ole2Storage& root_;
  const ItemInfo& info_;
  ExtractSink& out_;
  const Limits& limits_;
  TextEmitter& emitter_;
  MarkupText text_;
  std::string stream_;
  bool biff8_ = true;
  unsigned depth_ = 0;  // sheet substreams open (charts inside a sheet nest)
  unsigned open_ = 0;   // substreams open, the globals included
  unsigned sheet_count_ = 0;
  std::map<std::uint32_t, std::string> sheets_;  // substream offset -> sheet name
  std::vector<std::string> sst_;
  std::vector<bool> sst_used_;
  std::vector<std::uint16_t> cell_formats_;       // XF index -> number format id
  std::vector<std::uint16_t> maybe_cpr_formats_;  // custom formats that pad to 10 digits or are General
  std::uint16_t txo_chars_ = 0;
  bool txo_text_next_ = false;
  bool reported_corrupt_ = false;
};

}  // namespace

void extract_workbook(const Ole2Storage& root, const ItemInfo& info, ExtractSink& out, TextEmitter& emitter,
                      const Limits& limits) {
  XlsReader(root, info, out, emitter, limits).run();
}

}  // namespace datavagt
