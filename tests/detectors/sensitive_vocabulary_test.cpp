// The shipped dictionaries on hand-written Danish sentences (tests/detectors/data/sensitive_cases.tsv):
// each positive must give a finding of its kind, as written, in capitals, Capitalised Words and NFD; each
// decoy (a term only as part of another word, or in a non-sensitive sense) must give no sensitive finding
// at all. Prints recall and precision per kind.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "detectors/latin_letters.h"
#include "tests/support/scan_text.h"

namespace datavagt {
namespace {

struct Case {
  std::string kind;
  bool positive;
  std::string sentence;
  int line;
};

std::vector<Case> load_cases() {
  std::ifstream in(std::string(DATAVAGT_SOURCE_DIR) + "/tests/detectors/data/sensitive_cases.tsv");
  EXPECT_TRUE(in.good()) << "cannot read sensitive_cases.tsv";
  std::vector<Case> cases;
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    const auto t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    if (t1 == std::string::npos || t2 == std::string::npos) {
      ADD_FAILURE() << "sensitive_cases.tsv:" << n << ": expected kind<TAB>+|-<TAB>sentence";
      continue;
    }
    std::string sentence = line.substr(t2 + 1);
    for (std::size_t at; (at = sentence.find("\\n")) != std::string::npos;) sentence.replace(at, 2, "\n");
    cases.push_back({line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1) == "+", std::move(sentence), n});
  }
  return cases;
}

std::string upper(const std::string& s) { return upper_case_latin(s); }

// The first letter of every word in capitals.
std::string capitalised(const std::string& s) {
  std::string out;
  bool start = true;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    const std::string ch = s.substr(i, len);
    out += start ? upper(ch) : ch;
    start = ch == " " || ch == "\n" || ch == "(" || ch == "\"";
    i += len;
  }
  return out;
}

std::vector<std::string> kinds_found(const std::string& text) {
  std::vector<std::string> kinds;
  for (const auto& f : testing::scan_with(testing::default_rules(), text))
    if (is_sensitive(f.kind)) kinds.emplace_back(to_string(f.kind));
  return kinds;
}

TEST(SensitiveVocabulary, HandWrittenSentencesInEveryForm) {
  const auto cases = load_cases();
  ASSERT_GT(cases.size(), 100u);
  struct Tally {
    int positives = 0, found = 0, decoys = 0, decoys_reported = 0, wrong_kind = 0;
  };
  std::map<std::string, Tally> tally;
  for (const auto& c : cases) {
    const auto kind = finding_kind_from(c.kind);
    ASSERT_TRUE(kind && is_sensitive(*kind)) << "line " << c.line << ": unknown kind " << c.kind;
    Tally& t = tally[c.kind];
    const std::pair<const char*, std::string> forms[] = {{"as written", c.sentence},
                                                         {"in capitals", upper(c.sentence)},
                                                         {"capitalised", capitalised(c.sentence)},
                                                         {"NFD", to_nfd_latin(c.sentence)}};
    for (const auto& [form, text] : forms) {
      const auto kinds = kinds_found(text);
      const bool has_kind = std::find(kinds.begin(), kinds.end(), c.kind) != kinds.end();
      if (c.positive) {
        ++t.positives;
        t.found += has_kind;
        EXPECT_TRUE(has_kind) << "line " << c.line << " (" << form << "): no " << c.kind << " finding in: " << text;
        for (const auto& k : kinds) {
          if (k == c.kind) continue;
          ++tally[k].wrong_kind;
          ADD_FAILURE() << "line " << c.line << " (" << form << "): also " << k << " in: " << text;
        }
      } else {
        ++t.decoys;
        t.decoys_reported += !kinds.empty();
        EXPECT_TRUE(kinds.empty()) << "line " << c.line << " (" << form << "): decoy reported as "
                                   << ::testing::PrintToString(kinds) << ": " << text;
      }
    }
  }
  for (const auto k : kSensitiveKinds) {
    const std::string name(to_string(k));
    const Tally& t = tally[name];
    EXPECT_GE(t.positives, 4 * 10) << name << ": fewer than 10 positive sentences";
    EXPECT_GE(t.decoys, 4 * 6) << name << ": fewer than 6 decoys";
    const int reported = t.found + t.wrong_kind + t.decoys_reported;
    std::printf("vocabulary %-9s %3d positive forms, %3d decoy forms: recall %.3f precision %.3f\n", name.c_str(),
                t.positives, t.decoys, t.positives ? double(t.found) / t.positives : 1.0,
                reported ? double(t.found) / reported : 1.0);
  }
}

// The shipped SKS/ICD-10 code patterns (health.txt), one code per text with nothing else sensitive around it.
// They are written in a form tuned for Hyperscan's speed; this pins what they mean.
TEST(SensitiveVocabulary, DiagnosisCodesKeepTheirShape) {
  const auto health = [](const std::string& code) {
    const auto kinds = kinds_found("Ref. " + code + " i sagen.");
    return std::find(kinds.begin(), kinds.end(), "health") != kinds.end();
  };
  for (const char* code : {"DF32.1", "DF32.12", "DF321", "DF3212", "DZ038A", "DE1190", "DK800", "DK80.0", "DK80.01",
                           "DK800A", "DF32.1A", "F32.1", "F20.09"})
    EXPECT_TRUE(health(code)) << code;
  for (const char* other : {"DF32", "DF32.", "DF32.123", "DK8000", "DK80", "DF32123", "F321", "F32", "F32.123",
                            "F32,1", "df32.1", "XDF32.1", "DF32.1x", "2F32.1", "DFF32.1"})
    EXPECT_FALSE(health(other)) << other;
}

}  // namespace
}  // namespace datavagt
