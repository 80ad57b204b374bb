#include "scanner/worker_pool.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>

#include "core/helper_process.h"
#include "extractors/format.h"
#include "scanner/frame_channel.h"
#include "scanner/verdict_wire.h"
#include "scanner/worker_progress.h"
#include "scanner/worker_results.h"

namespace datavagt {

namespace {

using Clock = std::chrono::steady_clock;

// How often a waiting scan looks at the scan's stop (a Ctrl-C is told to the worker within this).
constexpr int kStopPollMs = 200;
// A worker told to stop that is still on its file this long past the grace is killed.
constexpr auto kStopMargin = std::chrono::seconds(2);
// A request holds as many files as take about this long (preferred_batch): long enough that a request's two
// system calls and two wake-ups are lost in its work, short enough that no file waits long behind the others.
constexpr double kBatchSeconds = 0.02;

std::string signal_text(int sig) {
  const char* abbrev = ::sigabbrev_np(sig);
  return abbrev != nullptr ? "SIG" + std::string(abbrev) : "signal " + std::to_string(sig);
}

// The file's own facts for a file whose worker died before it sent them.
void fill_info(FileVerdict& v, bool follow_symlink, FileSource* open) {
  struct stat st {};
  if (open != nullptr)
    st = open->stat();
  else if (::fstatat(AT_FDCWD, v.info.location.path.c_str(), &st, follow_symlink ? 0 : AT_SYMLINK_NOFOLLOW) != 0)
    return;
  v.info.size = static_cast<std::uint64_t>(st.st_size);
  v.info.mtime = st.st_mtim.tv_sec;
  v.info.owner_uid = st.st_uid;
  v.info.mode = st.st_mode & 07777;
}

// The format of a file whose worker died on it, sniffed here from its first bytes as the worker did, so that its
// error record names it as an in-process scan's would ("" if the file cannot be read now). Only our sniffer
// reads the bytes; nothing the worker fell on runs in this process.
std::string sniffed_format(const std::string& path, bool follow_symlink, FileSource* open) {
  std::unique_ptr<FileSource> opened;
  if (open == nullptr) {
    auto src = FileSource::open(path, follow_symlink);
    if (!src) return {};
    opened = std::move(*src);
  }
  const int fd = open != nullptr ? open->file_descriptor() : opened->file_descriptor();
  std::string head(kLongSniffBytes, '\0');
  std::size_t have = 0;
  while (have < head.size()) {  // pread: the descriptor's offset is the store's, not ours to move
    const ssize_t n = ::pread(fd, head.data() + have, head.size() - have, static_cast<off_t>(have));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return {};
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
  }
  head.resize(have);
  struct stat st {};
  const std::uint64_t size = ::fstat(fd, &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : have;
  return std::string(format_name(sniff_item_head(head, size)));
}

}  // namespace

struct WorkerPool::Worker {
  HelperProcess process;
  FrameChannel channel;
  WorkerProgress progress;
  std::uint64_t files = 0;  // sent to it, answered or not: the progress slot's file numbers
};

WorkerPool::WorkerPool(const WorkerSettings& settings, const ScanStop* stop)
    : settings_frame_(encode_settings(settings)), limits_(settings.limits), stop_(stop) {}

WorkerPool::~WorkerPool() {
  std::vector<std::unique_ptr<Worker>> idle;
  {
    std::lock_guard lock(mutex_);
    idle.swap(idle_);
  }
  for (auto& w : idle) end(std::move(w), true);
}

WorkerCounts WorkerPool::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

Result<std::unique_ptr<WorkerPool::Worker>> WorkerPool::start() {
  auto progress = WorkerProgress::create();
  if (!progress) return progress.problem();
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    return Problem::make(ProblemKind::Internal, std::string("cannot start a worker process: ") + std::strerror(errno));
  const PassedDescriptor passed[] = {{sv[1], kWorkerSocketFd}, {progress->fd(), kWorkerProgressFd}};
  // The worker starts with SIGUSR1 (the scan's stop) blocked: one sent before it has its handler waits for
  // it instead of ending it.
  sigset_t usr1, old_mask;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  ::pthread_sigmask(SIG_BLOCK, &usr1, &old_mask);
  auto process = HelperProcess::spawn(kScanWorkerRole, {}, passed);
  ::pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  ::close(sv[1]);
  if (!process) {
    ::close(sv[0]);
    return process.problem();
  }
  auto w = std::make_unique<Worker>(Worker{std::move(*process), FrameChannel(sv[0]), std::move(*progress), 0});
  w->channel.queue(worker_frame::kSettings, settings_frame_);
  // A worker that cannot take its settings is gone: the send below fails and the caller tries once more.
  (void)w->channel.flush();
  std::lock_guard lock(mutex_);
  alive_.insert(w->process.pid());
  counts_.started++;
  return w;
}

std::unique_ptr<WorkerPool::Worker> WorkerPool::take_idle() {
  std::lock_guard lock(mutex_);
  if (idle_.empty()) return nullptr;
  auto w = std::move(idle_.back());
  idle_.pop_back();
  return w;
}

void WorkerPool::give_back(std::unique_ptr<Worker> w) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(w));
}

