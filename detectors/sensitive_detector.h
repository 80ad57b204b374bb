#pragma once
// Finds the special categories of GDPR art. 9 (health, ethnicity, politics, religion, union, genetic,
// biometric, sexual) and criminal offences (art. 10) through Danish dictionaries (term_dictionary.h).
// Terms become Hyperscan patterns in the shared database (caseless incl. æøå; NFD text is composed by the
// MatchSession first). Entries that extend another entry ("kræften", "kræftpatient*" after "kræft") share
// its pattern: every pattern costs every byte of every file, so the database holds each stem once and the
// state tells the entries apart in the text kept around the hit. The state checks Danish-aware word
// boundaries, drops hits inside an exclusion phrase or without a required person reference nearby, and
// makes one Finding per (item, kind) with the terms counted and a score (sensitive_scoring.h).
// Immutable and shared; one state per MatchSession.
#include <array>
#include <memory>
#include <vector>

#include "core/result.h"
#include "detectors/detector.h"
#include "detectors/term_dictionary.h"

namespace datavagt {

class SensitiveDetector final : public Detector {
 public:
  // `entries`: parsed dictionaries (built-in and site). Fails if an entry cannot be compiled.
  static Result<std::unique_ptr<SensitiveDetector>> make(std::vector<TermEntry> entries);

  std::string_view name() const override { return "sensitive"; }
  std::vector<PatternSpec> patterns() const override { return specs_; }
  std::unique_ptr<DetectorState> open(const DetectContext& ctx) const override;

  // One text an entry stands for: as written or an inflected form (TermEntry::forms), as it is compared
  // with the text (case-folded unless the entry is exact-case).
  struct Variant {
    std::uint32_t entry;
    std::string key;
  };
  // The variants one pattern stands for: the stem and those that extend it, longest first.
  struct Group {
    std::vector<std::uint32_t> members;  // indexes of variants
    std::uint32_t stem_bytes;            // bytes of every match of the pattern; 0 = a regex (start from SOM)
    std::uint32_t longest;               // bytes of the longest member
    std::uint64_t reach;                 // text wanted on each side of a hit (snippet, person, exclusions)
  };
  const std::vector<TermEntry>& entries() const { return entries_; }
  const Group& group(unsigned pattern_id) const { return groups_[pattern_group_[pattern_id]]; }
  const Variant& variant(std::uint32_t v) const { return variants_[v]; }
  // Some exclusion of the variant's kind contains its text: only then can excluded() drop its hits.
  bool may_be_excluded(std::uint32_t v) const { return may_be_excluded_[v]; }
  // A person reference (person.txt) or a cue word of `kind` (`@cue on`) stands as a word within `bytes` of
  // [start, end) in `window`, the text from absolute offset `window_from`, outside [start, end). The window's
  // edges count as word boundaries.
  bool context_near(FindingKind kind, std::string_view window, std::uint64_t window_from, std::uint64_t start,
                    std::uint64_t end, unsigned bytes) const;
  // An exclusion of `kind` (`!phrase`) stands as a word in `window` and covers [start, end).
  bool excluded(FindingKind kind, std::string_view window, std::uint64_t window_from, std::uint64_t start,
                std::uint64_t end) const;
  // Bytes of text a hit of `e` needs on each side: its snippet, its person reference, its kind's exclusions.
  std::uint64_t reach(const TermEntry& e) const;

 private:
  SensitiveDetector() = default;
  std::vector<TermEntry> entries_;
  std::vector<Variant> variants_;
  std::vector<bool> may_be_excluded_;  // per variant
  std::vector<Group> groups_;
  std::vector<PatternSpec> specs_;           // per pattern
  std::vector<std::uint32_t> pattern_group_;  // per pattern: its group (a stem may have several case variants)
  std::vector<std::string> person_words_;  // case-folded
  std::array<std::vector<std::string>, std::size(kSensitiveKinds)> cue_words_;  // per kind, case-folded
  struct Exclusion {
    std::string text;  // case-folded unless exact
    bool exact, left_open, right_open;
  };
  std::array<std::vector<Exclusion>, std::size(kSensitiveKinds)> exclusions_;  // per kind
  std::array<std::uint32_t, std::size(kSensitiveKinds)> longest_exclusion_{};  // bytes, per kind
};

}  // namespace datavagt
