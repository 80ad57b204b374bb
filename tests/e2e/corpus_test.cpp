// End to end: generate a fake municipal share with the corpus generator (text files and DOCX, XLSX, PPTX,
// ODT, ODS, PDF, RTF documents), scan it with the datavagt binary, and compare the JSON Lines with the
// generator's ground truth. Recall and precision must both be 1.0 on what the generator plants (positives
// found, decoys not reported), for CPR numbers (per file and fingerprint) and for the special categories (per
// file and kind), over the whole share and for each file format; a finding in a document must name the page
// (PDF) or part (sheet, slide, header, comment …) the truth says its first occurrence is in.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "tests/support/e2e.h"

namespace datavagt::e2e {
namespace {

// (path relative to the corpus dir, kind, fingerprint; "" for a sensitive kind)
using Key = std::tuple<std::string, std::string, std::string>;

// Where a finding's first occurrence is: a page (PDF) and a part ("sheet 4.A", "slide 2", "header" …).
struct Place {
  long page = 0;
  std::string part;
  bool has_page = false, has_part = false;
};

Place place_of(const nlohmann::json& j) {
  Place p;
  if (j.contains("page")) {
    p.page = j["page"].get<long>();
    p.has_page = true;
  }
  if (j.contains("part")) {
    p.part = j["part"].get<std::string>();
    p.has_part = true;
  }
  return p;
}

// The file format as the corpus names it: the path's extension ("docx", "txt" …).
std::string format_of(const std::string& path) {
  const auto slash = path.rfind('/');
  const auto dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "none";
  return path.substr(dot + 1);
}

std::string unhex(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2) out += static_cast<char>(std::stoi(s.substr(i, 2), nullptr, 16));
  return out;
}

class CorpusTest : public ::testing::Test {
 protected:
  // The corpus is generated once for the suite (a few seconds) and only read by the tests.
  static void SetUpTestSuite() {
    shared_dir_ = new TempDir;
    const std::string gen = "python3 " + q(kSource + "/corpus/generate.py") + " --out " + q(shared_dir_->path()) +
                            " --seed 42 --size 3M --profile share > /dev/null";
    generated_ = run(gen) == 0;
  }
  static void TearDownTestSuite() {
    delete shared_dir_;
    shared_dir_ = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(generated_) << "corpus/generate.py failed";
    for (const auto& j : testing::jsonl_records(testing::read_file(dir_ / "truth.jsonl"))) {
      const std::string path = j.contains("path_hex") ? unhex(j["path_hex"]) : j["path"].get<std::string>();
      const Key k{path, j["kind"], j.value("fingerprint", "")};
      (j["expect"].get<bool>() ? expected_ : decoys_).insert(k);
      places_[k] = place_of(j);
    }
    ASSERT_GT(expected_.size(), 20u);
    ASSERT_GT(decoys_.size(), 20u);
  }

  std::set<Key> scan(std::string* error_lines = nullptr, std::map<Key, Place>* places = nullptr) {
    const std::string out = dir_ / "out.jsonl";
    const std::string cmd = "cd " + q(dir_.path()) + " && " + kBin + " scan share --no-progress -q --key-file key --jsonl " + q(out);
    const int rc = run(cmd);
    EXPECT_EQ(rc, 1) << cmd;
    std::set<Key> found;
    const auto run = testing::parse_jsonl(testing::read_file(out));
    EXPECT_EQ(run.end.value("status", ""), "complete");
    for (const auto& j : run.records) {
      if (j["kind"] == "error") {
        if (error_lines) *error_lines += j.dump() + "\n";
        continue;
      }
      const std::string path = j.contains("path_bytes") ? unbase64(j["path_bytes"]) : j["path"].get<std::string>();
      const Key k{path, j["kind"], j.value("fingerprint", "")};
      found.insert(k);
      if (places) (*places)[k] = place_of(j);
    }
    return found;
  }

