#include "extractors/text/html_charset.h"

#include <string>

namespace datavagt {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool starts_with_ci(std::string_view s, std::size_t at, std::string_view word) {
  if (s.size() - at < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (lower(s[at + i]) != word[i]) return false;
  return true;
}

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

struct Attribute {
  std::string name;   // lower-cased
  std::string value;  // as written
};

// One attribute of a tag from `at` (WHATWG "get an attribute", simplified): nullopt at the tag's end.
std::optional<Attribute> next_attribute(std::string_view s, std::size_t& at) {
  while (at < s.size() && (space(s[at]) || s[at] == '/')) ++at;
  if (at >= s.size() || s[at] == '>') return std::nullopt;
  Attribute a;
  while (at < s.size() && !space(s[at]) && s[at] != '=' && s[at] != '>' && s[at] != '/') a.name += lower(s[at++]);
  while (at < s.size() && space(s[at])) ++at;
  if (at >= s.size() || s[at] != '=') return a;
  ++at;
  while (at < s.size() && space(s[at])) ++at;
  if (at < s.size() && (s[at] == '"' || s[at] == '\'')) {
    const char quote = s[at++];
    const std::size_t end = s.find(quote, at);
    if (end == std::string_view::npos) {
      at = s.size();
      return std::nullopt;
    }
    a.value = std::string(s.substr(at, end - at));
    at = end + 1;
  } else {
    while (at < s.size() && !space(s[at]) && s[at] != '>') a.value += s[at++];
  }
  return a;
}

// The charset in a Content-Type value ("text/html; charset=windows-1250").
std::string_view charset_in_content(std::string_view content) {
  const std::string low = lowered(content);
  const std::size_t at = low.find("charset");
  if (at == std::string::npos) return {};
  std::size_t i = at + 7;
  while (i < content.size() && space(content[i])) ++i;
  if (i >= content.size() || content[i] != '=') return {};
  ++i;
  while (i < content.size() && space(content[i])) ++i;
  if (i < content.size() && (content[i] == '"' || content[i] == '\'')) {
    const char quote = content[i++];
    const std::size_t end = content.find(quote, i);
    return end == std::string_view::npos ? std::string_view() : content.substr(i, end - i);
  }
  std::size_t end = i;
  while (end < content.size() && !space(content[end]) && content[end] != ';') ++end;
  return content.substr(i, end - i);
}

}  // namespace

std::optional<Charset> charset_from_label(std::string_view label) {
  while (!label.empty() && space(label.front())) label.remove_prefix(1);
  while (!label.empty() && space(label.back())) label.remove_suffix(1);
  const std::string l = lowered(label);
  for (std::string_view u : {"utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8",
                             "utf-16", "utf-16le", "utf-16be", "unicode", "unicodefffe", "ucs-2", "csunicode"})
    if (l == u) return Charset::Utf8;  // a <meta> naming UTF-16 means UTF-8 (WHATWG)
  for (std::string_view w : {"windows-1252", "iso-8859-1", "latin1", "l1", "us-ascii", "ascii", "cp1252", "cp819",
                             "ibm819", "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987",
                             "x-cp1252", "ansi_x3.4-1968", "csisolatin1"})
    if (l == w) return Charset::Windows1252;
  for (std::string_view w : {"windows-1250", "cp1250", "x-cp1250"})
    if (l == w) return Charset::Windows1250;
  return std::nullopt;
}

std::optional<Charset> html_declared_charset(std::string_view s) {
  std::size_t at = 0;
  while (at < s.size()) {
    const std::size_t lt = s.find('<', at);
    if (lt == std::string_view::npos) return std::nullopt;
    at = lt;
    if (s.compare(at, 4, "<!--") == 0) {  // a comment: nothing in it counts
      const std::size_t end = s.find("-->", at + 2);
      if (end == std::string_view::npos) return std::nullopt;
      at = end + 3;
      continue;
    }
    if (starts_with_ci(s, at, "<meta") && at + 5 < s.size() && (space(s[at + 5]) || s[at + 5] == '/')) {
      at += 5;
      bool http_equiv_content_type = false;
      std::string_view charset, content;
      std::string charset_value, content_value;
      while (auto a = next_attribute(s, at)) {
        if (a->name == "http-equiv") http_equiv_content_type = lowered(a->value) == "content-type";
        else if (a->name == "charset" && charset_value.empty()) charset_value = a->value;
        else if (a->name == "content" && content_value.empty()) content_value = a->value;
      }
      charset = charset_value;
      content = content_value;
      std::optional<Charset> c;
      if (!charset.empty())
        c = charset_from_label(charset);
      else if (http_equiv_content_type && !content.empty())
        c = charset_from_label(charset_in_content(content));
      if (c) return c;
      if (!charset.empty() || (http_equiv_content_type && !charset_in_content(content).empty()))
        return std::nullopt;  // a declaration of a charset the decoder does not have: the guess stands
      continue;
    }
    if (starts_with_ci(s, at, "<body") || starts_with_ci(s, at, "</head")) return std::nullopt;
    // Another tag, a script's or style's body, a closing tag: step over its '<'; the scan looks for the
    // next '<' (scripts holding "<meta" in a string are rare, and browsers' prescan reads them too).
    ++at;
  }
  return std::nullopt;
}

}  // namespace datavagt
