#include "detectors/ruleset.h"

#include <hs/hs.h>

#include "detectors/cpr_detector.h"
#include "detectors/match_session.h"

namespace datavagt {

Ruleset::~Ruleset() { hs_free_database(db_); }

Result<std::shared_ptr<const Ruleset>> Ruleset::build(std::vector<std::unique_ptr<Detector>> detectors) {
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
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()), HS_MODE_STREAM,
                       nullptr, &rules->db_, &err) != HS_SUCCESS) {
    std::string what = "hyperscan refused ";
    what += err && err->expression >= 0 ? "pattern '" + expressions[static_cast<unsigned>(err->expression)] + "'"
                                        : std::string("the rule set");
    what += ": ";
    what += err ? err->message : "unknown error";
    hs_free_compile_error(err);
    return Problem::make(ProblemKind::Internal, what);
  }
  rules->detectors_ = std::move(detectors);
  return std::shared_ptr<const Ruleset>(std::move(rules));
}

Result<std::shared_ptr<const Ruleset>> Ruleset::build_default() {
  std::vector<std::unique_ptr<Detector>> detectors;
  auto cpr = CprDetector::make();
  if (!cpr) return cpr.problem();
  detectors.push_back(std::move(*cpr));
  return build(std::move(detectors));
}

std::unique_ptr<MatchSession> Ruleset::open_session(const DetectContext& ctx) const {
  return std::make_unique<MatchSession>(*this, ctx);
}

}  // namespace datavagt
