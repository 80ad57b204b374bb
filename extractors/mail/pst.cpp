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
// files and is not thread-safe. The process is this same program started afresh (posix_spawn of
// /proc/self/exe with DATAVAGT_PST_READER set; run_as_pst_reader() takes over before main()): a plain fork()
// of the multi-threaded scanner could inherit a lock another thread held at that moment (glibc's iconv lock,
// taken by libpst's pst_open) and wait on it for ever. That process sends what it reads through a pipe (pst_records.h), one record
// at a time, and waits while the scanner scans; a crash ends that file's reading (`corrupt`, with everything
// before it kept), as does silence longer than Limits::max_silent_seconds (the process is killed; while
// libpst keeps reading the file, a heartbeat keeps it alive). Its
// stdout and stderr are /dev/null, and it holds no descriptor but the pipe and the PST.
// Memory: libpst keeps the file's index (tens of bytes per item) and one item at a time; a body or an
// attachment is held while it is scanned, up to Limits::max_buffered_member_bytes (larger: `limit`).
// Files: libpst opens a file by name (pst_open). For an on-disk file it reads the header from a private copy
// of the first 4 KB (a temporary file, unlinked as soon as it is open), then its FILE is swapped for one on a
// duplicate of the scanner's own O_NOATIME descriptor: every read of the PST itself goes through that
// descriptor, so its access time does not change, and it is the very file the walk opened (those reads are
// not counted in FileVerdict::bytes_read). A PST inside another item (a zip) is copied to a private temporary
// file in $TMPDIR (mode 0600, unlinked once libpst has it open, and in any case when the extraction ends), up
// to Limits::max_spooled_member_bytes; a larger one is not scanned (`limit`).
// Damage: a file libpst cannot open, or without a folder tree, is `corrupt`; so is one shorter than its header
// says; items libpst cannot parse are counted into one `corrupt` problem, and the rest is read. "Compressible"
// and "high" encryption are undone by libpst; a PST password is only a checksum (the content is not
// encrypted by it), so such a file is read as any other, with a note.
#include <fcntl.h>
#include <spawn.h>
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
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.h"
#include "extractors/extractor.h"
#include "extractors/mail/pst_records.h"
#include "extractors/mail/pst_walk.h"
#include "extractors/registry.h"
#include "extractors/text_emitter.h"

namespace datavagt {

namespace {

constexpr std::size_t kHeaderBytes = 4096;  // pst_open reads the first ~600 bytes

// A private temporary file (mode 0600 in $TMPDIR, else /tmp), removed when it goes or on unlink().
class TempFile {
 public:
  TempFile() = default;
  ~TempFile() {
    unlink();
    if (fd_ >= 0) ::close(fd_);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  bool create() {
    const char* dir = std::getenv("TMPDIR");
    std::string tmpl = std::string(dir && *dir ? dir : "/tmp") + "/datavagt-pst-XXXXXX";
    fd_ = ::mkostemp(tmpl.data(), O_CLOEXEC);  // mode 0600
    if (fd_ < 0) return false;
    path_ = std::move(tmpl);
    return true;
  }
  bool write_all(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  const std::string& path() const { return path_; }
  void unlink() {
    if (path_.empty()) return;
    ::unlink(path_.c_str());
    path_.clear();
  }

 private:
  int fd_ = -1;
  std::string path_;
};

// The reader process's environment variable (its request) and descriptors.
constexpr const char* kReaderEnv = "DATAVAGT_PST_READER";
constexpr int kReaderPipeFd = 3;
constexpr int kReaderFileFd = 4;

// The PST reader process: started with a request, killed (if still running) and reaped when it goes.
class ReaderProcess {
 public:
  ReaderProcess() = default;
  ~ReaderProcess() { stop(); }
  ReaderProcess(const ReaderProcess&) = delete;
  ReaderProcess& operator=(const ReaderProcess&) = delete;

  bool start(const pst::WalkRequest& req) {
    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0) return false;
    // Room for a few messages in flight: libpst parses the next while the scanner matches this one (two
    // cores on one PST). Beyond the system's pipe-max-size this fails and the default 64 KB stays.
    ::fcntl(p[1], F_SETPIPE_SZ, 1 << 20);
    const int err = spawn(req, p[1]);
    ::close(p[1]);
    if (err != 0) {
      ::close(p[0]);
      errno = err;
      return false;
    }
    fd_ = p[0];
    return true;
  }
  int fd() const { return fd_; }

  // Ends the process (killing it if it still runs) and returns its wait status.
  int stop() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (pid_ <= 0) return status_;
    if (::waitpid(pid_, &status_, WNOHANG) == 0) {
      ::kill(pid_, SIGKILL);
      while (::waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
      }
    }
    pid_ = -1;
    return status_;
  }
  // Waits for the process to end by itself (after it said it is done, or closed the pipe).
  int wait() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (pid_ > 0) {
      while (::waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
      }
      pid_ = -1;
    }
    return status_;
  }

