// The image extractor (extractors/image/image.cpp) with the OCR module: text read from pictures drawn with a
// Debian font at test time (make_ocr_fixtures.py), the notes for pictures not read, and bad input (truncated,
// damaged, huge headers, unusual pixels): a record with the reason, never a crash.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "extractors/image/gif_frames.h"
#include "extractors/image/ocr_backend.h"
#include "tests/extractors/extract_util.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using testing::record;
using testing::Recorded;

// The fixtures, made once per test program.
const testing::TempDir& fixtures() {
  static const auto dir = [] {
    auto d = std::make_unique<testing::TempDir>();
    const std::string cmd = std::string("/usr/bin/python3 ") + DATAVAGT_SOURCE_DIR +
                            "/tests/extractors/image/make_ocr_fixtures.py '" + d->path() + "'";
    EXPECT_EQ(testing::run(cmd), 0) << cmd;
    return d;
  }();
  return *dir;
}

std::string fixture(const std::string& name) { return testing::read_file(fixtures() / name); }

Recorded read_image(const std::string& bytes, Limits limits = {}) {
  return record(FormatId::Image, bytes, "billede", limits);
}

// The picture read as the scanner reads a file whose OCR budget is one page (the budget reset per file).
Recorded read_with_budget_of_one_page(const std::string& bytes) {
  Limits one_page;
  one_page.ocr_max_pages_per_file = 1;
  auto extractor = make_extractor(FormatId::Image);
  testing::RecordingSink sink;
  sink.ocr_budget().reset(one_page);
  MemorySource src(bytes);
  ItemInfo info;
  info.size = bytes.size();
  extractor->extract(src, info, sink, one_page);
  return sink.out;
}

// The CPR number of the fixtures, as OCR should read it (the number, whatever spacing Tesseract puts round it).
bool has_cpr(const Recorded& r) { return r.has("150643-1006"); }

std::string png_chunk(const std::string& type, const std::string& data) {
  auto be32 = [](std::uint32_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                       static_cast<char>(v)};
  };
  return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(0);  // CRC not checked by a header read
}

// A PNG whose header claims `w` x `h` pixels, with a little (wrong) image data after it.
std::string png_header_only(std::uint32_t w, std::uint32_t h) {
  auto be32 = [](std::uint32_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                       static_cast<char>(v)};
  };
  std::string ihdr = be32(w) + be32(h) + std::string("\x08\x02\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1A\n", 8) + png_chunk("IHDR", ihdr) + png_chunk("IDAT", std::string(64, 'x')) +
         png_chunk("IEND", "");
}

TEST(ImageOcr, ReadsTheCprInPngJpegAndTiff) {
  for (const char* name : {"brev.png", "brev.jpg", "cmyk.jpg", "gray16.png", "alpha.png"}) {
    const Recorded r = read_image(fixture(name));
    EXPECT_TRUE(has_cpr(r)) << name << ": " << r.text;
    EXPECT_TRUE(r.problems.empty()) << name << ": " << (r.problems.empty() ? "" : r.problems[0].detail);
    EXPECT_TRUE(r.part_has("OCR", "150643")) << name;
  }
}

TEST(ImageOcr, AMultiPageFaxIsReadPageByPage) {
  const Recorded r = read_image(fixture("fax.tif"));
  ASSERT_EQ(r.pages.count(2), 1u) << r.text;
  EXPECT_NE(r.pages.at(2).find("150643-1006"), std::string::npos) << r.pages.at(2);
  EXPECT_EQ(r.pages.at(1).find("150643"), std::string::npos);
  EXPECT_NE(r.pages.at(1).find("Telefax"), std::string::npos) << r.pages.at(1);
}

TEST(ImageOcr, APhotoTurnedAFewDegreesAndAScanTurnedRoundAreRead) {
  EXPECT_TRUE(has_cpr(read_image(fixture("foto.jpg"))));
  EXPECT_TRUE(has_cpr(read_image(fixture("vendt.png"))));  // 90 degrees: orientation detection (OSD)
}

TEST(ImageOcr, AnAnimatedGifIsReadFrameByFrame) {
  const Recorded first = read_image(fixture("anim.gif"));  // the number on the first frame
  ASSERT_EQ(first.pages.count(1), 1u) << first.text;
  EXPECT_NE(first.pages.at(1).find("150643-1006"), std::string::npos) << first.pages.at(1);
  EXPECT_TRUE(first.problems.empty());
  EXPECT_TRUE(first.notes.empty());
  // The number on the second frame (stored by PIL as the changed patch only, with a colour table of its own).
  const Recorded second = read_image(fixture("anim2.gif"));
  ASSERT_EQ(second.pages.count(2), 1u) << second.text;
  EXPECT_NE(second.pages.at(2).find("150643-1006"), std::string::npos) << second.pages.at(2);
  EXPECT_EQ(second.pages.at(1).find("150643"), std::string::npos);
  EXPECT_NE(second.pages.at(1).find("Side 1"), std::string::npos) << second.pages.at(1);
  EXPECT_TRUE(second.part_has("OCR", "150643"));
  EXPECT_TRUE(second.problems.empty()) << (second.problems.empty() ? "" : second.problems[0].detail);
  EXPECT_TRUE(second.notes.empty());
}

