#include "detectors/hunspell_affixes.h"

#include <algorithm>
#include <charconv>

#include "core/utf8.h"

namespace datavagt {

namespace {

constexpr std::size_t kMaxRules = 100000;       // da_DK has ~2,000; a bound for hostile input
constexpr std::size_t kMaxConditionChars = 64;
constexpr std::size_t kMaxChecks = 200000;      // rule checks per word: bounds hostile cross products

std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t from = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > from) out.push_back(line.substr(from, i - from));
  }
  return out;
}

// Decodes valid UTF-8 (checked by the caller) into code points.
std::u32string decode(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (i + len > s.size()) break;
    char32_t cp = len == 1 ? c : c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out += cp;
    i += len;
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view start) { return s.substr(0, start.size()) == start; }

}  // namespace

std::vector<std::uint32_t> HunspellAffixes::parse_flags(std::string_view text) const {
  std::vector<std::uint32_t> out;
  switch (flag_type_) {
    case FlagType::Num: {
      std::size_t i = 0;
      while (i < text.size()) {
        std::uint32_t v = 0;
        const auto r = std::from_chars(text.data() + i, text.data() + text.size(), v);
        if (r.ec != std::errc() || v == 0) break;  // 0 is not a flag; a stray character ends the list
        out.push_back(v);
        i = static_cast<std::size_t>(r.ptr - text.data());
        if (i < text.size() && text[i] == ',') ++i;
        else break;
      }
      break;
    }
    case FlagType::Long:
      for (std::size_t i = 0; i + 1 < text.size(); i += 2)
        out.push_back((static_cast<unsigned char>(text[i]) << 8) | static_cast<unsigned char>(text[i + 1]));
      break;
    case FlagType::Utf8:
      if (utf8::is_valid(text))
        for (const char32_t cp : decode(text)) out.push_back(static_cast<std::uint32_t>(cp));
      break;
    case FlagType::Char:
      for (const char c : text) out.push_back(static_cast<unsigned char>(c));
      break;
  }
  return out;
}

