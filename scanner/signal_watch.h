#pragma once
// Ctrl-C and SIGTERM during a scan. The watcher blocks SIGINT and SIGTERM in the thread that makes it — and so
// in every thread and helper process started after it (TBB's workers, the progress line, the PST reader, which
// its owner stops) — and waits for them on a thread of its own, where any code may run (no async-signal
// restrictions). The first signal calls `on_first`; a second one calls `on_second`, which is expected to end
// the process at once. Make it before any other thread exists; its destructor stops the thread and restores
// the signal mask (the thread waits on a signalfd and an eventfd, so stopping it takes no time). Not
// copyable; one per scan.
#include <atomic>
#include <csignal>
#include <functional>
#include <mutex>
#include <thread>

namespace datavagt {

class SignalWatcher {
 public:
  using Handler = std::function<void(int signal)>;
  SignalWatcher(Handler on_first, Handler on_second);
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  // Replaces the handler for a second signal (e.g. once the outputs exist that it must close).
  void set_on_second(Handler on_second);

 private:
  void run();
  // The next stop signal, or -1 when woken (by the destructor) or interrupted.
  int wait_for_signal();

  sigset_t old_mask_;
  Handler on_first_;
  std::mutex mutex_;
  Handler on_second_;
  std::atomic<bool> done_{false};
  int signal_fd_ = -1;  // signalfd of SIGINT/SIGTERM (close-on-exec)
  int wake_fd_ = -1;    // eventfd the destructor writes to end the wait
  std::thread thread_;
};

}  // namespace datavagt
