// Inflected forms from Hunspell data: the affix parser and expander on a small hand-written dictionary in the
// shape of da_DK (numeric flags, consonant doubling through a NEEDAFFIX suffix, compound-only forms, prefixes
// with cross products), the sorted word list, and the Danish dictionary compiled into the program.
#include <gtest/gtest.h>

#include <algorithm>

#include "detectors/embedded_hunspell.h"
#include "detectors/hunspell_affixes.h"
#include "detectors/hunspell_lexicon.h"
#include "detectors/inflector.h"

namespace datavagt {
namespace {

// Flags as da_DK numbers them: 2 common-gender noun, 11 plural -er, 3 doubling (needs 8 = NEEDAFFIX and
// continues with 11 and 4), 4 neuter, 29 compound joint "s" (36 = ONLYINCOMPOUND), 54 a prefix.
constexpr char kAff[] = R"(# a comment
SET UTF-8
FLAG num
NEEDAFFIX 8
ONLYINCOMPOUND 36

SFX 2 Y 2
SFX 2 0 n/34 e	+BESTEMT_ENTAL
SFX 2 0 en/34 [^e]	+BESTEMT_ENTAL

SFX 11 Y 3
SFX 11 0 r e
SFX 11 0 er [^e]
SFX 11 0 erne [^e]

SFX 3 Y 2
SFX 3 0 m/11,4,8 m
SFX 3 0 n/11,4,8 n

SFX 4 Y 2
SFX 4 0 et [^e]
SFX 4 0 t e

SFX 29 Y 1
SFX 29 0 s/32,36 .

SFX 12 Y 1
SFX 12 mmel mle mmel

PFX 54 Y 1
PFX 54 0 u .
)";

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(HunspellAffixes, SuffixesConditionsAndSecondLevel) {
  auto a = HunspellAffixes::parse(kAff);
  ASSERT_TRUE(a) << a.problem().detail;
  EXPECT_EQ(a->forms("sklerose", a->parse_flags("11,2,29")),
            (std::vector<std::string>{"sklerose", "skleroser", "sklerosen"}));  // no compound-only "skleroses"
  // Doubling: "medlemm" needs a further suffix; it is never a word on its own.
  EXPECT_EQ(sorted(a->forms("medlem", a->parse_flags("3"))),
            sorted({"medlem", "medlemmer", "medlemmerne", "medlemmet"}));
  // Strip and add: "gammel" -> "gamle".
  EXPECT_EQ(a->forms("gammel", a->parse_flags("12")), (std::vector<std::string>{"gammel", "gamle"}));
  // A prefix alone and with each cross-product suffix.
  EXPECT_EQ(sorted(a->forms("lykke", a->parse_flags("2,54"))), sorted({"lykke", "lykken", "ulykke", "ulykken"}));
  // A root that needs an affix is not a form by itself.
  EXPECT_EQ(a->forms("sklerose", a->parse_flags("8,2")), (std::vector<std::string>{"sklerosen"}));
  // The bound on forms.
  EXPECT_EQ(a->forms("medlem", a->parse_flags("3"), {}, 2).size(), 2u);
  // Rules tagged as asked are skipped.
  EXPECT_EQ(a->forms("sklerose", a->parse_flags("2"), {"+BESTEMT_ENTAL"}), (std::vector<std::string>{"sklerose"}));
  EXPECT_TRUE(a->forms("", a->parse_flags("2")).empty());
}

TEST(HunspellAffixes, FlagTypes) {
  auto num = HunspellAffixes::parse("FLAG num\n");
  ASSERT_TRUE(num);
  EXPECT_EQ(num->parse_flags("10,11,2"), (std::vector<std::uint32_t>{10, 11, 2}));
  EXPECT_EQ(num->parse_flags("10,x"), (std::vector<std::uint32_t>{10}));
  auto chars = HunspellAffixes::parse("# default FLAG char\n");
  ASSERT_TRUE(chars);
  EXPECT_EQ(chars->parse_flags("AB"), (std::vector<std::uint32_t>{'A', 'B'}));
  auto longf = HunspellAffixes::parse("FLAG long\n");
  ASSERT_TRUE(longf);
  EXPECT_EQ(longf->parse_flags("AaBb"), (std::vector<std::uint32_t>{('A' << 8) | 'a', ('B' << 8) | 'b'}));
  auto u = HunspellAffixes::parse("FLAG UTF-8\nSFX Å Y 1\nSFX Å 0 en .\n");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->parse_flags("Åx"), (std::vector<std::uint32_t>{0xC5, 'x'}));
  EXPECT_EQ(u->forms("hus", u->parse_flags("Å")), (std::vector<std::string>{"hus", "husen"}));
}

