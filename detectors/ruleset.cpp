#include "detectors/ruleset.h"

#include <hs/hs.h>

#include <algorithm>

#include "detectors/database_cache.h"
#include "detectors/match_session.h"
#include "detectors/registry.h"

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
  const std::string cache_key = DatabaseCache::key(expressions, flags, mode);
  if ((rules->db_ = cache.load(cache_key)) != nullptr) {
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
  std::vector<std::unique_ptr<Detector>> detectors;
  for (const auto& registration : detector_registry()) {
    auto d = registration.make(config);
    if (!d) return d.problem();
    if (*d) detectors.push_back(std::move(*d));
  }
  if (detectors.empty()) return Problem::make(ProblemKind::Internal, "nothing to look for: no kind selected");
  return build(std::move(detectors), config.cache_dir);
}

std::unique_ptr<MatchSession> Ruleset::open_session(const DetectContext& ctx) const {
  return std::make_unique<MatchSession>(*this, ctx);
}

}  // namespace datavagt
