// The OCR engine's identity (extractors/image/ocr_data_identity.h): the language data files by path, size and
// mtime, so a changed language pack gives another identity; where Tesseract takes its data from.
#include "extractors/image/ocr_data_identity.h"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <cstdlib>
#include <ctime>
#include <string>

#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

void set_mtime(const std::string& path, std::time_t when) {
  const struct timespec times[2] = {{when, 0}, {when, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << path;
}

TEST(OcrDataIdentity, NamesEachLanguageFileWithItsSizeAndTime) {
  testing::TempDir d;
  const std::string dan = d.write("dan.traineddata", std::string(100, 'd'));
  set_mtime(dan, 1'572'393'600);
  const std::string id = ocr_data_identity("5.3.0", d.path(), {"dan", "eng"});
  EXPECT_EQ(id, "tesseract 5.3.0\n" + dan + " 100 1572393600000000000\n" + d / "eng.traineddata" + " missing\n");
}

TEST(OcrDataIdentity, ChangesWhenALanguagePackOrTesseractChanges) {
  testing::TempDir d;
  const std::string dan = d.write("dan.traineddata", std::string(100, 'd'));
  set_mtime(dan, 1'572'393'600);
  const std::string before = ocr_data_identity("5.3.0", d.path(), {"dan"});
  EXPECT_EQ(ocr_data_identity("5.3.0", d.path(), {"dan"}), before);  // stable
  EXPECT_NE(ocr_data_identity("5.3.4", d.path(), {"dan"}), before);
  set_mtime(dan, 1'700'000'000);  // the same size, installed again
  const std::string touched = ocr_data_identity("5.3.0", d.path(), {"dan"});
  EXPECT_NE(touched, before);
  d.write("dan.traineddata", std::string(101, 'd'));
  set_mtime(dan, 1'700'000'000);  // another size, the same time
  EXPECT_NE(ocr_data_identity("5.3.0", d.path(), {"dan"}), touched);
}

TEST(OcrDataIdentity, TessdataPrefixDecidesTheFolder) {
  const char* old = std::getenv("TESSDATA_PREFIX");
  const std::string saved = old != nullptr ? old : "";
  ::unsetenv("TESSDATA_PREFIX");
  EXPECT_EQ(tessdata_folder(5), "/usr/share/tesseract-ocr/5/tessdata");
  ::setenv("TESSDATA_PREFIX", "/opt/tessdata/", 1);
  EXPECT_EQ(tessdata_folder(5), "/opt/tessdata");
  if (old != nullptr)
    ::setenv("TESSDATA_PREFIX", saved.c_str(), 1);
  else
    ::unsetenv("TESSDATA_PREFIX");
}

}  // namespace
}  // namespace datavagt
