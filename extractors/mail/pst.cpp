// Outlook personal folders and offline stores (PST, OST; ANSI and Unicode) through libpst:
// - every folder below the store's top, every item in it, in libpst's order; each item is a member of its
//   own, `<folder path>/<message_label(n, subject, date)>` (e.g. `Indbakke/12 Ansøgning (2019-03-01)`), with
//   the folder names as stored (`Indbakke`, `Slettet post`), n counting the items of that folder from 1, and
//   the item's delivery (else submit) time as its mtime. It is handed on as a byte item like any other member
//   (ExtractSink::nested), in a format of our own (pst_message.h: the reader's records of that message,
//   streamed), which the PST message extractor reads: a finding carries the message's location, and the
//   scanner deduplicates, parallelises and bounds messages as it does zip entries. What a message holds:
//     subject ("subject"), sender and recipient display names ("header"), the plain body ("body"), the HTML
//     body ("html body"), the compressed RTF body decompressed ("rtf body"; skipped when it only wraps an HTML
//     or plain body that was read already), contact fields ("contact"), an appointment's place
//     ("appointment"), a journal entry's description ("journal");
// - attachments as nested members one level below their message, named after their file name; an attached
//   message (an embedded .msg) as a nested message `<n> <subject> (<date>)` with its own text and attachments.
// libpst runs in a process of its own (pst_walk.h), started for each PST: it crashes and hangs on some damaged
// files and is not thread-safe. The process is this same program started afresh in the helper role
// "pst-reader" (core/helper_process.h: posix_spawn of /proc/self/exe; main() runs the role when asked): a
// plain fork() of the multi-threaded scanner could inherit a lock another thread held at that moment (glibc's
// iconv lock, taken by libpst's pst_open) and wait on it for ever. That process sends what it reads through a
// pipe (pst_records.h), one record at a time, and waits while the scanner scans; a crash ends that file's reading (`corrupt`, with everything
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
#include "extractors/extractor.h"
#include "extractors/mail/pst_message.h"
#include "extractors/mail/pst_records.h"
#include "extractors/mail/pst_walk.h"
#include "extractors/spool_file.h"

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

using pst::Record;
using pst::RecordReader;

// What reading the reader's records came to.
struct Walked {
  std::uint64_t declared_size = 0;  // the file size the PST's header declares
  std::uint64_t messages = 0;       // messages read (attached ones too)
  bool done = false;                // the reader read the whole file
  bool stopped = false;             // the sink wanted no more (the file's budget is spent)
  RecordReader::Status failure = RecordReader::Status::Ok;
};

Walked malformed(Walked& w) {
  w.failure = RecordReader::Status::Malformed;
  return w;
}

// The file's records: each message handed on as a member of its own (pst_message.h), problems and notes.
Walked walk_records(RecordReader& records, const ItemInfo& info, ExtractSink& out) {
  Walked w;
  Record type;
  std::vector<std::string> f;
  for (;;) {
    if (out.stop_requested()) {
      w.stopped = true;
      return w;
    }
    w.failure = records.next(type, f);
    if (w.failure != RecordReader::Status::Ok) return w;
    switch (type) {
      case Record::Opened:
        if (f.size() != 1 || !pst::decimal_field(f[0])) return malformed(w);
        w.declared_size = *pst::decimal_field(f[0]);
        break;
      case Record::Message: {
        const auto m = pst::message_member(info, f);
        if (!m) return malformed(w);
        ++w.messages;
        pst::MessageSource message(records);
        out.nested(*m, message);
        const bool whole = message.drain();  // what the sink did not read (a message past the depth limit)
        w.messages += message.attached_messages();
        if (!whole) {
          w.failure = message.failure();
          return w;
        }
        break;
      }
      case Record::Problem: {
        auto p = pst::record_problem(info, f);
        if (!p) return malformed(w);
        out.problem(std::move(*p));
        break;
      }
      case Record::Note:
        if (f.size() != 1) return malformed(w);
        out.note(f[0]);
        break;
      case Record::Done:
        w.done = true;
        return w;
      default:  // a message's record outside a message
        return malformed(w);
    }
  }
}

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
    pst::PipeSource pipe(reader.fd(), limits.max_silent_seconds);
    RecordReader records(pipe, std::max<std::size_t>(limits.max_buffered_member_bytes, 1 << 16));
    const Walked w = walk_records(records, info, out);

    if (w.done || w.stopped) {
      reader.stop();
    } else if (w.failure == RecordReader::Status::Failed && pipe.stalled()) {
      reader.stop();
      out.problem(Problem::make(ProblemKind::Corrupt,
                                "pst: libpst made no progress for " + std::to_string(limits.max_silent_seconds) +
                                    " s (damaged data?) after " + std::to_string(w.messages) +
                                    " messages; the rest is not scanned"));
    } else {
      const bool malformed = w.failure != RecordReader::Status::Eof;
      const int status = malformed ? reader.stop() : reader.wait();
      if (WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0) || malformed)
        out.problem(Problem::make(
            ProblemKind::Corrupt,
            "pst: libpst failed on damaged data" +
                (WIFSIGNALED(status) ? " (signal " + std::to_string(WTERMSIG(status)) + ")" : std::string()) +
                " after " + std::to_string(w.messages) + " messages; the rest is not scanned"));
    }
    if (w.declared_size > actual_size)
      out.problem(Problem::make(ProblemKind::Corrupt, "pst: " + std::to_string(w.declared_size - actual_size) +
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
