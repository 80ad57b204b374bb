#pragma once
// What one on-disk file may cost, with everything nested in it: wall-clock time (Limits::max_seconds_per_file)
// and bytes read from members at any depth (Limits::max_file_unpacked_bytes). Once spent, it stays spent
// until the next file: the scan of that file stops, with one `limit` problem that names the CLI option.
// The same check stops a file when the whole scan is stopped (Limits::stop, after stop_grace_seconds): its
// one problem then has the detail kInterruptedDetail (the scan command reports it as `interrupted`).
// Contract: started by the file's owner thread; then check(), count_member_bytes() and spent() may be called
// from any thread (member tasks, member_tasks.h, charge the same file's budget); no I/O.
#include <atomic>
#include <chrono>
#include <functional>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/limits.h"
#include "core/ocr_budget.h"
#include "core/result.h"
#include "extractors/byte_source.h"

namespace datavagt {

inline constexpr std::string_view kInterruptedDetail =
    "the scan was interrupted before this file was read to its end";

class FileBudget {
 public:
  // Starts a new on-disk file.
  void start(const Limits& limits);
  // Nullopt while there is budget left; the spent budget's problem detail, once, when it runs out (later
  // calls: spent() is true, and no detail is given again).
  std::optional<std::string> check();
  // Bytes read from a member (depth >= 1).
  void count_member_bytes(std::uint64_t n) { member_bytes_.fetch_add(n, std::memory_order_relaxed); }
  // The bytes read from members since start() (what a bomb made the scan inflate; tests and benchmarks).
  std::uint64_t member_bytes() const { return member_bytes_.load(std::memory_order_relaxed); }
  bool spent() const { return spent_.load(std::memory_order_acquire); }
  // The file's OCR budget; the seconds OCR took move the deadline on by as much (core/ocr_budget.h).
  OcrBudget& ocr() { return ocr_; }

 private:
  // Marks the budget spent; true for the one caller that did it first.
  bool spend() { return !spent_.exchange(true, std::memory_order_acq_rel); }

  const Limits* limits_ = nullptr;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  std::atomic<std::uint64_t> member_bytes_{0};
  std::atomic<bool> spent_{false};
  OcrBudget ocr_;
};

// Reads through `in`, counting member bytes and checking the budget before every read. When the budget is
// spent, read() fails with a `limit` problem and `on_spent` gets the detail (once per file).
class BudgetedSource final : public ByteSource {
 public:
  BudgetedSource(ByteSource& in, FileBudget& budget, bool is_member, std::function<void(std::string)> on_spent)
      : in_(in), budget_(budget), is_member_(is_member), on_spent_(std::move(on_spent)) {}
  Result<std::size_t> read(std::span<char> buf) override;
  Result<bool> rewind() override { return in_.rewind(); }
  int file_descriptor() const override { return in_.file_descriptor(); }

 private:
  ByteSource& in_;
  FileBudget& budget_;
  bool is_member_;
  std::function<void(std::string)> on_spent_;
};

}  // namespace datavagt
