#include "extractors/image/ocr_reader.h"

#include <openssl/sha.h>

#include "core/utf8.h"

#include <atomic>
#include <deque>
#include <mutex>
#include <unordered_map>

namespace datavagt {

namespace {

std::atomic<std::uint64_t> g_pages_read{0};
std::atomic<std::uint64_t> g_pages_cached{0};

// The run's OCR cache: lines by key, dropped oldest first past kOcrCacheBytes.
class OcrCache {
 public:
  bool find(const std::string& key, std::vector<OcrLine>& lines) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return false;
    lines = it->second;
    return true;
  }
  void put(const std::string& key, const std::vector<OcrLine>& lines) {
    std::size_t bytes = key.size() + 64;
    for (const auto& l : lines) bytes += l.text.size() + 48;
    if (bytes > kOcrCacheBytes / 4) return;
    std::lock_guard lock(mutex_);
    if (!entries_.emplace(key, lines).second) return;
    order_.emplace_back(key, bytes);
    bytes_ += bytes;
    while (bytes_ > kOcrCacheBytes && !order_.empty()) {
      entries_.erase(order_.front().first);
      bytes_ -= order_.front().second;
      order_.pop_front();
    }
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::vector<OcrLine>> entries_;
  std::deque<std::pair<std::string, std::size_t>> order_;
  std::size_t bytes_ = 0;
};

OcrCache& cache() {
  static OcrCache c;
  return c;
}

}  // namespace

OcrCounts ocr_counts() { return {g_pages_read.load(), g_pages_cached.load()}; }
void count_ocr_page_known() { g_pages_cached.fetch_add(1, std::memory_order_relaxed); }

std::string ocr_content_hash(std::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

namespace detail {

bool ocr_cache_find(const std::string& key, std::vector<OcrLine>& lines) {
  if (!cache().find(key, lines)) return false;
  g_pages_cached.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void ocr_cache_put(const std::string& key, const std::vector<OcrLine>& lines) {
  g_pages_read.fetch_add(1, std::memory_order_relaxed);
  cache().put(key, lines);
}

std::string ocr_cache_key(OcrBackend& backend, const std::string& hash, std::uint32_t page) {
  return hash + '\0' + std::to_string(page) + '\0' + backend.settings_id();
}

}  // namespace detail

bool emit_ocr_lines(const std::vector<OcrLine>& lines, std::uint32_t page, TextEmitter& emitter) {
  std::string text;
  for (const auto& line : lines) {
    text.clear();
    utf8::append_lossy(text, line.text);  // Tesseract writes UTF-8; a broken sequence must not reach the matcher
    text += '\n';
    if (!emitter.emit(text, Position{page, std::string(kOcrPart), line.confidence})) return false;
  }
  return true;
}

}  // namespace datavagt
