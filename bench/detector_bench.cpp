// How fast the matcher turns text into findings, with the text already in memory: no disk, no extraction.
// One Ruleset shared, one MatchSession per benchmark (as per worker thread in the scanner), text fed in the
// scanner's chunk size. Every benchmark first scans its input once and checks the answer; a wrong answer
// skips the timing and makes the program exit 1 (a faster wrong answer is a failure).
//
// Two rule sets over the same text: `cpr_only` (the CPR detector alone) and `all_kinds` (CPR plus every
// built-in dictionary of the sensitive categories), as the scanner ships it.
//
// The inputs are generated here, deterministically (std::mt19937, fixed seed):
//   prose   ~64 MB of Danish-like text (æøå), CSV-like lines, amounts, dates, phone numbers, post codes; no
//           run of digits that could be a CPR, so the candidate path is never taken, and none of the
//           dictionaries' terms (words that the full rule set flags are left out of the vocabulary).
//   sparse  the same generator with "CPR-nr.: DDMMYY-SSSS" (valid, mod-11) planted every ~100 KB.
//   terms   the same generator with a sentence about a diagnosis planted every ~20 KB.
//   dense   a numeric CSV table with a random 10-digit number every ~30 bytes: the worst case.
//   file    optional: DATAVAGT_BENCH_TEXT=FILE, a real text (bench/README.md makes one from the corpus
//           generator's municipal prose); checked: both rule sets report the same CPR findings.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <ctime>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/limits.h"
#include "core/text_chunk.h"
#include "core/utf8.h"
#include "detectors/fingerprint.h"
#include "detectors/match_session.h"
#include "detectors/ruleset.h"

namespace {

using namespace datavagt;

constexpr std::size_t kCorpusBytes = std::size_t{64} << 20;
constexpr std::size_t kPlantEvery = 100 * 1000;  // bytes of text between planted CPRs
constexpr std::uint32_t kSeed = 20261129;
constexpr CivilDate kToday{2026, 11, 29};  // fixed, so the answer does not depend on the day the bench runs

int g_failed_checks = 0;  // read by main(): any failed check makes the run fail

// --- Text generation -------------------------------------------------------------------------------------

constexpr std::string_view kWords[] = {
    "og", "i", "at", "det", "en", "den", "til", "er", "som", "på", "de", "med", "han", "af", "for", "ikke",
    "der", "var", "mig", "sig", "men", "et", "har", "om", "vi", "min", "havde", "ham", "hun", "nu", "over",
    "da", "fra", "du", "ud", "sin", "dem", "os", "op", "man", "hans", "hvor", "eller", "hvad", "skal", "selv",
    "her", "alle", "vil", "blev", "kunne", "ind", "når", "være", "dog", "noget", "ville", "deres", "efter",
    "ned", "skulle", "denne", "end", "dette", "også", "under", "have", "hende", "meget", "mod", "disse",
    "hvis", "nogle", "hos", "blive", "mange", "bliver", "været", "sådan", "kommune", "borger",
    "sagsbehandler", "afgørelse", "ansøgning", "bevilling", "møde", "forvaltning", "hjemmepleje", "skole",
    "børnehave", "lærer", "elev", "forældre", "sundhed", "læge", "sygehus", "behandling", "medicin",
    "genoptræning", "økonomi", "budget", "regnskab", "udgift", "indtægt", "særlig", "støtte", "tilskud",
    "bolig", "lejlighed", "ejendom", "område", "byrådet", "udvalg", "beslutning", "høring", "klage", "frist",
    "måned", "år", "uge", "dag", "tid", "først", "sidst", "næste", "forrige", "større", "mindre", "højere",
    "lavere", "grøn", "blå", "rød", "hvid", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag",
    "søndag", "æble", "øre", "ål", "præst", "kørsel", "færge", "brød", "smør", "søster", "bror", "værelse",
    "køkken", "gård", "å", "sø", "ø", "strand", "skov", "mark", "vej", "gade", "plads", "torv", "hus",
    "kontor", "afdeling", "medarbejder", "leder", "direktør", "ansat", "løn", "ferie", "sygdom", "fravær",
    "orlov", "pension", "Ærø", "Østerbro", "Århus", "Ålborg", "Næstved", "Køge", "Søborg", "Brønshøj"};

constexpr std::string_view kTowns[] = {"København K", "København Ø", "Aarhus C", "Odense C", "Aalborg",
                                       "Esbjerg", "Randers", "Kolding", "Horsens", "Vejle", "Roskilde",
                                       "Herning", "Hørsholm", "Helsingør", "Silkeborg", "Næstved"};

class TextGenerator {
 public:
  TextGenerator(std::uint32_t seed, const std::vector<std::string_view>& words) : rng_(seed), words_(words) {}

