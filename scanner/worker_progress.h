#pragma once
// Which file a worker process is on, and since when: one small page of memory shared by the scanner and one
// worker (worker_pool.h, scan_worker.h). The worker writes it before and after every file, with no system
// call; the scanner reads it when the worker has died (which file of a batch it was on: that file gets the
// reason, the others are scanned again) and for the watchdog (how long the current file has run). So a batch
// of many small files costs one request and one answer, not two per file.
// - The scanner creates it (create(): a memfd, passed to the worker as a descriptor); the worker maps that
//   descriptor (map()). Each side owns its mapping; the memory goes when both have unmapped it.
// - Thread-safety: the fields are lock-free atomics (address-free, so they work across processes); one worker
//   writes, the scanner reads. A worker that dies mid-write leaves a value that was whole before or after.
#include <atomic>
#include <cstdint>

#include "core/result.h"

namespace datavagt {

struct WorkerProgressSlot {
  // The file in progress, counted from 1 over the worker's life, with kDone set once it is done (so every
  // step changes the value); 0 before the first.
  static constexpr std::uint64_t kDone = std::uint64_t{1} << 63;
  std::atomic<std::uint64_t> file{0};
  // When `file` last changed: steady_clock (CLOCK_MONOTONIC, the same clock in every process), nanoseconds.
  std::atomic<std::int64_t> since_ns{0};
};
static_assert(std::atomic<std::uint64_t>::is_always_lock_free && std::atomic<std::int64_t>::is_always_lock_free);

class WorkerProgress {
 public:
  // The scanner's side: a fresh slot and the descriptor to hand to the worker (fd()).
  static Result<WorkerProgress> create();
  // The worker's side: maps the slot behind `fd` (taken over: closed here); a bad descriptor fails.
  static Result<WorkerProgress> map(int fd);
  WorkerProgress(WorkerProgress&& o) noexcept : slot_(o.slot_), fd_(o.fd_) {
    o.slot_ = nullptr;
    o.fd_ = -1;
  }
  WorkerProgress& operator=(WorkerProgress&& o) noexcept;
  WorkerProgress(const WorkerProgress&) = delete;
  WorkerProgress& operator=(const WorkerProgress&) = delete;
  ~WorkerProgress();

  int fd() const { return fd_; }
  WorkerProgressSlot& slot() const { return *slot_; }

  // The worker: file number `ordinal` starts now; it is done now.
  void starting(std::uint64_t ordinal) const { set(ordinal); }
  void done(std::uint64_t ordinal) const { set(ordinal | WorkerProgressSlot::kDone); }
  // The scanner: the slot's value and since when it has held it.
  struct Seen {
    std::uint64_t file = 0;
    std::int64_t since_ns = 0;
    // The file in progress (0: none: between files, or before the first).
    std::uint64_t in_progress() const { return (file & WorkerProgressSlot::kDone) != 0 ? 0 : file; }
  };
  Seen seen() const;

  static std::int64_t now_ns();

 private:
  WorkerProgress(WorkerProgressSlot* slot, int fd) : slot_(slot), fd_(fd) {}
  void set(std::uint64_t file) const;
  WorkerProgressSlot* slot_ = nullptr;
  int fd_ = -1;
};

}  // namespace datavagt
