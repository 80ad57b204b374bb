#pragma once
// The OCR back end: image decoding (Leptonica) and text recognition (Tesseract), in a module of its own
// (libdatavagt_ocr.so) that is loaded the first time an image must be read, so a scan that meets no image
// never loads Tesseract, Leptonica or their ~50 libraries, and a text-only scan starts as fast as before.
//
// Contract:
// - ocr_backend() loads the module once per process (thread-safe); the backend lives until the process ends.
//   It fails (a Problem, the same every time) when the module or Tesseract's language data (dan, eng) is
//   missing; callers then note each image as not read.
// - Every method may be called from any thread at once. Each thread that recognises text gets its own
//   Tesseract handle, initialised once (Danish + English, LSTM), on its first page; orientation detection (OSD)
//   gets a second handle on that thread when a page first needs it. OpenMP is limited to one thread per
//   handle (OMP_THREAD_LIMIT=1 before the module loads): the scan's own threads are the parallelism.
// - No method throws; Leptonica's and Tesseract's messages never reach stderr. Nothing returned quotes the
//   image's text except OcrPage::lines, which is content (to be matched, never stored or logged).
// - Memory: an image is decoded only after its header says it has at most Limits::ocr_max_image_pixels.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace datavagt {

// What an image's header says, read without decoding it.
struct ImageHeader {
  std::string format;       // "png", "jpeg", "tiff", "gif", "bmp", "webp", "pnm", "jp2", "unknown"
  std::uint32_t width = 0;  // of the first page
  std::uint32_t height = 0;
  std::uint32_t pages = 1;  // a multi-page TIFF's pages
};

struct OcrLine {
  std::string text;             // UTF-8, one line of the page, words joined by spaces
  std::uint8_t confidence = 0;  // 1..100: the lowest word confidence among words with digits, else the mean
};

struct OcrPage {
  std::vector<OcrLine> lines;
  std::uint32_t width = 0;  // as decoded, before any scaling
  std::uint32_t height = 0;
  int rotated = 0;          // degrees the page was turned (OSD) before it was read
};

// A page already in memory (a PDF page poppler rendered): 8-bit gray or 32-bit 0xAARRGGBB, rows `stride` apart.
struct RawImage {
  const unsigned char* data = nullptr;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint32_t stride = 0;
  unsigned bits = 32;  // 8 or 32
  unsigned dpi = 300;
};

class OcrBackend {
 public:
  virtual ~OcrBackend() = default;
  // The header of the image in `bytes` (first page; a TIFF's page count): `corrupt` when it cannot be read.
  virtual Result<ImageHeader> probe(std::string_view bytes) = 0;
  // The width and height of page `page` (0-based) of a multi-page TIFF, from its directory: `corrupt` if unreadable.
  virtual Result<ImageHeader> probe_page(std::string_view bytes, std::uint32_t page) = 0;
  // Decodes page `page` (0-based; TIFF only, else 0) and reads its text. The caller has checked its size.
  // `corrupt` when it cannot be decoded.
  virtual Result<OcrPage> read_image(std::string_view bytes, std::uint32_t page) = 0;
  // Reads the text of a page already decoded.
  virtual Result<OcrPage> read_pixels(const RawImage& image) = 0;
  // What decides what OCR reads, for cache keys: the Tesseract version, languages and the preprocessing.
  virtual std::string settings_id() const = 0;
  // The engine as installed: Tesseract's version at run time and the identity (path, size, mtime) of the
  // language data it reads (ocr_data_identity.h). Cheap: no Tesseract handle is made. Computed once.
  virtual std::string engine_id() const = 0;
};

// The process's backend, loaded on first use.
Result<OcrBackend*> ocr_backend();

}  // namespace datavagt
