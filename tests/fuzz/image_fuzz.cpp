// libFuzzer target: untrusted bytes as a picture through the image extractor (extractors/image/image.cpp) and
// the OCR module (Leptonica's header readers and decoders: PNG, JPEG, TIFF with its pages, GIF, BMP, WebP;
// then Tesseract), with the checks of checking_sink.h. Pictures are kept small (ocr_max_image_pixels) so an
// input is decoded and read in milliseconds; the header check before decoding is what a larger one meets.
// Build with ./run sanitize.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "extractors/image/ocr_backend.h"

#include "tests/fuzz/checking_sink.h"

// Tesseract's handles (the text one, then the orientation one) are made on the first page that needs them: some
// seconds of loading language data under ASan, more on a busy machine. They are made here, before any input
// is timed, by reading a blank page (too few words: orientation is asked too), so -timeout measures inputs.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (auto backend = datavagt::ocr_backend()) {
    std::vector<unsigned char> white(64 * 64, 255);
    datavagt::RawImage blank;
    blank.data = white.data();
    blank.width = blank.height = blank.stride = 64;
    blank.bits = 8;
    (void)(*backend)->read_pixels(blank);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace datavagt;
  static const Limits limits = [] {
    Limits l = fuzzing::fuzz_limits();
    l.ocr = OcrMode::All;
    l.ocr_max_image_pixels = 256 * 256;
    l.ocr_max_pages_per_file = 4;
    return l;
  }();
  fuzzing::extract_checked(FormatId::Image, std::string_view(reinterpret_cast<const char*>(data), size), "scan.png",
                           limits);
  return 0;
}
