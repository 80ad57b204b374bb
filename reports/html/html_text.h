#pragma once
// Text into an HTML page safely: element text and attribute values escaped (&, <, >, ", '), JSON made safe to
// sit in a <script type="application/json"> element (every `<` written as \u003c, so no `</script>` or
// `<!--` can end it). Bytes that are not UTF-8 (a file name in another encoding) become U+FFFD. Pure.
#include <string>
#include <string_view>

namespace datavagt::html {

void append_escaped(std::string& out, std::string_view text);
std::string escaped(std::string_view text);
// A JSON string literal (with quotes), safe inside a script element.
void append_json_string(std::string& out, std::string_view text);

}  // namespace datavagt::html
