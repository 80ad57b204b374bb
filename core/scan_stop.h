#pragma once
// A scan asked to stop as a whole (Ctrl-C, SIGTERM): requested once by the scanner's signal watcher, read by
// the walk (no new files or folders) and by every file's budget (scanner/file_budget.h), which lets a file in
// progress run on until the deadline and then cuts it off. Thread-safe and lock-free; no I/O, no signals
// here (async-signal-safe to request, too).
#include <atomic>
#include <chrono>
#include <cstdint>

namespace datavagt {

class ScanStop {
 public:
  // The first request wins; files in progress may run `grace` longer.
  void request(int signal, std::chrono::steady_clock::duration grace) {
    int none = 0;
    if (!signal_.compare_exchange_strong(none, signal, std::memory_order_acq_rel)) return;
    const auto deadline = std::chrono::steady_clock::now() + grace;
    deadline_ns_.store(deadline.time_since_epoch().count(), std::memory_order_release);
  }
  bool requested() const { return signal_.load(std::memory_order_acquire) != 0; }
  int signal() const { return signal_.load(std::memory_order_acquire); }
  // Files still being scanned must stop now.
  bool past_deadline() const {
    if (!requested()) return false;
    return std::chrono::steady_clock::now().time_since_epoch().count() >
           deadline_ns_.load(std::memory_order_acquire);
  }

 private:
  std::atomic<int> signal_{0};
  std::atomic<std::int64_t> deadline_ns_{INT64_MAX};
};

}  // namespace datavagt
