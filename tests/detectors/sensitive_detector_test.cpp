// The term matcher with small dictionaries written here (the shipped vocabulary is tested in
// sensitive_vocabulary_test.cpp): boundaries, case, NFD, markers, exclusions, person references, counting,
// scoring and severity, and that chunking never changes the answer.
#include "detectors/sensitive_detector.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "tests/support/scan_text.h"

namespace datavagt {
namespace {

using testing::scan_with;

constexpr const char* kHealth = R"(# test dictionary
depression*
angst
diabet*
type 2-diabetes
*kræft
ørebetændelse
åreforkalkning
kræft
kræften
kræftpatient*
dom
/D[A-Z][0-9]{2}\.[0-9]/
@weight 0.3
indlagt
)";
constexpr const char* kCriminal = "sigtet\ndømt\n!sigtet mod\n";
constexpr const char* kUnion = "medlem af fagforening\n@near person 60\n=FOA\n";
constexpr const char* kReligion = "moské*\n";
constexpr const char* kPerson = "borgeren\nmedarbejderen\nhun\n";

const Ruleset& rules() {
  static const auto r = Ruleset::build_default(RulesetConfig::site_only(
      {{"health.txt", kHealth}, {"criminal.txt", kCriminal}, {"union.txt", kUnion}, {"religion.txt", kReligion},
       {"person.txt", kPerson}}));
  if (!r) throw std::runtime_error(r.problem().detail);
  return *r.value();
}

// kind -> term -> count, over every chunk size (the answer must not depend on it).
using Found = std::map<std::string, std::map<std::string, std::uint32_t>>;
Found found(std::string_view text) {
  Found first;
  bool have = false;
  for (std::size_t chunk : {std::size_t{1} << 20, std::size_t{1}, std::size_t{3}, std::size_t{7}, std::size_t{64}}) {
    Found f;
    for (const auto& x : scan_with(rules(), text, chunk))
      if (is_sensitive(x.kind))
        for (const auto& t : x.terms) f[std::string(to_string(x.kind))][t.term] = t.count;
    if (!have) {
      first = f;
      have = true;
    }
    EXPECT_EQ(f, first) << "chunk size " << chunk << " changed the answer for: " << text;
  }
  return first;
}

bool has(std::string_view text, const std::string& kind) { return found(text).count(kind) > 0; }

TEST(SensitiveDetector, WholeWordsWithDanishLetters) {
  EXPECT_TRUE(has("Dommen: dom.", "health"));
  EXPECT_FALSE(has("Se domænet og fødom og kongedømmet og ødom", "health"));  // ASCII \b would match
  EXPECT_FALSE(has("domæne", "health"));
  EXPECT_TRUE(has("(dom)", "health"));
  EXPECT_FALSE(has("angstfri? nej: fangst", "health"));  // plain entries take no continuation but their forms
  EXPECT_TRUE(has("Hun har angst.", "health"));
}

TEST(SensitiveDetector, CaseInsensitiveIncludingDanishLetters) {
  EXPECT_TRUE(has("ØREBETÆNDELSE", "health"));
  EXPECT_TRUE(has("Ørebetændelse", "health"));
  EXPECT_TRUE(has("ørebetændelse", "health"));
  EXPECT_TRUE(has("MOSKÉEN", "religion"));
  EXPECT_TRUE(has("Moskéen i byen", "religion"));
  EXPECT_TRUE(has("DEPRESSION", "health"));
}

// Terms with æøå/é are compiled as byte literals in their usual case forms (lower case, capitals, a capital
// first letter of the term or of each word); the ASCII letters around them match in any case.
TEST(SensitiveDetector, DanishLettersMatchInTheirUsualCaseForms) {
  EXPECT_TRUE(has("Åreforkalkning", "health"));
  EXPECT_TRUE(has("ÅREFORKALKNING", "health"));
  EXPECT_TRUE(has("åREFORKALKNING", "health"));  // only ASCII letters in another case
  EXPECT_TRUE(has("KRÆFT og Kræft og kræft", "health"));
  EXPECT_TRUE(has("KrÆfT", "health"));  // the Danish letter in capitals, ASCII ones mixed
  EXPECT_TRUE(has("Type 2-Diabetes", "health"));
  // The documented cost: Danish letters in different cases within one word are not found.
  EXPECT_TRUE(has("ØreBetÆndelse", "health"));    // all Danish letters in capitals
  EXPECT_FALSE(has("øreBetÆndelse", "health"));
}

TEST(SensitiveDetector, NfdTextMatches) {
  EXPECT_TRUE(has("Borgeren har a\xCC\x8Areforkalkning.", "health"));    // a + ring
  EXPECT_TRUE(has("A\xCC\x8AREFORKALKNING", "health"));
  EXPECT_TRUE(has("Ny mosk" "e\xCC\x81" "en", "religion"));            // e + acute
  EXPECT_FALSE(has("doma\xCC\x8A", "health"));  // "dom" + "å" in NFD: the word goes on
}

TEST(SensitiveDetector, PrefixSuffixExactAndRegexEntries) {
  EXPECT_EQ(found("Diabetesbehandling og diabetiker")["health"]["diabet*"], 2u);
  EXPECT_FALSE(has("prediabetes", "health"));  // left boundary still holds for term*
  EXPECT_EQ(found("brystkræft og lungekræft, ikke kræftens")["health"]["*kræft"], 2u);
  EXPECT_TRUE(has("Medarbejderen er medlem af FOA.", "union"));
  EXPECT_FALSE(has("Medarbejderen er medlem af foa.", "union"));  // =FOA is exact case
  EXPECT_EQ(found("Diagnose DF32.1 (depressiv episode)")["health"]["/D[A-Z][0-9]{2}\\.[0-9]/"], 1u);
  EXPECT_FALSE(has("kode XDF32.1 og DF32.12x", "health"));
}

TEST(SensitiveDetector, EntriesSharingAStemAreToldApart) {
  // "kræft", "*kræft", "kræften" and "kræftpatient*" share one pattern; the longest entry that stands counts.
  // "kræftens" is a form of "kræft" (and "kræften" too, but the entry written so claims it); "kræfterne" is
  // the plural of "kraft", not of "kræft".
  const auto f = found("Kræft. KRÆFTEN, kræftpatienterne og brystkræft, men kræftens og ikke kræfterne.");
  EXPECT_EQ(f.at("health").at("kræft"), 2u);
  EXPECT_EQ(f.at("health").at("kræften"), 1u);
  EXPECT_EQ(f.at("health").at("kræftpatient*"), 1u);
  EXPECT_EQ(f.at("health").at("*kræft"), 1u);
  EXPECT_EQ(f.at("health").size(), 4u);
}

TEST(SensitiveDetector, PhrasesSpanOneWhitespace) {
  EXPECT_TRUE(has("Han er medlem af\nfagforening.", "union"));
  EXPECT_TRUE(has("MEDLEM AF FAGFORENING", "union"));
  EXPECT_FALSE(has("medlem af fagforeningsbestyrelsen", "union"));
}

TEST(SensitiveDetector, ExclusionsDropHitsInsideThem) {
  EXPECT_TRUE(has("Han er sigtet for tyveri.", "criminal"));
  EXPECT_FALSE(has("Indsatsen er sigtet mod unge.", "criminal"));
  EXPECT_FALSE(has("Indsatsen er SIGTET MOD unge.", "criminal"));
  EXPECT_FALSE(has("Indsatsen er sigtet\nmod unge.", "criminal"));  // a line break inside the phrase
  EXPECT_EQ(found("sigtet mod unge, men han blev sigtet og dømt")["criminal"]["sigtet"], 1u);
}

// A second small vocabulary for the term matcher's short cuts: a stem's members are chosen by the text's byte
// after the stem (any case, any whitespace for a phrase's space), and exclusions are compared in place, at
// every offset where the hit's text stands in them.
Found found_in_stems(std::string_view text) {
  static const auto r = Ruleset::build_default(RulesetConfig::site_only(
      {{"health.txt", "@inflect off\n*sygdom\nsygdomsforløb\nsygdom og handicap\nsygdomme\ndom\n"
                      "!børnesygdom\n!dom mod dom\n!=KVÆGSYGDOM\n"}}));
  if (!r) throw std::runtime_error(r.problem().detail);
  Found first;
  for (std::size_t chunk : {std::size_t{1} << 20, std::size_t{1}, std::size_t{5}}) {
    Found f;
    for (const auto& x : scan_with(*r.value(), text, chunk))
      for (const auto& t : x.terms) f[std::string(to_string(x.kind))][t.term] = t.count;
    if (chunk == std::size_t{1} << 20) first = f;
    EXPECT_EQ(f, first) << "chunk size " << chunk << " changed the answer for: " << text;
  }
  return first;
}

TEST(SensitiveDetector, StemMembersAreChosenByTheTextAfterTheStem) {
  EXPECT_EQ(found_in_stems("Sygdom\nog handicap.")["health"],
            (std::map<std::string, std::uint32_t>{{"sygdom og handicap", 1}}));
  EXPECT_EQ(found_in_stems("SYGDOMSFORLØB")["health"], (std::map<std::string, std::uint32_t>{{"sygdomsforløb", 1}}));
  EXPECT_EQ(found_in_stems("Sygdomme og hjertesygdom.")["health"],
            (std::map<std::string, std::uint32_t>{{"*sygdom", 1}, {"sygdomme", 1}}));
  EXPECT_TRUE(found_in_stems("sygdomx sygdomsforløbet sygdomme2").empty());  // no member stands as a word
  EXPECT_EQ(found_in_stems("sygdom")["health"],  // the text ends after the stem
            (std::map<std::string, std::uint32_t>{{"*sygdom", 1}}));
}

TEST(SensitiveDetector, ExclusionsAreFoundAtEveryOffsetAndInAnyCase) {
  EXPECT_TRUE(found_in_stems("Systemets BØRNESYGDOM.").empty());
  EXPECT_TRUE(found_in_stems("Dom\nmod DOM.").empty());  // the exclusion holds "dom" twice: both hits are in it
  EXPECT_EQ(found_in_stems("dom mod dom og dom")["health"], (std::map<std::string, std::uint32_t>{{"dom", 1}}));
  EXPECT_EQ(found_in_stems("dom mod domæne")["health"], (std::map<std::string, std::uint32_t>{{"dom", 1}}));
  // An exact-case exclusion drops only the text in its case.
  EXPECT_TRUE(found_in_stems("KVÆGSYGDOM").empty());
  EXPECT_EQ(found_in_stems("kvægsygdom")["health"], (std::map<std::string, std::uint32_t>{{"*sygdom", 1}}));
}

TEST(SensitiveDetector, PersonReferenceRequiredWhereAsked) {
  EXPECT_TRUE(has("Hun er medlem af FOA.", "union"));
  EXPECT_TRUE(has("FOA har bekræftet at BORGEREN er medlem", "union"));
  EXPECT_FALSE(has("Mødet afholdes hos FOA i Aarhus.", "union"));
  EXPECT_FALSE(has("hunden. Mødet afholdes hos FOA i Aarhus.", "union"));  // a word containing "hun" is not one
  const std::string far = "Medarbejderen. " + std::string(100, 'x') + " FOA";
  EXPECT_FALSE(has(far, "union"));
}

TEST(SensitiveDetector, CountsTermsAndOverlaps) {
  const auto f = found("depression, depressionen og angst. Type 2-diabetes og diabetes.");
  EXPECT_EQ(f.at("health").at("depression*"), 2u);
  EXPECT_EQ(f.at("health").at("angst"), 1u);
  EXPECT_EQ(f.at("health").at("type 2-diabetes"), 1u);  // counted once, for the longer entry
  EXPECT_EQ(f.at("health").at("diabet*"), 1u);          // the second "diabetes"
  const auto findings = scan_with(rules(), "depression, depressionen og angst. Type 2-diabetes og diabetes.");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].count, 5u);
  EXPECT_EQ(findings[0].terms.front().term, "depression*");  // most frequent first
  EXPECT_EQ(findings[0].offset, 0u);
}

