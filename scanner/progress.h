#pragma once
// A live progress line on stderr (files, bytes, rate, current path), redrawn a few times a second by its
// own thread, only when stderr is a terminal. Counters are updated by the workers without locks. The path is
// shown through a PathDisplay (a CPR number in a name masked).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "reports/path_display.h"

namespace datavagt {

class Progress {
 public:
  Progress(bool enabled, PathDisplay display);
  ~Progress();  // stops the thread and clears the line

  void file_done(std::uint64_t bytes) {
    files_.fetch_add(1, std::memory_order_relaxed);
    bytes_.fetch_add(bytes, std::memory_order_relaxed);
  }
  void current(const std::string& path);  // cheap when disabled
  // Prints "datavagt: <text>" on its own line on stderr (also when the line is disabled), the progress line
  // cleared first and redrawn after. `text` is printed as given: mask paths in it first (PathDisplay).
  void say(const std::string& text);

 private:
  void run();

  bool enabled_;
  PathDisplay display_;
  std::atomic<std::uint64_t> files_{0};
  std::atomic<std::uint64_t> bytes_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::string current_;
  bool stop_ = false;
  std::chrono::steady_clock::time_point start_;
  std::thread thread_;
};

}  // namespace datavagt
