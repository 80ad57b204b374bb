// Mail as a user scans it: findings inside mbox messages and .eml attachments name the message and carry its
// date; a large mbox is streamed in bounded memory.
#include <sys/resource.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/extractors/mail/tnef_writer.h"
#include "tests/support/e2e.h"
#include "tests/support/sanitizers.h"

namespace datavagt::e2e {
namespace {

std::vector<nlohmann::json> records(const std::string& jsonl) { return testing::jsonl_records(jsonl); }

std::string message(int day, std::string_view subject, std::string_view body) {
  const std::string d = std::to_string(day);
  return "From sender@example.dk Fri Mar  " + d + " 10:00:00 2019\n"
         "Return-Path: <sender@example.dk>\nFrom: Jens <sender@example.dk>\nTo: post@example.dk\n"
         "Subject: " + std::string(subject) + "\nDate: Fri, 0" + d + " Mar 2019 10:00:00 +0000\nMIME-Version: 1.0\n" +
         std::string(body) + "\n";
}

TEST(MailScan, MboxFindingsNameTheMessageAndCarryItsDate) {
  TempDir t;
  const std::string mbox =
      message(1, "Intet her", "Content-Type: text/plain\n\nHej.\n") +
      message(2, "=?UTF-8?Q?Ans=C3=B8gning?=", "Content-Type: text/plain; charset=utf-8\n\nMit CPR-nr. er 150643-1006.\n") +
      message(3, "Bilag",
              "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nSe bilag.\n"
              "--b\nContent-Type: text/plain; name=bilag.txt\nContent-Disposition: attachment; filename=bilag.txt\n"
              "Content-Transfer-Encoding: base64\n\nQ1BSOiAxNTA2NDMtMTAwNgo=\n"
              "--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"data.bin\"\n\n"
              "ikke noget\n"
              // A zip holding cpr.txt ("CPR 150643-1006"), stored.
              "--b\nContent-Type: application/zip\nContent-Disposition: attachment; filename=\"arkiv.zip\"\n"
              "Content-Transfer-Encoding: base64\n\n"
              "UEsDBBQAAAAAAABQY04zDxDxEAAAABAAAAAHAAAAY3ByLnR4dENQUiAxNTA2NDMtMTAwNgpQSwEC\n"
              "FAMUAAAAAAAAUGNOMw8Q8RAAAAAQAAAABwAAAAAAAAAAAAAAgAEAAAAAY3ByLnR4dFBLBQYAAAAA\n"
              "AQABADUAAAA1AAAAAAA=\n--b--\n");
  t.write("share/arkiv.mbox", mbox);
  t.write("key", "k");
  std::string jsonl;
  ASSERT_EQ(run(kBin + " scan -q --no-progress --jsonl - --key-file " + q(t / "key") + " " + q(t / "share"), &jsonl), 1);
  const std::string base = t / "share/arkiv.mbox";
  const std::string zip = base + "!/3 Bilag (2019-03-03)!/arkiv.zip";
  bool in_body = false, in_attachment = false, zip_reached = false;
  for (const auto& r : records(jsonl)) {
    // The zip in the mail in the mbox is reached: scanned inside when there is an archive extractor, else named
    // as not supported.
    if (r["location"].get<std::string>().starts_with(zip)) {
      zip_reached = true;
      continue;
    }
    if (r["kind"] != "cpr") continue;
    EXPECT_EQ(r["format"], "mbox");
    if (r["location"] == base + "!/2 Ansøgning (2019-03-02)") {
      in_body = true;
      EXPECT_EQ(r["date"], "2019-03-02T10:00:00Z");
      EXPECT_EQ(r["part"], "body");
    } else if (r["location"] == base + "!/3 Bilag (2019-03-03)!/bilag.txt") {
      in_attachment = true;
      EXPECT_EQ(r["date"], "2019-03-03T10:00:00Z");
    } else {
      ADD_FAILURE() << "unexpected finding " << r.dump();
    }
    EXPECT_NE(r["mtime"], r["date"]);  // the file's own time
  }
  EXPECT_TRUE(in_body) << jsonl;
  EXPECT_TRUE(in_attachment) << jsonl;
  EXPECT_TRUE(zip_reached) << jsonl;
  EXPECT_EQ(jsonl.find("150643-1006"), std::string::npos);
}

TEST(MailScan, EmlAttachmentsAreMembersOfTheFile) {
  TempDir t;
  t.write("share/brev.eml",
          "From: Jens <jens@example.dk>\nTo: post@example.dk\nSubject: Brev\nDate: Fri, 01 Mar 2019 10:00:00 +0000\n"
          "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/html\n\n"
          "<p>CPR: 150643<b>-1006</b></p>\n"
          "--b\nContent-Type: text/plain; name=bilag.txt\nContent-Disposition: attachment; filename=bilag.txt\n\n"
          "CPR 150643-1006\n--b--\n");
  t.write("key", "k");
  std::string jsonl;
  ASSERT_EQ(run(kBin + " scan -q --no-progress --jsonl - --key-file " + q(t / "key") + " " + q(t / "share"), &jsonl), 1);
  std::vector<std::string> locations;
  for (const auto& r : records(jsonl)) {
    ASSERT_EQ(r["kind"], "cpr") << r.dump();
    locations.push_back(r["location"]);
    if (r["location"] == t / "share/brev.eml") {
      EXPECT_FALSE(r.contains("date"));  // the file's own text: its mtime applies
      EXPECT_EQ(r["format"], "mail");
    } else {
      EXPECT_EQ(r["date"], "2019-03-01T10:00:00Z");
    }
  }
  std::sort(locations.begin(), locations.end());
  EXPECT_EQ(locations, (std::vector<std::string>{t / "share/brev.eml", t / "share/brev.eml!/bilag.txt"}));
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t v = 0;
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    for (std::size_t k = 0; k < 3; ++k) v = v << 8 | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
    for (std::size_t k = 0; k < 4; ++k) out += k <= n ? kAlphabet[v >> (18 - 6 * k) & 0x3F] : '=';
    if (i % 57 == 54) out += '\n';
  }
  return out + "\n";
}

// Outlook's winmail.dat: the attachments inside the application/ms-tnef part are members of that part, named by
// their long file names; a DOCX inside is read as a DOCX.
TEST(MailScan, WinmailDatAttachmentsAreMembersOfThePart) {
  TempDir t;
  testing::MapiProps long_name;
  long_name.unicode(0x3707, "Ansøgning om boligstøtte.txt");
  const std::string docx =
      testing::read_file(kSource + "/tests/extractors/fixtures/ooxml/brev.docx");
  testing::TnefWriter w;
  w.subject("Bilag").attachment("ANSGNI~1.TXT", "CPR 150643-1006\n", &long_name).attachment("brev.docx", docx);
  t.write("share/brev.eml",
          "From: Jens <jens@example.dk>\nTo: post@example.dk\nSubject: Bilag\nDate: Fri, 01 Mar 2019 10:00:00 +0000\n"
          "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nSe vedhæftede.\n"
          "--b\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\n"
          "Content-Disposition: attachment; filename=\"winmail.dat\"\nContent-Transfer-Encoding: base64\n\n" +
              base64(w.bytes()) + "--b--\n");
  t.write("key", "k");
  std::string jsonl;
  ASSERT_EQ(run(kBin + " scan -q --no-progress --jsonl - --key-file " + q(t / "key") + " " + q(t / "share"), &jsonl), 1);
  std::vector<std::string> locations;
  for (const auto& r : records(jsonl)) {
    ASSERT_NE(r["kind"], "error") << r.dump();
    if (r["kind"] != "cpr") continue;  // the DOCX also names a diagnosis
    locations.push_back(r["location"]);
    EXPECT_EQ(r["date"], "2019-03-01T10:00:00Z");  // the message's date, through the TNEF part
  }
  const std::string winmail = t / "share/brev.eml!/winmail.dat";
  std::sort(locations.begin(), locations.end());
  EXPECT_EQ(locations, (std::vector<std::string>{winmail + "!/Ansøgning om boligstøtte.txt", winmail + "!/brev.docx"}))
      << jsonl;
  EXPECT_EQ(jsonl.find("150643-1006"), std::string::npos);
}

// The mbox is read message by message: peak memory stays far below its size. (getrusage: the largest child
// this test process has waited for, i.e. the scan.)
TEST(MailScan, LargeMboxIsStreamedInBoundedMemory) {
  if (testing::kAddressSanitizer)
    GTEST_SKIP() << "AddressSanitizer's shadow memory and quarantine make RSS meaningless (and the scan slow)";
  TempDir t;
  t.write("key", "k");
  const std::string path = t / "stor.mbox";
  std::string attachment;
  for (int i = 0; i < 700; ++i) attachment += "QmlsYWcgbGluamUgbWVkIGxpZHQgdGVrc3Qgb2cgdGFsIDEyMzQ1Njc4ClJpbGFnIGxpbmpl\n";
  std::string body(1000, 'x');
  for (std::size_t i = 70; i < body.size(); i += 71) body[i] = '\n';
  constexpr std::uint64_t kSize = 160ull << 20;
  std::FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::uint64_t written = 0;
  for (int i = 1; written < kSize; ++i) {
    const std::string m = message(1 + i % 9, "Besked " + std::to_string(i),
                                  "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n" +
                                      body + (i == 777 ? "\nCPR 150643-1006\n" : "\n") +
                                      "--b\nContent-Type: text/plain; name=a.txt\nContent-Transfer-Encoding: base64\n\n" +
                                      attachment + "--b--\n");
    written += std::fwrite(m.data(), 1, m.size(), f);
  }
  ASSERT_EQ(std::fclose(f), 0);

  std::string jsonl;
  ASSERT_EQ(run(kBin + " scan -q --no-progress --jsonl - --key-file " + q(t / "key") + " " + q(path), &jsonl), 1);
  struct rusage ru {};
  ASSERT_EQ(::getrusage(RUSAGE_CHILDREN, &ru), 0);
  const std::uint64_t peak = static_cast<std::uint64_t>(ru.ru_maxrss) << 10;  // KiB on Linux
  EXPECT_GT(peak, 1ull << 20);  // the measure works
  EXPECT_LT(peak, 100ull << 20) << "peak RSS " << (peak >> 20) << " MiB for a " << (kSize >> 20) << " MiB mbox";
  const auto r = records(jsonl);
  ASSERT_EQ(r.size(), 1u) << jsonl;
  EXPECT_EQ(r[0]["location"], path + "!/777 Besked 777 (2019-03-04)");
}

}  // namespace
}  // namespace datavagt::e2e
