#pragma once
// The list of detectors, in one place (like extractors/registry.cpp): what each one reports, how it is made
// for a rule set, and how it masks what it finds in a context snippet. The rule set is built from this list
// (Ruleset::build_default), the CLI names the kinds from it, and every snippet any detector shows passes
// every detector's mask, so a CPR number next to a diagnosis is masked in the health finding's context too.
// Adding a detector: detectors/README.md. Immutable data; thread-safe.
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/finding.h"
#include "core/result.h"
#include "detectors/detector.h"
#include "detectors/detector_config.h"

namespace datavagt {

// Makes the detector for `config`; a null pointer when none of its kinds is asked for. Fails on bad input
// the user gave (a site dictionary's line) or a pattern Hyperscan refuses.
using DetectorFactory = Result<std::unique_ptr<Detector>> (*)(const RulesetConfig& config);
// Masks, in place, what this detector finds in a snippet of clear text (valid UTF-8 in and out). Null: it
// finds nothing that needs masking (a dictionary term is not an identifier).
using ContextMask = void (*)(std::string& snippet);

struct DetectorRegistration {
  std::string_view name;
  std::span<const FindingKind> kinds;       // every kind it reports
  std::span<const FindingKind> selectable;  // the kinds `--kinds` names for it (cpr-replacement comes with cpr)
  DetectorFactory make;
  ContextMask mask;
};

std::span<const DetectorRegistration> detector_registry();

// "cpr, health, ethnicity, …": the kinds a user may choose, in the registry's order (help and error texts).
std::string selectable_kinds_text();
// The kinds that come with a chosen one (cpr: cpr and cpr-replacement).
std::vector<FindingKind> kinds_chosen_with(FindingKind kind);

// A snippet fit to leave the matcher: whitespace and control characters made single spaces, then every
// registered detector's mask applied.
std::string mask_context(std::string_view snippet);

}  // namespace datavagt
