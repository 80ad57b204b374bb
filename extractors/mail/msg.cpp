// Outlook messages (.msg, MS-OXMSG): an OLE2 compound file of MAPI properties. Fixed-size properties are in
// "__properties_version1.0" (a header of 32 bytes for a message file, 24 for a message embedded in another;
// then 16-byte entries); others are streams "__substg1.0_IIIITTTT" (property id, type: 001F UTF-16,
// 001E 8-bit, 0102 binary, 000D a storage). What is read, with Position.part:
//   `subject` (PidTagSubject 0x0037); `sender` (display names and addresses 0x0C1A, 0x0042, 0x0C1F, 0x0065);
//   `recipients` (each recipient storage's 0x3001 display name, 0x39FE / 0x3003 address);
//   `body`: the plain body (0x1000); without one, the HTML body (0x1013) through the HTML extractor; without
//   either, the compressed RTF body (0x1009, compressed_rtf.h) through the RTF extractor;
//   `attachment name`: each attachment's file name (0x3707, else 0x3704, else 0x3001).
// Attachments (__attach_version1.0_#N) are nested items named by their file name: the data (0x3701 binary),
// an embedded OLE object (0x3701 storage) as a compound file of its own, and an attached message (0x3701
// storage with properties) as a .msg of its own, named like every mail message (message_label.h) and read by
// this extractor again. The message's date (PR_CLIENT_SUBMIT_TIME 0x0039, else delivery time 0x0E06) is the
// mtime of its members. 8-bit strings (001E, from old Outlook versions) are read as windows-1252; the message's
// code page property is not consulted. Memory: each stream and attachment is read whole, within
// max_buffered_member_bytes.
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "extractors/body_sink.h"
#include "extractors/text/charset.h"
#include "extractors/mail/compressed_rtf.h"
#include "extractors/le_bytes.h"
#include "extractors/mail/mapi_properties.h"
#include "extractors/mail/message_label.h"
#include "extractors/office/ole2_formats.h"
#include "extractors/registry.h"
#include "extractors/text_emitter.h"
#include "extractors/utf16.h"

namespace datavagt {

namespace {

using namespace mapi;  // property ids and types
constexpr std::size_t kEntryBytes = 16;

std::string stream_name(std::uint16_t id, std::string_view type) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "__substg1.0_%04X", static_cast<unsigned>(id));
  return std::string(buf) + std::string(type);
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

class NullSink final : public ExtractSink {
 public:
  bool text(const TextChunk&) override { return true; }
  void nested(const ItemInfo&, ByteSource&) override {}
  void problem(Problem) override {}
};

class MsgReader {
 public:
  MsgReader(const Ole2Storage& root, const ItemInfo& info, ExtractSink& out, TextEmitter& emitter, const Limits& limits)
      : root_(root), info_(info), out_(out), limits_(limits), emitter_(emitter) {}

  void run() {
    read_fixed_properties();
    date_ = message_date();

    std::string sender;
    for (std::uint16_t id : {std::uint16_t{0x0C1A}, std::uint16_t{0x0042}, std::uint16_t{0x0C1F}, std::uint16_t{0x0065}})
      append_line(sender, string_prop(root_, id));
    // A spent text budget cuts the text only: the attachments are members with budgets of their own.
    (void)(emit("subject", string_prop(root_, kSubject)) && emit("sender", sender) && emit("recipients", recipients()) &&
           body());
    if (!out_.stop_requested()) attachments();
  }

 private:
  // ---- properties ----
  void read_fixed_properties() {
    auto stream = root_.read("__properties_version1.0", limits_.max_buffered_member_bytes, "msg");
    if (!stream) return;
    const std::string_view s = *stream;
    // 32 bytes of header in a message file, 24 in an embedded message copied out: entries are 16 bytes.
    const std::size_t header = s.size() % kEntryBytes == 0 ? 32 : 24;
    for (std::size_t at = header; at + kEntryBytes <= s.size(); at += kEntryBytes) {
      const std::uint16_t type = *le::u16(s, at);
      const std::uint16_t id = *le::u16(s, at + 2);
      if (type == kTypeSystime) times_[id] = *le::u64(s, at + 8);
    }
  }

  std::optional<std::int64_t> time(std::uint16_t id) const {
    auto it = times_.find(id);
    if (it == times_.end() || it->second == 0) return std::nullopt;
    return static_cast<std::int64_t>(it->second / 10000000) - kFiletimeEpochOffset;
  }

  std::optional<std::int64_t> message_date() const {
    auto t = time(kClientSubmitTime);
    return t ? t : time(kDeliveryTime);
  }

  std::string string_prop(const Ole2Storage& s, std::uint16_t id) const {
    std::string out;
    if (auto w = s.read(stream_name(id, "001F"), limits_.max_buffered_member_bytes, "msg")) {
      append_utf16le(out, *w);
    } else if (auto b = s.read(stream_name(id, "001E"), limits_.max_buffered_member_bytes, "msg")) {
      for (unsigned char c : *b)
        if (c != 0) utf8::append_code_point(out, windows1252_to_unicode(c));
    }
    while (!out.empty() && out.back() == '\0') out.pop_back();
    return out;
  }