  // One line of text ending in '\n'. No run of more than five digits, so nothing is CPR-shaped.
  std::string line() {
    std::string out;
    const unsigned kind = pick(10);
    if (kind < 6)
      prose(out);
    else if (kind < 9)
      csv(out);
    else
      address(out);
    out += '\n';
    return out;
  }

  // Digits for a CPR that exists: a valid birth date, a seventh digit that gives its century, mod-11 valid.
  std::string valid_cpr() {
    for (;;) {
      const int year = 1940 + static_cast<int>(pick(66));  // 1940..2005
      const int month = 1 + static_cast<int>(pick(12));
      const int day = 1 + static_cast<int>(pick(static_cast<unsigned>(month_days(year, month))));
      const int seventh = year < 2000 ? static_cast<int>(pick(4)) : 4;  // 0-3: 1900s; 4: 2000-2036
      int d[10] = {day / 10, day % 10, month / 10, month % 10, (year % 100) / 10, year % 10, seventh,
                   static_cast<int>(pick(10)), static_cast<int>(pick(10)), 0};
      static constexpr int kWeights[10] = {4, 3, 2, 7, 6, 5, 4, 3, 2, 1};
      int sum = 0;
      for (int i = 0; i < 9; ++i) sum += d[i] * kWeights[i];
      const int check = (11 - sum % 11) % 11;
      if (check == 10) continue;  // no digit completes this one
      d[9] = check;
      std::string s;
      for (int v : d) s += static_cast<char>('0' + v);
      return s;
    }
  }

  unsigned pick(unsigned n) { return std::uniform_int_distribution<unsigned>(0, n - 1)(rng_); }

 private:
  static int month_days(int y, int m) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
  }

  std::string_view word() { return words_[pick(static_cast<unsigned>(words_.size()))]; }

  void number(std::string& out, unsigned max_exclusive) { out += std::to_string(pick(max_exclusive)); }

  void two_digits(std::string& out, unsigned v) {
    out += static_cast<char>('0' + v / 10);
    out += static_cast<char>('0' + v % 10);
  }

  void date(std::string& out) {  // 12.03.2021
    two_digits(out, 1 + pick(28));
    out += '.';
    two_digits(out, 1 + pick(12));
    out += '.';
    out += std::to_string(1990 + pick(36));
  }

