#include "scanner/signal_watch.h"

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <ctime>

namespace datavagt {

namespace {

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

SignalWatcher::SignalWatcher(Handler on_first, Handler on_second)
    : on_first_(std::move(on_first)), on_second_(std::move(on_second)) {
  const sigset_t set = stop_signals();
  ::pthread_sigmask(SIG_BLOCK, &set, &old_mask_);
  signal_fd_ = ::signalfd(-1, &set, SFD_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC);
  thread_ = std::thread([this] { run(); });
}

SignalWatcher::~SignalWatcher() {
  done_.store(true, std::memory_order_release);
  if (wake_fd_ >= 0) {
    const std::uint64_t one = 1;
    while (::write(wake_fd_, &one, sizeof one) < 0 && errno == EINTR) {
    }
  }
  thread_.join();
  if (signal_fd_ >= 0) ::close(signal_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
  // A signal that came after the last wait arrived when the scan was over: taken here, so restoring the mask
  // does not end the process (a test's, or the CLI's on its way out) with it.
  const sigset_t set = stop_signals();
  const timespec now{0, 0};
  while (::sigtimedwait(&set, nullptr, &now) > 0) {
  }
  ::pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

void SignalWatcher::set_on_second(Handler on_second) {
  std::lock_guard lock(mutex_);
  on_second_ = std::move(on_second);
}

int SignalWatcher::wait_for_signal() {
  if (signal_fd_ < 0 || wake_fd_ < 0) {
    // No descriptors (the process is out of them): a short timed wait keeps the thread responsive to done_.
    const sigset_t set = stop_signals();
    const timespec tick{0, 100'000'000};
    return ::sigtimedwait(&set, nullptr, &tick);
  }
  // The destructor's write to wake_fd_ ends the wait at once: no polling, and a scan's exit never waits.
  pollfd fds[2] = {{signal_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  if (::poll(fds, 2, -1) <= 0 || (fds[0].revents & POLLIN) == 0) return -1;
  signalfd_siginfo info;
  if (::read(signal_fd_, &info, sizeof info) != static_cast<ssize_t>(sizeof info)) return -1;
  return static_cast<int>(info.ssi_signo);
}

void SignalWatcher::run() {
  unsigned seen = 0;
  while (!done_.load(std::memory_order_acquire)) {
    const int sig = wait_for_signal();
    if (sig < 0) continue;  // woken to stop, EINTR, or (fallback) a timeout
    if (seen++ == 0) {
      on_first_(sig);
    } else {
      Handler second;
      {
        std::lock_guard lock(mutex_);
        second = on_second_;
      }
      second(sig);
    }
  }
}

}  // namespace datavagt