TEST(SensitiveDetector, ContextIsMaskedAndUtf8) {
  const auto f = scan_with(rules(), "Borgeren 010190-1234 har svær depression og bor på Ærø.");
  const Finding* health = nullptr;
  for (const auto& x : f)
    if (x.kind == FindingKind::Health) health = &x;
  ASSERT_NE(health, nullptr);
  EXPECT_EQ(health->context.find("1234"), std::string::npos);
  EXPECT_NE(health->context.find("depression"), std::string::npos);
}

TEST(SensitiveDetector, StrayWordInALongTextScoresBelowACaseNote) {
  std::string long_text;
  while (long_text.size() < 1000000) long_text += "Kommunen har vedtaget budgettet for det kommende år. ";
  long_text += "depression";
  const std::string note = "Journalnotat: borgeren har depression og angst, diabetes type 1, "
                           "ørebetændelse. Indlagt. Depressionen er behandlet; angst igen.";
  const auto stray = scan_with(rules(), long_text);
  const auto dense = scan_with(rules(), note);
  ASSERT_EQ(stray.size(), 1u);
  ASSERT_EQ(dense.size(), 1u);
  EXPECT_LT(stray[0].confidence, 0.2);
  EXPECT_GT(dense[0].confidence, 0.9);
  EXPECT_TRUE(scan_with(rules(), long_text, 1 << 20, 0.2).empty());  // --min-score drops it
  // A weak term alone scores lower than a strong one.
  EXPECT_LT(scan_with(rules(), "Hun er indlagt.")[0].confidence, scan_with(rules(), "Hun har angst.")[0].confidence);
}

