#pragma once
// Globs as the policy file and --exclude write them, matched against a path as JSON Lines prints it (the
// path as reached from the root named on the command line), in NFC (match_text.h):
//   *        any run of characters within one file or folder name (never '/')
//   ?        one character (a Danish letter is one character, in NFC and NFD alike), never '/'
//   [a-zæø]  one character from the set; [!…] or [^…] one not in it; never '/'
//   {a,b}    either alternative (not nested)
//   **       any number of folders, as a whole path element only: "**/Jobcenter/**", "share/**/Arkiv"
//   \x       the character x itself, for x one of * ? [ ] { } , \ !
// A glob without '/' is matched against the name alone, at any depth (as in .gitignore and rg --glob):
// "$RECYCLE.BIN", "*.bak". A glob ending in '/' means everything inside that folder ("share/Fælles/" is
// "share/Fælles/**"); with no other '/', inside a folder of that name at any depth ("Arkiv/" is
// "**/Arkiv/**"). Case-sensitive, as the paths are, unless compiled with Case::Insensitive (mail folder
// names, which Outlook compares without case).
// A compiled Glob is immutable and safe to share between threads; matching allocates nothing after a
// thread's first long path. Compiling fails (with a message for the user) on a malformed pattern.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/policy/match_text.h"

namespace datavagt::policy {

class Glob {
 public:
  // nullopt and `*error` set when `pattern` is malformed ("'[' is not closed", "'**' must be a whole folder
  // name"…).
  static std::optional<Glob> compile(std::string_view pattern, std::string* error, Case c = Case::Sensitive);

  // `text` in match form: match_path(path), or match_text(name, case) for a mail folder.
  bool matches(std::string_view text) const;
  // A folder matches when the glob matches it or anything inside it may be in it: "**/~snapshot/**" and
  // "~snapshot" both match the folder "share/~snapshot" (the walk prunes it).
  bool matches_folder(std::string_view text) const;

  const std::string& pattern() const { return pattern_; }  // as written
  Case case_mode() const { return case_; }

 private:
  enum class Op : std::uint8_t { Literal, AnyChar, Class, Star, AnyPath, AnyFolders };
  struct Range {
    char32_t lo, hi;
  };
  struct Token {
    Op op;
    bool negated = false;       // Class
    std::string literal;        // Literal
    std::vector<Range> ranges;  // Class
  };
  struct Alternative {
    std::vector<Token> tokens;
    bool name_only = false;  // no '/': matched against the last path element
    std::string required;    // its longest literal: a text without it cannot match (a quick no for most paths)
  };

  static Token token(Op op);
  static std::optional<Alternative> parse(std::string_view alt, std::string* error);
  static bool match_tokens(const std::vector<Token>& tokens, std::string_view text);
  static bool in_class(const Token& t, char32_t cp);

  std::string pattern_;
  Case case_ = Case::Sensitive;
  std::vector<Alternative> alternatives_;
};

}  // namespace datavagt::policy
