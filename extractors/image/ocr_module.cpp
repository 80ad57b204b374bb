// The OCR module (libdatavagt_ocr.so, ocr_backend.h): Leptonica decodes, Tesseract reads. Loaded by
// ocr_loader.cpp the first time an image must be read; everything here stays out of a scan that meets none.
//
// A page is read as a serious OCR pipeline does: alpha blended onto white, converted to 8-bit gray, small
// scans scaled up (Tesseract reads best at an x-height of 20-30 px), deskewed (Leptonica's pixDeskew: a few
// degrees of a crooked scan or photo), then Tesseract's LSTM engine (dan+eng, automatic page segmentation).
// When the text read is poor (few words, low confidence) the page's orientation is detected (OSD, its own
// handle) and, if it is turned by 90/180/270 degrees, the page is turned and read again; the better reading is kept.
#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>
#include <tesseract/version.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>

#include "extractors/image/ocr_backend.h"
#include "extractors/image/ocr_data_identity.h"

namespace datavagt {

namespace {

constexpr const char* kLanguages = "dan+eng";  // and osd (ThreadEngine::osd); all three in engine_id()
// Pages narrower than this (in pixels) are scaled up 2x before reading: small type in a small image.
constexpr std::uint32_t kScaleUpBelow = 1200;
// A reading with a mean confidence under this, or under kFewWords words, has its page's orientation checked.
constexpr int kCheckOrientationBelow = 60;
constexpr std::size_t kFewWords = 3;

struct PixDeleter {
  void operator()(Pix* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

Problem corrupt(std::string detail) { return Problem::make(ProblemKind::Corrupt, std::move(detail)); }

void quiet(const char*) {}

// Leptonica and Tesseract are told once, before their first use, never to write to stderr.
void silence_libraries() {
  static std::once_flag once;
  std::call_once(once, [] {
    setMsgSeverity(L_SEVERITY_NONE);
    leptSetStderrHandler(&quiet);
  });
}

std::string format_name(l_int32 f) {
  switch (f) {
    case IFF_PNG: return "png";
    case IFF_JFIF_JPEG: return "jpeg";
    case IFF_TIFF: case IFF_TIFF_PACKBITS: case IFF_TIFF_RLE: case IFF_TIFF_G3: case IFF_TIFF_G4:
    case IFF_TIFF_LZW: case IFF_TIFF_ZIP: case IFF_TIFF_JPEG: return "tiff";
    case IFF_GIF: return "gif";
    case IFF_BMP: return "bmp";
    case IFF_WEBP: return "webp";
    case IFF_PNM: return "pnm";
    case IFF_JP2: return "jp2";
    default: return "unknown";
  }
}

bool is_tiff(l_int32 f) { return format_name(f) == "tiff"; }

// One thread's Tesseract handles.
class ThreadEngine {
 public:
  // The text handle: made on this thread's first page.
  tesseract::TessBaseAPI* text() {
    if (!text_tried_) {
      text_tried_ = true;
      auto api = std::make_unique<tesseract::TessBaseAPI>();
      api->SetVariable("debug_file", "/dev/null");
      if (api->Init(nullptr, kLanguages, tesseract::OEM_LSTM_ONLY) == 0) {
        api->SetPageSegMode(tesseract::PSM_AUTO);
        text_ = std::move(api);
      }
    }
    return text_.get();
  }
  // The orientation handle: made when a page first needs it; null when osd.traineddata is missing.
  tesseract::TessBaseAPI* osd() {
    if (!osd_tried_) {
      osd_tried_ = true;
      auto api = std::make_unique<tesseract::TessBaseAPI>();
      api->SetVariable("debug_file", "/dev/null");
      if (api->Init(nullptr, "osd", tesseract::OEM_TESSERACT_ONLY) == 0) {
        api->SetPageSegMode(tesseract::PSM_OSD_ONLY);
        osd_ = std::move(api);
      }
    }
    return osd_.get();
  }
  ~ThreadEngine() {
    if (text_) text_->End();
    if (osd_) osd_->End();
  }

 private:
  bool text_tried_ = false;
  bool osd_tried_ = false;
  std::unique_ptr<tesseract::TessBaseAPI> text_;
  std::unique_ptr<tesseract::TessBaseAPI> osd_;
};

ThreadEngine& thread_engine() {
  thread_local ThreadEngine engine;
  return engine;
}

bool has_digit(const char* s) {
  for (; *s; ++s)
    if (*s >= '0' && *s <= '9') return true;
  return false;
}

struct Reading {
  std::vector<OcrLine> lines;
  std::size_t words = 0;
  double mean = 0;  // mean word confidence
  double score() const { return mean * static_cast<double>(std::min<std::size_t>(words, 50)); }
};

std::uint8_t clamp_confidence(float c) { return static_cast<std::uint8_t>(std::clamp(c, 1.0f, 100.0f)); }

// Reads `pix` (8-bit gray) with the thread's text handle.
Reading recognise(tesseract::TessBaseAPI& api, Pix* pix, int dpi) {
  Reading r;
  api.SetImage(pix);
  api.SetSourceResolution(dpi > 0 ? dpi : 300);
  if (api.Recognize(nullptr) != 0) {
    api.Clear();
    return r;
  }
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  double sum = 0;
  if (it) {
    OcrLine line;
    float digit_min = 101, all_sum = 0;
    unsigned all_n = 0;
    auto close_line = [&] {
      if (!line.text.empty()) {
        line.confidence = clamp_confidence(digit_min <= 100 ? digit_min : (all_n ? all_sum / all_n : 1));
        r.lines.push_back(std::move(line));
      }
      line = OcrLine{};
      digit_min = 101;
      all_sum = 0;
      all_n = 0;
    };
    do {
      std::unique_ptr<char[]> word(it->GetUTF8Text(tesseract::RIL_WORD));
      if (word && *word.get()) {
        const float c = it->Confidence(tesseract::RIL_WORD);
        if (!line.text.empty()) line.text += ' ';
        line.text += word.get();
        all_sum += c;
        ++all_n;
        sum += c;
        ++r.words;
        if (has_digit(word.get())) digit_min = std::min(digit_min, c);
      }
      if (it->IsAtFinalElement(tesseract::RIL_TEXTLINE, tesseract::RIL_WORD)) close_line();
    } while (it->Next(tesseract::RIL_WORD));
    close_line();
  }
  r.mean = r.words ? sum / static_cast<double>(r.words) : 0;
  api.Clear();
  return r;
}

// The page made ready for reading: alpha onto white, 8-bit gray, small pages scaled up, deskewed.
PixPtr prepare(Pix* decoded) {
  PixPtr pix(pixClone(decoded));
  if (pixGetDepth(pix.get()) == 32 && pixGetSpp(pix.get()) == 4) {
    Pix* flat = pixAlphaBlendUniform(pix.get(), 0xffffff00);
    if (flat != nullptr) pix.reset(flat);
  }
  Pix* gray = pixConvertTo8(pix.get(), 0);
  if (gray == nullptr) return nullptr;
  pix.reset(gray);
  if (static_cast<std::uint32_t>(pixGetWidth(pix.get())) < kScaleUpBelow &&
      static_cast<std::uint32_t>(pixGetHeight(pix.get())) < kScaleUpBelow * 2) {
    Pix* big = pixScaleGrayLI(pix.get(), 2.0f, 2.0f);
    if (big != nullptr) pix.reset(big);
  }
  if (Pix* straight = pixDeskew(pix.get(), 0); straight != nullptr) pix.reset(straight);
  return pix;
}

Result<OcrPage> read_pix(Pix* decoded) {
  ThreadEngine& engine = thread_engine();
  tesseract::TessBaseAPI* api = engine.text();
  if (api == nullptr)
    return Problem::make(ProblemKind::Internal, std::string("OCR unavailable: Tesseract's language data (") +
                                                    kLanguages + ") could not be loaded");
  OcrPage page;
  page.width = static_cast<std::uint32_t>(pixGetWidth(decoded));
  page.height = static_cast<std::uint32_t>(pixGetHeight(decoded));
  PixPtr pix = prepare(decoded);
  if (!pix) return corrupt("image: cannot be converted for OCR");
  const int dpi = pixGetXRes(decoded);
  Reading best = recognise(*api, pix.get(), dpi);
  if (best.words < kFewWords || best.mean < kCheckOrientationBelow) {
    if (tesseract::TessBaseAPI* osd = engine.osd()) {
      osd->SetImage(pix.get());
      osd->SetSourceResolution(dpi > 0 ? dpi : 300);
      int degrees = 0;
      float confidence = 0;
      if (osd->DetectOrientationScript(&degrees, &confidence, nullptr, nullptr) && degrees % 360 != 0 &&
          confidence > 1.0f) {
        // Tesseract gives the page's clockwise rotation; turning it back is the rest of a full turn.
        const int quads = ((360 - degrees) / 90) % 4;
        if (PixPtr turned{pixRotateOrth(pix.get(), quads)}) {
          Reading again = recognise(*api, turned.get(), dpi);
          if (again.score() > best.score()) {
            best = std::move(again);
            page.rotated = degrees;
          }
        }
      }
      osd->Clear();
    }
  }
  page.lines = std::move(best.lines);
  return page;
}

class LeptonicaTesseract final : public OcrBackend {
 public:
  Result<ImageHeader> probe(std::string_view bytes) override {
    silence_libraries();
    l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
    const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
    if (bytes.size() < 12 || pixReadHeaderMem(data, bytes.size(), &format, &w, &h, &bps, &spp, &cmap) != 0 || w <= 0 ||
        h <= 0)
      return corrupt("image: header unreadable (truncated or damaged)");
    ImageHeader header;
    header.format = format_name(format);
    header.width = static_cast<std::uint32_t>(w);
    header.height = static_cast<std::uint32_t>(h);
    if (is_tiff(format)) {
      FILE* f = fopenReadFromMemory(data, bytes.size());
      l_int32 n = 0;
      if (f != nullptr) {
        if (tiffGetCount(f, &n) != 0) n = 0;
        std::fclose(f);
      }
      header.pages = n > 0 ? static_cast<std::uint32_t>(n) : 1;
    }
    return header;
  }

  Result<ImageHeader> probe_page(std::string_view bytes, std::uint32_t page) override {
    silence_libraries();
    l_int32 w = 0, h = 0, bps = 0, spp = 0, res = 0, cmap = 0, format = 0;
    if (readHeaderMemTiff(reinterpret_cast<const l_uint8*>(bytes.data()), bytes.size(), static_cast<l_int32>(page),
                          &w, &h, &bps, &spp, &res, &cmap, &format) != 0 || w <= 0 || h <= 0)
      return corrupt("tiff: page " + std::to_string(page + 1) + " header unreadable");
    ImageHeader header;
    header.format = "tiff";
    header.width = static_cast<std::uint32_t>(w);
    header.height = static_cast<std::uint32_t>(h);
    return header;
  }

  Result<OcrPage> read_image(std::string_view bytes, std::uint32_t page) override {
    silence_libraries();
    try {
      const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
      l_int32 format = 0;
      if (bytes.size() < 12) return corrupt("image: truncated");
      if (findFileFormatBuffer(data, &format) != 0) return corrupt("image: unknown image format");
      PixPtr pix{is_tiff(format) ? pixReadMemTiff(data, bytes.size(), static_cast<l_int32>(page))
                                 : pixReadMem(data, bytes.size())};
      if (!pix) return corrupt(format_name(format) + ": cannot be decoded (truncated or damaged)");
      return read_pix(pix.get());
    } catch (const std::exception& e) {
      return Problem::make(ProblemKind::Internal, std::string("OCR failed: ") + e.what());
    } catch (...) {
      return Problem::make(ProblemKind::Internal, "OCR failed");
    }
  }

  Result<OcrPage> read_pixels(const RawImage& image) override {
    silence_libraries();
    try {
      if (image.bits != 8 && image.bits != 32) return Problem::make(ProblemKind::Internal, "OCR: unsupported pixels");
      PixPtr pix{pixCreate(static_cast<l_int32>(image.width), static_cast<l_int32>(image.height),
                           static_cast<l_int32>(image.bits))};
      if (!pix) return Problem::make(ProblemKind::Limit, "OCR: page too large to hold in memory");
      l_uint32* dst = pixGetData(pix.get());
      const l_int32 wpl = pixGetWpl(pix.get());
      for (std::uint32_t y = 0; y < image.height; ++y) {
        const unsigned char* row = image.data + static_cast<std::size_t>(y) * image.stride;
        l_uint32* line = dst + static_cast<std::size_t>(y) * static_cast<std::size_t>(wpl);
        for (std::uint32_t x = 0; x < image.width; ++x) {
          if (image.bits == 8) {
            SET_DATA_BYTE(line, x, row[x]);
          } else {
            l_uint32 argb;
            std::memcpy(&argb, row + 4 * static_cast<std::size_t>(x), 4);
            line[x] = (argb << 8) | 0xff;  // 0xAARRGGBB -> Leptonica's 0xRRGGBBAA (opaque)
          }
        }
      }
      pixSetResolution(pix.get(), static_cast<l_int32>(image.dpi), static_cast<l_int32>(image.dpi));
      return read_pix(pix.get());
    } catch (const std::exception& e) {
      return Problem::make(ProblemKind::Internal, std::string("OCR failed: ") + e.what());
    } catch (...) {
      return Problem::make(ProblemKind::Internal, "OCR failed");
    }
  }

  std::string settings_id() const override {
    return std::string("tesseract ") + TESSERACT_VERSION_STR + " " + kLanguages + " lstm psm3 gray scale<" +
           std::to_string(kScaleUpBelow) + " deskew osd<" + std::to_string(kCheckOrientationBelow) + "\n";
  }

  std::string engine_id() const override {
    static const std::string id = [] {
      const std::string version = tesseract::TessBaseAPI::Version();
      const int major = std::atoi(version.c_str());
      return ocr_data_identity(version, tessdata_folder(major > 0 ? major : TESSERACT_MAJOR_VERSION),
                               {"dan", "eng", "osd"});
    }();
    return id;
  }
};

}  // namespace

}  // namespace datavagt

// The module's one entry point (ocr_loader.cpp looks it up by this name).
extern "C" __attribute__((visibility("default"))) datavagt::OcrBackend* datavagt_ocr_backend_v2() {
  static datavagt::LeptonicaTesseract backend;
  return &backend;
}
