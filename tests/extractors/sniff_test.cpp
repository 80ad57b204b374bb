#include <gtest/gtest.h>

#include "extractors/format.h"

namespace datavagt {
namespace {

FormatId sniff(std::string_view s) { return sniff_format(s, s.size()); }

TEST(Sniff, ByContentNotName) {
  EXPECT_EQ(sniff(""), FormatId::Empty);
  EXPECT_EQ(sniff("Hej Søren\nCPR 010190-1234\n"), FormatId::Text);
  EXPECT_EQ(sniff("navn;cpr\nSøren;010190-1234\n"), FormatId::Text);
  EXPECT_EQ(sniff("<!DOCTYPE html><html><body>x</body></html>"), FormatId::Html);
  EXPECT_EQ(sniff("  <html><head></head></html>"), FormatId::Html);
  EXPECT_EQ(sniff("<p>Hej</p>"), FormatId::Html);
  EXPECT_EQ(sniff("<?xml version=\"1.0\"?><borger cpr=\"x\"/>"), FormatId::Xml);
  EXPECT_EQ(sniff("<borgere><borger/></borgere>"), FormatId::Xml);
  EXPECT_EQ(sniff("<?xml version=\"1.0\"?><!DOCTYPE html><html><body/></html>"), FormatId::Html);
  EXPECT_EQ(sniff("a < b and c > d"), FormatId::Text);
  EXPECT_EQ(sniff("%PDF-1.7\n..."), FormatId::Pdf);
  EXPECT_EQ(sniff(std::string("PK\x03\x04\x14\x00", 6)), FormatId::Zip);
  EXPECT_EQ(sniff("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), FormatId::Ole2);
  EXPECT_EQ(sniff("{\\rtf1\\ansi hello}"), FormatId::Rtf);
  EXPECT_EQ(sniff("\x89PNG\r\n\x1A\nxxxx"), FormatId::Image);
  EXPECT_EQ(sniff("\xFF\xD8\xFF\xE0xxxx"), FormatId::Image);
  EXPECT_EQ(sniff(std::string("\x1F\x8B\x08\x00", 4)), FormatId::Gzip);
  EXPECT_EQ(sniff(std::string("\x7F" "ELF\x02\x01\x01\x00", 8)), FormatId::Executable);
  EXPECT_EQ(sniff(std::string("\x00\x01\x02\x03\xFF\xFE\x00\x00\x13\x37\x00\x00\x01\x00\x00\x00\x00\x05", 18)),
            FormatId::Binary);
}

TEST(Sniff, ArchivesByTheirMagic) {
  std::string tar(1024, '\0');
  tar.replace(0, 8, "sag.txt\0");
  tar.replace(257, 6, std::string("ustar\0", 6));  // POSIX; GNU writes "ustar  \0"
  EXPECT_EQ(sniff(tar), FormatId::Tar);
  tar.replace(257, 8, std::string("ustar  \0", 8));
  EXPECT_EQ(sniff(tar), FormatId::Tar);
  EXPECT_EQ(sniff("070701" + std::string(104, '0') + "sag.txt"), FormatId::Cpio);
  EXPECT_EQ(sniff("070707" + std::string(70, '0') + "sag.txt"), FormatId::Cpio);
  // Six digits that are a cpio magic and also the start of a CPR number: text.
  EXPECT_EQ(sniff("070701-1234 Jensen\n070707-4321 Hansen\n"), FormatId::Text);
  EXPECT_EQ(sniff("0707011234;Jensen\n" + std::string(120, 'x')), FormatId::Text);
  EXPECT_EQ(sniff(std::string("7z\xBC\xAF\x27\x1C\x00\x04", 8)), FormatId::SevenZip);
  EXPECT_EQ(sniff("Rar!\x1A\x07\x01"), FormatId::Rar);
  EXPECT_EQ(sniff(std::string("\x28\xB5\x2F\xFD\x00", 5)), FormatId::Zstd);
  EXPECT_EQ(sniff(std::string("\xFD" "7zXZ\x00\x00", 7)), FormatId::Xz);
  EXPECT_EQ(sniff("BZh91AY&SY"), FormatId::Bzip2);
}

// An ISO 9660 image is recognised at byte 32769: in the long head, not in the first kSniffBytes.
TEST(Sniff, Iso9660NeedsTheLongHead) {
  std::string iso(kLongSniffBytes, '\0');
  iso[32768] = '\x01';
  iso.replace(32769, 5, "CD001");
  EXPECT_EQ(sniff_format(std::string_view(iso).substr(0, kSniffBytes), 1 << 20), FormatId::Binary);
  EXPECT_EQ(sniff_format(iso, 1 << 20), FormatId::Iso9660);
}

TEST(Sniff, Utf16MarkupIsRecognised) {
  std::string le = "\xFF\xFE";
  for (char c : std::string("<?xml version=\"1.0\"?><a>x</a>")) {
    le += c;
    le += '\0';
  }
  EXPECT_EQ(sniff(le), FormatId::Xml);
}

}  // namespace
}  // namespace datavagt
