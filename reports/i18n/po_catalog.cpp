#include "reports/i18n/po_catalog.h"

#include <optional>

namespace datavagt::i18n {

namespace {

Problem syntax_error(std::string_view name, std::size_t line, const std::string& what) {
  return Problem::make(ProblemKind::Corrupt, std::string(name) + ":" + std::to_string(line) + ": " + what);
}

// A C-style quoted string ("a\"b\n"), the whole of `s` after trimming; nullopt when it is not one.
std::optional<std::string> unquote(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    char c = s[i];
    if (c == '"') return std::nullopt;  // an unescaped quote inside
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i + 1 > s.size() - 1) return std::nullopt;  // a backslash escaping the closing quote
    switch (s[i]) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      default: return std::nullopt;
    }
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

std::string po_key(std::string_view context, std::string_view id) {
  std::string k;
  if (!context.empty()) {
    k.assign(context);
    k += '\x04';
  }
  k += id;
  return k;
}

Result<PoCatalog> PoCatalog::parse(std::string_view text, std::string_view name) {
  PoCatalog c;
  PoEntry e;
  bool in_entry = false;   // a msgid has been seen for `e`
  bool next_fuzzy = false;
  std::string* target = nullptr;  // where a continuation line goes
  std::string plural_forms;
  std::size_t line_no = 0;

  auto finish = [&]() -> std::optional<Problem> {
    if (!in_entry) return std::nullopt;
    if (e.strs.empty()) return syntax_error(name, line_no, "msgid without msgstr");
    if (e.id.empty() && e.context.empty()) {  // the header
      const std::string& h = e.strs[0];
      if (auto at = h.find("Plural-Forms:"); at != std::string::npos)
        plural_forms = h.substr(at, h.find('\n', at) - at);
    }
    c.entries_.push_back(std::move(e));
    e = PoEntry{};
    in_entry = false;
    target = nullptr;
    return std::nullopt;
  };

  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (auto p = finish()) return *p;
      continue;
    }
    if (line[0] == '#') {
      if (in_entry && target != nullptr && !e.strs.empty()) {
        if (auto p = finish()) return *p;
      }
      if (starts_with(line, "#,") && line.find("fuzzy") != std::string_view::npos) next_fuzzy = true;
      continue;
    }
    if (line[0] == '"') {
      if (target == nullptr) return syntax_error(name, line_no, "a string continues nothing");
      auto s = unquote(line);
      if (!s) return syntax_error(name, line_no, "a badly quoted string");
      *target += *s;
      continue;
    }
    const std::size_t space = line.find_first_of(" \t");
    if (space == std::string_view::npos) return syntax_error(name, line_no, "a keyword without a string");
    const std::string_view keyword = line.substr(0, space);
    std::string_view rest = line.substr(space);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    const auto value = unquote(rest);
    if (!value) return syntax_error(name, line_no, "a badly quoted string");
    if (keyword == "msgctxt") {
      if (in_entry && !e.strs.empty()) {
        if (auto p = finish()) return *p;
      }
      if (in_entry) return syntax_error(name, line_no, "msgctxt after msgid");
      e.context = *value;
      e.fuzzy = next_fuzzy;
      target = &e.context;
    } else if (keyword == "msgid") {
      if (in_entry && !e.strs.empty()) {
        if (auto p = finish()) return *p;
      }
      if (in_entry) return syntax_error(name, line_no, "two msgids in one entry");
      in_entry = true;
      e.fuzzy = e.fuzzy || next_fuzzy;
      next_fuzzy = false;
      e.id = *value;
      target = &e.id;
    } else if (keyword == "msgid_plural") {
      if (!in_entry || !e.strs.empty()) return syntax_error(name, line_no, "msgid_plural without msgid");
      e.id_plural = *value;
      target = &e.id_plural;
    } else if (keyword == "msgstr") {
      if (!in_entry || !e.strs.empty() || !e.id_plural.empty())
        return syntax_error(name, line_no, "msgstr out of place");
      e.strs.push_back(*value);
      target = &e.strs.back();
    } else if (starts_with(keyword, "msgstr[")) {
      if (!in_entry || e.id_plural.empty()) return syntax_error(name, line_no, "msgstr[N] without msgid_plural");
      const std::string expected = "msgstr[" + std::to_string(e.strs.size()) + "]";
      if (keyword != expected) return syntax_error(name, line_no, "expected " + expected);
      e.strs.push_back(*value);
      target = &e.strs.back();
    } else {
      return syntax_error(name, line_no, "unknown keyword '" + std::string(keyword) + "'");
    }
  }
  if (auto p = finish()) return *p;

  if (!plural_forms.empty()) {
    std::string compact;
    for (char ch : plural_forms)
      if (ch != ' ') compact += ch;
    if (compact != "Plural-Forms:nplurals=2;plural=(n!=1);" && compact != "Plural-Forms:nplurals=2;plural=n!=1;")
      return syntax_error(name, 1, "only Plural-Forms: nplurals=2; plural=(n != 1); is supported");
  }
  for (std::size_t i = 0; i < c.entries_.size(); ++i) {
    const PoEntry& en = c.entries_[i];
    if (en.fuzzy || (en.id.empty() && en.context.empty())) continue;
    bool translated = !en.strs.empty();
    for (const auto& s : en.strs) translated = translated && !s.empty();
    if (!en.id_plural.empty() && en.strs.size() != 2)
      return syntax_error(name, 1, "'" + en.id + "' needs msgstr[0] and msgstr[1]");
    if (!translated) continue;
    if (!c.index_.emplace(po_key(en.context, en.id), i).second)
      return syntax_error(name, 1, "'" + en.id + "' is translated twice");
  }
  return c;
}

const std::string* PoCatalog::find(std::string_view context, std::string_view id) const {
  auto it = index_.find(po_key(context, id));
  return it == index_.end() ? nullptr : &entries_[it->second].strs[0];
}

const std::string* PoCatalog::find_plural(std::string_view context, std::string_view id, std::uint64_t n) const {
  auto it = index_.find(po_key(context, id));
  if (it == index_.end()) return nullptr;
  const PoEntry& e = entries_[it->second];
  if (e.strs.size() < 2) return &e.strs[0];
  return &e.strs[n == 1 ? 0 : 1];
}

}  // namespace datavagt::i18n
