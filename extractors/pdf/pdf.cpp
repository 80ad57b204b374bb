// PDF through poppler's C++ API (poppler-cpp):
// - the text of every page, in reading order, with Position.page = the 1-based page number;
// - attachments (the document's embedded files) handed on as nested items named after their file name;
// - pages without any text (most often scanned images) are rendered with poppler's Splash at
//   Limits::ocr_pdf_dpi (lower for a page that would pass Limits::ocr_max_image_pixels) and read with OCR
//   (image/ocr_reader.h), as `page N` with part "OCR"; each asks the file's OCR budget for leave. With --ocr off,
//   or when OCR is unavailable, they are noted ("3 of 12 pages without text not read (--ocr off)");
//   a spent budget: "OCR stopped after 12 of 50 pages";
// - encrypted documents that open with an empty user password are read; others are `encrypted`;
//   documents poppler cannot open are `corrupt`, with poppler's first message (cut before anything quoted).
// Memory: poppler needs random access. An item up to Limits::max_buffered_member_bytes (64 MiB: most PDFs)
// is read into memory through the ByteSource, so an on-disk file is read by the scanner's own O_NOATIME
// descriptor and its access time does not change. A larger on-disk file is opened by poppler itself through
// /proc/self/fd/N (the very file the walk opened, not a path that may have been swapped since) and read in
// poppler's own small buffers: poppler opens it without O_NOATIME, so under relatime its atime may change,
// and those reads are not in FileVerdict::bytes_read. (Mapping the file instead would keep the atime, but a
// file truncated during the scan would then kill the whole scan with SIGBUS.) A larger member of an archive
// or mail is not scanned (`limit`). Each attachment is held in memory while it is
// scanned, within the same bound as far as its declared size tells (poppler-cpp has no bounded read of an
// embedded stream: a compression bomb declaring no size is decoded whole).
// poppler's error output goes to a function that records it for the extraction on the same thread;
// nothing reaches stderr.
#include <poppler-document.h>
#include <poppler-embedded-file.h>
#include <poppler-global.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <climits>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.h"
#include "extractors/extractor.h"
#include "extractors/image/ocr_backend.h"
#include "extractors/image/ocr_reader.h"
#include "extractors/image/ocr_skip.h"
#include "extractors/text_emitter.h"

namespace datavagt {

namespace {

constexpr std::size_t kMaxReasonBytes = 100;

// poppler's messages for the extraction running on this thread (poppler calls back on the calling thread).
struct PopplerLog {
  unsigned count = 0;
  std::string first;  // the first message, cut before anything it quotes from the file
};
thread_local PopplerLog* t_log = nullptr;

// "error (1234): Illegal character '>' in ..." -> "Illegal character": the offset and whatever poppler
// quotes from the content are dropped, so a detail never carries content.
std::string reason_of(std::string_view msg) {
  if (msg.starts_with("error")) {
    const auto colon = msg.find(": ");
    if (colon != std::string_view::npos) msg.remove_prefix(colon + 2);
  }
  std::size_t cut = 0;
  for (; cut < msg.size() && cut < kMaxReasonBytes; ++cut) {
    const char c = msg[cut];
    const bool in_word = c == '\'' && cut > 0 && std::isalpha(static_cast<unsigned char>(msg[cut - 1]));  // Couldn't
    if (!in_word && std::string_view("'\"<(`[{0123456789").find(c) != std::string_view::npos) break;
  }
  msg = msg.substr(0, cut);
  while (!msg.empty() && (msg.back() == ' ' || msg.back() == ':' || msg.back() == ',')) msg.remove_suffix(1);
  std::string r;
  utf8::append_lossy(r, msg);
  return r;
}

// A C callback: no exception may leave it.
void on_poppler_message(const std::string& msg, void*) noexcept {
  try {
    if (t_log == nullptr) return;
    if (t_log->count++ == 0) t_log->first = reason_of(msg);
  } catch (...) {
  }
}

// The debug function is process-wide in poppler; it is set once, before the first document is loaded.
void silence_poppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(&on_poppler_message, nullptr); });
}

