// The MatchSession as extractors drive it: chunks with positions (pages), and findings that keep the page
// where they began even when the match is completed in the next chunk.
#include "detectors/match_session.h"

#include <gtest/gtest.h>

#include "detectors/ruleset.h"
#include "tests/support/scan_text.h"

namespace datavagt {
namespace {

// The rule set of these tests (CPR and one health term) and a session on it, with the options it reads.
struct DepressionSession {
  static const Ruleset& rules() {
    static const auto r = Ruleset::build_default(RulesetConfig::site_only({{"health.txt", "depression\n"}}));
    if (!r) throw std::runtime_error(r.problem().detail);
    return *r.value();
  }
  DetectOptions options = [] {
    DetectOptions o;
    o.today = testing::kTestToday;
    return o;
  }();
  const Fingerprinter fp{testing::kTestKey};
  const Limits limits{};
  const DetectContext ctx{options, fp, limits};
  std::unique_ptr<MatchSession> session = rules().open_session(ctx);
};

std::vector<Finding> scan_pages(const std::vector<std::string>& pages) {
  const DepressionSession s;
  auto& session = s.session;
  session->begin();
  for (std::size_t i = 0; i < pages.size(); ++i) {
    Position where;
    where.page = static_cast<std::uint32_t>(i + 1);
    session->feed(TextChunk{pages[i], where});
  }
  return session->finish();
}

const Finding* find(const std::vector<Finding>& fs, FindingKind k) {
  for (const auto& f : fs)
    if (f.kind == k) return &f;
  return nullptr;
}

// Parts (sheet, shared strings, header …) given as (part, text).
std::vector<Finding> scan_parts(const std::vector<std::pair<std::string, std::string>>& parts) {
  const DepressionSession s;
  auto& session = s.session;
  session->begin();
  for (const auto& [part, text] : parts) {
    Position where;
    where.part = part;
    session->feed(TextChunk{text, where});
  }
  return session->finish();
}

// A context word describes numbers of its own part only: an XLSX sheet's last number is followed by the shared
// strings, whose first string is a column header such as "Sagsnr" or "Telefon" (labels of other numbers).
TEST(MatchSession, ContextWordsOfAnotherPartDoNotCount) {
  const std::string cpr = testing::valid_cpr("010433");
  const auto after = scan_parts({{"sheet Udtræk", "8900\n" + cpr + "\n"}, {"shared strings", "Sagsnr\nNavn\nTelefon\n"}});
  ASSERT_NE(find(after, FindingKind::Cpr), nullptr);
  EXPECT_EQ(find(after, FindingKind::Cpr)->where.part, "sheet Udtræk");
  const auto before = scan_parts({{"shared strings", "Navn\nTelefon\n"}, {"sheet Udtræk", cpr + "\n8900\n"}});
  ASSERT_NE(find(before, FindingKind::Cpr), nullptr);
  // Within one part the label still counts.
  EXPECT_EQ(find(scan_parts({{"body", "Telefon " + cpr + " kl. 9-12"}}), FindingKind::Cpr), nullptr);
  // A number that fails mod-11 needs its keyword: one in a header does not serve the body.
  const std::string weak = testing::invalid_mod11_cpr("141063");
  EXPECT_EQ(find(scan_parts({{"header", "CPR-nr.:"}, {"body", " " + weak + " er oplyst."}}), FindingKind::Cpr), nullptr);
  EXPECT_NE(find(scan_parts({{"body", "CPR-nr.: " + weak + " er oplyst."}}), FindingKind::Cpr), nullptr);
}

// Pages of one part are one text: a keyword at the foot of page 1 describes the number at the top of page 2.
TEST(MatchSession, ContextWordsReachAcrossPages) {
  const std::string weak = testing::invalid_mod11_cpr("141063");
  const auto fs = scan_pages({"Ansøger, CPR-nr.:\n", weak + " er oplyst."});
  ASSERT_NE(find(fs, FindingKind::Cpr), nullptr);
  EXPECT_EQ(find(fs, FindingKind::Cpr)->where.page, 2u);
}

TEST(MatchSession, FindingsKeepThePageTheyBeganOn) {
  const std::string cpr = testing::valid_cpr("010190");
  // Both end exactly where page 1 ends: the CPR match needs the next byte, the term its right boundary.
  const auto fs = scan_pages({"Side et. CPR-nr. " + cpr + " og depression", "\nSide to handler om noget andet."});
  ASSERT_NE(find(fs, FindingKind::Cpr), nullptr);
  ASSERT_NE(find(fs, FindingKind::Health), nullptr);
  EXPECT_EQ(find(fs, FindingKind::Cpr)->where.page, 1u);
  EXPECT_EQ(find(fs, FindingKind::Health)->where.page, 1u);
}

TEST(MatchSession, AFindingThatStartsOnTheNextPageIsOnThatPage) {
  const std::string cpr = testing::valid_cpr("010190");
  const auto fs = scan_pages({"Side et.\n", "depression. CPR-nr. " + cpr + ".", "Side tre."});
  ASSERT_NE(find(fs, FindingKind::Cpr), nullptr);
  ASSERT_NE(find(fs, FindingKind::Health), nullptr);
  EXPECT_EQ(find(fs, FindingKind::Cpr)->where.page, 2u);
  EXPECT_EQ(find(fs, FindingKind::Health)->where.page, 2u);
}

TEST(MatchSession, CombiningMarksComposeAcrossChunks) {
  static const auto rules = Ruleset::build_default(RulesetConfig::site_only({{"health.txt", "åreforkalkning\n"}}));
  ASSERT_TRUE(rules.ok());
  DetectOptions options;
  const Fingerprinter fp(testing::kTestKey);
  const Limits limits{};
  const DetectContext ctx{options, fp, limits};
  auto session = rules.value()->open_session(ctx);
  session->begin();
  session->feed(TextChunk{"Borgeren har a", {}});       // the base letter ends a chunk
  session->feed(TextChunk{"\xCC\x8Areforkalkning.", {}});  // its ring starts the next
  const auto fs = session->finish();
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].kind, FindingKind::Health);
  EXPECT_EQ(fs[0].offset, 13u);  // offsets count the composed text
}

// One session scans many items on one stream, reset between them: an item never sees the text of the one
// before, whether that one ended with finish() or was abandoned half-way (begin() again).
TEST(MatchSession, ItemsOnOneSessionDoNotShareState) {
  const DepressionSession s;
  auto& session = s.session;
  const std::string cpr = testing::valid_cpr("010433");
  for (int round = 0; round < 3; ++round) {
    session->begin();  // abandoned: half a number and half a term
    session->feed(TextChunk{"CPR-nr.: " + cpr.substr(0, 6) + " depres", {}});
    session->begin();
    session->feed(TextChunk{cpr.substr(6) + " sion", {}});
    EXPECT_TRUE(session->finish().empty()) << round;
    session->begin();  // a term and a number that end the item: reported at finish()
    session->feed(TextChunk{"Depression. CPR-nr.: " + cpr, {}});
    const auto fs = session->finish();
    EXPECT_NE(find(fs, FindingKind::Health), nullptr) << round;
    ASSERT_NE(find(fs, FindingKind::Cpr), nullptr) << round;
    EXPECT_EQ(find(fs, FindingKind::Cpr)->count, 1u);
    session->begin();  // the next item starts clean
    session->feed(TextChunk{"Intet her.", {}});
    EXPECT_TRUE(session->finish().empty()) << round;
  }
}

}  // namespace
}  // namespace datavagt
