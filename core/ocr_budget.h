#pragma once
// The OCR budget of one on-disk file with everything nested in it (Limits::ocr_max_pages_per_file, _pixels_,
// _seconds_): every image and rendered page asks for leave before it is OCRed and reports the time it took.
// Once a bound is reached no more pages are granted; the extractors count what they skipped and say so in a
// note ("OCR stopped after 12 of 50 pages"). The seconds spent are also what the file's watchdog
// (scanner/file_budget.h) adds to its deadline: OCR is bounded here, not by the watchdog.
// Contract: reset by the file's owner thread before the file is scanned; then take() and spend_seconds() may
// be called from any thread (member tasks charge the same file); no I/O, no allocation.
#include <atomic>
#include <cstdint>

#include "core/limits.h"

namespace datavagt {

class OcrBudget {
 public:
  void reset(const Limits& limits) {
    limits_ = &limits;
    pages_.store(0, std::memory_order_relaxed);
    pixels_.store(0, std::memory_order_relaxed);
    micros_.store(0, std::memory_order_relaxed);
  }
  // Leave to OCR one page of `pixels`: false (and nothing charged) once the file's pages, pixels or seconds are spent.
  bool take(std::uint64_t pixels) {
    if (limits_ == nullptr) return true;
    if (seconds() >= limits_->ocr_max_seconds_per_file) return false;
    if (pages_.fetch_add(1, std::memory_order_relaxed) >= limits_->ocr_max_pages_per_file) {
      pages_.fetch_sub(1, std::memory_order_relaxed);
      return false;
    }
    if (pixels_.fetch_add(pixels, std::memory_order_relaxed) + pixels > limits_->ocr_max_pixels_per_file) {
      pixels_.fetch_sub(pixels, std::memory_order_relaxed);
      pages_.fetch_sub(1, std::memory_order_relaxed);
      return false;
    }
    return true;
  }
  void spend_seconds(double s) {
    if (s > 0) micros_.fetch_add(static_cast<std::uint64_t>(s * 1e6), std::memory_order_relaxed);
  }
  double seconds() const { return static_cast<double>(micros_.load(std::memory_order_relaxed)) / 1e6; }
  std::uint32_t pages() const { return pages_.load(std::memory_order_relaxed); }

 private:
  const Limits* limits_ = nullptr;
  std::atomic<std::uint32_t> pages_{0};
  std::atomic<std::uint64_t> pixels_{0};
  std::atomic<std::uint64_t> micros_{0};
};

}  // namespace datavagt
