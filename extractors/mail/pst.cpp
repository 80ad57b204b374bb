// Outlook personal folders and offline stores (PST, OST; ANSI and Unicode) through libpst:
// - every folder below the store's top, every item in it, in libpst's order; each item is a member of its
//   own, `<folder path>/<message_label(n, subject, date)>` (e.g. `Indbakke/12 Ansøgning (2019-03-01)`), with
//   the folder names as stored (`Indbakke`, `Slettet post`), n counting the items of that folder from 1, and
//   the item's delivery (else submit) time as its mtime. Its text is produced here (ExtractSink::nested_text),
//   so a finding carries the message's location:
//     subject ("subject"), sender and recipient display names ("header"), the plain body ("body"), the HTML
//     body through the HTML extractor ("html body"), the compressed RTF body decompressed and read by the
//     RTF extractor ("rtf body"; skipped when it only wraps an HTML or plain body that was read already),
//     contact fields ("contact"), an appointment's place ("appointment"), a journal entry's description;
// - attachments as nested members one level below their message, named after their file name; an attached
//   message (an embedded .msg) as a nested message `<n> <subject> (<date>)` with its own text and attachments.
// libpst runs in a process of its own (pst_walk.h), started for each PST: it crashes and hangs on some damaged
// files and is not thread-safe. The process is this same program started afresh in the helper role
// "pst-reader" (core/helper_process.h: posix_spawn of /proc/self/exe; main() runs the role when asked): a
// plain fork() of the multi-threaded scanner could inherit a lock another thread held at that moment (glibc's
// iconv lock, taken by libpst's pst_open) and wait on it for ever. That process sends what it reads through a pipe (pst_records.h), one record
// at a time, and waits while the scanner scans; a crash ends that file's reading (`corrupt`, with everything
// before it kept), as does silence longer than Limits::max_silent_seconds (the process is killed; while
// libpst keeps reading the file, a heartbeat keeps it alive). Its
// stdout and stderr are /dev/null, and it holds no descriptor but the pipe and the PST.
// Memory: libpst keeps the file's index (tens of bytes per item) and one item at a time; a body or an
// attachment is held while it is scanned, up to Limits::max_buffered_member_bytes (larger: `limit`).
// Files: libpst opens a file by name (pst_open). For an on-disk file it reads the header from a private copy
// of the first 4 KB, then its FILE is swapped for one on a duplicate of the scanner's own O_NOATIME
// descriptor: every read of the PST itself goes through that descriptor, so its access time does not change,
// and it is the very file the walk opened (those reads are not counted in FileVerdict::bytes_read). A PST
// inside another item (a zip) is copied whole, up to Limits::max_spooled_member_bytes; a larger one is not
// scanned (`limit`). Either copy is a SpoolFile (spool_file.h: in a private 0700 directory, without a name,
// so nothing is left behind even if the scan or the reader is killed), opened by libpst as /proc/self/fd/N.
// Damage: a file libpst cannot open, or without a folder tree, is `corrupt`; so is one shorter than its header
// says; items libpst cannot parse are counted into one `corrupt` problem, and the rest is read. "Compressible"
// and "high" encryption are undone by libpst; a PST password is only a checksum (the content is not
// encrypted by it), so such a file is read as any other, with a note.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/helper_process.h"
#include "core/utf8.h"
#include "extractors/extractor.h"
#include "extractors/mail/pst_records.h"
#include "extractors/mail/pst_walk.h"
#include "extractors/registry.h"
#include "extractors/spool_file.h"
#include "extractors/text_emitter.h"

namespace datavagt {

namespace {

constexpr std::size_t kHeaderBytes = 4096;  // pst_open reads the first ~600 bytes

// The PST reader process, reading from `req` and writing to a pipe: started when asked, killed (if still
// running) and reaped when it goes.
class ReaderProcess {
 public:
  ReaderProcess() = default;
  ~ReaderProcess() { stop(); }
  ReaderProcess(const ReaderProcess&) = delete;
  ReaderProcess& operator=(const ReaderProcess&) = delete;