TEST(HunspellAffixes, MalformedFilesNameTheLine) {
  for (const char* bad : {"SET ISO8859-1\n", "FLAG weird\n", "FLAG num\nSFX 1 Y x\n", "SFX A Y 1\nSFX A 0 s [ab\n",
                          "NEEDAFFIX\n", "SFX A\n", "\xFF\xFE\n"}) {
    const auto r = HunspellAffixes::parse(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.problem().detail.find("line"), std::string::npos) << r.problem().detail;
  }
}

TEST(HunspellLexicon, NormalisedSortedAndSearched) {
  const std::string lex = normalise_hunspell_dic(
      "5 # count\nsigte/10,4\nabort/10,11\nAIDS/10,37\nabortuum st:abortus\nsigte/1,21\n\xFF/2\nå/9\n/3\n");
  EXPECT_EQ(lex, "AIDS/10,37\nabort/10,11\nabortuum\nsigte/10,4\nsigte/1,21\nå/9\n");
  const HunspellLexicon l(lex);
  EXPECT_EQ(l.flags_of("sigte"), (std::vector<std::string_view>{"10,4", "1,21"}));
  EXPECT_EQ(l.flags_of("abortuum"), (std::vector<std::string_view>{""}));
  EXPECT_EQ(l.flags_of("AIDS"), (std::vector<std::string_view>{"10,37"}));  // the first line
  EXPECT_EQ(l.flags_of("å"), (std::vector<std::string_view>{"9"}));         // the last line
  EXPECT_TRUE(l.flags_of("abor").empty());
  EXPECT_TRUE(l.flags_of("zzz").empty());
  EXPECT_TRUE(l.flags_of("").empty());
  EXPECT_TRUE(HunspellLexicon("").flags_of("a").empty());
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

TEST(Inflector, DanishFormsFromTheEmbeddedDictionary) {
  ASSERT_GT(embedded_danish_lexicon().size(), 1000000u);  // hunspell-da's ~160,000 words
  auto da = Inflector::danish();
  ASSERT_TRUE(da) << da.problem().detail;
  const Inflector& in = **da;
  // The forms issue 15 names.
  EXPECT_TRUE(has(in.other_forms("sklerose"), "sklerosen"));
  EXPECT_TRUE(has(in.other_forms("roma"), "romaerne"));
  EXPECT_TRUE(has(in.other_forms("afstamning"), "afstamningen"));
  // Doubling and irregular plurals, adjectives, verbs.
  EXPECT_TRUE(has(in.other_forms("dom"), "dommen"));
  const auto medlem = in.other_forms("medlem");
  EXPECT_TRUE(has(medlem, "medlemmer") && has(medlem, "medlemmet") && has(medlem, "medlemmernes"));
  const auto gravid = in.other_forms("gravid");
  EXPECT_TRUE(has(gravid, "gravide") && has(gravid, "gravidt"));
  EXPECT_FALSE(has(gravid, "gravida"));
  EXPECT_TRUE(has(in.other_forms("misbruge"), "misbrugte"));
  // Imperatives and present participles are left out: "bød" (offered) is not a fine, "tiltalende"
  // (appealing) not a charge.
  EXPECT_FALSE(has(in.other_forms("bøde"), "bød"));
  EXPECT_TRUE(has(in.other_forms("bøde"), "bøder"));
  EXPECT_FALSE(has(in.other_forms("tiltale"), "tiltalende"));
  // A phrase ending in a little word is not inflected.
  EXPECT_TRUE(in.other_forms("dømt for").empty());
  // Nothing that only lives inside compounds, and not the word itself.
  for (const auto& f : in.other_forms("sklerose")) {
    EXPECT_NE(f, "sklerose");
    EXPECT_NE(f.back(), '-') << f;
    EXPECT_NE(f.front(), '-') << f;
  }
  // A phrase inflects its last word.
  EXPECT_TRUE(has(in.other_forms("multipel sklerose"), "multipel sklerosen"));
  // A proper noun listed capitalised, asked for in lower case: forms in lower case.
  EXPECT_TRUE(has(in.other_forms("parkinson"), "parkinsons"));
  // Unknown words have no other forms.
  EXPECT_TRUE(in.other_forms("xqzzy").empty());
  EXPECT_TRUE(in.other_forms("").empty());
}

}  // namespace
}  // namespace datavagt