  static void append_line(std::string& out, const std::string& s) {
    if (s.empty() || out.find(s) != std::string::npos) return;  // names and addresses often repeat
    out += s;
    out += '\n';
  }

  bool emit(const std::string& part, const std::string& text) {
    if (text.empty()) return true;
    return emitter_.emit(text.back() == '\n' ? text : text + "\n", Position{0, part});
  }

  std::string recipients() const {
    std::string out;
    for (const auto& e : root_.entries()) {
      if (!e.storage || !starts_with(e.name, "__recip_version1.0_")) continue;
      auto r = root_.storage(e.name);
      if (!r) continue;
      for (std::uint16_t id : {kDisplayName, kSmtpAddress, kEmailAddress}) append_line(out, string_prop(*r, id));
    }
    if (out.empty())  // the display lists, when there are no recipient storages
      for (std::uint16_t id : {std::uint16_t{0x0E04}, std::uint16_t{0x0E03}, std::uint16_t{0x0E02}})
        append_line(out, string_prop(root_, id));
    return out;
  }

  // ---- body ----
  bool body() {
    const std::string plain = string_prop(root_, kBody);
    if (!plain.empty()) return emit("body", plain);
    const std::size_t bound = limits_.max_buffered_member_bytes;
    std::string html;
    if (auto b = root_.read(stream_name(kBodyHtml, "0102"), bound, "msg"))
      html = std::move(*b);
    else
      html = string_prop(root_, kBodyHtml);
    if (!html.empty()) return inner(FormatId::Html, html);
    if (auto c = root_.read(stream_name(kRtfCompressed, "0102"), bound, "msg")) {
      auto rtf = decompress_rtf(*c, bound);
      if (!rtf) {
        out_.problem(Problem::make(ProblemKind::Corrupt, "msg: the RTF body is not compressed RTF; not scanned"));
        return true;
      }
      if (!rtf->complete)
        out_.problem(Problem::make(ProblemKind::Corrupt, "msg: the RTF body is cut short; read as far as present"));
      return inner(FormatId::Rtf, rtf->rtf);
    }
    return true;
  }

  bool inner(FormatId format, std::string_view bytes) {
    auto extractor = make_extractor(format);
    if (!extractor) return true;
    MemorySource src(bytes);
    if (emitter_.stopped()) return false;
    BodySink sink(out_, emitter_);
    ItemInfo body = info_;
    body.size = bytes.size();
    extractor->extract(src, body, sink, limits_);
    return !emitter_.stopped();
  }

  // ---- attachments ----
  void attachments() {
    unsigned n = 0;
    std::string names;
    for (const auto& e : root_.entries()) {
      if (!e.storage || !starts_with(e.name, "__attach_version1.0_")) continue;
      ++n;
      auto a = root_.storage(e.name);
      if (!a) continue;
      std::string name = string_prop(*a, kAttachLongFilename);
      if (name.empty()) name = string_prop(*a, kAttachFilename);
      if (name.empty()) name = string_prop(*a, kDisplayName);
      append_line(names, name);
      if (name.empty()) name = "attachment" + std::to_string(n);
      for (char& c : name)
        if (c == '/') c = '_';  // a name, not a path
      attachment(*a, n, name);
    }
    emit("attachment name", names);
  }

  void attachment(const Ole2Storage& a, unsigned n, const std::string& name) {
    const std::size_t bound = limits_.max_buffered_member_bytes;
    const std::string object = stream_name(kAttachData, "000D");
    if (auto sub = a.storage(object)) {
      auto bytes = sub->to_compound_file(bound, "msg");
      std::string member = name;
      if (sub->find("__properties_version1.0")) {  // an attached message
        NullSink quiet;
        TextEmitter unused(quiet, limits_);
        MsgReader inner(*sub, info_, quiet, unused, limits_);
        inner.read_fixed_properties();
        member = message_label(n, inner.string_prop(*sub, kSubject), inner.message_date());
      }
      const Location where = info_.location.child(member);
      if (!bytes) return problem_at(where, bytes.problem());
      hand_on(where, *bytes);
      return;
    }
    const Location where = info_.location.child(name);
    const std::string data = stream_name(kAttachData, "0102");
    if (!a.has_stream(data)) return;  // a link, or an attachment without data
    auto bytes = a.read(data, bound, "msg");
    if (!bytes) return problem_at(where, bytes.problem());
    hand_on(where, *bytes);
  }

  void hand_on(const Location& where, std::string_view bytes) {
    ItemInfo member = info_.member(where, bytes.size());
    if (date_) member.mtime = *date_;
    MemorySource src(bytes);
    out_.nested(member, src);
  }

  void problem_at(const Location& where, Problem p) {
    p.members = where.members;
    out_.problem(std::move(p));
  }

  const Ole2Storage& root_;
  const ItemInfo& info_;
  ExtractSink& out_;
  const Limits& limits_;
  TextEmitter& emitter_;
  std::map<std::uint16_t, std::uint64_t> times_;  // PT_SYSTIME properties: FILETIME
  std::optional<std::int64_t> date_;
};

}  // namespace

void extract_outlook_message(const Ole2Storage& root, const ItemInfo& info, ExtractSink& out, TextEmitter& emitter,
                             const Limits& limits) {
  MsgReader(root, info, out, emitter, limits).run();
}

}  // namespace datavagt