Result<HunspellAffixes> HunspellAffixes::parse(std::string_view aff) {
  HunspellAffixes a;
  struct Pending {
    bool suffix;
    std::uint32_t flag;
    bool cross;
    std::size_t left;
  };
  std::vector<Pending> headers;  // (kind, flag) -> crossness and rules still expected
  std::size_t line_no = 0;
  const auto error = [&](const std::string& what) {
    return Problem::make(ProblemKind::Corrupt, "affix file line " + std::to_string(line_no) + ": " + what);
  };
  const auto one_flag = [&](std::string_view text, std::uint32_t& out) {
    const auto f = a.parse_flags(text);
    if (f.size() != 1) return false;
    out = f.front();
    return true;
  };
  while (!aff.empty()) {
    const auto nl = aff.find('\n');
    std::string_view line = aff.substr(0, nl);
    aff.remove_prefix(nl == std::string_view::npos ? aff.size() : nl + 1);
    ++line_no;
    if (line_no == 1 && starts_with(line, "\xEF\xBB\xBF")) line.remove_prefix(3);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (!utf8::is_valid(line)) return error("not valid UTF-8");
    const auto f = fields(line);
    if (f.empty()) continue;
    const std::string_view key = f[0];
    if (key == "SET") {
      if (f.size() < 2 || (f[1] != "UTF-8" && f[1] != "utf-8")) return error("only SET UTF-8 is supported");
    } else if (key == "FLAG") {
      if (f.size() < 2) return error("FLAG without a type");
      if (f[1] == "num") a.flag_type_ = FlagType::Num;
      else if (f[1] == "long") a.flag_type_ = FlagType::Long;
      else if (f[1] == "UTF-8") a.flag_type_ = FlagType::Utf8;
      else return error("unknown FLAG type '" + std::string(f[1]) + "'");
    } else if (key == "NEEDAFFIX" || key == "PSEUDOROOT" || key == "ONLYINCOMPOUND" || key == "FORBIDDENWORD" ||
               key == "CIRCUMFIX") {
      std::uint32_t flag = 0;
      if (f.size() < 2 || !one_flag(f[1], flag)) return error(std::string(key) + " needs one flag");
      (key == "ONLYINCOMPOUND" ? a.only_in_compound_
       : key == "FORBIDDENWORD" ? a.forbidden_
       : key == "CIRCUMFIX"     ? a.circumfix_
                                : a.need_affix_) = flag;
    } else if (key == "SFX" || key == "PFX") {
      const bool suffix = key == "SFX";
      if (f.size() < 4) return error("short affix line");
      std::uint32_t flag = 0;
      if (!one_flag(f[1], flag)) return error("bad affix flag '" + std::string(f[1]) + "'");
      auto header = std::find_if(headers.begin(), headers.end(),
                                 [&](const Pending& p) { return p.suffix == suffix && p.flag == flag; });
      if (header == headers.end() || header->left == 0) {
        // A header: SFX flag Y|N count.
        std::size_t count = 0;
        const auto r = std::from_chars(f[3].data(), f[3].data() + f[3].size(), count);
        if ((f[2] != "Y" && f[2] != "N") || r.ec != std::errc() || r.ptr != f[3].data() + f[3].size())
          return error("expected an affix header '" + std::string(key) + " flag Y|N count'");
        if (header != headers.end()) headers.erase(header);
        headers.push_back({suffix, flag, f[2] == "Y", count});
        continue;
      }
      if (a.rules_.size() >= kMaxRules) return error("too many affix rules");
      --header->left;
      Rule rule{flag, suffix, header->cross, {}, {}, {}, {}, {}, {}};
      if (f[2] != "0") rule.strip = std::string(f[2]);
      rule.strip32 = decode(rule.strip);
      std::string_view add = f[3];
      if (const auto slash = add.find('/'); slash != std::string_view::npos) {
        rule.continuation = a.parse_flags(add.substr(slash + 1));
        add = add.substr(0, slash);
      }
      if (add != "0") rule.add = std::string(add);
      const std::u32string cond = f.size() >= 5 ? decode(f[4]) : U".";
      if (f.size() >= 6) rule.tag = std::string(f[5]);
      for (std::size_t i = 0; i < cond.size();) {
        Condition c;
        if (cond[i] == U'.') {
          c.any = true;
          ++i;
        } else if (cond[i] == U'[') {
          const auto close = cond.find(U']', i);
          if (close == std::u32string::npos) return error("unclosed '[' in a condition");
          std::size_t k = i + 1;
          if (k < close && cond[k] == U'^') {
            c.negated = true;
            ++k;
          }
          c.chars.assign(cond.begin() + static_cast<std::ptrdiff_t>(k), cond.begin() + static_cast<std::ptrdiff_t>(close));
          i = close + 1;
        } else {
          c.chars.push_back(cond[i]);
          ++i;
        }
        rule.condition.push_back(std::move(c));
        if (rule.condition.size() > kMaxConditionChars) return error("condition too long");
      }
      a.rules_.push_back(std::move(rule));
    }
    // Every other keyword (compounding, suggestions, morphology) makes no new standalone forms.
  }
  for (std::uint32_t i = 0; i < a.rules_.size(); ++i) {
    const auto flag = a.rules_[i].flag;
    auto it = std::lower_bound(a.by_flag_.begin(), a.by_flag_.end(), flag,
                               [](const auto& entry, std::uint32_t f) { return entry.first < f; });
    if (it == a.by_flag_.end() || it->first != flag) it = a.by_flag_.insert(it, {flag, {}});
    it->second.push_back(i);
  }
  return a;
}

const std::vector<std::uint32_t>* HunspellAffixes::rules_with(std::uint32_t flag) const {
  const auto it = std::lower_bound(by_flag_.begin(), by_flag_.end(), flag,
                                   [](const auto& entry, std::uint32_t f) { return entry.first < f; });
  return it == by_flag_.end() || it->first != flag ? nullptr : &it->second;
}

