#include <gtest/gtest.h>

#include <cstdint>
#include <string>

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
  EXPECT_EQ(sniff(std::string("\x78\x9F\x3E\x22\x01\x00\x01\x06\x90\x08\x00", 11)), FormatId::Tnef);  // winmail.dat
  EXPECT_EQ(sniff("!BDN is how our notes start\n"), FormatId::Text);  // the magic alone is not enough
  EXPECT_EQ(sniff("\x89PNG\r\n\x1A\nxxxx"), FormatId::Image);
  EXPECT_EQ(sniff("\xFF\xD8\xFF\xE0xxxx"), FormatId::Image);
  EXPECT_EQ(sniff(std::string("\x1F\x8B\x08\x00", 4)), FormatId::Gzip);
  EXPECT_EQ(sniff(std::string("\x7F" "ELF\x02\x01\x01\x00", 8)), FormatId::Executable);
  EXPECT_EQ(sniff(std::string("\x00\x01\x02\x03\xFF\xFE\x00\x00\x13\x37\x00\x00\x01\x00\x00\x00\x00\x05", 18)),
            FormatId::Binary);
}

// A zip local header for `name` with `data` (stored, or said to be deflated), as the sniffer reads it.
// With `descriptor`, the sizes are 0 and said to follow the data (general purpose flag 3).
std::string local_header(std::string_view name, std::string_view data, bool deflated = false, bool descriptor = false) {
  auto le = [](std::uint32_t v, int bytes) {
    std::string out;
    for (int i = 0; i < bytes; ++i) out += static_cast<char>(v >> (8 * i) & 0xFF);
    return out;
  };
  const auto n = static_cast<std::uint32_t>(name.size());
  const auto d = descriptor ? 0 : static_cast<std::uint32_t>(data.size());
  return "PK\x03\x04" + le(20, 2) + le(descriptor ? 8 : 0, 2) + le(deflated ? 8 : 0, 2) + le(0, 4) + le(0, 4) + le(d, 4) + le(d, 4) +
         le(n, 2) + le(0, 2) + std::string(name) + std::string(data);
}