TEST(SensitiveDetector, CprAndSensitiveKindTogetherAreCritical) {
  const std::string cpr = testing::valid_cpr("010190");
  const std::string cpr_text = "CPR-nr. " + cpr.substr(0, 6) + "-" + cpr.substr(6) + ".";
  auto both = scan_with(rules(), cpr_text + " Borgeren har depression.");
  ASSERT_EQ(both.size(), 2u);
  for (const auto& f : both) EXPECT_EQ(f.severity, Severity::Critical) << to_string(f.kind);
  auto cpr_only = scan_with(rules(), cpr_text);
  ASSERT_EQ(cpr_only.size(), 1u);
  EXPECT_EQ(cpr_only[0].severity, Severity::High);
  auto health_only = scan_with(rules(), "Hun har depression og angst og diabetes.");
  ASSERT_EQ(health_only.size(), 1u);
  EXPECT_EQ(health_only[0].severity, Severity::Medium);
  auto weak = scan_with(rules(), "Hun er indlagt.");
  ASSERT_EQ(weak.size(), 1u);
  EXPECT_EQ(weak[0].severity, Severity::Low);
}

TEST(SensitiveDetector, KindsCanBeChosen) {
  const auto r = Ruleset::build_default(
      RulesetConfig::site_only({{"health.txt", kHealth}, {"criminal.txt", kCriminal}}, {FindingKind::Criminal}));
  ASSERT_TRUE(r.ok());
  const auto f = scan_with(*r.value(), "Han er dømt. Hun har depression. CPR 0101901234");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].kind, FindingKind::Criminal);
}