bool HunspellAffixes::has(const std::vector<std::uint32_t>& flags, std::uint32_t f) {
  return f != 0 && std::find(flags.begin(), flags.end(), f) != flags.end();
}

bool HunspellAffixes::standalone(const std::vector<std::uint32_t>& flags) const {
  return !has(flags, need_affix_) && !has(flags, only_in_compound_) && !has(flags, forbidden_) &&
         !has(flags, circumfix_);
}

bool HunspellAffixes::applies(const Rule& r, std::u32string_view word) const {
  const std::size_t n = r.condition.size();
  const std::u32string& strip = r.strip32;
  // Something must remain of the word after stripping, and the condition reads the word as it is.
  if (word.size() <= strip.size() || word.size() < n) return false;
  if (r.suffix ? word.substr(word.size() - strip.size()) != strip : word.substr(0, strip.size()) != strip) return false;
  const std::size_t offset = r.suffix ? word.size() - n : 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Condition& c = r.condition[i];
    if (c.any) continue;
    const bool in = std::find(c.chars.begin(), c.chars.end(), word[offset + i]) != c.chars.end();
    if (in == c.negated) return false;
  }
  return true;
}

std::vector<std::string> HunspellAffixes::forms(std::string_view root, const std::vector<std::uint32_t>& flags,
                                                const std::vector<std::string_view>& skip_tags,
                                                std::size_t max_forms) const {
  std::vector<std::string> out;
  const auto emit = [&](std::string w) {
    if (out.size() < max_forms && std::find(out.begin(), out.end(), w) == out.end()) out.push_back(std::move(w));
  };
  if (!utf8::is_valid(root) || root.empty()) return out;
  if (has(flags, forbidden_)) return out;
  if (standalone(flags)) emit(std::string(root));
  const auto apply = [](const Rule& r, std::string_view w) {
    std::string s;
    if (r.suffix) {
      s.assign(w.substr(0, w.size() - r.strip.size()));
      s += r.add;
    } else {
      s = r.add;
      s += w.substr(r.strip.size());
    }
    return s;
  };
  const std::u32string root32 = decode(root);
  struct Suffixed {
    std::string word;
    const Rule* rule;
  };
  std::vector<Suffixed> suffixed;  // first-level suffixes: a prefix may combine with them
  std::size_t checks = 0;
  // The rules of `kind` named by `flags`, applying to `word`, within the work bound.
  const auto each_rule = [&](const std::vector<std::uint32_t>& with, bool suffix, std::u32string_view word,
                             const auto& use) {
    for (const std::uint32_t f : with) {
      const auto* list = rules_with(f);
      if (!list) continue;
      for (const std::uint32_t i : *list) {
        if (++checks > kMaxChecks) return;
        const Rule& r = rules_[i];
        if (!r.tag.empty() && std::find(skip_tags.begin(), skip_tags.end(), r.tag) != skip_tags.end()) continue;
        if (r.suffix == suffix && applies(r, word)) use(r);
      }
    }
  };
  each_rule(flags, true, root32, [&](const Rule& r) {
    std::string w = apply(r, root);
    if (standalone(r.continuation)) emit(w);
    if (!has(r.continuation, only_in_compound_) && !has(r.continuation, forbidden_)) {
      const std::u32string w32 = decode(w);
      each_rule(r.continuation, true, w32, [&](const Rule& r2) {
        if (standalone(r2.continuation)) emit(apply(r2, w));
      });
    }
    suffixed.push_back({std::move(w), &r});
  });
  each_rule(flags, false, root32, [&](const Rule& p) {
    if (standalone(p.continuation)) emit(apply(p, root));
    if (!p.cross) return;
    for (const auto& s : suffixed) {
      if (!s.rule->cross || !standalone(s.rule->continuation) || !standalone(p.continuation)) continue;
      if (s.word.size() > p.strip.size() && starts_with(s.word, p.strip)) emit(apply(p, s.word));
    }
  });
  return out;
}

}  // namespace datavagt