  // False with errno set when it cannot be started.
  bool start(const pst::WalkRequest& req) {
    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0) return false;
    // Room for a few messages in flight: libpst parses the next while the scanner matches this one (two
    // cores on one PST). Beyond the system's pipe-max-size this fails and the default 64 KB stays.
    ::fcntl(p[1], F_SETPIPE_SZ, 1 << 20);
    std::vector<PassedDescriptor> fds{{p[1], pst::kReaderPipeFd}, {req.copy_fd, pst::kReaderCopyFd}};
    if (req.file_fd >= 0) fds.push_back({req.file_fd, pst::kReaderFileFd});
    auto process = HelperProcess::spawn(pst::kReaderRole, pst::reader_arguments(req), fds);
    ::close(p[1]);
    if (!process) {
      ::close(p[0]);
      error_ = process.problem().detail;
      return false;
    }
    process_.emplace(std::move(*process));
    fd_ = p[0];
    return true;
  }
  int fd() const { return fd_; }
  const std::string& error() const { return error_; }

  // Ends the process (killing it if it still runs) and returns its wait status.
  int stop() {
    close_pipe();
    return process_ ? process_->stop() : 0;
  }
  // Waits for the process to end by itself (after it said it is done, or closed the pipe).
  int wait() {
    close_pipe();
    return process_ ? process_->wait() : 0;
  }

 private:
  void close_pipe() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  std::optional<HelperProcess> process_;
  int fd_ = -1;
  std::string error_;
};

// Everything a message's sink is told passes through this on its way: text is counted against the PST's
// text budget, and text without a part of its own (an HTML body) gets one.
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
  void nested_text(const ItemInfo& member, const std::function<void(ExtractSink&)>& produce) override {
    to_.nested_text(member, produce);
  }
  void problem(Problem p) override {
    if (p.kind == ProblemKind::Truncated) truncated_ = true;
    to_.problem(std::move(p));
  }
  void note(std::string n) override { to_.note(std::move(n)); }

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

template <class T>
bool parse_number(std::string_view s, T& v) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// Turns the reader's records back into members, text, attachments and problems.
class Replay {
 public:
  Replay(pst::RecordReader& r, const Limits& limits) : r_(r), limits_(limits), text_left_(limits.max_text_bytes) {}

  // Reads the records of `self` (the file, or a message) into `out` until its End (or Done). False when
  // reading must stop: the sink wants no more, or the reader failed (failure()).
  bool run(const ItemInfo& self, ExtractSink& out) {
    pst::Record type;
    std::vector<std::string> f;
    for (;;) {
      if (stopped_) return false;
      if (!next(type, f)) return false;
      switch (type) {
        case pst::Record::Opened:
          if (f.size() != 1 || !parse_number(f[0], declared_size_)) return malformed();
          break;
        case pst::Record::Message: {
          std::uint64_t size = 0;
          std::int64_t date = 0;
          if (f.size() != 3 || !parse_number(f[2], size) || (!f[1].empty() && !parse_number(f[1], date)))
            return malformed();
          ItemInfo m = self.member(self.location.child(f[0]), size);
          if (!f[1].empty()) m.mtime = date;
          ++messages_;
          bool entered = false;
          bool ok = true;
          out.nested_text(m, [&](ExtractSink& s) {
            entered = true;
            ok = run(m, s);
          });
          if (!entered) ok = skip_message();  // the sink declined it (nesting limit): its records are dropped
          if (!ok) return false;
          break;
        }
        case pst::Record::End:
          return true;
        case pst::Record::Done:
          done_ = true;
          return true;
        case pst::Record::Text:
          if (f.size() != 2) return malformed();
          put(out, f[1], f[0]);
          break;
        case pst::Record::Html:
          if (f.size() != 1) return malformed();
          f[0].insert(0, "\xEF\xBB\xBF");  // UTF-8 now, whatever its <meta> says
          extract(FormatId::Html, f[0], self, out, "html body");
          break;
        case pst::Record::Rtf:
          if (f.size() != 1) return malformed();
          extract(FormatId::Rtf, f[0], self, out, "rtf body");
          break;
        case pst::Record::Attachment: {
          if (f.size() != 2) return malformed();
          MemorySource src(f[1]);
          out.nested(self.member(self.location.child(f[0]), f[1].size()), src);
          break;
        }
        case pst::Record::Problem: {
          int kind = 0;
          if (f.size() != 3 || !parse_number(f[0], kind) || kind < 0 ||
              kind > static_cast<int>(ProblemKind::Internal))
            return malformed();
          Problem p = Problem::make(static_cast<ProblemKind>(kind), f[1]);
          if (!f[2].empty()) p.members = self.location.child(f[2]).members;
          out.problem(std::move(p));
          break;
        }
        case pst::Record::Note:
          if (f.size() != 1) return malformed();
          out.note(f[0]);
          break;
        default:
          return malformed();
      }
    }
  }

