// TNEF (winmail.dat, application/ms-tnef): the part in which Outlook wraps a message's attachments and rich
// body when it sends to the Internet. Recognised by its signature (0x223E9F78 little-endian at 0), never by
// name. The stream is read into memory (bounded by max_buffered_member_bytes; of a larger one only its start
// is read, `limit`) and walked by tnef_reader.h. What comes out, with Position.part:
//   `subject`; `body`: the plain body (attBody or PR_BODY); without one the HTML body (PR_BODY_HTML) through
//   the HTML extractor; without either the compressed RTF body (PR_RTF_COMPRESSED, compressed_rtf.h)
//   through the RTF extractor; `attachment name`: the attachments' names.
// Attachments are nested items named by their file name (PR_ATTACH_LONG_FILENAME, else attAttachTitle …;
// "attachmentN" without one), so a finding reads `brev.eml!/winmail.dat!/bilag.docx`; an attached message is
// a TNEF stream of its own, named by message_label.h and read by this extractor again. The message's date
// (attDateSent, else PR_CLIENT_SUBMIT_TIME) is the mtime of its members. At most max_members attachments. A
// cut or malformed stream → `corrupt`, after what was read before it.
#include <memory>
#include <string>
#include <string_view>

#include "extractors/body_sink.h"
#include "extractors/mail/compressed_rtf.h"
#include "extractors/le_bytes.h"
#include "extractors/mail/message_label.h"
#include "extractors/registry.h"
#include "extractors/text_emitter.h"
#include "extractors/mail/tnef_reader.h"

namespace datavagt {

namespace {

class TnefExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "tnef"; }

  void extract(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) override {
    std::string bytes;
    bool cut = false;
    if (!read_bounded(in, limits, bytes, cut, out)) return;
    if (cut)
      out.problem(Problem::make(ProblemKind::Limit, "tnef: larger than " +
                                                        std::to_string(limits.max_buffered_member_bytes >> 20) +
                                                        " MiB (max_buffered_member_bytes); only its start was read"));
    const TnefMessage m = read_tnef(bytes, limits.max_members);

    TextEmitter emitter(out, limits);
    // A spent text budget cuts the text only: the attachments are members with budgets of their own.
    std::string names;
    for (const auto& a : m.attachments)
      if (!a.name.empty()) names += a.name + "\n";
    (void)(emit(emitter, "subject", m.subject) && body(m, info, out, emitter, limits) &&
           emit(emitter, "attachment name", names));
    unsigned n = 0;
    for (const auto& a : m.attachments) {
      ++n;
      if (out.stop_requested()) return;
      if (!a.data || a.data->empty()) continue;  // a link, or no data
      ItemInfo member = info.member(info.location.child(member_name(a, n)), a.data->size());
      if (m.date) member.mtime = *m.date;
      MemorySource src(*a.data);
      out.nested(member, src);
    }
    if (m.too_many_attachments)
      out.problem(Problem::make(ProblemKind::Limit, "tnef: more than " + std::to_string(limits.max_members) +
                                                        " attachments (--max-members); the rest not scanned"));
    if (!m.corrupt.empty() && !cut) out.problem(Problem::make(ProblemKind::Corrupt, "tnef: " + m.corrupt));
  }

 private:
  // The whole stream, or its first max_buffered_member_bytes (`cut`). False after an I/O error (reported).
  static bool read_bounded(ByteSource& in, const Limits& limits, std::string& bytes, bool& cut, ExtractSink& out) {
    auto whole = read_up_to(in, limits.max_buffered_member_bytes, bytes, limits.read_chunk_bytes);
    if (!whole) {
      out.problem(whole.problem());
      return false;
    }
    cut = !*whole;
    return true;
  }

  // An attached message (a TNEF stream of its own) is named like every mail message; a file by its name.
  static std::string member_name(const TnefAttachment& a, unsigned n) {
    if (le::u32(*a.data, 0) == kTnefSignature) {
      const TnefMessage inner = read_tnef(*a.data, 0);  // no attachments: only its subject and date
      return message_label(n, inner.subject, inner.date);
    }
    std::string name = a.name.empty() ? "attachment" + std::to_string(n) : a.name;
    for (char& c : name)
      if (c == '/') c = '_';  // a name, not a path
    return name;
  }

  static bool emit(TextEmitter& emitter, const std::string& part, const std::string& text) {
    if (text.empty()) return true;
    return emitter.emit(text.back() == '\n' ? text : text + "\n", Position{0, part});
  }

  static bool body(const TnefMessage& m, const ItemInfo& info, ExtractSink& out, TextEmitter& emitter,
                   const Limits& limits) {
    if (!m.body.empty()) return emit(emitter, "body", m.body);
    if (!m.html.empty()) return inner(FormatId::Html, m.html, info, out, emitter, limits);
    if (m.rtf_compressed.empty()) return true;
    auto rtf = decompress_rtf(m.rtf_compressed, limits.max_buffered_member_bytes);
    if (!rtf) {
      out.problem(Problem::make(ProblemKind::Corrupt, "tnef: the RTF body is not compressed RTF; not scanned"));
      return true;
    }
    if (!rtf->complete)
      out.problem(Problem::make(ProblemKind::Corrupt, "tnef: the RTF body is cut short; read as far as present"));
    return inner(FormatId::Rtf, rtf->rtf, info, out, emitter, limits);
  }

  static bool inner(FormatId format, std::string_view bytes, const ItemInfo& info, ExtractSink& out,
                    TextEmitter& emitter, const Limits& limits) {
    auto extractor = make_extractor(format);
    if (!extractor || emitter.stopped()) return !emitter.stopped();
    MemorySource src(bytes);
    BodySink sink(out, emitter);
    ItemInfo body = info;
    body.size = bytes.size();
    extractor->extract(src, body, sink, limits);
    return !emitter.stopped();
  }
};

}  // namespace

std::unique_ptr<Extractor> make_tnef_extractor() { return std::make_unique<TnefExtractor>(); }

}  // namespace datavagt