// Points poppler's messages at `log` while in scope.
class LogScope {
 public:
  explicit LogScope(PopplerLog& log) : saved_(t_log) { t_log = &log; }
  ~LogScope() { t_log = saved_; }
  LogScope(const LogScope&) = delete;
  LogScope& operator=(const LogScope&) = delete;

 private:
  PopplerLog* saved_;
};

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v'; });
}

// An attachment's file name as UTF-8: PDF text strings are UTF-16BE with a byte order mark, or
// PDFDocEncoding (Latin-1 for the letters that matter here).
std::string file_name_utf8(const std::string& raw) {
  std::string out;
  if (raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0xFE && static_cast<unsigned char>(raw[1]) == 0xFF) {
    for (std::size_t i = 2; i + 1 < raw.size(); i += 2) {
      char32_t u = (static_cast<unsigned char>(raw[i]) << 8) | static_cast<unsigned char>(raw[i + 1]);
      if (u >= 0xD800 && u <= 0xDBFF && i + 3 < raw.size()) {
        const char32_t lo = (static_cast<unsigned char>(raw[i + 2]) << 8) | static_cast<unsigned char>(raw[i + 3]);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
          u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
          i += 2;
        }
      }
      if (u >= 0xD800 && u <= 0xDFFF) u = 0xFFFD;
      if (u != 0) utf8::append_code_point(out, u);
    }
    return out;
  }
  if (utf8::is_valid(raw)) return raw;  // some producers write UTF-8 without saying so
  for (unsigned char c : raw)
    if (c != 0) utf8::append_code_point(out, c);
  return out;
}

class PdfExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "pdf"; }

  void extract(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) override {
    silence_poppler();
    PopplerLog log;
    LogScope scope(log);

    std::string bytes;  // the item in memory when poppler cannot read the file itself; outlives the document
    std::unique_ptr<poppler::document> doc;
    bool loaded = false;
    const bool fits = info.size <= std::min<std::uint64_t>(limits.max_buffered_member_bytes, INT_MAX);
    if (const int fd = in.file_descriptor(); fd >= 0 && !fits) {
      const std::string path = "/proc/self/fd/" + std::to_string(fd);
      if (::access(path.c_str(), R_OK) == 0) {  // else (no /proc): read it like any other item
        doc.reset(poppler::document::load_from_file(path));
        loaded = true;
      }
    }
    if (!loaded) {
      if (!read_all(in, info, out, limits, bytes)) return;
      doc.reset(poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    }
    if (!doc) {
      out.problem(Problem::make(ProblemKind::Corrupt,
                                "pdf: cannot be opened" + (log.first.empty() ? std::string() : ": " + log.first)));
      return;
    }
    // load_from_* tried empty passwords already; a document still locked needs a real user password.
    if (doc->is_locked()) doc->unlock("", "");
    if (doc->is_locked()) {
      out.problem(Problem::make(ProblemKind::Encrypted, "pdf: needs a password to open; not scanned"));
      return;
    }
    // Messages while opening are about the file's structure (a broken cross-reference table that poppler
    // rebuilt, a truncated file): what is read may be incomplete, so say so. Later messages (fonts, drawing
    // operators) are common in files that read fine and are not reported.
    if (log.count > 0)
      out.problem(Problem::make(ProblemKind::Corrupt, "pdf: damaged, read as far as possible" +
                                                          (log.first.empty() ? std::string() : ": " + log.first)));

    if (!pages(*doc, out, limits)) return;
    attachments(*doc, info, out, limits);
  }

 private:
  // Reads the whole item into `bytes`; false (with a problem) when it is larger than the bound.
  static bool read_all(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits,
                       std::string& bytes) {
    const std::size_t bound = std::min<std::size_t>(limits.max_buffered_member_bytes, INT_MAX);
    auto too_big = [&] {
      out.problem(Problem::make(ProblemKind::Limit,
                                "pdf: a PDF inside another item is read into memory, and this one is larger than " +
                                    std::to_string(bound) + " bytes (max_buffered_member_bytes); not scanned"));
      return false;
    };
    if (info.size > bound) return too_big();
    bytes.reserve(static_cast<std::size_t>(info.size));
    auto whole = read_up_to(in, bound, bytes, limits.read_chunk_bytes);
    if (!whole) {
      out.problem(whole.problem());
      return false;
    }
    if (*whole) return true;
    std::string().swap(bytes);
    return too_big();
  }

  // Emits the text of every page; false when the text budget is spent or the sink wants no more.
  static bool pages(const poppler::document& doc, ExtractSink& out, const Limits& limits) {
    TextEmitter emitter(out, limits);
    const int count = doc.pages();
    int without_text = 0;
    int unreadable = 0;
    PageOcr ocr(out, limits, emitter, static_cast<std::uint32_t>(count));
    std::string text;
    for (int i = 0; i < count; ++i) {
      std::unique_ptr<poppler::page> page(doc.create_page(i));
      if (!page) {
        ++unreadable;
        continue;
      }
      // Layout: poppler's default ("physical") lays text out as it looks, so two columns are merged line
      // by line, and "raw" keeps the order of drawing, which producers often scramble. The third mode is
      // pdftotext's default: text in reading order, columns one after the other, which keeps a sentence,
      // and a number with the words around it, together.
      const poppler::byte_array utf8 =
          page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout).to_utf8();
      const std::string_view raw(utf8.data(), utf8.size());
      if (blank(raw)) {
        ++without_text;
        if (!ocr.read(*page, static_cast<std::uint32_t>(i + 1))) return false;
        continue;
      }
      text.clear();
      utf8::append_lossy(text, raw);
      text += '\n';  // a page ends a line: words of two pages do not join
      if (!emitter.emit(text, Position{static_cast<std::uint32_t>(i + 1), {}})) return false;
    }
    if (unreadable > 0)
      out.problem(Problem::make(ProblemKind::Corrupt, "pdf: " + std::to_string(unreadable) + " of " +
                                                          std::to_string(count) + " pages unreadable"));
    ocr.finish(without_text);
    return true;
  }

  // OCR of the pages without text, in page order, within the file's OCR budget.
  class PageOcr {
   public:
    PageOcr(ExtractSink& out, const Limits& limits, TextEmitter& emitter, std::uint32_t pages)
        : out_(out), limits_(limits), emitter_(emitter), pages_(pages) {}

    // Reads page `number` (1-based); false when the text budget is spent or the sink wants no more.
    bool read(const poppler::page& page, std::uint32_t number) {
      if (limits_.ocr == OcrMode::Off || stopped_ || unavailable_) return true;
      if (backend_ == nullptr) {
        auto b = ocr_backend();
        if (!b) {
          unavailable_ = b.problem().detail;
          return true;
        }
        backend_ = *b;
      }
      if (out_.stop_requested()) return false;
      const poppler::rectf box = page.page_rect();
      double dpi = limits_.ocr_pdf_dpi;
      const double pt_pixels = std::max(box.width(), 1.0) * std::max(box.height(), 1.0) / (72.0 * 72.0);
      if (pt_pixels * dpi * dpi > static_cast<double>(limits_.ocr_max_image_pixels))
        dpi = std::floor(std::sqrt(static_cast<double>(limits_.ocr_max_image_pixels) / pt_pixels));
      if (dpi < 50) {
        out_.problem(Problem::make(ProblemKind::Limit, "pdf: page " + std::to_string(number) +
                                                           " too large to render for OCR (ocr_max_image_pixels)"));
        return true;
      }
      const auto pixels = static_cast<std::uint64_t>(pt_pixels * dpi * dpi);
      if (!out_.ocr_budget().take(pixels)) {
        stopped_ = true;
        stopped_at_ = read_;
        return true;
      }
      const auto t0 = std::chrono::steady_clock::now();
      poppler::page_renderer renderer;
      renderer.set_render_hints(poppler::page_renderer::antialiasing | poppler::page_renderer::text_antialiasing);
      renderer.set_image_format(poppler::image::format_gray8);
      const poppler::image img = renderer.render_page(&page, dpi, dpi);
      bool ok = true;
      if (!img.is_valid() || img.format() != poppler::image::format_gray8) {
        out_.problem(Problem::make(ProblemKind::Corrupt, "pdf: page " + std::to_string(number) + " cannot be rendered for OCR"));
      } else {
        RawImage raw;
        raw.data = reinterpret_cast<const unsigned char*>(img.const_data());
        raw.width = static_cast<std::uint32_t>(img.width());
        raw.height = static_cast<std::uint32_t>(img.height());
        raw.stride = static_cast<std::uint32_t>(img.bytes_per_row());
        raw.bits = 8;
        raw.dpi = static_cast<unsigned>(dpi);
        const std::string hash = ocr_content_hash(
            std::string_view(img.const_data(), static_cast<std::size_t>(img.bytes_per_row()) * raw.height));
        auto lines = cached_ocr(*backend_, hash, 0, [&] { return backend_->read_pixels(raw); });
        if (!lines) {
          Problem p = lines.problem();
          p.detail = "pdf: page " + std::to_string(number) + ": " + p.detail;
          out_.problem(std::move(p));
        } else {
          ++read_;
          ok = emit_ocr_lines(*lines, number, emitter_);
        }
      }
      out_.ocr_budget().spend_seconds(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      return ok;
    }

    void finish(int without_text) {
      if (without_text == 0) return;
      const std::string pages = std::to_string(without_text) + " of " + std::to_string(pages_) + " pages without text";
      if (limits_.ocr == OcrMode::Off) return out_.note(ocr_skip_note(OcrSkip::Off, pages));
      if (unavailable_) return out_.note(ocr_skip_note(OcrSkip::Unavailable, pages) + ": " + *unavailable_);
      if (stopped_) return out_.note(ocr_stopped_note(stopped_at_, static_cast<std::uint32_t>(without_text)));
      if (read_ > 0) out_.note(pages + ", read with OCR");
    }

   private:
    ExtractSink& out_;
    const Limits& limits_;
    TextEmitter& emitter_;
    std::uint32_t pages_;
    OcrBackend* backend_ = nullptr;
    std::optional<std::string> unavailable_;
    bool stopped_ = false;
    std::uint32_t read_ = 0;
    std::uint32_t stopped_at_ = 0;
  };

  static void attachments(const poppler::document& doc, const ItemInfo& info, ExtractSink& out, const Limits& limits) {
    if (!doc.has_embedded_files()) return;
    unsigned n = 0;
    for (poppler::embedded_file* f : doc.embedded_files()) {  // owned by the document
      ++n;
      std::string name = f && f->is_valid() ? file_name_utf8(f->name()) : std::string();
      if (name.empty()) name = "attachment" + std::to_string(n);
      const Location where = info.location.child(name);
      auto problem = [&](ProblemKind k, std::string detail) {
        Problem p = Problem::make(k, std::move(detail));
        p.members = where.members;
        out.problem(std::move(p));
      };
      if (!f || !f->is_valid()) {
        problem(ProblemKind::Corrupt, "pdf: attachment unreadable");
        continue;
      }
      const std::size_t bound = limits.max_buffered_member_bytes;
      const std::string too_big =
          "pdf: attachment larger than " + std::to_string(bound) + " bytes (max_buffered_member_bytes), not scanned";
      if (f->size() > 0 && static_cast<std::size_t>(f->size()) > bound) {
        problem(ProblemKind::Limit, too_big);
        continue;
      }
      const poppler::byte_array data = f->data();
      if (data.size() > bound) {
        problem(ProblemKind::Limit, too_big);
        continue;
      }
      const ItemInfo member = info.member(where, data.size());
      MemorySource src(std::string_view(data.data(), data.size()));
      out.nested(member, src);
    }
  }
};

}  // namespace

std::unique_ptr<Extractor> make_pdf_extractor() { return std::make_unique<PdfExtractor>(); }

}  // namespace datavagt