  void amount(std::string& out) {  // 1.234.567,89 — groups of three, never a long digit run
    const std::string digits = std::to_string(pick(5'000'000));
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i && (digits.size() - i) % 3 == 0) grouped += '.';
      grouped += digits[i];
    }
    out += grouped;
    out += ',';
    two_digits(out, pick(100));
  }

  void phone(std::string& out) {  // +45 12 34 56 78
    out += "+45";
    for (int i = 0; i < 4; ++i) {
      out += ' ';
      two_digits(out, pick(100));
    }
  }

  void prose(std::string& out) {
    const unsigned sentences = 1 + pick(4);
    for (unsigned s = 0; s < sentences; ++s) {
      const unsigned words = 6 + pick(18);
      for (unsigned w = 0; w < words; ++w) {
        if (w) out += ' ';
        const unsigned extra = pick(40);
        if (extra == 0) {
          out += "kr. ";
          amount(out);
        } else if (extra == 1) {
          out += "den ";
          date(out);
        } else if (extra == 2) {
          out += "tlf. ";
          phone(out);
        } else if (extra == 3) {
          out += "kl. ";
          two_digits(out, pick(24));
          out += '.';
          two_digits(out, pick(60));
        } else if (extra == 4) {
          number(out, 100);
          out += ',';
          number(out, 10);
          out += " %";
        } else {
          std::string_view wd = word();
          if (w == 0 && wd[0] >= 'a' && wd[0] <= 'z') {
            out += static_cast<char>(wd[0] - 'a' + 'A');
            out += wd.substr(1);
          } else {
            out += wd;
          }
        }
      }
      out += pick(8) == 0 ? "? " : ". ";
    }
  }

  void csv(std::string& out) {  // Faktura;12.03.2021;hjemmepleje;1.234,50;+45 12 34 56 78;17 stk.
    static constexpr std::string_view kLabels[] = {"Faktura", "Bilag", "Udbetaling", "Refusion", "Kørsel",
                                                   "Løn", "Tilskud"};
    out += kLabels[pick(std::size(kLabels))];
    out += ';';
    number(out, 100000);  // a short id, at most five digits
    out += ';';
    date(out);
    out += ';';
    out += word();
    out += ';';
    amount(out);
    out += ';';
    phone(out);
    out += ';';
    number(out, 1000);
    out += " stk.";
  }

  void address(std::string& out) {  // Søndergade 12, 2. th., 2100 København Ø
    out += word();
    out += "gade ";
    number(out, 200);
    out += ", ";
    number(out, 6);
    out += ". th., ";
    out += std::to_string(1000 + pick(9000));
    out += ' ';
    out += kTowns[pick(std::size(kTowns))];
  }

  std::mt19937 rng_;
  const std::vector<std::string_view>& words_;
};

struct Planted {
  std::map<std::string, unsigned> occurrences;  // ten digits -> times planted
};

// ~`bytes` of text; with `plant_every` > 0, a line "… CPR-nr.: DDMMYY-SSSS …" roughly every that many bytes,
// cycling through `plant_every`-derived distinct values so most values occur twice.
std::string make_text(const std::vector<std::string_view>& words, std::size_t bytes, std::size_t plant_every,
                      Planted* planted) {
  TextGenerator gen(kSeed, words);
  std::vector<std::string> values;
  if (plant_every) {
    const std::size_t distinct = std::max<std::size_t>(1, bytes / plant_every / 2);
    while (values.size() < distinct) {
      std::string v = gen.valid_cpr();
      if (std::find(values.begin(), values.end(), v) == values.end()) values.push_back(std::move(v));
    }
  }
  std::string text;
  text.reserve(bytes + 4096);
  std::size_t since_plant = 0, plants = 0;
  while (text.size() < bytes) {
    std::string l = gen.line();
    if (plant_every && since_plant >= plant_every) {
      const std::string& v = values[plants++ % values.size()];
      text += "Borgeren, CPR-nr.: ";
      text.append(v, 0, 6);
      text += '-';
      text.append(v, 6, 4);
      text += ", har fået svar på sin ansøgning.\n";
      planted->occurrences[v]++;
      since_plant = 0;
    }
    since_plant += l.size();
    text += l;
  }
  return text;
}

constexpr std::size_t kTermEvery = 20 * 1000;
constexpr std::string_view kTermSentence =
    "Borgeren har fået konstateret depression og diabetes og behandles med antidepressiva.\n";

// The prose with kTermSentence planted every ~kTermEvery bytes; `*planted` = how many times.
std::string make_term_text(const std::vector<std::string_view>& words, std::size_t bytes, std::size_t* planted) {
  TextGenerator gen(kSeed, words);
  std::string text;
  text.reserve(bytes + 4096);
  std::size_t since = 0;
  *planted = 0;
  while (text.size() < bytes) {
    if (since >= kTermEvery) {
      text += kTermSentence;
      ++*planted;
      since = 0;
    }
    std::string l = gen.line();
    since += l.size();
    text += l;
  }
  return text;
}

