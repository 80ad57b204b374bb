// Issue 15's target on hand-written municipal Danish (tests/detectors/data/municipal_sentences.tsv): recall and
// precision per (sentence, kind) of the shipped vocabulary at the default --min-score must both be >= 0.95.
// Each miss and each false kind is printed, so a change to the dictionaries shows what it cost.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "tests/support/scan_text.h"

namespace datavagt {
namespace {

struct Sentence {
  std::set<std::string> kinds;
  std::string text;
  int line;
};

std::vector<Sentence> load() {
  std::ifstream in(std::string(DATAVAGT_SOURCE_DIR) + "/tests/detectors/data/municipal_sentences.tsv");
  EXPECT_TRUE(in.good());
  std::vector<Sentence> out;
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos) {
      ADD_FAILURE() << "municipal_sentences.tsv:" << n << ": expected kinds<TAB>sentence";
      continue;
    }
    Sentence s{{}, line.substr(tab + 1), n};
    std::stringstream kinds(line.substr(0, tab));
    for (std::string k; std::getline(kinds, k, ',');) {
      if (k == "-") continue;
      const auto kind = finding_kind_from(k);
      EXPECT_TRUE(kind && is_sensitive(*kind)) << "line " << n << ": unknown kind " << k;
      s.kinds.insert(k);
    }
    out.push_back(std::move(s));
  }
  return out;
}

TEST(MunicipalSentences, RecallAndPrecisionPerSentenceAndKind) {
  const auto sentences = load();
  ASSERT_GE(sentences.size(), 150u);
  const double min_score = DetectOptions{}.min_score;
  std::map<std::string, int> tp, fp, fn;
  int total_tp = 0, total_fp = 0, total_fn = 0;
  for (const auto& s : sentences) {
    std::set<std::string> found;
    for (const auto& f : testing::scan_with(testing::default_rules(), s.text, 1 << 20, min_score))
      if (is_sensitive(f.kind)) found.insert(std::string(to_string(f.kind)));
    for (const auto& k : s.kinds) {
      if (found.count(k)) {
        ++tp[k];
        ++total_tp;
      } else {
        ++fn[k];
        ++total_fn;
        std::printf("missed   %-9s line %3d: %s\n", k.c_str(), s.line, s.text.c_str());
      }
    }
    for (const auto& k : found) {
      if (s.kinds.count(k)) continue;
      ++fp[k];
      ++total_fp;
      std::printf("reported %-9s line %3d: %s\n", k.c_str(), s.line, s.text.c_str());
    }
  }
  for (const auto k : kSensitiveKinds) {
    const std::string name(to_string(k));
    const int t = tp[name], p = fp[name], n = fn[name];
    std::printf("municipal %-9s recall %.3f precision %.3f (%d found, %d missed, %d false)\n", name.c_str(),
                t + n ? double(t) / (t + n) : 1.0, t + p ? double(t) / (t + p) : 1.0, t, n, p);
  }
  const double recall = double(total_tp) / (total_tp + total_fn);
  const double precision = double(total_tp) / (total_tp + total_fp);
  std::printf("municipal all       recall %.3f precision %.3f over %zu sentences\n", recall, precision,
              sentences.size());
  EXPECT_GE(recall, 0.95);
  EXPECT_GE(precision, 0.95);
}

}  // namespace
}  // namespace datavagt
