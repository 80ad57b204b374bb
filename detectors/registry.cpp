// The list of detectors. Adding one: write detectors/<name>_detector.cpp with a make_<name>_detector()
// factory (and a mask if what it finds identifies a person), declare them below, add one line to kDetectors.
#include "detectors/registry.h"

#include <algorithm>

namespace datavagt {

Result<std::unique_ptr<Detector>> make_cpr_detector(const RulesetConfig& config);
void mask_cpr_context(std::string& snippet);
Result<std::unique_ptr<Detector>> make_sensitive_detector(const RulesetConfig& config);

namespace {

constexpr FindingKind kCprKinds[] = {FindingKind::Cpr, FindingKind::CprReplacement};
constexpr FindingKind kCprSelectable[] = {FindingKind::Cpr};

constexpr DetectorRegistration kDetectors[] = {
    {"cpr", kCprKinds, kCprSelectable, &make_cpr_detector, &mask_cpr_context},
    {"sensitive", kSensitiveKinds, kSensitiveKinds, &make_sensitive_detector, nullptr},
};

}  // namespace

std::span<const DetectorRegistration> detector_registry() { return kDetectors; }

std::string selectable_kinds_text() {
  std::string out;
  for (const auto& d : kDetectors)
    for (const FindingKind k : d.selectable) {
      if (!out.empty()) out += ", ";
      out += to_string(k);
    }
  return out;
}

std::vector<FindingKind> kinds_chosen_with(FindingKind kind) {
  for (const auto& d : kDetectors)
    if (std::find(d.selectable.begin(), d.selectable.end(), kind) != d.selectable.end() && d.selectable.size() == 1)
      return {d.kinds.begin(), d.kinds.end()};  // a detector chosen by one name brings all its kinds
  return {kind};
}

std::string mask_context(std::string_view snippet) {
  std::string s;
  s.reserve(snippet.size());
  for (const char c : snippet) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F || c == ' ') {
      if (!s.empty() && s.back() != ' ') s += ' ';
    } else {
      s += c;
    }
  }
  for (const auto& d : kDetectors)
    if (d.mask) d.mask(s);
  return s;
}

}  // namespace datavagt
