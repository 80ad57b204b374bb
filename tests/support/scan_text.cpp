#include "tests/support/scan_text.h"

#include <stdexcept>
#include <string>

#include "core/utf8.h"
#include "detectors/match_session.h"
#include "detectors/ruleset.h"

namespace datavagt::testing {

namespace {

std::vector<Finding> run(const Ruleset& rules, std::string_view text, std::size_t chunk_bytes,
                         const DetectOptions& options) {
  const Fingerprinter fp(kTestKey);
  const Limits limits;
  const DetectContext ctx{options, fp, limits};
  auto session = rules.open_session(ctx);
  session->begin();
  // Chunks are valid UTF-8 (the extractor contract): cut at character boundaries, at least one character.
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = utf8::floor_boundary(text, std::min(text.size(), pos + chunk_bytes));
    if (end <= pos) end = utf8::ceil_boundary(text, pos + 1);
    session->feed(TextChunk{text.substr(pos, end - pos), Position{}});
    pos = end;
  }
  return session->finish();
}

const Ruleset& built(const Result<std::shared_ptr<const Ruleset>>& r) {
  if (!r) throw std::runtime_error(r.problem().detail);
  return *r.value();
}

}  // namespace

std::vector<Finding> scan_text(std::string_view text, std::size_t chunk_bytes, double min_confidence,
                               CivilDate today) {
  static const auto rules = Ruleset::build_default(RulesetConfig::only({FindingKind::Cpr, FindingKind::CprReplacement}));
  DetectOptions options;
  options.today = today;
  options.min_confidence = min_confidence;
  return run(built(rules), text, chunk_bytes, options);
}

std::vector<Finding> scan_with(const Ruleset& rules, std::string_view text, std::size_t chunk_bytes,
                               double min_score) {
  DetectOptions options;
  options.today = kTestToday;
  options.min_score = min_score;
  return run(rules, text, chunk_bytes, options);
}

const Ruleset& default_rules() {
  static const auto rules = Ruleset::build_default();
  return built(rules);
}

namespace {
int weighted(const std::string& d) {
  static constexpr int w[10] = {4, 3, 2, 7, 6, 5, 4, 3, 2, 1};
  int s = 0;
  for (int i = 0; i < 10; ++i) s += (d[i] - '0') * w[i];
  return s;
}
std::string search(std::string_view ddmmyy, char first, bool want_valid) {
  for (int n = 0; n < 1000; ++n) {
    std::string d(ddmmyy);
    d += first;
    char buf[4];
    std::snprintf(buf, sizeof buf, "%03d", n);
    d += buf;
    if ((weighted(d) % 11 == 0) == want_valid) return d;
  }
  throw std::runtime_error("no such number");
}
}  // namespace

std::string valid_cpr(std::string_view ddmmyy, char first) { return search(ddmmyy, first, true); }
std::string invalid_mod11_cpr(std::string_view ddmmyy, char first) { return search(ddmmyy, first, false); }

}  // namespace datavagt::testing
