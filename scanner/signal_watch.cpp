#include "scanner/signal_watch.h"

#include <pthread.h>

#include <cerrno>
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
  thread_ = std::thread([this] { run(); });
}

SignalWatcher::~SignalWatcher() {
  done_.store(true, std::memory_order_release);
  // Wakes the watcher now rather than at its next tick (a scan's exit would wait up to 100 ms): a SIGINT sent
  // to that thread alone, which it takes as "done" since done_ is set.
  ::pthread_kill(thread_.native_handle(), SIGINT);
  thread_.join();
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

void SignalWatcher::run() {
  const sigset_t set = stop_signals();
  // A short wait keeps the thread responsive to done_ without a wake-up channel; it costs ten wake-ups a second.
  const timespec tick{0, 100'000'000};
  unsigned seen = 0;
  while (!done_.load(std::memory_order_acquire)) {
    const int sig = ::sigtimedwait(&set, nullptr, &tick);
    if (sig < 0) continue;  // EAGAIN (timeout) or EINTR
    if (done_.load(std::memory_order_acquire)) break;  // the destructor's wake-up, or a signal after the scan
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
