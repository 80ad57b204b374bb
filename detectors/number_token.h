#pragma once
// How a CPR-shaped number stands in the text around it. A CPR is written as a word of its own ("030485-1007",
// "CPR: 0304851007", "0304851007.pdf"); the same ten digits glued to letters are part of an identifier: a hex
// hash or GUID (`…-1503851012FF}`), a Message-ID or mail address (`<0703221130p43.x@host>`), a URL
// (`https://…/a?s=1503851012`), a code name (`abc1503851012`). The exception is a CPR label glued to the
// number (`CPR0304851007`, `cprnr0304851007`): that is how sloppy forms and file names write a CPR.
// Pure functions of the bytes around the number; thread-safe.
#include <string_view>

namespace datavagt {

enum class NumberToken {
  Alone,        // separated from letters: an ordinary number
  CprLabelled,  // letters glued before it end with a CPR label
  Identifier,   // glued to letters or a hex run, or inside a URL, mail address or Message-ID
};

// `before`: text right before the number's first digit (any length; the end matters), `after`: text right
// after its last digit. Either may be cut anywhere (even inside a UTF-8 character) away from the number.
NumberToken classify_number_token(std::string_view before, std::string_view after);

}  // namespace datavagt
