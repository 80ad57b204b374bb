#include "scanner/progress.h"

#include <unistd.h>

#include <cstdio>

#include "core/utf8.h"
#include "reports/terminal_sink.h"

namespace datavagt {

Progress::Progress(bool enabled, PathDisplay display)
    : enabled_(enabled && ::isatty(STDERR_FILENO)), display_(display) {
  start_ = std::chrono::steady_clock::now();
  if (enabled_) thread_ = std::thread([this] { run(); });
}

Progress::~Progress() {
  if (!enabled_) return;
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
}

void Progress::current(const std::string& path) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  current_ = path;
}

void Progress::say(const std::string& text) {
  std::lock_guard lock(mutex_);  // not in the middle of a redraw
  if (enabled_) std::fputs("\r\033[K", stderr);
  std::fprintf(stderr, "datavagt: %s\n", text.c_str());
  std::fflush(stderr);
}

void Progress::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::milliseconds(250), [this] { return stop_; })) {
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double bytes = static_cast<double>(bytes_.load(std::memory_order_relaxed));
    std::string path = display_.printable(current_);
    if (path.size() > 60) path = "…" + path.substr(utf8::ceil_boundary(path, path.size() - 57));
    std::fprintf(stderr, "\r\033[K%llu files  %s  %s/s  %s", static_cast<unsigned long long>(files_.load()),
                 human_bytes(bytes).c_str(), human_bytes(secs > 0 ? bytes / secs : 0).c_str(), path.c_str());
    std::fflush(stderr);
  }
}

}  // namespace datavagt
