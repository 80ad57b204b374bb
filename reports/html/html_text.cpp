#include "reports/html/html_text.h"

#include "core/utf8.h"
#include "reports/json_text.h"

namespace datavagt::html {

void append_escaped(std::string& out, std::string_view text) {
  std::string lossy;
  if (!utf8::is_valid(text)) {
    utf8::append_lossy(lossy, text);
    text = lossy;
  }
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
}

std::string escaped(std::string_view text) {
  std::string out;
  append_escaped(out, text);
  return out;
}

void append_json_string(std::string& out, std::string_view text) {
  std::string s;
  json::append_string(s, text);  // valid UTF-8 out, control characters escaped
  for (char c : s) {
    if (c == '<')
      out += "\\u003c";
    else
      out += c;
  }
}

}  // namespace datavagt::html
