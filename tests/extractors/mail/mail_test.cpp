// One mail message (.eml) through the mail extractor: decoded headers, bodies in every transfer encoding and
// charset, HTML bodies without their tags, attachments and forwarded messages as members, encrypted parts.
#include <gtest/gtest.h>

#include <string>

#include "scanner/file_source.h"
#include "tests/extractors/extract_util.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

using testing::Recorded;

// Whole, and read 7 bytes at a time: the same result.
Recorded mail(std::string_view bytes, Limits limits = {}) {
  return testing::record_twice(FormatId::Mail, bytes, "brev.eml", limits, 7);
}

std::string base64(std::string_view in) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    for (int s : {18, 12, 6, 0}) out += k[(v >> s) & 63];
    if (out.size() % 77 == 76) out += '\n';
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += k[(v >> 18) & 63];
    out += k[(v >> 12) & 63];
    out += i + 1 < in.size() ? k[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out + "\n";
}

const std::string kHead =
    "Return-Path: <jens@example.dk>\n"
    "From: =?UTF-8?Q?Jens_=C3=86r=C3=B8?= <jens@example.dk>\n"
    "To: Borgerservice <post@kommune.example.dk>, =?ISO-8859-1?Q?S=F8ren?= <soren@example.dk>\n"
    "Cc: Åse <aase@example.dk>\n"
    "Subject: =?UTF-8?B?QW5zw7hnbmluZyBvbSBib2xpZ3N0w7h0dGU=?=\n"
    "Date: Fri, 01 Mar 2019 10:00:00 +0000\n"
    "Message-ID: <1@example.dk>\n"
    "MIME-Version: 1.0\n";

constexpr std::int64_t kMarch1 = 1551434400;  // 2019-03-01T10:00:00Z

TEST(Mail, HeadersAreDecodedText) {
  const auto r = mail(kHead + "Content-Type: text/plain; charset=utf-8\n\nHej\n");
  EXPECT_TRUE(r.part_has("header", "Subject: Ansøgning om boligstøtte")) << r.parts.at("header");
  EXPECT_TRUE(r.part_has("header", "Jens Ærø <jens@example.dk>"));
  EXPECT_TRUE(r.part_has("header", "Søren <soren@example.dk>"));
  EXPECT_TRUE(r.part_has("header", "Åse <aase@example.dk>"));
  EXPECT_TRUE(r.part_has("body", "Hej"));
  EXPECT_FALSE(r.has("Message-ID"));
  EXPECT_TRUE(r.problems.empty());
}

TEST(Mail, QuotedPrintableBase64AndWindows1252Bodies) {
  const auto qp = mail(kHead +
                       "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
                       "K=C3=A6re S=C3=B8ren, CPR 150643-=\n1006 og l=C3=A6ngere linje\n");
  EXPECT_TRUE(qp.part_has("body", "Kære Søren, CPR 150643-1006 og længere linje")) << qp.text;

  const auto b64 = mail(kHead + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" +
                        base64("Hilsen fra Ærø. CPR-nr. 150643-1006.\n"));
  EXPECT_TRUE(b64.part_has("body", "Hilsen fra Ærø. CPR-nr. 150643-1006.")) << b64.text;

  const auto cp1252 = mail(kHead + "Content-Type: text/plain; charset=windows-1252\n"
                                   "Content-Transfer-Encoding: 8bit\n\nK\xE6re S\xF8ren \x96 bes\xF8g p\xE5 \xC6r\xF8\n");
  EXPECT_TRUE(cp1252.part_has("body", "Kære Søren – besøg på Ærø")) << cp1252.text;

  // No charset declared: guessed (not UTF-8, so windows-1252).
  const auto guessed = mail(kHead + "Content-Type: text/plain\n\nS\xF8ren\n");
  EXPECT_TRUE(guessed.part_has("body", "Søren")) << guessed.text;
}