TEST(ImageOcr, AnAnimationsFramesCountAgainstTheBudget) {
  const Recorded r = read_with_budget_of_one_page(fixture("anim2.gif"));
  EXPECT_FALSE(has_cpr(r));
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0], "OCR stopped after 1 of 2 pages (the file's OCR budget is spent)");
}

TEST(ImageOcr, AGifCutAfterItsFirstFrameIsReadWithANote) {
  const std::string gif = fixture("anim2.gif");
  const GifFrames walked = gif_frames(gif, 10);
  ASSERT_EQ(walked.count, 2u);
  // Cut in the middle of the second frame's data: the first frame is read, the damage noted.
  const std::string cut = gif.substr(0, walked.frames[1].begin + (walked.frames[1].end - walked.frames[1].begin) / 2);
  const Recorded r = read_image(cut);
  EXPECT_NE(r.text.find("Side 1"), std::string::npos) << r.text;
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0], "gif: damaged after frame 1; the frames before it are read");
}

TEST(ImageOcr, OcrOffNamesTheImageAsNotRead) {
  Limits off;
  off.ocr = OcrMode::Off;
  const Recorded r = read_image(fixture("brev.png"), off);
  EXPECT_TRUE(r.text.empty());
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0], "image not read (--ocr off)");
}

TEST(ImageOcr, AutoSkipsIconsWithANoteAndAllReadsThem) {
  const Recorded r = read_image(fixture("ikon.png"));
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0], "image of 32x32 px not read: too small to hold text (--ocr all reads it)");
  Limits all;
  all.ocr = OcrMode::All;
  const Recorded read = read_image(fixture("ikon.png"), all);
  EXPECT_TRUE(read.notes.empty());
  EXPECT_TRUE(read.problems.empty());
}

TEST(ImageOcr, APictureWithoutTextGivesNoTextAndNoProblem) {
  const Recorded r = read_image(fixture("tegning.png"));
  EXPECT_EQ(r.text.find("150643"), std::string::npos);
  EXPECT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.notes.empty());
}

TEST(ImageOcr, TheFilesBudgetStopsOcrWithANote) {
  const Recorded r = read_with_budget_of_one_page(fixture("fax.tif"));
  EXPECT_EQ(r.pages.count(1), 1u);
  EXPECT_EQ(r.pages.count(2), 0u);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0], "OCR stopped after 1 of 2 pages (the file's OCR budget is spent)");
}

TEST(ImageOcr, AHugeHeaderIsRefusedBeforeDecoding) {
  const Recorded r = read_image(png_header_only(50000, 50000));
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::Limit);
  EXPECT_NE(r.problems[0].detail.find("50000x50000 px"), std::string::npos) << r.problems[0].detail;
  EXPECT_TRUE(r.text.empty());
}

TEST(ImageOcr, TruncatedAndDamagedImagesAreCorruptNeverACrash) {
  const std::string png = fixture("brev.png");
  const std::string jpg = fixture("brev.jpg");
  const std::string tif = fixture("fax.tif");
  std::string flipped = png;
  for (std::size_t i = 100; i < flipped.size(); i += 7) flipped[i] = static_cast<char>(flipped[i] ^ 0x5A);
  const std::string cases[] = {png.substr(0, 20),   png.substr(0, png.size() / 2), jpg.substr(0, 300),
                               jpg.substr(0, jpg.size() / 3), tif.substr(0, tif.size() / 2), flipped,
                               png_header_only(640, 480), std::string("\x89PNG\r\n\x1A\n", 8), "GIF89a"};
  for (const std::string& bytes : cases) {
    const Recorded r = read_image(bytes);
    // Either it is reported, or what could be decoded was read: never silence about a picture not read.
    if (r.text.empty() && r.notes.empty()) {
      ASSERT_FALSE(r.problems.empty()) << bytes.size() << " bytes";
      EXPECT_FALSE(r.problems[0].detail.empty());
    }
  }
}

TEST(ImageOcr, TheBackendSaysWhatDecidesItsReading) {
  auto backend = ocr_backend();
  ASSERT_TRUE(backend) << backend.problem().detail;
  EXPECT_NE((*backend)->settings_id().find("dan+eng"), std::string::npos);
}

}  // namespace
}  // namespace datavagt
