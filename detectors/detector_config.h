#pragma once
// What a rule set is asked to look for: the kinds, the site's dictionaries, the cache. Read by every
// detector's factory (registry.cpp); a plain value.
#include <algorithm>
#include <string>
#include <vector>

#include "core/finding.h"

namespace datavagt {

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

  // `kind` is asked for (an empty list asks for all).
  bool wants(FindingKind kind) const;
};

inline bool RulesetConfig::wants(FindingKind kind) const {
  return kinds.empty() || std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

}  // namespace datavagt
