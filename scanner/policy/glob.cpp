#include "scanner/policy/glob.h"

#include <algorithm>

namespace datavagt::policy {

namespace {

constexpr std::size_t kMaxAlternatives = 256;
constexpr std::string_view kEscapable = "*?[]{},\\!";

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the UTF-8 sequence starting at s[i] (1 for a stray byte; the text is valid UTF-8 anyway).
std::size_t sequence_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  n = std::min(n, s.size() - i);
  for (std::size_t k = 1; k < n; ++k)
    if (!is_continuation(static_cast<unsigned char>(s[i + k]))) return k;
  return n;
}

char32_t decode(std::string_view s, std::size_t i, std::size_t n) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (n == 1) return c;
  char32_t cp = c & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

// Where the bracket expression opening at s[i] ('[') closes (the index of its ']'), or npos.
std::size_t class_end(std::string_view s, std::size_t i) {
  std::size_t j = i + 1;
  if (j < s.size() && (s[j] == '!' || s[j] == '^')) ++j;
  if (j < s.size() && s[j] == ']') ++j;  // a ']' first is a member
  for (; j < s.size(); ++j) {
    if (s[j] == '\\') {
      ++j;
      continue;
    }
    if (s[j] == ']') return j;
  }
  return std::string_view::npos;
}

// Expands the first {a,b,…} of `s` (and, recursively, the ones after it) into `out`.
bool expand_braces(std::string_view s, std::vector<std::string>& out, std::string* error) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (c == '[') {
      const std::size_t e = class_end(s, i);
      if (e == std::string_view::npos) break;  // parse() reports it
      i = e;
      continue;
    }
    if (c == '}') {
      *error = "'}' without '{' (write \\} for the character)";
      return false;
    }
    if (c != '{') continue;
    std::vector<std::string> alternatives(1);
    std::size_t j = i + 1;
    for (; j < s.size() && s[j] != '}'; ++j) {
      if (s[j] == '{') {
        *error = "'{' inside '{…}': alternatives cannot be nested";
        return false;
      }
      if (s[j] == ',') {
        alternatives.emplace_back();
        continue;
      }
      if (s[j] == '\\' && j + 1 < s.size()) {
        alternatives.back() += s[j++];
      } else if (s[j] == '[') {
        const std::size_t e = class_end(s, j);
        if (e != std::string_view::npos) {
          alternatives.back() += s.substr(j, e - j);
          j = e;
        }
      }
      alternatives.back() += s[j];
    }
    if (j == s.size()) {
      *error = "'{' is not closed";
      return false;
    }
    const std::string_view prefix = s.substr(0, i), rest = s.substr(j + 1);
    for (const auto& a : alternatives) {
      std::vector<std::string> tails;
      if (!expand_braces(rest, tails, error)) return false;
      for (auto& t : tails) {
        if (out.size() >= kMaxAlternatives) {
          *error = "more than " + std::to_string(kMaxAlternatives) + " alternatives";
          return false;
        }
        out.push_back(std::string(prefix) + a + t);
      }
    }
    return true;
  }
  out.emplace_back(s);
  return true;
}

}  // namespace

Glob::Token Glob::token(Op op) {
  Token t;
  t.op = op;
  return t;
}

std::optional<Glob::Alternative> Glob::parse(std::string_view s, std::string* error) {
  std::string trailing;
  if (!s.empty() && s.back() == '/' && (s.size() < 2 || s[s.size() - 2] != '\\')) {
    // "share/Fælles/" is everything inside it; "Arkiv/" (no other '/') a folder of that name at any depth, as
    // in .gitignore and rg --glob.
    const bool name_only = s.substr(0, s.size() - 1).find('/') == std::string_view::npos;
    trailing = (name_only ? "**/" : "") + std::string(s) + "**";
    s = trailing;
  }
  if (s.empty()) {
    *error = "an empty glob";
    return std::nullopt;
  }
  Alternative alt;
  auto literal = [&](std::string_view bytes) {
    if (alt.tokens.empty() || alt.tokens.back().op != Op::Literal) alt.tokens.push_back(token(Op::Literal));
    alt.tokens.back().literal += bytes;
  };
  bool has_slash = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\') {
      if (i + 1 == s.size() || kEscapable.find(s[i + 1]) == std::string_view::npos) {
        *error = "a backslash only escapes * ? [ ] { } , \\ ! (folders are separated by '/', not '\\')";
        return std::nullopt;
      }
      literal(s.substr(++i, 1));
    } else if (c == '*') {
      std::size_t n = 1;
      while (i + n < s.size() && s[i + n] == '*') ++n;
      if (n == 1) {
        alt.tokens.push_back(token(Op::Star));
      } else if (n > 2) {
        *error = "'" + std::string(n, '*') + "': use '*' within a name and '**' for any number of folders";
        return std::nullopt;
      } else {
        const bool starts_element = i == 0 || s[i - 1] == '/';
        const bool ends_element = i + 2 == s.size() || s[i + 2] == '/';
        if (!starts_element || !ends_element) {
          *error = "'**' must be a whole folder name (\"**/x\", \"x/**\", \"x/**/y\"); use '*' within a name";
          return std::nullopt;
        }
        has_slash = true;  // "**" spans folders: matched against the whole path
        if (i + 2 < s.size()) {  // "**/": no folder or any number of them
          alt.tokens.push_back(token(Op::AnyFolders));
          ++n;
        } else {
          alt.tokens.push_back(token(Op::AnyPath));
        }
      }
      i += n - 1;
    } else if (c == '?') {
      alt.tokens.push_back(token(Op::AnyChar));
    } else if (c == '[') {
      const std::size_t end = class_end(s, i);
      if (end == std::string_view::npos) {
        *error = "'[' is not closed (write \\[ for the character)";
        return std::nullopt;
      }
      Token t = token(Op::Class);
      std::size_t j = i + 1;
      if (s[j] == '!' || s[j] == '^') {
        t.negated = true;
        ++j;
      }
      std::vector<char32_t> members;
      while (j < end) {
        if (s[j] == '\\') ++j;
        const std::size_t n = sequence_length(s, j);
        const char32_t lo = decode(s, j, n);
        j += n;
        char32_t hi = lo;
        if (j + 1 < end && s[j] == '-') {
          ++j;
          if (s[j] == '\\') ++j;
          const std::size_t m = sequence_length(s, j);
          hi = decode(s, j, m);
          j += m;
          if (hi < lo) {
            *error = "a range in [...] goes backwards";
            return std::nullopt;
          }
        }
        if (lo <= '/' && hi >= '/') {
          *error = "[...] never matches '/' (a folder separator)";
          return std::nullopt;
        }
        t.ranges.push_back({lo, hi});
      }
      if (t.ranges.empty()) {
        *error = "an empty [...]";
        return std::nullopt;
      }
      alt.tokens.push_back(std::move(t));
      i = end;
    } else {
      if (c == '/') has_slash = true;
      literal(s.substr(i, 1));
    }
  }
  alt.name_only = !has_slash;
  for (const Token& t : alt.tokens)
    if (t.op == Op::Literal && t.literal.size() > alt.required.size()) alt.required = t.literal;
  return alt;
}

