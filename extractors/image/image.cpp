// Images (PNG, JPEG, TIFF with its pages, GIF, BMP, WebP: FormatId::Image) read with OCR (ocr_backend.h).
// - The image is read into memory (up to Limits::max_buffered_member_bytes; larger: `limit`), its header read
//   without decoding; an image whose header claims more than Limits::ocr_max_image_pixels is not decoded
//   (`limit`), so a 50,000 x 50,000 header costs nothing.
// - --ocr auto reads images of at least Limits::ocr_min_pixels with sides of at least ocr_min_side; smaller
//   ones (icons, rules, spacer GIFs) are noted as not read. --ocr off notes every image as not read.
// - Each page (a TIFF's pages; a GIF's first frame) asks the file's OCR budget for leave (core/ocr_budget.h);
//   once it is spent the rest is noted: "OCR stopped after 12 of 50 pages".
// - The text of a page is sent line by line, Position{page (TIFF with more than one page, else 0), "OCR",
//   confidence}; the run's OCR cache (ocr_reader.h) reads an image met before from memory.
// - A header or page that cannot be decoded is `corrupt`, with the reason; the scan goes on.
#include <chrono>
#include <memory>
#include <string>

#include "extractors/extractor.h"
#include "extractors/image/ocr_backend.h"
#include "extractors/image/ocr_reader.h"
#include "extractors/image/ocr_skip.h"
#include "extractors/text_emitter.h"

namespace datavagt {

namespace {

class ImageExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "image"; }

  void extract(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) override {
    if (limits.ocr == OcrMode::Off) return out.note(ocr_skip_note(OcrSkip::Off, "image"));
    const std::size_t bound = limits.max_buffered_member_bytes;
    if (info.size > bound) return out.problem(too_big(bound));
    std::string bytes;
    auto whole = read_up_to(in, bound, bytes, limits.read_chunk_bytes);
    if (!whole) return out.problem(whole.problem());
    if (!*whole) return out.problem(too_big(bound));
    auto backend = ocr_backend();
    if (!backend) return out.note(ocr_skip_note(OcrSkip::Unavailable, "image") + ": " + backend.problem().detail);
    auto header = (*backend)->probe(bytes);
    if (!header) return out.problem(header.problem());
    if (limits.ocr == OcrMode::Auto && !large_enough_for_text(header->width, header->height, limits))
      return out.note(ocr_skip_note(OcrSkip::Small, "image of " + size_text(header->width, header->height)));

    TextEmitter emitter(out, limits);
    const std::string hash = ocr_content_hash(bytes);
    const std::uint32_t pages = header->pages;
    for (std::uint32_t p = 0; p < pages; ++p) {
      if (out.stop_requested()) return;
      ImageHeader page = *header;
      if (p > 0) {
        auto h = (*backend)->probe_page(bytes, p);
        if (!h) {
          out.problem(h.problem());
          continue;
        }
        page = *h;
      }
      const std::uint64_t pixels = std::uint64_t{page.width} * page.height;
      if (pixels > limits.ocr_max_image_pixels) {
        out.problem(Problem::make(ProblemKind::Limit, page_name(pages, p, page.format) + " of " +
                                                          size_text(page.width, page.height) +
                                                          " is larger than " + std::to_string(limits.ocr_max_image_pixels) +
                                                          " pixels (ocr_max_image_pixels); not decoded"));
        continue;
      }
      if (!out.ocr_budget().take(pixels)) {
        out.note(ocr_stopped_note(p, pages));
        return;
      }
      const auto t0 = std::chrono::steady_clock::now();
      auto lines = cached_ocr(**backend, hash, p, [&] { return (*backend)->read_image(bytes, p); });
      out.ocr_budget().spend_seconds(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      if (!lines) {
        Problem problem = lines.problem();
        if (pages > 1) problem.detail = "page " + std::to_string(p + 1) + ": " + problem.detail;
        out.problem(std::move(problem));
        continue;
      }
      if (!emit_ocr_lines(*lines, pages > 1 ? p + 1 : 0, emitter)) return;
    }
  }

 private:
  static Problem too_big(std::size_t bound) {
    return Problem::make(ProblemKind::Limit, "image: larger than " + std::to_string(bound) +
                                                 " bytes (max_buffered_member_bytes); not read");
  }
  static std::string page_name(std::uint32_t pages, std::uint32_t p, const std::string& format) {
    return pages > 1 ? "page " + std::to_string(p + 1) : format;
  }
};

}  // namespace

std::unique_ptr<Extractor> make_image_extractor() { return std::make_unique<ImageExtractor>(); }

}  // namespace datavagt
