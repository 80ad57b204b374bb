#pragma once
// One Hyperscan database (streaming mode) for the patterns of all detectors: one pass over the text finds
// every kind. Immutable and shared by all threads; each thread opens its own MatchSession (scratch, stream).
#include <memory>
#include <string>
#include <vector>

#include "core/finding.h"
#include "core/result.h"
#include "detectors/detector.h"

struct hs_database;

namespace datavagt {

class MatchSession;

// A site's own dictionary (same format as the built-in ones), read by the caller.
struct DictionarySource {
  std::string origin;  // file name or path: names the kind unless the text says `@kind`
  std::string text;
};

// What the shipped rule set looks for.
struct RulesetConfig {
  static RulesetConfig only(std::vector<FindingKind> kinds) {
    RulesetConfig c;
    c.kinds = std::move(kinds);
    return c;
  }
  // The site's dictionaries alone (no built-in ones): tests and sites that replace the vocabulary.
  static RulesetConfig site_only(std::vector<DictionarySource> dictionaries, std::vector<FindingKind> kinds = {}) {
    RulesetConfig c = only(std::move(kinds));
    c.site_dictionaries = std::move(dictionaries);
    c.builtin_dictionaries = false;
    return c;
  }

  // The kinds to report: cpr (and cpr-replacement with it) and any of the sensitive kinds. Empty = all.
  std::vector<FindingKind> kinds;
  std::vector<DictionarySource> site_dictionaries;  // added to the built-in ones, after them
  bool builtin_dictionaries = true;                 // false: the site's dictionaries alone
  bool inflect = true;                              // every entry also matches its inflected forms (inflector.h)
  std::string cache_dir;                            // compiled databases kept here (database_cache.h); "" = none
};

class Ruleset {
 public:
  // Compiles the patterns of `detectors` (kept alive by the Ruleset). Fails with a Problem naming the
  // pattern Hyperscan refused.
  static Result<std::shared_ptr<const Ruleset>> build(std::vector<std::unique_ptr<Detector>> detectors,
                                                      const std::string& cache_dir = {});
  // The detectors Datavagt ships: CPR numbers and the sensitive categories (built-in dictionaries plus
  // the site's). Fails with a Problem naming the file and line of a bad dictionary entry.
  static Result<std::shared_ptr<const Ruleset>> build_default(const RulesetConfig& config = {});

  ~Ruleset();
  Ruleset(const Ruleset&) = delete;
  Ruleset& operator=(const Ruleset&) = delete;

  std::unique_ptr<MatchSession> open_session(const DetectContext& ctx) const;

  std::size_t pattern_count() const { return owner_.size(); }

 private:
  friend class MatchSession;
  Ruleset() = default;

  std::vector<std::unique_ptr<Detector>> detectors_;
  // Global pattern id -> (detector index, local id).
  std::vector<std::pair<unsigned, unsigned>> owner_;
  hs_database* db_ = nullptr;
};

}  // namespace datavagt
