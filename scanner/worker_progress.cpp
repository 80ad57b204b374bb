#include "scanner/worker_progress.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <new>
#include <string>

namespace datavagt {

namespace {

constexpr std::size_t kSize = sizeof(WorkerProgressSlot);

Problem failed(const char* what) {
  return Problem::make(ProblemKind::Internal, std::string("worker progress: ") + what + ": " + std::strerror(errno));
}

}  // namespace

Result<WorkerProgress> WorkerProgress::create() {
  const int fd = ::memfd_create("datavagt-worker-progress", MFD_CLOEXEC);
  if (fd < 0) return failed("memfd_create");
  if (::ftruncate(fd, static_cast<off_t>(kSize)) != 0) {
    const Problem p = failed("ftruncate");
    ::close(fd);
    return p;
  }
  void* m = ::mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (m == MAP_FAILED) {
    const Problem p = failed("mmap");
    ::close(fd);
    return p;
  }
  return WorkerProgress(new (m) WorkerProgressSlot, fd);
}

Result<WorkerProgress> WorkerProgress::map(int fd) {
  void* m = ::mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  const Problem p = failed("mmap");
  ::close(fd);
  if (m == MAP_FAILED) return p;
  // The scanner constructed the slot; its atomics are plain memory of the same layout here.
  return WorkerProgress(static_cast<WorkerProgressSlot*>(m), -1);
}

WorkerProgress& WorkerProgress::operator=(WorkerProgress&& o) noexcept {
  if (this != &o) {
    this->~WorkerProgress();
    new (this) WorkerProgress(std::move(o));
  }
  return *this;
}

WorkerProgress::~WorkerProgress() {
  if (slot_ != nullptr) ::munmap(slot_, kSize);
  if (fd_ >= 0) ::close(fd_);
}

void WorkerProgress::set(std::uint64_t file) const {
  slot_->since_ns.store(now_ns(), std::memory_order_relaxed);
  slot_->file.store(file, std::memory_order_release);
}

WorkerProgress::Seen WorkerProgress::seen() const {
  // since_ns is written before file: read file, then the time, then file again; a change in between means
  // the worker moved on, and the time read may be either step's: read again.
  for (;;) {
    const std::uint64_t f = slot_->file.load(std::memory_order_acquire);
    const std::int64_t t = slot_->since_ns.load(std::memory_order_acquire);
    if (slot_->file.load(std::memory_order_acquire) == f) return Seen{f, t};
  }
}

std::int64_t WorkerProgress::now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace datavagt
