#pragma once
// Finds the CPR context words (cpr_keywords.h) in the short window of text around a candidate number.
// Context is evidence for a candidate, so it is looked for only where there are candidates: a block-mode
// Hyperscan database over ~100 bytes, instead of a pattern set that every byte of every file pays for
// (that halved the throughput of the one pass over the text; see bench/README.md).
// Immutable and shared by all threads; each thread uses its own Scratch.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "detectors/cpr_keywords.h"

struct hs_database;
struct hs_scratch;

namespace datavagt {

class ContextKeywords {
 public:
  // `cache_dir`: where compiled databases are kept between runs (database_cache.h); "" = compile.
  static Result<std::unique_ptr<ContextKeywords>> build(const std::string& cache_dir = {});
  ~ContextKeywords();
  ContextKeywords(const ContextKeywords&) = delete;
  ContextKeywords& operator=(const ContextKeywords&) = delete;

  struct ScratchFree {
    void operator()(hs_scratch* s) const;
  };
  using Scratch = std::unique_ptr<hs_scratch, ScratchFree>;
  Scratch make_scratch() const;

  struct Hit {
    std::size_t start, end;  // in the window
    const CprKeyword* keyword;
  };
  // Keywords standing as words in `window` (valid UTF-8). `before`/`after`: the bytes just outside the
  // window, or -1 where the text starts/ends or is not known (then the word boundary is assumed).
  // In order of start.
  void find(std::string_view window, int before, int after, Scratch& scratch, std::vector<Hit>& out) const;
  // The polarity of the first keyword standing as a word in `text` (e.g. a column header); nullopt if none.
  std::optional<Polarity> first_polarity(std::string_view text, Scratch& scratch) const;

 private:
  ContextKeywords() = default;
  hs_database* db_ = nullptr;
};

}  // namespace datavagt
