// What decides a file's stored findings (scanner/findings_decision.h): a rescan reads a file again exactly when
// its fingerprint changes. Here: the OCR settings and the OCR engine (Tesseract's version, its language data),
// injected as the identity strings the module would give.
#include "scanner/findings_decision.h"

#include <gtest/gtest.h>

#include <string>

namespace datavagt {
namespace {

const std::string kEngine =
    "tesseract 5.3.0\n/usr/share/tesseract-ocr/5/tessdata/dan.traineddata 2580059 1572393600000000000\n";

std::string decided(const ScanOptions& o, const std::string& engine) { return findings_decided_by(o, {}, "ab12", engine); }

TEST(FindingsDecision, TheSameOptionsAndEngineDecideTheSame) {
  const ScanOptions o;
  EXPECT_EQ(decided(o, kEngine), decided(o, kEngine));
  EXPECT_EQ(decided(o, kEngine).size(), 32u);
}

TEST(FindingsDecision, AnotherTesseractOrLanguageDataDecidesAnew) {
  const ScanOptions o;  // --ocr auto
  const std::string base = decided(o, kEngine);
  std::string upgraded = kEngine;
  upgraded.replace(upgraded.find("5.3.0"), 5, "5.3.4");
  EXPECT_NE(decided(o, upgraded), base);
  std::string new_dan = kEngine;  // a tesseract-ocr-dan update: another size and mtime
  new_dan.replace(new_dan.find("2580059"), 7, "2581001");
  EXPECT_NE(decided(o, new_dan), base);
  EXPECT_NE(decided(o, "unavailable: OCR unavailable\n"), base);  // installed later: read again
  ScanOptions all;
  all.limits.ocr = OcrMode::All;
  EXPECT_NE(decided(all, kEngine), base);
  EXPECT_NE(decided(all, kEngine), decided(all, upgraded));
}

TEST(FindingsDecision, WithOcrOffTheEngineDoesNotDecide) {
  ScanOptions off;
  off.limits.ocr = OcrMode::Off;
  EXPECT_EQ(decided(off, kEngine), decided(off, ""));
  ScanOptions on;
  EXPECT_NE(decided(off, ""), decided(on, ""));
}

TEST(FindingsDecision, OcrSettingsDecide) {
  const ScanOptions o;
  ScanOptions dpi = o;
  dpi.limits.ocr_pdf_dpi = 200;
  EXPECT_NE(decided(dpi, kEngine), decided(o, kEngine));
  ScanOptions pages = o;
  pages.limits.ocr_max_pages_per_file = 12;
  EXPECT_NE(decided(pages, kEngine), decided(o, kEngine));
}

}  // namespace
}  // namespace datavagt