int WorkerPool::end(std::unique_ptr<Worker> w, bool kill, std::uint64_t* peak_rss) {
  const pid_t pid = w->process.pid();
  if (kill && pid > 0) ::kill(pid, SIGKILL);
  struct rusage usage {};
  const int status = w->process.wait(&usage);
  if (peak_rss != nullptr) *peak_rss = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
  std::lock_guard lock(mutex_);
  alive_.erase(pid);
  return status;
}

void WorkerPool::kill_all() {
  std::lock_guard lock(mutex_);
  for (pid_t pid : alive_) ::kill(pid, SIGKILL);
}

Problem WorkerPool::failure(int status, std::uint64_t peak_rss) const {
  const std::uint64_t limit = limits_.max_worker_memory_bytes;
  if (WIFEXITED(status) && WEXITSTATUS(status) == kMemoryLimitExit)
    return Problem::make(ProblemKind::MemoryLimit, "the worker process ran out of its memory limit (" +
                                                       std::to_string(limit >> 20) + " MiB, --max-worker-memory)");
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    if (sig == SIGXCPU)
      return Problem::make(ProblemKind::Timeout, "the worker process used its CPU time for one file (--max-seconds)");
    // A library that met a failed allocation near the limit and fell over, or the kernel's OOM killer.
    if (limit > 0 && peak_rss >= limit / 10 * 9 &&
        (sig == SIGKILL || sig == SIGSEGV || sig == SIGABRT || sig == SIGBUS))
      return Problem::make(ProblemKind::MemoryLimit, "the worker process was killed by " + signal_text(sig) +
                                                         " at its memory limit (--max-worker-memory)");
    return Problem::make(ProblemKind::Crashed, "the worker process was killed by " + signal_text(sig));
  }
  if (WIFEXITED(status))
    return Problem::make(ProblemKind::Crashed,
                         "the worker process ended unexpectedly (exit status " + std::to_string(WEXITSTATUS(status)) + ")");
  return Problem::make(ProblemKind::Crashed, "the worker process ended unexpectedly");
}

std::size_t WorkerPool::preferred_batch() const {
  const double per_file = seconds_per_file_.load(std::memory_order_relaxed);
  if (per_file <= 0) return 1;
  return static_cast<std::size_t>(std::clamp(kBatchSeconds / per_file, 1.0, static_cast<double>(kMaxBatchFiles)));
}

FileVerdict WorkerPool::scan(const std::string& path, bool follow_symlink, FileSource* open) {
  const FileRequest request{path, follow_symlink};
  FileVerdict out;
  run(std::span<const FileRequest>(&request, 1), open, [&out](std::size_t, FileVerdict& v) { out = std::move(v); });
  return out;
}