// Danish case-work prose as a municipal share has it: the whole vocabulary (medicin, sygdom, behandling, læge,
// sygehus … at their rate in it), a sentence of health case work every ~kCaseWorkEvery bytes (the generator's
// bench-realistic profile has one in 4-30 % of the sentences of care and sick-leave notes), and a CPR planted
// every ~kPlantEvery bytes. `*sentences` = how many case-work sentences were planted.
constexpr std::size_t kCaseWorkEvery = 1500;
constexpr std::string_view kCaseWork[] = {
    "Borgeren har fået konstateret depression og behandles med antidepressiva.",
    "Hun er sygemeldt på grund af diabetes og forventer at vende tilbage om fire uger.",
    "Der er indhentet en lægeerklæring, som beskriver forløbet med epilepsi hos borgeren.",
    "Borgeren får medicin mod angst og har det bedre end ved sidste besøg.",
    "Han har været indlagt på psykiatrisk afdeling i ti dage.",
    "Forældrene oplyser, at drengen har ADHD og har brug for støtte i skolen.",
    "Borgeren er i behandling for alkoholmisbrug og møder stabilt op i misbrugscentret.",
    "Psykologen har haft fem samtaler med hende om en spiseforstyrrelse.",
};

std::string make_case_notes(const std::vector<std::string_view>& words, std::size_t bytes, Planted* planted,
                            std::size_t* sentences) {
  const std::string base = make_text(words, bytes, kPlantEvery, planted);
  std::mt19937 rng(kSeed + 1);
  std::string text;
  text.reserve(base.size() + base.size() / 15);
  *sentences = 0;
  std::size_t since = 0;
  for (std::size_t pos = 0; pos < base.size();) {
    std::size_t nl = base.find('\n', pos);
    nl = nl == std::string::npos ? base.size() : nl + 1;
    text.append(base, pos, nl - pos);
    since += nl - pos;
    pos = nl;
    if (since >= kCaseWorkEvery) {
      text += kCaseWork[std::uniform_int_distribution<std::size_t>(0, std::size(kCaseWork) - 1)(rng)];
      text += '\n';
      ++*sentences;
      since = 0;
    }
  }
  return text;
}

// Lines "id;DDDDDDDDDD;amount;flag": a random 10-digit number every ~30 bytes.
std::string make_dense_numbers(std::size_t bytes, std::size_t* numbers) {
  std::mt19937 rng(kSeed);
  std::uniform_int_distribution<unsigned> digit(0, 9), id(0, 99999), cents(0, 99), euros(0, 9999);
  std::string text;
  text.reserve(bytes + 64);
  *numbers = 0;
  while (text.size() < bytes) {
    text += std::to_string(id(rng));
    text += ';';
    for (int i = 0; i < 10; ++i) text += static_cast<char>('0' + digit(rng));
    text += ';';
    text += std::to_string(euros(rng));
    text += ',';
    const unsigned c = cents(rng);
    text += static_cast<char>('0' + c / 10);
    text += static_cast<char>('0' + c % 10);
    text += ";ok\n";
    ++*numbers;
  }
  return text;
}

// Independent of the detector: how many digit runs in `s` are CPR-shaped (ten digits, or six + one
// separator + four). Lets the prose check that the generator really planted nothing.
std::size_t count_cpr_shapes(std::string_view s) {
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  auto run_at = [&](std::size_t i) {
    std::size_t j = i;
    while (j < s.size() && is_digit(s[j])) ++j;
    return j - i;
  };
  std::size_t shapes = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (!is_digit(s[i])) {
      ++i;
      continue;
    }
    const std::size_t n = run_at(i);
    if (n == 10) ++shapes;
    if (n == 6 && i + n < s.size()) {
      std::size_t k = i + n;
      if (s.substr(k, 3) == " - ")
        k += 3;
      else if (std::string_view("-/. \t").find(s[k]) != std::string_view::npos)
        k += 1;
      if (k < s.size() && is_digit(s[k]) && run_at(k) == 4) ++shapes;
    }
    i += n;
  }
  return shapes;
}