// Issue 15, item 13: dictionaries list lemmas; every inflected form is found and counted for the lemma.
TEST(SensitiveDetector, LemmasMatchTheirInflectedForms) {
  const auto r = Ruleset::build_default(RulesetConfig::site_only(
      {{"health.txt", "sklerose\n*gigt\ngravid\n@inflect off\nangstanfald\n"},
       {"ethnicity.txt", "roma\nafstamning\n"},
       {"criminal.txt", "straf\nfældende dom\n"}}));
  ASSERT_TRUE(r.ok()) << r.problem().detail;
  const auto kinds = [&](std::string_view text) {
    std::map<std::string, std::map<std::string, std::uint32_t>> out;
    for (const auto& x : scan_with(*r.value(), text))
      for (const auto& t : x.terms) out[std::string(to_string(x.kind))][t.term] = t.count;
    return out;
  };
  // Before: none of these was found (entries matched only the form written down).
  auto f = kinds("Sklerosen er fremskreden. Romaerne i lejren; afstamningen er uklar. Straffen blev fældende "
                 "domme. Leddegigten. De gravide.");
  EXPECT_EQ(f["health"]["sklerose"], 1u);
  EXPECT_EQ(f["health"]["*gigt"], 1u);  // a left-open entry takes the forms too: "leddegigten"
  EXPECT_EQ(f["health"]["gravid"], 1u);
  EXPECT_EQ(f["ethnicity"]["roma"], 1u);
  EXPECT_EQ(f["ethnicity"]["afstamning"], 1u);
  EXPECT_EQ(f["criminal"]["straf"], 1u);
  EXPECT_EQ(f["criminal"]["fældende dom"], 1u);  // a phrase inflects its last word
  // Not forms: Latin "gravida", another word "strafbar", and an entry under @inflect off.
  EXPECT_TRUE(kinds("Lorem gravida. Strafbar? Angstanfaldene.").empty());
  // Without inflection the forms are not found.
  auto plain = RulesetConfig::site_only({{"health.txt", "sklerose\n"}});
  plain.inflect = false;
  const auto p = Ruleset::build_default(plain);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(scan_with(*p.value(), "Sklerosen.").empty());
}

