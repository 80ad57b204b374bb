#include "scanner/file_budget.h"

#include <cstdio>

#include "core/scan_stop.h"

namespace datavagt {

void FileBudget::start(const Limits& limits) {
  limits_ = &limits;
  deadline_.reset();
  if (limits.max_seconds_per_file > 0)
    deadline_ = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                        std::chrono::duration<double>(limits.max_seconds_per_file));
  member_bytes_.store(0, std::memory_order_relaxed);
  ocr_.reset(limits);
  spent_.store(false, std::memory_order_release);
}

std::optional<std::string> FileBudget::check() {
  if (spent() || limits_ == nullptr) return std::nullopt;
  if (limits_->stop != nullptr && limits_->stop->past_deadline()) {
    if (!spend()) return std::nullopt;
    return std::string(kInterruptedDetail);
  }
  if (member_bytes_.load(std::memory_order_relaxed) > limits_->max_file_unpacked_bytes) {
    if (!spend()) return std::nullopt;
    return "more than " + std::to_string(limits_->max_file_unpacked_bytes) +
           " bytes unpacked from this file's members; the rest is not scanned (--max-unpacked-size)";
  }
  const auto ocr_time = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(ocr_.seconds()));
  if (deadline_ && std::chrono::steady_clock::now() > *deadline_ + ocr_time) {
    if (!spend()) return std::nullopt;
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%g", limits_->max_seconds_per_file);
    return std::string("scanning took more than ") + seconds + " s; the rest of the file is not scanned (--max-seconds)";
  }
  return std::nullopt;
}

Result<std::size_t> BudgetedSource::read(std::span<char> buf) {
  if (auto detail = budget_.check()) on_spent_(*detail);
  if (budget_.spent()) return Problem::make(ProblemKind::Limit, "stopped: the file's budget is spent");
  auto n = in_.read(buf);
  if (n && is_member_) budget_.count_member_bytes(*n);
  return n;
}

}  // namespace datavagt
