#include "detectors/term_dictionary.h"

#include <charconv>

#include "core/utf8.h"
#include "detectors/inflector.h"
#include "detectors/latin_letters.h"

namespace datavagt {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// A '#' at the start or after whitespace starts a comment (a term may contain '#' inside a word).
std::string_view strip_comment(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i)
    if (line[i] == '#' && (i == 0 || is_space(line[i - 1]))) return line.substr(0, i);
  return line;
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (is_space(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

bool parse_number(std::string_view s, double& out) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool parse_unsigned(std::string_view s, unsigned& out) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

struct Parser {
  std::string_view origin;
  DictionaryKind kind;
  double weight = 1.0;
  unsigned near_person = 0;
  bool inflect = true;
  bool cue = false;
  std::vector<TermEntry> entries;

  Problem error(std::size_t line, const std::string& what) const {
    return Problem::make(ProblemKind::Corrupt, std::string(origin) + ":" + std::to_string(line) + ": " + what);
  }

  std::optional<Problem> directive(std::size_t line, std::string_view d) {
    const auto sp = d.find_first_of(" \t");
    const std::string_view name = d.substr(0, sp);
    const std::string_view arg = sp == std::string_view::npos ? std::string_view() : trim(d.substr(sp));
    if (name == "@kind") {
      cue = false;
      if (arg == "person") {
        kind = {true, std::nullopt};
        return std::nullopt;
      }
      const auto k = finding_kind_from(arg);
      if (!k || !is_sensitive(*k))
        return error(line, "@kind must be person or one of health, ethnicity, politics, religion, union, genetic, "
                           "biometric, sexual, criminal; got '" + std::string(arg) + "'");
      kind = {false, k};
      return std::nullopt;
    }
    if (name == "@weight") {
      double w = 0;
      if (!parse_number(arg, w) || !(w > 0 && w <= 1)) return error(line, "@weight needs a number in (0, 1]");
      weight = w;
      return std::nullopt;
    }
    if (name == "@near") {
      if (arg == "off") {
        near_person = 0;
        return std::nullopt;
      }
      const auto sp2 = arg.find_first_of(" \t");
      unsigned n = 0;
      if (arg.substr(0, sp2) != "person" || sp2 == std::string_view::npos || !parse_unsigned(trim(arg.substr(sp2)), n) ||
          n == 0 || n > kMaxNearBytes)
        return error(line, "@near takes 'person N' (N bytes, 1.." + std::to_string(kMaxNearBytes) + ") or 'off'");
      near_person = n;
      return std::nullopt;
    }
    if (name == "@forms") {
      // The forms of the entry just before, " | "-separated: how the build writes the shipped dictionaries'
      // inflections (so start-up does not inflect them), and a way to list them by hand.
      if (entries.empty() || entries.back().origin != std::string(origin) + ":" + std::to_string(line - 1))
        return error(line, "@forms must follow the entry it gives the forms of");
      TermEntry& e = entries.back();
      if (!takes_inflections(e)) return error(line, "@forms for an entry that takes no inflections");
      e.forms.clear();
      for (std::string_view rest = arg; !rest.empty();) {
        const auto bar = rest.find('|');
        std::string form = to_nfc_latin(collapse_spaces(trim(rest.substr(0, bar))));
        rest.remove_prefix(bar == std::string_view::npos ? rest.size() : bar + 1);
        if (form.empty()) continue;
        if (!utf8::is_valid(form) || form.size() > kMaxTermBytes) return error(line, "bad form '" + form + "'");
        e.forms.push_back(std::move(form));
      }
      e.forms_given = true;
      return std::nullopt;
    }
    if (name == "@cue") {
      if (arg != "on" && arg != "off") return error(line, "@cue takes 'on' or 'off'");
      if (kind.person) return error(line, "a person list has no cue words");
      cue = arg == "on";
      return std::nullopt;
    }
    if (name == "@inflect") {
      if (arg != "on" && arg != "off") return error(line, "@inflect takes 'on' or 'off'");
      inflect = arg == "on";
      return std::nullopt;
    }
    return error(line, "unknown directive '" + std::string(name) + "' (known: @kind, @weight, @near, @cue, @inflect, @forms)");
  }

  std::optional<Problem> entry(std::size_t line, std::string_view e) {
    TermEntry t;
    t.written = collapse_spaces(e);
    t.origin = std::string(origin) + ":" + std::to_string(line);
    t.weight = weight;
    t.near_person = near_person;
    t.inflect = inflect;
    if (kind.person) {
      t.role = TermEntry::Role::Person;
    } else if (kind.kind) {
      t.kind = *kind.kind;
    } else {
      return error(line, "which kind? name the file after it (health.txt) or start it with '@kind health'");
    }
    if (cue && !kind.person) t.role = TermEntry::Role::Cue;
    if (e.front() == '!') {
      if (kind.person) return error(line, "a person list has no exclusions");
      if (cue) return error(line, "a cue word cannot be an exclusion ('@cue off' first)");
      t.role = TermEntry::Role::Exclusion;
      e = trim(e.substr(1));
    }
    if (e.size() >= 2 && e.front() == '/' && e.back() == '/') {
      t.regex = true;
      t.text = std::string(e.substr(1, e.size() - 2));
      if (!utf8::is_valid(t.text)) return error(line, "not valid UTF-8");
      entries.push_back(std::move(t));
      return std::nullopt;
    }
    if (!e.empty() && e.front() == '/') return error(line, "a regex entry must end with '/'");
    if (cue && !e.empty() && (e.front() == '*' || e.back() == '*'))
      return error(line, "a cue word is a whole word or phrase (no '*')");
    if (!e.empty() && e.front() == '=') {
      t.exact_case = true;
      e.remove_prefix(1);
    }
    if (!e.empty() && e.front() == '*') {
      t.left_open = true;
      e.remove_prefix(1);
    }
    if (!e.empty() && e.back() == '*') {
      t.right_open = true;
      e.remove_suffix(1);
    }
    if (!utf8::is_valid(e)) return error(line, "not valid UTF-8");
    t.text = to_nfc_latin(collapse_spaces(trim(e)));
    if (t.text.empty()) return error(line, "empty term");
    if (t.text.find('*') != std::string::npos) return error(line, "'*' only at the start or end of a term");
    if (t.text.size() > kMaxTermBytes)
      return error(line, "term longer than " + std::to_string(kMaxTermBytes) + " bytes");
    entries.push_back(std::move(t));
    return std::nullopt;
  }
};

}  // namespace

DictionaryKind dictionary_kind_from_name(std::string_view file_name) {
  if (const auto slash = file_name.find_last_of('/'); slash != std::string_view::npos)
    file_name.remove_prefix(slash + 1);
  if (file_name.size() > 4 && file_name.substr(file_name.size() - 4) == ".txt")
    file_name.remove_suffix(4);
  if (file_name == "person") return {true, std::nullopt};
  const auto k = finding_kind_from(file_name);
  if (k && is_sensitive(*k)) return {false, k};
  return {};
}

Result<std::vector<TermEntry>> parse_dictionary(std::string_view text, std::string_view origin,
                                                DictionaryKind default_kind) {
  Parser p{origin, default_kind, 1.0, 0, true, false, {}};
  std::size_t line_no = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // a BOM from an editor
    line = trim(strip_comment(line));
    if (line.empty()) continue;
    const auto problem = line.front() == '@' ? p.directive(line_no, line) : p.entry(line_no, line);
    if (problem) return *problem;
  }
  return std::move(p.entries);
}

bool takes_inflections(const TermEntry& e) {
  return e.inflect && (e.role == TermEntry::Role::Term || e.role == TermEntry::Role::Cue) && !e.regex &&
         !e.exact_case && !e.right_open;
}

void inflect_entries(std::vector<TermEntry>& entries, const Inflector& inflector) {
  for (auto& e : entries) {
    if (!takes_inflections(e) || e.forms_given) continue;
    e.forms.clear();
    for (auto& form : inflector.other_forms(e.text))
      if (form.size() <= kMaxTermBytes) e.forms.push_back(to_nfc_latin(form));
  }
}

}  // namespace datavagt
