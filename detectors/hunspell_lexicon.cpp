#include "detectors/hunspell_lexicon.h"

#include <algorithm>

#include "core/utf8.h"

namespace datavagt {

namespace {

// The word of a lexicon line: up to '/' (an escaped "\/" belongs to the word in .dic files; the normalised
// form never has one).
std::string_view word_of(std::string_view line) { return line.substr(0, line.find('/')); }

std::string_view line_at(std::string_view text, std::size_t start) {
  const auto nl = text.find('\n', start);
  return text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
}

// The start of the line holding byte `at`.
std::size_t line_start(std::string_view text, std::size_t at) {
  while (at > 0 && text[at - 1] != '\n') --at;
  return at;
}

}  // namespace

std::string normalise_hunspell_dic(std::string_view dic) {
  struct Entry {
    std::string word;
    std::string_view flags;
  };
  std::vector<Entry> entries;
  bool first = true;
  while (!dic.empty()) {
    const auto nl = dic.find('\n');
    std::string_view line = dic.substr(0, nl);
    dic.remove_prefix(nl == std::string_view::npos ? dic.size() : nl + 1);
    if (first) {  // the entry count
      first = false;
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // The entry ends at a space or tab (morphology follows); the word ends at an unescaped '/'.
    line = line.substr(0, line.find_first_of(" \t"));
    std::string word;
    std::size_t i = 0;
    for (; i < line.size(); ++i) {
      if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '/') {
        ++i;  // "\/": a slash inside the word; not kept (the lexicon's lines split at the first '/')
        continue;
      }
      if (line[i] == '/') break;
      word += line[i];
    }
    const std::string_view flags = i < line.size() ? line.substr(i + 1) : std::string_view();
    if (word.empty() || word.find('/') != std::string::npos || !utf8::is_valid(word) || !utf8::is_valid(flags)) continue;
    entries.push_back({std::move(word), flags});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.word < b.word; });
  std::string out;
  for (const auto& e : entries) {
    out += e.word;
    if (!e.flags.empty()) {
      out += '/';
      out += e.flags;
    }
    out += '\n';
  }
  return out;
}

std::vector<std::string_view> HunspellLexicon::flags_of(std::string_view word) const {
  std::vector<std::string_view> out;
  if (word.empty() || text_.empty()) return out;
  // Binary search over bytes: each probe reads the line it falls in. Find the first line whose word >= word.
  std::size_t lo = 0, hi = text_.size();  // lines starting in [lo, hi) are unknown
  while (lo < hi) {
    const std::size_t mid = line_start(text_, lo + (hi - lo) / 2);
    const std::string_view line = line_at(text_, mid);
    if (mid < lo) break;  // cannot happen: lo is always a line start
    if (word_of(line) < word) {
      lo = mid + line.size() + 1;
    } else {
      if (mid == lo) break;
      hi = mid;
    }
  }
  for (std::size_t at = lo; at < text_.size();) {
    const std::string_view line = line_at(text_, at);
    if (word_of(line) != word) break;
    const auto slash = line.find('/');
    out.push_back(slash == std::string_view::npos ? std::string_view() : line.substr(slash + 1));
    at += line.size() + 1;
  }
  return out;
}

}  // namespace datavagt
