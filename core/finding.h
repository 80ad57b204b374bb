#pragma once
// One kind of personal data found at one location. Carries no clear-text personal data: a CPR value is
// masked, its identity is a keyed fingerprint, the context snippet has every CPR-like number masked. A
// sensitive-category finding (GDPR art. 9/10) carries the dictionary terms that matched, counted.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/overdue.h"
#include "core/position.h"

namespace datavagt {

enum class FindingKind {
  Cpr,             // a Danish CPR number
  CprReplacement,  // an erstatningspersonnummer (day + 60): identifies a person, lower severity
  // Special categories, GDPR art. 9, and criminal offences, art. 10.
  Health,
  Ethnicity,
  Politics,
  Religion,
  Union,
  Genetic,
  Biometric,
  Sexual,
  Criminal,
};

inline constexpr FindingKind kSensitiveKinds[] = {
    FindingKind::Health,  FindingKind::Ethnicity, FindingKind::Politics,  FindingKind::Religion, FindingKind::Union,
    FindingKind::Genetic, FindingKind::Biometric, FindingKind::Sexual,    FindingKind::Criminal};

std::string_view to_string(FindingKind k);
// "cpr", "health", ... as written by to_string(); nullopt for anything else.
std::optional<FindingKind> finding_kind_from(std::string_view name);
inline bool is_identifier(FindingKind k) { return k == FindingKind::Cpr || k == FindingKind::CprReplacement; }
inline bool is_sensitive(FindingKind k) { return !is_identifier(k); }

// How urgent a finding is for the DPO. Critical: a person's identifier and a special category in the same
// item. High: an identifier. Medium / low: a special category without an identifier, by its score.
enum class Severity { Low, Medium, High, Critical };
std::string_view to_string(Severity s);

struct TermCount {
  std::string term;  // the dictionary entry as written ("diabet*", "straffeattest")
  std::uint32_t count = 0;
};

struct Finding {
  FindingKind kind = FindingKind::Cpr;
  Severity severity = Severity::High;
  std::vector<std::string> members;  // member chain inside the on-disk file (empty = the file itself)
  std::string masked;                // CPR kinds: "010190-XXXX"
  std::string fingerprint;           // CPR kinds: lowercase hex HMAC-SHA256 of the normalised value
  double confidence = 0;             // CPR kinds: 0..1, how sure this is a CPR; sensitive kinds: the score 0..1
  Position where;                    // of the first occurrence
  std::uint64_t offset = 0;          // byte offset of the first occurrence in the item's extracted text
  std::string context;               // masked snippet around the first occurrence (valid UTF-8)
  std::uint32_t count = 1;           // occurrences of this value (CPR) or of all terms (sensitive) in this item
  std::vector<TermCount> terms;      // sensitive kinds: the entries that matched, most frequent first
  // The time of the member the finding is in, when it has one of its own: a mail message's Date (for the
  // message, its attachments and what is inside them). 0 = none (the on-disk file's mtime applies).
  std::int64_t member_time = 0;
  // Retention (scanner/policy, with --policy): this item past its rule, judged on member_time (else the
  // on-disk file's mtime). Per item, so a mail message's findings say whether that message is overdue.
  std::optional<Overdue> overdue;
};

}  // namespace datavagt
