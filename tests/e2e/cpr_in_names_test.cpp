// A CPR number in a file or folder name is a finding at the name, and is never shown in clear: not in the
// JSONL (path, location, path_bytes, details), the summary, the progress line (on a terminal) or a message on
// stderr — unless the user asks with --clear-paths.
#include <gtest/gtest.h>

#include <regex>

#include "reports/json_text.h"
#include "tests/support/e2e.h"
#include "tests/support/make_archive.h"
#include "tests/support/scan_text.h"

namespace datavagt::e2e {
namespace {

class CprInNames : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* born : {"030485", "150643", "230479", "111199", "010203", "280261", "171155"})
      cprs_.push_back(testing::valid_cpr(born));
    const auto& c = cprs_;
    const auto dashed = [](const std::string& d) { return d.substr(0, 6) + "-" + d.substr(6); };
    const auto spaced = [](const std::string& d) { return d.substr(0, 6) + " " + d.substr(6); };
    testing::write_key(t_);
    // Files named with a number, in folders named with one, in the ways people write them.
    t_.write("share/Borger " + c[0] + "/Ansøgning " + dashed(c[0]) + ".txt", "Ansøgning om boligstøtte.\n");
    t_.write("share/Borger " + c[0] + "/notat.txt", "Intet at se her.\n");
    t_.write("share/Sager/" + spaced(c[1]) + " Jensen/Journal.txt", "Samtale den 3. marts.\n");
    t_.write("share/Sager/Udtræk " + c[2] + ".csv", "navn;by\nJens;Vesterby\n");
    t_.write("share/Kopi " + dashed(c[3]) + "/.keep", "");
    // A name that is not UTF-8 (latin-1 ø), and a damaged document whose error record names it.
    t_.write("share/Ans\xF8gning " + dashed(c[4]) + ".txt", "Ansøgning.\n");
    t_.write("share/Afgørelse " + c[5] + ".docx", "PK\x03\x04 not really a document");
    // A member of an archive named with one: the location shows it masked.
    t_.write("share/arkiv.zip", testing::make_archive(testing::ArchiveFormat::Zip,
                                                      {{"bilag " + dashed(c[6]) + ".txt", "CPR-nr.: " + dashed(c[1]) + "\n"}}));
    // A file that takes a while to read, so that the progress line shows its (masked) name.
    std::string numbers;
    // Number after number for the matcher to weigh (each labelled as an invoice number, failing modulus 11:
    // none is reported).
    while (numbers.size() < (std::size_t{16} << 20)) numbers += "Fakturanr. 0202901235, ";
    t_.write("share/Sager/Stor " + dashed(c[2]) + ".txt.gz", testing::compress(numbers, testing::Compression::Gzip));
    missing_ = t_ / ("share/Sager/Mangler " + dashed(c[1]));
  }

  // No planted number, written in any way a CPR can be, in `text`.
  void expect_masked(const std::string& text, const std::string& what) const {
    for (const auto& d : cprs_) {
      const std::regex clear(d.substr(0, 6) + "( - |[-/. \\t]|)" + d.substr(6));
      EXPECT_FALSE(std::regex_search(text, clear)) << what << " shows " << d << " in clear:\n" << text;
    }
  }

  std::string scan_command(const std::string& extra) const {
    return kBin + " scan --key-file " + q(t_ / "key") + " --max-ratio 0 " + extra + " " + q(t_ / "share") + " " +
           q(missing_);
  }

  TempDir t_;
  std::vector<std::string> cprs_;
  std::string missing_;
};

