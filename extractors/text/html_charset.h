#pragma once
// The charset an HTML page declares in a <meta> element (issue 15, item 8), found the way the WHATWG
// encoding-sniffing "prescan" finds it: comments skipped, <meta charset="…"> or <meta http-equiv=
// "Content-Type" content="…; charset=…">, attribute values quoted or not, case-insensitive. Browsers give up
// after 1024 bytes; pages written by tools often carry kilobytes of scripts and styles first, so this looks
// through the whole head it is given (read_decoded's 64 KB) and stops at the first <body>, where
// declarations no longer belong.
// Labels are mapped as the WHATWG Encoding Standard does, for the charsets the decoder has: UTF-8 (and the
// UTF-16 labels, which a <meta> cannot truly mean), windows-1252 (with its aliases iso-8859-1, latin1,
// us-ascii), windows-1250. Any other label: nullopt (the guess from the bytes stands).
// Contract: a pure function, thread-safe, linear in the head's length.
#include <optional>
#include <string_view>

#include "extractors/text/charset.h"

namespace datavagt {

std::optional<Charset> html_declared_charset(std::string_view head);

// The charset a WHATWG label names, among those the decoder has (see above); nullopt for others.
std::optional<Charset> charset_from_label(std::string_view label);

}  // namespace datavagt