// --- The scan, as the scanner does it --------------------------------------------------------------------

struct Engine {
  std::shared_ptr<const Ruleset> cpr_only, all_kinds;
  DetectOptions options;
  Fingerprinter fingerprinter{"bench-key"};
  Limits limits;
  const Ruleset& rules(bool all) const { return all ? *all_kinds : *cpr_only; }
};

std::vector<Finding> scan_item(const Engine& e, bool all, std::string_view text);

const Engine* engine() {
  static const Engine* e = [] () -> const Engine* {
    auto cpr = Ruleset::build_default(RulesetConfig::only({FindingKind::Cpr, FindingKind::CprReplacement}));
    auto all = Ruleset::build_default();
    if (!cpr.ok() || !all.ok()) {
      std::fprintf(stderr, "detector_bench: cannot build the rule sets: %s\n",
                   (cpr.ok() ? all : cpr).problem().detail.c_str());
      return nullptr;
    }
    auto* k = new Engine;
    k->cpr_only = *cpr;
    k->all_kinds = *all;
    k->options.min_confidence = 0.5;
    k->options.today = kToday;
    return k;
  }();
  return e;
}

// The vocabulary without the words the full rule set flags ("sygdom" may be a health term one day).
const std::vector<std::string_view>& quiet_words() {
  static const std::vector<std::string_view> words = [] {
    std::vector<std::string_view> w;
    const Engine* e = engine();
    for (std::string_view word : kWords)
      if (!e || scan_item(*e, true, std::string(word) + " " + std::string(word) + ".").empty()) w.push_back(word);
    return w;
  }();
  return words;
}

struct Corpus {
  std::string prose, sparse, terms, dense, case_notes;
  Planted planted, case_planted;
  std::size_t case_sentences = 0;
  std::size_t terms_planted = 0;
  std::size_t dense_numbers = 0;
};

const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus k;
    k.prose = make_text(quiet_words(), kCorpusBytes, 0, nullptr);
    k.sparse = make_text(quiet_words(), kCorpusBytes, kPlantEvery, &k.planted);
    k.terms = make_term_text(quiet_words(), kCorpusBytes, &k.terms_planted);
    k.dense = make_dense_numbers(kCorpusBytes, &k.dense_numbers);
    const std::vector<std::string_view> every_word(std::begin(kWords), std::end(kWords));
    k.case_notes = make_case_notes(every_word, kCorpusBytes, &k.case_planted, &k.case_sentences);
    return k;
  }();
  return c;
}

// begin … feed in chunks of Limits::read_chunk_bytes (cut on UTF-8 boundaries) … finish.
std::vector<Finding> scan_item(MatchSession& session, std::string_view text, std::size_t chunk_bytes) {
  session.begin();
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = utf8::floor_boundary(text, pos + chunk_bytes);
    if (end <= pos) end = std::min(text.size(), pos + chunk_bytes);
    session.feed(TextChunk{text.substr(pos, end - pos), Position{}});
    pos = end;
  }
  return session.finish();
}

bool check(benchmark::State& state, bool ok, const std::string& what) {
  if (ok) return true;
  ++g_failed_checks;
  std::fprintf(stderr, "detector_bench: WRONG ANSWER: %s\n", what.c_str());
  state.SkipWithError(what.c_str());
  return false;
}

struct Session {
  const Engine* e;
  DetectContext ctx;
  std::unique_ptr<MatchSession> session;
  Session(const Engine* eng, bool all)
      : e(eng), ctx{eng->options, eng->fingerprinter, eng->limits}, session(eng->rules(all).open_session(ctx)) {}
};

std::vector<Finding> scan_item(const Engine& e, bool all, std::string_view text) {
  Session s(&e, all);
  return scan_item(*s.session, text, e.limits.read_chunk_bytes);
}

