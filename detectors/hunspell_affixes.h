#pragma once
// The affix rules of a Hunspell dictionary (.aff) and the inflected forms they give a word of its .dic: the
// way a spelling dictionary knows that "sklerose" also stands as "sklerosen", "skleroser", "sklerosernes".
// The term matcher uses them to find every form of a dictionary entry (inflector.h).
//
// Understood: SET (UTF-8 only), FLAG (char, long, num, UTF-8), PFX/SFX with strip, affix, continuation flags
// and condition, cross products, two levels of suffixes (a suffix whose continuation flags name another
// suffix), NEEDAFFIX, ONLYINCOMPOUND, FORBIDDENWORD and CIRCUMFIX (forms carrying them are not words on their
// own). Compounding (COMPOUND*), suggestions (REP, MAP, TRY, KEY …) and morphology fields are ignored: they do
// not make new standalone forms. unmunch(1) from hunspell-tools would be the obvious tool, but it does not
// follow numeric flags or second-level suffixes (it prints Danish forms like "sklerosee/32,36,35").
//
// Parsing is pure and bounded: a malformed .aff gives a Problem with its line number. Immutable after parsing;
// thread-safe for reading.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace datavagt {

class HunspellAffixes {
 public:
  static Result<HunspellAffixes> parse(std::string_view aff);

  // The flags written after the '/' of a .dic line ("10,11,2,39" with FLAG num), as numbers.
  std::vector<std::uint32_t> parse_flags(std::string_view text) const;

  // Every standalone form of `root` with these flags: the root itself (unless it needs an affix or only
  // lives in compounds), each suffix and prefix it allows, and second-level suffixes. Distinct, in the
  // order found; at most `max_forms`. Forms made by a rule whose morphological description (the field after
  // the condition, e.g. da_DK's "+IMPERATIV") is in `skip_tags` are left out.
  std::vector<std::string> forms(std::string_view root, const std::vector<std::uint32_t>& flags,
                                 const std::vector<std::string_view>& skip_tags = {},
                                 std::size_t max_forms = 512) const;

  std::size_t rule_count() const { return rules_.size(); }

 private:
  enum class FlagType { Char, Long, Num, Utf8 };
  struct Condition {  // one position: a set of code points, negated or not; empty + !negated = any
    std::vector<char32_t> chars;
    bool negated = false;
    bool any = false;
  };
  struct Rule {
    std::uint32_t flag;
    bool suffix;
    bool cross;
    std::string strip, add;
    std::u32string strip32;  // `strip` decoded, for the comparison with the word
    std::vector<std::uint32_t> continuation;
    std::vector<Condition> condition;
    std::string tag;  // the first morphological field, "" if none
  };

  bool applies(const Rule& r, std::u32string_view word) const;
  const std::vector<std::uint32_t>* rules_with(std::uint32_t flag) const;
  static bool has(const std::vector<std::uint32_t>& flags, std::uint32_t f);
  bool standalone(const std::vector<std::uint32_t>& flags) const;

  FlagType flag_type_ = FlagType::Char;
  std::vector<Rule> rules_;
  std::vector<std::pair<std::uint32_t, std::vector<std::uint32_t>>> by_flag_;  // flag -> rules, sorted by flag
  std::uint32_t need_affix_ = 0, only_in_compound_ = 0, forbidden_ = 0, circumfix_ = 0;  // 0 = none
};

}  // namespace datavagt