  bool done() const { return done_; }
  bool stopped() const { return stopped_; }
  pst::RecordReader::Status failure() const { return failure_; }
  std::uint64_t declared_size() const { return declared_size_; }
  std::uint64_t messages() const { return messages_; }

 private:
  bool next(pst::Record& type, std::vector<std::string>& f) {
    failure_ = r_.next(type, f);
    return failure_ == pst::RecordReader::Status::Ok;
  }
  bool malformed() {
    failure_ = pst::RecordReader::Status::Malformed;
    return false;
  }

  // Reads a message's records (and its attached messages') through to its End.
  bool skip_message() {
    pst::Record type;
    std::vector<std::string> f;
    unsigned depth = 1;
    while (depth > 0) {
      if (!next(type, f)) return false;
      if (type == pst::Record::Message) ++depth;
      if (type == pst::Record::End) --depth;
      if (type == pst::Record::Done) return malformed();
    }
    return true;
  }

  void put(ExtractSink& out, std::string_view text, const std::string& part) {
    if (text.empty()) return;
    PartSink fwd(out, part);
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
  void extract(FormatId format, std::string_view bytes, const ItemInfo& self, ExtractSink& out,
               const std::string& part) {
    auto extractor = make_extractor(format);
    if (!extractor) return;
    PartSink fwd(out, part);
    Limits l = limits_;
    l.max_text_bytes = text_left_;
    MemorySource src(bytes);
    ItemInfo body = self;
    body.size = bytes.size();
    extractor->extract(src, body, fwd, l);
    account(fwd);
  }

  void account(const PartSink& fwd) {
    text_left_ -= std::min(text_left_, fwd.bytes());
    if (!fwd.wanted() || fwd.truncated() || text_left_ == 0) stopped_ = true;
  }

  pst::RecordReader& r_;
  const Limits& limits_;
  std::uint64_t text_left_;
  std::uint64_t declared_size_ = 0;
  std::uint64_t messages_ = 0;
  bool done_ = false;
  bool stopped_ = false;
  pst::RecordReader::Status failure_ = pst::RecordReader::Status::Ok;
};

class PstExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "pst"; }