// Issue 15, item 14: a cue word of the kind stands in for a person reference.
TEST(SensitiveDetector, CueWordsOfTheKindCountAsContext) {
  const auto r = Ruleset::build_default(RulesetConfig::site_only(
      {{"union.txt", "@cue on\nmedlemskab\n@cue off\n@near person 60\n=3F\n"},
       {"criminal.txt", "@cue on\npolitiets oplysninger\n@cue off\n@near person 40\nstraf\n"},
       {"person.txt", "borgeren\n"}}));
  ASSERT_TRUE(r.ok()) << r.problem().detail;
  const auto kinds = [&](std::string_view text) {
    std::set<std::string> out;
    for (const auto& x : scan_with(*r.value(), text)) out.insert(std::string(to_string(x.kind)));
    return out;
  };
  // Before: none of these was reported (only person words counted).
  EXPECT_EQ(kinds("Vedr. medlemskab: 3F"), std::set<std::string>{"union"});
  EXPECT_EQ(kinds("Vedr. medlemskabet: 3F"), std::set<std::string>{"union"});  // a cue word's forms count
  EXPECT_EQ(kinds("Fra politiets oplysninger: straffen blev skærpet."), std::set<std::string>{"criminal"});
  EXPECT_TRUE(kinds("Bemærkning: 3F").empty());
  EXPECT_TRUE(kinds("Mødet om medlemskab holdes hos os; 3F deltager.").size() == 1);  // within 60 bytes
  EXPECT_TRUE(kinds("Straffen for at parkere forkert er 500 kr.").empty());
  // The context stays in the hit's paragraph (a blank line ends it), not in the one before or after.
  EXPECT_TRUE(kinds("Afgørelsen sendes til borgeren.\n\nStraffen for at parkere forkert er 500 kr.").empty());
  EXPECT_TRUE(kinds("Straffen er 500 kr.\r\n \r\nborgeren").empty());
  // ... and in its sentence: the person word of the sentence before is about something else.
  EXPECT_TRUE(kinds("Afgørelsen sendes til borgeren.\nStraffen blev skærpet.").empty());
  EXPECT_TRUE(kinds("Sagen sendes til borgeren. Straffen for at parkere forkert er 500 kr.").empty());
  EXPECT_EQ(kinds("Afgørelsen sendes til borgeren,\nog straffen blev skærpet."), std::set<std::string>{"criminal"});
  // A period after an abbreviation does not end the sentence (the shipped vocabulary's cases:
  // sensitive_cases.tsv, "Borgeren bor hos Hr. Jensen og er af tyrkisk oprindelse").
  EXPECT_EQ(kinds("Borgeren fik jf. Dommen straffen nedsat."), std::set<std::string>{"criminal"});
  // A cue word of another kind does not count.
  EXPECT_TRUE(kinds("Fra politiets oplysninger: 3F").empty());
  // Cue words never report on their own.
  EXPECT_TRUE(kinds("Medlemskab og politiets oplysninger").empty());
}

// Issue 15, item 16: English text, Latin filler and a program's strings weigh the categories far lower.
TEST(SensitiveDetector, ForeignTextWeighsFarLower) {
  const std::string english = "The archive publishes its finding aids online, and the depression of the 1930s is "
                              "described in the collection that was donated to the library by the family.";
  const std::string danish = "Borgeren fortæller, at hun har haft en depression, og at hun er i behandling hos "
                             "sin læge, som har henvist til en psykolog.";
  const auto en = scan_with(rules(), english);
  const auto da = scan_with(rules(), danish);
  ASSERT_EQ(en.size(), 1u);
  ASSERT_EQ(da.size(), 1u);
  EXPECT_LT(en[0].confidence, 0.05);  // under the default --min-score
  EXPECT_GT(da[0].confidence, 0.3);
  // Identifiers: an underscore joins words.
  EXPECT_FALSE(has("call _angst and angst_handler", "health"));
}

TEST(SensitiveDetector, BadSiteDictionaryFailsTheBuild) {
  const auto r = Ruleset::build_default(RulesetConfig::site_only({{"site/health.txt", "ok\n/D[/\n"}}));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.problem().detail.find("D["), std::string::npos) << r.problem().detail;
}

}  // namespace
}  // namespace datavagt
