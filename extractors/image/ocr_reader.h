#pragma once
// What the extractors share to read text from pictures (image files, image members, PDF pages without text):
// the run's OCR cache, the file's OCR budget, and the text of a page as chunks.
//
// Contract:
// - The cache is the process's, keyed by SHA-256 of the image's bytes (or a rendered page's pixels), the page
//   and the OCR back end's settings: an image met again in the run (a letterhead logo in a thousand letters, a
//   copied scan) is read once. It holds the lines read, in memory only (never stored, never logged), up to
//   kOcrCacheBytes, the oldest dropped first. Thread-safe.
// - A picture being read is in flight: a second thread that meets the same key meanwhile waits for the first
//   thread's reading and takes its result (the lines, or the same problem) instead of reading it again. The
//   reader never calls back into the cache, so a wait always ends when that one reading ends.
// - emit_ocr_lines sends each line as a chunk of its own, Position{page, "OCR", confidence}, so a finding says it
//   came from OCR and how sure Tesseract was of the digits it read.
// - ocr_counts() are the process's totals (pages read by Tesseract, pages taken from the cache), for the
//   scan's summary.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/image/ocr_backend.h"
#include "extractors/text_emitter.h"

namespace datavagt {

inline constexpr std::size_t kOcrCacheBytes = std::size_t{32} << 20;

// The part a chunk read by OCR has (Position::part).
inline constexpr std::string_view kOcrPart = "OCR";

struct OcrCounts {
  std::uint64_t pages_read = 0;    // by Tesseract
  std::uint64_t pages_cached = 0;  // from the run's cache (or, with --db, not read because the store knew it)
};
OcrCounts ocr_counts();
// Counts a page whose findings the store already knew (scanner: image findings reused).
void count_ocr_page_known();

// The OCR engine's identity (OcrBackend::engine_id), loading the module if it is not yet loaded; when it cannot
// be loaded, "unavailable" and the reason (installing it later then changes the identity too).
std::string ocr_engine_id();

// The SHA-256 of `bytes`, as 32 raw bytes.
std::string ocr_content_hash(std::string_view bytes);

// The lines of page `page` of the image whose content hash is `hash`: from the cache, from another thread's
// reading of it in flight, or read by `read` (and then remembered). `read` is only called when neither has it;
// an exception from it is a problem (Internal) for this caller and every waiter.
Result<std::vector<OcrLine>> cached_ocr(OcrBackend& backend, const std::string& hash, std::uint32_t page,
                                        const std::function<Result<OcrPage>()>& read);

// Sends the lines as text chunks of `page` (0 = not paged); false when the emitter wants no more.
bool emit_ocr_lines(const std::vector<OcrLine>& lines, std::uint32_t page, TextEmitter& emitter);

namespace detail {
// How many threads wait now for another thread's reading (tests: to know a second reader is waiting).
std::size_t ocr_cache_waiting();
}  // namespace detail

}  // namespace datavagt
