#pragma once
// The text globs are matched on: a path (or a mail folder name) as JSON Lines prints it — invalid UTF-8
// bytes as U+FFFD — in Unicode NFC, so "å" written precomposed (NFC, as Windows and macOS SMB clients
// mostly write it) and as "a" + ring (NFD, as some Mac tools write it) are the same letter; optionally
// case-folded. Pure functions, thread-safe; ASCII text is returned as is without calling utf8proc.
#include <string>
#include <string_view>

namespace datavagt::policy {

enum class Case { Sensitive, Insensitive };

// `text` as UTF-8 (lossy), NFC, case-folded if asked.
std::string match_text(std::string_view text, Case c = Case::Sensitive);

// A path as globs see it: match_text() of it, without leading "./" (a root given as "./share" and a glob
// "share/**" mean the same folder).
std::string match_path(std::string_view path);

}  // namespace datavagt::policy
