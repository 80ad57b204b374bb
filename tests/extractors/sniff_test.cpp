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
  EXPECT_EQ(sniff(std::string("!BDN\x8f\x38\x3f\x3dSM\x17\x00\x13\x00\x01\x01", 16)), FormatId::Pst);
  EXPECT_EQ(sniff(std::string("!BDN\x00\x00\x00\x00SO\x24\x00\x13\x00\x01\x01", 16)), FormatId::Pst);  // OST
  EXPECT_EQ(sniff("!BDN is how our notes start\n"), FormatId::Text);  // the magic alone is not enough
  EXPECT_EQ(sniff("\x89PNG\r\n\x1A\nxxxx"), FormatId::Image);
  EXPECT_EQ(sniff("\xFF\xD8\xFF\xE0xxxx"), FormatId::Image);
  EXPECT_EQ(sniff(std::string("\x1F\x8B\x08\x00", 4)), FormatId::Gzip);
  EXPECT_EQ(sniff(std::string("\x7F" "ELF\x02\x01\x01\x00", 8)), FormatId::Executable);
  EXPECT_EQ(sniff(std::string("\x00\x01\x02\x03\xFF\xFE\x00\x00\x13\x37\x00\x00\x01\x00\x00\x00\x00\x05", 18)),
            FormatId::Binary);
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
