// Issue 15's zero-CPR target: a folder of ordinary English and technical documents — an XML export with ids,
// mails with Message-IDs and References, GUIDs, hashes, logs with request ids and timestamps, a JSON API dump,
// an English README with the homographs the Danish dictionaries used to report — scanned by the datavagt
// binary gives no CPR finding and no special category, although many of its numbers are valid CPR shapes
// (a real date, modulus 11). One Danish note with a labelled CPR proves the folder was read.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <random>
#include <sstream>

#include "tests/support/e2e.h"

namespace datavagt::e2e {
namespace {

int weighted(const std::string& d) {
  static constexpr int w[10] = {4, 3, 2, 7, 6, 5, 4, 3, 2, 1};
  int s = 0;
  for (int i = 0; i < 10; ++i) s += (d[i] - '0') * w[i];
  return s;
}

// Ten digits that form a valid CPR (a real date in 1940-1999, sequence 0xxx-3xxx, passes modulus 11): the
// worst case for an id in a technical file.
std::string cpr_shaped(std::mt19937& rng) {
  for (;;) {
    char d[11];
    std::snprintf(d, sizeof d, "%02u%02u%02u%04u", static_cast<unsigned>(1 + rng() % 28),
                  static_cast<unsigned>(1 + rng() % 12), static_cast<unsigned>(40 + rng() % 60),
                  static_cast<unsigned>(rng() % 4000));
    if (weighted(d) % 11 == 0) return d;
  }
}

std::string hex(std::mt19937& rng, int n) {
  static constexpr char k[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < n; ++i) s += k[rng() % 16];
  return s;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

void write_folder(const TempDir& t) {
  std::mt19937 rng(15);
  // An XML export: ids of several kinds, a few of them CPR-shaped, as attributes and elements.
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<export system=\"erp\" version=\"4.2\">\n";
  for (int i = 0; i < 250; ++i) {
    const std::string id = i % 25 == 0 ? cpr_shaped(rng) : std::to_string(4000000000ULL + rng() % 900000000);
    xml += "  <record id=\"" + id + "\" guid=\"{" + upper(hex(rng, 8)) + "-" + upper(hex(rng, 4)) + "-" +
           upper(hex(rng, 4)) + "-" + upper(hex(rng, 4)) + "-" + cpr_shaped(rng) + "FF}\">\n    <customerId>" +
           std::to_string(1000000 + rng() % 9000000) + "</customerId>\n    <orderNumber>" +
           (i % 40 == 0 ? cpr_shaped(rng) : std::to_string(5000000000ULL + rng() % 99999999)) +
           "</orderNumber>\n    <amount currency=\"EUR\">" + std::to_string(rng() % 100000) +
           ".00</amount>\n  </record>\n";
  }
  xml += "</export>\n";
  t.write("tech/export.xml", xml);

  // Mail: Message-ID, In-Reply-To, References, a quoted header, a tracking link, a GUID.
  for (int m = 0; m < 3; ++m) {
    const std::string mid = cpr_shaped(rng);
    std::string eml = "From: Build Server <ci@example.com>\r\nTo: team@example.com\r\nSubject: Build " +
                      std::to_string(m + 1) + " finished\r\nDate: Tue, 01 Jun 2021 10:0" + std::to_string(m) +
                      ":00 +0000\r\nMessage-ID: <" + mid + ".JavaMail.ci@example.com>\r\nIn-Reply-To: <" +
                      cpr_shaped(rng) + "p43" + hex(rng, 6) + "@mx.example.org>\r\nReferences: <" +
                      cpr_shaped(rng) + "." + hex(rng, 8) + "@mail.example.com>\r\nMIME-Version: 1.0\r\n"
                      "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
                      "The nightly build finished and the artifacts were uploaded to the server.\r\n"
                      "Details: https://ci.example.com/job/nightly?build=" + cpr_shaped(rng) + "&view=log\r\n"
                      "Artifact {3F2504E0-4F89-11D3-9A0C-" + cpr_shaped(rng) + "AB} is ready for review.\r\n"
                      "Tracking: " + cpr_shaped(rng) + "\r\n"
                      "> On the previous run, message <" + cpr_shaped(rng) + "@example.com> reported an abort.\r\n";
    t.write("tech/mail" + std::to_string(m) + ".eml", eml);
  }

  // A log with request ids, sessions and epoch times.
  std::string log;
  for (int i = 0; i < 200; ++i)
    log += "2021-06-01 10:" + std::to_string(10 + i % 50) + ":00 INFO request_id=" + cpr_shaped(rng) +
           " session=" + hex(rng, 16) + " ts=" + std::to_string(1600000000 + rng() % 100000000) + " took " +
           std::to_string(rng() % 900) + " ms\n";
  t.write("tech/server.log", log);

  // Hashes and a JSON API dump.
  std::string sums;
  for (int i = 0; i < 40; ++i) sums += hex(rng, 20) + cpr_shaped(rng) + hex(rng, 34) + "  file" + std::to_string(i) + ".bin\n";
  t.write("tech/SHA256SUMS", sums);
  std::string json = "[\n";
  for (int i = 0; i < 60; ++i)
    json += std::string(i ? ",\n" : "") + "  {\"id\": " + cpr_shaped(rng) + ", \"uuid\": \"" + hex(rng, 8) + "-" +
            hex(rng, 4) + "\", \"invoice\": " + cpr_shaped(rng) + ", \"version\": 3}";
  json += "\n]\n";
  t.write("tech/api.json", json);

  // English prose with the homographs of issue 15, item 16.
  t.write("tech/README.md",
          "# Archive tools\n\nThe Finding Aids of the archive are listed below, and each of them describes the "
          "collection that was transferred to the library. Hearing aids and visual aids are available at the "
          "front desk.\n\nThe early history of the disease was described by James Parkinson in 1817, and the "
          "report by Parkinson is part of the collection.\n\nSupported countries: Denmark, Germany, Islamic "
          "Republic of Iran, Iraq, Norway and Sweden.\n\nIf the process fails, call _abort and restart the "
          "service; the abort_handler writes a core file.\n\nLorem ipsum dolor sit amet, consectetur adipiscing "
          "elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Nulla gravida orci a odio.\n");

  // The control: a Danish note with a labelled CPR.
  t.write("note/notat.txt", "Borgeren har ringet angående sin ansøgning. CPR-nr.: " + cpr_shaped(rng).insert(6, "-") +
                                ". Sagen behandles i næste uge.\n");
}

TEST(TechnicalDocuments, NoCprAndNoSpecialCategory) {
  const TempDir t;
  write_folder(t);
  const std::string out = t / "out.jsonl";
  const int rc = run(kBin + " scan --no-progress -q --key-file " + q(t.write("key", "k")) + " --jsonl " + q(out) +
                     " " + q(t / "tech") + " " + q(t / "note"));
  EXPECT_EQ(rc, 1);
  std::stringstream in(testing::read_file(out));
  int control = 0;
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    if (std::string(j["kind"]).starts_with("scan-")) continue;  // scan-start, scan-end: the run, no path
    const std::string path = j["path"];
    if (path.find("/note/") != std::string::npos && j["kind"] == "cpr") {
      ++control;
      continue;
    }
    ADD_FAILURE() << "unexpected record: " << line;
  }
  EXPECT_EQ(control, 1) << "the control note's CPR was not found: the folder was not scanned";
}

}  // namespace
}  // namespace datavagt::e2e