// Zips are told apart by their first member: documents, e-books and archives are formats of their own.
TEST(Sniff, ZipKindsByTheFirstMember) {
  const std::string after = local_header("x.xml", "<x/>");
  EXPECT_EQ(sniff(local_header("[Content_Types].xml", "<Types/>") + after), FormatId::Ooxml);
  EXPECT_EQ(sniff(local_header("_rels/.rels", "<R/>") + after), FormatId::Ooxml);
  EXPECT_EQ(sniff(local_header("word/document.xml", "<w/>") + after), FormatId::Ooxml);
  EXPECT_EQ(sniff(local_header("docProps/app.xml", "<p/>") + after), FormatId::Ooxml);
  EXPECT_EQ(sniff(local_header("mimetype", "application/vnd.oasis.opendocument.text") + after), FormatId::Odf);
  EXPECT_EQ(sniff(local_header("content.xml", "<o/>") + after), FormatId::Odf);
  EXPECT_EQ(sniff(local_header("META-INF/manifest.xml", "<m/>") + after), FormatId::Odf);
  EXPECT_EQ(sniff(local_header("mimetype", "application/epub+zip") + local_header("META-INF/container.xml", "<c/>")),
            FormatId::Epub);
  // An EPUB whose mimetype is deflated (against the rule): the member after it says so; else the document
  // reader sorts it out as before.
  EXPECT_EQ(sniff(local_header("mimetype", "K,(\xC8", true) + local_header("META-INF/container.xml", "<c/>")),
            FormatId::Epub);
  EXPECT_EQ(sniff(local_header("mimetype", "K,(\xC8", true) + local_header("content.xml", "<c/>")), FormatId::Odf);
  EXPECT_EQ(sniff(local_header("META-INF/container.xml", "<c/>") + after), FormatId::Epub);
  // A stored mimetype whose size follows it (a writer that streams): its bytes are there all the same.
  EXPECT_EQ(sniff(local_header("mimetype", "application/epub+zip", false, true) + after), FormatId::Epub);
  EXPECT_EQ(sniff(local_header("mimetype", "application/vnd.oasis.opendocument.text", false, true) + after),
            FormatId::Odf);
  // Archives: a JAR, any other first member, names that only look alike, an empty zip.
  EXPECT_EQ(sniff(local_header("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n") + after), FormatId::Zip);
  EXPECT_EQ(sniff(local_header("sager/brev.txt", "Hej") + local_header("word/document.xml", "<w/>")), FormatId::Zip);
  EXPECT_EQ(sniff(local_header("content.xml.bak", "x")), FormatId::Zip);
  EXPECT_EQ(sniff(local_header("words/x.xml", "x")), FormatId::Zip);
  EXPECT_EQ(sniff(std::string("PK\x05\x06", 4) + std::string(18, '\0')), FormatId::Zip);
  EXPECT_EQ(sniff(std::string("PK\x03\x04\x14\x00", 6)), FormatId::Zip);  // cut in its first header
  // A first name longer than the head is judged by its start; an item that ends inside its first name is an
  // archive (a damaged one), whatever the name starts with.
  const std::string long_name = local_header("word/" + std::string(9000, 'x'), "<w/>");
  EXPECT_EQ(sniff_format(std::string_view(long_name).substr(0, kSniffBytes), long_name.size()), FormatId::Ooxml);
  EXPECT_EQ(sniff(long_name.substr(0, 4000)), FormatId::Zip);
  EXPECT_EQ(format_name(FormatId::Ooxml), "ooxml");
  EXPECT_EQ(format_name(FormatId::Odf), "odf");
  EXPECT_EQ(format_name(FormatId::Epub), "epub");
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

TEST(Sniff, MailAndMboxByTheirHeaders) {
  const std::string msg = "Return-Path: <a@b.dk>\nReceived: from x by y; Fri, 1 Mar 2019 10:00:00 +0100\n"
                          "From: Jens <jens@b.dk>\nSubject: Hej\n  igen\nDate: Fri, 1 Mar 2019 10:00:00 +0100\n\nTekst\n";
  EXPECT_EQ(sniff(msg), FormatId::Mail);
  EXPECT_EQ(sniff("From: a@b.dk\r\nTo: c@d.dk\r\n\r\nbody"), FormatId::Mail);
  EXPECT_EQ(sniff("MIME-Version: 1.0\nX-Mailer: x\nContent-Type: text/plain\n\nbody"), FormatId::Mail);
  EXPECT_EQ(sniff("From MAILER-DAEMON Fri Mar  1 10:00:00 2019\n" + msg), FormatId::Mbox);
  // A letter that starts like a message is still text.
  EXPECT_EQ(sniff("From: Jens\n\nKære Søren, CPR 010190-1234\n"), FormatId::Text);
  EXPECT_EQ(sniff("From: Jens\nKære Søren\nTo: dig\n"), FormatId::Text);
  EXPECT_EQ(sniff("X-A: 1\nX-B: 2\n\nx"), FormatId::Text);
  EXPECT_EQ(sniff("From here to there\nand back again\nDate: y\n\n"), FormatId::Text);  // no header block
  EXPECT_EQ(sniff("From Jens\nhej\n"), FormatId::Text);
  EXPECT_EQ(sniff("Subject line: Hej\nDate: 2019\n\n"), FormatId::Text);  // a space in the field name
  // The head may end inside the header block (many Received lines).
  std::string long_head = "Received: from a\nReceived: from b\n";
  while (long_head.size() < 9000) long_head += "Received: from relay.example.dk by mx.example.dk\n";
  EXPECT_EQ(sniff_format(std::string_view(long_head).substr(0, 8192), long_head.size() + 100), FormatId::Mail);
}

}  // namespace
}  // namespace datavagt
