// A PST message as a byte item (see pst_message.h): MessageSource writes it, the extractor below reads it.
#include "extractors/mail/pst_message.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "core/utf8.h"
#include "extractors/extractor.h"
#include "extractors/registry.h"
#include "extractors/text_emitter.h"

namespace datavagt {

namespace pst {

MessageSource::MessageSource(RecordReader& records) : records_(records) {
  pending_.emplace_back(kPstMessageMagic);
}

bool MessageSource::pull() {
  pending_.clear();
  piece_ = pos_ = 0;
  if (done_) return false;
  Record type;
  std::vector<std::string> fields;
  RecordReader::Status s = records_.next(type, fields);
  // A record that belongs outside a message ends it too: the reader process never sends one here.
  if (s == RecordReader::Status::Ok && (type == Record::Opened || type == Record::Done))
    s = RecordReader::Status::Malformed;
  if (s != RecordReader::Status::Ok) {
    failure_ = s;  // Eof here: cut between two records
    for (; open_ > 0; --open_) pending_.push_back(record_head(Record::End, 0));
    done_ = true;
    return true;
  }
  if (type == Record::Message) {
    ++open_;
    if (!draining_) ++attached_;
  }
  if (type == Record::End && --open_ == 0) done_ = true;
  pending_.push_back(record_head(type, fields.size()));
  for (auto& f : fields) {
    pending_.push_back(field_length(static_cast<std::uint32_t>(f.size())));
    pending_.push_back(std::move(f));
  }
  return true;
}

Result<std::size_t> MessageSource::read(std::span<char> buf) {
  std::size_t n = 0;
  while (n < buf.size()) {
    if (piece_ == pending_.size()) {
      if (!pull()) break;
      continue;
    }
    const std::string& p = pending_[piece_];
    const std::size_t k = std::min(buf.size() - n, p.size() - pos_);
    std::memcpy(buf.data() + n, p.data() + pos_, k);
    n += k;
    pos_ += k;
    if (pos_ == p.size()) {
      ++piece_;
      pos_ = 0;
    }
  }
  return n;
}

Result<bool> MessageSource::rewind() {
  return Problem::make(ProblemKind::Internal, "pst: a message cannot be read twice");
}

bool MessageSource::drain() {
  draining_ = true;
  while (pull()) {
  }
  return failure_ == RecordReader::Status::Ok;
}

}  // namespace pst

namespace {

using pst::Record;
using pst::RecordReader;

// Everything one part's text passes through on its way: counted against the message's text budget, and
// text without a part of its own (an HTML body) gets the part's name.
class PartSink final : public ExtractSink {
 public:
  PartSink(ExtractSink& to, std::string part) : to_(to), part_(std::move(part)) {}

  bool text(const TextChunk& c) override {
    bytes_ += c.utf8.size();
    if (c.where.part.empty() || c.where.part == "body") {
      const TextChunk named{c.utf8, Position{c.where.page, part_}};
      return wanted_ = to_.text(named);
    }
    return wanted_ = to_.text(c);
  }
  void nested(const ItemInfo& member, ByteSource& bytes) override { to_.nested(member, bytes); }
  void problem(Problem p) override {
    if (p.kind == ProblemKind::Truncated) truncated_ = true;
    to_.problem(std::move(p));
  }
  void note(std::string n) override { to_.note(std::move(n)); }
  bool stop_requested() const override { return to_.stop_requested(); }

  std::uint64_t bytes() const { return bytes_; }
  bool wanted() const { return wanted_; }
  bool truncated() const { return truncated_; }

 private:
  ExtractSink& to_;
  std::string part_;
  std::uint64_t bytes_ = 0;
  bool wanted_ = true;
  bool truncated_ = false;
};

// An attachment's bytes, streamed from the message's records.
class FieldSource final : public ByteSource {
 public:
  explicit FieldSource(RecordReader& r) : r_(r) {}
  Result<std::size_t> read(std::span<char> buf) override { return r_.read_field(buf); }
  Result<bool> rewind() override {
    return Problem::make(ProblemKind::Internal, "pst: an attachment cannot be read twice");
  }

 private:
  RecordReader& r_;
};

class MessageReader {
 public:
  MessageReader(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits)
      : in_(in), info_(info), out_(out), limits_(limits), text_left_(limits.max_text_bytes) {}

