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
    // Per member (same order): the byte of its key right after the stem, 0 for the stem itself. A hit
    // reads one byte of the text there and compares only the members that can match it: a lemma's group
    // holds dozens of forms and compounds ("sygdom": sygdomme, sygdomsforløb …), nearly all of them longer
    // than the text at most hits.
    std::vector<char> after_stem;
    bool exact_case;  // its members compare case as written (`=HK`), or all case-folded
  };
  const std::vector<TermEntry>& entries() const { return entries_; }
  const Group& group(unsigned pattern_id) const { return groups_[pattern_group_[pattern_id]]; }
  const Variant& variant(std::uint32_t v) const { return variants_[v]; }
  // Some exclusion of the variant's kind contains its text: only then can excluded() drop its hits.
  bool may_be_excluded(std::uint32_t v) const { return !exclusion_candidates_[v].empty(); }
  // A person reference (person.txt) or a cue word of `kind` (`@cue on`) stands as a word within `bytes` of
  // [start, end) in `window`, the text from absolute offset `window_from`, outside [start, end). The window's
  // edges count as word boundaries. `scratch`: the caller's buffer for the folded text (reused: runs per hit).
  bool context_near(FindingKind kind, std::string_view window, std::uint64_t window_from, std::uint64_t start,
                    std::uint64_t end, unsigned bytes, std::string& scratch) const;
  // An exclusion of the variant's kind (`!phrase`) stands as a word in `window` and covers [start, end), the
  // variant's hit. Only the exclusions whose text can hold the variant's are tried, in the text they could
  // cover. `scratch`: the caller's buffers (reused: runs for every hit of a variant that may be excluded).
  bool excluded(std::uint32_t variant, std::string_view window, std::uint64_t window_from, std::uint64_t start,
                std::uint64_t end, std::array<std::string, 2>& scratch) const;
  // Bytes of text a hit of `e` needs on each side: its snippet, its person reference, its kind's exclusions.
  std::uint64_t reach(const TermEntry& e) const;

 private:
  SensitiveDetector() = default;
  std::vector<TermEntry> entries_;
  std::vector<Variant> variants_;
  // Per variant: the exclusions of its kind (indexes into exclusions_) whose text contains the variant's
  // text, as written or case-folded (a superset: excluded() checks the text of each hit).
  std::vector<std::vector<std::uint32_t>> exclusion_candidates_;
  std::vector<Group> groups_;
  std::vector<PatternSpec> specs_;           // per pattern
  std::vector<std::uint32_t> pattern_group_;  // per pattern: its group (a stem may have several case variants)
  std::vector<std::string> person_words_;  // case-folded
  std::array<std::vector<std::string>, std::size(kSensitiveKinds)> cue_words_;  // per kind, case-folded
  // Per kind: the person references and that kind's cue words by their first byte, so context_near reads the
  // text once instead of searching it for each word.
  using WordsByFirstByte = std::array<std::vector<std::string>, 256>;
  std::vector<WordsByFirstByte> context_words_;  // per kind
  struct Exclusion {
    std::string text;  // case-folded unless exact
    bool exact, left_open, right_open;
  };
  std::array<std::vector<Exclusion>, std::size(kSensitiveKinds)> exclusions_;  // per kind
  std::array<std::uint32_t, std::size(kSensitiveKinds)> longest_exclusion_{};  // bytes, per kind
};

}  // namespace datavagt
