// PowerPoint 97-2003 (.ppt, MS-PPT): the text atoms of the "PowerPoint Document" stream.
// The stream is a tree of records (an 8-byte header: version and instance, type, length; version 0xF marks a
// container whose body is more records), walked depth first with an explicit stack. Text is in TextCharsAtom
// (UTF-16LE), TextBytesAtom (8-bit: the low bytes of UTF-16) and CString (UTF-16LE: comments, hyperlinks,
// names). Position.part: `slide N` / `notes N` for the N-th slide or notes container in the stream, and for
// the placeholder text PowerPoint keeps in the document's slide lists (SlideListWithText: one SlidePersistAtom
// per slide, in slide order); `master` for masters, `presentation` for the rest.
// Embedded OLE objects (ExOleObjStg, zlib-compressed compound files) are handed on as nested items "object N".
// An encrypted presentation (an "EncryptedSummary" stream, or a CryptSession10Container) is `encrypted`.
// Old versions of a slide that incremental saves left in the stream are read too (their text is in the file).
// Memory: the stream is read whole, bounded by max_buffered_member_bytes.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <zlib.h>

#include "extractors/le_bytes.h"
#include "extractors/text/markup_text.h"
#include "extractors/office/ole2_formats.h"
#include "extractors/text_emitter.h"
#include "extractors/utf16.h"

namespace datavagt {

namespace {

enum Record : std::uint16_t {
  kDocument = 0x03E8,
  kSlide = 0x03EE,
  kNotes = 0x03F0,
  kSlidePersistAtom = 0x03F3,
  kMainMaster = 0x03F8,
  kTextCharsAtom = 0x0FA0,
  kTextBytesAtom = 0x0FA8,
  kCString = 0x0FBA,
  kSlideListWithText = 0x0FF0,
  kExOleObjStg = 0x1011,
  kCryptSession10Container = 0x2F14,
};

constexpr std::uint16_t kNotesAtom = 0x03F1;
constexpr std::uint16_t kPersistDirectoryAtom = 0x1772;
constexpr std::size_t kHeaderBytes = 8;
constexpr std::size_t kMaxDepth = 64;

struct PptRecord {
  std::uint16_t type;
  std::uint16_t instance;
  std::size_t offset;  // of its header in the stream
  std::string_view body;
  bool container;
};

// Walks the record tree depth first: enter(container) / leave(container) / atom(record), each returning false
// to stop. Returns a reason when the tree is damaged (a record longer than its container, a header cut off).
template <class Enter, class Leave, class Atom>
std::string walk_records(std::string_view s, Enter&& enter, Leave&& leave, Atom&& atom) {
  std::vector<PptRecord> open;
  std::size_t pos = 0;
  for (;;) {
    while (!open.empty() && pos >= open.back().offset + kHeaderBytes + open.back().body.size()) {
      const PptRecord done = open.back();
      open.pop_back();
      if (!leave(done)) return {};
    }
    const std::size_t limit = open.empty() ? s.size() : open.back().offset + kHeaderBytes + open.back().body.size();
    if (pos >= limit) return {};
    const auto ver_inst = le::u16(s, pos);
    const auto type = le::u16(s, pos + 2);
    const auto len = le::u32(s, pos + 4);
    if (!ver_inst || !type || !len || limit - pos < kHeaderBytes)
      return open.empty() ? std::string() : "record truncated";  // at the top: padding
    const std::size_t body = pos + kHeaderBytes;
    if (*len > limit - body) return "record longer than its container (truncated file?); read as far as present";
    const PptRecord r{*type, static_cast<std::uint16_t>(*ver_inst >> 4), pos, s.substr(body, *len),
                      (*ver_inst & 0x000F) == 0x000F && open.size() < kMaxDepth};
    if (r.container) {
      if (!enter(r)) return {};
      open.push_back(r);
      pos = body;
    } else {
      if (!atom(r)) return {};
      pos = body + *len;
    }
  }
}

// Which slide a Slide or Notes container is: the document's slide list (SlideListWithText, instance 0) names
// the slides in order by persist id and slide id; persist directories map persist ids to stream offsets.
struct SlideOrder {
  std::map<std::uint32_t, std::uint32_t> persist_of_offset;
  std::vector<std::uint32_t> slide_persists;  // in slide order
  std::vector<std::uint32_t> slide_ids;       // in slide order