  void run() {
    std::string magic(pst::kPstMessageMagic.size(), '\0');
    auto got = read_fully(in_, magic);
    if (!got) return out_.problem(got.problem());
    if (*got != magic.size() || magic != pst::kPstMessageMagic) return corrupt("not a PST message");
    RecordReader r(in_, std::max<std::size_t>(limits_.max_buffered_member_bytes, 1 << 16));
    Record type;
    unsigned count = 0;
    std::vector<std::string> f;
    while (!stopped_) {
      if (!ok(r, r.begin(type, count), true)) return;
      if (type == Record::Attachment) {
        if (count != 2) return corrupt("a malformed record");
        if (!attachment(r)) return;
        continue;
      }
      f.resize(count);
      for (auto& field : f)
        if (!ok(r, r.field(field), false)) return;
      switch (type) {
        case Record::Text:
          if (f.size() != 2) return corrupt("a malformed record");
          put(f[1], f[0]);
          break;
        case Record::Html:
          if (f.size() != 1) return corrupt("a malformed record");
          f[0].insert(0, "\xEF\xBB\xBF");  // UTF-8 now, whatever its <meta> says
          extract(FormatId::Html, f[0], "html body");
          break;
        case Record::Rtf:
          if (f.size() != 1) return corrupt("a malformed record");
          extract(FormatId::Rtf, f[0], "rtf body");
          break;
        case Record::Problem: {
          auto p = pst::record_problem(info_, f);
          if (!p) return corrupt("a malformed record");
          out_.problem(std::move(*p));
          break;
        }
        case Record::Note:
          if (f.size() != 1) return corrupt("a malformed record");
          out_.note(f[0]);
          break;
        case Record::Message:
          if (!attached_message(r, f)) return;
          break;
        case Record::End:
          return;
        default:
          return corrupt("a record that does not belong in a message");
      }
    }
  }

 private:
  void corrupt(const std::string& what) {
    out_.problem(Problem::make(ProblemKind::Corrupt, "pst message: " + what + "; read as far as possible"));
  }

  // False (with the problem told) unless `s` is Ok.
  bool ok(const RecordReader& r, RecordReader::Status s, bool at_start) {
    switch (s) {
      case RecordReader::Status::Ok:
        return true;
      case RecordReader::Status::Failed:
        out_.problem(*r.failure());
        return false;
      case RecordReader::Status::Eof:
        if (at_start) {
          corrupt("cut short");
          return false;
        }
        [[fallthrough]];
      case RecordReader::Status::Malformed:
        corrupt("a malformed record");
        return false;
    }
    return false;
  }

  // An attachment: its name, then its bytes streamed to the sink as a member one level below the message.
  bool attachment(RecordReader& r) {
    std::string name;
    std::uint32_t size = 0;
    if (!ok(r, r.field(name), false) || !ok(r, r.field_size(size), false)) return false;
    FieldSource bytes(r);
    out_.nested(info_.member(info_.location.child(name), size), bytes);
    return ok(r, r.skip_field(), false);  // what the sink did not read
  }

  // An attached message: name, date and size, then its records as a member of its own.
  bool attached_message(RecordReader& r, const std::vector<std::string>& f) {
    const auto m = pst::message_member(info_, f);
    if (!m) {
      corrupt("a malformed record");
      return false;
    }
    pst::MessageSource message(r);
    out_.nested(*m, message);
    if (message.drain()) return true;
    if (message.failure() == RecordReader::Status::Failed)
      out_.problem(*r.failure());
    else
      corrupt("an attached message is cut short or malformed");
    return false;
  }

  void put(std::string_view text, const std::string& part) {
    if (text.empty()) return;
    PartSink fwd(out_, part);
    Limits l = limits_;
    l.max_text_bytes = text_left_;
    TextEmitter emitter(fwd, l);
    std::string piece;
    utf8::append_lossy(piece, text);
    piece += '\n';  // a part ends a line: words of two parts do not join
    emitter.emit(piece, Position{0, part});
    account(fwd);
  }

  // Another format's extractor over `bytes` (a body), as part of the message.
  void extract(FormatId format, std::string_view bytes, const std::string& part) {
    auto extractor = make_extractor(format);
    if (!extractor) return;
    PartSink fwd(out_, part);
    Limits l = limits_;
    l.max_text_bytes = text_left_;
    MemorySource src(bytes);
    ItemInfo body = info_;
    body.size = bytes.size();
    extractor->extract(src, body, fwd, l);
    account(fwd);
  }

  void account(const PartSink& fwd) {
    text_left_ -= std::min(text_left_, fwd.bytes());
    if (!fwd.wanted() || fwd.truncated() || text_left_ == 0) stopped_ = true;
  }

  ByteSource& in_;
  const ItemInfo& info_;
  ExtractSink& out_;
  const Limits& limits_;
  std::uint64_t text_left_;
  bool stopped_ = false;
};

class PstMessageExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "pst-message"; }
  void extract(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) override {
    MessageReader(in, info, out, limits).run();
  }
};

}  // namespace

std::unique_ptr<Extractor> make_pst_message_extractor() { return std::make_unique<PstMessageExtractor>(); }

}  // namespace datavagt
