#include "detectors/ruleset.h"

#include <hs/hs.h>

#include <algorithm>

#include "detectors/builtin_dictionaries.h"
#include "detectors/cpr_detector.h"
#include "detectors/database_cache.h"
#include "detectors/inflector.h"
#include "detectors/match_session.h"
#include "detectors/sensitive_detector.h"

namespace datavagt {

Ruleset::~Ruleset() { hs_free_database(db_); }

Result<std::shared_ptr<const Ruleset>> Ruleset::build(std::vector<std::unique_ptr<Detector>> detectors,
                                                      const std::string& cache_dir) {
  std::shared_ptr<Ruleset> rules(new Ruleset());
  std::vector<std::string> expressions;
  std::vector<unsigned> flags;
  for (unsigned d = 0; d < detectors.size(); ++d) {
    const auto specs = detectors[d]->patterns();
    for (unsigned local = 0; local < specs.size(); ++local) {
      expressions.push_back(specs[local].expression);
      flags.push_back(specs[local].flags);
      rules->owner_.emplace_back(d, local);
    }
  }
  std::vector<const char*> exprs;
  std::vector<unsigned> ids;
  for (unsigned i = 0; i < expressions.size(); ++i) {
    exprs.push_back(expressions[i].c_str());
    ids.push_back(i);
  }
  // Start of match is tracked only for the patterns that ask (dictionary regexes); a small horizon suffices.
  const bool som = std::any_of(flags.begin(), flags.end(), [](unsigned f) { return (f & HS_FLAG_SOM_LEFTMOST) != 0; });
  const unsigned mode = HS_MODE_STREAM | (som ? HS_MODE_SOM_HORIZON_SMALL : 0u);
  const DatabaseCache cache(cache_dir);
  const std::string cache_key = cache_dir.empty() ? std::string() : DatabaseCache::key(expressions, flags, mode);
  if (!cache_dir.empty() && (rules->db_ = cache.load(cache_key)) != nullptr) {
    rules->detectors_ = std::move(detectors);
    return std::shared_ptr<const Ruleset>(std::move(rules));
  }
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()), mode,
                       nullptr, &rules->db_, &err) != HS_SUCCESS) {
    std::string what = "hyperscan refused ";
    what += err && err->expression >= 0 ? "pattern '" + expressions[static_cast<unsigned>(err->expression)] + "'"
                                        : std::string("the rule set");
    what += ": ";
    what += err ? err->message : "unknown error";
    hs_free_compile_error(err);
    return Problem::make(ProblemKind::Internal, what);
  }
  cache.store(cache_key, rules->db_);
  rules->detectors_ = std::move(detectors);
  return std::shared_ptr<const Ruleset>(std::move(rules));
}

Result<std::shared_ptr<const Ruleset>> Ruleset::build_default(const RulesetConfig& config) {
  const auto wanted = [&](FindingKind k) {
    return config.kinds.empty() || std::find(config.kinds.begin(), config.kinds.end(), k) != config.kinds.end();
  };
  std::vector<std::unique_ptr<Detector>> detectors;
  if (wanted(FindingKind::Cpr) || wanted(FindingKind::CprReplacement)) {
    auto cpr = CprDetector::make(config.cache_dir);
    if (!cpr) return cpr.problem();
    detectors.push_back(std::move(*cpr));
  }
  std::vector<TermEntry> entries;
  const auto add = [&](std::string_view text, std::string_view origin) -> std::optional<Problem> {
    auto parsed = parse_dictionary(text, origin, dictionary_kind_from_name(origin));
    if (!parsed) return parsed.problem();
    for (auto& e : *parsed) {
      if (!config.inflect) e.forms.clear();
      if (e.role == TermEntry::Role::Person || wanted(e.kind)) entries.push_back(std::move(e));
    }
    return std::nullopt;
  };
  if (config.builtin_dictionaries)
    for (const auto& d : builtin_dictionaries())
      if (auto p = add(d.text, d.name)) return *p;
  for (const auto& d : config.site_dictionaries)
    if (auto p = add(d.text, d.origin)) return *p;
  // The shipped dictionaries carry their forms (@forms, written at build time); a site's are inflected here.
  const bool to_inflect = std::any_of(entries.begin(), entries.end(),
                                      [](const TermEntry& e) { return takes_inflections(e) && !e.forms_given; });
  if (config.inflect && to_inflect) {
    auto inflector = Inflector::danish();
    if (!inflector) return inflector.problem();
    inflect_entries(entries, **inflector);
  }
  const bool any_term = std::any_of(entries.begin(), entries.end(),
                                    [](const TermEntry& e) { return e.role == TermEntry::Role::Term; });
  if (any_term) {
    auto sensitive = SensitiveDetector::make(std::move(entries));
    if (!sensitive) return sensitive.problem();
    detectors.push_back(std::move(*sensitive));
  }
  if (detectors.empty()) return Problem::make(ProblemKind::Internal, "nothing to look for: no kind selected");
  return build(std::move(detectors), config.cache_dir);
}

std::unique_ptr<MatchSession> Ruleset::open_session(const DetectContext& ctx) const {
  return std::make_unique<MatchSession>(*this, ctx);
}

}  // namespace datavagt