  void read(std::string_view s) {
    int list = -1;  // instance of the SlideListWithText being read
    (void)walk_records(
        s,
        [&](const PptRecord& r) {
          if (r.type == kSlideListWithText) list = r.instance;
          return true;
        },
        [&](const PptRecord& r) {
          if (r.type == kSlideListWithText) list = -1;
          return true;
        },
        [&](const PptRecord& r) {
          if (r.type == kSlidePersistAtom && list == 0) {
            slide_persists.push_back(le::u32(r.body, 0).value_or(0));
            slide_ids.push_back(le::u32(r.body, 12).value_or(0));
          } else if (r.type == kPersistDirectoryAtom) {
            for (std::size_t at = 0; at + 4 <= r.body.size();) {
              const std::uint32_t h = *le::u32(r.body, at);
              const std::uint32_t first = h & 0xFFFFF;
              const std::uint32_t count = h >> 20;
              at += 4;
              for (std::uint32_t k = 0; k < count && at + 4 <= r.body.size(); ++k, at += 4)
                persist_of_offset[*le::u32(r.body, at)] = first + k;
            }
          }
          return true;
        });
  }

  // 1-based slide number of the Slide container at `offset`, or 0.
  unsigned slide_at(std::size_t offset) const {
    auto it = persist_of_offset.find(static_cast<std::uint32_t>(offset));
    if (it == persist_of_offset.end()) return 0;
    for (std::size_t i = 0; i < slide_persists.size(); ++i)
      if (slide_persists[i] == it->second) return static_cast<unsigned>(i + 1);
    return 0;
  }
  // 1-based slide number of slide id `id`, or 0.
  unsigned slide_of_id(std::uint32_t id) const {
    for (std::size_t i = 0; i < slide_ids.size(); ++i)
      if (slide_ids[i] == id) return static_cast<unsigned>(i + 1);
    return 0;
  }
};

class PptReader {
 public:
  PptReader(const Ole2Storage& root, const ItemInfo& info, ExtractSink& out, TextEmitter& emitter,
            const Limits& limits)
      : root_(root), info_(info), out_(out), limits_(limits), emitter_(emitter), text_(emitter_) {}

  void run() {
    if (root_.find("EncryptedSummary"))
      return out_.problem(Problem::make(ProblemKind::Encrypted, "ppt: password-protected presentation; not scanned"));
    auto stream = root_.read("PowerPoint Document", limits_.max_buffered_member_bytes, "ppt");
    if (!stream) return out_.problem(stream.problem());
    order_.read(*stream);
    walk(*stream);
    text_.flush();
  }

 private:
  void walk(std::string_view s) {
    std::vector<std::string> outer;  // the part outside each open container
    unsigned slides = 0, notes = 0;
    unsigned list_entries = 0;
    int list = -1;
    std::string part = "presentation";
    std::string buf;
    bool encrypted = false;
    bool document = false;  // the DocumentContainer every presentation has: without it, a damaged stream
    auto move_to = [&](std::string next) {
      if (next == part) return true;
      part = std::move(next);
      return text_.set_position(Position{0, part});
    };
    if (!text_.set_position(Position{0, part})) return;
    std::string damage = walk_records(
        s,
        [&](const PptRecord& r) {
          if (r.type == kCryptSession10Container) {
            encrypted = true;
            return false;
          }
          if (r.type == kDocument) document = true;
          outer.push_back(part);
          std::string inner = part;
          if (r.type == kSlide) {
            ++slides;
            const unsigned n = order_.slide_at(r.offset);
            inner = "slide " + std::to_string(n ? n : slides);
          } else if (r.type == kNotes) {
            ++notes;
            // Its NotesAtom names the slide; the notes master's names none of the document's slides.
            const bool atom = le::u16(r.body, 2) == kNotesAtom;
            const unsigned n = atom ? order_.slide_of_id(le::u32(r.body, kHeaderBytes).value_or(0)) : 0;
            if (n == 0 && atom && !order_.slide_ids.empty())
              inner = "master";
            else
              inner = "notes " + std::to_string(n ? n : notes);
          } else if (r.type == kMainMaster) {
            inner = "master";
          } else if (r.type == kSlideListWithText) {
            list = r.instance;
            list_entries = 0;
            if (list == 1) inner = "master";
          }
          return move_to(std::move(inner));
        },
        [&](const PptRecord& r) {
          if (r.type == kSlideListWithText) list = -1;
          std::string back = std::move(outer.back());
          outer.pop_back();
          return move_to(std::move(back));
        },
        [&](const PptRecord& r) {
          switch (r.type) {
            case kSlidePersistAtom:
              if (list == 0 || list == 2) return move_to((list == 2 ? "notes " : "slide ") + std::to_string(++list_entries));
              return true;
            case kTextCharsAtom:
            case kCString:
              buf.clear();
              append_utf16le(buf, r.body);
              if (buf.starts_with("___PPT")) return true;  // the name of a binary tag, not text
              return emit(buf);
            case kExOleObjStg:
              return embedded_object(r);
            case kTextBytesAtom:
              buf.clear();
              for (unsigned char c : r.body)
                if (c != 0) utf8::append_code_point(buf, c);
              return emit(buf);
            default:
              return true;
          }
        });
    if (encrypted) {
      out_.problem(Problem::make(ProblemKind::Encrypted, "ppt: password-protected presentation; not scanned"));
      return;
    }
    if (damage.empty() && !document && !text_.stopped())
      damage = s.empty() ? "the PowerPoint Document stream is empty"
                         : "no document record in the PowerPoint Document stream (damaged)";
    if (!damage.empty()) out_.problem(Problem::make(ProblemKind::Corrupt, "ppt: " + damage));
  }