TEST_F(CprInNames, AreFindingsAndAreMaskedInEveryOutput) {
  std::string summary;
  EXPECT_EQ(run(scan_command("--no-progress --jsonl " + q(t_ / "out.jsonl")) + " 2>" + q(t_ / "stderr"), &summary), 2);
  const std::string jsonl = testing::read_file(t_ / "out.jsonl");
  const std::string err = testing::read_file(t_ / "stderr");
  expect_masked(jsonl, "the JSONL");
  expect_masked(summary, "the summary");
  expect_masked(err, "stderr");

  const auto r = testing::parse_jsonl(jsonl);
  std::map<std::string, int> parts;
  bool corrupt = false, not_found = false, member = false;
  for (const auto& rec : r.records) {
    if (rec.contains("path_bytes")) expect_masked(unbase64(rec["path_bytes"]), "path_bytes");
    if (rec["kind"] == "cpr" && rec.contains("part")) ++parts[rec["part"]];
    if (rec["kind"] == "cpr" && rec.value("part", "") == "file name") {
      EXPECT_EQ(rec["path_masked"], true) << rec;
      EXPECT_TRUE(std::regex_search(rec["context"].get<std::string>(), std::regex("[0-9]{6}[- ]?XXXX"))) << rec;
    }
    if (rec["kind"] == "error" && rec["reason"] == "corrupt") corrupt = true;
    if (rec["kind"] == "error" && rec["reason"] == "not-found") not_found = true;
    if (rec["location"].get<std::string>().find("arkiv.zip!/bilag " + cprs_[6].substr(0, 6) + "-XXXX.txt") !=
        std::string::npos)
      member = true;
  }
  // Files: Ansøgning, Udtræk, the latin-1 one, Afgørelse, Stor; folders: Borger, "c1 Jensen", Kopi.
  EXPECT_EQ(parts["file name"], 5) << jsonl;
  EXPECT_EQ(parts["folder name"], 3) << jsonl;
  EXPECT_TRUE(corrupt) << jsonl;
  EXPECT_TRUE(not_found) << jsonl;
  EXPECT_TRUE(member) << jsonl;
  EXPECT_EQ(r.end["folders_with_findings"], 3);
  EXPECT_NE(summary.find("Borger " + cprs_[0].substr(0, 6) + "XXXX/"), std::string::npos) << summary;
  EXPECT_NE(err.find("Mangler " + cprs_[1].substr(0, 6) + "-XXXX: no such file or folder"), std::string::npos) << err;
}

// The progress line, on a terminal (script(1) gives the scan one), shows the file being read, masked.
TEST_F(CprInNames, TheProgressLineShowsNamesMasked) {
  if (run("command -v script >/dev/null") != 0) GTEST_SKIP() << "no script(1) for a terminal";
  std::string screen;
  run("script -qfec \"" + scan_command("-j1 --jsonl /dev/null") + " 2>&1\" /dev/null", &screen);
  EXPECT_NE(screen.find("\r\033[K"), std::string::npos) << "no progress line was drawn";
  EXPECT_NE(screen.find("Stor " + cprs_[2].substr(0, 6) + "-XXXX.txt.gz"), std::string::npos) << screen;
  expect_masked(screen, "the terminal");
}

// Asked for explicitly, the paths are shown as they are (path_bytes: the exact bytes on disk).
TEST_F(CprInNames, ClearPathsShowsThemWhenAsked) {
  run(scan_command("--no-progress -q --clear-paths --jsonl " + q(t_ / "out.jsonl")) + " 2>/dev/null");
  const auto r = testing::parse_jsonl(testing::read_file(t_ / "out.jsonl"));
  bool clear = false, exact_bytes = false;
  for (const auto& rec : r.records) {
    if (rec["path"].get<std::string>().find("Borger " + cprs_[0]) != std::string::npos) clear = true;
    if (rec.contains("path_bytes") &&
        unbase64(rec["path_bytes"]) == t_ / ("share/Ans\xF8gning " + cprs_[4].substr(0, 6) + "-" + cprs_[4].substr(6) + ".txt"))
      exact_bytes = true;
    EXPECT_FALSE(rec.contains("path_masked"));
    if (rec.contains("masked")) {
      EXPECT_TRUE(std::regex_match(rec["masked"].get<std::string>(), std::regex("[0-9]{6}-XXXX")));  // still masked
    }
  }
  EXPECT_TRUE(clear);
  EXPECT_TRUE(exact_bytes);
  EXPECT_EQ(r.start["options"]["clear_paths"], true);
}

}  // namespace
}  // namespace datavagt::e2e