TEST(Mail, HtmlBodyWithoutTags) {
  const auto r = mail(kHead +
                      "Content-Type: multipart/alternative; boundary=\"b1\"\n\n"
                      "--b1\nContent-Type: text/plain; charset=utf-8\n\nSe HTML\n"
                      "--b1\nContent-Type: text/html; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n"
                      "<html><head><style>p{color:red}</style></head><body><p>S=F8ren: 150643<span =\nclass=3D\"x\">-1006</span>"
                      "</p></body></html>\n"
                      "--b1--\n");
  EXPECT_TRUE(r.part_has("body", "Se HTML"));
  EXPECT_TRUE(r.part_has("body", "Søren: 150643-1006")) << r.text;
  EXPECT_FALSE(r.has("<span"));
  EXPECT_FALSE(r.has("color:red"));
}

TEST(Mail, AttachmentsAreMembersWithTheMessageDate) {
  const std::string zip = std::string("PK\x03\x04", 4) + std::string(40, '\x01');
  const auto r = mail(kHead +
                      "Content-Type: multipart/mixed; boundary=\"xyz\"\n\n"
                      "preamble\n"
                      "--xyz\nContent-Type: text/plain; charset=utf-8\n\nSe bilag.\n"
                      "--xyz\nContent-Type: text/plain; charset=utf-8; name=\"bilag.txt\"\n"
                      "Content-Disposition: attachment; filename=\"bilag.txt\"\nContent-Transfer-Encoding: base64\n\n" +
                      base64("CPR: 150643-1006\n") +
                      "--xyz\nContent-Type: application/zip\nContent-Disposition: attachment;\n"
                      " filename*=UTF-8''s%C3%B8knad.zip\nContent-Transfer-Encoding: base64\n\n" +
                      base64(zip) +
                      "--xyz\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\n" + base64("\x89PNG\r\n\x1A\n") +
                      "--xyz--\n");
  EXPECT_TRUE(r.part_has("body", "Se bilag."));
  EXPECT_FALSE(r.has("150643-1006"));  // the attachment's text is the member's, not the message's
  ASSERT_EQ(r.members.size(), 3u);
  EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"bilag.txt"});
  EXPECT_EQ(r.members[0].bytes, "CPR: 150643-1006\n");
  EXPECT_EQ(r.members[0].info.mtime, kMarch1);
  EXPECT_EQ(r.members[0].info.depth, 1u);
  EXPECT_EQ(r.members[1].info.location.members, std::vector<std::string>{"søknad.zip"});
  EXPECT_EQ(r.members[1].bytes, zip);
  EXPECT_EQ(r.members[2].info.location.members, std::vector<std::string>{"part 4"});
  EXPECT_TRUE(r.problems.empty());
}

TEST(Mail, ForwardedMessageIsAMemberNamedByItsLabel) {
  const std::string inner = "From: Kirsten <k@example.dk>\nTo: jens@example.dk\nSubject: Sag 150643-1006\n"
                            "Date: Fri, 01 Feb 2019 09:00:00 +0000\n\nCPR 150643-1006\n";
  const auto r = mail(kHead + "Content-Type: multipart/mixed; boundary=\"m\"\n\n"
                              "--m\nContent-Type: text/plain\n\nVideresendt:\n"
                              "--m\nContent-Type: message/rfc822\n\n" +
                      inner + "--m--\n");
  ASSERT_EQ(r.members.size(), 1u);
  // The subject's CPR is masked in the label.
  EXPECT_EQ(r.members[0].info.location.members, std::vector<std::string>{"2 Sag 150643-XXXX (2019-02-01)"});
  EXPECT_EQ(r.members[0].info.mtime, 1549011600);
  EXPECT_NE(r.members[0].bytes.find("CPR 150643-1006"), std::string::npos);
  EXPECT_EQ(sniff_format(r.members[0].bytes, r.members[0].bytes.size()), FormatId::Mail);
  EXPECT_FALSE(r.has("CPR 150643"));
}

