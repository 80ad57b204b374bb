// mbox: messages one after another, each after a "From " line. Streamed: the file is split into messages
// as it is read, and each message is handed to the sink as a member of its own (`archive.mbox!/12 Ansøgning
// om boligstøtte (2019-03-01)`, named by message_label.h, with the message's Date as its time), which the
// scanner reads as a mail message; the mbox is never held whole. A message is buffered up to
// Limits::max_buffered_member_bytes; of a larger one only that much is scanned (`limit`).
// Separators: a line starting "From " after an empty line (or at the start), or one that looks like a
// separator even without the empty line ("From sender Fri Mar  1 10:00:00 2019"). Quoted body lines
// (">From ", ">>From " … of mboxrd and mboxo) lose one '>'.
#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "extractors/extractor.h"
#include "extractors/mail/message_label.h"
#include "extractors/mail/mime_message.h"

namespace datavagt {

namespace {

// A line carried over between reads is passed on in pieces of this size when it has no end (binary junk):
// long enough for any separator, so memory stays bounded whatever the lines.
constexpr std::size_t kMaxCarriedLine = 4096;

std::string_view without_eol(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  return line;
}

// "From sender Fri Mar  1 10:00:00 2019": a time hh:mm:ss and a year at the end (a body line "From 10:00 to
// 12:00 in 2019" is not one).
bool looks_like_separator(std::string_view line) {
  line = without_eol(line);
  auto digit = [&](std::size_t i) { return i < line.size() && std::isdigit(static_cast<unsigned char>(line[i])); };
  if (line.size() < 4 || !(digit(line.size() - 4) && digit(line.size() - 3) && digit(line.size() - 2) &&
                           digit(line.size() - 1)))
    return false;
  for (std::size_t i = 2; i + 5 < line.size(); ++i)
    if (line[i] == ':' && line[i + 3] == ':' && digit(i - 2) && digit(i - 1) && digit(i + 1) && digit(i + 2) &&
        digit(i + 4) && digit(i + 5))
      return true;
  return false;
}

class MboxSplitter {
 public:
  MboxSplitter(const ItemInfo& info, ExtractSink& out, const Limits& limits)
      : info_(info), out_(out), max_(limits.max_buffered_member_bytes) {}

  // One line with its end of line, or (continued = true) more of a line whose start was passed on already.
  void line(std::string_view l, bool continued) {
    if (!continued && l.starts_with("From ") && (after_blank_ || looks_like_separator(l))) {
      finish();
      in_message_ = true;
      ++index_;
      after_blank_ = false;
      return;
    }
    if (!in_message_) return;  // nothing before the first separator belongs to a message
    if (!continued && l.starts_with(">")) {
      const auto first = l.find_first_not_of('>');
      if (first != std::string_view::npos && l.substr(first).starts_with("From ")) l.remove_prefix(1);
    }
    append(l);
    after_blank_ = !continued && without_eol(l).empty();
  }

  void finish() {
    if (!in_message_) return;
    in_message_ = false;
    if (message_.empty()) return;
    const MessageSummary summary = summarize_message_headers(message_);
    ItemInfo member = info_.member(info_.location.child(message_label(index_, summary.subject, summary.date)),
                                   message_.size());
    if (summary.date) member.mtime = *summary.date;
    if (oversized_) {
      Problem p = Problem::make(ProblemKind::Limit, "mbox: message larger than " + std::to_string(max_ >> 20) +
                                                        " MiB; only its start was scanned");
      p.members = member.location.members;
      out_.problem(std::move(p));
    }
    MemorySource src(message_);
    out_.nested(member, src);
    message_.clear();
    oversized_ = false;
  }

 private:
  void append(std::string_view bytes) {
    if (oversized_) return;
    if (message_.size() + bytes.size() > max_) {
      message_.append(bytes.substr(0, max_ - message_.size()));
      oversized_ = true;
      return;
    }
    message_.append(bytes);
  }

  const ItemInfo& info_;
  ExtractSink& out_;
  std::size_t max_;
  std::string message_;  // the current message, without its "From " line
  std::uint64_t index_ = 0;
  bool in_message_ = false;
  bool oversized_ = false;
  bool after_blank_ = true;  // the start counts as after an empty line
};

class MboxExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "mbox"; }

  void extract(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) override {
    MboxSplitter split(info, out, limits);
    std::vector<char> buf(std::max<std::size_t>(limits.read_chunk_bytes, 1));
    std::string pending;      // the current line so far
    bool continued = false;   // `pending` continues a line already passed on in part
    for (;;) {
      auto n = in.read(buf);
      if (!n) {
        out.problem(n.problem());
        break;
      }
      if (*n == 0) break;
      std::string_view data(buf.data(), *n);
      while (!data.empty()) {
        const auto nl = data.find('\n');
        if (nl == std::string_view::npos) {
          pending.append(data);
          data = {};
          if (pending.size() >= kMaxCarriedLine) {
            split.line(pending, continued);
            pending.clear();
            continued = true;
          }
          break;
        }
        if (pending.empty()) {
          split.line(data.substr(0, nl + 1), continued);
        } else {
          pending.append(data.substr(0, nl + 1));
          split.line(pending, continued);
          pending.clear();
        }
        continued = false;
        data.remove_prefix(nl + 1);
      }
    }
    if (!pending.empty()) split.line(pending, continued);
    split.finish();
  }
};

}  // namespace

std::unique_ptr<Extractor> make_mbox_extractor() { return std::make_unique<MboxExtractor>(); }

}  // namespace datavagt
