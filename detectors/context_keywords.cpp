#include "detectors/context_keywords.h"

#include "detectors/database_cache.h"

#include <hs/hs.h>

#include <algorithm>
#include <cctype>
#include <new>
#include <string>

namespace datavagt {

namespace {

// A keyword as a Hyperscan expression: ASCII punctuation escaped, `~` the optional separator of an
// abbreviation (cpr_keywords.h).
std::string keyword_expression(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '~') {
      out += "(?:[-._ /]|\\. )?";
      continue;
    }
    if (u < 0x80 && !std::isalnum(u)) out += '\\';
    out += c;
  }
  return out;
}

bool is_word_byte(int c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

struct Collect {
  std::string_view window;
  int before, after;
  std::vector<ContextKeywords::Hit>* out;
};

int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned, void* ctx) {
  auto* c = static_cast<Collect*>(ctx);
  const CprKeyword& k = cpr_keywords()[id];
  const std::size_t end = static_cast<std::size_t>(to);
  const auto start = static_cast<std::size_t>(from);
  const int left = start == 0 ? c->before : static_cast<unsigned char>(c->window[start - 1]);
  if (is_word_byte(left)) return 0;  // inside another word
  if (k.whole_word) {
    const int right = end == c->window.size() ? c->after : static_cast<unsigned char>(c->window[end]);
    if (is_word_byte(right)) return 0;
  }
  try {
    c->out->push_back({start, end, &k});
  } catch (...) {
    return 1;  // never unwind through Hyperscan
  }
  return 0;
}

}  // namespace

void ContextKeywords::ScratchFree::operator()(hs_scratch* s) const { hs_free_scratch(s); }

ContextKeywords::~ContextKeywords() { hs_free_database(db_); }

Result<std::unique_ptr<ContextKeywords>> ContextKeywords::build(const std::string& cache_dir) {
  std::vector<std::string> expressions;
  for (const auto& k : cpr_keywords()) expressions.push_back(keyword_expression(k.text));
  std::vector<const char*> exprs;
  std::vector<unsigned> flags, ids;
  for (unsigned i = 0; i < expressions.size(); ++i) {
    exprs.push_back(expressions[i].c_str());
    // Start of match: a keyword with `~` has no fixed length. Cheap on a window of ~100 bytes.
    flags.push_back(HS_FLAG_CASELESS | HS_FLAG_UTF8 | HS_FLAG_SOM_LEFTMOST);
    ids.push_back(i);
  }
  std::unique_ptr<ContextKeywords> m(new ContextKeywords());
  // Compiling takes ~40 ms, as long as a small folder's whole scan: kept in the same cache as the rule set's.
  const DatabaseCache cache(cache_dir);
  const std::string cache_key = DatabaseCache::key(expressions, flags, HS_MODE_BLOCK);
  if ((m->db_ = cache.load(cache_key)) != nullptr) return m;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                       nullptr, &m->db_, &err) != HS_SUCCESS) {
    std::string what = std::string("hyperscan refused the CPR context words: ") + (err ? err->message : "?");
    hs_free_compile_error(err);
    return Problem::make(ProblemKind::Internal, what);
  }
  cache.store(cache_key, m->db_);
  return m;
}

ContextKeywords::Scratch ContextKeywords::make_scratch() const {
  hs_scratch* s = nullptr;
  if (hs_alloc_scratch(db_, &s) != HS_SUCCESS) throw std::bad_alloc();
  return Scratch(s);
}

void ContextKeywords::find(std::string_view window, int before, int after, Scratch& scratch,
                           std::vector<Hit>& out) const {
  out.clear();
  if (window.empty()) return;
  Collect c{window, before, after, &out};
  hs_scan(db_, window.data(), static_cast<unsigned>(window.size()), 0, scratch.get(), &on_match, &c);
  // Leftmost first: callers that want the first label of a header read the front.
  std::sort(out.begin(), out.end(), [](const Hit& a, const Hit& b) { return a.start < b.start; });
}

std::optional<Polarity> ContextKeywords::first_polarity(std::string_view text, Scratch& scratch) const {
  std::vector<Hit> hits;
  find(text, -1, -1, scratch, hits);
  if (hits.empty()) return std::nullopt;
  return hits.front().keyword->polarity;
}

}  // namespace datavagt