  // An embedded OLE object's storage (a compound file), zlib-compressed when the record's instance is 1 (then
  // preceded by its decompressed size), handed on as nested item "object N". The inflated size is bounded
  // by max_buffered_member_bytes (`limit` beyond).
  bool embedded_object(const PptRecord& r) {
    const Location where = info_.location.child("object " + std::to_string(++objects_));
    auto problem = [&](ProblemKind k, std::string detail) {
      Problem p = Problem::make(k, "ppt: " + std::move(detail));
      p.members = where.members;
      out_.problem(std::move(p));
      return true;
    };
    std::string inflated;
    std::string_view bytes = r.body;
    if (r.instance == 1) {
      const auto size = le::u32(r.body, 0);
      if (!size || r.body.size() < 4) return problem(ProblemKind::Corrupt, "embedded object truncated");
      if (*size > limits_.max_buffered_member_bytes)
        return problem(ProblemKind::Limit, "embedded object larger than " +
                                               std::to_string(limits_.max_buffered_member_bytes) +
                                               " bytes (max_buffered_member_bytes); not scanned");
      if (!inflate_object(r.body.substr(4), *size, inflated))
        return problem(ProblemKind::Corrupt, "embedded object cannot be decompressed");
      bytes = inflated;
    }
    if (bytes.empty()) return true;
    if (!text_.flush()) return false;
    MemorySource src(bytes);
    out_.nested(info_.member(where, bytes.size()), src);
    return true;
  }

  // Inflates a zlib stream of `size` bytes declared into `out`. PowerPoint writes some objects' streams
  // without their end (the last block's end or the Adler-32 trailer): a stream that gives exactly the
  // declared size without a data error is whole, as PowerPoint itself reads it. Less, or damaged: false.
  static bool inflate_object(std::string_view packed, std::uint32_t size, std::string& out) {
    out.resize(size);
    z_stream z{};
    if (inflateInit(&z) != Z_OK) return false;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
    z.avail_in = static_cast<uInt>(packed.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = inflate(&z, Z_FINISH);
    const std::size_t made = out.size() - z.avail_out;
    const bool input_used = z.avail_in == 0;
    inflateEnd(&z);
    if (rc == Z_STREAM_END) {
      out.resize(made);
      return true;
    }
    // Z_BUF_ERROR without a data error: the input ended before the stream's end; whole if it filled the size.
    return rc == Z_BUF_ERROR && made == size && input_used;
  }

  // PowerPoint ends paragraphs with CR and lines with VT inside one atom.
  bool emit(std::string& s) {
    for (char& c : s)
      if (c == '\r' || c == '\v') c = '\n';
    text_.text(s);
    text_.boundary();
    return !text_.stopped();
  }

  const Ole2Storage& root_;
  const ItemInfo& info_;
  ExtractSink& out_;
  const Limits& limits_;
  TextEmitter& emitter_;
  MarkupText text_;
  SlideOrder order_;
  unsigned objects_ = 0;
};

}  // namespace

void extract_presentation(const Ole2Storage& root, const ItemInfo& info, ExtractSink& out, TextEmitter& emitter,
                          const Limits& limits) {
  PptReader(root, info, out, emitter, limits).run();
}

}  // namespace datavagt