// --- Benchmarks --------------------------------------------------------------------------------------------

void BM_Detector_NoFindings(benchmark::State& state, bool all) {
  const Engine* e = engine();
  if (!check(state, e != nullptr, "no ruleset")) return;
  const std::string& text = corpus().prose;
  if (!check(state, count_cpr_shapes(text) == 0, "the generated prose contains CPR-shaped numbers")) return;
  Session s(e, all);
  const auto first = scan_item(*s.session, text, e->limits.read_chunk_bytes);
  if (!check(state, first.empty(), std::to_string(first.size()) + " findings in text without personal data"))
    return;

  for (auto _ : state) {
    auto found = scan_item(*s.session, text, e->limits.read_chunk_bytes);
    benchmark::DoNotOptimize(found.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

void BM_Detector_SparseFindings(benchmark::State& state, bool all) {
  const Engine* e = engine();
  if (!check(state, e != nullptr, "no ruleset")) return;
  const Corpus& c = corpus();
  const std::string& text = c.sparse;
  Session s(e, all);
  const auto first = scan_item(*s.session, text, e->limits.read_chunk_bytes);

  // Every planted value found once, with its fingerprint and the number of times it was planted; nothing else.
  std::map<std::string, unsigned> expected;  // fingerprint -> occurrences
  std::size_t planted_total = 0;
  for (const auto& [digits, n] : c.planted.occurrences) {
    expected[e->fingerprinter.of(digits)] = n;
    planted_total += n;
  }
  std::map<std::string, unsigned> got;
  bool kinds_ok = true;
  for (const auto& f : first) {
    got[f.fingerprint] += f.count;
    kinds_ok = kinds_ok && f.kind == FindingKind::Cpr;
  }
  if (!check(state, first.size() == expected.size() && got == expected && kinds_ok,
             std::to_string(first.size()) + " distinct findings, expected " + std::to_string(expected.size()) +
                 " (each with its planted count)"))
    return;

  for (auto _ : state) {
    auto found = scan_item(*s.session, text, e->limits.read_chunk_bytes);
    benchmark::DoNotOptimize(found.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["planted"] = static_cast<double>(planted_total);
  state.counters["distinct"] = static_cast<double>(expected.size());
}

// Planted diagnoses: the health finding counts every term of every planted sentence, and nothing else is found.
void BM_Detector_SensitiveTerms(benchmark::State& state) {
  const Engine* e = engine();
  if (!check(state, e != nullptr, "no ruleset")) return;
  const Corpus& c = corpus();
  Session s(e, true);
  const auto one = scan_item(*s.session, kTermSentence, e->limits.read_chunk_bytes);
  if (!check(state, one.size() == 1 && one[0].kind == FindingKind::Health,
             "the planted sentence is not exactly one health finding"))
    return;
  const auto first = scan_item(*s.session, c.terms, e->limits.read_chunk_bytes);
  if (!check(state, first.size() == 1 && first[0].kind == FindingKind::Health &&
                        first[0].count == one[0].count * c.terms_planted,
             std::to_string(first.size()) + " findings; expected one health finding counting " +
                 std::to_string(one[0].count * c.terms_planted) + " terms"))
    return;
  for (auto _ : state) {
    auto found = scan_item(*s.session, c.terms, e->limits.read_chunk_bytes);
    benchmark::DoNotOptimize(found.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.terms.size()));
  state.counters["planted"] = static_cast<double>(c.terms_planted);
}

void BM_Detector_DenseNumbers(benchmark::State& state, bool all) {
  const Engine* e = engine();
  if (!check(state, e != nullptr, "no ruleset")) return;
  const Corpus& c = corpus();
  const std::string& text = c.dense;
  Session s(e, all);
  const auto first = scan_item(*s.session, text, e->limits.read_chunk_bytes);
  std::size_t reported = 0;
  for (const auto& f : first) reported += f.count;
  if (!check(state, reported * 100 < c.dense_numbers,
             std::to_string(reported) + " of " + std::to_string(c.dense_numbers) +
                 " random numbers reported (expected under 1%)"))
    return;

  for (auto _ : state) {
    auto found = scan_item(*s.session, text, e->limits.read_chunk_bytes);
    benchmark::DoNotOptimize(found.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["numbers"] = static_cast<double>(c.dense_numbers);
  state.counters["reported"] = static_cast<double>(reported);
}

// The same prose cut into items of state.range(0) bytes: what begin()/finish() cost per file.
void BM_Detector_SmallItems(benchmark::State& state) {
  const Engine* e = engine();
  if (!check(state, e != nullptr, "no ruleset")) return;
  const std::string_view text = corpus().prose;
  const auto item_bytes = static_cast<std::size_t>(state.range(0));
  std::vector<std::string_view> items;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = utf8::floor_boundary(text, pos + item_bytes);
    if (end <= pos) end = std::min(text.size(), pos + item_bytes);
    items.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  Session s(e, true);
  std::size_t findings = 0;
  for (auto item : items) findings += scan_item(*s.session, item, e->limits.read_chunk_bytes).size();
  if (!check(state, findings == 0, std::to_string(findings) + " findings in text without personal data")) return;

  for (auto _ : state) {
    for (auto item : items) {
      auto found = scan_item(*s.session, item, e->limits.read_chunk_bytes);
      benchmark::DoNotOptimize(found.data());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * items.size()));
}

const std::string& file_text() {
  static const std::string text = [] {
    std::string t;
    if (const char* path = std::getenv("DATAVAGT_BENCH_TEXT")) {
      std::ifstream in(path, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      t = ss.str();
      t.resize(utf8::valid_prefix(t));
    }
    return t;
  }();
  return text;
}

void BM_Detector_FileText(benchmark::State& state, bool all) {
  const Engine* e = engine();
  if (!check(state, e != nullptr, "no ruleset")) return;
  const std::string& text = file_text();
  if (!check(state, !text.empty(), "DATAVAGT_BENCH_TEXT is empty or unreadable")) return;
  Session s(e, all);
  const auto first = scan_item(*s.session, text, e->limits.read_chunk_bytes);
  const auto cpr_only = scan_item(*e, false, text);
  std::map<std::string, unsigned> a, b;
  std::size_t sensitive = 0;
  for (const auto& f : first) {
    if (is_identifier(f.kind))
      a[f.fingerprint] += f.count;
    else
      sensitive += f.count;
  }
  for (const auto& f : cpr_only) b[f.fingerprint] += f.count;
  if (!check(state, a == b, "the CPR findings differ between the rule sets")) return;
  for (auto _ : state) {
    auto found = scan_item(*s.session, text, e->limits.read_chunk_bytes);
    benchmark::DoNotOptimize(found.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["cpr"] = static_cast<double>(b.size());
  state.counters["sensitive_terms"] = static_cast<double>(sensitive);
}

// Danish case notes with dictionary words at a realistic rate, both rule sets timed in the same iteration
// (cpr_only, then all_kinds, on the same bytes), so their ratio comes from one run on one machine state: issue
// 16 item 2 asks all_kinds >= 0.5x cpr_only. GB/s in thread CPU time (10^9 bytes). Checked first: both rule sets find exactly the planted CPRs, and
// the case-work sentences give one health finding counting at least one term per sentence.
void BM_Detector_DanishProse(benchmark::State& state) {
  const Engine* e = engine();
  if (!check(state, e != nullptr, "no ruleset")) return;
  const Corpus& c = corpus();
  const std::string& text = c.case_notes;
  Session cpr(e, false), all(e, true);
  std::map<std::string, unsigned> expected;
  for (const auto& [digits, n] : c.case_planted.occurrences) expected[e->fingerprinter.of(digits)] = n;
  const auto cpr_of = [](const std::vector<Finding>& found) {
    std::map<std::string, unsigned> got;
    for (const auto& f : found)
      if (f.kind == FindingKind::Cpr) got[f.fingerprint] += f.count;
    return got;
  };
  const auto first_cpr = scan_item(*cpr.session, text, e->limits.read_chunk_bytes);
  const auto first_all = scan_item(*all.session, text, e->limits.read_chunk_bytes);
  std::size_t health = 0, health_findings = 0, other = 0;
  for (const auto& f : first_all) {
    if (f.kind == FindingKind::Health) {
      health += f.count;
      ++health_findings;
    } else if (f.kind != FindingKind::Cpr) {
      ++other;
    }
  }
  if (!check(state, first_cpr.size() == expected.size() && cpr_of(first_cpr) == expected,
             "cpr_only: " + std::to_string(first_cpr.size()) + " findings, expected the " +
                 std::to_string(expected.size()) + " planted values"))
    return;
  if (!check(state, cpr_of(first_all) == expected && health_findings == 1 && health >= c.case_sentences,
             "all_kinds: the planted CPRs and one health finding counting >= " + std::to_string(c.case_sentences) +
                 " terms (got " + std::to_string(health_findings) + " health findings, " + std::to_string(health) +
                 " terms, " + std::to_string(other) + " findings of other kinds)"))
    return;

  // Thread CPU time: on a shared machine, wall time counts the other users' work too.
  const auto cpu_seconds = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  };
  double cpr_s = 0, all_s = 0;
  for (auto _ : state) {
    const double t0 = cpu_seconds();
    auto a = scan_item(*cpr.session, text, e->limits.read_chunk_bytes);
    const double t1 = cpu_seconds();
    auto b = scan_item(*all.session, text, e->limits.read_chunk_bytes);
    const double t2 = cpu_seconds();
    benchmark::DoNotOptimize(a.data());
    benchmark::DoNotOptimize(b.data());
    cpr_s += t1 - t0;
    all_s += t2 - t1;
  }
  const double bytes = static_cast<double>(state.iterations()) * static_cast<double>(text.size());
  state.SetBytesProcessed(static_cast<std::int64_t>(2 * state.iterations() * text.size()));
  state.counters["cpr_only_GBps"] = bytes / cpr_s / 1e9;
  state.counters["all_kinds_GBps"] = bytes / all_s / 1e9;
  state.counters["ratio"] = cpr_s / all_s;  // all_kinds throughput / cpr_only throughput
  state.counters["sentences_per_KB"] = static_cast<double>(c.case_sentences) * 1000.0 / static_cast<double>(text.size());
  state.counters["health_terms_per_KB"] = static_cast<double>(health) * 1000.0 / static_cast<double>(text.size());
}

void BM_Utf8Validation(benchmark::State& state) {
  const std::string& text = corpus().prose;
  if (!check(state, utf8::valid_prefix(text) == text.size(), "the generated prose is not valid UTF-8")) return;
  for (auto _ : state) {
    auto n = utf8::valid_prefix(text);
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

BENCHMARK_CAPTURE(BM_Detector_NoFindings, cpr_only, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Detector_NoFindings, all_kinds, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Detector_SparseFindings, cpr_only, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Detector_SparseFindings, all_kinds, true)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Detector_SensitiveTerms)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Detector_DenseNumbers, cpr_only, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Detector_DenseNumbers, all_kinds, true)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Detector_SmallItems)->Arg(4 << 10)->Arg(64 << 10)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Detector_DanishProse)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Utf8Validation)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (std::getenv("DATAVAGT_BENCH_TEXT")) {
    benchmark::RegisterBenchmark("BM_Detector_FileText/cpr_only", BM_Detector_FileText, false)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_Detector_FileText/all_kinds", BM_Detector_FileText, true)
        ->Unit(benchmark::kMillisecond);
  }
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (g_failed_checks) {
    std::fprintf(stderr, "detector_bench: %d benchmark(s) gave a wrong answer; their times are not valid\n",
                 g_failed_checks);
    return 1;
  }
  return 0;
}
