#include "detectors/term_dictionary.h"

#include <gtest/gtest.h>

#include "detectors/builtin_dictionaries.h"

namespace datavagt {
namespace {

std::vector<TermEntry> parse_ok(std::string_view text, std::string_view origin = "health.txt") {
  auto r = parse_dictionary(text, origin, dictionary_kind_from_name(origin));
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.problem().detail);
  return r.ok() ? *r : std::vector<TermEntry>{};
}

std::string parse_error(std::string_view text, std::string_view origin = "health.txt") {
  auto r = parse_dictionary(text, origin, dictionary_kind_from_name(origin));
  EXPECT_FALSE(r.ok());
  return r.ok() ? "" : r.problem().detail;
}

TEST(TermDictionary, EntriesMarkersAndComments) {
  const auto e = parse_ok(
      "\xEF\xBB\xBF# a comment\n"
      "\n"
      "depression\n"
      "diabet*   # inflections and compounds\n"
      "*kræft\n"
      "=HK\n"
      "medlem   af\tfagforening\n"
      "/D[A-Z][0-9]{2}\\.[0-9]/\n"
      "!sigtet mod\n"
      "C#-kursus\n");
  ASSERT_EQ(e.size(), 8u);
  EXPECT_EQ(e[0].text, "depression");
  EXPECT_EQ(e[0].kind, FindingKind::Health);
  EXPECT_EQ(e[0].origin, "health.txt:3");
  EXPECT_FALSE(e[0].left_open || e[0].right_open || e[0].exact_case || e[0].regex);
  EXPECT_EQ(e[1].text, "diabet");
  EXPECT_TRUE(e[1].right_open);
  EXPECT_EQ(e[1].written, "diabet*");
  EXPECT_EQ(e[2].text, "kræft");
  EXPECT_TRUE(e[2].left_open);
  EXPECT_EQ(e[3].text, "HK");
  EXPECT_TRUE(e[3].exact_case);
  EXPECT_EQ(e[4].text, "medlem af fagforening");
  EXPECT_TRUE(e[5].regex);
  EXPECT_EQ(e[5].text, "D[A-Z][0-9]{2}\\.[0-9]");
  EXPECT_EQ(e[6].role, TermEntry::Role::Exclusion);
  EXPECT_EQ(e[6].text, "sigtet mod");
  EXPECT_EQ(e[7].text, "C#-kursus");  // '#' inside a word is not a comment
}

TEST(TermDictionary, DirectivesApplyToTheLinesAfterThem) {
  const auto e = parse_ok(
      "@kind union\n"
      "fagforening\n"
      "@weight 0.5\n"
      "@near person 120\n"
      "=FOA\n"
      "@near off\n"
      "a-kasse\n",
      "site-terms.txt");
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].kind, FindingKind::Union);
  EXPECT_DOUBLE_EQ(e[0].weight, 1.0);
  EXPECT_EQ(e[0].near_person, 0u);
  EXPECT_DOUBLE_EQ(e[1].weight, 0.5);
  EXPECT_EQ(e[1].near_person, 120u);
  EXPECT_DOUBLE_EQ(e[2].weight, 0.5);
  EXPECT_EQ(e[2].near_person, 0u);
}

TEST(TermDictionary, NfdTermsAreComposed) {
  const auto e = parse_ok("pa\xCC\x8Ar\xC3\xB8rende\n");  // "pårørende" with a + U+030A
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].text, "p\xC3\xA5r\xC3\xB8rende");
}

TEST(TermDictionary, KindComesFromTheFileNameOrKind) {
  EXPECT_EQ(dictionary_kind_from_name("/etc/datavagt/criminal.txt").kind, FindingKind::Criminal);
  EXPECT_TRUE(dictionary_kind_from_name("person.txt").person);
  EXPECT_FALSE(dictionary_kind_from_name("cpr.txt").kind.has_value());  // not a sensitive kind
  EXPECT_FALSE(dictionary_kind_from_name("terms.txt").kind.has_value());
  EXPECT_EQ(parse_ok("@kind person\nborgeren\n", "x.txt")[0].role, TermEntry::Role::Person);
}

TEST(TermDictionary, MistakesNameTheLine) {
  EXPECT_NE(parse_error("ok\n@weight 2\n").find("health.txt:2: @weight"), std::string::npos);
  EXPECT_NE(parse_error("@near person\n").find("health.txt:1"), std::string::npos);
  EXPECT_NE(parse_error("@near person 5000\n").find("@near"), std::string::npos);
  EXPECT_NE(parse_error("@colour red\n").find("unknown directive"), std::string::npos);
  EXPECT_NE(parse_error("fine\ndia*betes\n").find(":2: '*'"), std::string::npos);
  EXPECT_NE(parse_error("*\n").find("empty term"), std::string::npos);
  EXPECT_NE(parse_error("/DF[0-9]\n").find("must end with '/'"), std::string::npos);
  EXPECT_NE(parse_error("bad \xFF byte\n").find("UTF-8"), std::string::npos);
  EXPECT_NE(parse_error(std::string(130, 'a') + "\n").find("longer than"), std::string::npos);
  EXPECT_NE(parse_error("diabetes\n", "terms.txt").find("which kind"), std::string::npos);
  EXPECT_NE(parse_error("@kind cpr\n", "terms.txt").find("@kind must be"), std::string::npos);
  EXPECT_NE(parse_error("!borgeren\n", "person.txt").find("no exclusions"), std::string::npos);
}

TEST(TermDictionary, TheBuiltInDictionariesParse) {
  ASSERT_FALSE(builtin_dictionaries().empty());
  bool person = false;
  std::size_t kinds_seen = 0;
  for (const auto& d : builtin_dictionaries()) {
    const auto kind = dictionary_kind_from_name(d.name);
    ASSERT_TRUE(kind.person || kind.kind) << d.name << " is named after no kind";
    auto r = parse_dictionary(d.text, d.name, kind);
    ASSERT_TRUE(r.ok()) << r.problem().detail;
    EXPECT_FALSE(r->empty()) << d.name;
    person = person || kind.person;
    kinds_seen += kind.kind ? 1 : 0;
  }
  EXPECT_TRUE(person);
  EXPECT_EQ(kinds_seen, std::size(kSensitiveKinds));
}

}  // namespace
}  // namespace datavagt