void WorkerPool::scan_batch(std::span<const FileRequest> files, const FileScanner::FileDone& done) {
  for (std::size_t at = 0; at < files.size(); at += kMaxBatchFiles)
    run(files.subspan(at, std::min(kMaxBatchFiles, files.size() - at)), nullptr,
        [&](std::size_t i, FileVerdict& v) { done(at + i, v); });
}

void WorkerPool::run(std::span<const FileRequest> files, FileSource* open, const FileScanner::FileDone& done) {
  // The files still without a verdict (indices into `files`), in the order they are sent.
  std::vector<std::size_t> todo(files.size());
  for (std::size_t i = 0; i < todo.size(); ++i) todo[i] = i;
  const auto fresh = [&](std::size_t i) {
    FileVerdict v;
    v.info.location.path = files[i].path;
    return v;
  };
  // Hands over files[i]'s verdict, ended by `p`: with the file's own facts, and its format sniffed here (as an
  // in-process scan would have named it) unless the file was never to be read (the scan stopped first).
  const auto answer_failed = [&](std::size_t i, FileVerdict& v, const Problem& p, bool sniff) {
    v.problems.push_back(p);
    fill_info(v, files[i].follow_symlink, open);
    if (sniff && v.format.empty()) v.format = sniffed_format(files[i].path, files[i].follow_symlink, open);
    done(i, v);
  };
  // Gives the remaining files `p` (nothing more can be done for them).
  const auto give_up = [&](std::span<const std::size_t> rest, const Problem& p) {
    for (const std::size_t i : rest) {
      FileVerdict v = fresh(i);
      answer_failed(i, v, p, p.kind != ProblemKind::Interrupted);
    }
  };
  const bool want_hash = open != nullptr && open->hash_pending();
  const bool watched = limits_.max_seconds_per_file > 0;
  const auto allowed = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(limits_.max_seconds_per_file + limits_.worker_watchdog_grace_seconds));
  int fruitless = 0;  // workers in a row that died without answering or being on any file
  while (!todo.empty()) {
    std::unique_ptr<Worker> w = take_idle();
    // A worker that died while idle (killed from outside) fails the send: a fresh one gets the files.
    for (int attempt = 0;; ++attempt) {
      if (!w) {
        auto started = start();
        if (!started) return give_up(todo, started.problem());
        w = std::move(*started);
      }
      bool sent;
      if (open != nullptr) {
        sent = w->channel.send_with_fd(worker_frame::kScanOpen, encode_request(files[0].path, files[0].follow_symlink, want_hash),
                                       open->file_descriptor());
      } else {
        w->channel.queue(worker_frame::kScanBatch, encode_batch(files, todo));
        sent = w->channel.flush();
      }
      if (sent) break;
      end(std::move(w), true);
      if (attempt == 1) return give_up(todo, Problem::make(ProblemKind::Internal, "the worker processes do not start"));
    }

    const auto sent_at = Clock::now();
    const std::uint64_t first = w->files + 1;  // the progress slot's number of todo[0]
    w->files += todo.size();
    std::size_t next = 0;  // todo[next]: the file whose results are arriving
    FileVerdict current = fresh(todo[0]);
    bool told_to_stop = false;
    std::optional<Clock::time_point> stop_passed;
    // The file being scanned when the worker was lost (a position in todo), and why it was lost.
    std::optional<std::size_t> blamed;
    std::optional<Problem> failed;
    bool interrupted = false;
    Frame frame;
    for (;;) {
      // The watchdog's deadline: the allowance from the slot's last change (a file started, or the last one
      // ended), not before the request was sent (a fresh worker's start counts against its first file).
      const auto seen = w->progress.seen();
      const std::uint64_t on = seen.in_progress();
      const bool on_file = on >= first && on < first + todo.size();
      const auto since = std::max(sent_at, Clock::time_point(std::chrono::duration_cast<Clock::duration>(
                                               std::chrono::nanoseconds(seen.since_ns))));
      int timeout_ms = -1;
      if (watched)
        timeout_ms = static_cast<int>(std::max<std::int64_t>(
            0, std::chrono::duration_cast<std::chrono::milliseconds>(since + allowed - Clock::now()).count() + 1));
      if (stop_ != nullptr) timeout_ms = timeout_ms < 0 ? kStopPollMs : std::min(timeout_ms, kStopPollMs);
      const auto got = w->channel.next(frame, timeout_ms);
      if (got == FrameChannel::Got::Frame) {
        wire::FileEnd e;
        const ResultStep step = add_result_frame(frame, current, e);
        if (step == ResultStep::More) continue;
        if (step == ResultStep::End) {
          if (e.hash && open != nullptr) open->set_content_hash(*e.hash);
          done(todo[next], current);
          if (++next < todo.size()) {  // (a worker retires only after a request's last file)
            current = fresh(todo[next]);
            continue;
          }
          // The request is answered.
          const double per_file =
              std::chrono::duration<double>(Clock::now() - sent_at).count() / static_cast<double>(todo.size());
          const double before = seconds_per_file_.load(std::memory_order_relaxed);
          seconds_per_file_.store(before <= 0 ? per_file : 0.75 * before + 0.25 * per_file, std::memory_order_relaxed);
          if (e.retiring) {
            end(std::move(w), false);
            std::lock_guard lock(mutex_);
            counts_.recycled++;
          } else {
            give_back(std::move(w));
          }
          return;
        }
        end(std::move(w), true);
        blamed = next;
        failed = Problem::make(ProblemKind::Crashed, "the worker process sent a malformed result");
        break;
      }
      if (got == FrameChannel::Got::End) {  // the worker is gone: on the file in its slot, if any
        const std::uint64_t last = w->progress.seen().in_progress();
        std::uint64_t peak = 0;
        const int status = end(std::move(w), false, &peak);
        if (last >= first + next && last < first + todo.size()) blamed = last - first;
        failed = failure(status, peak);
        break;
      }
      const auto now = Clock::now();
      if (watched && now >= since + allowed && w->progress.seen().file == seen.file) {
        end(std::move(w), true);
        blamed = on_file && on >= first + next ? on - first : next;
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%g", limits_.max_seconds_per_file);
        failed = Problem::make(ProblemKind::Timeout, std::string("the worker process was stopped: still on this file "
                                                                 "past its ") + seconds + " s (--max-seconds)");
        break;
      }
      if (stop_ != nullptr && stop_->requested()) {
        if (!told_to_stop) {
          ::kill(w->process.pid(), SIGUSR1);
          told_to_stop = true;
        }
        if (stop_->past_deadline()) {
          if (!stop_passed) stop_passed = now;
          if (now - *stop_passed >= kStopMargin) {
            end(std::move(w), true);
            interrupted = true;
            break;
          }
        }
      }
    }

    // The worker is gone. The file it was on keeps what it had sent and gets the reason; the others it had not
    // answered go to a fresh worker (or, when the scan is stopping, are interrupted).
    if (interrupted) {
      answer_failed(todo[next], current,
                    Problem::make(ProblemKind::Interrupted, "the scan was stopped while this file was being read"), true);
      give_up(std::span<const std::size_t>(todo).subspan(next + 1),
              Problem::make(ProblemKind::Interrupted, "the scan was stopped before this file was read"));
      return;
    }
    {
      std::lock_guard lock(mutex_);
      counts_.replaced++;
    }
    std::vector<std::size_t> rest;
    if (blamed) {
      FileVerdict v = *blamed == next ? std::move(current) : fresh(todo[*blamed]);
      answer_failed(todo[*blamed], v, *failed, true);
      fruitless = 0;
    } else if (next > 0) {
      fruitless = 0;
    } else if (++fruitless >= 2) {  // workers that die before any file: the next would too
      return give_up(todo, *failed);
    }
    for (std::size_t k = next; k < todo.size(); ++k)
      if (!blamed || k != *blamed) rest.push_back(todo[k]);
    todo = std::move(rest);
  }
}

}  // namespace datavagt