TEST(Mail, EncryptedPartsAreReported) {
  const auto pgp = mail(kHead +
                        "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"e\"\n\n"
                        "--e\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n"
                        "--e\nContent-Type: application/octet-stream\n\n-----BEGIN PGP MESSAGE-----\nhQEMA\n"
                        "-----END PGP MESSAGE-----\n--e--\n");
  EXPECT_TRUE(pgp.has_problem(ProblemKind::Encrypted));
  EXPECT_TRUE(pgp.members.empty());  // no ciphertext as a member

  const auto smime = mail(kHead + "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\n"
                                  "Content-Transfer-Encoding: base64\n\n" +
                          base64(std::string(64, '\x30')));
  EXPECT_TRUE(smime.has_problem(ProblemKind::Encrypted));
  EXPECT_TRUE(smime.members.empty());
}

TEST(Mail, MalformedMessagesDoNotStopTheScan) {
  // Truncated: the multipart never ends, the base64 is cut.
  const auto cut = mail(kHead + "Content-Type: multipart/mixed; boundary=\"q\"\n\n--q\nContent-Type: text/plain\n\n"
                                "CPR 150643-1006\n--q\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n"
                                "JVBERi0xLj");
  EXPECT_TRUE(cut.part_has("body", "CPR 150643-1006"));
  EXPECT_EQ(cut.members.size(), 1u);
  // A multipart without a boundary, junk bytes, nothing at all.
  mail(kHead + "Content-Type: multipart/mixed\n\n--x\nhej\n");
  mail(std::string("From: a\nTo: b\n\n\x00\xFF\xFE garbage \x01", 28));
  mail("");
  const auto junk = mail(std::string(1000, '\xFF'));
  (void)junk;
}

TEST(Mail, CrlfLineEndings) {
  const auto r = mail("From: a@b.dk\r\nTo: c@d.dk\r\nSubject: =?utf-8?q?Hj=C3=A6lp?=\r\nContent-Type: text/plain; "
                      "charset=utf-8\r\n\r\nLinje 1\r\nCPR 150643-1006\r\n");
  EXPECT_TRUE(r.part_has("header", "Subject: Hjælp"));
  EXPECT_TRUE(r.part_has("body", "CPR 150643-1006"));
}

TEST(Mail, OnlyTheStartOfAnOversizedMessageIsRead) {
  Limits l;
  l.max_buffered_member_bytes = 4096;
  std::string body;
  while (body.size() < 10000) body += "Linje med tekst.\n";
  const auto r = mail(kHead + "Content-Type: text/plain\n\nCPR 150643-1006\n" + body, l);
  EXPECT_TRUE(r.has_problem(ProblemKind::Limit));
  EXPECT_TRUE(r.part_has("body", "CPR 150643-1006"));
  EXPECT_LT(r.text.size(), 4096u);
}

// An on-disk .eml larger than the in-memory bound is read by GMime from the file itself, whole.
TEST(Mail, LargeFileIsReadFromItsDescriptor) {
  testing::TempDir t;
  std::string filler;
  while (filler.size() < 20000) filler += "Almindelig tekst uden noget.\n";
  const std::string path = t.write("stor.eml", kHead + "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\n"
                                                       "Content-Type: text/plain\n\n" + filler + "CPR 150643-1006\n"
                                                       "--b\nContent-Type: text/plain; name=x.txt\n"
                                                       "Content-Disposition: attachment; filename=x.txt\n\n" +
                                                       filler + "slut\n--b--\n");
  auto src = FileSource::open(path);
  ASSERT_TRUE(src);
  Limits l;
  l.max_buffered_member_bytes = 4096;
  char head[100];  // the scanner has read the head to sniff it: the descriptor is not at the start
  ASSERT_TRUE((*src)->read(head));
  const auto r = testing::record(FormatId::Mail, **src, "stor.eml", (*src)->stat().st_size, l);
  EXPECT_FALSE(r.has_problem(ProblemKind::Limit));
  EXPECT_TRUE(r.part_has("header", "Ansøgning om boligstøtte"));
  EXPECT_TRUE(r.part_has("body", "CPR 150643-1006"));
  ASSERT_EQ(r.members.size(), 1u);
  EXPECT_TRUE(r.members[0].bytes == filler + "slut");  // the line break before a boundary is the boundary's
}

}  // namespace
}  // namespace datavagt