  static inline TempDir* shared_dir_ = nullptr;
  static inline bool generated_ = false;
  const TempDir& dir_ = *shared_dir_;
  std::set<Key> expected_, decoys_;
  std::map<Key, Place> places_;  // from the truth
};

TEST_F(CorpusTest, RecallAndPrecisionAreOneOnPlantedData) {
  std::string errors;
  std::map<Key, Place> where;
  const auto found = scan(&errors, &where);
  std::size_t hits = 0;
  for (const auto& k : expected_) {
    if (found.count(k))
      ++hits;
    else
      ADD_FAILURE() << "missed " << std::get<1>(k) << " in " << std::get<0>(k);
  }
  std::size_t false_positives = 0;
  for (const auto& k : found) {
    if (expected_.count(k)) continue;
    ++false_positives;
    ADD_FAILURE() << "unexpected " << std::get<1>(k) << " in " << std::get<0>(k)
                  << (decoys_.count(k) ? " (a planted decoy)" : "");
  }
  // Recall and precision, for the CPR kinds and the sensitive kinds apart.
  for (const bool sensitive : {false, true}) {
    const auto family = [&](const Key& k) { return std::get<2>(k).empty() == sensitive; };
    std::size_t planted = 0, decoys = 0, reported = 0, right = 0;
    for (const auto& k : expected_) planted += family(k);
    for (const auto& k : decoys_) decoys += family(k);
    for (const auto& k : found) {
      if (!family(k)) continue;
      ++reported;
      right += expected_.count(k);
    }
    const double recall = planted ? static_cast<double>(right) / static_cast<double>(planted) : 1.0;
    const double precision = reported ? static_cast<double>(right) / static_cast<double>(reported) : 1.0;
    std::printf("corpus %s: %zu planted, %zu decoys, %zu reported; recall %.3f precision %.3f\n",
                sensitive ? "sensitive (file, kind)" : "cpr (file, number)", planted, decoys, reported, recall,
                precision);
    EXPECT_GT(planted, 9u);
    EXPECT_EQ(recall, 1.0);
    EXPECT_EQ(precision, 1.0);
  }
  // The same per file format, for every format the generator writes.
  struct Figures {
    std::size_t planted = 0, decoys = 0, reported = 0, right = 0;
  };
  std::map<std::pair<std::string, bool>, Figures> by_format;
  for (const auto& k : expected_) ++by_format[{format_of(std::get<0>(k)), std::get<2>(k).empty()}].planted;
  for (const auto& k : decoys_) ++by_format[{format_of(std::get<0>(k)), std::get<2>(k).empty()}].decoys;
  for (const auto& k : found) {
    Figures& f = by_format[{format_of(std::get<0>(k)), std::get<2>(k).empty()}];
    ++f.reported;
    f.right += expected_.count(k);
  }
  for (const auto& [key, f] : by_format) {
    const double recall = f.planted ? static_cast<double>(f.right) / static_cast<double>(f.planted) : 1.0;
    const double precision = f.reported ? static_cast<double>(f.right) / static_cast<double>(f.reported) : 1.0;
    std::printf("  %-5s %-9s %5zu planted, %4zu decoys, %5zu reported; recall %.3f precision %.3f\n",
                key.first.c_str(), key.second ? "sensitive" : "cpr", f.planted, f.decoys, f.reported, recall,
                precision);
    EXPECT_EQ(recall, 1.0) << key.first;
    EXPECT_EQ(precision, 1.0) << key.first;
  }
  for (const char* format : {"txt", "csv", "html", "xml", "docx", "xlsx", "pptx", "odt", "ods", "pdf", "rtf"})
    EXPECT_GT((by_format[std::make_pair(std::string(format), false)].planted), 0u) << "no CPR planted in a " << format << " file";

  // Each finding in a document names where its number first occurs: the page of a PDF, the part of the rest.
  std::size_t placed = 0;
  for (const auto& [k, want] : places_) {
    auto it = where.find(k);
    if (it == where.end() || !expected_.count(k)) continue;
    if (want.has_page) {
      ++placed;
      EXPECT_EQ(it->second.page, want.page) << "page of " << std::get<1>(k) << " in " << std::get<0>(k);
    }
    if (want.has_part) {
      ++placed;
      EXPECT_EQ(it->second.part, want.part) << "part of " << std::get<1>(k) << " in " << std::get<0>(k);
    }
  }
  std::printf("corpus places: %zu findings name the page or part the truth gives\n", placed);
  EXPECT_GT(placed, 100u);
  EXPECT_EQ(hits, expected_.size());
  EXPECT_TRUE(errors.empty()) << errors;
}

// The corpus checker (corpus/verify.py, which reads the documents on its own) agrees with the truth.
TEST_F(CorpusTest, VerifierAgreesWithTheTruth) {
  std::string out;
  const std::string cmd = "python3 " + q(kSource + "/corpus/verify.py") + " " + q(dir_.path()) + " 2>&1";
  EXPECT_EQ(run(cmd, &out), 0) << out;
}

}  // namespace
}  // namespace datavagt::e2e
