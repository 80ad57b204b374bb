#include "extractors/image/ocr_reader.h"

#include <openssl/sha.h>

#include "core/utf8.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace datavagt {

namespace {

std::atomic<std::uint64_t> g_pages_read{0};
std::atomic<std::uint64_t> g_pages_cached{0};

// The run's OCR cache: lines by key, dropped oldest first past kOcrCacheBytes; and the readings in flight.
class OcrCache {
 public:
  Result<std::vector<OcrLine>> get_or_read(const std::string& key, const std::function<Result<OcrPage>()>& read) {
    std::unique_lock lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) {
      g_pages_cached.fetch_add(1, std::memory_order_relaxed);
      return it->second;
    }
    if (auto it = flights_.find(key); it != flights_.end()) {
      const std::shared_ptr<Flight> flight = it->second;
      ++waiting_;
      landed_.wait(lock, [&] { return flight->result.has_value(); });
      --waiting_;
      if (*flight->result) g_pages_cached.fetch_add(1, std::memory_order_relaxed);
      return *flight->result;
    }
    const auto flight = std::make_shared<Flight>();
    flights_.emplace(key, flight);
    lock.unlock();

    Result<std::vector<OcrLine>> got = Problem::make(ProblemKind::Internal, "OCR failed");
    try {
      Result<OcrPage> page = read();
      if (page)
        got = std::move(page->lines);
      else
        got = page.problem();
    } catch (const std::exception& e) {
      got = Problem::make(ProblemKind::Internal, std::string("OCR failed: ") + e.what());
    } catch (...) {
    }

    lock.lock();
    if (got) {
      g_pages_read.fetch_add(1, std::memory_order_relaxed);
      remember(key, *got);
    }
    flight->result = got;
    flights_.erase(key);
    lock.unlock();
    landed_.notify_all();
    return got;
  }

  std::size_t waiting() {
    std::lock_guard lock(mutex_);
    return waiting_;
  }

 private:
  struct Flight {
    std::optional<Result<std::vector<OcrLine>>> result;  // set once, under mutex_, when the reading ends
  };

  void remember(const std::string& key, const std::vector<OcrLine>& lines) {  // under mutex_
    std::size_t bytes = key.size() + 64;
    for (const auto& l : lines) bytes += l.text.size() + 48;
    if (bytes > kOcrCacheBytes / 4) return;
    if (!entries_.emplace(key, lines).second) return;
    order_.emplace_back(key, bytes);
    bytes_ += bytes;
    while (bytes_ > kOcrCacheBytes && !order_.empty()) {
      entries_.erase(order_.front().first);
      bytes_ -= order_.front().second;
      order_.pop_front();
    }
  }

  std::mutex mutex_;
  std::unordered_map<std::string, std::vector<OcrLine>> entries_;
  std::deque<std::pair<std::string, std::size_t>> order_;
  std::size_t bytes_ = 0;
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
  std::condition_variable landed_;
  std::size_t waiting_ = 0;
};

OcrCache& cache() {
  static OcrCache c;
  return c;
}

}  // namespace

OcrCounts ocr_counts() { return {g_pages_read.load(), g_pages_cached.load()}; }
void count_ocr_page_known() { g_pages_cached.fetch_add(1, std::memory_order_relaxed); }

std::string ocr_engine_id() {
  auto backend = ocr_backend();
  if (!backend) return "unavailable: " + backend.problem().detail + "\n";
  return (*backend)->engine_id();
}

std::string ocr_content_hash(std::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

Result<std::vector<OcrLine>> cached_ocr(OcrBackend& backend, const std::string& hash, std::uint32_t page,
                                        const std::function<Result<OcrPage>()>& read) {
  return cache().get_or_read(hash + '\0' + std::to_string(page) + '\0' + backend.settings_id(), read);
}

namespace detail {
std::size_t ocr_cache_waiting() { return cache().waiting(); }
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