 private:
  // Starts this program again as the reader: the pipe on kReaderPipeFd, the PST (if open) on kReaderFileFd,
  // /dev/null on 0-2, nothing else open; the request in the environment. Returns 0 or an errno value.
  int spawn(const pst::WalkRequest& req, int wfd) {
    // Out of the way of 3 and 4 first, so that one dup2 cannot overwrite the other's source.
    const int pipe_hi = ::fcntl(wfd, F_DUPFD_CLOEXEC, 10);
    const int file_hi = req.file_fd >= 0 ? ::fcntl(req.file_fd, F_DUPFD_CLOEXEC, 10) : -1;
    int err = pipe_hi < 0 || (req.file_fd >= 0 && file_hi < 0) ? errno : 0;
    posix_spawn_file_actions_t fa;
    if (err == 0) err = ::posix_spawn_file_actions_init(&fa);
    if (err == 0) {
      ::posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
      ::posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
      ::posix_spawn_file_actions_adddup2(&fa, 1, 2);
      ::posix_spawn_file_actions_adddup2(&fa, pipe_hi, kReaderPipeFd);
      if (file_hi >= 0) ::posix_spawn_file_actions_adddup2(&fa, file_hi, kReaderFileFd);
      ::posix_spawn_file_actions_addclosefrom_np(&fa, kReaderFileFd + 1);
      std::string request = std::string(kReaderEnv) + "=" + std::to_string(req.max_member_bytes) + " " +
                            std::to_string(req.heartbeat_seconds) + " " + (file_hi >= 0 ? "1" : "0") + " " +
                            req.path;
      std::vector<char*> env;
      for (char** e = environ; *e; ++e)
        if (std::strncmp(*e, kReaderEnv, std::strlen(kReaderEnv)) != 0) env.push_back(*e);
      env.push_back(request.data());
      env.push_back(nullptr);
      char name[] = "datavagt-pst-reader";
      char* argv[] = {name, nullptr};
      err = ::posix_spawn(&pid_, "/proc/self/exe", &fa, nullptr, argv, env.data());
      if (err != 0) pid_ = -1;
      ::posix_spawn_file_actions_destroy(&fa);
    }
    if (pipe_hi >= 0) ::close(pipe_hi);
    if (file_hi >= 0) ::close(file_hi);
    return err;
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  int status_ = 0;
};

}  // namespace

// The reader process (ReaderProcess::spawn): runs before main() in whatever program this extractor is linked
// into (datavagt, the tests), reads the PST, writes its records to the pipe and exits without returning.
// In every other process DATAVAGT_PST_READER is unset and this returns at once.
__attribute__((constructor)) void run_as_pst_reader() {
  const char* spec = std::getenv(kReaderEnv);
  if (spec == nullptr) return;
  pst::WalkRequest req;
  unsigned long long max_member = 0;
  unsigned heartbeat = 0;
  int has_file = 0;
  int used = 0;
  if (std::sscanf(spec, "%llu %u %d %n", &max_member, &heartbeat, &has_file, &used) < 3 || used <= 0) ::_exit(4);
  req.max_member_bytes = static_cast<std::size_t>(max_member);
  req.heartbeat_seconds = heartbeat;
  req.file_fd = has_file ? kReaderFileFd : -1;
  req.path = spec + used;
  try {
    pst::RecordWriter w(kReaderPipeFd);
    pst::walk(req, w);
  } catch (...) {
    ::_exit(3);
  }
  ::_exit(0);
}

namespace {

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
    TempFile tmp;
    std::uint64_t actual_size = 0;
    pst::WalkRequest req;
    if (!prepare(in, info, out, limits, tmp, req, actual_size)) return;

    ReaderProcess reader;
    if (!reader.start(req)) {
      out.problem(Problem::make(ProblemKind::Internal, std::string("pst: cannot start the PST reader: ") +
                                                           std::strerror(errno)));
      return;
    }
    // A field is a body or an attachment within the bound, or a short string.
    pst::RecordReader records(reader.fd(), static_cast<int>(limits.max_silent_seconds),
                              std::max<std::size_t>(limits.max_buffered_member_bytes, 1 << 16));
    Replay replay(records, limits);
    replay.run(info, out);
    tmp.unlink();

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
  // descriptor), or of the whole item. False with a problem told when it cannot.
  static bool prepare(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits, TempFile& tmp,
                      pst::WalkRequest& req, std::uint64_t& actual_size) {
    auto internal = [&](const std::string& what) {
      out.problem(Problem::make(ProblemKind::Internal, "pst: " + what + ": " + std::strerror(errno)));
      return false;
    };
    if (!tmp.create()) return internal("cannot create a temporary file");
    req.path = tmp.path();
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
      if (!tmp.write_all(head)) return internal("cannot write a temporary file");
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
      if (!tmp.write_all(std::string_view(buf.data(), *n))) return internal("cannot write a temporary file");
    }
    return true;
  }
};

}  // namespace

std::unique_ptr<Extractor> make_pst_extractor() { return std::make_unique<PstExtractor>(); }

}  // namespace datavagt