std::optional<Glob> Glob::compile(std::string_view pattern, std::string* error, Case c) {
  Glob g;
  g.pattern_ = std::string(pattern);
  g.case_ = c;
  const std::string text = match_text(pattern, c);
  std::vector<std::string> expanded;
  if (text.empty()) {
    *error = "an empty glob";
    return std::nullopt;
  }
  if (!expand_braces(text, expanded, error)) return std::nullopt;
  for (const auto& e : expanded) {
    auto alt = parse(e, error);
    if (!alt) return std::nullopt;
    g.alternatives_.push_back(std::move(*alt));
  }
  return g;
}

bool Glob::in_class(const Token& t, char32_t cp) {
  bool in = false;
  for (const auto& r : t.ranges)
    if (cp >= r.lo && cp <= r.hi) {
      in = true;
      break;
    }
  return in != t.negated;
}

// Every position of `text` the tokens so far can end at, token by token (no backtracking: linear in the
// text per token, whatever the pattern).
bool Glob::match_tokens(const std::vector<Token>& tokens, std::string_view text) {
  thread_local std::vector<unsigned char> cur, next;
  const std::size_t n = text.size();
  cur.assign(n + 1, 0);
  cur[0] = 1;
  auto boundary = [&](std::size_t p) { return p == n || !is_continuation(static_cast<unsigned char>(text[p])); };
  for (const Token& t : tokens) {
    next.assign(n + 1, 0);
    bool any = false;
    auto set = [&](std::size_t p) {
      next[p] = 1;
      any = true;
    };
    switch (t.op) {
      case Op::Literal:
        for (std::size_t p = 0; p + t.literal.size() <= n; ++p)
          if (cur[p] && text.compare(p, t.literal.size(), t.literal) == 0) set(p + t.literal.size());
        break;
      case Op::AnyChar:
      case Op::Class:
        for (std::size_t p = 0; p < n; ++p) {
          if (!cur[p] || text[p] == '/') continue;
          const std::size_t len = sequence_length(text, p);
          if (t.op == Op::Class && !in_class(t, decode(text, p, len))) continue;
          set(p + len);
        }
        break;
      case Op::Star: {
        bool active = false;
        for (std::size_t p = 0; p <= n; ++p) {
          if (cur[p]) active = true;
          if (active && boundary(p)) set(p);
          if (p < n && text[p] == '/') active = false;
        }
        break;
      }
      case Op::AnyPath: {
        bool active = false;
        for (std::size_t p = 0; p <= n; ++p) {
          if (cur[p]) active = true;
          if (active && boundary(p)) set(p);
        }
        break;
      }
      case Op::AnyFolders: {
        bool active = false;
        for (std::size_t p = 0; p <= n; ++p) {
          if (cur[p]) set(p);
          if (active && p > 0 && text[p - 1] == '/') set(p);
          if (cur[p]) active = true;
        }
        break;
      }
    }
    if (!any) return false;
    std::swap(cur, next);
  }
  return cur[n] != 0;
}

bool Glob::matches(std::string_view text) const {
  for (const auto& alt : alternatives_) {
    std::string_view subject = text;
    if (alt.name_only) {
      const auto slash = text.rfind('/');
      if (slash != std::string_view::npos) subject = text.substr(slash + 1);
    }
    if (subject.find(alt.required) == std::string_view::npos) continue;
    if (match_tokens(alt.tokens, subject)) return true;
  }
  return false;
}

bool Glob::matches_folder(std::string_view text) const {
  if (matches(text)) return true;
  std::string inside(text);
  inside += '/';
  for (const auto& alt : alternatives_)
    if (!alt.name_only && inside.find(alt.required) != std::string::npos && match_tokens(alt.tokens, inside))
      return true;
  return false;
}

}  // namespace datavagt::policy
