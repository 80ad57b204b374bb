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
#include "scanner/worker_results.h"

namespace datavagt {

namespace {

using Clock = std::chrono::steady_clock;

// How often a waiting scan looks at the scan's stop (a Ctrl-C is told to the worker within this).
constexpr int kStopPollMs = 200;
// A worker told to stop that is still on its file this long past the grace is killed.
constexpr auto kStopMargin = std::chrono::seconds(2);

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
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    return Problem::make(ProblemKind::Internal, std::string("cannot start a worker process: ") + std::strerror(errno));
  const PassedDescriptor child_end{sv[1], 3};
  // The worker starts with SIGUSR1 (the scan's stop) blocked: one sent before it has its handler waits for
  // it instead of ending it.
  sigset_t usr1, old_mask;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  ::pthread_sigmask(SIG_BLOCK, &usr1, &old_mask);
  auto process = HelperProcess::spawn(kScanWorkerRole, {}, std::span<const PassedDescriptor>(&child_end, 1));
  ::pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  ::close(sv[1]);
  if (!process) {
    ::close(sv[0]);
    return process.problem();
  }
  auto w = std::make_unique<Worker>(Worker{std::move(*process), FrameChannel(sv[0])});
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

FileVerdict WorkerPool::scan(const std::string& path, bool follow_symlink, FileSource* open) {
  FileVerdict v;
  v.info.location.path = path;
  const bool want_hash = open != nullptr && open->hash_pending();
  const std::string request = encode_request(path, follow_symlink, want_hash);
  std::unique_ptr<Worker> w = take_idle();
  // A worker that died while idle (killed from outside) fails the send: a fresh one gets the file.
  for (int attempt = 0;; ++attempt) {
    if (!w) {
      auto started = start();
      if (!started) {
        v.problems.push_back(started.problem());
        return v;
      }
      w = std::move(*started);
    }
    const bool sent = open != nullptr ? w->channel.send_with_fd(worker_frame::kScanOpen, request, open->file_descriptor())
                                      : (w->channel.queue(worker_frame::kScanPath, request), w->channel.flush());
    if (sent) break;
    end(std::move(w), true);
    if (attempt == 1) {
      v.problems.push_back(Problem::make(ProblemKind::Internal, "the worker processes do not start"));
      return v;
    }
  }

  const auto started = Clock::now();
  const bool watched = limits_.max_seconds_per_file > 0;
  const auto deadline = started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                                      limits_.max_seconds_per_file + limits_.worker_watchdog_grace_seconds));
  bool told_to_stop = false;
  std::optional<Clock::time_point> stop_passed;
  Frame frame;
  for (;;) {
    int timeout_ms = -1;
    if (watched)
      timeout_ms = static_cast<int>(std::max<std::int64_t>(
          0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count() + 1));
    if (stop_ != nullptr) timeout_ms = timeout_ms < 0 ? kStopPollMs : std::min(timeout_ms, kStopPollMs);
    const auto got = w->channel.next(frame, timeout_ms);
    if (got == FrameChannel::Got::Frame) {
      wire::FileEnd e;
      const ResultStep step = add_result_frame(frame, v, e);
      if (step == ResultStep::More) continue;
      if (step == ResultStep::End) {
        if (e.hash && open != nullptr) open->set_content_hash(*e.hash);
        if (e.retiring) {
          end(std::move(w), false);
          std::lock_guard lock(mutex_);
          counts_.recycled++;
        } else {
          give_back(std::move(w));
        }
        return v;
      }
      end(std::move(w), true);
      v.problems.push_back(Problem::make(ProblemKind::Crashed, "the worker process sent a malformed result"));
      break;
    }
    if (got == FrameChannel::Got::End) {  // the worker is gone
      std::uint64_t peak = 0;
      const int status = end(std::move(w), false, &peak);
      v.problems.push_back(failure(status, peak));
      break;
    }
    const auto now = Clock::now();
    if (watched && now >= deadline) {
      end(std::move(w), true);
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%g", limits_.max_seconds_per_file);
      v.problems.push_back(Problem::make(ProblemKind::Timeout, std::string("the worker process was stopped: still on "
                                                                           "this file past its ") +
                                                                   seconds + " s (--max-seconds)"));
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
          v.problems.push_back(Problem::make(ProblemKind::Interrupted, "the scan was stopped while this file was being read"));
          break;
        }
      }
    }
  }
  // The worker is gone; the file keeps what it had sent.
  {
    std::lock_guard lock(mutex_);
    if (v.problems.back().kind != ProblemKind::Interrupted) counts_.replaced++;
  }
  fill_info(v, follow_symlink, open);
  if (v.format.empty()) v.format = sniffed_format(path, follow_symlink, open);
  return v;
}

}  // namespace datavagt
