// Images (PNG, JPEG, TIFF with its pages, GIF, BMP, WebP: FormatId::Image) read with OCR (ocr_backend.h).
// - The image is read into memory (up to Limits::max_buffered_member_bytes; larger: `limit`), its header read
//   without decoding; an image whose header claims more than Limits::ocr_max_image_pixels is not decoded
//   (`limit`), so a 50,000 x 50,000 header costs nothing.
// - --ocr auto reads images of at least Limits::ocr_min_pixels with sides of at least ocr_min_side; smaller
//   ones (icons, rules, spacer GIFs) are noted as not read. --ocr off notes every image as not read.
// - Each page (a TIFF's pages; a GIF's frames, gif_frames.h, each decoded on its own) asks the file's OCR budget
//   for leave (core/ocr_budget.h); once it is spent the rest is noted: "OCR stopped after 12 of 50 pages".
//   With --ocr auto a frame too small to hold text (an animation's small changed patch) is not read, and one
//   note counts such frames; a GIF damaged after some frames gets its frames read and a note.
// - The text of a page is sent line by line, Position{page (a TIFF or GIF with more than one page or frame, else
//   0), "OCR", confidence}; the run's OCR cache (ocr_reader.h) reads an image met before from memory.
// - A header or page that cannot be decoded is `corrupt`, with the reason; the scan goes on.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "extractors/extractor.h"
#include "extractors/image/gif_frames.h"
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
    // A GIF's frames are walked here, not by Leptonica, whose header read decodes every frame first.
    GifFrames gif;
    if (looks_like_gif(bytes)) {
      gif = gif_frames(bytes, limits.ocr_max_pages_per_file);
      if (gif.count == 0)
        return out.problem(Problem::make(ProblemKind::Corrupt, "gif: no readable frame (truncated or damaged)"));
    }
    auto header = gif.count > 0 ? Result<ImageHeader>(ImageHeader{"gif", gif.width, gif.height, 1})
                                : (*backend)->probe(bytes);
    if (!header) return out.problem(header.problem());
    if (limits.ocr == OcrMode::Auto && !large_enough_for_text(header->width, header->height, limits))
      return out.note(ocr_skip_note(OcrSkip::Small, "image of " + size_text(header->width, header->height)));

    if (gif.damaged)
      out.note("gif: damaged after frame " + std::to_string(gif.count) + "; the frames before it are read");

    TextEmitter emitter(out, limits);
    const bool by_frame = gif.count > 0;
    const std::string hash = by_frame ? std::string() : ocr_content_hash(bytes);
    const std::uint32_t pages = by_frame ? static_cast<std::uint32_t>(std::min<std::uint64_t>(gif.count, UINT32_MAX))
                                         : header->pages;
    std::uint32_t small_frames = 0;
    for (std::uint32_t p = 0; p < pages; ++p) {
      if (out.stop_requested()) return;
      ImageHeader page = *header;
      std::string frame_bytes;  // a GIF frame cut out as a GIF of its own
      if (by_frame) {
        if (p >= gif.frames.size()) {  // more frames than the budget's pages: not walked again
          out.note(ocr_stopped_note(p, pages));
          break;
        }
        page.width = gif.frames[p].width;
        page.height = gif.frames[p].height;
        if (limits.ocr == OcrMode::Auto && !large_enough_for_text(page.width, page.height, limits)) {
          ++small_frames;
          continue;
        }
        frame_bytes = gif_single_frame(bytes, gif, gif.frames[p]);
      } else if (p > 0) {
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
        break;
      }
      const auto t0 = std::chrono::steady_clock::now();
      // A GIF frame by its own bytes: the same frame in another animation (or repeated) is read once.
      auto lines = by_frame ? cached_ocr(**backend, ocr_content_hash(frame_bytes), 0,
                                         [&] { return (*backend)->read_image(frame_bytes, 0); })
                            : cached_ocr(**backend, hash, p, [&] { return (*backend)->read_image(bytes, p); });
      out.ocr_budget().spend_seconds(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      if (!lines) {
        Problem problem = lines.problem();
        if (pages > 1) problem.detail = page_name(pages, p, page.format) + ": " + problem.detail;
        out.problem(std::move(problem));
        continue;
      }
      if (!emit_ocr_lines(*lines, pages > 1 ? p + 1 : 0, emitter)) return;
    }
    if (small_frames > 0)
      out.note(ocr_skip_note(OcrSkip::Small, std::to_string(small_frames) + " of " + std::to_string(pages) + " frames"));
  }

 private:
  static Problem too_big(std::size_t bound) {
    return Problem::make(ProblemKind::Limit, "image: larger than " + std::to_string(bound) +
                                                 " bytes (max_buffered_member_bytes); not read");
  }
  static std::string page_name(std::uint32_t pages, std::uint32_t p, const std::string& format) {
    if (pages <= 1) return format;
    return (format == "gif" ? "frame " : "page ") + std::to_string(p + 1);
  }
};

}  // namespace

std::unique_ptr<Extractor> make_image_extractor() { return std::make_unique<ImageExtractor>(); }

}  // namespace datavagt