  void extract(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) override {
    std::optional<SpoolFile> copy;
    std::uint64_t actual_size = 0;
    pst::WalkRequest req;
    if (!prepare(in, info, out, limits, copy, req, actual_size)) return;

    ReaderProcess reader;
    if (!reader.start(req)) {
      out.problem(Problem::make(ProblemKind::Internal, "pst: " + reader.error()));
      return;
    }
    copy.reset();  // the reader has its own descriptor of it
    // A field is a body or an attachment within the bound, or a short string.
    pst::RecordReader records(reader.fd(), static_cast<int>(limits.max_silent_seconds),
                              std::max<std::size_t>(limits.max_buffered_member_bytes, 1 << 16));
    Replay replay(records, limits);
    replay.run(info, out);

    if (replay.done() || replay.stopped()) {
      reader.stop();
    } else if (replay.failure() == pst::RecordReader::Status::Stalled) {
      reader.stop();
      out.problem(Problem::make(ProblemKind::Corrupt,
                                "pst: libpst made no progress for " + std::to_string(limits.max_silent_seconds) +
                                    " s (damaged data?) after " + std::to_string(replay.messages()) +
                                    " messages; the rest is not scanned"));
    } else {
      const bool malformed = replay.failure() == pst::RecordReader::Status::Malformed;
      const int status = malformed ? reader.stop() : reader.wait();
      if (WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0) || malformed)
        out.problem(Problem::make(
            ProblemKind::Corrupt,
            "pst: libpst failed on damaged data" +
                (WIFSIGNALED(status) ? " (signal " + std::to_string(WTERMSIG(status)) + ")" : std::string()) +
                " after " + std::to_string(replay.messages()) + " messages; the rest is not scanned"));
    }
    if (replay.declared_size() > actual_size)
      out.problem(Problem::make(ProblemKind::Corrupt, "pst: " + std::to_string(replay.declared_size() - actual_size) +
                                                          " bytes shorter than its header says (truncated); "
                                                          "read as far as possible"));
  }

 private:
  // Makes what libpst opens: a private copy of the header of an on-disk file (then read through its
  // descriptor), or of the whole item (spool_file.h). False with a problem told when it cannot.
  static bool prepare(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits,
                      std::optional<SpoolFile>& copy, pst::WalkRequest& req, std::uint64_t& actual_size) {
    auto spool = SpoolFile::create();
    if (!spool) {
      out.problem(Problem::make(ProblemKind::Internal, "pst: " + spool.problem().detail));
      return false;
    }
    copy.emplace(std::move(*spool));
    auto append = [&](std::string_view bytes) {
      auto ok = copy->append(bytes);
      if (!ok) out.problem(Problem::make(ProblemKind::Internal, "pst: " + ok.problem().detail));
      return bool(ok);
    };
    req.copy_fd = copy->fd();
    req.max_member_bytes = limits.max_buffered_member_bytes;
    req.heartbeat_seconds = std::max(1u, limits.max_silent_seconds / 4);
    if (const int fd = in.file_descriptor(); fd >= 0) {
      std::string head(kHeaderBytes, '\0');
      std::size_t got = 0;
      while (got < head.size()) {
        const ssize_t n = ::pread(fd, head.data() + got, head.size() - got, static_cast<off_t>(got));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
          out.problem(Problem::make(ProblemKind::Unreadable, std::string("pst: ") + std::strerror(errno)));
          return false;
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
      }
      head.resize(got);
      struct stat st;
      actual_size = ::fstat(fd, &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : info.size;
      if (!append(head)) return false;
      req.file_fd = fd;
      return true;
    }
    // Not a file of its own: a private copy, bounded.
    const std::uint64_t bound = limits.max_spooled_member_bytes;
    auto too_big = [&] {
      out.problem(Problem::make(ProblemKind::Limit,
                                "pst: a PST inside another item is copied to a temporary file, and this one is "
                                "larger than " +
                                    std::to_string(bound) + " bytes (max_spooled_member_bytes); not scanned"));
      return false;
    };
    if (info.size > bound) return too_big();
    std::vector<char> buf(std::max<std::size_t>(limits.read_chunk_bytes, 1));
    for (;;) {
      auto n = in.read(buf);
      if (!n) {
        out.problem(n.problem());
        return false;
      }
      if (*n == 0) break;
      actual_size += *n;
      if (actual_size > bound) return too_big();
      if (!append(std::string_view(buf.data(), *n))) return false;
    }
    return true;
  }
};

}  // namespace

std::unique_ptr<Extractor> make_pst_extractor() { return std::make_unique<PstExtractor>(); }

}  // namespace datavagt
